from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DutyBearer


class DutyBearerForm(forms.ModelForm):
    archived = forms.BooleanField(
        label=_("No longer in use (kept for the claims and letters that name it)"),
        required=False,
    )

    class Meta:
        model = DutyBearer
        fields = [
            "title",
            "official_name",
            "office",
            "department",
            "level",
            "state",
            "district",
            "address",
            "phone",
            "email",
            "notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
        }

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["archived"]
        elif self.instance.pk:
            self.fields["archived"].initial = self.instance.archived_at is not None
        # the service validates and reports at the fields; the form only collects
        for name in ("title", "office", "level", "state"):
            self.fields[name].required = True

    def _post_clean(self):
        # the service is the one place that validates and saves (no model validation here)
        pass


CHOOSE = "---------"


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class PickField(forms.ChoiceField):
    """A choice among a few records, by uuid; ``clean`` gives the record (or None)."""

    def __init__(self, *, objects, label_of=str, **kwargs):
        self.objects = {str(o.uuid): o for o in objects}
        choices = [("", CHOOSE)] + [(k, label_of(o)) for k, o in self.objects.items()]
        super().__init__(choices=choices, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return self.objects.get(value) if value else None


def member_label(m) -> str:
    return f"{m.native_name} ({m.display_name})" if m.native_name else m.display_name


def user_label(u) -> str:
    return u.get_full_name() or u.username


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of session"))
    on = _date(_("Date"))
    at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.CharField(
        label=_("Online link"),
        max_length=300,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    agenda = forms.CharField(
        label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    minutes_language = forms.ChoiceField(label=_("Language of the minutes"), required=False)

    def __init__(self, *args, leaders=(), staff=(), **kwargs):
        from saathi.people.choices import Language

        from .models import SessionKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", CHOOSE), *SessionKind.choices]
        self.fields["minutes_language"].choices = [("", CHOOSE), *Language.choices]
        self.fields["led_by"] = PickField(
            objects=leaders, label_of=member_label, label=_("Led by (a leader)")
        )
        self.fields["facilitator"] = PickField(
            objects=staff, label_of=user_label, label=_("Facilitator supporting")
        )

    @staticmethod
    def initial_for(session) -> dict:
        return {
            "kind": session.kind,
            "on": session.on,
            "at": session.at,
            "place": session.place,
            "online_link": session.online_link,
            "agenda": session.agenda,
            "minutes": session.minutes,
            "minutes_language": session.minutes_language,
            "led_by": str(session.led_by.uuid) if session.led_by_id else "",
            "facilitator": str(session.facilitator.uuid) if session.facilitator_id else "",
        }


class AttendanceForm(forms.Form):
    """The tick list: one page of members; no JavaScript needed."""

    present = forms.MultipleChoiceField(
        label=_("Who came"), required=False, widget=forms.CheckboxSelectMultiple
    )
    guests = forms.IntegerField(
        label=_("Guests (not members)"),
        min_value=0,
        max_value=10_000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [(str(m.pk), member_label(m)) for m in rows]


class DecisionForm(forms.Form):
    text = forms.CharField(
        label=_("What was decided"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(label=_("Outcome"))

    def __init__(self, *args, **kwargs):
        from .models import DecisionOutcome

        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = DecisionOutcome.choices


class ActionItemForm(forms.Form):
    text = forms.CharField(label=_("What is to be done"), max_length=300)
    due_on = _date(_("By when"))

    def __init__(self, *args, members=(), users=(), decisions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = PickField(
            objects=members, label_of=member_label, label=_("Who does it: a member")
        )
        self.fields["user"] = PickField(objects=users, label_of=user_label, label=_("… or a user"))
        if decisions:
            self.fields["decision"] = PickField(
                objects=decisions,
                label_of=lambda d: d.text[:60],
                label=_("From the decision"),
            )


class ClaimForm(forms.Form):
    title = forms.CharField(label=_("Short title"), max_length=200)
    demand = forms.CharField(
        label=_("The demand"), max_length=10_000, widget=forms.Textarea(attrs={"rows": 5})
    )
    method = forms.ChoiceField(label=_("How it is made"))
    members = forms.MultipleChoiceField(
        label=_("Members it concerns"), required=False, widget=forms.CheckboxSelectMultiple
    )
    concerns_count = forms.IntegerField(
        label=_("… or how many people it concerns"),
        min_value=1,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    language = forms.ChoiceField(label=_("Language of the petition"))
    next_follow_up = _date(_("Next follow-up"), required=False)

    def __init__(self, *args, bearers=(), members=(), **kwargs):
        from .models import PETITION_LANGUAGES, ClaimMethod

        super().__init__(*args, **kwargs)
        self.fields = {
            "duty_bearer": PickField(
                objects=bearers,
                label_of=lambda d: f"{d.title}, {d.office}",
                label=_("Addressed to (from the directory)"),
            ),
            **self.fields,
        }
        self.fields["method"].choices = ClaimMethod.choices
        self.fields["language"].choices = PETITION_LANGUAGES
        self.member_objects = {str(m.pk): m for m in members}
        self.fields["members"].choices = [(str(m.pk), member_label(m)) for m in members]

    def clean_members(self):
        return [self.member_objects[i] for i in self.cleaned_data["members"]]

    @staticmethod
    def initial_for(claim) -> dict:
        return {
            "duty_bearer": str(claim.duty_bearer.uuid),
            "title": claim.title,
            "demand": claim.demand,
            "method": claim.method,
            "members": [str(pk) for pk in claim.members.values_list("pk", flat=True)],
            "concerns_count": claim.concerns_count,
            "language": claim.language,
            "next_follow_up": claim.next_follow_up,
        }


class ClaimMoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("What happened"))
    on = _date(_("On"), required=False, help_text=_("Empty: today."))
    note = forms.CharField(
        label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    response = forms.CharField(
        label=_("The government's response"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_follow_up = _date(_("Next follow-up"), required=False)

    def __init__(self, *args, claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [("", CHOOSE), *claim.next_statuses]


class ClaimDriveForm(forms.Form):
    """What a granted claim's drive is: the scheme, its name and its target date."""

    name = forms.CharField(label=_("Name of the drive"), max_length=200)
    target_date = _date(_("Target date"))

    def __init__(self, *args, schemes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "scheme": PickField(objects=schemes, label_of=lambda s: s.name, label=_("Scheme")),
            **self.fields,
        }


class ProfileForm(forms.Form):
    registration = forms.ChoiceField(label=_("Registration"))
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=100, required=False
    )
    registered_on = _date(_("Registered on"), required=False)
    meeting_place = forms.CharField(label=_("Meeting place"), max_length=200, required=False)
    meeting_day = forms.ChoiceField(label=_("Regular meeting day"), required=False)
    meeting_frequency = forms.ChoiceField(label=_("How often it meets"), required=False)
    networks = forms.CharField(
        label=_("Networks it belongs to (one per line)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        from .models import MeetingDay, MeetingFrequency, Registration

        super().__init__(*args, **kwargs)
        self.fields["registration"].choices = Registration.choices
        self.fields["meeting_day"].choices = [("", CHOOSE), *MeetingDay.choices]
        self.fields["meeting_frequency"].choices = [("", CHOOSE), *MeetingFrequency.choices]


class OfficeBearerForm(forms.Form):
    post = forms.ChoiceField(label=_("Post"))
    term_from = _date(_("Term from"))

    def __init__(self, *args, members=(), **kwargs):
        from .models import Post

        super().__init__(*args, **kwargs)
        self.fields = {
            "member": PickField(objects=members, label_of=member_label, label=_("Member")),
            **self.fields,
        }
        self.fields["post"].choices = [("", CHOOSE), *Post.choices]


class TrainingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    subject = forms.ChoiceField(label=_("Subject"), required=False)
    for_whom = forms.CharField(
        label=_("For whom"),
        max_length=200,
        required=False,
        help_text=_("For example: leaders and staff"),
    )
    purpose = forms.CharField(
        label=_("What it is for"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    sessions_required = forms.IntegerField(
        label=_("Sessions to attend to complete it"),
        min_value=1,
        max_value=100,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, collectives=None, **kwargs):
        from .models import TrainingSubject

        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", CHOOSE), *TrainingSubject.choices]
        if collectives is not None:
            self.fields["collective"] = PickField(
                objects=collectives,
                label_of=lambda c: c.name_native or c.name,
                label=_("Collective (empty: the organisation's training)"),
            )

    @staticmethod
    def initial_for(training) -> dict:
        return {
            "title": training.title,
            "subject": training.subject,
            "for_whom": training.for_whom,
            "purpose": training.purpose,
            "sessions_required": training.sessions_required,
        }


def training_initial_from(query, collectives) -> dict:
    """A new training's form filled from a link (another module's "record a training"):
    ``subject``, ``title``, ``for_whom`` and ``collective`` (its uuid, one she may choose)."""
    from .models import TrainingSubject

    initial: dict = {}
    if query.get("subject") in TrainingSubject.values:
        initial["subject"] = query["subject"]
    for k in ("title", "for_whom"):
        if query.get(k):
            initial[k] = query[k][:200]
    if query.get("collective") in {str(c.uuid) for c in collectives}:
        initial["collective"] = query["collective"]
    return initial


class TrainingSessionForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    on = _date(_("Date"))
    at = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=forms.TimeInput(attrs={"placeholder": "hh:mm", "inputmode": "numeric"}),
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_link = forms.CharField(
        label=_("Online link"),
        max_length=300,
        required=False,
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    trainer = forms.CharField(label=_("Trainer"), max_length=200, required=False)

    @staticmethod
    def initial_for(session) -> dict:
        return {
            k: getattr(session, k) for k in ("topic", "on", "at", "place", "online_link", "trainer")
        }


class TrainingParticipantForm(forms.Form):
    def __init__(self, *args, members=(), users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"] = PickField(objects=members, label_of=member_label, label=_("Member"))
        self.fields["user"] = PickField(
            objects=users, label_of=user_label, label=_("… or a member of staff")
        )


class TrainingAttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Who came"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, rows=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(p.pk), member_label(p.member) if p.member_id else user_label(p.user)) for p in rows
        ]
        self.initial.setdefault("present", [str(p.pk) for p in rows if p.present])


class ConfirmForm(forms.Form):
    """A confirmation page's form: nothing to fill, the POST is the answer (no JavaScript
    needed); the service's refusal shows on it."""
