from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from saathi.core import policy
from saathi.core.policy import Cap

from . import selectors


@login_required
def dashboard(request):
    if not policy.has_cap(request.user, Cap.VIEW_AGGREGATES):
        raise PermissionDenied
    return render(
        request, "reports/dashboard.html", {"agg": selectors.registry_aggregates(request.user)}
    )
