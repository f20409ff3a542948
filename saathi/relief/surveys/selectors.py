"""Reads for the survey pages and API: lists, one response, aggregates."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from saathi.core import audit, policy
from saathi.core.policy import Cap
from saathi.core.suppression import shown, suppress_column, suppress_table
from saathi.core.templatetags.saathi import indian_grouping
from saathi.reports.selectors import SUPPRESS_BELOW, suppress

from . import engine
from .access import survey_allows
from .models import Response, Survey, Tally
from .tallies import COUNTED


def survey_list(user):
    """Surveys of the user's organisations with what she may do with each."""
    surveys = list(
        Survey.objects.visible_to(user)
        .select_related("organisation")
        .annotate(n_versions=Count("versions", distinct=True))
        .order_by("title")
    )
    relief = policy.scope_for(user, Cap.VIEW_RELIEF)
    # from the tallies: a few rows per survey, whatever the number of responses
    counts = (
        dict(
            Tally.objects.visible_to(user, Cap.VIEW_RELIEF)
            .filter(survey__in=surveys)
            .values_list("survey_id")
            .annotate(n=Sum("responses"))
        )
        if not relief.empty
        else {}
    )
    caps = {c: policy.scope_for(user, c) for c in (Cap.RECORD_RESPONSES, Cap.MANAGE_SURVEYS)}
    caps[Cap.VIEW_RELIEF] = relief
    rows = []
    for s in surveys:

        def may(cap, s=s):
            return caps[cap].covers(s.organisation_id, through_collectives=True)

        rows.append(
            {
                "survey": s,
                "responses": counts.get(s.pk),
                "may_fill": may(Cap.RECORD_RESPONSES) and not s.platform,
                "may_manage": s.organisation_id in caps[Cap.MANAGE_SURVEYS].organisations,
                "may_list": may(Cap.VIEW_RELIEF),
            }
        )
    return rows


def response_page(user, survey: Survey, page_number):
    qs = (
        Response.objects.visible_to(user, Cap.VIEW_RELIEF)
        .filter(survey=survey, current=True)
        .select_related("collective", "member", "version")
        # the list shows neither the answers nor the form: do not read their JSON
        .defer("answers", "version__definition", "version__fields", "version__xform")
        .order_by("-submitted_at", "-pk")
    )
    return Paginator(qs, settings.SAATHI_PAGE_SIZE).get_page(page_number)


def answer_display(spec: engine.Spec, q: dict, value, language: str | None = None) -> str:
    if value is None or value == "":
        return ""
    if q["type"] in ("select_one", "select_multiple"):
        labels = {c["name"]: spec.text(c["label"], language) for c in q["choices"]}
        items = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(v) or str(v) for v in items)
    if q["type"] == "date":
        y, m, d = str(value).split("-")
        return f"{d}/{m}/{y}"
    if q["type"] == "integer":
        return indian_grouping(value)
    return str(value)


def response_answers(user, response: Response, language: str | None = None) -> list[dict]:
    """The response's answers, labelled, in form order; the read is audited."""
    spec = engine.spec_for(response.version)
    rows = []
    for q in spec.questions:
        if q["type"] == "note" or q["name"] not in response.answers:
            continue
        rows.append(
            {
                "label": spec.text(q["label"], language) or q["name"],
                "value": answer_display(spec, q, response.answers[q["name"]], language),
            }
        )

    def roster(rep, rows_of, prefix):  # one line per row, under its household (or member)
        labels = {
            c["name"]: spec.text(c["label"], language) or c["name"]
            for c in engine.repeat_questions(rep)
        }
        inner = engine.inner_repeats(rep)
        inner_names = {c["name"] for c in inner}
        title = spec.text(rep["label"], language) or rep["name"]
        for n, row in enumerate(rows_of if isinstance(rows_of, list) else [], start=1):
            label = f"{prefix}{title} {n}"
            # in the form's order (PostgreSQL's jsonb keeps its keys in its own order)
            keys = [k for k in labels if k in row] + [k for k in row if k not in labels]
            rows.append(
                {
                    "label": label,
                    "value": " · ".join(
                        f"{labels.get(k, k)}: {row[k]}" for k in keys if k not in inner_names
                    ),
                }
            )
            for sub in inner:
                roster(sub, row.get(sub["name"]), f"{label} · ")

    for rep in spec.repeats:
        roster(rep, response.answers.get(rep["name"]), "")
    audit.record(
        audit.Action.VIEW_PERSONAL,
        actor=user,
        obj=response,
        member_id=response.member_id,
        fields=["answers"],
        detail={"survey": str(response.survey.uuid)},
    )
    return rows


