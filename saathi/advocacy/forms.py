"""Plain forms: they collect; the services validate and save (messages at the fields)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from saathi.collectives.forms import PickField, member_label, user_label
from saathi.core.models import Consent
from saathi.people.choices import Language

from .models import (
    ActionKind,
    EngagementKind,
    FaceShown,
    Journalist,
    MediaOutlet,
    NameShown,
    OutcomeKind,
    ParticipantRole,
    ReviewHow,
    VoiceShown,
)


def _date(label, required=True, help_text=""):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


def _count(label, help_text=""):
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class MultiPickField(forms.MultipleChoiceField):
    """Several of a few records, by uuid, as ticks; ``clean`` gives the records."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, objects, label_of=str, **kwargs):
        self.objects = {str(o.uuid): o for o in objects}
        super().__init__(
            choices=[(k, label_of(o)) for k, o in self.objects.items()], required=False, **kwargs
        )

    def clean(self, value):
        return [self.objects[v] for v in super().clean(value) if v in self.objects]


def _initial_pick(obj):
    return str(obj.uuid) if obj is not None else ""


def _initial_many(manager):
    return [str(u) for u in manager.values_list("uuid", flat=True)]


class ServiceForm(forms.Form):
    def _post_clean(self):  # the service is the one place that validates
        pass


# ------------------------------------------------------------------ media contacts
class OutletForm(forms.ModelForm):
    archived = forms.BooleanField(label=_("No longer in use"), required=False)

    class Meta:
        model = MediaOutlet
        fields = ["name", "kind", "language", "reach", "area", "notes"]

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            del self.fields["archived"]
        elif self.instance.pk:
            self.fields["archived"].initial = self.instance.archived_at is not None

    def _post_clean(self):
        pass


class JournalistForm(forms.ModelForm):
    archived = forms.BooleanField(label=_("No longer in use"), required=False)

    class Meta:
        model = Journalist
        fields = ["name", "beat", "phone", "email", "notes"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})}

    def __init__(self, *args, outlets=(), creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"] = PickField(
            objects=outlets,
            label=_("Outlet"),
            help_text=_("Leave empty for a freelance journalist."),
        )
        if self.instance.pk:
            self.initial["outlet"] = _initial_pick(self.instance.outlet)
        if creating:
            del self.fields["archived"]
        elif self.instance.pk:
            self.fields["archived"].initial = self.instance.archived_at is not None

    def _post_clean(self):
        pass


YES_NO = [
    ("yes", _("Yes: kept to what the women agreed")),
    ("no", _("No: showed more than agreed")),
]


