import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from saathi.core.models import AuditEvent
from saathi.core.policy import Role
from saathi.relief.surveys import engine, services
from saathi.relief.surveys.models import Response, Survey

from .xlsforms import food_form, xlsx

GOOD = {
    "members": "4",
    "income": "1200.50",
    "needs": ["rations", "rent"],
    "rent_due": "3000",
    "ration_card": "no",
    "why_not": "applied, never came",
    "visited": "04/03/2026",
}


@pytest.fixture
def version(world):
    return services.survey_upload(
        organisation=world.orgs["a"],
        data=food_form(),
        file_name="food.xlsx",
        actor=world.user("a", Role.FACILITATOR),
    )


def meta(world, coll="a1"):
    c = world.collectives[coll]
    return services.ResponseMeta(collective=c, district=c.districts[0])


@pytest.mark.django_db
def test_typed_answers(version):
    checked = engine.check(engine.spec_for(version), GOOD)
    assert checked.ok, checked.errors
    assert checked.answers == {
        "members": 4,
        "income": 1200.5,
        "needs": ["rations", "rent"],
        "rent_due": 3000,
        "ration_card": "no",
        "why_not": "applied, never came",
        "visited": "2026-03-04",
    }


@pytest.mark.django_db
def test_skip_logic_discards_irrelevant_answers(version):
    raw = GOOD | {"needs": ["rations"], "ration_card": "yes"}
    checked = engine.check(engine.spec_for(version), raw)
    assert checked.ok
    assert "rent_due" not in checked.answers and "why_not" not in checked.answers
    assert set(checked.dropped) == {"rent_due", "why_not"}
    assert checked.relevant["rent_due"] is False


@pytest.mark.django_db
def test_required_only_when_relevant(version):
    raw = {k: v for k, v in GOOD.items() if k != "rent_due"}
    assert engine.check(engine.spec_for(version), raw).errors == {
        "rent_due": "This question is required."
    }
    raw["needs"] = ["medicines"]
    assert engine.check(engine.spec_for(version), raw).ok


@pytest.mark.django_db
def test_constraint_message_in_the_users_language(version):
    raw = GOOD | {"members": "25"}
    assert engine.check(engine.spec_for(version), raw, "te").errors == {"members": "1 నుండి 20"}
    assert engine.check(engine.spec_for(version), raw, "bn").errors == {"members": "১ থেকে ২০"}
    assert engine.check(engine.spec_for(version), raw, "hi").errors == {"members": "1 to 20"}


@pytest.mark.django_db
def test_type_errors_and_unknown_choices(version):
    raw = GOOD | {
        "members": "four",
        "income": "1,2x",
        "ration_card": "maybe",
        "visited": "31/02/2026",
    }
    errors = engine.check(engine.spec_for(version), raw).errors
    assert set(errors) == {"members", "income", "ration_card", "visited"}
    assert "four" not in " ".join(errors.values())  # answers never go into messages
    raw = GOOD | {"needs": ["rations", "gold"]}
    assert engine.check(engine.spec_for(version), raw).errors == {
        "needs": "Not one of the choices."
    }


@pytest.mark.django_db
def test_native_digits_accepted(version):
    checked = engine.check(engine.spec_for(version), GOOD | {"members": "৪", "rent_due": "౩౦౦౦"})
    assert checked.answers["members"] == 4 and checked.answers["rent_due"] == 3000


@pytest.mark.django_db
def test_reupload_creates_a_new_version_and_responses_keep_theirs(world, version):
    actor = world.user("a", Role.FACILITATOR)
    response, _ = services.response_record(version=version, raw=GOOD, meta=meta(world), actor=actor)
    v2 = services.survey_upload(
        organisation=world.orgs["a"],
        data=food_form(title="Food needs (2)"),
        file_name="f.xlsx",
        actor=actor,
    )
    assert v2.survey == version.survey and (version.number, v2.number) == (1, 2)
    assert Survey.objects.get().title == "Food needs (2)"
    response.refresh_from_db()
    assert response.version == version
    # another organisation's form with the same id is another survey
    other = services.survey_upload(
        organisation=world.orgs["b"],
        data=food_form(),
        file_name="f.xlsx",
        actor=world.user("b", Role.ORG_ADMIN),
    )
    assert other.survey != version.survey and other.number == 1


@pytest.mark.django_db
def test_upload_refused_with_rows(world):
    bad = xlsx([["type", "name", "label"], ["text", "a", "A"], ["integr", "b", "B"]])
    with pytest.raises(ValidationError) as exc:
        services.survey_upload(
            organisation=world.orgs["a"],
            data=bad,
            file_name="x.xlsx",
            actor=world.user("a", Role.ORG_ADMIN),
        )
    assert "row 3" in exc.value.message_dict["file"][0]
    assert not Survey.objects.exists()


@pytest.mark.django_db
def test_only_survey_managers_upload(world):
    for role in (Role.SOCIAL_WORKER, Role.COLLECTIVE_LEADER, Role.VIEWER):
        with pytest.raises(PermissionDenied):
            services.survey_upload(
                organisation=world.orgs["a"],
                data=food_form(),
                file_name="f.xlsx",
                actor=world.user("a", role),
            )
    with pytest.raises(PermissionDenied):  # her own role, another organisation
        services.survey_upload(
            organisation=world.orgs["b"],
            data=food_form(),
            file_name="f.xlsx",
            actor=world.user("a", Role.ORG_ADMIN),
        )


@pytest.mark.django_db
def test_record_response_audited_and_scoped(world, version):
    leader = world.user("a", Role.COLLECTIVE_LEADER)  # leader of A1 only
    response, checked = services.response_record(
        version=version, raw=GOOD, meta=meta(world, "a1"), actor=leader, instance_id="uuid:x1"
    )
    assert checked.ok and response.collective == world.collectives["a1"]
    assert response.answers["members"] == 4 and response.district == "Nadia"
    assert AuditEvent.objects.filter(object_type="surveys.response", action="create").count() == 1
    # twice the same submission (double tap): one response
    again, _ = services.response_record(
        version=version, raw=GOOD, meta=meta(world, "a1"), actor=leader, instance_id="uuid:x1"
    )
    assert again.pk == response.pk and Response.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.response_record(version=version, raw=GOOD, meta=meta(world, "a2"), actor=leader)


@pytest.mark.django_db
def test_invalid_response_not_saved(world, version):
    with translation.override("en"):
        response, checked = services.response_record(
            version=version,
            raw=GOOD | {"members": ""},
            meta=meta(world),
            actor=world.user("a", Role.VOLUNTEER),
        )
    assert response is None and checked.errors == {"members": "This question is required."}
    assert not Response.objects.exists()
