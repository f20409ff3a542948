"""Letters of a legal matter as PDF (WeasyPrint, Noto fonts), in English and her language.

The texts are data in four languages (like the entitlements letters): a compensation
application to the DLSA, a complaint to the SP under BNSS s.173(4), a request for the
progress of the investigation under s.193(3)(ii), and a witness-protection application.

Only what a letter needs reaches it: her name and address, the matter's numbers and
dates, the authority. The accused, statements, notes and threat details are never in
the context. BNS s.72: when the matter concerns a sexual offence and she has not given
her written authorisation (``DisclosureConsent``), her name and address are left as blank
lines to be written by hand.
"""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation

from saathi.entitlements.letters import FONTS
from saathi.people.choices import State

from .models import IdentifierKind, LegalMatter

LANGS = ("en", "hi", "bn", "te")
BLANK = "______________________________"

WITHHELD = {
    "en": "(name withheld under BNS s.72; to be written by hand)",
    "hi": "(बीएनएस धारा 72 के अंतर्गत नाम नहीं छापा गया; हाथ से लिखें)",
    "bn": "(বিএনএস ধারা ৭২ অনুযায়ী নাম ছাপা হয়নি; হাতে লিখুন)",
    "te": "(బీఎన్ఎస్ సెక్షన్ 72 ప్రకారం పేరు ముద్రించలేదు; చేతితో రాయండి)",
}

FIR_WORD = {"en": "FIR No.", "hi": "एफ़आईआर सं.", "bn": "এফআইআর নং", "te": "ఎఫ్ఐఆర్ నం."}

LABELS = {
    "date": {"en": "Date", "hi": "दिनांक", "bn": "তারিখ", "te": "తేదీ"},
    "to": {"en": "To", "hi": "सेवा में", "bn": "প্রতি", "te": "వారికి"},
    "close": {
        "en": "Yours faithfully,",
        "hi": "भवदीया,",
        "bn": "বিনীত,",
        "te": "విధేయురాలు,",
    },
    "signature": {"en": "Signature", "hi": "हस्ताक्षर", "bn": "স্বাক্ষর", "te": "సంతకం"},
    "thumb": {
        "en": "Left thumb impression",
        "hi": "बाएँ अंगूठे का निशान",
        "bn": "বাঁ হাতের বুড়ো আঙুলের ছাপ",
        "te": "ఎడమ బొటనవేలి ముద్ర",
    },
    "address": {"en": "Address", "hi": "पता", "bn": "ঠিকানা", "te": "చిరునామా"},
    "reference": {
        "en": "Our reference",
        "hi": "हमारा संदर्भ",
        "bn": "আমাদের সূত্র",
        "te": "మా సూచిక",
    },
    "enclosures": {"en": "Enclosed", "hi": "संलग्न", "bn": "সংযুক্ত", "te": "జతపరచినవి"},
}

