"""Generated text is stored as a code with parameters and rendered in the reader's
language (core.texts): job titles, ledger lines (issue 11, item 17)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from saathi.core import texts
from saathi.core.jobs import job_start
from saathi.core.models import Job
from saathi.core.policy import Role
from saathi.funds.models import Expenditure
from saathi.funds.services import ledger_line
from saathi.linkage import jobs as linkage_jobs
from saathi.relief.models import LEDGER_DISTRIBUTION, LEDGER_IMPORTED_LIST


def test_a_code_renders_in_the_active_language_with_its_parameters():
    text = texts.Text(linkage_jobs.TITLE_CLEAN, {"ref": "RUN-2026-000001"})
    assert text.english() == "Clean list RUN-2026-000001"
    with translation.override("bn"):
        assert str(text) == "পরিষ্কার তালিকা RUN-2026-000001"
    with translation.override("te"):
        assert "RUN-2026-000001" in str(text) and "Clean list" not in str(text)
    assert texts.render("no.such.code", {}, "as stored") == "as stored"
    assert texts.render(text.with_suffix("XLSX").code, text.with_suffix("XLSX").params).endswith(
        " (XLSX)"
    )


def test_a_code_is_defined_once():
    with pytest.raises(ValueError):
        texts.define(linkage_jobs.TITLE_CLEAN, "Something else")


@pytest.mark.django_db
def test_job_titles_are_shown_in_the_readers_language(world, monkeypatch):
    user = world.user("a", Role.FACILITATOR)
    job = Job.objects.create(
        kind="sweep",
        owner=user,
        organisation=world.orgs["a"],
        title="Import of a beneficiary list",
        title_code=linkage_jobs.TITLE_IMPORT,
    )
    for lang, want in [("bn", "উপকারভোগীর তালিকা যোগ"), ("en", "Import of a beneficiary list")]:
        user.language = lang
        user.save(update_fields=["language"])
        client = Client()
        client.force_login(user)
        assert want in client.get(reverse("core:job_list")).content.decode()
        assert want in client.get(job.get_absolute_url()).content.decode()
    # job_start stores the code, its parameters and the English text as the fallback
    from saathi.core import jobs as core_jobs

    monkeypatch.setitem(core_jobs._RUNNERS, "test.noop", lambda job, progress: None)
    with translation.override("te"):
        started = job_start(
            kind="test.noop",
            actor=user,
            organisation=world.orgs["a"],
            title=texts.Text(linkage_jobs.TITLE_CLEAN, {"ref": "RUN-1"}),
        )
    started.refresh_from_db()
    assert started.title == "Clean list RUN-1"
    assert (started.title_code, started.title_params) == (
        linkage_jobs.TITLE_CLEAN,
        {"ref": "RUN-1"},
    )


def test_ledger_lines_are_codes_rendered_for_the_reader():
    fields = ledger_line(LEDGER_IMPORTED_LIST, n=195)
    assert fields["description"] == "Imported distribution list: 195 payments"
    e = Expenditure(**fields)
    with translation.override("bn"):
        assert "195" in e.description_text and "Imported" not in e.description_text
    e = Expenditure(**ledger_line(LEDGER_DISTRIBUTION, item="Cash support"))
    with translation.override("te"):
        assert "Cash support" in e.description_text and "Distribution" not in e.description_text
    assert Expenditure(description="400 ration kits").description_text == "400 ration kits"
