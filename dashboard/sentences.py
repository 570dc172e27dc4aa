"""Sentences and labels built from query frames (pure functions: no Streamlit, no SQL)."""

from __future__ import annotations

import json
import math

import pandas as pd

from dashboard.i18n import t
from dashboard.l10n import fmt_list, fmt_number, fmt_percent
from dashboard.palette import CLASS_SYMBOLS, PROGRESS, REGRESSION, is_greyed
from etl.progress import MethodConfig, classify


def class_words(category: str) -> str:
    return t(f"class.{category}")


def class_label(
    category: str,
    confidence: str | None = None,
    interpretable: bool = True,
    label: str | None = None,
    no_stream_alone: bool = False,
) -> str:
    """ "▼ Moderate regression (indicative)", with its label ("· ceased"); a non-interpretable cell says so.
    `no_stream_alone`: an all-streams cell with records enough in total but none in any one stream."""
    words = t("class.insufficient_streams") if no_stream_alone else class_words(category)
    text = f"{CLASS_SYMBOLS[category]} {words}"
    if isinstance(confidence, str) and confidence:
        text += f" ({t(f'confidence.{confidence}')})"
    if words := label_words(label):
        text += f" · {words}"
    if is_greyed(interpretable):
        text += f" · {t('class.not_interpretable')}"
    return text


def stream_mix(row) -> str:
    """The streams in a composite's mean with their classes and counts, e.g. "Pledges ▲▲ 66 → 181 · Practices ▼ 359
    → 321", so that a composite class is never shown without the streams it averages (METHOD.md 1.1); a row of
    one stream gives ""."""
    if row.get("stream") != "all":
        return ""
    detail = row.get("streams_detail")
    if detail is None or isinstance(detail, float) or len(detail) == 0:
        return t("mix.none") if row.get("n_from") or row.get("n_to") else ""
    parts = []
    for d in detail:
        words = dict(stream=t(f"stream.{d['stream']}"), symbol=CLASS_SYMBOLS[d["category"]])
        words |= dict(n_from=number(d["n_from"]), n_to=number(d["n_to"]))
        if d.get("exposure_model") == "rate" and _positive(d.get("t_from")) and _positive(d.get("t_to")):
            per_year = dict(r_from=decimal(d["n_from"] / d["t_from"]), r_to=decimal(d["n_to"] / d["t_to"]))
            parts.append(t("mix.detail_rate", **words, **per_year))
        else:
            parts.append(t("mix.detail", **words))
    return " · ".join(parts)


def no_stream_alone(row, n_min: int = 5) -> bool:
    """An all-streams cell without a class although its streams together hold enough records (METHOD.md 1.1: only
    streams with a class of their own enter the mean), so it never reads "too few records" beside 2 → 6."""
    return (
        row.get("stream") == "all"
        and row.get("category") == "insufficient_data"
        and int(row.get("n_from") or 0) + int(row.get("n_to") or 0) >= n_min
    )


def rates(row) -> str:
    """A rate stream's counts per year beside its counts ("46 in 3.4 years = 13.5 a year → …"), so that a class
    computed on rates never seems to contradict the counts; "" for per_round streams and composites."""
    t_from, t_to = row.get("t_from"), row.get("t_to")
    if row.get("exposure_model") != "rate" or not _positive(t_from) or not _positive(t_to):
        return ""
    n_from, n_to = int(row["n_from"]), int(row["n_to"])
    return t(
        "rates.text",
        n_from=number(n_from),
        t_from=decimal(t_from),
        r_from=decimal(n_from / t_from),
        n_to=number(n_to),
        t_to=decimal(t_to),
        r_to=decimal(n_to / t_to),
    )


def _positive(value) -> bool:
    return (
        value is not None and value is not pd.NA and not (isinstance(value, float) and math.isnan(value)) and value > 0
    )


def label_words(label: str | None) -> str:
    return t(f"label.{label}") if isinstance(label, str) and label else ""


def number(value) -> str:
    """A count with thousands separators; missing stays a dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    return fmt_number(int(round(float(value))))


def percent(share: float) -> str:
    """A share as the language writes a percentage (`12%`, `12 %` with a no-break space in French)."""
    return fmt_percent(share)


def decimal(value: float) -> str:
    """A rate with one decimal, in the language's digits and separator (`1.5`, `1,5`)."""
    return fmt_number(value, decimals=1)


def round_pair(rounds: tuple[int, int]) -> str:
    return t("rounds.pair", a=rounds[0], b=rounds[1])


