"""The screening instruments, scored as their manuals score them.

* PHQ-9 (Kroenke, Spitzer & Williams 2001): nine items 0–3, total 0–27; bands 0–4 minimal,
  5–9 mild, 10–14 moderate, 15–19 moderately severe, 20–27 severe. Item 9 (thoughts of
  being better off dead or of self-harm) above 0 is a risk whatever the total.
* GAD-7 (Spitzer et al. 2006): seven items 0–3, total 0–21; bands 0–4 minimal, 5–9 mild,
  10–14 moderate, 15–21 severe.
* PSS-10 (Cohen, Kamarck & Mermelstein 1983; Cohen & Williamson 1988): ten items 0–4;
  items 4, 5, 7 and 8 are positively worded and reversed (4 − answer); total 0–40; the
  usual bands 0–13 low, 14–26 moderate, 27–40 high perceived stress.

The item texts are the English originals. They are NOT marked for translation: a
translation of an instrument is valid only as the validated text of a study (for PHQ-9 and
GAD-7 in Hindi, Bengali and Telugu: Kochhar et al., J Postgrad Med 2007), and none is held
here yet; the form says that the English items are shown (ADR 0037).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Instrument(models.TextChoices):
    PHQ9 = "phq9", _("PHQ-9 (depression)")
    GAD7 = "gad7", _("GAD-7 (anxiety)")
    PSS10 = "pss10", _("PSS-10 (perceived stress)")


class Band(models.TextChoices):
    MINIMAL = "minimal", _("Minimal")
    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    MODERATELY_SEVERE = "moderately_severe", _("Moderately severe")
    SEVERE = "severe", _("Severe")
    LOW = "low", _("Low stress")
    MODERATE_STRESS = "moderate_stress", _("Moderate stress")
    HIGH = "high", _("High stress")


@dataclass(frozen=True)
class Spec:
    code: str
    stem: str
    items: tuple[str, ...]
    options: tuple[tuple[int, str], ...]
    # (lowest total of the band, band), in rising order
    bands: tuple[tuple[int, str], ...]
    reversed_items: frozenset[int] = frozenset()  # 1-based item numbers

    @property
    def max_answer(self) -> int:
        return self.options[-1][0]

    @property
    def max_total(self) -> int:
        return self.max_answer * len(self.items)


_FREQ4 = (
    (0, "Not at all"),
    (1, "Several days"),
    (2, "More than half the days"),
    (3, "Nearly every day"),
)

SPECS: dict[str, Spec] = {
    Instrument.PHQ9: Spec(
        code=Instrument.PHQ9,
        stem="Over the last 2 weeks, how often have you been bothered by any of the following problems?",
        items=(
            "Little interest or pleasure in doing things",
            "Feeling down, depressed, or hopeless",
            "Trouble falling or staying asleep, or sleeping too much",
            "Feeling tired or having little energy",
            "Poor appetite or overeating",
            "Feeling bad about yourself — or that you are a failure or have let yourself "
            "or your family down",
            "Trouble concentrating on things, such as reading the newspaper or watching television",
            "Moving or speaking so slowly that other people could have noticed? Or the "
            "opposite — being so fidgety or restless that you have been moving around a lot "
            "more than usual",
            "Thoughts that you would be better off dead or of hurting yourself in some way",
        ),
        options=_FREQ4,
        bands=(
            (0, Band.MINIMAL),
            (5, Band.MILD),
            (10, Band.MODERATE),
            (15, Band.MODERATELY_SEVERE),
            (20, Band.SEVERE),
        ),
    ),
    Instrument.GAD7: Spec(
        code=Instrument.GAD7,
        stem="Over the last 2 weeks, how often have you been bothered by the following problems?",
        items=(
            "Feeling nervous, anxious or on edge",
            "Not being able to stop or control worrying",
            "Worrying too much about different things",
            "Trouble relaxing",
            "Being so restless that it is hard to sit still",
            "Becoming easily annoyed or irritable",
            "Feeling afraid as if something awful might happen",
        ),
        options=_FREQ4,
        bands=((0, Band.MINIMAL), (5, Band.MILD), (10, Band.MODERATE), (15, Band.SEVERE)),
    ),
    Instrument.PSS10: Spec(
        code=Instrument.PSS10,
        stem="In the last month, how often have you…",
        items=(
            "been upset because of something that happened unexpectedly?",
            "felt that you were unable to control the important things in your life?",
            "felt nervous and “stressed”?",
            "felt confident about your ability to handle your personal problems?",
            "felt that things were going your way?",
            "found that you could not cope with all the things that you had to do?",
            "been able to control irritations in your life?",
            "felt that you were on top of things?",
            "been angered because of things that were outside of your control?",
            "felt difficulties were piling up so high that you could not overcome them?",
        ),
        options=(
            (0, "Never"),
            (1, "Almost never"),
            (2, "Sometimes"),
            (3, "Fairly often"),
            (4, "Very often"),
        ),
        bands=((0, Band.LOW), (14, Band.MODERATE_STRESS), (27, Band.HIGH)),
        reversed_items=frozenset({4, 5, 7, 8}),
    ),
}

# the bands that start the safety step (with PHQ-9 item 9 above 0)
RISK_BANDS = frozenset({Band.SEVERE})
SELF_HARM_ITEM = 9  # PHQ-9


@dataclass(frozen=True)
class Score:
    total: int
    band: str
    self_harm: bool  # PHQ-9 item 9 above 0

    @property
    def risk(self) -> bool:
        return self.self_harm or self.band in RISK_BANDS


def check_answers(instrument: str, answers: list[int]) -> list[int]:
    """The answers as integers, or ValueError naming what is wrong."""
    spec = SPECS[instrument]
    if len(answers) != len(spec.items):
        raise ValueError(f"{instrument} has {len(spec.items)} items, {len(answers)} answered")
    out = []
    for a in answers:
        a = int(a)
        if not 0 <= a <= spec.max_answer:
            raise ValueError(f"an answer of {instrument} is between 0 and {spec.max_answer}")
        out.append(a)
    return out


def band_of(instrument: str, total: int) -> str:
    band = ""
    for low, b in SPECS[instrument].bands:
        if total >= low:
            band = b
    return band


def score(instrument: str, answers: list[int]) -> Score:
    """Total, band and the item-9 rule of one completed instrument."""
    spec = SPECS[instrument]
    answers = check_answers(instrument, answers)
    total = sum(
        spec.max_answer - a if i in spec.reversed_items else a
        for i, a in enumerate(answers, start=1)
    )
    self_harm = instrument == Instrument.PHQ9 and answers[SELF_HARM_ITEM - 1] > 0
    return Score(total=total, band=band_of(instrument, total), self_harm=self_harm)


def bands_of(instrument: str) -> list[str]:
    return [b for _low, b in SPECS[instrument].bands]
