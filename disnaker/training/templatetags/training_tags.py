from django import template

from disnaker.training.selectors import trainings_of

register = template.Library()


@register.filter
def pak_trainings(officer):
    """A PAK's participations with their certificates, for ``training/_pak_trainings.html``."""
    if officer is None:
        return []
    return trainings_of(officer)
