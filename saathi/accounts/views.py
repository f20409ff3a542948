from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from saathi.core import policy
from saathi.core.forms import apply_service_errors
from saathi.core.policy import Cap
from saathi.people.models import Collective, Organisation

from . import access, services
from .forms import GrantForm, SetPasswordForm, TokenForm, UserCreateForm
from .models import ApiToken


def _admin_org(user) -> Organisation:
    scope = policy.scope_for(user, Cap.MANAGE_USERS)
    org = Organisation.objects.filter(pk__in=scope.organisations).order_by("pk").first()
    if org is None:
        raise PermissionDenied
    return org


@login_required
def user_list(request):
    org = _admin_org(request.user)
    users = (
        access.users_visible_to(request.user)
        .prefetch_related("grants__collective")
        .order_by("username")
    )
    return render(request, "accounts/user_list.html", {"users": users, "organisation": org})


@login_required
def user_create(request):
    org = _admin_org(request.user)
    collectives = Collective.objects.filter(organisation=org)
    form = UserCreateForm(request.POST or None, collectives=collectives)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_create(
                    organisation=org,
                    username=d["username"],
                    first_name=d["first_name"],
                    last_name=d["last_name"],
                    password=d["password"],
                    language=d["language"],
                    actor=request.user,
                )
                services.grant_role(
                    user=user,
                    role=d["role"],
                    organisation=org,
                    collective=d["collective"],
                    actor=request.user,
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("User created."))
            return redirect("accounts:user_detail", uuid=user.uuid)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request, uuid):
    target = access.access_user(request.user, uuid)
    collectives = Collective.objects.filter(organisation_id=target.organisation_id)
    form = GrantForm(request.POST or None, collectives=collectives)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_role(
                user=target,
                role=form.cleaned_data["role"],
                organisation=target.organisation,
                collective=form.cleaned_data["collective"],
                actor=request.user,
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", uuid=target.uuid)
    grants = target.grants.select_related("collective", "organisation").order_by("-granted_at")
    return render(
        request, "accounts/user_detail.html", {"target": target, "grants": grants, "form": form}
    )


@login_required
def user_set_password(request, uuid):
    target = access.access_user(request.user, uuid)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_set_password(
                user=target, password=form.cleaned_data["password"], actor=request.user
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("New password set."))
            return redirect("accounts:user_detail", uuid=target.uuid)
    return render(request, "accounts/set_password.html", {"form": form, "target": target})


@login_required
@require_POST
def grant_revoke(request, uuid):
    grant = access.access_grant(request.user, uuid)
    if grant.revoked_at is None:
        services.revoke_role(grant=grant, actor=request.user)
        messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", uuid=grant.user.uuid)


@login_required
@require_POST
def user_toggle_active(request, uuid):
    target = access.access_user(request.user, uuid)
    try:
        services.user_set_active(user=target, active=not target.is_active, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("accounts:user_detail", uuid=target.uuid)


LOGIN_LANGUAGE_KEY = "login_language"


@require_POST
def set_language(request):
    """Switch language; remembered on the user when logged in, in a cookie otherwise."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    else:
        # chosen before logging in (on the login page): it wins at login and is saved on
        # the user then (accounts.signals.on_login)
        request.session[LOGIN_LANGUAGE_KEY] = language
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}, request.is_secure()):
        nxt = "/"
    translation.activate(language)
    response = HttpResponseRedirect(nxt)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
    )
    return response


@login_required
def api_tokens(request):
    if not policy.has_cap(request.user, Cap.USE_API):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    others = access.organisation_tokens(request.user)[:200]
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "others": others, "new_key": new_key},
    )


@login_required
@require_POST
def api_token_revoke(request, uuid):
    token = access.access_token_to_revoke(request.user, uuid)
    if token.revoked_at is None:
        services.api_token_revoke(token=token, actor=request.user)
        messages.success(request, _("Token revoked."))
    return redirect("accounts:api_tokens")
