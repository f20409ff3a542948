"""The agenda page, its calendar feed and the reminder choices. Thin: read → render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from saathi.core import audit
from saathi.core.forms import form_view

from . import ical, kinds, selectors, services
from .models import ReminderSettings


def _require_agenda(user) -> None:
    if not selectors.may_use(user):
        raise PermissionDenied


@login_required
def agenda(request):
    _require_agenda(request.user)
    try:
        page = int(request.GET.get("page", 1))
    except ValueError:
        page = 1
    page = min(max(page, 1), 1000)
    return render(request, "core/agenda/agenda.html", selectors.agenda_page(request.user, page))


@login_required
def calendar_link(request):
    _require_agenda(request.user)
    key = None
    if request.method == "POST":
        if "revoke" in request.POST:
            services.calendar_feed_revoke(user=request.user)
            messages.success(request, _("The calendar link no longer works."))
            return redirect("agenda:calendar_link")
        _feed, key = services.calendar_feed_create(user=request.user)
    active = request.user.agenda_feeds.filter(revoked_at__isnull=True).first()
    url = request.build_absolute_uri(reverse("agenda:calendar_feed")) + f"?key={key}"
    return render(
        request,
        "core/agenda/calendar.html",
        {"key": key, "url": url if key else "", "active": active},
    )


def calendar_feed(request):
    """Public by secret link: the user's agenda as iCalendar (no member names)."""
    user = services.calendar_feed_user(request.GET.get("key", ""))
    if user is None or not selectors.may_use(user):
        raise Http404
    with translation.override(user.language or "en"):
        entries = selectors.feed_entries(user)
        body = ical.agenda_ics(entries, base_url=request.build_absolute_uri("/")[:-1])
    audit.record(
        audit.Action.EXPORT,
        actor=user,
        object_type="core.calendarfeed",
        detail={"items": len(entries)},
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


class ReminderForm(forms.Form):
    channel = forms.ChoiceField(
        label=gettext_lazy("Send reminders by"),
        choices=ReminderSettings.Channel.choices,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=gettext_lazy("Mobile number for reminders"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Leave empty to keep the number saved before."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=gettext_lazy("Email address for reminders"),
        required=False,
        max_length=254,
        widget=forms.TextInput(attrs={"inputmode": "email", "autocomplete": "email"}),
    )
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("Remind me of"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, user, current: ReminderSettings, **kwargs):
        with_reminders = [k for k in kinds() if k.due is not None]
        initial = {
            "channel": current.channel,
            "email": user.email,
            "kinds": [k.name for k in with_reminders if k.name not in (current.muted_kinds or [])],
        }
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        choices = [(k.name, k.label) for k in with_reminders]
        self.fields["kinds"].choices = choices  # type: ignore[attr-defined]
        if current.pk and current.phone:
            self.fields["phone"].help_text = _(
                "A number is saved (ending in %(last)s). Leave empty to keep it."
            ) % {"last": current.phone.unseal_for_system()[-2:]}


@login_required
def reminders(request):
    _require_agenda(request.user)
    current = services.reminder_settings_of(request.user)
    form = ReminderForm(request.POST or None, user=request.user, current=current)

    def save(data):
        return services.reminder_settings_save(
            user=request.user,
            channel=data["channel"],
            phone=data["phone"],
            email=data["email"],
            wanted_kinds=data["kinds"],
        )

    return form_view(
        request,
        form,
        save,
        template="core/agenda/reminders.html",
        redirect_to="agenda:reminders",
        success=_("Your reminder choices are saved."),
    )
