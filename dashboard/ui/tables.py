"""Tables: readable headers and formats, coded values in words, class columns in colour, long lists, downloads."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard import db, downloads, sentences
from dashboard.context import Context
from dashboard.i18n import STRINGS, t
from dashboard.palette import CLASS_COLOURS, GREYED, is_greyed
from dashboard.ui import replay
from etl import schema

MAX_TABLE_ROWS = 25  # UI.md: tables show about 25 rows before scrolling
ROW_PX = 35


def table_height(n_rows: int) -> int | str:
    return "auto" if n_rows <= MAX_TABLE_ROWS else ROW_PX * MAX_TABLE_ROWS + 38


# Columns whose values are internal codes: tables and their CSV show the words ("Sub-region", "robust", "round
# still open: count so far"). The class code itself stays, for machines, but is not shown on the page.
_CODED = {
    "geo_level": "level.one.",
    "confidence": "confidence.",
    "label": "label.",
    "exposure_model": "exposure.",
    "stream": "stream.",
    "status": "followup.status.",
    "freshness": "followup.freshness.",
    "direction": "direction.",
    "date_precision": "precision.",
    "reason_code": "reason.",
}


def localise(frame: pd.DataFrame) -> pd.DataFrame:
    """The world row reads "World", not its id, and coded values read as words, in tables and their CSV alike."""
    if "geo_name" in frame.columns and (frame["geo_name"] == "GLOBAL").any():
        frame = frame.assign(geo_name=frame["geo_name"].replace("GLOBAL", t("geo.global")))
    words = {}
    for column, prefix in _CODED.items():
        if column not in frame.columns:
            continue
        values = frame[column]
        known = {v: t(prefix + v) for v in values.dropna().unique() if isinstance(v, str) and prefix + v in STRINGS}
        if known:
            words[column] = values.map(lambda v, known=known: known.get(v, v))
    return frame.assign(**words) if words else frame


# The columns of a class table, in this order: the class and what it rests on first.
CLASS_TABLE_COLUMNS = (
    "class",
    "stream_mix",
    "n_from",
    "n_to",
    "rates",
    "geo_name",
    "geo_level",
    "objective_id",
    "short_title",
    "category",
    "confidence",
    "label",
    "score",
    "reason_count",
    "is_interpretable",
    "geo_id",
)


def class_rows(cells: pd.DataFrame, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """Progress cells as a class table shows them: CLASS_TABLE_COLUMNS that the frame has (the stream mix exists
    for all streams only), less `drop`."""
    frame = with_class_text(cells)
    return frame[[c for c in CLASS_TABLE_COLUMNS if c in frame and c not in drop]]


def with_class_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the class in symbol + words + confidence (greyed wording for non-interpretable cells)."""
    frame = frame.copy()
    interpretable = frame["is_interpretable"] if "is_interpretable" in frame else [True] * len(frame)
    confidence = frame["confidence"] if "confidence" in frame else [None] * len(frame)
    labels = frame["label"] if "label" in frame else [None] * len(frame)
    records = frame.to_dict("records")
    frame.insert(
        0,
        "class",
        [
            sentences.class_label(c, k, i, x, sentences.no_stream_alone(r))
            for c, k, i, x, r in zip(frame["category"], confidence, interpretable, labels, records, strict=True)
        ],
    )
    if "streams_assessed" in frame and "stream" in frame and (frame["stream"] == "all").any():
        frame.insert(1, "stream_mix", [sentences.stream_mix(row) for row in records])
    if "exposure_model" in frame and (frame["exposure_model"] == "rate").any():
        frame.insert(frame.columns.get_loc("n_to") + 1, "rates", [sentences.rates(row) for row in records])
    return frame.drop(columns=["streams_detail"], errors="ignore")


