"""Her own page at /me/: works without JavaScript; read-aloud is an enhancement."""

from __future__ import annotations

from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from saathi.core.forms import apply_service_errors

from . import own
from .models import RightsSettings


class PhoneForm(forms.Form):
    phone = forms.CharField(label=gettext_lazy("Your mobile number"), max_length=20)


class VerifyForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("The code we sent you by SMS"), max_length=6)
    pin = forms.CharField(
        label=gettext_lazy("Your PIN"), max_length=6, widget=forms.PasswordInput(render_value=True)
    )
    pin_again = forms.CharField(
        label=gettext_lazy("Your PIN again"),
        max_length=6,
        required=False,
        widget=forms.PasswordInput(render_value=True),
    )


def _member(request):
    from saathi.people.models import Member

    uuid = request.session.get(own.SESSION_KEY)
    if not uuid:
        return None
    return (
        Member.objects.filter(uuid=uuid, archived_at__isnull=True)
        .select_related("organisation")
        .first()
    )


def member_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        member = _member(request)
        if member is None:
            return redirect("me:sign_in")
        return view(request, member, *args, **kwargs)

    return wrapper


def sign_in(request):
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = own.send_code(form.cleaned_data["phone"])
        request.session[own.PENDING_KEY] = str(member.uuid) if member else ""
        return redirect("me:verify")
    return render(request, "rights/own_sign_in.html", {"form": form})


def verify(request):
    from saathi.people.models import Member

    if own.PENDING_KEY not in request.session:
        return redirect("me:sign_in")
    pending = request.session.get(own.PENDING_KEY) or ""
    member = Member.objects.filter(uuid=pending).first() if pending else None
    first_time = member is not None and not hasattr(member, "own_access")
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if member is None:
                raise ValidationError({"code": _("This code is not right.")})
            own.verify(member, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            request.session.cycle_key()
            request.session.pop(own.PENDING_KEY, None)
            request.session[own.SESSION_KEY] = str(member.uuid)
            return redirect("me:home")
    return render(
        request,
        "rights/own_verify.html",
        {"form": form, "first_time": first_time, "error_forms": [form]},
    )


@member_required
def home(request, member):
    from . import own_selectors

    return render(request, "rights/own_home.html", own_selectors.page(member))


@require_POST
@member_required
def consent_withdraw(request, member):
    import uuid

    from saathi.core.models import Consent

    try:
        own.withdraw_consent(member, uuid.UUID(request.POST.get("consent", "")))
    except (Consent.DoesNotExist, ValidationError, ValueError):
        messages.error(request, _("This consent was already withdrawn."))
    else:
        messages.success(request, _("Your consent is withdrawn. It takes effect everywhere now."))
    return redirect("me:home")


def quick_exit(request):
    """One tap: her session is gone and the browser shows a neutral page."""
    request.session.flush()
    return redirect(getattr(settings, "SAATHI_QUICK_EXIT_URL", "https://www.google.com/"))


@require_POST
def sign_out(request):
    request.session.flush()
    return redirect("me:sign_in")


def contact(member) -> str:
    org_id = getattr(member, "organisation_id", None) or member.pk
    chosen = RightsSettings.objects.filter(organisation_id=org_id).first()
    return chosen.contact if chosen else ""


def notice(request):
    """The organisation's notice (its latest version, in the reader's language) and where
    to send requests: public, no sign-in. ``?org=<uuid>``."""
    from django.http import Http404
    from django.utils.translation import get_language

    from saathi.people.models import Organisation

    from .models import Notice

    try:
        org = Organisation.objects.get(uuid=request.GET.get("org", ""))
    except (Organisation.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    latest = Notice.objects.filter(organisation=org).order_by("-version").first()
    if latest is None:
        raise Http404
    versions = {
        n.language: n for n in Notice.objects.filter(organisation=org, version=latest.version)
    }
    shown = versions.get(get_language()) or versions.get("en") or latest
    return render(
        request,
        "rights/notice.html",
        {"org": org, "notice": shown, "contact": contact(org)},
    )
