"""The leader's panel on the home page: her next meeting, open action items and claims in
progress, one tap from each (short words, icons next to the words, large targets)."""

from django import template

from saathi.core import policy
from saathi.core.policy import Cap

from .. import selectors

register = template.Library()


@register.inclusion_tag("collectives/_leader_panel.html", takes_context=True)
def leader_panel(context):
    request = context["request"]
    user = request.user
    scope = policy.scope_for(user, Cap.VIEW_SESSIONS)
    if not scope.collectives:  # staff of a whole organisation use the lists instead
        return {"show": False}
    return {"show": True, "request": request, **selectors.leader_home(user, scope)}