TEXTS: dict[str, dict[str, dict[str, str]]] = {
    "dlsa_compensation": {
        "en": {
            "to": "The Secretary, District Legal Services Authority, {district}",
            "subject": "Application for victim compensation under BNSS s.396 and the "
            "victim compensation scheme",
            "body": "I, {member_name}, resident of {address}, am the victim in the case "
            "registered as {fir}.\n\n"
            "I apply for interim relief and for compensation under section 396 of the "
            "Bharatiya Nagarik Suraksha Sanhita, 2023 and the victim compensation scheme of "
            "the State. The offence took place on {offence_on}.\n\n"
            "I request that the enquiry be completed and interim relief be paid at the "
            "earliest, and that the compensation be paid into my own bank account.",
        },
        "hi": {
            "to": "सचिव, ज़िला विधिक सेवा प्राधिकरण, {district}",
            "subject": "बीएनएसएस धारा 396 एवं पीड़ित प्रतिकर योजना के अंतर्गत प्रतिकर हेतु आवेदन",
            "body": "मैं, {member_name}, निवासी {address}, {fir} के रूप में दर्ज मामले में "
            "पीड़िता हूँ।\n\n"
            "मैं भारतीय नागरिक सुरक्षा संहिता, 2023 की धारा 396 तथा राज्य की पीड़ित प्रतिकर "
            "योजना के अंतर्गत अंतरिम राहत और प्रतिकर के लिए आवेदन करती हूँ। अपराध "
            "{offence_on} को हुआ था।\n\n"
            "मेरा अनुरोध है कि जाँच शीघ्र पूरी की जाए, अंतरिम राहत तुरंत दी जाए, और प्रतिकर की "
            "राशि मेरे अपने बैंक खाते में जमा की जाए।",
        },
        "bn": {
            "to": "সচিব, জেলা আইনি পরিষেবা কর্তৃপক্ষ, {district}",
            "subject": "বিএনএসএস ধারা ৩৯৬ ও ভিকটিম ক্ষতিপূরণ প্রকল্প অনুযায়ী ক্ষতিপূরণের আবেদন",
            "body": "আমি, {member_name}, নিবাসী {address}, {fir} হিসেবে নথিভুক্ত মামলার "
            "ভুক্তভোগী।\n\n"
            "ভারতীয় নাগরিক সুরক্ষা সংহিতা, ২০২৩-এর ৩৯৬ ধারা এবং রাজ্যের ভিকটিম ক্ষতিপূরণ "
            "প্রকল্প অনুযায়ী আমি অন্তর্বর্তী সহায়তা ও ক্ষতিপূরণের জন্য আবেদন করছি। অপরাধটি "
            "ঘটেছিল {offence_on} তারিখে।\n\n"
            "অনুরোধ, তদন্ত দ্রুত শেষ করে অন্তর্বর্তী সহায়তা অবিলম্বে দেওয়া হোক এবং "
            "ক্ষতিপূরণের টাকা আমার নিজের ব্যাংক অ্যাকাউন্টে জমা করা হোক।",
        },
        "te": {
            "to": "కార్యదర్శి, జిల్లా న్యాయ సేవాధికార సంస్థ, {district}",
            "subject": "బీఎన్ఎస్ఎస్ సెక్షన్ 396 మరియు బాధితుల పరిహార పథకం కింద పరిహారం కోసం దరఖాస్తు",
            "body": "నేను, {member_name}, నివాసం {address}, {fir} గా నమోదైన కేసులో "
            "బాధితురాలిని.\n\n"
            "భారతీయ నాగరిక సురక్షా సంహిత, 2023 సెక్షన్ 396 మరియు రాష్ట్ర బాధితుల పరిహార "
            "పథకం కింద మధ్యంతర సహాయం మరియు పరిహారం కోసం దరఖాస్తు చేస్తున్నాను. నేరం "
            "{offence_on} న జరిగింది.\n\n"
            "విచారణను త్వరగా పూర్తి చేసి, మధ్యంతర సహాయాన్ని వెంటనే ఇవ్వాలని, పరిహారాన్ని "
            "నా సొంత బ్యాంకు ఖాతాలో జమ చేయాలని కోరుతున్నాను.",
        },
    },
    "sp_complaint": {
        "en": {
            "to": "The Superintendent of Police, {district}",
            "subject": "Information of a cognizable offence under BNSS s.173(4): the "
            "officer in charge refused to register an FIR",
            "body": "I, {member_name}, resident of {address}, went to {police_station} on "
            "{fir_on} to give information of a cognizable offence committed against me. "
            "The officer in charge did not register a First Information Report.\n\n"
            "Under section 173(4) of the Bharatiya Nagarik Suraksha Sanhita, 2023, I send "
            "you the substance of this information in writing, by post. My written account "
            "is enclosed.\n\n"
            "I request that you investigate the case yourself or direct an officer "
            "subordinate to you to investigate it, and that a copy of the FIR be given to me "
            "free of cost.",
        },
        "hi": {
            "to": "पुलिस अधीक्षक, {district}",
            "subject": "बीएनएसएस धारा 173(4) के अंतर्गत संज्ञेय अपराध की सूचना: थाना प्रभारी ने "
            "प्राथमिकी दर्ज करने से इनकार किया",
            "body": "मैं, {member_name}, निवासी {address}, {fir_on} को अपने विरुद्ध हुए एक "
            "संज्ञेय अपराध की सूचना देने {police_station} गई थी। थाना प्रभारी ने प्रथम "
            "सूचना रिपोर्ट दर्ज नहीं की।\n\n"
            "भारतीय नागरिक सुरक्षा संहिता, 2023 की धारा 173(4) के अंतर्गत मैं इस सूचना का सार "
            "लिखित रूप में, डाक द्वारा, आपको भेज रही हूँ। मेरा लिखित विवरण संलग्न है।\n\n"
            "मेरा अनुरोध है कि आप स्वयं मामले की जाँच करें या अपने अधीनस्थ किसी अधिकारी को "
            "जाँच का निर्देश दें, और प्राथमिकी की प्रति मुझे निःशुल्क दी जाए।",
        },
        "bn": {
            "to": "পুলিশ সুপার, {district}",
            "subject": "বিএনএসএস ধারা ১৭৩(৪) অনুযায়ী আমলযোগ্য অপরাধের তথ্য: থানার "
            "ভারপ্রাপ্ত আধিকারিক এফআইআর নিতে অস্বীকার করেছেন",
            "body": "আমি, {member_name}, নিবাসী {address}, {fir_on} তারিখে আমার বিরুদ্ধে "
            "ঘটা একটি আমলযোগ্য অপরাধের তথ্য দিতে {police_station}-এ গিয়েছিলাম। থানার "
            "ভারপ্রাপ্ত আধিকারিক প্রাথমিক তথ্য বিবরণী (এফআইআর) নথিভুক্ত করেননি।\n\n"
            "ভারতীয় নাগরিক সুরক্ষা সংহিতা, ২০২৩-এর ১৭৩(৪) ধারা অনুযায়ী এই তথ্যের সারাংশ "
            "লিখিতভাবে ডাকযোগে আপনাকে পাঠাচ্ছি। আমার লিখিত বিবরণ সংযুক্ত করা হল।\n\n"
            "অনুরোধ, আপনি নিজে মামলার তদন্ত করুন অথবা আপনার অধীনস্থ কোনো আধিকারিককে তদন্তের "
            "নির্দেশ দিন, এবং এফআইআর-এর একটি প্রতিলিপি আমাকে বিনামূল্যে দেওয়া হোক।",
        },
        "te": {
            "to": "పోలీసు సూపరింటెండెంట్, {district}",
            "subject": "బీఎన్ఎస్ఎస్ సెక్షన్ 173(4) కింద కాగ్నిజబుల్ నేర సమాచారం: "
            "స్టేషన్ అధికారి ఎఫ్ఐఆర్ నమోదు చేయడానికి నిరాకరించారు",
            "body": "నేను, {member_name}, నివాసం {address}, నాపై జరిగిన కాగ్నిజబుల్ నేరం "
            "గురించి సమాచారం ఇవ్వడానికి {fir_on} న {police_station}కు వెళ్లాను. స్టేషన్ "
            "అధికారి ప్రథమ సమాచార నివేదికను నమోదు చేయలేదు.\n\n"
            "భారతీయ నాగరిక సురక్షా సంహిత, 2023 సెక్షన్ 173(4) ప్రకారం ఈ సమాచార సారాంశాన్ని "
            "లిఖితపూర్వకంగా, పోస్టు ద్వారా మీకు పంపుతున్నాను. నా లిఖిత వివరణ జతపరిచాను.\n\n"
            "మీరే ఈ కేసును దర్యాప్తు చేయాలని లేదా మీ కింది అధికారిని దర్యాప్తు చేయమని "
            "ఆదేశించాలని, ఎఫ్ఐఆర్ ప్రతిని నాకు ఉచితంగా ఇవ్వాలని కోరుతున్నాను.",
        },
    },
    "progress_request": {
        "en": {
            "to": "The Officer in Charge, {police_station}",
            "subject": "Request for the progress of the investigation under BNSS "
            "s.193(3)(ii): {fir}",
            "body": "I, {member_name}, resident of {address}, am the informant and victim "
            "in the case {fir}, registered on {fir_on}.\n\n"
            "Section 193(3)(ii) of the Bharatiya Nagarik Suraksha Sanhita, 2023 requires "
            "the police to inform the victim or informant of the progress of the "
            "investigation within ninety days. More than ninety days have passed and I "
            "have not been informed.\n\n"
            "I request that I be told in writing of the progress of the investigation.",
        },
        "hi": {
            "to": "थाना प्रभारी, {police_station}",
            "subject": "बीएनएसएस धारा 193(3)(ii) के अंतर्गत जाँच की प्रगति की जानकारी हेतु अनुरोध: {fir}",
            "body": "मैं, {member_name}, निवासी {address}, {fir_on} को दर्ज मामले {fir} "
            "की सूचनादाता एवं पीड़िता हूँ।\n\n"
            "भारतीय नागरिक सुरक्षा संहिता, 2023 की धारा 193(3)(ii) के अनुसार पुलिस को नब्बे "
            "दिनों के भीतर पीड़िता या सूचनादाता को जाँच की प्रगति बतानी होती है। नब्बे दिन से "
            "अधिक बीत चुके हैं और मुझे कोई जानकारी नहीं दी गई है।\n\n"
            "मेरा अनुरोध है कि जाँच की प्रगति की जानकारी मुझे लिखित रूप में दी जाए।",
        },
        "bn": {
            "to": "ভারপ্রাপ্ত আধিকারিক, {police_station}",
            "subject": "বিএনএসএস ধারা ১৯৩(৩)(ii) অনুযায়ী তদন্তের অগ্রগতি জানানোর অনুরোধ: {fir}",
            "body": "আমি, {member_name}, নিবাসী {address}, {fir_on} তারিখে নথিভুক্ত {fir} "
            "মামলার তথ্যদাতা ও ভুক্তভোগী।\n\n"
            "ভারতীয় নাগরিক সুরক্ষা সংহিতা, ২০২৩-এর ১৯৩(৩)(ii) ধারা অনুযায়ী পুলিশকে নব্বই "
            "দিনের মধ্যে ভুক্তভোগী বা তথ্যদাতাকে তদন্তের অগ্রগতি জানাতে হয়। নব্বই দিনের বেশি "
            "কেটে গেছে, কিন্তু আমাকে কিছু জানানো হয়নি।\n\n"
            "অনুরোধ, তদন্তের অগ্রগতি আমাকে লিখিতভাবে জানানো হোক।",
        },
        "te": {
            "to": "స్టేషన్ హౌస్ ఆఫీసర్, {police_station}",
            "subject": "బీఎన్ఎస్ఎస్ సెక్షన్ 193(3)(ii) కింద దర్యాప్తు పురోగతి తెలియజేయాలని విన్నపం: {fir}",
            "body": "నేను, {member_name}, నివాసం {address}, {fir_on} న నమోదైన {fir} "
            "కేసులో సమాచారదాతను మరియు బాధితురాలిని.\n\n"
            "భారతీయ నాగరిక సురక్షా సంహిత, 2023 సెక్షన్ 193(3)(ii) ప్రకారం పోలీసులు తొంభై "
            "రోజుల్లోపు బాధితురాలికి లేదా సమాచారదాతకు దర్యాప్తు పురోగతిని తెలియజేయాలి. "
            "తొంభై రోజులకు పైగా గడిచినా నాకు ఏమీ తెలియజేయలేదు.\n\n"
            "దర్యాప్తు పురోగతిని నాకు లిఖితపూర్వకంగా తెలియజేయాలని కోరుతున్నాను.",
        },
    },
    "witness_protection": {
        "en": {
            "to": "The Competent Authority under the Witness Protection Scheme, {district}",
            "subject": "Application for witness protection (Witness Protection Scheme, "
            "2018; BNSS s.398): {fir}",
            "body": "I, {member_name}, resident of {address}, am a witness in the case "
            "{fir}{court}.\n\n"
            "I and my family have received threats because of my evidence in this case. "
            "I apply, in duplicate, for protection under the Witness Protection Scheme, "
            "2018, and for interim protection until the application is decided.\n\n"
            "I request that a Threat Analysis Report be called for and that the measures "
            "needed for my safety be ordered.",
        },
        "hi": {
            "to": "सक्षम प्राधिकारी, गवाह संरक्षण योजना, {district}",
            "subject": "गवाह संरक्षण हेतु आवेदन (गवाह संरक्षण योजना, 2018; बीएनएसएस धारा 398): {fir}",
            "body": "मैं, {member_name}, निवासी {address}, मामले {fir}{court} में गवाह हूँ।"
            "\n\n"
            "इस मामले में मेरी गवाही के कारण मुझे और मेरे परिवार को धमकियाँ मिली हैं। मैं "
            "गवाह संरक्षण योजना, 2018 के अंतर्गत संरक्षण के लिए, और आवेदन पर निर्णय होने तक "
            "अंतरिम संरक्षण के लिए, दो प्रतियों में आवेदन करती हूँ।\n\n"
            "मेरा अनुरोध है कि खतरा विश्लेषण रिपोर्ट मँगाई जाए और मेरी सुरक्षा के लिए आवश्यक "
            "उपायों का आदेश दिया जाए।",
        },
        "bn": {
            "to": "উপযুক্ত কর্তৃপক্ষ, সাক্ষী সুরক্ষা প্রকল্প, {district}",
            "subject": "সাক্ষী সুরক্ষার আবেদন (সাক্ষী সুরক্ষা প্রকল্প, ২০১৮; বিএনএসএস ধারা ৩৯৮): {fir}",
            "body": "আমি, {member_name}, নিবাসী {address}, {fir}{court} মামলার একজন সাক্ষী।"
            "\n\n"
            "এই মামলায় আমার সাক্ষ্যের কারণে আমি ও আমার পরিবার হুমকি পেয়েছি। সাক্ষী সুরক্ষা "
            "প্রকল্প, ২০১৮ অনুযায়ী সুরক্ষার জন্য, এবং আবেদনের নিষ্পত্তি না হওয়া পর্যন্ত "
            "অন্তর্বর্তী সুরক্ষার জন্য, দুই প্রতিতে আবেদন করছি।\n\n"
            "অনুরোধ, হুমকি বিশ্লেষণ রিপোর্ট তলব করা হোক এবং আমার নিরাপত্তার জন্য প্রয়োজনীয় "
            "ব্যবস্থার আদেশ দেওয়া হোক।",
        },
        "te": {
            "to": "సమర్థ అధికారి, సాక్షి రక్షణ పథకం, {district}",
            "subject": "సాక్షి రక్షణ కోసం దరఖాస్తు (సాక్షి రక్షణ పథకం, 2018; బీఎన్ఎస్ఎస్ సెక్షన్ 398): {fir}",
            "body": "నేను, {member_name}, నివాసం {address}, {fir}{court} కేసులో సాక్షిని."
            "\n\n"
            "ఈ కేసులో నా సాక్ష్యం కారణంగా నాకు, నా కుటుంబానికి బెదిరింపులు వచ్చాయి. సాక్షి "
            "రక్షణ పథకం, 2018 కింద రక్షణ కోసం, దరఖాస్తుపై నిర్ణయం వచ్చే వరకు మధ్యంతర రక్షణ "
            "కోసం, రెండు ప్రతులలో దరఖాస్తు చేస్తున్నాను.\n\n"
            "ముప్పు విశ్లేషణ నివేదికను తెప్పించి, నా భద్రతకు అవసరమైన చర్యలను ఆదేశించాలని "
            "కోరుతున్నాను.",
        },
    },
}

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _date(d, language: str) -> str:
    if not d:
        return BLANK
    with translation.override(language):
        return formats.date_format(d, "SHORT_DATE_FORMAT")


