"""Writes of the advocacy module: capability checked, validated (``ValidationError`` with
field keys), atomic, audited in the same transaction. No names, contacts or what a woman
agreed to show are logged: audit rows carry codes and counts only.

The publication rule (ADR 0038): ``engagement_publish`` locks the engagement's row, then
reads the consent of every participant; every withdrawal (``identity_consent_withdraw``,
and the registry's media consent through ``signals``) locks the same row first. So a
withdrawal and a publication never interleave: either the withdrawal lands first and the
publication is refused, or the piece was out before she withdrew.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from saathi.core import audit, policy, vault
from saathi.core.access import deny
from saathi.core.consent import CURRENT_NOTICE_VERSION, Method, Purpose
from saathi.core.files import IMAGE_OR_PDF_TYPES, check_upload
from saathi.core.policy import Cap
from saathi.people.choices import Language

from .models import (
    ENGAGEMENT_TRANSITIONS,
    ActionDocument,
    ActionKind,
    AdvocacyAction,
    Alert,
    Campaign,
    Engagement,
    EngagementKind,
    EngagementStep,
    FaceShown,
    FollowUp,
    IdentityConsent,
    Journalist,
    MediaOutlet,
    NameShown,
    Outcome,
    OutcomeKind,
    OutletKind,
    Participant,
    ParticipantRole,
    ReviewHow,
    Treatment,
    VoiceShown,
    WithdrawalReason,
)

CONTACTS_TYPE = "advocacy.mediaoutlet"
_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-/]{4,38}$")
MAX_TEXT = 10_000


def _ref(model) -> str:
    from saathi.people.services import next_reference

    return next_reference(model.reference_prefix)[0]


def _require(actor, cap: str, organisation_id: int, collective_id=None, object_type="") -> None:
    """The capability on the record itself (its organisation, or a grant on its
    collective); refusals are audited, then 403."""
    collectives = [collective_id] if collective_id else []
    if not policy.has_cap_for(actor, cap, organisation_id, collectives, object_type=object_type):
        deny(actor, object_type=object_type or "advocacy", organisation_id=organisation_id, cap=cap)
        raise PermissionDenied


def _text(data: dict, name: str, limit: int) -> str:
    return str(data.get(name) or "").strip()[: limit + 1]


def _limit(errors: dict, values: dict, limits: dict[str, int]) -> None:
    for name, limit in limits.items():
        if len(values.get(name) or "") > limit and name not in errors:
            errors[name] = _("Keep this under %(n)d characters.") % {"n": limit}


def _past(errors: dict, name: str, value, *, required=True, future_days=0) -> None:
    if value is None:
        if required:
            errors[name] = _("Write the date.")
        return
    if value > timezone.localdate() + timedelta(days=future_days):
        errors[name] = (
            _("This date is in the future.")
            if not future_days
            else _("The date is more than a year away.")
        )


def _same_org(errors: dict, name: str, obj, organisation_id: int, message: str) -> None:
    if obj is not None and getattr(obj, "organisation_id", None) != organisation_id:
        errors[name] = message


# ------------------------------------------------------------------ media contacts
def _clean_outlet(data: dict) -> dict:
    values: dict[str, Any] = {
        "name": _text(data, "name", 200),
        "kind": str(data.get("kind") or ""),
        "language": str(data.get("language") or ""),
        "reach": data.get("reach"),
        "area": _text(data, "area", 200),
        "notes": _text(data, "notes", 500),
    }
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Write the name of the newspaper, channel or site.")
    if values["kind"] not in OutletKind.values:
        errors["kind"] = _("Choose the kind of outlet.")
    if values["language"] not in Language.values:
        errors["language"] = _("Choose the language.")
    reach = values["reach"]
    if reach is not None and (not isinstance(reach, int) or not 0 < reach <= 2_000_000_000):
        errors["reach"] = _("Write the number of readers, viewers or listeners.")
    _limit(errors, values, {"name": 200, "area": 200, "notes": 500})
    if errors:
        raise ValidationError(errors)
    return values


def outlet_create(*, organisation, data: dict, actor) -> MediaOutlet:
    _require(actor, Cap.MANAGE_ADVOCACY, organisation.pk, object_type=CONTACTS_TYPE)
    values = _clean_outlet(data)
    with transaction.atomic():
        outlet = MediaOutlet.objects.create(
            reference=_ref(MediaOutlet), organisation=organisation, created_by=actor, **values
        )
        audit.record(audit.Action.CREATE, actor=actor, obj=outlet, detail={"kind": outlet.kind})
    return outlet


def outlet_update(*, outlet: MediaOutlet, data: dict, actor) -> MediaOutlet:
    _require(actor, Cap.MANAGE_ADVOCACY, outlet.organisation_id, object_type=CONTACTS_TYPE)
    values = _clean_outlet(data)
    archived = bool(data.get("archived"))
    changed = sorted(k for k, v in values.items() if getattr(outlet, k) != v)
    if archived != (outlet.archived_at is not None):
        changed.append("archived")
    if not changed:
        return outlet
    with transaction.atomic():
        for k, v in values.items():
            setattr(outlet, k, v)
        outlet.archived_at = (outlet.archived_at or timezone.now()) if archived else None
        outlet.save()
        audit.record(audit.Action.CHANGE, actor=actor, obj=outlet, fields=changed)
    return outlet


def _clean_journalist(organisation_id: int, data: dict) -> dict:
    values: dict[str, Any] = {
        "name": _text(data, "name", 200),
        "beat": _text(data, "beat", 200),
        "phone": _text(data, "phone", 40),
        "email": _text(data, "email", 200),
        "notes": _text(data, "notes", 500),
    }
    outlet = data.get("outlet")
    errors: dict[str, str] = {}
    if not values["name"]:
        errors["name"] = _("Write the journalist's name.")
    if outlet is not None and (
        not isinstance(outlet, MediaOutlet) or outlet.organisation_id != organisation_id
    ):
        errors["outlet"] = _("Choose an outlet from your list.")
    if values["phone"]:
        digits = sum(ch.isdigit() for ch in values["phone"])
        if not _PHONE.match(values["phone"]) or not 6 <= digits <= 15:
            errors["phone"] = _("Write the phone number with digits only, e.g. 033 2345 6789.")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            errors["email"] = _("Enter a valid email address.")
    _limit(errors, values, {"name": 200, "beat": 200, "notes": 500})
    if errors:
        raise ValidationError(errors)
    values["outlet"] = outlet
    return values


def journalist_create(*, organisation, data: dict, actor) -> Journalist:
    _require(actor, Cap.MANAGE_ADVOCACY, organisation.pk, object_type="advocacy.journalist")
    values = _clean_journalist(organisation.pk, data)
    with transaction.atomic():
        journalist = Journalist.objects.create(
            reference=_ref(Journalist), organisation=organisation, created_by=actor, **values
        )
        audit.record(audit.Action.CREATE, actor=actor, obj=journalist)
    return journalist


def journalist_update(*, journalist: Journalist, data: dict, actor) -> Journalist:
    _require(
        actor, Cap.MANAGE_ADVOCACY, journalist.organisation_id, object_type="advocacy.journalist"
    )
    values = _clean_journalist(journalist.organisation_id, data)
    archived = bool(data.get("archived"))
    changed = sorted(k for k, v in values.items() if getattr(journalist, k) != v)
    if archived != (journalist.archived_at is not None):
        changed.append("archived")
    if not changed:
        return journalist
    with transaction.atomic():
        for k, v in values.items():
            setattr(journalist, k, v)
        journalist.archived_at = (journalist.archived_at or timezone.now()) if archived else None
        journalist.save()
        audit.record(audit.Action.CHANGE, actor=actor, obj=journalist, fields=changed)
    return journalist


def treatment_record(*, journalist: Journalist, data: dict, actor) -> Treatment:
    """Once, how the journalist treated the women's identities (kept to what they agreed,
    or not); the journalist's counts follow."""
    _require(
        actor, Cap.MANAGE_ADVOCACY, journalist.organisation_id, object_type="advocacy.journalist"
    )
    on, respected, note = data.get("on"), data.get("respected"), _text(data, "note", 500)
    engagement = data.get("engagement")
    errors: dict[str, str] = {}
    _past(errors, "on", on)
    if respected not in (True, False):
        errors["respected"] = _("Say whether the identities were treated as agreed.")
    if respected is False and not note:
        errors["note"] = _("Write what happened (no names of the women).")
    _limit(errors, {"note": note}, {"note": 500})
    if engagement is not None and engagement.organisation_id != journalist.organisation_id:
        errors["engagement"] = _("Choose an engagement of your organisation.")
    if errors or on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        row = Treatment.objects.create(
            journalist=journalist,
            engagement=engagement,
            on=on,
            respected=bool(respected),
            note=note,
            recorded_by=actor,
        )
        counter = "respected_count" if respected else "breached_count"
        Journalist.objects.filter(pk=journalist.pk).update(**{counter: F(counter) + 1})
        journalist.refresh_from_db(fields=["respected_count", "breached_count"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=journalist,
            fields=["treatments"],
            detail={"respected": bool(respected)},
        )
    return row


# ------------------------------------------------------------------ campaigns
def _collective_ok(errors: dict, collective, organisation_id: int) -> None:
    if collective is not None and collective.organisation_id != organisation_id:
        errors["collective"] = _("Choose a collective of this organisation.")


def _clean_campaign(organisation_id: int, data: dict, actor) -> tuple[dict, list]:
    from saathi.collectives.models import Claim

    collective = data.get("collective")
    values: dict[str, Any] = {
        "title": _text(data, "title", 200),
        "description": _text(data, "description", MAX_TEXT),
        "started_on": data.get("started_on"),
        "closed_on": data.get("closed_on"),
        "collective": collective,
    }
    errors: dict[str, str] = {}
    if not values["title"]:
        errors["title"] = _(
            "Write the demand in a few words, e.g. Ration for every sex worker in Prakasam."
        )
    _past(errors, "started_on", values["started_on"])
    if values["closed_on"] is not None:
        _past(errors, "closed_on", values["closed_on"])
        if values["started_on"] and values["closed_on"] < values["started_on"]:
            errors["closed_on"] = _("This is before the campaign started.")
    _collective_ok(errors, collective, organisation_id)
    claims = list(data.get("claims") or [])
    if any(
        not isinstance(c, Claim)
        or c.organisation_id != organisation_id
        or (collective is not None and c.collective_id != collective.pk)
        for c in claims
    ):
        errors["claims"] = _("Choose claims of this collective.")
    _limit(errors, values, {"title": 200, "description": MAX_TEXT})
    if errors:
        raise ValidationError(errors)
    return values, claims


def campaign_create(*, organisation, data: dict, actor) -> Campaign:
    collective = data.get("collective")
    _require(actor, Cap.MANAGE_ADVOCACY, organisation.pk, getattr(collective, "pk", None))
    values, claims = _clean_campaign(organisation.pk, data, actor)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            reference=_ref(Campaign), organisation=organisation, created_by=actor, **values
        )
        campaign.claims.set(claims)
        audit.record(audit.Action.CREATE, actor=actor, obj=campaign)
    return campaign


