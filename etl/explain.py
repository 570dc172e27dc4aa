"""A stored progress cell in plain words (METHOD.md 1.1), and its CLI: python -m etl.explain."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import duckdb

from etl import schema, versions
from etl.export import round_pair
from etl.progress import CLASSES, PROGRESS_CLASSES, MethodConfig

STREAM_NAMES = {**{s.name: s.label for s in schema.STREAM_REGISTRY}, schema.COMPOSITE_STREAM: "All streams"}
LABEL_TEXT = {
    "from_zero": "from zero: nothing was reported in round {rf}",
    "ceased": "ceased: nothing was reported in round {rt}",
    "short_window": "short window: a round covers less than {short:g} year of the stream, so the class is at most "
    "indicative and stays out of the all-streams mean",
}
NOT_ASSESSABLE_TEXT = {
    "new_mechanism": "the stream did not exist yet in round {rf} (a new mechanism)",
    "round_open": "a round of the pair had not closed by the data cut-off; the counts so far are shown, never a class",
    "incomplete_collection": "the dataset does not declare this stream collected completely in both rounds; the "
    "counts are what was found, and a round that was not collected is not a round in which nothing happened",
}


def _exposure_text(cell: Mapping[str, Any], t: float | None) -> str:
    if cell.get("exposure_model") == "per_round":
        return "one review cycle, T = 1" if t else "the round had not closed by the cut-off, T = 0"
    if not t:
        return "the stream did not exist then, T = 0"
    return f"over {t:.2f} years"


def _rate_text(n: int, t: float | None) -> str:
    return f"{n} in {t:.1f} years = {n / t:.1f} a year" if t else f"{n}"


def _stream_line(cell: Mapping[str, Any]) -> str:
    """One stream of a composite: its class, counts and score (rates per year for a rate stream)."""
    counts = f"{cell['n_from']:,} → {cell['n_to']:,}"
    if cell.get("exposure_model") == "rate" and cell["t_from"] and cell["t_to"]:
        counts = f"{_rate_text(cell['n_from'], cell['t_from'])} → {_rate_text(cell['n_to'], cell['t_to'])}"
    label = f", {cell['label'].replace('_', ' ')}" if cell.get("label") else ""
    score = f", score {cell['score']:+.2f}" if cell.get("score") is not None else ""
    words = (
        "too few records to judge" if cell["category"] == "insufficient_data" else cell["category"].replace("_", " ")
    )
    return f"{STREAM_NAMES[cell['stream']]}: {words}{label}{score} ({counts})"


def explain(
    cell: Mapping[str, Any],
    geo_name: str,
    config: MethodConfig | None = None,
    reasons: Sequence[Mapping[str, Any]] = (),
    streams_of: Sequence[Mapping[str, Any]] = (),
) -> str:
    """A stored progress cell (a progress_cells row as a mapping) in plain words, with its reasons; for the
    composite, `streams_of` are the stream cells of the same key (each one's class, counts and score)."""
    config = config or MethodConfig()
    stream, rf, rt = cell["stream"], cell["round_from"], cell["round_to"]
    n_from, n_to = cell["n_from"], cell["n_to"]
    subject = "all objectives (each record once)" if cell["objective_id"] == 0 else f"objective {cell['objective_id']}"
    head = f"{STREAM_NAMES[stream]}, {subject}, in {geo_name}: "
    if stream == schema.COMPOSITE_STREAM:
        streams = ", ".join(STREAM_NAMES[s] for s in (cell.get("streams_in_mean") or "").split(";") if s)
        counted = f"the sum over the streams in the mean: {streams}" if streams else "all streams; none has a class"
        lines = [head + f"{n_from:,} in round {rf} and {n_to:,} in round {rt} ({counted})."]
        lines += [f"- {_stream_line(s)}" for s in streams_of]
    else:
        lines = [
            head + f"{n_from} in round {rf} ({_exposure_text(cell, cell['t_from'])}) and {n_to} in round "
            f"{rt} ({_exposure_text(cell, cell['t_to'])})."
        ]
        if cell.get("exposure_model") == "rate" and cell["t_from"] and cell["t_to"]:
            lines.append(f"Rates: {_rate_text(n_from, cell['t_from'])} → {_rate_text(n_to, cell['t_to'])}.")
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
    category, rf, rt, label = cell["category"], cell["round_from"], cell["round_to"], cell.get("label")
    total = cell["n_from"] + cell["n_to"]
    if category == "not_assessable":
        why = NOT_ASSESSABLE_TEXT.get(label or "new_mechanism", NOT_ASSESSABLE_TEXT["new_mechanism"])
        return [f"Not assessable: {why.format(rf=rf, rt=rt)}. It is never called progress or regression."]
    if category == "insufficient_data":
        return [
            f"Too few records to judge: {cell['n_from']} + {cell['n_to']} = {total}, fewer than {config.n_min} in "
            "the two rounds together; both counts are shown and no class is given."
            if cell["stream"] != schema.COMPOSITE_STREAM or total < config.n_min
            else "No stream has enough records on its own (a stream enters the mean only with a class of its own); "
            "the counts of all streams are shown as found, and no class is given."
        ]
    cap, score = config.score_cap, cell["score"]
    if cell["stream"] == schema.COMPOSITE_STREAM:
        mix = ", ".join(f"{cell[c + '_streams']} {c.replace('_', ' ')}" for c in CLASSES if cell[c + "_streams"])
        first = (
            f"Score {score:+.2f}: the mean of the scores of the {cell['streams_assessed']} streams with a class "
            f"and no short window ({mix})."
        )
    else:
        raw = cap * math.log2(cell["rate_ratio"])
        capped = f", capped at {score:+.2f}" if abs(raw) > cap else ""
        first = (
            f"Rate ratio ((n{rt} + {config.continuity:g}) / T{rt}) / ((n{rf} + {config.continuity:g}) / T{rf}) "
            f"= {cell['rate_ratio']:.3f}; score {cap:g} x log2(ratio) = {raw:+.2f}{capped}."
        )
    label_text = " (" + LABEL_TEXT[label].format(rf=rf, rt=rt, short=config.short_window_years) + ")" if label else ""
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
    short = " A short window is never robust." if cell.get("label") == "short_window" else ""
    return (
        f"Confidence: {confidence}. If both rounds had the same rate, {n_to} {side} of the {total} would fall "
        f"in round {cell['round_to']} with probability {p_value} (robust below {config.alpha:.2f}).{short}"
    )


# ---------------------------------------------------------------- reading a stored cell


def _resolve_geo(con, text: str) -> tuple[str, str, str] | None:
    """(geo_level, geo_id, name) of an ISO3 code, country name, sub-region, commission id or Global."""
    text = text.strip()
    if text.upper() == schema.GLOBAL_GEO_ID:
        return "global", schema.GLOBAL_GEO_ID, "the world (global level)"
    if text.upper() in schema.COMMISSION_IDS:
        return "commission", text.upper(), f"the {text.upper()} region"
    sql = "SELECT iso3, name FROM countries WHERE upper(iso3) = upper(?) OR lower(name) = lower(?) ORDER BY iso3"
    found = con.execute(sql, [text, text]).fetchall()
    if found:
        return "country", found[0][0], f"{found[0][1]} ({found[0][0]})"
    found = con.execute("SELECT DISTINCT subregion FROM countries WHERE lower(subregion) = lower(?)", [text]).fetchall()
    return ("subregion", found[0][0], found[0][0]) if found else None


def stored_config(con) -> MethodConfig:
    """The thresholds the database was built with (build_info), else the defaults."""
    try:
        rows = con.execute("SELECT method_config FROM build_info").fetchall()
    except duckdb.Error:
        rows = []
    return MethodConfig.from_dict(json.loads(rows[0][0])) if rows else MethodConfig()


def _fetch(con, sql: str, params: list) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


CELL_WHERE = "stream = ? AND objective_id = ? AND geo_level = ? AND geo_id = ? AND round_from = ? AND round_to = ?"


def explain_stored(con, stream: str, objective: int, geo_text: str, rounds: tuple[int, int]) -> str | None:
    """The explanation of a stored cell, or None when there is no such cell."""
    geo = _resolve_geo(con, geo_text)
    if geo is None:
        return None
    key = [stream, objective, geo[0], geo[1], *rounds]
    cells = _fetch(con, f"SELECT * FROM progress_cells WHERE {CELL_WHERE}", key)
    if not cells:
        return None
    explained_by = f"SELECT reason_id FROM cell_reasons WHERE {CELL_WHERE}"
    reasons = _fetch(con, f"SELECT * FROM reasons WHERE reason_id IN ({explained_by}) ORDER BY reason_id", key)
    streams_of = []
    if stream == schema.COMPOSITE_STREAM:
        where = CELL_WHERE.replace("stream = ?", "stream <> ?")
        streams_of = _fetch(con, f"SELECT * FROM progress_cells WHERE {where} ORDER BY stream", key)
    return explain(cells[0], geo[2], stored_config(con), reasons, streams_of)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.explain", description=__doc__)
    parser.add_argument("--dataset", help="dataset whose built database to read (default: GCM_DATASET or demo)")
    parser.add_argument("--db", help="database file (overrides --dataset)")
    parser.add_argument("--objective", type=int, required=True, help="GCM objective 1-23, or 0 for all objectives")
    parser.add_argument("--geo", required=True, help="ISO3 or country name, sub-region, commission id or Global")
    parser.add_argument("--stream", default=schema.COMPOSITE_STREAM, choices=[*schema.STREAMS, schema.COMPOSITE_STREAM])
    parser.add_argument("--rounds", default="1:2", type=round_pair, help="pair of consecutive rounds, e.g. 1:2")
    args = parser.parse_args(argv)
    path = versions.database_path(args.dataset) if args.db is None else Path(args.db)
    if not path.exists():
        print(f"No database at {path}; build it first with: python -m etl.build", file=sys.stderr)
        return 2
    with duckdb.connect(str(path), read_only=True) as con:
        text = explain_stored(con, args.stream, args.objective, args.geo, args.rounds)
    if text is None:
        print(
            f"No progress cell for stream {args.stream}, objective {args.objective}, geography {args.geo!r}, rounds "
            f"{args.rounds[0]}:{args.rounds[1]} in {path}. Cells exist for objectives 0-23, consecutive rounds and "
            "geographies with reported activity.",
            file=sys.stderr,
        )
        return 2
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