# ---------------------------------------------------------------------- aggregates
@dataclass
class AggregateScope:
    tallies: QuerySet  # of Tally
    suppressed: bool


def aggregate_scope(user, survey: Survey) -> AggregateScope:
    """Which responses feed the figures, and whether small counts are hidden: users who
    may not see single responses (viewers) get counts under 5 as "<5"."""
    may_relief = survey_allows(user, Cap.VIEW_RELIEF, survey)
    cap = (
        Cap.VIEW_AGGREGATES if survey_allows(user, Cap.VIEW_AGGREGATES, survey) else Cap.VIEW_RELIEF
    )
    qs = Tally.objects.visible_to(user, cap).filter(survey=survey)
    return AggregateScope(qs, suppressed=not may_relief)


def _fmt_count(n: int, suppressed: bool) -> str:
    return suppress(n) if suppressed else indian_grouping(n)


def _number(value: float) -> str:
    if float(value).is_integer():
        return indian_grouping(int(value))
    return f"{value:.1f}"


def aggregates(user, survey: Survey, *, by: str = "collective", language: str | None = None):
    """Counts and shares for each choice, totals and medians for numbers: for everything
    in the user's reach and by collective or district, from the survey's tallies (two
    queries whatever the number of responses). No answer of a single response leaves
    this function; counts under 5 are "<5" for users who see aggregates only."""
    scope = aggregate_scope(user, survey)
    version = survey.latest_version()
    spec = engine.spec_for(version)
    questions = [q for q in spec.questions if q["type"] in COUNTED]
    by = "district" if by == "district" else "collective"
    groups: dict[str, int] = defaultdict(int)
    merged: dict[str, dict] = defaultdict(dict)  # group -> question -> tally
    for t in scope.tallies.select_related("collective").only(
        "responses", "counts", "district", "collective__name"
    ):
        group = (t.district if by == "district" else t.collective.name) or "—"
        groups[group] += t.responses
        for name, c in t.counts.items():
            target = merged[group].setdefault(name, {"answered": 0})
            target["answered"] += c["answered"]
            for kind in ("choices", "values"):
                if kind in c:
                    bucket = target.setdefault(kind, {})
                    for k, n in c[kind].items():
                        bucket[k] = bucket.get(k, 0) + n
    total = sum(groups.values())
    hide = scope.suppressed
    group_names = sorted(groups)

    def share(n: int, of: int, hidden: bool) -> int | None:
        if not of or hidden:
            return None
        return round(100 * n / of)

    def part(g, name):
        return merged[g].get(name, {"answered": 0})

    # responses by group add up to the total: complementary suppression (saathi.core)
    if hide:
        hide_groups, hide_total = suppress_column([groups[g] for g in group_names], total=True)
    else:
        hide_groups, hide_total = [False] * len(group_names), False
    out = []
    for q in questions:
        name = q["name"]
        n_answered = sum(part(g, name)["answered"] for g in group_names)
        item = {
            "name": name,
            "label": spec.text(q["label"], language) or name,
            "type": q["type"],
            "answered": _fmt_count(n_answered, hide),
        }
        if q["type"] in ("select_one", "select_multiple"):
            per_choice = [
                [part(g, name).get("choices", {}).get(c["name"], 0) for g in group_names]
                for c in q["choices"]
            ]
            # choices x groups: a choice's count is the sum of its groups' (shown); for
            # select_one the choices also add up to the number who answered (shown)
            if hide and per_choice and group_names:
                s = suppress_table(
                    per_choice,
                    row_totals=True,
                    col_totals=False,
                    total=q["type"] == "select_one",
                )
                hidden_cells, hidden_rows = s.cells, s.row_totals
                if q["type"] == "select_one":
                    item["answered"] = shown(n_answered, s.total)
                    answered_hidden = s.total
                else:
                    answered_hidden = 0 < n_answered < SUPPRESS_BELOW
            else:
                hidden_cells = [[False] * len(group_names) for _ in per_choice]
                hidden_rows = [False] * len(per_choice)
                answered_hidden = False
            choices = []
            for c, per, hide_row, hide_cells in zip(
                q["choices"], per_choice, hidden_rows, hidden_cells, strict=True
            ):
                n = sum(per)
                choices.append(
                    {
                        "label": spec.text(c["label"], language) or c["name"],
                        "count": shown(n, hide_row),
                        "pct": share(n, n_answered, hide_row or answered_hidden),
                        "by_group": [
                            {
                                "count": shown(k, h),
                                # a share gives the count away when the group's number who
                                # answered is known: hidden with the count
                                "pct": share(k, part(g, name)["answered"], h),
                            }
                            for g, k, h in zip(group_names, per, hide_cells, strict=True)
                        ],
                    }
                )
            item["choices"] = choices
        else:
            every: dict[str, int] = defaultdict(int)
            for g in group_names:
                for k, n in part(g, name).get("values", {}).items():
                    every[k] += n
            item["numbers"] = _number_summary(every, hide)
            item["group_rows"] = [
                {"name": g, **_number_summary(part(g, name).get("values", {}), hide)}
                for g in group_names
            ]
        out.append(item)
    return {
        "total": shown(total, hide_total),
        "total_n": None if hide_total else total,
        "groups": [
            {"name": g, "n": shown(groups[g], h)}
            for g, h in zip(group_names, hide_groups, strict=True)
        ],
        "by": by,
        "questions": out,
        "suppressed": hide,
    }


