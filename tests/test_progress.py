"""The progress method (METHOD.md): test vectors, properties, exposure, composite and the explanation."""

import json
import math
from dataclasses import replace
from datetime import date
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl.progress import (
    CellResult,
    MethodConfig,
    binomial_lower_tail,
    binomial_upper_tail,
    classify,
    composite,
    explain,
    exposure_years,
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
        (3, 9, 0, 3.61, "not_assessable", None, None, None),
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


def test_short_baseline_and_label_priority():
    assert classify(10, 30, 0.44, 4.03).label == "short_baseline"
    assert classify(10, 10, 0.5, 1.0).label == "short_baseline"
    assert classify(0, 9, 0.44, 4.03).label == "from_zero"  # from_zero and ceased win over short_baseline
    assert classify(8, 0, 0.5, 0.5).label == "ceased"
    assert classify(3, 3, 0.5, 0.5).label == "short_baseline"  # any class, stagnation included
    assert classify(1, 1, 0.5, 0.5).label is None  # insufficient data: no class, no label


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
    assert data["mechanism_starts"] == {"gcm_talks": "2023-02-01"} and data["method_version"] == "1.0"
    assert MethodConfig.from_dict(data) == config
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
    assert binomial_upper_tail(1_000_000, 400_000, 0.5) == 1.0


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
        "Pledges tagged objective 5 in Kenya: 3 in round 1 (over 0.44 years) and 9 in round 2 (over 4.03 years)."
    )
    assert "Class: substantial regression (short baseline: round 1 covers less than 1 year" in text
    assert "reported activity, not implementation performance" in text
    assert "- enabler, funding: New fund (https://example.org)" in text


def test_cell_result_defaults():
    assert CellResult("insufficient_data") == classify(1, 1, 1, 1)
