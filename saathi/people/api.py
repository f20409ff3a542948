"""Registry API routes: every query goes through ``visible_to``; confidential fields never."""

from datetime import date
from uuid import UUID

from ninja import Field, FilterSchema, Query, Router, Schema, Status
from ninja.pagination import paginate

from saathi.api.kit import Pagination, requires
from saathi.core import audit
from saathi.core.confidential import can_reveal, reveal
from saathi.core.policy import Cap

from . import access, selectors
from .models import Collective, Household, IdentityDocument, Organisation

router = Router(tags=["registry"])


class OrganisationOut(Schema):
    uuid: UUID
    name: str
    short_name: str
    is_network: bool
    states: list[str]
    districts: list[str]


class CollectiveOut(Schema):
    uuid: UUID
    name: str
    name_native: str
    organisation: UUID = Field(..., alias="organisation.uuid")
    state: str
    districts: list[str]
    founded_on: date | None
    networks: str


class NameOut(Schema):
    text: str
    script: str
    kind: str


class MembershipOut(Schema):
    collective: UUID = Field(..., alias="collective.uuid")
    role: str
    joined_on: date
    left_on: date | None


class MemberOut(Schema):
    uuid: UUID
    reference: str
    display_name: str
    native_name: str
    sex: str
    gender: str
    birth_year: int
    birth_year_estimated: bool
    state: str
    district: str
    block: str
    village: str
    preferred_language: str
    archived: bool = Field(..., alias="is_archived")

    @staticmethod
    def resolve_is_archived(obj):
        return obj.archived_at is not None


class MemberDetailOut(MemberOut):
    names: list[NameOut]
    memberships: list[MembershipOut]
    household: UUID | None = None
    birth_date: str | None = Field(None, alias="api_birth_date")
    phones: list[str] | None = Field(None, alias="api_phones")

    @staticmethod
    def resolve_names(obj):
        return list(obj.names.all())

    @staticmethod
    def resolve_memberships(obj):
        return list(obj.memberships.select_related("collective"))

    @staticmethod
    def resolve_household(obj):
        return obj.household.uuid if obj.household_id else None


class DependantOut(Schema):
    name: str
    relationship: str
    sex: str
    birth_year: int


class HouseholdOut(Schema):
    uuid: UUID
    reference: str
    head: UUID | None = None
    dependants: list[DependantOut]

    @staticmethod
    def resolve_head(obj):
        return obj.head.uuid if obj.head_id else None


class DocumentOut(Schema):
    uuid: UUID
    member: UUID = Field(..., alias="member.uuid")
    kind: str
    other_kind: str
    status: str
    number_last4: str
    ration_category: str
    bank_account_type: str
    identification_route: str
    issued_on: date | None
    has_scan: bool

    @staticmethod
    def resolve_has_scan(obj):
        return bool(obj.scan_file)


class ConsentIn(Schema):
    method: str = Field(..., description="signature, thumbprint, read_aloud or digital")
    language: str = Field(..., description="language of the notice: bn, te, hi, en, ...")
    witness_name: str = ""
    guardian_name: str = Field("", description="required when the member is under 18")


class MemberIn(Schema):
    """A new member. Consent for registration and services is part of the request."""

    organisation: UUID | None = None
    primary_name: str
    native_name: str = ""
    alias: str = ""
    sex: str
    gender: str = "not_stated"
    birth_date: date | None = None
    age: int | None = None
    state: str
    district: str
    block: str = ""
    village: str = ""
    preferred_language: str
    phone: str = ""
    phone_shared: bool = False
    collective: UUID | None = None
    collective_role: str = "member"
    consent: ConsentIn
    different_person: bool = Field(
        False, description="register even though likely duplicates were reported (409)"
    )


class FieldErrors(Schema):
    detail: str
    errors: dict[str, list[str]]


class CandidateOut(Schema):
    uuid: UUID
    reference: str
    display_name: str
    native_name: str
    village: str
    district: str
    age: int
    reasons: list[str]


class DuplicatesOut(Schema):
    detail: str
    candidates: list[CandidateOut]


