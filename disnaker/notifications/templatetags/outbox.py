"""``{% secret %}…{% endsecret %}`` marks the part of an e-mail template that must not stay in the outbox.

The block renders unchanged into the e-mail; :func:`~disnaker.notifications.services.outbox_enqueue` collects
what it rendered and replaces it by "[disembunyikan]" in the stored body once the message has been sent."""

from django import template

register = template.Library()

#: The context key under which outbox_enqueue collects the rendered secrets.
SECRETS_KEY = "outbox_secrets"


class SecretNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist

    def render(self, context) -> str:
        text = self.nodelist.render(context)
        collected = context.get(SECRETS_KEY)
        if isinstance(collected, list) and text.strip():
            collected.append(text.strip())
        return text


@register.tag
def secret(parser, token):
    nodelist = parser.parse(("endsecret",))
    parser.delete_first_token()
    return SecretNode(nodelist)
