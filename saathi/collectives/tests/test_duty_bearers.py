"""The directory of duty bearers: scoped, validated at the field, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from saathi.accounts.models import ApiToken
from saathi.collectives import access, selectors, services
from saathi.collectives.models import DutyBearer
from saathi.core.models import AuditEvent
from saathi.core.policy import Role

COLLECTOR = {
    "title": "District Collector",
    "office": "Collectorate, North 24 Parganas",
    "department": "General Administration",
    "level": "district",
    "state": "WB",
    "district": "North 24 Parganas",
    "address": "Barasat\nWest Bengal 700124",
    "phone": "033 2552 3000",
    "email": "dm-n24pgs@example.gov.in",
}


def _create(world, org="a", role=Role.FACILITATOR, **data):
    return services.duty_bearer_create(
        organisation=world.orgs[org], data={**COLLECTOR, **data}, actor=world.user(org, role)
    )


@pytest.mark.django_db
def test_create_is_audited_without_contacts(world):
    entry = _create(world)
    assert entry.reference.startswith("DTY-")
    assert entry.address_lines() == [
        "District Collector",
        "Collectorate, North 24 Parganas",
        "General Administration",
        "Barasat",
        "West Bengal 700124",
    ]
    event = AuditEvent.objects.filter(object_id=str(entry.uuid)).get()
    assert event.action == "create"
    assert "033" not in str(event.detail) and "example.gov.in" not in str(event.detail)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data,field",
    [
        ({"title": " "}, "title"),
        ({"office": ""}, "office"),
        ({"level": "galaxy"}, "level"),
        ({"state": "ZZ"}, "state"),
        ({"district": ""}, "district"),
        ({"phone": "call me"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_bad_input_is_refused_at_its_field(world, data, field):
    with pytest.raises(ValidationError) as exc:
        _create(world, **data)
    assert field in exc.value.error_dict


@pytest.mark.django_db
def test_state_level_office_needs_no_district(world):
    entry = _create(world, level="state", district="", title="Principal Secretary")
    assert entry.district == ""


@pytest.mark.django_db
def test_leader_shares_her_organisations_directory_only(world):
    entry = _create(world, "a")
    other = _create(world, "b", state="AP", district="Guntur")
    leader = world.user("a", Role.COLLECTIVE_LEADER)  # granted on collective A1 only
    assert access.access_duty_bearer(leader, entry.uuid) == entry
    with pytest.raises(Http404):
        access.access_duty_bearer(leader, other.uuid)
    # she may add to and edit her organisation's directory, never another's
    mine = _create(world, "a", Role.COLLECTIVE_LEADER, title="Block Development Officer")
    assert mine.organisation == world.orgs["a"]
    with pytest.raises(PermissionDenied):
        services.duty_bearer_create(organisation=world.orgs["b"], data=COLLECTOR, actor=leader)
    with pytest.raises(PermissionDenied):
        services.duty_bearer_update(duty_bearer=other, data=COLLECTOR, actor=leader)
    assert AuditEvent.objects.filter(action="denied").exists()


@pytest.mark.django_db
def test_volunteer_reads_but_does_not_edit_and_viewer_sees_nothing(world):
    entry = _create(world)
    volunteer = world.user("a", Role.VOLUNTEER)
    assert access.access_duty_bearer(volunteer, entry.uuid) == entry
    with pytest.raises(PermissionDenied):
        services.duty_bearer_update(duty_bearer=entry, data=COLLECTOR, actor=volunteer)
    assert not DutyBearer.objects.visible_to(world.user("a", Role.VIEWER)).exists()


@pytest.mark.django_db
def test_archived_entries_leave_the_pickers(world):
    entry = _create(world)
    actor = world.user("a", Role.FACILITATOR)
    assert list(selectors.duty_bearer_choices(actor, world.orgs["a"].pk)) == [entry]
    services.duty_bearer_update(
        duty_bearer=entry, data={**COLLECTOR, "archived": True}, actor=actor
    )
    entry.refresh_from_db()
    assert entry.archived_at is not None
    assert not selectors.duty_bearer_choices(actor, world.orgs["a"].pk).exists()
    archived = selectors.duty_bearers_matching(actor, selectors.DirectoryFilters(archived=True))
    assert list(archived) == [entry]
    assert AuditEvent.objects.filter(object_id=str(entry.uuid), action="archive").exists()


@pytest.mark.django_db
def test_list_filters_and_search(world):
    _create(world)
    bdo = _create(world, title="Block Development Officer", level="block", office="Habra-I Block")
    _create(world, title="Principal Secretary", level="state", district="", office="Food dept")
    actor = world.user("a", Role.FACILITATOR)
    found = selectors.duty_bearers_matching(actor, selectors.DirectoryFilters(q="habra block"))
    assert list(found) == [bdo]
    by_level = selectors.duty_bearers_matching(actor, selectors.DirectoryFilters(level="state"))
    assert [d.title for d in by_level] == ["Principal Secretary"]


@pytest.mark.django_db
def test_create_page_keeps_what_was_typed_on_error(world):
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    url = reverse("collectives:duty_bearer_create")
    r = client.post(url, {**COLLECTOR, "phone": "call the peon", "district": ""})
    assert r.status_code == 200
    body = r.content.decode()
    assert "Collectorate, North 24 Parganas" in body  # kept
    form = r.context["form"]
    assert "phone" in form.errors and "district" in form.errors
    assert not DutyBearer.objects.exists()
    r = client.post(url, COLLECTOR)
    entry = DutyBearer.objects.get()
    assert r.status_code == 302 and r["Location"].endswith(f"/duty-bearers/{entry.uuid}/")
    page = client.get(reverse("collectives:duty_bearer_list")).content.decode()
    assert "District Collector" in page


@pytest.mark.django_db
def test_edit_page_changes_and_archives(world):
    entry = _create(world)
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    url = reverse("collectives:duty_bearer_edit", args=[entry.uuid])
    r = client.post(url, {**COLLECTOR, "official_name": "Smt. A. Sen", "archived": "on"})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.official_name == "Smt. A. Sen" and entry.archived_at is not None
    detail = client.get(reverse("collectives:duty_bearer_detail", args=[entry.uuid]))
    assert "Smt. A. Sen" in detail.content.decode()


@pytest.mark.django_db
def test_list_page_query_count_is_bounded(world, django_assert_max_num_queries):
    for i in range(60):
        _create(world, title=f"Officer {i:02d}")
    client = Client()
    client.force_login(world.user("a", Role.COLLECTIVE_LEADER))
    with django_assert_max_num_queries(12):
        r = client.get(reverse("collectives:duty_bearer_list"))
    assert r.status_code == 200 and r.context["page"].paginator.num_pages == 2


@pytest.mark.django_db
def test_api_lists_and_reads_scoped(world):
    entry = _create(world)
    other = _create(world, "b", state="AP", district="Guntur")
    ApiToken.objects.create(
        user=world.user("a", Role.FACILITATOR),
        name="t",
        key_hash=ApiToken.hash_key("sa_test_dir"),
        prefix="x",
    )
    client = Client()
    auth = {"HTTP_AUTHORIZATION": "Bearer sa_test_dir"}
    r = client.get("/api/duty-bearers?q=collector", **auth)
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["uuid"] for i in items] == [str(entry.uuid)]
    assert items[0]["level"] == "district" and items[0]["active"] is True
    assert client.get(f"/api/duty-bearers/{entry.uuid}", **auth).status_code == 200
    assert client.get(f"/api/duty-bearers/{other.uuid}", **auth).status_code == 404


@pytest.mark.django_db
def test_messages_in_the_users_language(world):
    from django.utils import translation

    with translation.override("te"), pytest.raises(ValidationError) as exc:
        _create(world, title="")
    assert "పదవి" in exc.value.error_dict["title"][0].messages[0]
    user = world.user("a", Role.FACILITATOR)
    user.language = "bn"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    r = client.get(reverse("collectives:duty_bearer_list"))
    assert "দায়িত্বপ্রাপ্ত কর্তৃপক্ষ" in r.content.decode()
