"""The progress method of METHOD.md (pure functions), the build step that fills progress_cells, and its CLI."""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import duckdb

from etl import paths, schema

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


def exposure_years(
    window_start: date, window_end: date | None, mechanism_start: date | None, data_cutoff: date
) -> float:
    """Years of overlap of the round's window (open: up to the cut-off) with [mechanism_start, data_cutoff].

    Days are counted inclusively; no mechanism start (a stream with no dated record) means no exposure.
    """
    if mechanism_start is None:
        return 0.0
    start = max(window_start, mechanism_start)
    end = min(window_end or data_cutoff, data_cutoff)
    days = (end - start).days + 1
    return days / DAYS_PER_YEAR if days > 0 else 0.0


def composite(
    results: Mapping[str, CellResult] | Sequence[CellResult], config: MethodConfig | None = None
) -> CompositeResult:
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
    """Fill progress_cells, breadth_cells, share_cells, cell_reasons and coverage from the activity tables.

    Cells: objectives 1-23 x streams + `all` x every geography with a dated activity at its level (+ GLOBAL) x
    consecutive rounds, zeros included. Breadth and share cells also exist for `all`. Breadth has T = 1 while the
    stream exists in the round, else 0 (not assessable, like a new mechanism); share cells with a global count of 0
    in either round are kept as not_assessable.
    """
    from etl import progress_sql  # imported here because progress_sql uses classify() from this module

    progress_sql.fill(con, data_cutoff, config)


# ---------------------------------------------------------------- explanation in words

STREAM_NAMES = {
    "pledges": "Pledges",
    "practices": "Practices",
    "gcm_talks": "GCM Talks",
    "submissions": "Submissions",
    "all": "All streams",
}
LABEL_TEXT = {
    "from_zero": "from zero: nothing was reported in round {rf}",
    "ceased": "ceased: nothing was reported in round {rt}",
    "short_baseline": "short baseline: round {rf} covers less than {short:g} year of the stream",
}


def _exposure_text(stream: str, t: float | None) -> str:
    if stream == "submissions":
        return "one review per round, T = 1" if t else "the round had not started by the cut-off, T = 0"
    return f"over {t:.2f} years"


def explain(
    cell: Mapping[str, Any],
    geo_name: str,
    config: MethodConfig | None = None,
    reasons: Sequence[Mapping[str, Any]] = (),
) -> str:
    """A stored progress cell (a progress_cells row as a mapping) in plain words, with its reasons."""
    config = config or MethodConfig()
    stream, rf, rt = cell["stream"], cell["round_from"], cell["round_to"]
    n_from, n_to = cell["n_from"], cell["n_to"]
    head = f"{STREAM_NAMES[stream]} tagged objective {cell['objective_id']} in {geo_name}: "
    if stream == schema.COMPOSITE_STREAM:
        lines = [head + f"{n_from} in round {rf} and {n_to} in round {rt} (units of the four streams added up)."]
    else:
        lines = [
            head + f"{n_from} in round {rf} ({_exposure_text(stream, cell['t_from'])}) and {n_to} in round "
            f"{rt} ({_exposure_text(stream, cell['t_to'])})."
        ]
    lines += _measure_lines(cell, config)
    lines.append(
        "This is reported activity, not implementation performance; no reported activity is not evidence "
        "of regression in implementation."
    )
    if not cell.get("is_interpretable", True):
        lines.append("Only artefact reasons explain this cell: not interpretable as a change in implementation.")
    lines.append(f"Reasons recorded: {len(reasons)}." if reasons else "No reasons recorded for this cell.")
    for r in reasons:
        text = f": {r['reason_text']}" if r.get("reason_text") else ""
        source = f" ({r['source_url']})" if r.get("source_url") else ""
        lines.append(f"- {r['direction']}, {r['reason_code'].replace('_', ' ')}{text}{source}")
    return "\n".join(lines)


def _bands_text(config: MethodConfig) -> str:
    m, s = config.moderate, config.substantial
    return (
        f"Bands: substantial progress if score >= {s:g}, moderate progress if >= {m:g}, stagnation between "
        f"{-m:g} and {m:g}, moderate regression if <= {-m:g}, substantial regression if <= {-s:g}."
    )