def _median(histogram: dict[str, int]) -> float:
    items = sorted((float(k), n) for k, n in histogram.items())
    n = sum(c for _, c in items)
    lo, hi = (n - 1) // 2, n // 2  # the middle one (odd n) or two (even n), 0-based
    seen = 0
    a: float | None = None
    b: float | None = None
    for value, c in items:
        if a is None and lo < seen + c:
            a = value
        if hi < seen + c:
            b = value
            break
        seen += c
    if a is None or b is None:  # an empty histogram
        return 0.0
    return (a + b) / 2


def _number_summary(histogram: dict[str, int], hide: bool) -> dict:
    n = sum(histogram.values())
    if not n or (hide and n < SUPPRESS_BELOW):
        return {"n": _fmt_count(n, hide), "total": "—", "median": "—"}
    return {
        "n": _fmt_count(n, hide),
        "total": _number(sum(float(k) * c for k, c in histogram.items())),
        "median": _number(_median(histogram)),
    }


# ------------------------------------------------------------------ OpenRosa
def device_form_list(device):
    """(survey, latest version, whether it has media attached) for the device's forms."""
    from django.db.models import Exists, OuterRef

    from . import services
    from .models import SurveyMedia, SurveyVersion

    surveys = list(services.device_surveys(device).order_by("title"))
    latest = {}
    for v in (
        SurveyVersion.objects.filter(survey__in=surveys)
        .annotate(has_media=Exists(SurveyMedia.objects.filter(version=OuterRef("pk"))))
        .defer("definition", "fields")
        .order_by("survey_id", "-number")
    ):
        latest.setdefault(v.survey_id, v)
    from .platform import GENERATED_FILES

    return [
        (s, v, v.has_media or any(n in GENERATED_FILES for n in v.media))
        for s in surveys
        if (v := latest.get(s.pk)) is not None
    ]


def device_collectives(user):
    """The collectives a user may make a phone credential for (she records responses there)."""
    from saathi.core import scope

    return scope.collectives_with(user, Cap.RECORD_RESPONSES).order_by("name")


def held_rows(user, survey: Survey) -> list:
    """The submissions kept for review, newest first, with the broken rules by label and
    the answers as sent (a read of personal data: audited)."""
    from . import openrosa, services
    from .models import HeldSubmission

    spec_cache: dict = {}
    rows = []
    items = list(
        HeldSubmission.objects.visible_to(user, Cap.MANAGE_SURVEYS)
        .filter(survey=survey)
        .select_related("version", "collective", "recorded_by", "device")[:50]
    )
    for h in items:
        spec = spec_cache.get(h.version_id) or engine.spec_for(h.version)
        spec_cache[h.version_id] = spec
        try:
            raw = openrosa.answers_of(openrosa.parse_xml(services.held_xml(h).encode()), set())
        except openrosa.SubmissionError:
            raw = {}
        rows.append(
            {
                "held": h,
                "rule": platform_rule_label(h.rule) if h.rule else "",
                "problems": [
                    {
                        "label": spec.text(spec.by_name[n]["label"]) if n in spec.by_name else n,
                        "message": m,
                    }
                    for n, m in h.errors.items()
                ],
                "answers": [
                    {"label": spec.text(q["label"]) or q["name"], "value": raw[q["name"]]}
                    for q in spec.questions
                    if raw.get(q["name"])
                ],
            }
        )
    if items:
        audit.record(
            audit.Action.VIEW_PERSONAL,
            actor=user,
            obj=survey,
            fields=["held_submissions"],
            detail={"survey": str(survey.uuid), "count": len(items)},
        )
    return rows


