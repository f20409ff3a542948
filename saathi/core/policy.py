"""Roles and capabilities: the one table that says who may do what.

Roles are granted per organisation or per collective (``accounts.RoleGrant``). A grant on
an organisation reaches every record of that organisation; a grant on a collective reaches
the members of that collective only. Which records a user reaches is decided by the
``visible_to(user)`` querysets; what they may do with them by the capabilities below.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORG_ADMIN = "org_admin", _("Organisation admin")
    FACILITATOR = "facilitator", _("Facilitator")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    LEGAL_ADVOCATE = "legal_advocate", _("Legal advocate")
    COLLECTIVE_LEADER = "collective_leader", _("Collective leader")
    VOLUNTEER = "volunteer", _("Volunteer (data entry)")
    VIEWER = "viewer", _("Viewer (aggregates only)")


class Cap:
    """Capability names. Each is a plain string so tests can enumerate them."""

    VIEW_MEMBERS = "view_members"  # see member records (names, collective, address)
    EDIT_MEMBERS = "edit_members"  # register and edit members
    ARCHIVE_MEMBERS = "archive_members"
    VIEW_PERSONAL = "view_personal"  # unmasked phone, birth date, ID numbers
    VIEW_CONFIDENTIAL = "view_confidential"  # trafficking history, health, HIV, occupation
    EDIT_CONFIDENTIAL = "edit_confidential"
    VIEW_DOCUMENTS = "view_documents"  # identity documents and their scans
    EDIT_DOCUMENTS = "edit_documents"
    RECORD_CONSENT = "record_consent"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    VIEW_AGGREGATES = "view_aggregates"
    MANAGE_REGISTRY = "manage_registry"  # organisations' collectives
    USE_API = "use_api"
    # entitlements (secretarial services)
    VIEW_APPLICATIONS = "view_applications"  # applications, correspondence, agenda
    EDIT_APPLICATIONS = "edit_applications"  # start, move and follow up applications
    PRINT_LETTERS = "print_letters"  # generate and print letters to authorities
    RUN_DRIVES = "run_drives"  # campaigns that start applications for many members
    MANAGE_SCHEMES = "manage_schemes"  # edit the organisation's scheme catalogue
    # relief (crisis response)
    VIEW_RELIEF = "view_relief"  # programmes, distributions, campaigns with names
    MANAGE_RELIEF = "manage_relief"  # programmes, beneficiary lists for authorities
    RECORD_DISTRIBUTIONS = "record_distributions"
    MANAGE_FUNDS = "manage_funds"  # fundraising campaigns, donations, expenditure
    MANAGE_SURVEYS = "manage_surveys"  # import XLSForms, import Kobo/ODK responses
    RECORD_RESPONSES = "record_responses"  # fill in needs assessments
    # linkage (duplicate detection)
    LINK_LISTS = "link_lists"  # import beneficiary lists, review and merge duplicates
    # legal (legal aid, ADR 0032)
    VIEW_LEGAL = "view_legal_matters"  # that a matter exists, its stage and next date
    MANAGE_LEGAL = "manage_legal_matters"  # everything of a matter, edit it, confidential
    REVEAL_LEGAL = "reveal_legal_matters"  # open a whole matter, confidential parts audited
    PRINT_LEGAL = "print_legal_letters"  # letters to the DLSA, SP, Magistrate, authority
    # collectives (facilitation: sessions, decisions, trainings, claims, duty bearers)
    VIEW_DUTY_BEARERS = "view_duty_bearers"  # the directory of offices and officials
    MANAGE_DUTY_BEARERS = "manage_duty_bearers"  # add and edit its entries
    VIEW_SESSIONS = "view_sessions"  # group sessions, attendance, decisions, action items
    RECORD_SESSIONS = "record_sessions"  # record sessions, attendance, decisions, items
    MANAGE_COLLECTIVE_PROFILE = "manage_collective_profile"  # registration, office bearers
    MANAGE_TRAININGS = "manage_trainings"  # training series and their participants
    VIEW_CLAIMS = "view_claims"  # collective claims to duty bearers
    EDIT_CLAIMS = "edit_claims"  # draft and move collective claims
    PRINT_PETITIONS = "print_petitions"  # petitions and memoranda with members' names
    # wellbeing (counselling, screenings, referrals, incidents; ADR 0037)
    VIEW_WELLBEING = "view_wellbeing"  # sessions' dates, screening bands, referrals' statuses
    RECORD_WELLBEING = "record_wellbeing"  # record sessions, screenings, referrals, support
    READ_WELLBEING_NOTES = "read_wellbeing_notes"  # notes, answers, incident details (audited)
    VIEW_INCIDENTS = "view_incidents"  # the facts of incidents of stigma and violence
    RECORD_INCIDENTS = "record_incidents"  # record those facts
    # rights (a member's own requests, grievances, erasure; ADR 0034a)
    VIEW_RIGHTS = "view_rights_requests"  # her requests and grievances, their clock
    RECORD_RIGHTS = "record_rights_requests"  # record a request for her, answer it
    APPROVE_ERASURE = "approve_erasure"  # the second pair of eyes that erases her
    # advocacy (media engagements, advocacy actions, outcomes, ADR 0038)
    VIEW_ADVOCACY = "view_advocacy"  # media contacts, engagements, actions, outcomes, campaigns
    MANAGE_ADVOCACY = "manage_advocacy"  # record them, identity consents, publish
    VERIFY_OUTCOMES = "verify_outcomes"  # mark an outcome verified (a second person)
    PRINT_TIMELINE = "print_advocacy_timeline"  # a campaign's timeline as a PDF
    # livelihoods (supports, loans, debts, devices, health drives) and relief stock
    VIEW_LIVELIHOODS = "view_livelihoods"  # supports, loans, follow-ups, devices, health drives
    RECORD_LIVELIHOODS = "record_livelihoods"  # record supports, follow-ups, repayments
    VIEW_DEBTS = "view_debts"  # informal debts: confidential (ADR 0039)
    RECORD_DEBTS = "record_debts"
    MANAGE_DEVICES = "manage_devices"  # devices and assets given, their SIM plans
    RUN_HEALTH_DRIVES = "run_health_drives"  # create health drives
    RECORD_HEALTH_STEPS = "record_health_steps"  # mark doses, screenings, enrolments
    MANAGE_STOCK = "manage_stock"  # receipts, moves and counts of relief stock


ALL_CAPS = frozenset(v for k, v in vars(Cap).items() if k.isupper())

_STAFF_BASE = {
    Cap.VIEW_MEMBERS,
    Cap.EDIT_MEMBERS,
    Cap.VIEW_PERSONAL,
    Cap.VIEW_DOCUMENTS,
    Cap.EDIT_DOCUMENTS,
    Cap.RECORD_CONSENT,
    Cap.VIEW_AGGREGATES,
    Cap.USE_API,
}

_CASEWORK = {Cap.VIEW_APPLICATIONS, Cap.EDIT_APPLICATIONS, Cap.PRINT_LETTERS, Cap.VIEW_RELIEF}
_RUN_MODULES = {
    Cap.RUN_DRIVES,
    Cap.MANAGE_RELIEF,
    Cap.RECORD_DISTRIBUTIONS,
    Cap.MANAGE_FUNDS,
    Cap.MANAGE_SURVEYS,
    Cap.RECORD_RESPONSES,
    Cap.LINK_LISTS,
}

CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ORG_ADMIN: frozenset(
        _STAFF_BASE
        | _CASEWORK
        | _RUN_MODULES
        | {
            Cap.ARCHIVE_MEMBERS,
            Cap.MANAGE_USERS,
            Cap.VIEW_AUDIT,
            Cap.MANAGE_REGISTRY,
            Cap.MANAGE_SCHEMES,
        }
    ),
    Role.FACILITATOR: frozenset(_STAFF_BASE | _CASEWORK | _RUN_MODULES | {Cap.ARCHIVE_MEMBERS}),
    Role.SOCIAL_WORKER: frozenset(
        _STAFF_BASE
        | _CASEWORK
        | {
            Cap.VIEW_CONFIDENTIAL,
            Cap.EDIT_CONFIDENTIAL,
            Cap.RECORD_DISTRIBUTIONS,
            Cap.RECORD_RESPONSES,
            Cap.LINK_LISTS,
        }
    ),
    Role.LEGAL_ADVOCATE: frozenset(
        _STAFF_BASE - {Cap.EDIT_MEMBERS}
        | _CASEWORK
        | {Cap.VIEW_CONFIDENTIAL, Cap.EDIT_CONFIDENTIAL}
    ),
    Role.COLLECTIVE_LEADER: frozenset(
        {Cap.VIEW_MEMBERS, Cap.EDIT_MEMBERS, Cap.RECORD_CONSENT, Cap.VIEW_AGGREGATES}
        | _CASEWORK
        | {Cap.RUN_DRIVES, Cap.RECORD_DISTRIBUTIONS, Cap.RECORD_RESPONSES}
    ),
    Role.VOLUNTEER: frozenset(
        {Cap.VIEW_MEMBERS, Cap.EDIT_MEMBERS, Cap.RECORD_CONSENT}
        | {Cap.VIEW_APPLICATIONS, Cap.EDIT_APPLICATIONS, Cap.VIEW_RELIEF}
        | {Cap.RECORD_DISTRIBUTIONS, Cap.RECORD_RESPONSES}
    ),
    Role.VIEWER: frozenset({Cap.VIEW_AGGREGATES}),
}

# legal (ADR 0032): advocates see and write everything of a matter; admins open it
# through an audited reveal; facilitators and social workers see only that it exists,
# its stage and its next date; leaders, volunteers and viewers nothing of it.
_LEGAL: dict[str, set[str]] = {
    Role.ORG_ADMIN: {Cap.VIEW_LEGAL, Cap.REVEAL_LEGAL},
    Role.FACILITATOR: {Cap.VIEW_LEGAL},
    Role.SOCIAL_WORKER: {Cap.VIEW_LEGAL},
    Role.LEGAL_ADVOCATE: {Cap.VIEW_LEGAL, Cap.MANAGE_LEGAL, Cap.PRINT_LEGAL},
}
for _role, _caps in _LEGAL.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# end legal
# collectives: who holds its capabilities (added to the table above)
_COLLECTIVES_VIEW = {Cap.VIEW_DUTY_BEARERS, Cap.VIEW_SESSIONS, Cap.VIEW_CLAIMS}
_COLLECTIVES_GRANTS: dict[str, set[str]] = {
    Role.ORG_ADMIN: _COLLECTIVES_VIEW
    | {
        Cap.MANAGE_DUTY_BEARERS,
        Cap.RECORD_SESSIONS,
        Cap.MANAGE_COLLECTIVE_PROFILE,
        Cap.MANAGE_TRAININGS,
        Cap.EDIT_CLAIMS,
        Cap.PRINT_PETITIONS,
    },
    Role.FACILITATOR: _COLLECTIVES_VIEW
    | {
        Cap.MANAGE_DUTY_BEARERS,
        Cap.RECORD_SESSIONS,
        Cap.MANAGE_COLLECTIVE_PROFILE,
        Cap.MANAGE_TRAININGS,
        Cap.EDIT_CLAIMS,
        Cap.PRINT_PETITIONS,
    },
    Role.SOCIAL_WORKER: _COLLECTIVES_VIEW | {Cap.MANAGE_DUTY_BEARERS},
    Role.LEGAL_ADVOCATE: _COLLECTIVES_VIEW
    | {Cap.MANAGE_DUTY_BEARERS, Cap.EDIT_CLAIMS, Cap.PRINT_PETITIONS},
    Role.COLLECTIVE_LEADER: _COLLECTIVES_VIEW
    | {
        Cap.MANAGE_DUTY_BEARERS,
        Cap.RECORD_SESSIONS,
        Cap.MANAGE_COLLECTIVE_PROFILE,
        Cap.EDIT_CLAIMS,
        Cap.PRINT_PETITIONS,
    },
    Role.VOLUNTEER: _COLLECTIVES_VIEW | {Cap.RECORD_SESSIONS},
    Role.VIEWER: set(),
}
for _role, _caps in _COLLECTIVES_GRANTS.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# end collectives
# wellbeing (ADR 0037): social workers record and read everything, notes and answers
# audited; admins and facilitators see that sessions, screenings and referrals exist (dates,
# bands, statuses), never notes or answers; leaders and volunteers record and see the facts
# of incidents in their reach; viewers see the suppressed figures only.
_WELLBEING: dict[str, set[str]] = {
    Role.ORG_ADMIN: {Cap.VIEW_WELLBEING, Cap.VIEW_INCIDENTS, Cap.RECORD_INCIDENTS},
    Role.FACILITATOR: {Cap.VIEW_WELLBEING, Cap.VIEW_INCIDENTS, Cap.RECORD_INCIDENTS},
    Role.SOCIAL_WORKER: {
        Cap.VIEW_WELLBEING,
        Cap.RECORD_WELLBEING,
        Cap.READ_WELLBEING_NOTES,
        Cap.VIEW_INCIDENTS,
        Cap.RECORD_INCIDENTS,
    },
    Role.COLLECTIVE_LEADER: {Cap.VIEW_INCIDENTS, Cap.RECORD_INCIDENTS},
    Role.VOLUNTEER: {Cap.VIEW_INCIDENTS, Cap.RECORD_INCIDENTS},
}
for _role, _caps in _WELLBEING.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# end wellbeing
# rights (ADR 0034a): staff who work with members record and answer their requests; an
# organisation admin decides them and is the second person who approves an erasure
_RIGHTS_GRANTS: dict[str, set[str]] = {
    Role.ORG_ADMIN: {Cap.VIEW_RIGHTS, Cap.RECORD_RIGHTS, Cap.APPROVE_ERASURE},
    Role.FACILITATOR: {Cap.VIEW_RIGHTS, Cap.RECORD_RIGHTS},
    Role.SOCIAL_WORKER: {Cap.VIEW_RIGHTS, Cap.RECORD_RIGHTS},
    Role.LEGAL_ADVOCATE: {Cap.VIEW_RIGHTS, Cap.RECORD_RIGHTS},
}
for _role, _caps in _RIGHTS_GRANTS.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# end rights
# advocacy (ADR 0038): admins, facilitators and leaders record and publish; the other
# staff roles and volunteers see; viewers get suppressed counts only.
_ADVOCACY_RUN = {
    Cap.VIEW_ADVOCACY,
    Cap.MANAGE_ADVOCACY,
    Cap.VERIFY_OUTCOMES,
    Cap.PRINT_TIMELINE,
}
_ADVOCACY_GRANTS: dict[str, set[str]] = {
    Role.ORG_ADMIN: _ADVOCACY_RUN,
    Role.FACILITATOR: _ADVOCACY_RUN,
    Role.SOCIAL_WORKER: {Cap.VIEW_ADVOCACY},
    Role.LEGAL_ADVOCATE: {Cap.VIEW_ADVOCACY},
    Role.COLLECTIVE_LEADER: _ADVOCACY_RUN,
    Role.VOLUNTEER: {Cap.VIEW_ADVOCACY},
}
for _role, _caps in _ADVOCACY_GRANTS.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# end advocacy
# livelihoods (ADR 0039): debts to social workers and facilitators only; stock moves and
# counts to those who run relief; leaders and volunteers record supports and health steps
_LIV_ALL = {Cap.VIEW_LIVELIHOODS, Cap.RECORD_LIVELIHOODS, Cap.RECORD_HEALTH_STEPS}
_LIVELIHOODS_GRANTS: dict[str, set[str]] = {
    Role.ORG_ADMIN: _LIV_ALL | {Cap.MANAGE_DEVICES, Cap.RUN_HEALTH_DRIVES, Cap.MANAGE_STOCK},
    Role.FACILITATOR: _LIV_ALL
    | {Cap.VIEW_DEBTS, Cap.RECORD_DEBTS, Cap.MANAGE_DEVICES, Cap.RUN_HEALTH_DRIVES}
    | {Cap.MANAGE_STOCK},
    Role.SOCIAL_WORKER: _LIV_ALL | {Cap.VIEW_DEBTS, Cap.RECORD_DEBTS},
    Role.LEGAL_ADVOCATE: {Cap.VIEW_LIVELIHOODS},
    Role.COLLECTIVE_LEADER: _LIV_ALL,
    Role.VOLUNTEER: {Cap.VIEW_LIVELIHOODS, Cap.RECORD_HEALTH_STEPS},
    Role.VIEWER: set(),
}
for _role, _caps in _LIVELIHOODS_GRANTS.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | _caps
# end livelihoods

# Roles that must set up TOTP before using the app in production.
MFA_REQUIRED_ROLES = frozenset({Role.ORG_ADMIN, Role.SOCIAL_WORKER, Role.LEGAL_ADVOCATE})


# Where a grant on a collective holds a capability across its organisation, record type by
# record type: a leader records distributions in any programme of her organisation (each
# member is then checked on its own), and fills in or reads the surveys of her organisation
# (their responses stay scoped to her collective). Everything else a collective grant
# reaches is the records of that collective and of its members only.
COLLECTIVE_REACHES_ORGANISATION: dict[str, frozenset[str]] = {
    "relief.programme": frozenset({Cap.RECORD_DISTRIBUTIONS}),
    "surveys.survey": ALL_CAPS,
    # collectives: the directory of duty bearers is the organisation's, shared by its collectives
    "collectives.dutybearer": frozenset({Cap.VIEW_DUTY_BEARERS, Cap.MANAGE_DUTY_BEARERS}),
    # advocacy: the organisation's media contacts, shared by its collectives
    "advocacy.mediaoutlet": frozenset({Cap.VIEW_ADVOCACY, Cap.MANAGE_ADVOCACY}),
    "advocacy.journalist": frozenset({Cap.VIEW_ADVOCACY, Cap.MANAGE_ADVOCACY}),
    # livelihoods: a leader distributes from her organisation's stores (member checked alone)
    "stock.place": frozenset({Cap.VIEW_RELIEF, Cap.RECORD_DISTRIBUTIONS}),
}


@dataclass(frozen=True)
class Scope:
    """Where a user's capability reaches: organisation ids and collective ids, and the
    organisations of those collectives."""

    organisations: frozenset[int]
    collectives: frozenset[int]
    collective_organisations: frozenset[int] = frozenset()

    @property
    def empty(self) -> bool:
        return not self.organisations and not self.collectives

    @property
    def organisations_reached(self) -> frozenset[int]:
        """Organisations reached at all: by a grant on them or on one of their collectives."""
        return self.organisations | self.collective_organisations

    def covers(self, organisation_id, collective_ids=(), *, through_collectives=False) -> bool:
        """Does this scope reach a record of this organisation and these collectives?
        ``through_collectives``: a grant on any collective of the organisation is enough."""
        if organisation_id in self.organisations:
            return True
        if through_collectives and organisation_id in self.collective_organisations:
            return True
        return bool(self.collectives.intersection(collective_ids))


def grants_of(user):
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cache = getattr(user, "_saathi_grants", None)
    if cache is None:
        from saathi.accounts.models import RoleGrant

        cache = list(
            RoleGrant.objects.filter(user=user, revoked_at__isnull=True)
            .select_related("collective")
            .only("role", "organisation_id", "collective_id", "collective__organisation_id")
        )
        user._saathi_grants = cache
    return cache


def roles_of(user) -> set[str]:
    return {g.role for g in grants_of(user)}


def capabilities_of(user) -> frozenset[str]:
    caps: set[str] = set()
    for g in grants_of(user):
        caps |= CAPABILITIES[g.role]
    return frozenset(caps)


def has_cap(user, cap: str) -> bool:
    return cap in capabilities_of(user)


def scope_for(user, cap: str | None = None) -> Scope:
    """The organisations and collectives where ``user`` holds ``cap`` (any grant: None)."""
    orgs: set[int] = set()
    colls: set[int] = set()
    coll_orgs: set[int] = set()
    for g in grants_of(user):
        if cap is not None and cap not in CAPABILITIES[g.role]:
            continue
        if g.collective_id:
            colls.add(g.collective_id)
            coll_orgs.add(g.organisation_id)  # a collective grant names its organisation too
        else:
            orgs.add(g.organisation_id)
    return Scope(frozenset(orgs), frozenset(colls), frozenset(coll_orgs))


def has_cap_for(
    user, cap: str, organisation_id: int, collective_ids=(), *, object_type: str = ""
) -> bool:
    """Does ``user`` hold ``cap`` on a record of this organisation and collectives?

    ``object_type`` ("app.model") applies ``COLLECTIVE_REACHES_ORGANISATION``."""
    through = cap in COLLECTIVE_REACHES_ORGANISATION.get(object_type, ())
    return scope_for(user, cap).covers(organisation_id, collective_ids, through_collectives=through)


def clear_cache(user) -> None:
    if hasattr(user, "_saathi_grants"):
        del user._saathi_grants