def campaign_update(*, campaign: Campaign, data: dict, actor) -> Campaign:
    _require(actor, Cap.MANAGE_ADVOCACY, campaign.organisation_id, campaign.collective_id)
    data = {**data, "collective": campaign.collective}  # a campaign stays where it began
    values, claims = _clean_campaign(campaign.organisation_id, data, actor)
    with transaction.atomic():
        changed = sorted(k for k, v in values.items() if getattr(campaign, k) != v)
        for k, v in values.items():
            setattr(campaign, k, v)
        campaign.save()
        if set(campaign.claims.values_list("pk", flat=True)) != {c.pk for c in claims}:
            campaign.claims.set(claims)
            changed.append("claims")
        if changed:
            audit.record(audit.Action.CHANGE, actor=actor, obj=campaign, fields=changed)
    return campaign


# ------------------------------------------------------------------ engagements
def _clean_engagement(organisation_id: int, data: dict) -> dict:
    collective = data.get("collective")
    values: dict[str, Any] = {
        "collective": collective,
        "campaign": data.get("campaign"),
        "kind": str(data.get("kind") or ""),
        "on": data.get("on"),
        "outlet": data.get("outlet"),
        "journalist": data.get("journalist"),
        "topic": _text(data, "topic", 300),
        "handled_by": data.get("handled_by"),
        "live": bool(data.get("live")),
        "briefing_on": data.get("briefing_on"),
        "rehearsal_on": data.get("rehearsal_on"),
    }
    errors: dict[str, str] = {}
    if values["kind"] not in EngagementKind.values:
        errors["kind"] = _("Choose the kind of engagement.")
    if values["on"] is None:
        errors["on"] = _("Write the date.")
    elif values["on"] > timezone.localdate() + timedelta(days=366):
        errors["on"] = _("The date is more than a year away.")
    if not values["topic"]:
        errors["topic"] = _("Write the topic, e.g. Rations for women without ration cards.")
    _collective_ok(errors, collective, organisation_id)
    msg = _("Choose from your organisation's list.")
    for name in ("outlet", "journalist", "campaign"):
        _same_org(errors, name, values[name], organisation_id, msg)
    campaign = values["campaign"]
    if (
        campaign is not None
        and campaign.collective_id
        and campaign.collective_id != getattr(collective, "pk", None)
    ):
        errors["campaign"] = _("This campaign belongs to another collective.")
    journalist = values["journalist"]
    if (
        journalist is not None
        and values["outlet"] is not None
        and journalist.outlet_id not in (None, values["outlet"].pk)
    ):
        errors["journalist"] = _("This journalist works for another outlet.")
    handler = values["handled_by"]
    if handler is None or not policy.has_cap_for(
        handler, Cap.MANAGE_ADVOCACY, organisation_id, [collective.pk] if collective else []
    ):
        errors["handled_by"] = _("Choose who handles it: a user who may record engagements here.")
    for name in ("briefing_on", "rehearsal_on"):
        _past(errors, name, values[name], required=False)
    _limit(errors, values, {"topic": 300})
    if errors:
        raise ValidationError(errors)
    return values