def _dictionary_encoded(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns whose values repeat (titles, names, streams: at most half as many values as rows) as categories:
    Arrow then sends each value once instead of on every row, which halved a 3,000-row table (more in Cyrillic and
    Arabic script, two bytes a letter). Only what the page shows: the downloads keep the frame as it is."""
    repeated = {
        name: column.astype("category")
        for name, column in frame.items()
        if len(column) >= 50
        and (pd.api.types.is_string_dtype(column) or column.dtype == object)
        and column.map(type).eq(str).all()
        and column.nunique() * 2 <= len(column)
    }
    return frame.assign(**repeated) if repeated else frame


def dataframe(ctx: Context, frame: pd.DataFrame, *, key: str, column_config: dict | None = None) -> None:
    """A table with readable headers; a progress class shows as a label in its class colour (grey when not
    interpretable), beside its symbol and words. The downloads keep the class as plain text."""
    config = dict(column_config or column_config_for(ctx, frame))
    if "class" in frame and "category" in frame:
        interpretable = frame["is_interpretable"] if "is_interpretable" in frame else [True] * len(frame)
        # One colour per label: a label's words already say its class and whether it is interpretable.
        colours = dict(
            zip(
                frame["class"],
                [
                    GREYED if is_greyed(i) else CLASS_COLOURS[c]
                    for c, i in zip(frame["category"], interpretable, strict=True)
                ],
                strict=True,
            )
        )
        frame = frame.assign(**{"class": [[label] for label in frame["class"]]})
        config["class"] = st.column_config.MultiselectColumn(
            t("col.class"), help=t("col.class_help"), pinned=True, options=list(colours), color=list(colours.values())
        )
    # The class code stays in the CSV (for machines); the page shows the class in colour, symbol and words.
    order = [c for c in frame.columns if c != "category"] if "class" in frame.columns else None
    st.dataframe(
        _dictionary_encoded(frame),
        hide_index=True,
        column_config=config,
        column_order=order,
        height=table_height(len(frame)),
        key=f"{key}-table",
    )


_LINKS = ("source_url", "url")
_COUNTS = (
    "n_from",
    "n_to",
    "units",
    "activities",
    "unit_count",
    "count",
    "cells",
    "total",
    "records",
    "row_count",
    *(s.count_column for s in schema.STREAM_REGISTRY),
    "dated_units",
)

_DECIMALS = {
    "score": "%.2f",
    "rate_ratio": "%.3f",
    "p_value": "%.3f",
    "t_from": "%.2f",
    "t_to": "%.2f",
    "median": "%.1f",
    "value": "%.1f",
}
_INTEGERS = (
    "objective_id",
    "round_id",
    "round_from",
    "round_to",
    "reason_count",
    "streams_reporting",
    "streams_assessed",
    "line",
    "principle_id",
)
_DATES = ("activity_date", "recorded_date", "date_accessed")
_FLAGS = ("is_interpretable", "is_global")


def column_config(frame: pd.DataFrame, rounds: tuple[int, int] | None = None) -> dict:
    """Readable headers and formats for every known column (links clickable, counts with separators)."""
    a, b = rounds or (None, None)
    config = {}
    for name in frame.columns:
        key = f"col.{name}"
        label = t(key, a=a, b=b) if key in STRINGS else name
        if name == "class":
            config[name] = st.column_config.TextColumn(label, help=t("col.class_help"), pinned=True)
        elif name == "stream_mix":
            config[name] = st.column_config.TextColumn(label, help=t("col.stream_mix_help"))
        elif name in _LINKS:
            # Beside a title the link reads "Open source page"; in a list of pages the address is the content.
            text = t("col.source_open") if "title" in frame.columns and name == "source_url" else None
            config[name] = st.column_config.LinkColumn(label, display_text=text)
        elif name == "share":
            config[name] = st.column_config.ProgressColumn(label, min_value=0, max_value=1, format="percent")
        elif name in _COUNTS:
            config[name] = st.column_config.NumberColumn(label, format="localized")
        elif name in _DECIMALS:
            config[name] = st.column_config.NumberColumn(label, format=_DECIMALS[name])
        elif name in _INTEGERS:
            config[name] = st.column_config.NumberColumn(label, format="%d")
        elif name in _DATES:
            config[name] = st.column_config.DateColumn(label)
        elif name in _FLAGS:
            config[name] = st.column_config.CheckboxColumn(label)
        elif name == "title":
            config[name] = st.column_config.TextColumn(label, width="large")
        else:
            config[name] = st.column_config.TextColumn(label)
    return config


def column_config_for(ctx: Context, frame: pd.DataFrame) -> dict:
    return column_config(frame, ctx.filters.rounds)


def downloads_row(
    ctx: Context,
    rows: pd.DataFrame | downloads.Rows,
    *,
    view: str,
    key: str,
    url_path: str = "",
    name_parts: list[str] | None = None,
) -> None:
    with st.container(horizontal=True):
        downloads.download_buttons(
            rows,
            name_parts=name_parts or [view, *ctx.filters.name_parts()],
            metadata=downloads.view_metadata_for(ctx, url_path),
            key=key,
        )


def table(
    ctx: Context,
    frame,
    *,
    view: str,
    key: str,
    url_path: str = "",
    column_config: dict | None = None,
    name_parts: list[str] | None = None,
    then: Callable[[pd.DataFrame], None] | None = None,
) -> None:
    """A table and its downloads; `frame` may be a callable, run only when the table is drawn, not replayed, and
    `then(frame)` draws more elements after the table (a print twin)."""

    def draw() -> pd.DataFrame:
        shown = localise(frame() if callable(frame) else frame)
        dataframe(ctx, shown, key=key, column_config=column_config)
        if then is not None:
            then(shown)
        return shown

    downloads_row(ctx, replay.panel(ctx, key, draw), view=view, key=key, url_path=url_path, name_parts=name_parts)


SHOWN_ROWS = 1_000  # a long list shows this many rows; its downloads hold them all


def long_table(
    ctx: Context,
    query,
    count_query,
    *,
    view: str,
    key: str,
    url_path: str = "",
    name_parts: list[str] | None = None,
    full_csv=None,
    **filters,
) -> int:
    """A list that can run to a million rows: the page holds its first SHOWN_ROWS rows and the total, and the
    downloads fetch every row when clicked (a whole list in the page cost seconds and gigabytes per session).
    Shows nothing when there are no rows.

    `query(con, limit=..., **filters)` gives the rows, `count_query(con, **filters)` their number (column `rows`),
    `full_csv(con, **filters)` the whole CSV if it has a faster way than csv_bytes of every row. Returns the total.
    """

    def draw() -> tuple[pd.DataFrame, int]:
        head = localise(ctx.run(query, limit=SHOWN_ROWS, **filters))
        if head.empty:
            return head, 0
        total = len(head) if len(head) < SHOWN_ROWS else int(ctx.run(count_query, **filters)["rows"].iloc[0])
        if total > len(head):
            st.caption(t("table.first_rows", shown=len(head), total=total))
        dataframe(ctx, head, key=key)
        return head, total

    # The filters are part of the panel's key: the same list for other filters is another panel.
    head, total = replay.panel(ctx, f"{key}:{sorted(filters.items())!r}", draw)
    if not total:
        return 0
    if full_csv is not None:  # the extract: the very bytes of `python -m etl.export`, codes and all, whatever its size
        rows = downloads.Rows(total, tuple(head.columns), lambda: db.fetch(ctx.database, full_csv, **filters))
    elif total == len(head):
        rows = downloads.Rows.of(head)
    else:
        rows = downloads.Rows(
            total, tuple(head.columns), lambda: downloads.csv_bytes(localise(db.fetch(ctx.database, query, **filters)))
        )
    downloads_row(ctx, rows, view=view, key=key, url_path=url_path, name_parts=name_parts)
    return total
