"""Funding bars: USD approved per round (or per geography) beside the programme counts; money is never a class."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import figure
from dashboard.i18n import t
from dashboard.l10n import fmt_number

# A colour per series (objective, geography, round or thematic area): ColorBrewer Dark2, which no class uses, so a
# funding bar never reads as a progress class.
SERIES_COLOURS = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")


def stated(amount) -> bool:
    return amount is not None and amount is not pd.NA and not (isinstance(amount, float) and math.isnan(amount))


def usd_words(amount) -> str:
    """USD in millions with two decimals ("USD 2.35 million"); no stated amount reads so, never as zero."""
    if not stated(amount):
        return t("funding.none_stated")
    return t("funding.usd_million", amount=fmt_number(float(amount) / 1e6, decimals=2))


def usd_bars(frame: pd.DataFrame, title: str, x: str, series: str) -> go.Figure:
    """Grouped bars of USD millions, one trace per `series` value, bars along `x` (both label columns, in frame
    order). Columns: x, series, records, records_with_amount, amount_usd. A bar says how many of its programmes
    state a budget; a bar with none stated is drawn at zero and labelled "no budget stated"."""
    traces = []
    for number, (name, rows) in enumerate(frame.groupby(series, sort=False)):
        amounts = [float(a) / 1e6 if stated(a) else 0.0 for a in rows["amount_usd"]]
        notes = [
            t("funding.bar_note", k=int(k), n=int(n))
            for k, n in zip(rows["records_with_amount"], rows["records"], strict=True)
        ]
        traces.append(
            dict(
                type="bar",
                x=rows[x].astype(str).tolist(),
                y=amounts,
                name=str(name),
                marker_color=SERIES_COLOURS[number % len(SERIES_COLOURS)],
                text=[usd_words(a) if int(n) else "" for a, n in zip(rows["amount_usd"], rows["records"], strict=True)],
                textposition="outside",
                cliponaxis=False,
                customdata=notes,
                hovertemplate="%{fullData.name}, %{x}: %{text}<br>%{customdata}<extra></extra>",
            )
        )
    layout = dict(
        barmode="group",
        yaxis_title_text=t("funding.axis_usd"),
        yaxis_rangemode="nonnegative",
        xaxis_title_text="",
        showlegend=frame[series].nunique() > 1,
    )
    return figure(traces, layout, title, height=400)