def engagement_create(*, organisation, data: dict, actor) -> Engagement:
    collective = data.get("collective")
    _require(actor, Cap.MANAGE_ADVOCACY, organisation.pk, getattr(collective, "pk", None))
    data = {**data, "handled_by": data.get("handled_by") or actor}
    values = _clean_engagement(organisation.pk, data)
    with transaction.atomic():
        engagement = Engagement.objects.create(
            reference=_ref(Engagement), organisation=organisation, created_by=actor, **values
        )
        audit.record(
            audit.Action.CREATE, actor=actor, obj=engagement, detail={"kind": engagement.kind}
        )
    return engagement


def engagement_update(*, engagement: Engagement, data: dict, actor) -> Engagement:
    _require(actor, Cap.MANAGE_ADVOCACY, engagement.organisation_id, engagement.collective_id)
    if not engagement.unpublished:
        raise ValidationError(_("A published or cancelled engagement is not changed any more."))
    data = {**data, "collective": engagement.collective}
    values = _clean_engagement(engagement.organisation_id, data)
    with transaction.atomic():
        changed = sorted(k for k, v in values.items() if getattr(engagement, k) != v)
        for k, v in values.items():
            setattr(engagement, k, v)
        engagement.save()
        if changed:
            audit.record(audit.Action.CHANGE, actor=actor, obj=engagement, fields=changed)
    return engagement


def _member_ok(member, organisation_id: int, collective) -> bool:
    from saathi.collectives.services import current_member_ids

    if member is None or member.organisation_id != organisation_id or member.archived_at:
        return False
    if collective is not None:
        return bool(current_member_ids(collective, [member.pk]))
    return True


