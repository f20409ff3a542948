"""The organisation's matcher learns from its own review decisions, never another's."""

import pytest

from saathi.core.models import AuditEvent, Job
from saathi.core.policy import Role
from saathi.linkage import services
from saathi.linkage.imports import read_list
from saathi.linkage.matching import learn
from saathi.linkage.models import LinkageModel, LinkageRun

from .factories import REGISTER, RELIEF, csv_bytes
from .fake_matcher import fake_match
from .test_review import RATION, import_list, pair_of

CALLS: list[dict] = []


def spy(records, **kwargs):
    CALLS.append({"n": len(records), "params": kwargs.get("params")})
    return fake_match(records, **kwargs)


@pytest.fixture(autouse=True)
def _fake(monkeypatch):
    CALLS.clear()
    monkeypatch.setattr(services, "matcher", lambda: spy)
    # three decisions are enough to learn in these tests (real lists: MIN_LABELS, then
    # every LEARN_EVERY decisions)
    monkeypatch.setattr(learn, "MIN_LABELS", 1)
    monkeypatch.setattr(services, "LEARN_EVERY", 1)


def run_over(world, org, lists, actor):
    run = services.run_create(
        actor=actor, organisation=world.orgs[org], lists=lists, against_registry=False
    )
    return services.run_execute(run, actor=actor)


