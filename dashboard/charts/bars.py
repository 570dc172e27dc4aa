"""Bar charts: units per stream and round, and the share of cells in each progress class per round pair."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    figure,
)
from dashboard.i18n import t
from dashboard.l10n import fmt_number, fmt_percent
from dashboard.palette import (
    CLASS_COLOURS,
    CLASS_SYMBOLS,
    STREAM_COLOURS,
)
from etl import schema


def stream_bars(frame: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars: units per round, one bar per stream. Columns: stream, round_id, units."""
    traces = [
        dict(
            type="bar",
            x=[t("rounds.short", r=r) for r in rows["round_id"]],
            y=rows["units"].to_numpy(),
            name=t(f"stream.{stream}"),
            marker_color=STREAM_COLOURS.get(stream, "#4d4d4d"),
            text=[fmt_number(v) for v in rows["units"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{fullData.name}, %{x}: %{y:,} " + t("units.units") + "<extra></extra>",
        )
        for stream, rows in frame.groupby("stream", sort=False)
    ]
    # Counts start at zero: an all-zero chart must not show an axis from -1.
    layout = dict(
        barmode="group",
        yaxis_title_text=t("axis.units"),
        yaxis_rangemode="nonnegative",
        xaxis_title_text=t("axis.round"),
    )
    return figure(traces, layout, title, height=380)


def class_share_bars(frame: pd.DataFrame, title: str, open_pairs=frozenset()) -> go.Figure:
    """One 100 % stacked bar per round pair. Columns: round_from, round_to, category, cells, total, share.

    A pair whose later round is still open says so on its label: its counts are still arriving.
    """
    frame = frame.copy()
    frame["pair"] = [
        t("rounds.pair_short_open" if (a, b) in open_pairs else "rounds.pair_short", a=a, b=b)
        for a, b in zip(frame["round_from"], frame["round_to"], strict=True)
    ]
    traces = []
    for category in schema.CATEGORIES:
        rows = frame[frame["category"] == category]
        words = f"{CLASS_SYMBOLS[category]} {t(f'class.{category}')}"
        traces.append(
            dict(
                type="bar",
                y=rows["pair"].tolist(),
                x=(rows["share"] * 100).to_numpy(),
                orientation="h",
                name=words,
                marker=dict(color=CLASS_COLOURS[category], line=dict(color="#8c8c8c", width=0.6)),
                text=[fmt_percent(s) if s >= 0.05 else "" for s in rows["share"]],
                textposition="inside",
                insidetextanchor="middle",
                customdata=rows[["cells", "total"]].to_numpy(),
                hovertemplate=words + ": %{x:.1f} % (%{customdata[0]:,} / %{customdata[1]:,})<extra></extra>",
            )
        )
    # Seven legend entries wrap to several rows: below the bars they cannot cover the title.
    layout = dict(
        barmode="stack",
        xaxis=dict(title_text="", range=[0, 100.5], ticksuffix=" %"),
        yaxis=dict(title_text="", autorange="reversed"),
        legend=dict(traceorder="normal", yanchor="top", y=-0.12),
        margin=dict(t=60, b=20),
    )
    return figure(traces, layout, title, height=260 + 55 * frame["pair"].nunique())
