"""The instruments scored as their manuals score them: hand-scored answer sets at the
edges of every band, the PSS-10 reversed items, and the PHQ-9 item-9 rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saathi.wellbeing.instruments import SPECS, Band, band_of, check_answers, score

# (answers, hand-scored total, band)
PHQ9 = [
    ([0, 0, 0, 0, 0, 0, 0, 0, 0], 0, Band.MINIMAL),
    ([1, 1, 1, 1, 0, 0, 0, 0, 0], 4, Band.MINIMAL),
    ([1, 1, 1, 1, 1, 0, 0, 0, 0], 5, Band.MILD),
    ([2, 2, 2, 1, 1, 1, 0, 0, 0], 9, Band.MILD),
    ([2, 2, 2, 2, 1, 1, 0, 0, 0], 10, Band.MODERATE),
    ([2, 2, 2, 2, 2, 2, 2, 0, 0], 14, Band.MODERATE),
    ([3, 2, 2, 2, 2, 2, 2, 0, 0], 15, Band.MODERATELY_SEVERE),
    ([3, 3, 3, 3, 3, 2, 2, 0, 0], 19, Band.MODERATELY_SEVERE),
    ([3, 3, 3, 3, 3, 3, 2, 0, 0], 20, Band.SEVERE),
    ([3, 3, 3, 3, 3, 3, 3, 3, 3], 27, Band.SEVERE),
]
GAD7 = [
    ([0, 0, 0, 0, 0, 0, 0], 0, Band.MINIMAL),
    ([1, 1, 1, 1, 0, 0, 0], 4, Band.MINIMAL),
    ([1, 1, 1, 1, 1, 0, 0], 5, Band.MILD),
    ([2, 2, 2, 1, 1, 1, 0], 9, Band.MILD),
    ([2, 2, 2, 2, 1, 1, 0], 10, Band.MODERATE),
    ([2, 2, 2, 2, 2, 2, 2], 14, Band.MODERATE),
    ([3, 2, 2, 2, 2, 2, 2], 15, Band.SEVERE),
    ([3, 3, 3, 3, 3, 3, 3], 21, Band.SEVERE),
]
# PSS-10: items 4, 5, 7, 8 are reversed (4 - answer)
PSS10 = [
    ([0, 0, 0, 4, 4, 0, 4, 4, 0, 0], 0, Band.LOW),  # every reversed item at its best
    ([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 16, Band.MODERATE_STRESS),  # 4 reversed zeros: 4*4
    ([1, 1, 1, 2, 2, 1, 2, 2, 1, 1], 14, Band.MODERATE_STRESS),  # 6 + 4*2
    ([1, 1, 1, 2, 2, 1, 2, 2, 1, 0], 13, Band.LOW),
    ([3, 3, 3, 2, 2, 3, 2, 2, 3, 3], 26, Band.MODERATE_STRESS),  # 6 items x 3 + 4 x (4-2)
    ([3, 3, 3, 2, 2, 3, 2, 2, 3, 4], 27, Band.HIGH),
    ([4, 4, 4, 0, 0, 4, 0, 0, 4, 4], 40, Band.HIGH),
]


@pytest.mark.parametrize(("answers", "total", "band"), PHQ9)
def test_phq9(answers, total, band):
    s = score("phq9", answers)
    assert (s.total, s.band) == (total, band)
    assert s.risk == (band == Band.SEVERE or answers[8] > 0)


@pytest.mark.parametrize(("answers", "total", "band"), GAD7)
def test_gad7(answers, total, band):
    s = score("gad7", answers)
    assert (s.total, s.band) == (total, band)
    assert not s.self_harm
    assert s.risk == (band == Band.SEVERE)


@pytest.mark.parametrize(("answers", "total", "band"), PSS10)
def test_pss10(answers, total, band):
    s = score("pss10", answers)
    assert (s.total, s.band) == (total, band)
    assert not s.risk  # PSS-10 has no "severe" band and no self-harm item


def test_pss10_hand_scored_middle_row():
    # 3+3+3 + (4-2)+(4-2) + 2 + (4-2)+(4-2) + 2+2 = 9 + 4 + 2 + 4 + 4 = 23
    assert score("pss10", [3, 3, 3, 2, 2, 2, 2, 2, 2, 2]).total == 23


def test_item_9_alone_is_a_risk():
    s = score("phq9", [0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert (s.total, s.band, s.self_harm, s.risk) == (1, Band.MINIMAL, True, True)
    assert not score("phq9", [3, 3, 3, 3, 3, 2, 2, 0, 0]).risk  # 19, item 9 zero


def test_bad_answers_refused():
    with pytest.raises(ValueError):
        check_answers("phq9", [0] * 8)
    with pytest.raises(ValueError):
        check_answers("gad7", [0, 0, 0, 0, 0, 0, 4])
    with pytest.raises(ValueError):
        check_answers("pss10", [5] + [0] * 9)


@given(
    st.sampled_from(sorted(SPECS)).flatmap(
        lambda code: st.tuples(
            st.just(code),
            st.lists(
                st.integers(0, SPECS[code].max_answer),
                min_size=len(SPECS[code].items),
                max_size=len(SPECS[code].items),
            ),
        )
    )
)
def test_total_in_range_and_band_matches(case):
    code, answers = case
    s = score(code, answers)
    assert 0 <= s.total <= SPECS[code].max_total
    assert s.band == band_of(code, s.total)
