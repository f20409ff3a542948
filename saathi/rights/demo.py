"""Demo data of members' rights (``manage.py seed_demo``): the organisation's privacy
notice published in four languages, requests on their 90-day clock (an access request,
a correction, a grievance), the processors the data goes to, and a breach recorded, so
that a newcomer sees every register working."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from saathi.accounts.models import User
from saathi.people.models import Member

from . import breaches, services

NOTICE = {
    "en": (
        "We keep your name, phone, documents and the help you receive, to follow up your "
        "applications and support. Only our staff see it; nothing is shared without your "
        "consent. You may see, correct or erase it, or complain, at the contact below."
    ),
    "hi": (
        "हम आपका नाम, फ़ोन, दस्तावेज़ और आपको मिली मदद दर्ज रखते हैं, ताकि आपके आवेदनों "
        "और सहायता की देखरेख कर सकें। इसे केवल हमारे कर्मचारी देखते हैं; आपकी सहमति के "
        "बिना कुछ साझा नहीं होता। आप इसे देख, सुधार या मिटवा सकती हैं, या नीचे दिए संपर्क पर "
        "शिकायत कर सकती हैं।"
    ),
    "bn": (
        "আপনার আবেদন ও সহায়তার খোঁজ রাখতে আমরা আপনার নাম, ফোন, কাগজপত্র ও আপনি যে সাহায্য "
        "পান তা রাখি। শুধু আমাদের কর্মীরা তা দেখেন; আপনার সম্মতি ছাড়া কিছু কাউকে দেওয়া হয় না। "
        "নিচের যোগাযোগে আপনি তা দেখতে, শুধরাতে বা মুছে ফেলতে বা অভিযোগ করতে পারেন।"
    ),
    "te": (
        "మీ దరఖాస్తులు, సహాయాన్ని చూసుకోవడానికి మేము మీ పేరు, ఫోన్, పత్రాలు, మీకు అందిన సహాయం "
        "నమోదు చేస్తాము. వాటిని మా సిబ్బంది మాత్రమే చూస్తారు; మీ సమ్మతి లేకుండా ఏదీ ఎవరికీ "
        "ఇవ్వము. కింది సంప్రదింపులో మీరు వాటిని చూడవచ్చు, సరిచేయవచ్చు, తొలగించమనవచ్చు లేదా "
        "ఫిర్యాదు చేయవచ్చు."
    ),
}


def seed(*, organisation, stdout=None) -> dict:
    admin = User.objects.get(username="admin")
    social = User.objects.get(username="socialworker")
    today = timezone.localdate()
    contact = "Rights desk, 9830000000, rights@example.org (Mon–Sat, 10:00–17:00)"
    services.notice_publish(organisation=organisation, texts=NOTICE, contact=contact, actor=admin)
    members = list(
        Member.objects.filter(organisation=organisation, archived_at__isnull=True)
        .exclude(phones=None)
        .order_by("id")[:4]
    )
    requests = 0
    for member, kind, days, details in zip(
        members,
        ["access", "correction", "grievance"],
        [10, 40, 75],
        [
            "She asked what is held about her.",
            "Her village is written wrongly.",
            "A staff member spoke of her case in the street.",
        ],
        strict=False,
    ):
        services.request_record(
            member=member,
            kind=kind,
            verification="in_person_known",
            language=member.preferred_language or "bn",
            details=details,
            received_on=today - timedelta(days=days),
            actor=social,
        )
        requests += 1
    processors = [
        ("SMS gateway (demo)", "sms_gateway", "Phone numbers and the text of reminders"),
        ("Cloud host (demo)", "host", "Everything, encrypted at rest"),
        ("Partner clinic (demo)", "partner", "Names and referral notes, with her consent"),
    ]
    for name, kind, shared in processors:
        services.processor_save(
            organisation=organisation,
            actor=admin,
            name=name,
            kind=kind,
            contract_on=today - timedelta(days=365),
            data_shared=shared,
            active=True,
        )
    breaches.breach_record(
        organisation=organisation,
        detected_at=timezone.now() - timedelta(hours=20),
        members=members[:2],
        actor=admin,
        occurred="A printed beneficiary list left at the ration shop, yesterday",
        nature="Names, villages and phone numbers of two members",
        consequences="Their names may be known in the village",
        mitigation="The list was taken back the same evening",
        member_steps="Tell us if anyone contacts you about it",
        contact=contact,
    )
    if stdout is not None:
        stdout.write(
            f"Rights: notice in 4 languages, {requests} requests, {len(processors)} "
            "processors, 1 breach"
        )
    return {"requests": requests, "processors": len(processors)}
