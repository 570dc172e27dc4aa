"""The progress method of METHOD.md (pure functions), the build step that fills progress_cells, and its CLI."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any, NamedTuple

from etl import schema

CLASSES = schema.CATEGORIES[:5]  # the five banded classes, best first
PROGRESS_CLASSES = CLASSES[:2]
REGRESSION_CLASSES = CLASSES[3:5]
# Scores are rounded before they meet the bands, so that RR = sqrt(2) gives exactly 2.5 (substantial progress)
# whatever the floating-point noise of log2, and stored scores are reproducible across platforms.
SCORE_DECIMALS = 10
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class MethodConfig:
    """Every threshold of the method; its `to_dict()` goes into build_info and download metadata."""

    method_version: str = "1.0"
    moderate: float = 0.7
    substantial: float = 2.5
    n_min: int = 5
    alpha: float = 0.10
    continuity: float = 0.5
    robust_stagnation_n: int = 20
    score_cap: float = 5.0  # also the scale: RR = 2 gives +score_cap
    short_baseline_years: float = 1.0
    # Streams not listed start on the date of their first record in the dataset.
    mechanism_starts: tuple[tuple[str, str], ...] = field(default=(("gcm_talks", "2023-02-01"),))

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["mechanism_starts"] = dict(self.mechanism_starts)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MethodConfig:
        values = dict(data)
        values["mechanism_starts"] = tuple(sorted(dict(values.get("mechanism_starts", {})).items()))
        return cls(**values)

    def mechanism_start(self, stream: str) -> date | None:
        """The configured start of a stream, or None when it defaults to the first record."""
        starts = dict(self.mechanism_starts)
        return date.fromisoformat(starts[stream]) if stream in starts else None


@dataclass(frozen=True)
class CellResult:
    category: str
    score: float | None = None
    rate_ratio: float | None = None
    label: str | None = None
    confidence: str | None = None
    p_value: float | None = None


class CompositeResult(NamedTuple):
    score: float | None
    category: str
    confidence: str | None
    class_counts: dict[str, int]


def band(score: float, config: MethodConfig) -> str:
    """The class of a (rounded) score."""
    if score >= config.substantial:
        return "substantial_progress"
    if score >= config.moderate:
        return "moderate_progress"
    if score > -config.moderate:
        return "stagnation"
    if score > -config.substantial:
        return "moderate_regression"
    return "substantial_regression"


def binomial_upper_tail(n: int, k: int, p: float, q: float | None = None) -> float:
    """P(X >= k) for X ~ Binomial(n, p), summed exactly term by term in log space; q = 1 - p if given."""
    q = 1.0 - p if q is None else q
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    if k > n * p:
        return _tail_away_from_mean(n, k, p, q, step=1)
    # The tail holds the mode: sum the small other side, which loses no precision, and subtract.
    return max(0.0, 1.0 - _tail_away_from_mean(n, k - 1, p, q, step=-1))


def binomial_lower_tail(n: int, k: int, p: float, q: float | None = None) -> float:
    """P(X <= k) for X ~ Binomial(n, p)."""
    q = 1.0 - p if q is None else q
    return binomial_upper_tail(n, n - k, q, p)


def _log_comb(n: int, k: int) -> float:
    # math.comb is exact but slow for huge n; lgamma is accurate to ~1e-9 relative there, plenty for a p-value.
    return math.log(math.comb(n, k)) if n <= 1000 else math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _tail_away_from_mean(n: int, k: int, p: float, q: float, step: int) -> float:
    """Sum of P(X = i) from i = k moving away from the mean (terms only shrink), until the rest is negligible."""
    term = math.exp(_log_comb(n, k) + k * math.log(p) + (n - k) * math.log(q))
    total, i = 0.0, k
    while term > 0.0 and 0 <= i <= n:
        total += term
        ratio = (n - i) / (i + 1) * p / q if step == 1 else i / (n - i + 1) * q / p
        if ratio < 1.0 and term * ratio / (1.0 - ratio) < 1e-17 * total:
            break
        term *= ratio
        i += step
    return min(total, 1.0)


def classify(n_from: int, n_to: int, t_from: float, t_to: float, config: MethodConfig | None = None) -> CellResult:
    """Class, score, label and confidence of one cell (METHOD.md, rules checked in order).

    Insufficient data carries no score, ratio, label or confidence ("show both counts, no class"). When two labels
    apply, `from_zero`/`ceased` win over `short_baseline`. Stagnation has no one-sided p-value (None).
    """
    config = config or MethodConfig()
    if t_from <= 0 or t_to <= 0:
        return CellResult("not_assessable")
    if n_from + n_to < config.n_min:
        return CellResult("insufficient_data")
    c = config.continuity
    # Differences of logs (not the log of a quotient) so that swapping the counts negates the score exactly.
    log_rr = (math.log2(n_to + c) - math.log2(n_from + c)) + (math.log2(t_from) - math.log2(t_to))
    cap = config.score_cap
    score = round(min(cap, max(-cap, cap * log_rr)), SCORE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    rate_ratio = ((n_to + c) / t_to) / ((n_from + c) / t_from)
    category = band(score, config)
    label = None
    if n_from == 0 and category in PROGRESS_CLASSES:
        label = "from_zero"
    elif n_to == 0 and category in REGRESSION_CLASSES:
        label = "ceased"
    elif t_from < config.short_baseline_years:
        label = "short_baseline"
    confidence, p_value = _confidence(n_from, n_to, t_from, t_to, category, config)
    return CellResult(category, score, rate_ratio, label, confidence, p_value)


def _confidence(n_from, n_to, t_from, t_to, category, config) -> tuple[str, float | None]:
    total = n_from + n_to
    if category == "stagnation":
        return ("robust" if total >= config.robust_stagnation_n else "indicative"), None
    p0, q0 = t_to / (t_from + t_to), t_from / (t_from + t_to)
    if category in PROGRESS_CLASSES:
        p_value = binomial_upper_tail(total, n_to, p0, q0)
    else:
        p_value = binomial_lower_tail(total, n_to, p0, q0)
    return ("robust" if p_value < config.alpha else "indicative"), p_value


def exposure_years(window_start: date, window_end: date | None, mechanism_start: date | None, data_cutoff: date) -> float:
    """Years of overlap of the round's window (open: up to the cut-off) with [mechanism_start, data_cutoff].

    Days are counted inclusively; no mechanism start (a stream with no dated record) means no exposure.
    """
    if mechanism_start is None:
        return 0.0
    start = max(window_start, mechanism_start)
    end = min(window_end or data_cutoff, data_cutoff)
    days = (end - start).days + 1
    return days / DAYS_PER_YEAR if days > 0 else 0.0


def composite(results: Mapping[str, CellResult] | Sequence[CellResult], config: MethodConfig | None = None) -> CompositeResult:
    """The `all` cell: mean score of the streams with a class, banded alike; robust only when all of them are.

    No stream with a class gives insufficient_data, or not_assessable when every stream is not assessable.
    """
    config = config or MethodConfig()
    cells = list(results.values()) if isinstance(results, Mapping) else list(results)
    counts = {c: 0 for c in CLASSES}
    scored = [r for r in cells if r.category in counts and r.score is not None]
    for r in scored:
        counts[r.category] += 1
    if not scored:
        none_assessable = bool(cells) and all(r.category == "not_assessable" for r in cells)
        return CompositeResult(None, "not_assessable" if none_assessable else "insufficient_data", None, counts)
    score = round(sum(r.score for r in scored) / len(scored), SCORE_DECIMALS) + 0.0
    confidence = "robust" if all(r.confidence == "robust" for r in scored) else "indicative"
    return CompositeResult(score, band(score, config), confidence, counts)


def fill_progress(con, data_cutoff: date, config: MethodConfig) -> None:
    """Fill progress_cells, breadth_cells, share_cells, cell_reasons and coverage from the activity tables."""
    from etl import progress_sql  # imported here because progress_sql uses classify() from this module

    progress_sql.fill(con, data_cutoff, config)
