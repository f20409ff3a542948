from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def legal_alerts(context):
    """The user's unseen urgent alerts (a category A threat on a matter she follows)."""
    from saathi.legal.selectors import unseen_alerts

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return unseen_alerts(user)


@register.simple_tag(takes_context=True)
def legal_aggregates(context):
    """Suppressed counts of legal matters and compensation for the figures page."""
    from saathi.legal.selectors import aggregates

    return aggregates(context["request"].user)