def join_words(items: list[str]) -> str:
    """ "a, b and c"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return fmt_list(items)


def share_sentence(shares: pd.DataFrame, rounds: tuple[int, int], level: str) -> str:
    """UN SDG Report style: "Between rounds 1 and 2, reported activity progressed in x % of … cells, …"."""
    rows = shares[(shares["round_from"] == rounds[0]) & (shares["round_to"] == rounds[1])]
    if rows.empty or int(rows["total"].iloc[0]) == 0:
        return t("overview.share_none", a=rounds[0], b=rounds[1])
    by_class = dict(zip(rows["category"], rows["share"], strict=True))
    return t(
        f"overview.share_sentence.{level}",
        a=rounds[0],
        b=rounds[1],
        total=number(rows["total"].iloc[0]),
        progress=percent(sum(by_class.get(c, 0.0) for c in PROGRESS)),
        regress=percent(sum(by_class.get(c, 0.0) for c in REGRESSION)),
        stagnation=percent(by_class.get("stagnation", 0.0)),
        insufficient=percent(by_class.get("insufficient_data", 0.0)),
        not_assessable=percent(by_class.get("not_assessable", 0.0)),
    )


def silent_note(shares: pd.DataFrame, rounds: tuple[int, int], n_objectives: int, n_geos: int, level: str) -> str:
    """Say how many geographies have no cells at all (no reported activity in any round), or nothing."""
    rows = shares[(shares["round_from"] == rounds[0]) & (shares["round_to"] == rounds[1])]
    with_cells = int(rows["total"].iloc[0]) // max(n_objectives, 1) if len(rows) else 0
    if with_cells >= n_geos:
        return ""
    return t(f"overview.silent.{level}", n=with_cells, total=n_geos, silent=n_geos - with_cells)


def objective_sentence(
    cells: pd.DataFrame, objective_id: int, short_title: str, rounds: tuple[int, int], levels=("subregion",)
) -> str:
    """ "Objective 13 (…): reported activity fell in 9 of 22 sub-regions between rounds 1 and 2, rose in 4, …;
    regional commissions: fell in 1 of 5, …": every level the table below shows, so the two never disagree."""
    if isinstance(levels, str):
        levels = (levels,)
    rows = cells[cells["objective_id"] == objective_id]
    subject = t("objectives.subject", objective=objective_id, title=short_title)
    present = [level for level in levels if (rows["geo_level"] == level).any()]
    if not present:
        return t("objectives.sentence_none", subject=subject)
    first = cells_sentence(rows[rows["geo_level"] == present[0]], subject, rounds, present[0])
    more = [_level_clause(rows[rows["geo_level"] == level], level) for level in present[1:]]
    return " ".join([first, *more])


def _level_clause(rows: pd.DataFrame, level: str) -> str:
    counts = rows["category"].value_counts()
    return t(
        f"objectives.sentence_level.{level}",
        fell=int(sum(counts.get(c, 0) for c in REGRESSION)),
        total=len(rows),
        rose=int(sum(counts.get(c, 0) for c in PROGRESS)),
        steady=int(counts.get("stagnation", 0)),
        other=int(counts.get("insufficient_data", 0) + counts.get("not_assessable", 0)),
    )


def cells_sentence(rows: pd.DataFrame, subject: str, rounds: tuple[int, int], level: str) -> str:
    """How many geographies of one level fell, rose, held steady, or could not be judged."""
    total = len(rows)
    if total == 0:
        return t("objectives.sentence_none", subject=subject)
    counts = rows["category"].value_counts()
    parts = [
        t(
            f"objectives.sentence_head.{level}",
            subject=subject,
            fell=int(sum(counts.get(c, 0) for c in REGRESSION)),
            total=total,
            a=rounds[0],
            b=rounds[1],
            rose=int(sum(counts.get(c, 0) for c in PROGRESS)),
            steady=int(counts.get("stagnation", 0)),
        )
    ]
    insufficient = int(counts.get("insufficient_data", 0))
    new = int(counts.get("not_assessable", 0))
    if insufficient:
        parts.append(t("objectives.sentence_insufficient", n=insufficient))
    if new:
        parts.append(t("objectives.sentence_new", n=new))
    return t("sentence.separator").join(parts) + t("sentence.end")


def groups_sentence(cells: pd.DataFrame, rounds: tuple[int, int], level: str) -> str:
    """The same count for many objectives at once, in objective × geography cells."""
    rows = cells[cells["geo_level"] == level]
    counts = rows["category"].value_counts()
    return t(
        f"objectives.sentence_many.{level}",
        n_obj=rows["objective_id"].nunique(),
        total=len(rows),
        a=rounds[0],
        b=rounds[1],
        fell=int(sum(counts.get(c, 0) for c in REGRESSION)),
        rose=int(sum(counts.get(c, 0) for c in PROGRESS)),
        steady=int(counts.get("stagnation", 0)),
        insufficient=int(counts.get("insufficient_data", 0)),
        new=int(counts.get("not_assessable", 0)),
    )


