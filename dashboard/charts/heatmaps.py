"""Heatmaps: classes and coverage per objective and geography, one country by round, countries side by side."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    CLASS_SCALE,
    GREYED_CODE,
    class_code,
    count_steps_colorbar,
    figure,
    objective_by_geography,
    objective_order,
    subplots,
    top_margin,
)
from dashboard.i18n import t
from dashboard.l10n import fmt_number
from dashboard.palette import (
    CLASS_SYMBOLS,
    COUNT_BINS,
    COUNT_COLOURS,
    count_bin,
    coverage_colours,
    is_greyed,
    stepped_colourscale,
)
from etl import schema


def class_heatmap(frame: pd.DataFrame, title: str, geo_column: str = "geo_name") -> go.Figure:
    """Objective × geography, coloured by class with its symbol as text.

    Columns: objective_id, short_title, geo_name, category, confidence, n_from, n_to, is_interpretable;
    `geo_column` names the column whose values label the geographies (short ids suit the commissions).
    """
    frame, objectives, geos = objective_by_geography(frame, geo_column)
    frame["code"] = [class_code(c, i) for c, i in zip(frame["category"], frame["is_interpretable"], strict=True)]
    frame["symbol"] = [CLASS_SYMBOLS[c] for c in frame["category"]]
    frame["words"] = [
        t(f"class.{c}")
        + (f" ({t(f'confidence.{k}')})" if isinstance(k, str) else "")
        + (f" · {t('class.not_interpretable')}" if is_greyed(i) else "")
        for c, k, i in zip(frame["category"], frame["confidence"], frame["is_interpretable"], strict=True)
    ]
    frame["counts"] = [
        f"{fmt_number(a)} → {fmt_number(b)}" for a, b in zip(frame["n_from"], frame["n_to"], strict=True)
    ]

    def grid(values: str):
        return frame.pivot(index="objective", columns="geo_name", values=values).reindex(index=objectives, columns=geos)

    traces = [
        dict(
            type="heatmap",
            z=grid("code").to_numpy(dtype=float),
            x=geos,
            y=objectives,
            text=grid("symbol").fillna("").to_numpy(),
            texttemplate="%{text}",
            textfont=dict(size=12),
            zmin=-0.5,
            zmax=GREYED_CODE + 0.5,
            colorscale=CLASS_SCALE,
            showscale=False,
            xgap=1,
            ygap=1,
            customdata=np.dstack([grid("words").fillna("").to_numpy(), grid("counts").fillna("").to_numpy()]),
            hovertemplate="%{y}<br>%{x}<br>%{customdata[0]}<br>"
            + t("hover.counts")
            + " %{customdata[1]}<extra></extra>",
        )
    ]
    layout = dict(
        xaxis=dict(side="top", tickangle=-40, title_text=""),
        yaxis=dict(autorange="reversed", title_text=""),
        margin=dict(t=top_margin(geos)),
    )
    return figure(traces, layout, title, height=max(220, 26 * len(objectives) + top_margin(geos) + 40))


def coverage_heatmap(frame: pd.DataFrame, title: str, geo_column: str = "geo_name") -> go.Figure:
    """Objective × geography: how many of the streams report anything (0 to all), with the number as text.

    Columns: objective_id, short_title, geo_name, streams_reporting and every stream's count column.
    """
    streams = schema.STREAM_REGISTRY
    frame, objectives, geos = objective_by_geography(frame, geo_column)
    grid = frame.pivot(index="objective", columns="geo_name", values="streams_reporting").reindex(
        index=objectives, columns=geos
    )
    # Each cell carries its counts only; the stream names are in the hover template once, not in every one of
    # thousands of cells (they were half of the Regions page's bytes, twice that in Cyrillic or Arabic script).
    counts = [
        frame.pivot(index="objective", columns="geo_name", values=s.count_column)
        .reindex(index=objectives, columns=geos)
        .fillna(0)
        .astype(int)
        .to_numpy()
        for s in streams
    ]
    detail = " · ".join(f"{t(f'stream.{s.name}')} %{{customdata[{i}]:,}}" for i, s in enumerate(streams))
    traces = [
        dict(
            type="heatmap",
            z=grid.to_numpy(dtype=float),
            x=geos,
            y=objectives,
            text=grid.fillna(0).astype(int).to_numpy(),
            texttemplate="%{text}",
            zmin=-0.5,
            zmax=len(streams) + 0.5,
            colorscale=stepped_colourscale(coverage_colours(len(streams))),
            colorbar=dict(
                tickvals=list(range(len(streams) + 1)),
                ticktext=[str(n) for n in range(len(streams) + 1)],
                thickness=12,
                lenmode="pixels",
                len=160,
                yanchor="top",
                y=1,
                title=dict(text=t("axis.streams_reporting")),
            ),
            customdata=np.stack(counts, axis=-1),
            xgap=1,
            ygap=1,
            hovertemplate=f"%{{y}}<br>%{{x}}<br>{detail}<extra></extra>",
        )
    ]
    layout = dict(
        xaxis=dict(side="top", tickangle=-40, title_text=""),
        yaxis=dict(autorange="reversed", title_text=""),
        margin=dict(t=top_margin(geos)),
    )
    return figure(traces, layout, title, height=max(220, 26 * len(objectives) + top_margin(geos) + 40))


def country_heatmap(counts: pd.DataFrame, classes: pd.DataFrame, title: str) -> go.Figure:
    """One country: units per objective × round (left) and the class of each round pair (right).

    counts: objective_id, short_title, round_id, count. classes: objective_id, round_from, round_to, category,
    confidence, n_from, n_to, is_interpretable.
    """
    objectives = objective_order(counts)
    rounds = sorted(counts["round_id"].unique())
    pivot = counts.pivot(index="objective_id", columns="round_id", values="count").sort_index()
    layout, panels = subplots(
        1,
        2,
        column_widths=[0.62, 0.38],
        horizontal_spacing=0.03,
        shared_y=True,
        x_side="top",
        y_autorange="reversed",
        y_ticks="",
    )
    traces = [
        dict(
            type="heatmap",
            z=[[count_bin(v) for v in row] for row in pivot.to_numpy()],
            x=[t("rounds.short", r=r) for r in rounds],
            y=objectives,
            text=[[fmt_number(int(v)) for v in row] for row in pivot.to_numpy()],
            texttemplate="%{text}",
            zmin=-0.5,
            zmax=len(COUNT_BINS) - 0.5,
            colorscale=stepped_colourscale(COUNT_COLOURS),
            showscale=False,
            xgap=1,
            ygap=1,
            hovertemplate="%{y}<br>%{x}: %{text} " + t("units.units") + "<extra></extra>",
            xaxis=panels[0][0],
            yaxis=panels[0][1],
        )
    ]
    if not classes.empty:
        classes = classes.sort_values(["round_from", "objective_id"])
        pairs = [
            t("rounds.pair_short", a=a, b=b)
            for a, b in classes[["round_from", "round_to"]].drop_duplicates().itertuples(index=False)
        ]
        hover = [
            t(f"class.{r.category}")
            + (f" ({t(f'confidence.{r.confidence}')})" if isinstance(r.confidence, str) else "")
            + f"<br>{t('hover.counts')} {fmt_number(r.n_from)} → {fmt_number(r.n_to)}"
            for r in classes.itertuples()
        ]
        cells = classes.assign(
            code=[class_code(c, i) for c, i in zip(classes["category"], classes["is_interpretable"], strict=True)],
            symbol=[CLASS_SYMBOLS[c] for c in classes["category"]],
            hover=hover,
        )
        # One row per objective of the left panel, one column per round pair (in order of first appearance).
        by_objective: dict[int, list] = {}
        for objective_id, code, symbol, words in cells[["objective_id", "code", "symbol", "hover"]].itertuples(
            index=False
        ):
            by_objective.setdefault(objective_id, []).append((code, symbol, words))
        rows = [by_objective.get(o, []) for o in pivot.index]
        traces.append(
            dict(
                type="heatmap",
                z=[[c[0] for c in r] for r in rows],
                x=pairs,
                y=objectives,
                text=[[c[1] for c in r] for r in rows],
                customdata=[[c[2] for c in r] for r in rows],
                texttemplate="%{text}",
                zmin=-0.5,
                zmax=GREYED_CODE + 0.5,
                colorscale=CLASS_SCALE,
                showscale=False,
                xgap=1,
                ygap=1,
                hovertemplate="%{y}<br>%{x}<br>%{customdata}<extra></extra>",
                xaxis=panels[1][0],
                yaxis=panels[1][1],
            )
        )
    return figure(traces, layout, title, height=max(360, 26 * len(objectives) + 200))


def compare_heatmaps(counts: pd.DataFrame, title: str) -> go.Figure:
    """Side-by-side small multiples, one per country (in name order): units per objective × round.

    Columns: name, objective_id, short_title, round_id, count.
    """
    names = sorted(counts["name"].unique(), key=str.casefold)
    objectives = objective_order(counts)
    layout, panels = subplots(
        1,
        len(names),
        titles=names,
        title_size=13,
        horizontal_spacing=0.02,
        shared_y=True,
        y_autorange="reversed",
        y_ticks="",
    )
    traces = []
    for k, name in enumerate(names):
        pivot = (
            counts[counts["name"] == name].pivot(index="objective_id", columns="round_id", values="count").sort_index()
        )
        traces.append(
            dict(
                type="heatmap",
                z=[[count_bin(v) for v in row] for row in pivot.to_numpy()],
                x=[t("rounds.short", r=r) for r in pivot.columns],
                y=objectives,
                text=[[fmt_number(int(v)) for v in row] for row in pivot.to_numpy()],
                texttemplate="%{text}",
                zmin=-0.5,
                zmax=len(COUNT_BINS) - 0.5,
                colorscale=stepped_colourscale(COUNT_COLOURS),
                showscale=k == len(names) - 1,
                colorbar=count_steps_colorbar(),
                xgap=1,
                ygap=1,
                hovertemplate=name + "<br>%{y}<br>%{x}: %{text} " + t("units.units") + "<extra></extra>",
                xaxis=panels[k][0],
                yaxis=panels[k][1],
            )
        )
    return figure(traces, layout, title, height=max(360, 26 * len(objectives) + 200))
