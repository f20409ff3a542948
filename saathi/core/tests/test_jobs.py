"""Background jobs: progress, refused rows, results, access, failure, language."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from saathi.core.jobs import job_runner, job_start
from saathi.core.models import AuditEvent, Job
from saathi.core.policy import Role


@job_runner("test.count_lines")
def _count_lines(job, progress):
    lines = job.input_bytes().decode().splitlines()
    for number, line in enumerate(lines, 1):
        if not line.strip().isdigit():
            job.add_error(number, _("Not a number."))
        progress(number, len(lines))
    total = sum(int(x) for x in lines if x.strip().isdigit())
    job.set_result(f"total,{total}\n".encode(), "total.csv", "text/csv")
    job.summary = {_("Rows"): len(lines)}


@job_runner("test.refuse")
def _refuse(job, progress):
    raise ValidationError(_("The file is empty."))


@job_runner("test.crash")
def _crash(job, progress):
    raise RuntimeError("boom")


@pytest.mark.django_db
def test_a_job_runs_reports_bad_lines_and_keeps_its_result(world):
    user = world.user("a", Role.FACILITATOR)
    job = job_start(
        kind="test.count_lines",
        actor=user,
        organisation=world.orgs["a"],
        title="Count",
        upload=b"1\n2\nthree\n4\n",
        upload_name="n.txt",
    )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    assert (job.done, job.total, job.percent) == (4, 4, 100)
    assert job.errors == [{"line": 3, "reason": "Not a number."}]
    assert job.input_file == ""  # the upload is deleted once the job ends
    client = Client()
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "1 row was not accepted" in page and "Not a number." in page
    r = client.get(reverse("core:job_download", kwargs={"uuid": job.uuid}))
    assert r.status_code == 200 and r.content == b"total,7\n"
    assert "attachment" in r["Content-Disposition"]
    assert AuditEvent.objects.filter(action="export", object_id=str(job.uuid)).count() == 1


@pytest.mark.django_db
def test_only_the_owner_and_admins_of_its_organisation_reach_a_job(world):
    owner = world.user("a", Role.VOLUNTEER)
    job = job_start(
        kind="test.count_lines", actor=owner, organisation=world.orgs["a"], title="x", upload=b"1"
    )
    for user, status in [
        (owner, 200),
        (world.user("a", Role.ORG_ADMIN), 200),
        (world.user("a", Role.FACILITATOR), 404),
        (world.user("b", Role.ORG_ADMIN), 404),
    ]:
        client = Client()
        client.force_login(user)
        assert client.get(job.get_absolute_url()).status_code == status, user
        listed = client.get(reverse("core:job_list")).content.decode()
        assert (str(job.uuid) in listed) == (status == 200)


@pytest.mark.django_db
def test_failures_are_shown_without_a_500(world):
    user = world.user("a", Role.FACILITATOR)
    refused = job_start(kind="test.refuse", actor=user, organisation=world.orgs["a"], title="x")
    crashed = job_start(kind="test.crash", actor=user, organisation=world.orgs["a"], title="y")
    refused.refresh_from_db()
    crashed.refresh_from_db()
    assert refused.status == crashed.status == Job.Status.FAILED
    assert refused.failure == "The file is empty."
    assert "boom" not in crashed.failure
    client = Client()
    client.force_login(user)
    r = client.get(reverse("core:job_download", kwargs={"uuid": refused.uuid}))
    assert r.status_code == 302


@pytest.mark.django_db
def test_the_runner_speaks_the_language_of_the_user_who_started_it(world):
    user = world.user("a", Role.FACILITATOR)
    user.language = "hi"
    user.save()
    job = job_start(
        kind="test.refuse", actor=user, organisation=world.orgs["a"], title="x", upload=b"1"
    )
    job.refresh_from_db()
    assert job.failure and job.failure != "The file is empty."


@pytest.mark.django_db
def test_htmx_polls_the_status_part_only(world):
    user = world.user("a", Role.FACILITATOR)
    job = Job.objects.create(kind="test.count_lines", title="x", owner=user, total=10, done=3)
    client = Client()
    client.force_login(user)
    full = client.get(job.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in full  # without JavaScript the page refreshes itself
    part = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in part and 'hx-trigger="every 2s"' in part and 'value="30"' in part


def test_a_kind_without_runner_is_refused():
    with pytest.raises(ValueError):
        job_start(kind="nope", actor=None, organisation=None, title="x")
