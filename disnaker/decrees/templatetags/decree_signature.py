"""``{% load decree_signature %}{% decree_signature_notice decree %}``: the warning any page showing a decree
carries when its PDF was signed with a development (or test) certificate (issue 14, PP 71/2019 Pasal 60).
Checked on the stored PDF itself (``decrees.verification``), so it is right whatever the office's setting is
today. Renders nothing for a certified signature, or for ``None``."""

from __future__ import annotations

from django import template

from disnaker.decrees.verification import NOT_CERTIFIED_NOTICE, decree_signature

register = template.Library()


@register.inclusion_tag("decrees/includes/signature_notice.html")
def decree_signature_notice(decree) -> dict:
    facts = decree_signature(decree) if decree is not None and getattr(decree, "pdf", None) else None
    return {"show": facts is not None and not facts.certified, "facts": facts, "notice": NOT_CERTIFIED_NOTICE}
