"""The progress method (METHOD.md 1.1): test vectors, context rules, properties, exposure, composite, explanation."""

import json
import math
from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.explain import explain
from etl.progress import (
    CellResult,
    MethodConfig,
    binomial_lower_tail,
    binomial_upper_tail,
    classify,
    composite,
    exposure_years,
    per_round_exposure,
)

MIRROR = {
    "substantial_progress": "substantial_regression",
    "moderate_progress": "moderate_regression",
    "stagnation": "stagnation",
    "moderate_regression": "moderate_progress",
    "substantial_regression": "substantial_progress",
}
counts = st.integers(min_value=0, max_value=400)
exposures = st.floats(min_value=0.05, max_value=10, allow_nan=False)


@pytest.mark.parametrize(
    ("n_from", "n_to", "t_from", "t_to", "category", "label", "confidence", "p_value"),
    [
        (2, 1, 3.42, 3.61, "insufficient_data", None, None, None),
        (0, 6, 3.42, 3.61, "substantial_progress", "from_zero", "robust", 0.018),
        (8, 0, 3.42, 3.61, "substantial_regression", "ceased", "robust", 0.003),
        (12, 13, 3.42, 3.61, "stagnation", None, "robust", None),
        (12, 9, 3.42, 3.61, "moderate_regression", None, "indicative", None),
        (25, 18, 3.42, 3.61, "substantial_regression", None, "indicative", None),
        (30, 60, 3.42, 3.61, "substantial_progress", None, "robust", None),
        (3, 9, 0, 3.61, "not_assessable", "new_mechanism", None, None),
        (6, 7, 0.42, 4.03, "substantial_regression", "short_window", "indicative", None),
        (66, 181, 1, 1, "substantial_progress", None, "robust", None),
    ],
)
def test_method_vectors(n_from, n_to, t_from, t_to, category, label, confidence, p_value):
    result = classify(n_from, n_to, t_from, t_to)
    assert (result.category, result.label, result.confidence) == (category, label, confidence)
    if p_value is not None:
        assert round(result.p_value, 3) == p_value


def test_vector_p_values_are_one_sided_binomial_tails():
    p0 = 3.61 / (3.42 + 3.61)
    assert classify(0, 6, 3.42, 3.61).p_value == pytest.approx(p0**6)
    assert classify(8, 0, 3.42, 3.61).p_value == pytest.approx((1 - p0) ** 8)
    assert classify(12, 13, 3.42, 3.61).p_value is None  # stagnation: confidence by N, no one-sided p


def test_unclassified_cells_carry_no_score():
    for result in (classify(2, 1, 3.42, 3.61), classify(3, 9, 0, 3.61), classify(3, 9, 3.42, 0)):
        assert (result.score, result.rate_ratio, result.confidence, result.p_value) == (None, None, None, None)


def test_short_window_and_label_priority():
    assert classify(10, 30, 0.44, 4.03).label == "short_window"
    assert classify(10, 10, 1.0, 0.5).label == "short_window"  # either round: min(T) < 1 year
    assert classify(0, 9, 0.44, 4.03).label == "short_window"  # it wins over from_zero and ceased
    assert classify(8, 0, 3.42, 3.61).label == "ceased"
    assert classify(3, 3, 0.5, 0.5).label == "short_window"  # any class, stagnation included
    assert classify(1, 1, 0.5, 0.5).label is None  # insufficient data: no class, no label


def test_short_window_is_never_robust():
    # 6 -> 7 over 0.42 and 4.03 years: p is tiny, but a window under a year is at most indicative.
    result = classify(6, 7, 0.42, 4.03)
    assert result.p_value < 0.10 and result.confidence == "indicative"
    assert classify(12, 40, 0.5, 0.5).confidence == "indicative"


def test_context_rules():
    # A per_round stream whose later round is open has T_r = 0: round_open, never a class, whatever its counts.
    open_round = classify(66, 37, 1, 0, round_open=True)
    assert (open_round.category, open_round.label, open_round.score) == ("not_assessable", "round_open", None)
    assert classify(66, 37, 1, 0).label == "new_mechanism"  # closed but before the stream existed
    assert classify(3, 9, 0, 1).label == "new_mechanism"  # the earlier round had closed before the stream began
    assert classify(5, 0, 0, 0, round_open=True).label == "round_open"  # both rounds still open (public, 2 -> 3)
    partial = classify(21, 0, 1, 1, complete=False)
    assert (partial.category, partial.label, partial.score) == ("not_assessable", "incomplete_collection", None)
    assert (partial.n_from, partial.n_to) == (21, 0)  # both counts are kept, shown as found
    assert classify(1, 1, 1, 1, complete=False).label == "incomplete_collection"  # before insufficient data


