"""The progress method of METHOD.md, version 1.1, as pure functions: configuration, classify, composite, exposure."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any, NamedTuple

from scipy import special

from etl import schema

CLASSES = schema.CATEGORIES[:5]  # the five banded classes, best first
PROGRESS_CLASSES = CLASSES[:2]
REGRESSION_CLASSES = CLASSES[3:5]
NOT_ASSESSABLE_LABELS = ("incomplete_collection", "round_open", "new_mechanism")
# Scores are rounded before they meet the bands, so that RR = sqrt(2) gives exactly 2.5 (substantial progress)
# whatever the floating-point noise of log2, and stored scores are reproducible across platforms.
SCORE_DECIMALS = 10
DAYS_PER_YEAR = 365.25


@dataclass(frozen=True)
class MethodConfig:
    """Every threshold and per-stream setting of the method; `to_dict()` goes into build_info and downloads."""

    method_version: str = "1.1"
    moderate: float = 0.7
    substantial: float = 2.5
    n_min: int = 5
    alpha: float = 0.10
    continuity: float = 0.5
    robust_stagnation_n: int = 20
    score_cap: float = 5.0  # also the scale: RR = 2 gives +score_cap
    short_window_years: float = 1.0
    # Per stream, from the stream registry (etl/schema/streams.py), as sorted pairs so that stored configurations
    # compare equal. Streams not in mechanism_starts start on the date of their first record in the dataset.
    mechanism_starts: tuple[tuple[str, str], ...] = field(
        default=tuple(sorted((s.name, s.mechanism_start) for s in schema.STREAM_REGISTRY if s.mechanism_start))
    )
    # rate: continuous streams compared per year; per_round: campaign streams compared per review cycle (T = 1).
    exposure_models: tuple[tuple[str, str], ...] = field(
        default=tuple(sorted((s.name, s.exposure_model) for s in schema.STREAM_REGISTRY))
    )
    # When a round closes for a per_round stream: the review_rounds column holding the closing date.
    round_closes: tuple[tuple[str, str], ...] = field(
        default=tuple(
            sorted((s.name, s.round_close) for s in schema.STREAM_REGISTRY if s.exposure_model == "per_round")
        )
    )

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for name in ("mechanism_starts", "exposure_models", "round_closes"):
            out[name] = dict(getattr(self, name))
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MethodConfig:
        """The configuration stored by a build; keys of other method versions are ignored (defaults stand in)."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        for name in ("mechanism_starts", "exposure_models", "round_closes"):
            if name in values:
                values[name] = tuple(sorted(dict(values[name]).items()))
        return cls(**values)

    def mechanism_start(self, stream: str) -> date | None:
        """The configured start of a stream, or None when it defaults to the first record."""
        starts = dict(self.mechanism_starts)
        return date.fromisoformat(starts[stream]) if stream in starts else None

    def exposure_model(self, stream: str) -> str:
        """rate or per_round; a stream not configured is compared per year."""
        return dict(self.exposure_models).get(stream, "rate")

    def round_close(self, stream: str) -> str:
        """The review_rounds column that closes a round for a per_round stream (default: the window's end)."""
        return dict(self.round_closes).get(stream, "window_end")


@dataclass(frozen=True)
class CellResult:
    category: str
    score: float | None = None
    rate_ratio: float | None = None
    label: str | None = None
    confidence: str | None = None
    p_value: float | None = None
    n_from: int = 0
    n_to: int = 0

    @property
    def in_composite(self) -> bool:
        """A banded class outside a short window: the only cells a composite averages (METHOD.md 1.1)."""
        return self.category in CLASSES and self.score is not None and self.label != "short_window"


class CompositeResult(NamedTuple):
    score: float | None
    category: str
    confidence: str | None
    class_counts: dict[str, int]
    n_from: int = 0
    n_to: int = 0
    label: str | None = None
    in_mean: tuple[int, ...] = ()  # positions of the streams in the mean


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


def binomial_upper_tail(n: int, k: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p), through SciPy's regularised incomplete beta (exact to ~1e-14)."""
    if k <= 0:
        return 1.0
    if k > n:
        return 0.0
    return float(special.bdtrc(k - 1, n, p))


