"""Line small multiples: a country's units per round beside the median country of its sub-region."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    figure,
    objective_order,
    subplots,
)
from dashboard.i18n import t


def country_vs_median(frame: pd.DataFrame, title: str, columns: int = 6) -> go.Figure:
    """Small multiples, one per objective: the country's units per round beside its sub-region median.

    Columns: objective_id, short_title, round_id, series, value (series is the country or the median label).
    `columns`: panels per row (2 on a phone, where six would run their titles together).
    """
    objectives = objective_order(frame)
    cols = min(columns, max(1, len(objectives)))
    rows_n = -(-len(objectives) // cols)
    titles = [label if len(label) <= 24 else label[:23] + "…" for label in objectives]
    layout, panels = subplots(
        rows_n,
        cols,
        len(objectives),
        titles=titles,
        vertical_spacing=min(0.12, 0.5 / max(rows_n, 1)),
        y_rangemode="tozero",
    )
    series_names = list(dict.fromkeys(frame["series"]))
    styles = {
        name: dict(color="#2d2d2d", width=2.5) if i == 0 else dict(color="#8c8c8c", width=1.8, dash="dot")
        for i, name in enumerate(series_names)
    }
    points: dict[tuple, list] = {}
    for objective_id, name, round_id, value in frame.sort_values(["objective_id", "round_id"])[
        ["objective_id", "series", "round_id", "value"]
    ].itertuples(index=False):
        points.setdefault((objective_id, name), []).append((t("rounds.short", r=round_id), value))
    traces = []
    for k, label in enumerate(objectives):
        objective_id = int(label.split(" · ")[0])
        for name in series_names:
            xy = points.get((objective_id, name), [])
            traces.append(
                dict(
                    type="scatter",
                    x=[x for x, _ in xy],
                    y=[y for _, y in xy],
                    name=name,
                    mode="lines+markers",
                    line=styles[name],
                    legendgroup=name,
                    showlegend=k == 0,
                    hovertemplate=name + ", %{x}: %{y:,.1f}<extra></extra>",
                    xaxis=panels[k][0],
                    yaxis=panels[k][1],
                )
            )
    # The legend goes below: above, it would cover the first row's titles.
    layout.update(legend=dict(yanchor="top", y=-0.06), margin=dict(t=80, b=40))
    return figure(traces, layout, title, height=max(300, 170 * rows_n + 140))