def participant_add(*, engagement: Engagement, member, role: str, actor) -> Participant:
    """She takes part; nothing may be shown of her until her identity consent is recorded."""
    _require(actor, Cap.MANAGE_ADVOCACY, engagement.organisation_id, engagement.collective_id)
    errors: dict[str, str] = {}
    if not engagement.unpublished:
        errors["member"] = _("The engagement is published or cancelled.")
    elif not _member_ok(member, engagement.organisation_id, engagement.collective):
        errors["member"] = _("Choose a member of this collective.")
    elif Participant.objects.filter(engagement=engagement, member=member).exists():
        errors["member"] = _("She is already taking part.")
    if role not in ParticipantRole.values:
        errors["role"] = _("Choose how she takes part.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        participant = Participant.objects.create(
            engagement=engagement,
            organisation_id=engagement.organisation_id,
            collective_id=engagement.collective_id,
            member=member,
            role=role,
            added_by=actor,
        )
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=engagement,
            member_id=member.pk,
            fields=["participants"],
            detail={"added": role},
        )
    return participant


def _lock(engagement: Engagement) -> Engagement:
    """The engagement's row, locked until the transaction ends (ADR 0038): every
    publication and every withdrawal takes this lock first."""
    return Engagement.objects.select_for_update().get(pk=engagement.pk)


def registry_media_withdrawn(member) -> bool:
    """Her media consent in the registry was given once and is now withdrawn (none
    stands): no engagement may record a new identity consent for her."""
    from saathi.core.models import Consent

    rows = list(
        Consent.objects.filter(member=member, purpose=Purpose.MEDIA).values_list(
            "withdrawn_at", flat=True
        )
    )
    return bool(rows) and all(w is not None for w in rows)


IDENTITY_FIELDS = (
    "name_shown",
    "pseudonym",
    "face",
    "voice",
    "place_shown",
    "collective_shown",
    "language",
    "method",
    "witness_name",
)


def identity_consent_record(*, participant: Participant, data: dict, actor) -> IdentityConsent:
    """What she agrees may be shown of her in this engagement, told in her language,
    with the method (and a witness when read aloud or by thumbprint). A newer consent
    replaces the one before; her review must then be recorded again."""
    engagement = participant.engagement
    _require(actor, Cap.MANAGE_ADVOCACY, engagement.organisation_id, engagement.collective_id)
    _require(actor, Cap.RECORD_CONSENT, engagement.organisation_id, engagement.collective_id)
    values: dict[str, Any] = {k: data.get(k) for k in IDENTITY_FIELDS}
    for k in ("pseudonym", "witness_name"):
        values[k] = str(values[k] or "").strip()
    values["place_shown"] = bool(values["place_shown"])
    values["collective_shown"] = bool(values["collective_shown"])
    errors: dict[str, str] = {}
    if values["name_shown"] not in NameShown.values:
        errors["name_shown"] = _("Choose how she may be named.")
    elif values["name_shown"] == NameShown.PSEUDONYM and not values["pseudonym"]:
        errors["pseudonym"] = _("Write the pseudonym she chose.")
    if values["name_shown"] != NameShown.PSEUDONYM:
        values["pseudonym"] = ""
    if values["face"] not in FaceShown.values:
        errors["face"] = _("Choose what may be shown of her face.")
    if values["voice"] not in VoiceShown.values:
        errors["voice"] = _("Choose whether her voice may be heard.")
    if values["language"] not in Language.values:
        errors["language"] = _("Choose the language she was told in.")
    if values["method"] not in Method.values:
        errors["method"] = _("Choose how she consented.")
    elif values["method"] in (Method.READ_ALOUD, Method.THUMBPRINT) and not values["witness_name"]:
        errors["witness_name"] = _(
            "A witness is required when the notice is read aloud or consent is given by thumbprint."
        )
    _limit(errors, values, {"pseudonym": 100, "witness_name": 200})
    if not errors and registry_media_withdrawn(participant.member):
        errors["name_shown"] = _(
            "She withdrew her media consent in the registry. Record her media consent there "
            "again first, if she gives it."
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(engagement)
        if locked.status not in ("planned", "held"):
            raise ValidationError({"name_shown": _("The engagement is published or cancelled.")})
        now = timezone.now()
        IdentityConsent.objects.filter(participant=participant, withdrawn_at__isnull=True).update(
            withdrawn_at=now, withdrawn_by=actor, withdrawal_reason=WithdrawalReason.SUPERSEDED
        )
        consent = IdentityConsent.objects.create(
            participant=participant,
            engagement=engagement,
            member=participant.member,
            notice_version=CURRENT_NOTICE_VERSION,
            recorded_by=actor,
            given_at=now,
            **values,
        )
        audit.record(
            audit.Action.CONSENT_GIVEN,
            actor=actor,
            obj=consent,
            organisation_id=engagement.organisation_id,
            member_id=participant.member_id,
            detail={"purpose": "media_engagement", "engagement": str(engagement.uuid)},
        )
    return consent


def identity_review_record(*, participant: Participant, data: dict, actor) -> IdentityConsent:
    """She saw or heard the piece (or it was read out to her) and agreed to it going out
    as it is, under her current consent."""
    engagement = participant.engagement
    _require(actor, Cap.MANAGE_ADVOCACY, engagement.organisation_id, engagement.collective_id)
    how: str = str(data.get("review_how") or "")
    on: date = data.get("reviewed_on") or timezone.localdate()
    errors: dict[str, str] = {}
    if how not in ReviewHow.values:
        errors["review_how"] = _("Choose how she reviewed the piece.")
    _past(errors, "reviewed_on", on)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(engagement)
        if locked.status not in ("planned", "held"):
            raise ValidationError({"review_how": _("The engagement is published or cancelled.")})
        consent = (
            IdentityConsent.objects.select_for_update()
            .filter(participant=participant, withdrawn_at__isnull=True)
            .first()
        )
        if consent is None:
            raise ValidationError(
                {"review_how": _("Record what she agrees may be shown before her review.")}
            )
        consent.reviewed_on = on
        consent.review_how = how
        consent.reviewed_by = actor
        consent.save(update_fields=["reviewed_on", "review_how", "reviewed_by"])
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=consent,
            organisation_id=engagement.organisation_id,
            member_id=participant.member_id,
            fields=["review"],
            detail={"how": how},
        )
    return consent


