"""The objective tiles: 23 objectives in four IMRF round-table columns, each with its class and counts."""

from __future__ import annotations

import html
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import sentences
from dashboard.context import Context
from dashboard.i18n import t
from dashboard.l10n import fmt_counts
from dashboard.palette import CLASS_COLOURS, CLASS_SYMBOLS, CLASS_TEXT_COLOURS, GREYED, is_greyed
from dashboard.ui import replay

_TILE_CSS = """
<style>
.gcm-tile{border:1px solid #d9d9d9;border-left-width:8px;border-radius:6px;padding:6px 8px;margin:0 0 6px 0;
  background:#fff;line-height:1.3}
.gcm-tile a{color:inherit;text-decoration:none}
.gcm-tile .num{font-weight:700;margin-right:4px}
.gcm-tile .sym{display:inline-block;min-width:2.2em;text-align:center;border-radius:4px;padding:0 4px;
  margin-right:4px;border:1px solid #bdbdbd;font-weight:700}
.gcm-tile .meta{font-size:0.85em;color:#4d4d4d}
.gcm-rt{font-size:0.9em;font-weight:600;color:#33506b;min-height:3.6em}
</style>
"""


def objective_grid(ctx: Context, grid) -> None:
    """23 tiles in four IMRF round-table columns: number, short title, class symbol with words and counts.

    grid: progress rows (queries.progress) with roundtable_id and roundtable_title, or a callable giving them (run
    only when the grid is drawn, not when it is replayed). Each tile links to the Objectives page for that objective.
    """

    def draw() -> None:
        rows_by_table = (grid() if callable(grid) else grid).groupby("roundtable_id", sort=True)
        st.markdown(_TILE_CSS, unsafe_allow_html=True)
        columns = st.columns(4)
        for column, (rt_id, rows) in zip(columns, rows_by_table, strict=False):
            with column:
                title = html.escape(str(rows["roundtable_title"].iloc[0]))
                tiles = [f'<div class="gcm-rt">{t("overview.roundtable", n=rt_id)}: {title}</div>']
                tiles += [_tile(ctx, row) for row in rows.sort_values("objective_id").to_dict("records")]
                st.markdown("".join(tiles), unsafe_allow_html=True)

    replay.panel(ctx, "objective-grid", draw)


def objective_tiles(ctx: Context, cells: pd.DataFrame) -> None:
    """Tiles of progress rows in one line (objective 0, all objectives, above the 23)."""

    def draw() -> None:
        st.markdown(_TILE_CSS, unsafe_allow_html=True)
        st.markdown("".join(_tile(ctx, row) for row in cells.to_dict("records")), unsafe_allow_html=True)

    replay.panel(ctx, "objective-tiles", draw)


def _tile(ctx: Context, row: dict) -> str:
    """One tile: the class in colour, symbol and words, the two counts it rests on, and what a reader needs so
    that the class never seems to contradict them: the streams in a composite's mean, or a rate stream's rates."""
    greyed = is_greyed(row["is_interpretable"])
    category = row["category"]
    colour = GREYED if greyed else CLASS_COLOURS[category]
    text_colour = "#ffffff" if greyed else CLASS_TEXT_COLOURS[category]
    alone = sentences.no_stream_alone(row)
    words = sentences.class_label(category, row["confidence"], row["is_interpretable"], row.get("label"), alone)
    objective_id = int(row["objective_id"])
    params = ctx.filters.to_params()
    href = "objectives?" + urlencode({**params, "obj": [str(objective_id)]} if objective_id else params, doseq=True)
    border = "#bdbdbd" if category in ("insufficient_data", "not_assessable") else colour
    # A composite shows the streams of its mean, each with its class and counts, instead of their sum: per-round
    # and per-year scores are averaged, so a sum beside the class could point the other way.
    mix = sentences.stream_mix(row)
    counts = "" if mix and row.get("streams_in_mean") else f" · {fmt_counts(int(row['n_from']), int(row['n_to']))}"
    detail = mix or sentences.rates(row)
    detail_html = f'<br><span class="meta">{html.escape(detail)}</span>' if detail else ""
    number = f'<span class="num">{objective_id}</span>' if objective_id else ""
    return (
        f'<div class="gcm-tile" style="border-left-color:{border}" title="{html.escape(words)}">'
        f'<a href="{html.escape(href)}" target="_self">{number}{html.escape(str(row["short_title"]))}<br>'
        f'<span class="sym" style="background:{colour};color:{text_colour}" aria-hidden="true">'
        f"{CLASS_SYMBOLS[category]}</span>"
        f'<span class="meta">{html.escape(words.split(" ", 1)[1])}{counts}</span>{detail_html}</a></div>'
    )
