"""XLSForm workbooks for the tests, written with openpyxl."""

import io

from openpyxl import Workbook


def xlsx(survey: list[list], choices: list[list] | None = None, settings=None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "survey"
    for row in survey:
        ws.append(row)
    if choices is not None:
        ch = wb.create_sheet("choices")
        for row in choices:
            ch.append(row)
    if settings:
        st = wb.create_sheet("settings")
        st.append(list(settings))
        st.append(list(settings.values()))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


BN_TE_HEADER = [
    "type",
    "name",
    "label::Bengali (bn)",
    "label::Telugu (te)",
    "label::English (en)",
    "required",
    "relevant",
    "constraint",
    "constraint_message::English (en)",
    "constraint_message::Bengali (bn)",
    "constraint_message::Telugu (te)",
]


def food_form(form_id="food_needs", title="Food needs") -> bytes:
    """Bengali and Telugu labels, groups, skip logic and constraints."""
    return xlsx(
        [
            BN_TE_HEADER,
            ["begin_group", "household", "পরিবার", "కుటుంబం", "Household"],
            [
                "integer",
                "members",
                "সদস্য সংখ্যা",
                "సభ్యుల సంఖ్య",
                "Members",
                "yes",
                "",
                ". > 0 and . <= 20",
                "1 to 20",
                "১ থেকে ২০",
                "1 నుండి 20",
            ],
            [
                "decimal",
                "income",
                "মাসিক আয়",
                "నెల ఆదాయం",
                "Monthly income",
                "",
                "",
                ". >= 0",
                "Not negative",
                "ঋণাত্মক নয়",
                "రుణాత్మకం కాదు",
            ],
            ["end_group", "household"],
            ["select_multiple needs", "needs", "প্রয়োজন", "అవసరాలు", "Needs", "yes"],
            [
                "integer",
                "rent_due",
                "বাকি ভাড়া",
                "బాకీ అద్దె",
                "Rent due",
                "yes",
                "selected(${needs}, 'rent')",
                ". > 0",
                "More than 0",
                "০-র বেশি",
                "0 కంటే ఎక్కువ",
            ],
            ["select_one yn", "ration_card", "রেশন কার্ড", "రేషన్ కార్డు", "Ration card", "yes"],
            [
                "text",
                "why_not",
                "কেন নেই",
                "ఎందుకు లేదు",
                "Why not",
                "",
                "${ration_card} = 'no' and count-selected(${needs}) >= 1",
            ],
            ["date", "visited", "তারিখ", "తేదీ", "Visit date"],
            ["note", "thanks", "ধন্যবাদ", "ధన్యవాదాలు", "Thank you"],
        ],
        [
            [
                "list_name",
                "name",
                "label::Bengali (bn)",
                "label::Telugu (te)",
                "label::English (en)",
            ],
            ["needs", "rations", "রেশন", "రేషన్", "Rations"],
            ["needs", "rent", "ভাড়া", "అద్దె", "Rent"],
            ["needs", "medicines", "ওষুধ", "మందులు", "Medicines"],
            ["yn", "yes", "হ্যাঁ", "అవును", "Yes"],
            ["yn", "no", "না", "కాదు", "No"],
        ],
        {
            "form_title": title,
            "form_id": form_id,
            "version": "1",
            "default_language": "English (en)",
        },
    )