def _alert_handlers(engagement: Engagement, actor) -> int:
    users = {engagement.handled_by_id, engagement.created_by_id} - {getattr(actor, "pk", None)}
    Alert.objects.bulk_create(
        [Alert(user_id=u, engagement=engagement, kind=Alert.Kind.WITHDRAWN) for u in users if u]
    )
    return len(users)


def _withdraw_locked(consent: IdentityConsent, engagement: Engagement, *, reason: str, actor):
    """Inside a transaction holding the engagement's lock."""
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = actor
    consent.withdrawal_reason = reason
    consent.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit.record(
        audit.Action.CONSENT_WITHDRAWN,
        actor=actor,
        obj=consent,
        organisation_id=engagement.organisation_id,
        member_id=consent.member_id,
        detail={"purpose": "media_engagement", "reason": reason},
    )
    if engagement.status in ("planned", "held"):
        _alert_handlers(engagement, actor)


def identity_consent_withdraw(*, participant: Participant, actor) -> IdentityConsent:
    """She takes back what she agreed. Before publication the engagement cannot be
    published until she agrees again, and whoever handles it is alerted; after
    publication it is recorded (and the handler must ask the outlet to take it down)."""
    engagement = participant.engagement
    _require(actor, Cap.RECORD_CONSENT, engagement.organisation_id, engagement.collective_id)
    with transaction.atomic():
        locked = _lock(engagement)
        consent = (
            IdentityConsent.objects.select_for_update()
            .filter(participant=participant, withdrawn_at__isnull=True)
            .first()
        )
        if consent is None:
            raise ValidationError(_("There is no consent of hers to withdraw."))
        _withdraw_locked(consent, locked, reason=WithdrawalReason.HER_WISH, actor=actor)
    return consent


def withdraw_for_registry(*, member, actor) -> int:
    """Her registry media consent was withdrawn (``signals``): every engagement of hers
    not yet published loses her consent, under its lock. Returns how many."""
    n = 0
    engagement_ids = list(
        IdentityConsent.objects.filter(member=member, withdrawn_at__isnull=True)
        .values_list("engagement_id", flat=True)
        .order_by("engagement_id")
    )
    for engagement_id in engagement_ids:  # in id order: two withdrawals never deadlock
        engagement = Engagement.objects.select_for_update().get(pk=engagement_id)
        if engagement.status not in ("planned", "held"):
            continue
        for consent in IdentityConsent.objects.select_for_update().filter(
            engagement=engagement, member=member, withdrawn_at__isnull=True
        ):
            _withdraw_locked(consent, engagement, reason=WithdrawalReason.REGISTRY, actor=actor)
            n += 1
    return n


def publication_problems(engagement: Engagement) -> list[str]:
    """Why the engagement may not be published now: one line per woman whose consent is
    missing, withdrawn or not reviewed (named by her name, for the handler's page)."""
    problems = []
    participants = list(engagement.participants.select_related("member").order_by("id"))
    active = {
        c.participant_id: c
        for c in IdentityConsent.objects.filter(engagement=engagement, withdrawn_at__isnull=True)
    }
    for p in participants:
        name = p.member.native_name or p.member.display_name
        consent = active.get(p.pk)
        if consent is None:
            problems.append(
                _("%(name)s: her consent is missing or was withdrawn.") % {"name": name}
            )
        elif not engagement.live and not consent.reviewed:
            problems.append(_("%(name)s: she has not yet reviewed the piece.") % {"name": name})
    return problems


def engagement_publish(*, engagement: Engagement, data: dict, actor, scan=None) -> Engagement:
    """Mark the engagement published, with its link or scan, date and reach. Refused
    while any participant's consent is missing or withdrawn, or (unless it was live) she
    has not reviewed the piece: checked under the engagement's row lock."""
    _require(actor, Cap.MANAGE_ADVOCACY, engagement.organisation_id, engagement.collective_id)
    on, link, reach = (
        data.get("published_on"),
        _text(data, "published_link", 500),
        data.get("reach"),
    )
    errors: dict[str, str] = {}
    _past(errors, "published_on", on)
    if on is not None and "published_on" not in errors and on < engagement.on - timedelta(days=1):
        errors["published_on"] = _("This is before the engagement.")
    if link:
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["published_link"] = _("Write the whole link, starting with https://")
    if reach is not None and (not isinstance(reach, int) or not 0 <= reach <= 2_000_000_000):
        errors["reach"] = _("Write how many people it reached.")
    if not link and scan is None:
        errors["published_link"] = _("Give the link to the piece, or upload a scan of it.")
    upload = check_upload(scan, "scan", IMAGE_OR_PDF_TYPES) if scan is not None else None
    if errors:
        raise ValidationError(errors)
    from saathi.core.cases import case_move

    with transaction.atomic():
        locked = _lock(engagement)
        if locked.status != engagement.status:
            raise ValidationError(_("Someone else changed the engagement meanwhile. Look again."))
        problems = publication_problems(locked)
        if problems:
            raise ValidationError(
                _("It cannot be published yet: %(why)s") % {"why": " ".join(problems)},
                code="consent_missing",
            )
        case_move(
            engagement,
            "published",
            actor=actor,
            transitions=ENGAGEMENT_TRANSITIONS,
            step_model=EngagementStep,
            cap=Cap.MANAGE_ADVOCACY,
            changes={"published_on": on, "published_link": link, "reach": reach},
        )
        if upload is not None:
            vault.store(engagement, "published_scan_file", upload[0])
            engagement.published_scan_type = upload[1]
            engagement.save(update_fields=["published_scan_file", "published_scan_type"])
    return engagement


