"""Relief pages as a user drives them: forms, errors at the field, jobs, exports, figures."""

import csv
import io
import logging
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from saathi.core import consent
from saathi.core.models import AuditEvent, Job
from saathi.core.policy import Role
from saathi.core.testing import register
from saathi.funds import services as funds_services
from saathi.funds.models import Expenditure
from saathi.relief import services
from saathi.relief.models import BeneficiaryList, Distribution

from .helpers import days_ago, dist_input, make_campaign, make_programme

pytestmark = pytest.mark.django_db
BUDGET = 12


def login(client, world, role=Role.FACILITATOR, org="a"):
    client.force_login(world.user(org, role))
    return client


def share_with(world, member, authority="District Magistrate, Nadia"):
    consent.consent_record(
        member=member,
        purpose="partner_sharing",
        method="thumbprint",
        language="bn",
        witness_name="Mita",
        partner_organisation=authority,
        actor=world.user("a", Role.SOCIAL_WORKER),
    )


def post_distribution(client, p, member, **over):
    item = p.items.get(name=over.pop("item", "Ration kit"))
    data = {
        "member": str(member.uuid),
        "item": str(item.uuid),
        "quantity": "1",
        "amount": "",
        "mode": "cash" if item.is_money else "in_kind",
        "distributed_on": days_ago(2).strftime("%d/%m/%Y"),
        "place": "Ranaghat community hall",
        "handed_over_by": "Mitali Ghosh",
        "ack_method": "paper",
        "repeat_reason": "",
        **over,
    }
    return client.post(reverse("relief:distribution_record", args=[p.uuid]), data)


def test_record_and_repeat_through_the_page(client, world):
    p = make_programme(world)
    login(client, world)
    a1 = world.members["a1"]
    r = client.get(reverse("relief:distribution_record", args=[p.uuid]) + "?q=lakshmi")
    assert r.status_code == 200 and "Lakshmi Das" in r.content.decode()
    assert "Rekha" not in r.content.decode()
    r = post_distribution(client, p, a1)
    assert r.status_code == 302
    assert Distribution.objects.filter(member=a1, place="Ranaghat community hall").count() == 1
    # the same kit again: refused at the reason field, everything typed kept
    r = post_distribution(client, p, a1, place="Second hall")
    body = r.content.decode()
    assert r.status_code == 200 and "already received this item" in body
    assert re.search(r'class="field invalid">\s*<label for="id_repeat_reason"', body)
    assert 'value="Second hall"' in body and 'value="Mitali Ghosh"' in body
    r = post_distribution(client, p, a1, place="Second hall", repeat_reason="Flood took it")
    assert r.status_code == 302
    assert Distribution.objects.filter(member=a1).count() == 2