@given(counts, counts, exposures)
def test_swapping_counts_negates_the_score(a, b, t):
    forward, backward = classify(a, b, t, t), classify(b, a, t, t)
    if forward.score is not None:
        assert backward.score == -forward.score
        assert backward.category == MIRROR[forward.category]


@given(counts, counts, exposures, exposures)
def test_score_never_decreases_as_n_to_grows_or_n_from_shrinks(n_from, n_to, t_from, t_to):
    base = classify(n_from, n_to, t_from, t_to)
    more = classify(n_from, n_to + 1, t_from, t_to)
    if base.score is not None:
        assert more.score >= base.score
    if n_from > 0:
        fewer = classify(n_from - 1, n_to, t_from, t_to)
        if base.score is not None and fewer.score is not None:
            assert fewer.score >= base.score


@given(st.integers(min_value=3, max_value=1000), exposures)
def test_rate_ratio_sqrt2_is_substantial(n, t):
    up = classify(n, n, t * math.sqrt(2), t)
    down = classify(n, n, t, t * math.sqrt(2))
    assert (up.category, up.score) == ("substantial_progress", 2.5)
    assert (down.category, down.score) == ("substantial_regression", -2.5)


@given(counts, counts, st.sampled_from([(0.0, 3.61), (3.42, 0.0), (0.0, 0.0)]))
def test_new_mechanism_is_never_classified(n_from, n_to, exposure):
    assert classify(n_from, n_to + 5, *exposure).category == "not_assessable"


@given(counts, counts, exposures, exposures)
def test_score_stays_within_the_cap(n_from, n_to, t_from, t_to):
    score = classify(n_from, n_to, t_from, t_to).score
    assert score is None or -5 <= score <= 5


def test_changing_a_threshold_changes_the_class():
    assert classify(12, 9, 3.42, 3.61).category == "moderate_regression"
    assert classify(12, 9, 3.42, 3.61, MethodConfig(substantial=2.0)).category == "substantial_regression"
    assert classify(12, 13, 3.42, 3.61, MethodConfig(n_min=30)).category == "insufficient_data"
    assert classify(12, 13, 3.42, 3.61, MethodConfig(moderate=0.1)).category == "moderate_progress"
    assert classify(12, 9, 3.42, 3.61, MethodConfig(alpha=0.5)).confidence == "robust"
    assert classify(12, 13, 3.42, 3.61, MethodConfig(robust_stagnation_n=30)).confidence == "indicative"


def test_config_is_json_and_round_trips():
    config = MethodConfig()
    data = json.loads(json.dumps(config.to_dict()))
    assert data["mechanism_starts"] == {"gcm_talks": "2023-02-01", "mptf_programmes": "2019-05-08"}
    assert data["method_version"] == "1.1"
    assert data["exposure_models"] == {
        "gcm_talks": "rate",
        "mptf_programmes": "rate",
        "pledges": "per_round",
        "practices": "rate",
        "submissions": "per_round",
    }
    assert MethodConfig.from_dict(data) == config
    assert MethodConfig.from_dict({"method_version": "1.0", "short_baseline_years": 1.0}).method_version == "1.0"
    assert (
        config.exposure_model("pledges") == "per_round" and config.round_close("submissions") == "regional_reviews_to"
    )
    assert config.mechanism_start("gcm_talks") == date(2023, 2, 1) and config.mechanism_start("pledges") is None
    assert replace(config, continuity=1.0).to_dict()["continuity"] == 1.0


def test_exposure_years():
    cutoff = date(2025, 12, 31)
    assert round(exposure_years(date(2018, 12, 19), date(2022, 5, 20), date(2018, 12, 19), cutoff), 2) == 3.42
    assert exposure_years(date(2018, 12, 19), date(2022, 5, 20), date(2023, 2, 1), cutoff) == 0.0
    assert exposure_years(date(2022, 5, 21), date(2026, 5, 31), date(2023, 2, 1), cutoff) == 1065 / 365.25
    assert exposure_years(date(2026, 6, 1), None, date(2018, 12, 19), cutoff) == 0.0  # not started by the cut-off
    assert exposure_years(date(2022, 5, 21), None, date(2018, 12, 19), date(2022, 5, 21)) == 1 / 365.25
    assert exposure_years(date(2022, 5, 21), None, None, cutoff) == 0.0  # a stream without records


