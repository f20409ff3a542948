from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def wellbeing_alerts(context):
    """The user's unseen safety alerts (a risk recorded on a screening of a member she reaches)."""
    from saathi.wellbeing.selectors import unseen_alerts

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    return unseen_alerts(user)