def test_otp_through_the_pages(client, world, caplog, django_capture_on_commit_callbacks):
    campaign = make_campaign(world)
    p = make_programme(world, campaign=campaign)
    login(client, world)
    a1 = world.members["a1"]
    with (
        caplog.at_level(logging.WARNING, logger="saathi.sms"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        r = post_distribution(client, p, a1, item="Cash support", mode="upi", ack_method="otp")
    assert r.status_code == 302 and "/relief/codes/" in r["Location"]
    code = re.search(r"is (\d{6})", caplog.text).group(1)
    assert "9876543210" not in caplog.text
    page = client.get(r["Location"]).content.decode()
    assert "ending in 10" in page
    r2 = client.post(r["Location"], {"code": "12"})
    assert "tries left" in r2.content.decode()
    r3 = client.post(r["Location"], {"code": code})
    assert r3.status_code == 302
    d = Distribution.objects.get(member=a1)
    assert d.ack_method == "otp" and d.amount == Decimal("1500.00")
    ledger = client.get(reverse("funds:campaign_detail", args=[campaign.uuid])).content.decode()
    assert "₹1,500" in ledger and "Distribution: Cash support" in ledger


def test_bad_programme_input_is_shown_at_the_field(client, world):
    login(client, world, Role.ORG_ADMIN)
    r = client.post(
        reverse("relief:programme_create"),
        {"name": "Rations", "starts_on": "10/05/2026", "ends_on": "01/05/2026",
         "interval_days": "30", "budget": "5,00,000", "criteria_min_age": "60",
         "criteria_max_age": "18"},
    )  # fmt: skip
    body = r.content.decode()
    assert r.status_code == 200
    assert "The end date is before the start date." in body
    assert "The maximum age is below the minimum age." in body
    assert 'value="5,00,000"' in body and 'value="Rations"' in body


def test_beneficiary_list_export_has_no_confidential_fields(client, world):
    p = make_programme(world)
    a1 = world.members["a1"]
    share_with(world, a1)
    login(client, world, Role.ORG_ADMIN)
    r = client.post(
        reverse("relief:list_create", args=[p.uuid]), {"authority": "District Magistrate, Nadia"}
    )
    blist = BeneficiaryList.objects.get()
    assert r.status_code == 302 and blist.matched == 1 and blist.left_out_no_consent == 1
    page = client.get(reverse("relief:list_detail", args=[blist.uuid])).content.decode()
    assert "Lakshmi Das" in page and "Rekha" not in page
    contents = {}
    for fmt in ("csv", "xlsx", "pdf"):
        r = client.post(reverse("relief:list_export", args=[blist.uuid]), {"format": fmt})
        job = Job.objects.order_by("-id").first()
        assert r.status_code == 302 and r["Location"] == job.get_absolute_url()
        assert job.status == "done", job.failure
        dl = client.get(reverse("core:job_download", kwargs={"uuid": job.uuid}))
        contents[fmt] = b"".join(dl.streaming_content) if dl.streaming else dl.content
    text = contents["csv"].decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["No.", "Reference", "Name", "Name in her script"]
    assert rows[1][1:4] == [a1.reference, "Lakshmi Das", "লক্ষ্মী দাস"]
    assert rows[1][-1] == "Missing"  # her ration card
    wb = load_workbook(io.BytesIO(contents["xlsx"]))
    cells = [c.value for row in wb.active.iter_rows() for c in row]
    assert "লক্ষ্মী দাস" in cells
    assert contents["pdf"].startswith(b"%PDF")
    for blob in (text, str(cells)):
        for secret in ("SECRET-OCCUPATION", "SECRET-HIV", "9876543210", "1234"):
            assert secret not in blob
    assert AuditEvent.objects.filter(action="export", object_id=str(blist.uuid)).count() == 3
    # her consent withdrawn after the list was drawn up: the next export leaves her out
    c = a1.consents.get(purpose="partner_sharing")
    consent.consent_withdraw(
        consent=c, reason="changed her mind", actor=world.user("a", "social_worker")
    )
    client.post(reverse("relief:list_export", args=[blist.uuid]), {"format": "csv"})
    job = Job.objects.order_by("-id").first()
    assert "Lakshmi" not in job.result_bytes().decode("utf-8-sig")


def test_list_submission_and_answer(client, world):
    p = make_programme(world)
    share_with(world, world.members["a1"])
    blist = services.list_build(
        programme=p, authority="District Magistrate, Nadia", actor=world.user("a", "org_admin")
    )
    login(client, world)
    url = reverse("relief:list_detail", args=[blist.uuid])
    r = client.post(
        url, {"action": "response", "response": "accepted", "response_on": "01/01/2026"}
    )
    assert "Record the submission of the list first." in r.content.decode()
    r = client.post(url, {"action": "submit", "submitted_on": days_ago(5).strftime("%d/%m/%Y"),
                          "submitted_to": "BDO office", "note": "Hand delivered"})  # fmt: skip
    assert r.status_code == 302
    r = client.post(url, {"action": "response", "response": "partly",
                          "response_on": days_ago(1).strftime("%d/%m/%Y"),
                          "response_accepted": "5"})  # fmt: skip
    assert "More people than the list holds." in r.content.decode()
    r = client.post(url, {"action": "response", "response": "partly",
                          "response_on": days_ago(1).strftime("%d/%m/%Y"),
                          "response_accepted": "1", "note": "Ration from 1 June"})  # fmt: skip
    blist.refresh_from_db()
    assert r.status_code == 302 and blist.status == "answered" and blist.response_accepted == 1


def test_import_page_runs_a_job_with_line_errors(client, world):
    p = make_programme(world)
    login(client, world)
    a1 = world.members["a1"]
    d = days_ago(1).strftime("%d/%m/%Y")
    data = (
        "member_reference,item,quantity,date\n"
        f"{a1.reference},Ration kit,1,{d}\n"
        f"{a1.reference},Ration kit,1,{d}\n"
        f"MEM-1999-999999,Ration kit,1,{d}\n"
    ).encode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.post(
        reverse("relief:distribution_import", args=[p.uuid]),
        {"file": SimpleUploadedFile("list.csv", data, "text/csv")},
    )
    job = Job.objects.get()
    assert r.status_code == 302 and job.status == "done", job.failure
    assert job.total == 3 and job.done == 3
    assert [e["line"] for e in job.errors] == [3, 4]
    assert job.summary == {"Distributions recorded": 1, "Rows refused": 2}
    page = client.get(job.get_absolute_url()).content.decode()
    assert "2 rows were not accepted" in page
    # a file without the needed columns fails with the reason
    client.post(
        reverse("relief:distribution_import", args=[p.uuid]),
        {"file": SimpleUploadedFile("x.csv", b"name,phone\nA,1\n", "text/csv")},
    )
    bad = Job.objects.order_by("-id").first()
    assert bad.status == "failed" and "member_reference" in bad.failure


def test_viewer_sees_figures_with_small_counts_suppressed(client, world):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    for m in (world.members["a1"], world.members["a2"]):
        services.distribution_record(data=dist_input(p, m), actor=fac)
    for i in range(5):
        member = register(world, "a", "a2", f"Member {i} Roy", "")
        services.distribution_record(data=dist_input(p, member, "Cash support"), actor=fac)
    login(client, world, Role.VIEWER)
    assert client.get(reverse("relief:programme_detail", args=[p.uuid])).status_code == 404
    body = client.get(reverse("relief:figures")).content.decode()
    assert "Lockdown relief" in body and "<td>7 / 100</td>" in body
    assert "Lakshmi" not in body and "Member 0" not in body
    # in organisation B: nothing of A; a programme with 2 households shows "*" (hidden)
    pb = make_programme(world, "b")
    services.distribution_record(
        data=dist_input(pb, world.members["b1"]), actor=world.user("b", Role.FACILITATOR)
    )
    body = client.get(reverse("relief:figures")).content.decode()
    assert body.count("Lockdown relief") == 1
    login(client, world, Role.VIEWER, "b")
    body = client.get(reverse("relief:figures")).content.decode()
    assert "<td>* / 100</td>" in body


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, url
    return len(
        [
            q
            for q in ctx.captured_queries
            if not q["sql"].startswith(
                ("SAVEPOINT", "RELEASE SAVEPOINT", 'UPDATE "django_session"')
            )
            and '"core_audit' not in q["sql"]
        ]
    )


def test_pages_cost_the_same_queries_whatever_the_rows(client, world):
    campaign = make_campaign(world)
    p = make_programme(world, campaign=campaign)
    fac = world.user("a", Role.FACILITATOR)
    login(client, world)
    urls = [
        reverse("relief:index"),
        reverse("relief:figures"),
        reverse("relief:programme_detail", args=[p.uuid]),
        reverse("relief:distribution_list", args=[p.uuid]),
        reverse("funds:campaign_detail", args=[campaign.uuid]),
    ]
    # one of each first: an empty page skips the queries of its rows
    services.distribution_record(data=dist_input(p, world.members["a1"], "Cash support"), actor=fac)
    funds_services.donation_record(
        campaign=campaign,
        data=funds_services.DonationInput(amount="500", received_on=days_ago(1), channel="cash"),
        actor=world.user("a", Role.ORG_ADMIN),
    )
    before = [_count(client, u) for u in urls]
    for i in range(6):
        m = register(world, "a", "a1", f"Member {i} Das", "")
        services.distribution_record(data=dist_input(p, m, "Cash support"), actor=fac)
        services.distribution_record(data=dist_input(p, m), actor=fac)
    make_campaign(world, name="Second appeal")
    after = [_count(client, u) for u in urls]
    assert before == after, list(zip(urls, before, after, strict=True))
    assert max(after) <= BUDGET, list(zip(urls, after, strict=True))
    assert Expenditure.objects.filter(programme=p).count() == 7


def test_programme_report_for_donors(client, world):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    services.distribution_record(
        data=dist_input(p, world.members["a1"], quantity=Decimal(2)), actor=fac
    )
    services.distribution_record(data=dist_input(p, world.members["a2"], "Cash support"), actor=fac)
    login(client, world, Role.LEGAL_ADVOCATE)  # anyone who sees the programme
    r = client.post(
        reverse("relief:programme_report", args=[p.uuid]), {"format": "csv", "hxl": "on"}
    )
    job = Job.objects.get()
    assert r.status_code == 302 and job.status == "done", job.failure
    rows = list(csv.reader(io.StringIO(job.result_bytes().decode("utf-8-sig"))))
    assert rows[1][:3] == ["#activity+name", "#org+funder", "#item+name"]
    kit = next(r for r in rows if r[2] == "Ration kit")
    assert kit[4:9] == ["200", "2.00", "1", "170000.00", "1700.00"]
    total = rows[-1]
    assert total[4:7] == ["100", "2", "2"] and total[8] == "3200.00"
    assert "Lakshmi" not in str(rows) and "Rekha" not in str(rows)
    assert AuditEvent.objects.filter(action="export", object_id=str(p.uuid)).exists()


def _import(client, p, data, name="list.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("relief:distribution_import", args=[p.uuid]),
        {"file": SimpleUploadedFile(name, data, "text/csv")},
    )
    return Job.objects.order_by("-id").first()


def _big_list(world, rows: int):
    """A list of ``rows`` distributions for distinct members, one kit each."""
    members = [register(world, "a", "a1", f"Bulk Member {i}", "") for i in range(rows)]
    d = days_ago(1).strftime("%d/%m/%Y")
    return members, ["member_reference,item,quantity,date"] + [
        f"{m.reference},Ration kit,1,{d}" for m in members
    ]


def test_one_cp1252_byte_at_line_5501_of_6000_refuses_that_row_only(client, world):
    """The outside test: 'failed', an empty summary, line 5,399, and 349 rows saved."""
    p = make_programme(world)
    login(client, world)
    from saathi.people.models import Member

    base = list(Member.objects.filter(organisation=world.orgs["a"]).order_by("pk")[:2])
    d = days_ago(1).strftime("%d/%m/%Y")
    # 6,000 rows: distinct members would take minutes to register; the 30-day rule refuses
    # repeats, so the rows alternate between two members and one "repeat_reason" column
    # lets every row through
    header = "member_reference,item,quantity,date,repeat_reason"
    body = [
        f"{base[i % 2].reference},Ration kit,1,{d},second kit for a large family"
        for i in range(6000)
    ]
    lines = [header, *body]
    lines[5500] = lines[5500].replace("second", "s\u00e9cond")  # line 5,501 of the file
    data = "\n".join(lines).encode("utf-8").replace("s\u00e9cond".encode(), b"s\xe9cond") + b"\n"
    assert data.count(b"\xe9") == 1
    job = _import(client, p, data)
    assert job.status == "done", job.failure
    assert [(e["line"], "UTF-8" in e["reason"]) for e in job.errors] == [(5501, True)]
    assert job.summary["Rows refused"] == 1
    recorded = Distribution.objects.filter(programme=p).count()
    assert job.summary["Distributions recorded"] == recorded == 5999


def test_a_header_that_is_not_utf8_fails_clearly_and_records_nothing(client, world):
    p = make_programme(world)
    login(client, world)
    a1 = world.members["a1"]
    d = days_ago(1).strftime("%d/%m/%Y")
    data = f"member_reference,item,date,lieu\u00e9\n{a1.reference},Ration kit,{d},x\n".encode(
        "cp1252"
    )
    job = _import(client, p, data)  # raised UnboundLocalError, a failed job with no reason
    assert job.status == "failed"
    assert "UTF-8" in job.failure and "Nothing was imported" in job.failure
    assert not Distribution.objects.filter(programme=p).exists()


def test_an_xlsx_list_is_read_with_its_row_numbers(client, world):
    import datetime as dt

    from openpyxl import Workbook

    p = make_programme(world)
    login(client, world)
    a1, a2 = world.members["a1"], world.members["a2"]
    wb = Workbook()
    ws = wb.active
    ws.append(["Member reference", "Item", "Quantity", "Date"])
    ws.append([a1.reference, "Ration kit", 1, dt.datetime.combine(days_ago(1), dt.time())])
    ws.append([None, None, None, None])
    ws.append([a2.reference, "No such item", 1, days_ago(1).strftime("%d/%m/%Y")])
    buf = io.BytesIO()
    wb.save(buf)
    job = _import(client, p, buf.getvalue(), "list.xlsx")
    assert job.status == "done", job.failure
    assert [e["line"] for e in job.errors] == [4]
    assert job.summary == {"Distributions recorded": 1, "Rows refused": 1}


def test_an_unexpected_failure_says_what_was_recorded(client, world, monkeypatch):
    p = make_programme(world)
    login(client, world)
    a1, a2 = world.members["a1"], world.members["a2"]
    d = days_ago(1).strftime("%d/%m/%Y")
    data = (
        f"member_reference,item,date\n{a1.reference},Ration kit,{d}\n{a2.reference},Ration kit,{d}\n"
    ).encode()
    real = services.bulk_import._import_batch
    calls = []

    def second_batch_breaks(*args, **kw):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kw)

    monkeypatch.setattr(services.bulk_import, "_import_batch", second_batch_breaks)
    real_import = services.distributions_import
    monkeypatch.setattr(
        services, "distributions_import", lambda **kw: real_import(**kw, batch_size=1)
    )
    job = _import(client, p, data)
    assert job.status == "failed"
    assert "near line 3" in job.failure
    assert job.summary == {"Distributions recorded": 1, "Rows refused": 0}
    assert Distribution.objects.filter(programme=p).count() == 1


def test_an_imported_lists_expenditure_is_dated_from_its_distributions(client, world):
    """Issue 11 item 8: the expenditure was dated the day of the import, and nothing said
    that the payments fell outside the campaign."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin = world.user("a", Role.ORG_ADMIN)
    campaign = funds_services.campaign_save(
        organisation=world.orgs["a"],
        data={"name": "Cyclone fund", "platform": "", "partners": "", "target": "100000",
              "starts_on": days_ago(200), "ends_on": days_ago(60), "description": ""},
        actor=admin,
    )  # fmt: skip
    p = make_programme(world, campaign=campaign)
    a1, a2 = world.members["a1"], world.members["a2"]
    first, last = days_ago(40), days_ago(35)
    data = (
        "member_reference,item,quantity,amount,mode,date\n"
        f"{a1.reference},Cash support,1,1500,cash,{first.strftime('%d/%m/%Y')}\n"
        f"{a2.reference},Cash support,1,1500,cash,{last.strftime('%d/%m/%Y')}\n"
    ).encode()
    login(client, world, Role.ORG_ADMIN)
    client.post(
        reverse("relief:distribution_import", args=[p.uuid]),
        {"file": SimpleUploadedFile("list.csv", data, "text/csv")},
    )
    job = Job.objects.get()
    assert job.status == "done", job.failure
    exp = Expenditure.objects.get(campaign=campaign)
    assert exp.spent_on == last and exp.distribution_count == 2  # not today
    assert job.summary["Expenditure dated"] == last.strftime("%d/%m/%Y")
    assert "outside the campaign's dates" in job.summary["Outside the campaign"]
    assert days_ago(60).strftime("%d/%m/%Y") in job.summary["Outside the campaign"]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Outside the campaign" in page


def _withdraw_registration_consent(world, member):
    for c in consent.active_consents(member, consent.Purpose.REGISTRATION):
        consent.consent_withdraw(
            consent=c, reason="She asked", actor=world.user("a", Role.SOCIAL_WORKER)
        )


def test_no_distribution_is_recorded_for_a_member_who_withdrew_her_consent(client, world):
    """The web page applies the rule a phone's submission does (ADR 0040): her consent to
    registration and services must stand; what was typed stays on the page."""
    p = make_programme(world)
    login(client, world)
    a1 = world.members["a1"]
    _withdraw_registration_consent(world, a1)
    r = post_distribution(client, p, a1, place="Ghat road")
    body = r.content.decode()
    assert r.status_code == 200 and "record her consent on her page first" in body
    assert 'value="Ghat road"' in body
    assert not Distribution.objects.filter(member=a1).exists()
    # the other member of the programme is served as before
    assert post_distribution(client, p, world.members["a2"]).status_code == 302


def test_an_imported_row_for_a_member_without_consent_is_refused_with_its_line(world):
    p = make_programme(world)
    fac = world.user("a", Role.FACILITATOR)
    a1, a2 = world.members["a1"], world.members["a2"]
    _withdraw_registration_consent(world, a2)
    d = days_ago(3).strftime("%d/%m/%Y")
    rows = [
        {"member_reference": a1.reference, "item": "Ration kit", "date": d},
        {"member_reference": a2.reference, "item": "Ration kit", "date": d},
    ]
    errors = []
    result = services.distributions_import(
        programme=p,
        rows=enumerate(rows, 2),
        actor=fac,
        add_error=lambda line, reason: errors.append((line, reason)),
    )
    assert result.imported == 1 and result.refused == 1
    assert [line for line, _ in errors] == [3] and "consent" in errors[0][1]
    assert list(Distribution.objects.values_list("member", flat=True)) == [a1.pk]