def change_words(n_from: int, n_to: int, round_from: int) -> str:
    """Metric-card delta in words: "up 115 from 66 in round 1"."""
    if n_to > n_from:
        return t("change.up", d=number(n_to - n_from), n=number(n_from), r=round_from)
    if n_to < n_from:
        return t("change.down", d=number(n_from - n_to), n=number(n_from), r=round_from)
    return t("change.same", n=number(n_from), r=round_from)


def filter_sentence(
    *,
    dataset_title: str,
    rounds: tuple[int, int] | None,
    stream: str,
    objectives: list[str],
    geos: list[str],
    principle: str | None = None,
) -> str:
    """The active filters in one sentence."""
    parts = [t("filters.sentence.dataset", title=dataset_title)]
    if rounds:
        parts.append(round_pair(rounds))
    parts.append(t(f"stream.{stream}"))
    parts.append(join_words(objectives) if objectives else t("filters.sentence.all_objectives"))
    parts.append(join_words(geos) if geos else t("filters.sentence.all_geos"))
    if principle:
        parts.append(t("filters.sentence.principle", name=principle))
    return t("filters.sentence", text=t("sentence.separator").join(parts))


def method_config(raw: str | None) -> MethodConfig:
    """The thresholds a database was built with (build_info.method_config), defaults if unreadable."""
    try:
        return MethodConfig.from_dict(json.loads(raw or "{}"))
    except (ValueError, TypeError):
        return MethodConfig()


def worked_example(
    config: MethodConfig, n_from: int = 12, n_to: int = 9, t_from: float = 3.42, t_to: float = 3.61
) -> str:
    """The method on one cell, with the database's thresholds (METHOD.md test vector 12 → 9)."""
    result = classify(n_from, n_to, t_from, t_to, config)
    return t(
        "method.example",
        n_from=n_from,
        n_to=n_to,
        t_from=t_from,
        t_to=t_to,
        c=config.continuity,
        rr=fmt_number(result.rate_ratio, decimals=3),
        score=("+" if result.score > 0 else "") + fmt_number(result.score, decimals=2),
        cls=class_label(result.category),
        p=fmt_number(result.p_value, decimals=3) if result.p_value is not None else "–",
        alpha=config.alpha,
        confidence=t(f"confidence.{result.confidence}"),
    )


# ---------------------------------------------------------------- the country profile (etl.profile) in the language


def _review_clause(review: tuple, a: int, b: int) -> str | None:
    """Whether the country submitted a voluntary GCM review (True), did not (False) or has no count (None) in the
    two rounds: one full clause per case, as Russian and Arabic agree the verb with it."""
    before, after = review
    if before is None and after is None:
        return None
    if before and after:
        return t("profile.review.both")
    if after:
        return t("profile.review.second_only", a=a, b=b) if before is False else t("profile.review.second", b=b)
    if before:
        return t("profile.review.first_only", a=a, b=b) if after is False else t("profile.review.first", a=a)
    return t("profile.review.none")


def country_sentence(p, name: str) -> str:
    """The profile's answer ("Kenya, rounds 1 → 2: Pledges 3 → 5, …") in the view's language."""
    a, b = p.rounds
    items = [
        t("profile.item", stream=t(f"stream.{c.stream}"), n_from=fmt_number(c.n_from), n_to=fmt_number(c.n_to))
        for c in p.cards
    ]
    if clause := _review_clause(tuple(p.review), a, b):
        items.append(clause)
    return t("profile.sentence", name=name, a=a, b=b, items=fmt_list(items))


def no_records_line(p, name: str, places: list[tuple[str, str, int, int]]) -> str | None:
    """One line for a country without records, pointing to its sub-region and commissions (level, name, counts)."""
    if p.has_records:
        return None
    a, b = p.rounds
    line = t("profile.no_records", name=name, a=a, b=b)
    shown = [
        t(f"profile.place.{level}", title=title, n_from=n_from, n_to=n_to) for level, title, n_from, n_to in places
    ]
    return f"{line} {t('profile.see', places=fmt_list(shown))}" if shown else line


def profile_class(category: str | None, label: str | None = None, confidence: str | None = None) -> str:
    """A stored class of etl.profile in the view's language (its own class_words are English, for the CLI and the
    brief): the class with its confidence and label, or why there is none; "no cell" where the database has none."""
    return t("profile.no_cell") if category is None else class_label(category, confidence, True, label)


def row_class(row) -> str:
    """A country profile row's (a card's, a round table's, a neighbour's) stored class: profile_class of its fields."""
    return profile_class(row.category, row.label, row.confidence)


def inactive_line(count: int) -> str | None:
    return t("profile.inactive", n=fmt_number(count)) if count else None