def review_page(user, page_number, *, status: str = "open"):
    """The kept submissions of every form the user manages, newest first, 50 a page."""
    from django.core.paginator import Paginator

    from .models import HeldSubmission

    qs = (
        HeldSubmission.objects.visible_to(user, Cap.MANAGE_SURVEYS)
        .filter(status=status)
        .select_related("survey", "collective", "device")
        .defer("xml", "errors", "rule_detail")
        .order_by("-created_at", "-id")
    )
    return Paginator(qs, 50).get_page(page_number)


def platform_rule_label(code: str) -> str:
    from .platform import Rule

    return Rule.label(code)


PLATFORM_REFERENCES = ("member", "led_by", "present", "session", "item")


def _platform_value(user, name: str, value: str, memo: dict) -> str:
    """A platform form's answer as a person reads it: who, which session, which item."""
    from saathi.collectives.models import GroupSession
    from saathi.people.models import Member
    from saathi.relief.models import Item

    from .platform import NEW_SESSION, _uuid

    if name in ("member", "led_by"):
        m = memo.get(("member", _uuid(value))) or (
            Member.objects.visible_to(user).filter(uuid=_uuid(value)).first()
        )
        return f"{m.display_name} ({m.reference})" if m else _("a member outside your reach")
    if name == "present":
        keys = [_uuid(v) for v in value.split()]
        names = list(
            Member.objects.visible_to(user)
            .filter(uuid__in=[k for k in keys if k])
            .order_by("display_name")
            .values_list("display_name", flat=True)
        )
        hidden = len(keys) - len(names)
        text = ", ".join(names)
        if hidden:
            text += " " + _("(and %(n)s outside your reach)") % {"n": hidden}
        return text
    if name == "session":
        if value == NEW_SESSION:
            return _("A new session (not planned on Saathi)")
        s = GroupSession.objects.visible_to(user).filter(uuid=_uuid(value)).first()
        return f"{s} ({s.reference})" if s else _("a session no longer on the list")
    if name == "item":
        i = memo.get(("item", _uuid(value))) or (
            Item.objects.filter(uuid=_uuid(value)).select_related("programme").first()
        )
        return f"{i.programme.name} · {i.name}" if i else value
    return value


def held_view(user, held, language: str | None = None) -> dict:
    """One kept submission for its review page: the rule it broke, the answers as sent
    (names of members resolved within the reader's reach; an audited read), what still
    stands in the way now, and its attachments."""
    from . import services
    from .platform import Rule

    spec = engine.spec_for(held.version)
    try:
        raw, _meta = services.held_answers(held)
    except Exception:  # noqa: BLE001 - a stored XML that no longer reads: shown as such
        raw = {}
    memo: dict = {}
    problems = []
    attachments = list(held.attachments.values_list("name", flat=True))
    if held.status == held.Status.OPEN:
        checked = services.held_check(held=held, actor=user, attachments=attachments, memo=memo)
        for name, message in checked.items():
            asked = spec.by_name.get(name)
            label = spec.text(asked["label"], language) if asked else ""
            problems.append({"label": label, "message": message})
    answers = []
    for q in spec.questions:
        value = raw.get(q["name"])
        if not value:
            continue
        if held.survey.platform and q["name"] in PLATFORM_REFERENCES:
            shown = _platform_value(user, q["name"], value, memo)
        else:
            try:
                shown = answer_display(spec, q, engine.coerce(q, value), language)
            except (engine.TypeProblem, ValueError):
                shown = str(value)
        answers.append({"label": spec.text(q["label"], language) or q["name"], "value": shown})
    audit.record(
        audit.Action.VIEW_PERSONAL,
        actor=user,
        obj=held,
        organisation_id=held.organisation_id,
        fields=["held_submission"],
        detail={"survey": str(held.survey.uuid)},
    )
    return {
        "rule": Rule.label(held.rule or Rule.FORM),
        "answers": answers,
        "problems": problems,
        "raw": raw,
        "spec": spec,
        "attachments": attachments,
    }