def binomial_lower_tail(n: int, k: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p)."""
    if k < 0:
        return 0.0
    if k >= n:
        return 1.0
    return float(special.bdtr(k, n, p))


def classify(
    n_from: int,
    n_to: int,
    t_from: float,
    t_to: float,
    config: MethodConfig | None = None,
    *,
    round_open: bool = False,
    complete: bool = True,
) -> CellResult:
    """Class, score, label and confidence of one cell (METHOD.md 1.1, rules checked in order).

    `round_open`: a zero exposure comes from a round that has not closed by the cut-off (label `round_open`, else
    `new_mechanism`: the stream did not exist then);
    `complete`: the dataset declares the stream's collection complete in both rounds. Cells without a class carry
    no score, ratio or confidence ("show the counts, no class"). A short window wins over `from_zero`/`ceased`:
    it is the caveat that changes the confidence. Stagnation has no one-sided p-value (None).
    """
    config = config or MethodConfig()
    counts = {"n_from": n_from, "n_to": n_to}
    if t_from <= 0 or t_to <= 0:
        return CellResult("not_assessable", label="round_open" if round_open else "new_mechanism", **counts)
    if not complete:
        return CellResult("not_assessable", label="incomplete_collection", **counts)
    if n_from + n_to < config.n_min:
        return CellResult("insufficient_data", **counts)
    c = config.continuity
    # Differences of logs (not the log of a quotient) so that swapping the counts negates the score exactly.
    log_rr = (math.log2(n_to + c) - math.log2(n_from + c)) + (math.log2(t_from) - math.log2(t_to))
    cap = config.score_cap
    score = round(min(cap, max(-cap, cap * log_rr)), SCORE_DECIMALS) + 0.0  # + 0.0 turns -0.0 into 0.0
    rate_ratio = ((n_to + c) / t_to) / ((n_from + c) / t_from)
    category = band(score, config)
    short = min(t_from, t_to) < config.short_window_years
    label = None
    if short:
        label = "short_window"
    elif n_from == 0 and category in PROGRESS_CLASSES:
        label = "from_zero"
    elif n_to == 0 and category in REGRESSION_CLASSES:
        label = "ceased"
    confidence, p_value = _confidence(n_from, n_to, t_from, t_to, category, config)
    if short:
        confidence = "indicative"  # a window under a year is never robust, whatever the p-value
    return CellResult(category, score, rate_ratio, label, confidence, p_value, **counts)


def _confidence(n_from, n_to, t_from, t_to, category, config) -> tuple[str, float | None]:
    total = n_from + n_to
    if category == "stagnation":
        return ("robust" if total >= config.robust_stagnation_n else "indicative"), None
    p0 = t_to / (t_from + t_to)
    if category in PROGRESS_CLASSES:
        p_value = binomial_upper_tail(total, n_to, p0)
    else:
        p_value = binomial_lower_tail(total, n_to, p0)
    return ("robust" if p_value < config.alpha else "indicative"), p_value


def exposure_years(
    window_start: date, window_end: date | None, mechanism_start: date | None, data_cutoff: date
) -> float:
    """`rate` exposure: years of overlap of the round's window (open: up to the cut-off) with
    [mechanism_start, data_cutoff]. Days are counted inclusively; no mechanism start (no dated record) gives 0."""
    if mechanism_start is None:
        return 0.0
    start = max(window_start, mechanism_start)
    end = min(window_end or data_cutoff, data_cutoff)
    days = (end - start).days + 1
    return days / DAYS_PER_YEAR if days > 0 else 0.0


def per_round_exposure(closes_on: date | None, mechanism_start: date | None, data_cutoff: date) -> float:
    """`per_round` exposure: 1 for a round closed by the cut-off, 0 for one still open or closed before the stream
    existed (no known start: the stream has no record, so it did not exist)."""
    if closes_on is None or closes_on > data_cutoff or mechanism_start is None or closes_on < mechanism_start:
        return 0.0
    return 1.0


def composite(
    results: Mapping[str, CellResult] | Sequence[CellResult], config: MethodConfig | None = None
) -> CompositeResult:
    """The `all` cell: the mean score of the streams with a banded class outside a short window, banded alike;
    robust only when every stream in the mean is. Its counts are the sums over the streams in the mean.

    With no stream in the mean: not_assessable when every stream is (with the most general of their labels), else
    insufficient_data; the counts are then the sums over every stream, shown as found, with no class.
    """
    config = config or MethodConfig()
    cells = list(results.values()) if isinstance(results, Mapping) else list(results)
    counts = {c: 0 for c in CLASSES}
    in_mean = tuple(i for i, r in enumerate(cells) if r.in_composite)
    for i in in_mean:
        counts[cells[i].category] += 1
    if not in_mean:
        n_from, n_to = sum(r.n_from for r in cells), sum(r.n_to for r in cells)
        if cells and all(r.category == "not_assessable" for r in cells):
            # The most general reason first: a collection declared incomplete explains every stream's cell.
            labels = {r.label for r in cells}
            label = next((x for x in NOT_ASSESSABLE_LABELS if x in labels), None)
            return CompositeResult(None, "not_assessable", None, counts, n_from, n_to, label)
        return CompositeResult(None, "insufficient_data", None, counts, n_from, n_to)
    scored = [cells[i] for i in in_mean]
    score = round(sum(r.score for r in scored) / len(scored), SCORE_DECIMALS) + 0.0
    confidence = "robust" if all(r.confidence == "robust" for r in scored) else "indicative"
    n_from, n_to = sum(r.n_from for r in scored), sum(r.n_to for r in scored)
    return CompositeResult(score, band(score, config), confidence, counts, n_from, n_to, None, in_mean)