def _fir(matter: LegalMatter, language: str) -> tuple[str, str]:
    """The FIR (or Zero FIR, or GD entry) as "number/year, police station", and the
    police station alone; blank lines when the matter has none."""
    idents = {i.kind: i for i in matter.identifiers.all()}
    for kind in (IdentifierKind.FIR, IdentifierKind.ZERO_FIR, IdentifierKind.GD):
        i = idents.get(kind)
        if i:
            number = f"{FIR_WORD[language]} {i.number}"
            if i.year:
                number += f"/{i.year}"
            station = ", ".join(p for p in (i.police_station, i.district) if p)
            return (f"{number}, {station}" if station else number), (i.police_station or BLANK)
    return BLANK, BLANK


def may_name(matter: LegalMatter) -> bool:
    """BNS s.72: may a letter name her? Not for a sexual offence without her written
    authorisation (an active ``DisclosureConsent``, kept on the matter)."""
    return not matter.sexual_offence or matter.disclosure_consent_id is not None


def letter_context(matter: LegalMatter, language: str) -> dict[str, str]:
    member = matter.member
    with translation.override(language):
        state = str(State(member.state).label) if member.state else ""
    if may_name(matter):
        name = member.native_name if language != "en" and member.native_name else ""
        name = name or member.display_name
        address = ", ".join(p for p in (member.village, member.block, member.district, state) if p)
        latin = member.display_name
    else:
        name, address, latin = f"{BLANK} {WITHHELD[language]}", BLANK, ""
    fir, station = _fir(matter, language)
    court = ""
    if matter.court_establishment:
        court = f" ({matter.court_establishment}{', ' + matter.court_number if matter.court_number else ''})"
    return {
        "member_name": name,
        "member_name_latin": latin,
        "address": address,
        "district": member.district or BLANK,
        "fir": fir,
        "police_station": station,
        "fir_on": _date(matter.fir_on, language),
        "offence_on": _date(matter.offence_on, language),
        "court": court,
        "reference": matter.reference,
        "today": _date(timezone.localdate(), language),
        "organisation": matter.organisation.name,
    }


def fill(text: str, context: dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: context.get(m.group(1), m.group(0)), text)


def render_html(matter: LegalMatter, kind: str, language: str) -> str:
    text = TEXTS[kind][language]
    ctx = letter_context(matter, language)
    body = fill(text["body"], ctx)
    return render_to_string(
        "legal/letter_pdf.html",
        {
            "language": language,
            "font": FONTS.get(language, "Noto Sans"),
            "to": fill(text["to"], ctx),
            "subject": fill(text["subject"], ctx),
            "paragraphs": [p.split("\n") for p in re.split(r"\n\s*\n", body.strip())],
            "ctx": ctx,
            "labels": {k: v[language] for k, v in LABELS.items()},
        },
    )


def render_pdf(matter: LegalMatter, kind: str, language: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(matter, kind, language)).write_pdf()