class TreatmentForm(ServiceForm):
    on = _date(_("When"))
    respected = forms.ChoiceField(
        label=_("Were the identities treated as agreed?"), choices=YES_NO, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("What happened"),
        required=False,
        max_length=500,
        help_text=_("No names of the women."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_respected(self):
        return self.cleaned_data["respected"] == "yes"


# ------------------------------------------------------------------ campaigns
class CampaignForm(ServiceForm):
    title = forms.CharField(
        label=_("The demand, in a few words"),
        max_length=200,
        help_text=_("For example: Ration for every sex worker in Prakasam"),
    )
    description = forms.CharField(
        label=_("What the campaign asks for, and why"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    started_on = _date(_("Started on"))
    closed_on = _date(_("Closed on"), required=False)

    def __init__(self, *args, claims=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claims"] = MultiPickField(
            objects=claims, label=_("Collective claims it follows"), label_of=lambda c: c.title
        )

    @staticmethod
    def initial_for(campaign) -> dict:
        return {
            "title": campaign.title,
            "description": campaign.description,
            "started_on": campaign.started_on,
            "closed_on": campaign.closed_on,
            "claims": _initial_many(campaign.claims),
        }


# ------------------------------------------------------------------ engagements
class EngagementForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EngagementKind.choices)
    on = _date(_("Date"))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    live = forms.BooleanField(
        label=_("Live (nothing to review before it goes out)"), required=False
    )
    briefing_on = _date(_("Briefing held on"), required=False)
    rehearsal_on = _date(_("Rehearsal held on"), required=False)

    def __init__(self, *args, outlets=(), journalists=(), campaigns=(), handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"] = PickField(objects=outlets, label=_("Outlet"))
        self.fields["journalist"] = PickField(
            objects=journalists,
            label=_("Journalist"),
            label_of=lambda j: f"{j.name} ({j.outlet.name})" if j.outlet_id else j.name,
        )
        self.fields["campaign"] = PickField(objects=campaigns, label=_("Campaign"))
        self.fields["handled_by"] = PickField(
            objects=handlers,
            label=_("Handled by"),
            label_of=user_label,
            help_text=_("She is alerted when a woman withdraws her consent."),
        )
        self.order_fields(["kind", "on", "outlet", "journalist", "topic", "campaign"])

    @staticmethod
    def initial_for(e) -> dict:
        return {
            "kind": e.kind,
            "on": e.on,
            "topic": e.topic,
            "live": e.live,
            "briefing_on": e.briefing_on,
            "rehearsal_on": e.rehearsal_on,
            "outlet": _initial_pick(e.outlet),
            "journalist": _initial_pick(e.journalist),
            "campaign": _initial_pick(e.campaign),
            "handled_by": str(e.handled_by.uuid) if e.handled_by_id else "",
        }


class ParticipantForm(ServiceForm):
    role = forms.ChoiceField(
        label=_("Taking part as"), choices=ParticipantRole.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {
            "member": PickField(objects=members, label=_("Member"), label_of=member_label),
            **self.fields,
        }


class IdentityConsentForm(ServiceForm):
    name_shown = forms.ChoiceField(
        label=_("Her name"), choices=NameShown.choices, widget=forms.RadioSelect
    )
    pseudonym = forms.CharField(
        label=_("The pseudonym she chose"),
        required=False,
        max_length=100,
        help_text=_("Only when she chose a pseudonym."),
    )
    face = forms.ChoiceField(
        label=_("Her face"), choices=FaceShown.choices, widget=forms.RadioSelect
    )
    voice = forms.ChoiceField(
        label=_("Her voice"), choices=VoiceShown.choices, widget=forms.RadioSelect
    )
    place_shown = forms.BooleanField(
        label=_("Her place (village, town) may be named"), required=False
    )
    collective_shown = forms.BooleanField(label=_("Her collective may be named"), required=False)
    language = forms.ChoiceField(label=_("Language she was told in"), choices=Language.choices)
    method = forms.ChoiceField(
        label=_("How she consented"), choices=Consent.Method.choices, widget=forms.RadioSelect
    )
    witness_name = forms.CharField(
        label=_("Witness"),
        required=False,
        max_length=200,
        help_text=_("Needed when it was read aloud to her or she gave her thumbprint."),
    )


class ReviewForm(ServiceForm):
    review_how = forms.ChoiceField(
        label=_("How she reviewed the piece"), choices=ReviewHow.choices, widget=forms.RadioSelect
    )
    reviewed_on = _date(_("Reviewed on"))


class PublishForm(ServiceForm):
    published_on = _date(_("Published on"))
    published_link = forms.CharField(
        label=_("Link to the published piece"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "off"}),
    )
    scan = forms.FileField(
        label=_("Or a scan or photo of it"),
        required=False,
        help_text=_("A photo (JPEG, PNG) or a PDF."),
    )
    reach = _count(_("Reach"), _("How many people read, saw or heard it, if known."))


class MoveForm(ServiceForm):
    to_status = forms.ChoiceField(label=_("Now it is"), widget=forms.RadioSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = list(choices)


# ------------------------------------------------------------------ actions
class ActionForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=ActionKind.choices)
    on = _date(_("Date"))
    title = forms.CharField(label=_("Short title"), max_length=200)
    demand = forms.CharField(label=_("The demand"), widget=forms.Textarea(attrs={"rows": 4}))
    others_count = _count(_("Others who took part"), _("People not named here, as a number."))

    def __init__(
        self,
        *args,
        bearers=(),
        members=(),
        campaigns=(),
        claims=(),
        matters=(),
        drives=(),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["duty_bearers"] = MultiPickField(
            objects=bearers,
            label=_("Duty bearers addressed"),
            label_of=lambda b: f"{b.title}, {b.office}",
        )
        self.fields["participants"] = MultiPickField(
            objects=members, label=_("Members who took part"), label_of=member_label
        )
        self.fields["campaign"] = PickField(objects=campaigns, label=_("Campaign"))
        self.fields["claims"] = MultiPickField(
            objects=claims, label=_("Collective claims it serves"), label_of=lambda c: c.title
        )
        if matters:
            self.fields["legal_matters"] = MultiPickField(
                objects=matters, label=_("Legal matters it serves"), label_of=lambda m: m.reference
            )
        if drives:
            self.fields["drives"] = MultiPickField(
                objects=drives, label=_("Drives it serves"), label_of=lambda d: d.name
            )
        self.order_fields(["kind", "on", "title", "demand", "duty_bearers", "participants"])

    @staticmethod
    def initial_for(a) -> dict:
        return {
            "kind": a.kind,
            "on": a.on,
            "title": a.title,
            "demand": a.demand,
            "others_count": a.others_count,
            "campaign": _initial_pick(a.campaign),
            "duty_bearers": _initial_many(a.duty_bearers),
            "participants": _initial_many(a.participants),
            "claims": _initial_many(a.claims),
            "legal_matters": _initial_many(a.legal_matters),
            "drives": _initial_many(a.drives),
        }


class ResponseForm(ServiceForm):
    response = forms.CharField(
        label=_("What they answered"), widget=forms.Textarea(attrs={"rows": 4})
    )
    response_on = _date(_("When the answer came"))


class DocumentForm(ServiceForm):
    title = forms.CharField(
        label=_("What the document is"),
        max_length=200,
        help_text=_("For example: Memorandum as submitted, with the receipt stamp"),
    )
    upload = forms.FileField(label=_("File"), help_text=_("A photo (JPEG, PNG) or a PDF."))
    names_people = forms.BooleanField(
        label=_("It names members (only those who record advocacy may open it)"), required=False
    )


class FollowUpForm(ServiceForm):
    due_on = _date(_("By when"))
    note = forms.CharField(label=_("What is to be done"), max_length=300)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"] = PickField(
            objects=users, label=_("Who does it"), label_of=user_label
        )


# ------------------------------------------------------------------ outcomes
class OutcomeForm(ServiceForm):
    kind = forms.ChoiceField(label=_("What was won"), choices=OutcomeKind.choices)
    title = forms.CharField(label=_("Short title"), max_length=200)
    on = _date(_("Date"))
    description = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Evidence (the order, the letter, a photo)"),
        required=False,
        help_text=_("A photo (JPEG, PNG) or a PDF. It is stored encrypted."),
    )
    evidence_reference = forms.CharField(
        label=_("Reference of the evidence (order number, letter)"), required=False, max_length=200
    )
    evidence_names_people = forms.BooleanField(
        label=_("The evidence names members (only those who record advocacy may open it)"),
        required=False,
    )
    reach_count = _count(_("How many people it reaches"))

    def __init__(
        self, *args, members=(), campaigns=(), actions=(), engagements=(), claims=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fields["campaign"] = PickField(objects=campaigns, label=_("Campaign"))
        self.fields["actions"] = MultiPickField(
            objects=actions, label=_("Actions that led to it"), label_of=lambda a: a.title
        )
        self.fields["engagements"] = MultiPickField(
            objects=engagements, label=_("Media engagements that led to it"), label_of=str
        )
        self.fields["claims"] = MultiPickField(
            objects=claims, label=_("Claims that led to it"), label_of=lambda c: c.title
        )
        self.fields["reached_members"] = MultiPickField(
            objects=members, label=_("Members it reaches"), label_of=member_label
        )

    @staticmethod
    def initial_for(o) -> dict:
        return {
            "kind": o.kind,
            "title": o.title,
            "on": o.on,
            "description": o.description,
            "evidence_reference": o.evidence_reference,
            "evidence_names_people": o.evidence_names_people,
            "reach_count": o.reach_count,
            "campaign": _initial_pick(o.campaign),
            "actions": _initial_many(o.actions),
            "engagements": _initial_many(o.engagements),
            "claims": _initial_many(o.claims),
            "reached_members": _initial_many(o.reached_members),
        }


class TimelinePrintForm(ServiceForm):
    language = forms.ChoiceField(label=_("Language of the PDF"), widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        from .timeline import LANGUAGES

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = LANGUAGES