def test_per_round_exposure():
    cutoff = date(2026, 10, 31)
    assert per_round_exposure(date(2022, 5, 20), date(2021, 9, 1), cutoff) == 1.0
    assert per_round_exposure(date(2026, 5, 31), date(2021, 9, 1), date(2025, 3, 20)) == 0.0  # open at the cut-off
    assert per_round_exposure(None, date(2021, 9, 1), cutoff) == 0.0  # no closing date yet: open
    assert per_round_exposure(date(2022, 5, 20), date(2023, 2, 1), cutoff) == 0.0  # closed before the stream began
    assert per_round_exposure(date(2022, 5, 20), None, cutoff) == 0.0  # a stream without records


@given(
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=-1, max_value=61),
    st.fractions(min_value=Fraction(1, 100), max_value=Fraction(99, 100), max_denominator=100),
)
def test_binomial_tails_match_exact_sums(n, k, p):
    exact_upper = sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(max(k, 0), n + 1))
    exact_lower = sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(0, min(k, n) + 1))
    assert binomial_upper_tail(n, k, float(p)) == pytest.approx(float(exact_upper), rel=1e-9, abs=1e-300)
    assert binomial_lower_tail(n, k, float(p)) == pytest.approx(float(exact_lower), rel=1e-9, abs=1e-300)


def test_binomial_tail_for_large_n():
    # Normal approximation as a sanity check: 500,800 of 1,000,000 fair coins is z = 1.6 above the mean.
    assert binomial_upper_tail(1_000_000, 500_800, 0.5) == pytest.approx(0.0549, abs=5e-4)
    assert binomial_upper_tail(1_000_000, 400_000, 0.5) == pytest.approx(1.0, abs=1e-12)


def test_composite():
    progress, regression = classify(0, 6, 3.42, 3.61), classify(12, 9, 3.42, 3.61)
    comp = composite(
        {
            "pledges": progress,
            "practices": regression,
            "gcm_talks": classify(3, 9, 0, 3.61),
            "submissions": classify(2, 1, 1, 1),
        }
    )
    assert comp.score == pytest.approx((5.0 + regression.score) / 2)
    assert (comp.category, comp.confidence) == ("moderate_progress", "indicative")
    assert comp.class_counts == {
        "substantial_progress": 1,
        "moderate_progress": 0,
        "stagnation": 0,
        "moderate_regression": 1,
        "substantial_regression": 0,
    }
    assert composite([progress, classify(8, 0, 3.42, 3.61)]).confidence == "robust"
    assert composite([classify(2, 1, 1, 1), classify(3, 9, 0, 3.61)]).category == "insufficient_data"
    assert composite([classify(3, 9, 0, 3.61)] * 4)[:3] == (None, "not_assessable", None)


def test_composite_counts_and_short_windows():
    pledges, practices = classify(66, 181, 1, 1), classify(359, 321, 3.42, 3.61)
    short = classify(6, 40, 0.42, 4.03)
    comp = composite([pledges, practices, short])
    # Only the streams in the mean give the counts; a short window never enters the mean.
    assert (comp.n_from, comp.n_to, comp.in_mean) == (66 + 359, 181 + 321, (0, 1))
    assert comp.score == pytest.approx((pledges.score + practices.score) / 2)
    assert sum(comp.class_counts.values()) == 2
    alone = composite([short, classify(1, 2, 1, 1)])
    assert (alone.category, alone.n_from, alone.n_to) == ("insufficient_data", 7, 42)  # found, no class
    partial = composite([classify(21, 0, 1, 1, complete=False), classify(0, 3, 0, 1)])
    assert (partial.category, partial.label) == ("not_assessable", "incomplete_collection")


def test_explain_in_plain_words():
    cell = {
        "stream": "pledges",
        "objective_id": 5,
        "round_from": 1,
        "round_to": 2,
        "n_from": 3,
        "n_to": 9,
        "t_from": 0.44,
        "t_to": 4.03,
        "exposure_model": "rate",
        **vars(classify(3, 9, 0.44, 4.03)),
        "is_interpretable": True,
    }
    text = explain(
        cell,
        "Kenya",
        reasons=[
            {
                "direction": "enabler",
                "reason_code": "funding",
                "reason_text": "New fund",
                "source_url": "https://example.org",
            }
        ],
    )
    assert text.startswith(
        "Pledges, objective 5, in Kenya: 3 in round 1 (over 0.44 years) and 9 in round 2 (over 4.03 years)."
    )
    assert "Rates: 3 in 0.4 years = 6.8 a year → 9 in 4.0 years = 2.2 a year." in text
    assert "Class: substantial regression (short window: a round covers less than 1 year" in text
    assert "reported activity, not implementation performance" in text
    assert "- enabler, funding: New fund (https://example.org)" in text


def test_cell_result_defaults():
    assert CellResult("insufficient_data", n_from=1, n_to=1) == classify(1, 1, 1, 1)