def engagement_move(*, engagement: Engagement, to_status: str, actor, note: str = ""):
    """Held or cancelled; publication goes through ``engagement_publish`` only."""
    from saathi.core.cases import case_move

    if to_status == "published":
        raise ValidationError({"to_status": _("Use “Mark published” to publish it.")})
    note = (note or "").strip()
    if len(note) > 500:
        raise ValidationError({"note": _("Keep this under %(n)d characters.") % {"n": 500}})
    return case_move(
        engagement,
        to_status,
        actor=actor,
        transitions=ENGAGEMENT_TRANSITIONS,
        step_model=EngagementStep,
        cap=Cap.MANAGE_ADVOCACY,
        step_fields={"note": note},
    )


# ------------------------------------------------------------------ advocacy actions
def _clean_action(organisation_id: int, data: dict) -> tuple[dict, dict]:
    from saathi.collectives.models import Claim, DutyBearer

    collective = data.get("collective")
    values: dict[str, Any] = {
        "collective": collective,
        "campaign": data.get("campaign"),
        "kind": str(data.get("kind") or ""),
        "on": data.get("on"),
        "title": _text(data, "title", 200),
        "demand": _text(data, "demand", MAX_TEXT),
        "others_count": data.get("others_count") or 0,
        "response": _text(data, "response", MAX_TEXT),
        "response_on": data.get("response_on"),
    }
    links: dict[str, list] = {
        "duty_bearers": list(data.get("duty_bearers") or []),
        "participants": list(data.get("participants") or []),
        "claims": list(data.get("claims") or []),
        "legal_matters": list(data.get("legal_matters") or []),
        "drives": list(data.get("drives") or []),
    }
    errors: dict[str, str] = {}
    if values["kind"] not in ActionKind.values:
        errors["kind"] = _("Choose the kind of action.")
    if values["on"] is None:
        errors["on"] = _("Write the date.")
    elif values["on"] > timezone.localdate() + timedelta(days=366):
        errors["on"] = _("The date is more than a year away.")
    if not values["title"]:
        errors["title"] = _("Give it a short title, e.g. Memorandum on rations.")
    if not values["demand"]:
        errors["demand"] = _("Write the demand.")
    _collective_ok(errors, collective, organisation_id)
    _same_org(
        errors, "campaign", values["campaign"], organisation_id, _("Choose a campaign of yours.")
    )
    campaign = values["campaign"]
    if (
        campaign is not None
        and campaign.collective_id
        and campaign.collective_id != getattr(collective, "pk", None)
    ):
        errors["campaign"] = _("This campaign belongs to another collective.")
    others = values["others_count"]
    if not isinstance(others, int) or not 0 <= others <= 1_000_000:
        errors["others_count"] = _("Write how many others took part.")
    bearers = links["duty_bearers"]
    if not bearers:
        errors["duty_bearers"] = _("Choose at least one office from the directory.")
    elif any(
        not isinstance(b, DutyBearer) or b.organisation_id != organisation_id for b in bearers
    ):
        errors["duty_bearers"] = _("Choose offices from the directory.")
    if any(not _member_ok(m, organisation_id, collective) for m in links["participants"]):
        errors["participants"] = _("Choose members of this collective.")
    if any(
        not isinstance(c, Claim)
        or c.organisation_id != organisation_id
        or (collective is not None and c.collective_id != collective.pk)
        for c in links["claims"]
    ):
        errors["claims"] = _("Choose claims of this collective.")
    for name in ("legal_matters", "drives"):
        if any(getattr(x, "organisation_id", None) != organisation_id for x in links[name]):
            errors[name] = _("Choose from your organisation's records.")
    if values["response_on"] is not None:
        _past(errors, "response_on", values["response_on"])
        if values["on"] and values["response_on"] < values["on"] and "response_on" not in errors:
            errors["response_on"] = _("The response is dated before the action.")
    if values["response"] and values["response_on"] is None:
        errors["response_on"] = _("Write when the response came.")
    _limit(errors, values, {"title": 200, "demand": MAX_TEXT, "response": MAX_TEXT})
    if errors:
        raise ValidationError(errors)
    return values, links


def _set_links(action: AdvocacyAction, links: dict) -> list[str]:
    changed = []
    for name, objs in links.items():
        manager = getattr(action, name)
        if set(manager.values_list("pk", flat=True)) != {o.pk for o in objs}:
            manager.set(objs)
            changed.append(name)
    return changed


def action_create(*, organisation, data: dict, actor) -> AdvocacyAction:
    collective = data.get("collective")
    _require(actor, Cap.MANAGE_ADVOCACY, organisation.pk, getattr(collective, "pk", None))
    values, links = _clean_action(organisation.pk, data)
    with transaction.atomic():
        action = AdvocacyAction.objects.create(
            reference=_ref(AdvocacyAction), organisation=organisation, created_by=actor, **values
        )
        _set_links(action, links)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=action,
            detail={"kind": action.kind, "participants": len(links["participants"])},
        )
    return action