@pytest.mark.django_db
def test_decisions_of_one_organisation_never_train_another(
    world, django_capture_on_commit_callbacks
):
    fac_a, fac_b = world.user("a", Role.FACILITATOR), world.user("b", Role.FACILITATOR)
    lists_a = [
        import_list(world, REGISTER, "Register"),
        import_list(world, RELIEF, "Relief"),
        import_list(world, RATION, "Ration"),
    ]
    lists_b = [
        services.list_import(
            organisation=world.orgs["b"],
            collective=world.collectives["b1"],
            name=name,
            read=read_list(csv_bytes(rows)),
            file_name=f"{name}.csv",
            actor=fac_b,
        )
        for rows, name in ((REGISTER, "Register B"), (RELIEF, "Relief B"), (RATION, "Ration B"))
    ]
    run_a = run_over(world, "a", lists_a, fac_a)
    run_b = run_over(world, "b", lists_b, fac_b)
    # A's reviewer answers three pairs; B's answers the same pairs of her own lists otherwise
    answers = {("R3", "D1"): "same", ("C3", "D2"): "different", ("C1", "R1"): "different"}
    with django_capture_on_commit_callbacks(execute=True):
        for (left, right), decision in answers.items():
            services.pair_decide(pair=pair_of(run_a, left, right), decision=decision, actor=fac_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.pair_decide(pair=pair_of(run_b, "R3", "D1"), decision="different", actor=fac_b)
    jobs = Job.objects.filter(kind="linkage.learn")
    assert {j.organisation_id for j in jobs} == {world.orgs["a"].pk, world.orgs["b"].pk}
    assert all(j.status == "done" for j in jobs)
    model_a = LinkageModel.objects.get(organisation=world.orgs["a"])
    model_b = LinkageModel.objects.get(organisation=world.orgs["b"])
    assert model_a.label_count == 3 and model_a.params["matches"] == 1
    assert model_b.label_count == 1 and model_b.params["matches"] == 0
    assert model_a.params != model_b.params
    # every learning is audited, on the organisation's own model
    events = AuditEvent.objects.filter(object_type="linkage.linkagemodel")
    assert {e.organisation_id for e in events} == {world.orgs["a"].pk, world.orgs["b"].pk}
    assert all(e.detail["labels"] in (1, 3) for e in events)

    # the next runs: each organisation's matcher gets its own parameters, nobody else's
    CALLS.clear()
    run_a2 = run_over(world, "a", lists_a, fac_a)
    run_b2 = run_over(world, "b", lists_b, fac_b)
    assert CALLS[0]["params"] == model_a.params
    assert CALLS[1]["params"] == model_b.params
    assert (run_a2.learnt_labels, run_b2.learnt_labels) == (3, 1)

    # relearning B (its own job, again) never reads A's decisions
    services.model_learn(run=run_b2, actor=fac_b)
    model_b.refresh_from_db()
    assert model_b.label_count == 1


@pytest.mark.django_db
def test_an_organisation_without_enough_decisions_runs_unsupervised(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(learn, "MIN_LABELS", 2)
    fac = world.user("a", Role.FACILITATOR)
    lists = [import_list(world, RELIEF, "Relief"), import_list(world, RATION, "Ration")]
    run = run_over(world, "a", lists, fac)
    with django_capture_on_commit_callbacks(execute=True):
        services.pair_decide(pair=pair_of(run, "R3", "D1"), decision="same", actor=fac)
        # an unsure answer teaches nothing and starts nothing
        services.pair_decide(pair=pair_of(run, "R3", "D1"), decision="unsure", actor=fac)
    assert not Job.objects.filter(kind="linkage.learn").exists()
    assert not LinkageModel.objects.exists()
    run2 = run_over(world, "a", lists, fac)
    assert CALLS[-1]["params"] is None and run2.learnt_labels is None


@pytest.mark.django_db
def test_the_learning_job_checks_the_starters_rights_again(world):
    fac = world.user("a", Role.FACILITATOR)
    lists = [import_list(world, RELIEF, "Relief"), import_list(world, RATION, "Ration")]
    run = run_over(world, "a", lists, fac)
    services.pair_decide(pair=pair_of(run, "R3", "D1"), decision="same", actor=fac)
    outsider = world.user("b", Role.FACILITATOR)
    from saathi.core import texts
    from saathi.core.jobs import job_start
    from saathi.linkage import jobs

    job = job_start(
        kind=jobs.LEARN,
        actor=outsider,
        organisation=world.orgs["a"],
        title=texts.Text(jobs.TITLE_LEARN),
        params={"run": str(run.uuid)},
    )
    job.refresh_from_db()
    assert job.status == "failed"
    assert not LinkageModel.objects.exists()
    assert LinkageRun.objects.get(pk=run.pk).learnt_labels is None


@pytest.mark.django_db
def test_end_to_end_the_next_run_uses_what_the_review_taught(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    """With the real engine: answer a run's pairs on the pages, the learning job
    runs, the organisation's next run scores with the learnt m and its page says so."""
    from django.test import Client
    from django.urls import reverse

    from saathi.linkage.matching import match
    from saathi.linkage.models import CandidatePair

    from .test_dedupe_command import ROWS

    stats: list[dict] = []

    def real(records, **kwargs):
        result = match(records, **kwargs)
        stats.append(result.stats)
        return result

    monkeypatch.setattr(services, "matcher", lambda: real)
    client = Client()
    client.force_login(world.user("a", Role.FACILITATOR))
    lst = import_list(world, ROWS, "Four lists", coll=None)
    form = {"lists": [str(lst.uuid)], "threshold": "0.9"}
    assert client.post(reverse("linkage:run_create"), form).status_code == 302
    run = LinkageRun.objects.get()
    assert run.learnt_labels is None and "learnt_levels" not in stats[-1]
    # the doubtful pairs, and the automatic matches spot-checked (one list: all automatic)
    doubtful = list(CandidatePair.objects.filter(run=run))
    assert doubtful
    with django_capture_on_commit_callbacks(execute=True):
        for pair in doubtful:
            r = client.post(
                reverse("linkage:pair_detail", kwargs={"uuid": pair.uuid}), {"decision": "same"}
            )
            assert r.status_code == 302
    model = LinkageModel.objects.get(organisation=world.orgs["a"])
    assert model.label_count == len(doubtful) and model.trained_at is not None

    assert client.post(reverse("linkage:run_create"), form).status_code == 302
    run2 = LinkageRun.objects.exclude(pk=run.pk).get()
    assert run2.learnt_labels == len(doubtful) and run2.learnt_at == model.trained_at
    assert stats[-1]["learnt_labels"] == len(doubtful) and stats[-1]["learnt_levels"] > 0
    page = client.get(reverse("linkage:run_detail", kwargs={"uuid": run2.uuid}))
    assert f"Trained on {len(doubtful)} of your review decision" in page.content.decode()
    first = client.get(reverse("linkage:run_detail", kwargs={"uuid": run.uuid}))
    assert "Trained on" not in first.content.decode()


@pytest.mark.django_db
def test_a_decision_about_a_registry_member_is_learnt_from_and_her_reading_audited(world):
    fac = world.user("a", Role.FACILITATOR)
    relief = import_list(world, RELIEF, "Relief")
    run = services.run_create(
        actor=fac, organisation=world.orgs["a"], lists=[relief], against_registry=True
    )
    services.run_execute(run, actor=fac)
    from saathi.linkage.models import CandidatePair

    pair = CandidatePair.objects.get(run=run, right_member__isnull=False)
    services.pair_decide(pair=pair, decision="same", actor=fac)
    lm = services.model_learn(run=run, actor=fac)
    assert lm.label_count == 1 and lm.params["matches"] == 1
    read = AuditEvent.objects.filter(action="view_personal", object_id=str(run.uuid))
    assert [e.detail.get("purpose") for e in read].count("linkage_learning") == 1
