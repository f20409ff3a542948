"""The demo needs assessment: an XLSForm in English, Hindi, Bengali and Telugu, built with
openpyxl (``needs_assessment_xlsx()``, also downloadable as a template), and
``load_demo()`` which uploads it and records responses for the demo collectives."""

from __future__ import annotations

import io
import random
from datetime import timedelta

from django.utils import timezone

LANGS = ["English (en)", "Hindi (hi)", "Bengali (bn)", "Telugu (te)"]

# name, type, (en, hi, bn, te), required, relevant, constraint, (constraint messages)
SURVEY = [
    (
        "intro",
        "note",
        (
            "Ask each question aloud. The answers stay with the collective.",
            "हर सवाल ज़ोर से पढ़कर पूछें। जवाब सामूहिक के पास ही रहते हैं।",
            "প্রতিটি প্রশ্ন জোরে পড়ে জিজ্ঞাসা করুন। উত্তর সংগঠনের কাছেই থাকে।",
            "ప్రతి ప్రశ్నను గట్టిగా చదివి అడగండి. సమాధానాలు సంఘం దగ్గరే ఉంటాయి.",
        ),
        "",
        "",
        "",
        None,
    ),
    ("household", "begin_group", ("Household", "परिवार", "পরিবার", "కుటుంబం"), "", "", "", None),
    (
        "hh_size",
        "integer",
        (
            "How many people live in the household?",
            "परिवार में कितने लोग रहते हैं?",
            "পরিবারে কতজন থাকেন?",
            "ఇంట్లో ఎంత మంది ఉంటారు?",
        ),
        "yes",
        "",
        ". >= 1 and . <= 30",
        ("Between 1 and 30 people.", "1 से 30 लोग।", "1 থেকে 30 জন।", "1 నుండి 30 మంది."),
    ),
    (
        "children",
        "integer",
        (
            "How many of them are children under 18?",
            "इनमें से कितने 18 साल से कम उम्र के बच्चे हैं?",
            "তাঁদের মধ্যে কতজন 18 বছরের কম বয়সী শিশু?",
            "వారిలో 18 ఏళ్ల లోపు పిల్లలు ఎంత మంది?",
        ),
        "",
        "",
        ". >= 0 and . < ${hh_size}",
        (
            "Fewer than the people in the household.",
            "परिवार के लोगों की संख्या से कम।",
            "পরিবারের সদস্য সংখ্যার চেয়ে কম।",
            "కుటుంబ సభ్యుల సంఖ్య కంటే తక్కువ.",
        ),
    ),
    ("household", "end_group", ("", "", "", ""), "", "", "", None),
    ("income", "begin_group", ("Income", "आमदनी", "আয়", "ఆదాయం"), "", "", "", None),
    (
        "income_lost",
        "select_one yesno",
        (
            "Has the household lost income since the lockdown?",
            "क्या लॉकडाउन के बाद से परिवार की आमदनी चली गई है?",
            "লকডাউনের পর থেকে কি পরিবারের আয় বন্ধ হয়ে গেছে?",
            "లాక్‌డౌన్ నుండి కుటుంబం ఆదాయం కోల్పోయిందా?",
        ),
        "yes",
        "",
        "",
        None,
    ),
    (
        "income_before",
        "integer",
        (
            "Monthly income before the lockdown (₹)",
            "लॉकडाउन से पहले की मासिक आमदनी (₹)",
            "লকডাউনের আগের মাসিক আয় (₹)",
            "లాక్‌డౌన్‌కు ముందు నెలసరి ఆదాయం (₹)",
        ),
        "yes",
        "${income_lost} = 'yes'",
        ". >= 0",
        ("Write 0 or more.", "0 या उससे ज़्यादा लिखें।", "0 বা তার বেশি লিখুন।", "0 లేదా ఎక్కువ రాయండి."),
    ),
    (
        "income_now",
        "integer",
        (
            "Monthly income now (₹)",
            "अब की मासिक आमदनी (₹)",
            "এখনকার মাসিক আয় (₹)",
            "ఇప్పుడు నెలసరి ఆదాయం (₹)",
        ),
        "yes",
        "${income_lost} = 'yes'",
        ". >= 0 and . <= ${income_before}",
        (
            "It cannot be more than before.",
            "यह पहले से ज़्यादा नहीं हो सकती।",
            "এটি আগের চেয়ে বেশি হতে পারে না।",
            "ఇది ముందు కంటే ఎక్కువ ఉండకూడదు.",
        ),
    ),
    ("income", "end_group", ("", "", "", ""), "", "", "", None),
    (
        "needs",
        "select_multiple needs",
        (
            "What does the household need most now?",
            "परिवार को अभी सबसे ज़्यादा किस चीज़ की ज़रूरत है?",
            "পরিবারের এখন সবচেয়ে বেশি কী দরকার?",
            "కుటుంబానికి ఇప్పుడు ఎక్కువగా ఏమి అవసరం?",
        ),
        "yes",
        "",
        "",
        None,
    ),
    (
        "rent_arrears",
        "integer",
        (
            "How much rent is owed (₹)?",
            "कितना किराया बकाया है (₹)?",
            "কত টাকা ভাড়া বাকি আছে (₹)?",
            "ఎంత అద్దె బాకీ ఉంది (₹)?",
        ),
        "yes",
        "selected(${needs}, 'rent')",
        ". > 0",
        ("Write the amount owed.", "बकाया रकम लिखें।", "বাকি টাকার পরিমাণ লিখুন।", "బాకీ మొత్తం రాయండి."),
    ),
    (
        "rent_months",
        "integer",
        ("For how many months?", "कितने महीनों का?", "কত মাসের?", "ఎన్ని నెలలది?"),
        "",
        "selected(${needs}, 'rent')",
        ". >= 1 and . <= 24",
        ("1 to 24 months.", "1 से 24 महीने।", "1 থেকে 24 মাস।", "1 నుండి 24 నెలలు."),
    ),
    (
        "hiv_nutrition",
        "select_one yesno",
        (
            "Does anyone in the household need nutrition support for HIV treatment?",
            "क्या परिवार में किसी को HIV इलाज के लिए पोषण सहायता चाहिए?",
            "পরিবারে কারও কি HIV চিকিৎসার জন্য পুষ্টি সহায়তা দরকার?",
            "కుటుంబంలో ఎవరికైనా HIV చికిత్స కోసం పోషకాహార సహాయం అవసరమా?",
        ),
        "",
        "selected(${needs}, 'nutrition') or selected(${needs}, 'medicines')",
        "",
        None,
    ),
    (
        "hiv_nutrition_people",
        "integer",
        ("How many people?", "कितने लोगों को?", "কতজনের?", "ఎంత మందికి?"),
        "yes",
        "${hiv_nutrition} = 'yes'",
        ". >= 1 and . <= ${hh_size}",
        (
            "At least 1, at most the people in the household.",
            "कम से कम 1, ज़्यादा से ज़्यादा परिवार के लोग।",
            "অন্তত 1, বড়জোর পরিবারের সদস্য সংখ্যা।",
            "కనీసం 1, గరిష్ఠంగా కుటుంబ సభ్యుల సంఖ్య.",
        ),
    ),
    (
        "ration_card",
        "select_one yesno",
        (
            "Does the household have a ration card?",
            "क्या परिवार के पास राशन कार्ड है?",
            "পরিবারের কি রেশন কার্ড আছে?",
            "కుటుంబానికి రేషన్ కార్డు ఉందా?",
        ),
        "yes",
        "",
        "",
        None,
    ),
    (
        "visit_date",
        "date",
        ("Date of the visit", "मुलाक़ात की तारीख़", "সাক্ষাতের তারিখ", "సందర్శన తేదీ"),
        "yes",
        "",
        "",
        None,
    ),
    (
        "remarks",
        "text",
        (
            "Anything else the collective should know?",
            "और कुछ जो सामूहिक को जानना चाहिए?",
            "সংগঠনের আর কিছু জানা দরকার?",
            "సంఘం తెలుసుకోవలసినది ఇంకేమైనా ఉందా?",
        ),
        "",
        "",
        "",
        None,
    ),
]