def action_update(*, action: AdvocacyAction, data: dict, actor) -> AdvocacyAction:
    _require(actor, Cap.MANAGE_ADVOCACY, action.organisation_id, action.collective_id)
    data = {**data, "collective": action.collective}
    values, links = _clean_action(action.organisation_id, data)
    with transaction.atomic():
        changed = sorted(k for k, v in values.items() if getattr(action, k) != v)
        for k, v in values.items():
            setattr(action, k, v)
        action.save()
        changed += _set_links(action, links)
        if changed:
            audit.record(audit.Action.CHANGE, actor=actor, obj=action, fields=changed)
    return action


def action_response(*, action: AdvocacyAction, data: dict, actor) -> AdvocacyAction:
    """What the duty bearer answered, and when."""
    _require(actor, Cap.MANAGE_ADVOCACY, action.organisation_id, action.collective_id)
    response, on = _text(data, "response", MAX_TEXT), data.get("response_on")
    errors: dict[str, str] = {}
    if not response:
        errors["response"] = _("Write what they answered.")
    _past(errors, "response_on", on)
    if on is not None and "response_on" not in errors and on < action.on:
        errors["response_on"] = _("The response is dated before the action.")
    _limit(errors, {"response": response}, {"response": MAX_TEXT})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        action.response, action.response_on = response, on
        action.save(update_fields=["response", "response_on", "updated_at"])
        audit.record(audit.Action.CHANGE, actor=actor, obj=action, fields=["response"])
    return action


DOCUMENT_TYPES = IMAGE_OR_PDF_TYPES


def document_add(*, action: AdvocacyAction, data: dict, upload, actor) -> ActionDocument:
    """A paper of the action, stored encrypted through the vault."""
    _require(actor, Cap.MANAGE_ADVOCACY, action.organisation_id, action.collective_id)
    title = _text(data, "title", 200)
    errors: dict[str, str] = {}
    if not title:
        errors["title"] = _("Say what the document is, e.g. Memorandum as submitted.")
    if upload is None:
        errors["upload"] = _("Choose the file.")
    _limit(errors, {"title": title}, {"title": 200})
    if errors:
        raise ValidationError(errors)
    content, mime = check_upload(upload, "upload", DOCUMENT_TYPES)
    doc = ActionDocument(
        action=action,
        title=title,
        names_people=bool(data.get("names_people")),
        content_type=mime,
        added_by=actor,
    )
    with transaction.atomic():
        vault.store(doc, "doc_file", content)
        doc.save()
        audit.record(
            audit.Action.CHANGE,
            actor=actor,
            obj=action,
            fields=["documents"],
            detail={"names_people": doc.names_people},
        )
    return doc


def follow_up_add(*, action: AdvocacyAction, data: dict, actor) -> FollowUp:
    _require(actor, Cap.MANAGE_ADVOCACY, action.organisation_id, action.collective_id)
    due_on, note, user = data.get("due_on"), _text(data, "note", 300), data.get("assigned_to")
    errors: dict[str, str] = {}
    if due_on is None:
        errors["due_on"] = _("Write by when.")
    elif due_on > timezone.localdate() + timedelta(days=366):
        errors["due_on"] = _("The date is more than a year away.")
    if not note:
        errors["note"] = _("Write what is to be done, e.g. Visit the Collectorate for the answer.")
    collectives = [action.collective_id] if action.collective_id else []
    if user is not None and not policy.has_cap_for(
        user, Cap.VIEW_ADVOCACY, action.organisation_id, collectives
    ):
        errors["assigned_to"] = _("Choose a user who works on this.")
    _limit(errors, {"note": note}, {"note": 300})
    if errors or due_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        fu = FollowUp.objects.create(
            action=action,
            organisation_id=action.organisation_id,
            collective_id=action.collective_id,
            due_on=due_on,
            note=note,
            assigned_to=user,
            created_by=actor,
        )
        audit.record(audit.Action.CHANGE, actor=actor, obj=action, fields=["follow_ups"])
    return fu


def follow_up_done(*, follow_up: FollowUp, actor, on: date | None = None) -> FollowUp:
    _require(actor, Cap.MANAGE_ADVOCACY, follow_up.organisation_id, follow_up.collective_id)
    if follow_up.done_on is not None:
        return follow_up
    with transaction.atomic():
        follow_up.done_on = on or timezone.localdate()
        follow_up.save(update_fields=["done_on"])
        audit.record(audit.Action.CHANGE, actor=actor, obj=follow_up.action, fields=["follow_ups"])
    return follow_up


# ------------------------------------------------------------------ outcomes
OUTCOME_LINKS = ("reached_members", "actions", "engagements", "claims")


