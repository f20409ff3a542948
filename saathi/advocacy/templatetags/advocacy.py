"""The home page's alerts (a consent withdrawn before publication) and the figures."""

from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("advocacy/_alerts.html", takes_context=True)
def advocacy_alerts(context):
    return {"alerts": selectors.unseen_alerts(context["request"].user)}


@register.simple_tag(takes_context=True)
def advocacy_aggregates(context):
    return selectors.aggregates(context["request"].user)


_NAME_KEYS = {"real", "first", "pseudonym", "none"}


@register.filter
def consent_summary(consent) -> list[str]:
    """What her consent lets be shown, as short labels in the reader's language."""
    if consent is None:
        return []
    out = [
        consent.get_name_shown_display(),
        consent.get_face_display(),
        consent.get_voice_display(),
    ]
    if consent.name_shown == "pseudonym" and consent.pseudonym:
        out[0] = f"{out[0]}: {consent.pseudonym}"
    return out