CHOICES = [
    ("yesno", "yes", ("Yes", "हाँ", "হ্যাঁ", "అవును")),
    ("yesno", "no", ("No", "नहीं", "না", "కాదు")),
    ("needs", "rations", ("Rations", "राशन", "রেশন", "రేషన్")),
    ("needs", "rent", ("Rent", "किराया", "ঘর ভাড়া", "అద్దె")),
    ("needs", "medicines", ("Medicines", "दवाइयाँ", "ওষুধ", "మందులు")),
    ("needs", "nutrition", ("Nutrition", "पोषण", "পুষ্টি", "పోషకాహారం")),
    ("needs", "school_fees", ("School fees", "स्कूल फ़ीस", "স্কুলের বেতন", "బడి ఫీజు")),
]


def needs_assessment_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    ws.append(
        ["type", "name"]
        + [f"label::{lang}" for lang in LANGS]
        + ["required", "relevant", "constraint"]
        + [f"constraint_message::{lang}" for lang in LANGS]
    )
    for name, qtype, labels, required, relevant, constraint, messages in SURVEY:
        ws.append([qtype, name, *labels, required, relevant, constraint, *(messages or ("",) * 4)])
    ch = wb.create_sheet("choices")
    ch.append(["list_name", "name"] + [f"label::{lang}" for lang in LANGS])
    for list_name, name, labels in CHOICES:
        ch.append([list_name, name, *labels])
    st = wb.create_sheet("settings")
    st.append(["form_title", "form_id", "version", "default_language"])
    st.append(["Household needs assessment", "needs_assessment", "2026-04", "English (en)"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def random_answers(rng: random.Random, visit_date) -> dict:
    """A plausible household, as raw answers (what a phone form would post)."""
    size = rng.choice([2, 3, 3, 4, 4, 5, 6, 7])
    answers = {
        "hh_size": size,
        "children": rng.randint(0, size - 1),
        "income_lost": "yes" if rng.random() < 0.85 else "no",
        "ration_card": "yes" if rng.random() < 0.6 else "no",
        "visit_date": visit_date.isoformat(),
    }
    if answers["income_lost"] == "yes":
        before = rng.choice([4000, 6000, 8000, 9000, 12000, 15000])
        answers["income_before"] = before
        answers["income_now"] = rng.choice([0, 0, 0, 500, 1000, 2000, before // 4])
    needs = [
        n
        for n, p in [
            ("rations", 0.9),
            ("rent", 0.55),
            ("medicines", 0.4),
            ("nutrition", 0.3),
            ("school_fees", 0.25),
        ]
        if rng.random() < p
    ]
    answers["needs"] = needs or ["rations"]
    if "rent" in needs:
        answers["rent_arrears"] = rng.choice([1500, 3000, 4500, 6000, 9000])
        answers["rent_months"] = rng.randint(1, 6)
    if "nutrition" in needs or "medicines" in needs:
        answers["hiv_nutrition"] = "yes" if rng.random() < 0.3 else "no"
        if answers["hiv_nutrition"] == "yes":
            answers["hiv_nutrition_people"] = rng.randint(1, min(2, size))
    return answers


def household_roster_xlsx(form_id="household_roster") -> bytes:
    """A household visit as ODK Collect fills it: the household's size (a constraint), a
    photo of the signed acknowledgement, the roster of its people (a repeat) and a
    calculation. The browser form shows the first; the rest is filled on a phone."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in [
        ["type", "name", "label", "constraint", "required", "calculation"],
        ["integer", "hh_size", "People in the household", ". > 0 and . <= 20", "yes", ""],
        ["image", "photo", "Photo of the acknowledgement", "", "", ""],
        ["begin repeat", "person", "Person", "", "", ""],
        ["text", "pname", "Name", "", "", ""],
        ["integer", "age", "Age", ". >= 0 and . < 120", "", ""],
        ["end repeat", "", "", "", "", ""],
        ["calculate", "double", "", "", "", "${hh_size} * 2"],
    ]:
        ws.append(row)
    st = wb.create_sheet("settings")
    st.append(["form_id", "form_title"])
    st.append([form_id, "Household roster"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def load_openrosa_demo(*, organisation, collective, actor):
    """The roster form, a phone credential of ``actor`` and what its phone sent: one
    household with its roster, and one that broke a rule (kept for review)."""
    from .openrosa import submission_xml
    from .services import device_credential_create, openrosa_submit, survey_upload

    version = survey_upload(
        organisation=organisation,
        data=household_roster_xlsx(),
        file_name="household_roster.xlsx",
        actor=actor,
    )
    device, _secret = device_credential_create(
        actor=actor, collective=collective, label="Demo phone (ODK Collect)"
    )
    good = submission_xml(
        version,
        {"hh_size": 3},
        instance_id="uuid:demo-roster-1",
        rows=[
            {"pname": "Lakshmi Das", "age": 34},
            {"pname": "Rekha Das", "age": 12},
            {"pname": "Mina Das", "age": 8},
        ],
    )
    openrosa_submit(device=device, xml=good, files={})
    broken = submission_xml(version, {"hh_size": 45}, instance_id="uuid:demo-roster-2")
    openrosa_submit(device=device, xml=broken, files={})
    load_platform_demo(organisation=organisation, collective=collective, actor=actor, device=device)
    return version


def load_platform_demo(*, organisation, collective, actor, device):
    """The platform's own forms (ADR 0040) and what the demo phone sent with them: a
    needs assessment of a member, and a ration kit given again to a household that
    already had it this round (kept on the review queue)."""
    from saathi.relief.models import Distribution

    from . import platform
    from .openrosa import SubmissionError, submission_xml
    from .services import openrosa_submit

    forms = platform.ensure_platform_surveys(organisation, actor)
    members = platform.scope_members(actor, collective)
    member = members.order_by("pk").first()
    if member is None:
        return
    needs = submission_xml(
        forms["needs"].latest_version(),
        {
            "member": member.uuid.hex,
            "hh_size": 4,
            "food_short": "yes",
            "ration_card": "no",
            "income_lost": "yes",
            "needs": "food rent",
        },
        instance_id="uuid:demo-needs-1",
    )
    given = (
        Distribution.objects.standing()
        .filter(organisation=organisation, member__in=members, item__kind="ration_kit")
        .select_related("item")
        .first()
    )
    sent = [needs]
    if given is not None:
        sent.append(
            submission_xml(
                forms["distribution"].latest_version(),
                {
                    "item": given.item.uuid.hex,
                    "member": given.member.uuid.hex,
                    "distributed_on": given.distributed_on.isoformat(),
                    "mode": "in_kind",
                    "ack_method": "paper",
                    "handed_over_by": "Mitali Ghosh",
                },
                instance_id="uuid:demo-distribution-1",
            )
        )
    for xml in sent:
        try:
            openrosa_submit(device=device, xml=xml, files={})
        except SubmissionError:  # a form the demo user's phone does not get
            continue


def load_demo(*, organisation, collectives, actor, responses_per_collective: int = 30, seed=2020):
    """Upload the demo needs assessment and record responses in ``collectives``."""
    from .services import ResponseMeta, response_record, survey_upload

    version = survey_upload(
        organisation=organisation,
        data=needs_assessment_xlsx(),
        file_name="needs_assessment.xlsx",
        actor=actor,
    )
    rng = random.Random(seed)
    today = timezone.localdate()
    for collective in collectives:
        for i in range(responses_per_collective):
            raw = random_answers(rng, today - timedelta(days=rng.randint(0, 40)))
            response_record(
                version=version,
                raw=raw,
                meta=ResponseMeta(collective=collective, district=collective.districts[0]),
                actor=actor,
                instance_id=f"uuid:demo-{collective.pk}-{i}",
            )
    if collectives:
        load_openrosa_demo(organisation=organisation, collective=collectives[0], actor=actor)
    return version