def _clean_outcome(organisation_id: int, data: dict) -> tuple[dict, dict]:
    from saathi.collectives.models import Claim

    collective = data.get("collective")
    values: dict[str, Any] = {
        "collective": collective,
        "campaign": data.get("campaign"),
        "kind": str(data.get("kind") or ""),
        "title": _text(data, "title", 200),
        "description": _text(data, "description", MAX_TEXT),
        "on": data.get("on"),
        "evidence_reference": _text(data, "evidence_reference", 200),
        "evidence_names_people": bool(data.get("evidence_names_people")),
        "reach_count": data.get("reach_count"),
    }
    links: dict[str, list] = {k: list(data.get(k) or []) for k in OUTCOME_LINKS}
    errors: dict[str, str] = {}
    if values["kind"] not in OutcomeKind.values:
        errors["kind"] = _("Choose what was won.")
    if not values["title"]:
        errors["title"] = _("Give it a short title, e.g. Rations for 600 women without cards.")
    _past(errors, "on", values["on"])
    _collective_ok(errors, collective, organisation_id)
    _same_org(
        errors, "campaign", values["campaign"], organisation_id, _("Choose a campaign of yours.")
    )
    campaign = values["campaign"]
    if (
        campaign is not None
        and campaign.collective_id
        and campaign.collective_id != getattr(collective, "pk", None)
    ):
        errors["campaign"] = _("This campaign belongs to another collective.")
    count = values["reach_count"]
    if count is not None and (not isinstance(count, int) or not 0 < count <= 100_000_000):
        errors["reach_count"] = _("Write how many people it reaches.")
    if count is None and not links["reached_members"]:
        errors["reach_count"] = _("Write how many people it reaches, or name the members.")
    if any(not _member_ok(m, organisation_id, collective) for m in links["reached_members"]):
        errors["reached_members"] = _("Choose members of this collective.")
    for name in ("actions", "engagements"):
        if any(
            o.organisation_id != organisation_id
            or (collective is not None and o.collective_id != collective.pk)
            for o in links[name]
        ):
            errors[name] = _("Choose from this collective's records.")
    if any(
        not isinstance(c, Claim)
        or c.organisation_id != organisation_id
        or (collective is not None and c.collective_id != collective.pk)
        for c in links["claims"]
    ):
        errors["claims"] = _("Choose claims of this collective.")
    _limit(errors, values, {"title": 200, "description": MAX_TEXT, "evidence_reference": 200})
    if errors:
        raise ValidationError(errors)
    return values, links


def outcome_create(*, organisation, data: dict, actor, evidence=None) -> Outcome:
    """A change won. Its evidence is stored encrypted through the vault; one that names
    members opens for those who manage advocacy only and never reaches the PDF."""
    collective = data.get("collective")
    _require(actor, Cap.MANAGE_ADVOCACY, organisation.pk, getattr(collective, "pk", None))
    values, links = _clean_outcome(organisation.pk, data)
    upload = check_upload(evidence, "evidence", DOCUMENT_TYPES) if evidence is not None else None
    with transaction.atomic():
        outcome = Outcome(
            reference=_ref(Outcome), organisation=organisation, created_by=actor, **values
        )
        if upload is not None:
            vault.store(outcome, "evidence_file", upload[0])
            outcome.evidence_type = upload[1]
        outcome.save()
        for name, objs in links.items():
            getattr(outcome, name).set(objs)
        audit.record(
            audit.Action.CREATE,
            actor=actor,
            obj=outcome,
            detail={"kind": outcome.kind, "evidence": upload is not None},
        )
    return outcome


def outcome_update(*, outcome: Outcome, data: dict, actor, evidence=None) -> Outcome:
    """A change of an outcome undoes its verification: the second person looks again."""
    _require(actor, Cap.MANAGE_ADVOCACY, outcome.organisation_id, outcome.collective_id)
    data = {**data, "collective": outcome.collective}
    values, links = _clean_outcome(outcome.organisation_id, data)
    upload = check_upload(evidence, "evidence", DOCUMENT_TYPES) if evidence is not None else None
    with transaction.atomic():
        changed = sorted(k for k, v in values.items() if getattr(outcome, k) != v)
        for k, v in values.items():
            setattr(outcome, k, v)
        if upload is not None:
            vault.store(outcome, "evidence_file", upload[0])
            outcome.evidence_type = upload[1]
            changed.append("evidence")
        for name, objs in links.items():
            manager = getattr(outcome, name)
            if set(manager.values_list("pk", flat=True)) != {o.pk for o in objs}:
                manager.set(objs)
                changed.append(name)
        if changed and outcome.verified_at is not None:
            outcome.verified_at, outcome.verified_by = None, None
            changed.append("verified")
        outcome.save()
        if changed:
            audit.record(audit.Action.CHANGE, actor=actor, obj=outcome, fields=changed)
    return outcome


def outcome_verify(*, outcome: Outcome, actor) -> Outcome:
    """A second person (not whoever recorded it) confirms the change happened."""
    _require(actor, Cap.VERIFY_OUTCOMES, outcome.organisation_id, outcome.collective_id)
    if outcome.created_by_id == actor.pk:
        raise ValidationError(_("A second person verifies an outcome: you recorded this one."))
    with transaction.atomic():
        locked = Outcome.objects.select_for_update().get(pk=outcome.pk)
        if locked.verified_at is not None:
            return locked
        outcome.verified_at, outcome.verified_by = timezone.now(), actor
        outcome.save(update_fields=["verified_at", "verified_by"])
        audit.record(audit.Action.CHANGE, actor=actor, obj=outcome, fields=["verified"])
    return outcome


def timeline_pdf(*, campaign: Campaign, actor, language: str) -> bytes:
    """The campaign's timeline for funders and the network, in ``language``; members
    named only as their consent allows (``timeline.py``). Audited as a print."""
    from . import timeline

    _require(actor, Cap.PRINT_TIMELINE, campaign.organisation_id, campaign.collective_id)
    pdf, shown = timeline.render_pdf(campaign, actor, language)
    audit.record(
        audit.Action.PRINT,
        actor=actor,
        obj=campaign,
        detail={"language": language, "items": shown},
    )
    return pdf


def alerts_seen(*, engagement: Engagement, user) -> None:
    Alert.objects.filter(user=user, engagement=engagement, seen_at__isnull=True).update(
        seen_at=timezone.now()
    )