def _measure_lines(cell: Mapping[str, Any], config: MethodConfig) -> list[str]:
    category, rf, rt = cell["category"], cell["round_from"], cell["round_to"]
    total = cell["n_from"] + cell["n_to"]
    if category == "not_assessable":
        why = (
            f"the stream did not exist yet in round {rf} (a new mechanism)"
            if not cell["t_from"]
            else f"round {rt} had not started by the data cut-off"
        )
        return [f"Not assessable: {why}. Only the count of round {rt} is shown; it is never called progress."]
    if category == "insufficient_data":
        return [
            f"Insufficient data: {cell['n_from']} + {cell['n_to']} = {total}, fewer than {config.n_min} in the "
            "two rounds together; both counts are shown and no class is given."
        ]
    cap, score = config.score_cap, cell["score"]
    if cell["stream"] == schema.COMPOSITE_STREAM:
        mix = ", ".join(f"{cell[c + '_streams']} {c.replace('_', ' ')}" for c in CLASSES if cell[c + "_streams"])
        first = (
            f"Score {score:+.2f}: the mean of the scores of the {cell['streams_assessed']} streams with a class "
            f"({mix})."
        )
    else:
        raw = cap * math.log2(cell["rate_ratio"])
        capped = f", capped at {score:+.2f}" if abs(raw) > cap else ""
        first = (
            f"Rate ratio ((n{rt} + {config.continuity:g}) / T{rt}) / ((n{rf} + {config.continuity:g}) / T{rf}) "
            f"= {cell['rate_ratio']:.3f}; score {cap:g} x log2(ratio) = {raw:+.2f}{capped}."
        )
    label = cell.get("label")
    label_text = " (" + LABEL_TEXT[label].format(rf=rf, rt=rt, short=config.short_baseline_years) + ")" if label else ""
    return [
        first,
        _bands_text(config),
        f"Class: {category.replace('_', ' ')}{label_text}.",
        _confidence_text(cell, config),
    ]


def _confidence_text(cell: Mapping[str, Any], config: MethodConfig) -> str:
    category, confidence, n_to = cell["category"], cell["confidence"], cell["n_to"]
    total = cell["n_from"] + n_to
    if cell["stream"] == schema.COMPOSITE_STREAM:
        return f"Confidence: {confidence} (robust only when every stream in the mean is robust)."
    if category == "stagnation":
        return f"Confidence: {confidence} (N = {total}; stagnation is robust from N = {config.robust_stagnation_n})."
    side = "or more" if category in PROGRESS_CLASSES else "or fewer"
    p_value = "p < 0.001" if cell["p_value"] < 0.001 else f"p = {cell['p_value']:.3f}"
    return (
        f"Confidence: {confidence}. If both rounds had the same rate, {n_to} {side} of the {total} would fall "
        f"in round {cell['round_to']} with probability {p_value} (robust below {config.alpha:.2f})."
    )


# ---------------------------------------------------------------- CLI


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.progress", description=__doc__)
    parser.add_argument("--explain", action="store_true", help="explain one stored progress cell in words")
    parser.add_argument("--dataset", help="dataset whose built database to read (default: GCM_DATASET or demo)")
    parser.add_argument("--db", help="database file (overrides --dataset)")
    parser.add_argument("--objective", type=int, required=True, help="GCM objective 1-23")
    parser.add_argument("--geo", required=True, help="ISO3 or country name, sub-region, commission id or Global")
    parser.add_argument("--stream", default=schema.COMPOSITE_STREAM, choices=[*schema.STREAMS, "all"])
    parser.add_argument("--rounds", default="1:2", help="pair of consecutive rounds, e.g. 1:2")
    args = parser.parse_args(argv)
    if not args.explain:
        parser.error("nothing to do: add --explain")
    try:
        round_from, round_to = (int(r) for r in args.rounds.split(":"))
    except ValueError:
        parser.error(f"--rounds must look like 1:2, not {args.rounds!r}")
    path = paths.db_path(args.dataset) if args.db is None else Path(args.db)
    if not path.exists():
        print(f"No database at {path}; build it first with: python -m etl.build", file=sys.stderr)
        return 2
    from etl import progress_sql  # imported here because progress_sql uses this module

    with duckdb.connect(str(path), read_only=True) as con:
        text = progress_sql.explain_stored(con, args.stream, args.objective, args.geo, (round_from, round_to))
    if text is None:
        print(
            f"No progress cell for stream {args.stream}, objective {args.objective}, geography {args.geo!r}, rounds "
            f"{round_from}:{round_to} in {path}. Cells exist for objectives 1-23, consecutive rounds and geographies "
            "with reported activity.",
            file=sys.stderr,
        )
        return 2
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