def duplicates_out(check) -> dict:
    return {
        "detail": "possible_duplicates",
        "candidates": [c.__dict__ for c in check.candidates],
    }


class MemberFilter(FilterSchema):
    q: str | None = None
    district: str | None = None
    collective: UUID | None = None
    missing_document: bool | None = None


@router.get("/organisations", response=list[OrganisationOut])
def list_organisations(request):
    return list(Organisation.objects.visible_to(request.user))


@router.get("/collectives", response=list[CollectiveOut])
def list_collectives(request):
    return list(Collective.objects.visible_to(request.user).select_related("organisation"))


@router.get("/members", response=list[MemberOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_MEMBERS)
def list_members(request, filters: Query[MemberFilter]):
    return selectors.members_matching(
        request.user,
        selectors.MemberFilters(
            q=filters.q or "",
            district=filters.district or "",
            collective=str(filters.collective or ""),
            missing_document=bool(filters.missing_document),
        ),
    )


@router.get("/members/{uuid}", response=MemberDetailOut)
@requires(Cap.VIEW_MEMBERS)
def get_member(request, uuid: UUID):
    member = access.access_member(request.user, uuid)
    member.api_birth_date = None
    member.api_phones = None
    if can_reveal(request.user, member, confidential=False):
        member.api_birth_date = reveal(request.user, member, ["birth_date"])["birth_date"] or None
        phones = list(member.phones.all())
        member.api_phones = [p.number.unseal_for_system() for p in phones]
        if phones:
            audit.record(
                audit.Action.VIEW_PERSONAL, actor=request.user, obj=member, fields=["phones"]
            )
    return member


@router.post(
    "/members",
    response={201: MemberDetailOut, 403: FieldErrors, 409: DuplicatesOut, 422: FieldErrors},
)
@requires(Cap.EDIT_MEMBERS)
def create_member(request, payload: MemberIn):
    """Register a member, validated exactly as the registration page validates her.

    Likely duplicates already registered answer 409 with the candidates; send again with
    ``different_person: true`` to register her anyway."""
    from saathi.linkage.registration import duplicates_to_confirm

    from .forms import MemberRegisterForm, register_from_form

    data = payload.dict()
    different = {"different_person": "1"} if data.pop("different_person") else {}
    consent = data.pop("consent")
    data.update({f"consent_{k}": v for k, v in consent.items()})
    data["witness_name"] = data.pop("consent_witness_name")
    data["guardian_name"] = data.pop("consent_guardian_name")
    if data["birth_date"] is not None:
        data["birth_date"] = data["birth_date"].strftime("%d/%m/%Y")
    form = MemberRegisterForm(
        {k: v for k, v in data.items() if v is not None and v is not False},
        **access.registration_choices(request.user),
    )
    if form.is_valid():
        duplicates = duplicates_to_confirm(request.user, form, different)
        if duplicates:
            return Status(409, duplicates_out(duplicates))
    member = register_from_form(form, None, request.user) if form.is_valid() else None
    if member is None:
        errors = {k: list(v) for k, v in form.errors.items()}
        return Status(422, {"detail": "invalid", "errors": errors})
    return Status(201, get_member(request, member.uuid))


@router.get("/members/{uuid}/documents", response=list[DocumentOut])
@requires(Cap.VIEW_DOCUMENTS)
def member_documents(request, uuid: UUID):
    member = access.access_member(request.user, uuid)
    return list(
        IdentityDocument.objects.visible_to(request.user)
        .filter(member=member)
        .select_related("member")
    )


@router.get("/households", response=list[HouseholdOut])
@paginate(Pagination, page_size=50)
@requires(Cap.VIEW_MEMBERS)
def list_households(request):
    return (
        Household.objects.visible_to(request.user)
        .select_related("head")
        .prefetch_related("dependants")
        .order_by("reference")
    )


@router.get("/households/{uuid}", response=HouseholdOut)
@requires(Cap.VIEW_MEMBERS)
def get_household(request, uuid: UUID):
    return access.access_household(request.user, uuid)
