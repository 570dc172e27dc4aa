"""Plotly figure builders: DataFrame in, Figure out, one template, objectives always in 1..23 order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from dashboard.i18n import t
from dashboard.palette import (
    CLASS_CODE,
    CLASS_COLOURS,
    CLASS_STEPS,
    CLASS_SYMBOLS,
    COUNT_BINS,
    COUNT_COLOURS,
    COVERAGE_COLOURS,
    GREYED,
    STREAM_COLOURS,
    count_bin,
    is_greyed,
    stepped_colourscale,
)

FONT = "Source Sans Pro, Segoe UI, Arial, sans-serif"
TEMPLATE = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=13, color="#1f2933"),
        # Titles pinned to the top edge: heatmaps put slanted labels in the top margin below them.
        title=dict(x=0, xanchor="left", yref="container", y=1, yanchor="top", pad=dict(t=12), font=dict(size=16)),
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        colorway=[STREAM_COLOURS[s] for s in ("pledges", "practices", "gcm_talks", "submissions", "all")],
        margin=dict(l=10, r=10, t=100, b=10),
        xaxis=dict(gridcolor="#e6e6e6", zeroline=False, automargin=True),
        yaxis=dict(gridcolor="#e6e6e6", zeroline=False, automargin=True),
        # Legends sit between the title and the plot, where they never collide with axis titles.
        legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0, xanchor="left", title_text=""),
        hoverlabel=dict(font_family=FONT, bgcolor="#ffffff"),
    )
)
pio.templates["gcm"] = TEMPLATE
# Class codes drawn on heatmaps and maps: the seven classes, then a grey step for non-interpretable cells.
GREYED_CODE = len(CLASS_STEPS)
CLASS_SCALE = stepped_colourscale([CLASS_COLOURS[c] for c in CLASS_STEPS] + [GREYED])


def _layout(fig: go.Figure, title: str, height: int | None = None) -> go.Figure:
    fig.update_layout(template="gcm", title_text=title)
    if height:
        fig.update_layout(height=height)
    return fig


def objective_axis_label(objective_id: int, short_title: str) -> str:
    return f"{int(objective_id)} · {short_title}"


def _objective_by_geography(frame: pd.DataFrame, geo_column: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """A copy with `geo_name` and `objective` axis labels, the objectives in 1..23 order, geographies by name."""
    frame = frame.copy()
    frame["geo_name"] = frame[geo_column]
    frame["objective"] = [objective_axis_label(o, s) for o, s in zip(frame["objective_id"], frame["short_title"],
                                                                    strict=True)]
    return frame, _objective_order(frame), sorted(frame["geo_name"].unique(), key=str.casefold)


def _objective_order(frame: pd.DataFrame) -> list[str]:
    """Objective labels in 1..23 order (a heatmap lists them top to bottom)."""
    pairs = frame[["objective_id", "short_title"]].drop_duplicates().sort_values("objective_id")
    return [objective_axis_label(o, s) for o, s in zip(pairs["objective_id"], pairs["short_title"], strict=True)]


def _class_code(category: str, interpretable) -> int:
    return GREYED_CODE if is_greyed(interpretable) else CLASS_CODE[category]


def stream_bars(frame: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars: units per round, one bar per stream. Columns: stream, round_id, units."""
    fig = go.Figure()
    for stream, rows in frame.groupby("stream", sort=False):
        fig.add_bar(
            x=[t("rounds.short", r=r) for r in rows["round_id"]], y=rows["units"], name=t(f"stream.{stream}"),
            marker_color=STREAM_COLOURS.get(stream, "#4d4d4d"), text=[f"{v:,}" for v in rows["units"]],
            textposition="outside", cliponaxis=False,
            hovertemplate="%{fullData.name}, %{x}: %{y:,} " + t("units.units") + "<extra></extra>",
        )
    fig.update_layout(barmode="group", yaxis_title=t("axis.units"), xaxis_title=t("axis.round"))
    return _layout(fig, title, height=380)


def class_share_bars(frame: pd.DataFrame, title: str, open_pairs=frozenset()) -> go.Figure:
    """One 100 % stacked bar per round pair. Columns: round_from, round_to, category, cells, total, share.

    A pair whose later round is still open says so on its label: its counts are still arriving.
    """
    frame = frame.copy()
    frame["pair"] = [t("rounds.pair_short_open" if (a, b) in open_pairs else "rounds.pair_short", a=a, b=b)
                     for a, b in zip(frame["round_from"], frame["round_to"], strict=True)]
    fig = go.Figure()
    for category in ("substantial_progress", "moderate_progress", "stagnation", "moderate_regression",
                     "substantial_regression", "insufficient_data", "not_assessable"):
        rows = frame[frame["category"] == category]
        words = f"{CLASS_SYMBOLS[category]} {t(f'class.{category}')}"
        fig.add_bar(
            y=rows["pair"], x=rows["share"] * 100, orientation="h", name=words,
            marker=dict(color=CLASS_COLOURS[category], line=dict(color="#8c8c8c", width=0.6)),
            text=[f"{s * 100:.0f}\u00a0%" if s >= 0.05 else "" for s in rows["share"]], textposition="inside",
            insidetextanchor="middle", customdata=rows[["cells", "total"]].to_numpy(),
            hovertemplate=words + ": %{x:.1f} % (%{customdata[0]:,} / %{customdata[1]:,})<extra></extra>",
        )
    # Seven legend entries wrap to several rows: below the bars they cannot cover the title.
    fig.update_layout(barmode="stack", xaxis=dict(title="", range=[0, 100.5], ticksuffix=" %"),
                      yaxis=dict(title="", autorange="reversed"),
                      legend=dict(traceorder="normal", yanchor="top", y=-0.12), margin=dict(t=60, b=20))
    return _layout(fig, title, height=260 + 55 * frame["pair"].nunique())


def class_heatmap(frame: pd.DataFrame, title: str, geo_column: str = "geo_name") -> go.Figure:
    """Objective × geography, coloured by class with its symbol as text.

    Columns: objective_id, short_title, geo_name, category, confidence, n_from, n_to, is_interpretable;
    `geo_column` names the column whose values label the geographies (short ids suit the commissions).
    """
    frame, objectives, geos = _objective_by_geography(frame, geo_column)
    frame["code"] = [_class_code(c, i) for c, i in zip(frame["category"], frame["is_interpretable"], strict=True)]
    frame["symbol"] = [CLASS_SYMBOLS[c] for c in frame["category"]]
    frame["words"] = [t(f"class.{c}") + (f" ({t(f'confidence.{k}')})" if isinstance(k, str) else "")
                      + (f" · {t('class.not_interpretable')}" if is_greyed(i) else "")
                      for c, k, i in zip(frame["category"], frame["confidence"], frame["is_interpretable"],
                                         strict=True)]
    grid = frame.pivot(index="objective", columns="geo_name", values="code").reindex(index=objectives, columns=geos)
    text = frame.pivot(index="objective", columns="geo_name", values="symbol").reindex(index=objectives,
                                                                                       columns=geos)
    custom = frame.assign(counts=[f"{a:,} → {b:,}" for a, b in zip(frame["n_from"], frame["n_to"], strict=True)])
    words = custom.pivot(index="objective", columns="geo_name", values="words").reindex(index=objectives,
                                                                                        columns=geos)
    counts = custom.pivot(index="objective", columns="geo_name", values="counts").reindex(index=objectives,
                                                                                          columns=geos)
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype=float), x=geos, y=objectives, text=text.fillna("").to_numpy(),
        texttemplate="%{text}", textfont=dict(size=12), zmin=-0.5, zmax=GREYED_CODE + 0.5,
        colorscale=CLASS_SCALE, showscale=False, xgap=1, ygap=1,
        customdata=np.dstack([words.fillna("").to_numpy(), counts.fillna("").to_numpy()]),
        hovertemplate="%{y}<br>%{x}<br>%{customdata[0]}<br>" + t("hover.counts") + " %{customdata[1]}<extra></extra>",
    ))
    fig.update_layout(xaxis=dict(side="top", tickangle=-40, title=""), yaxis=dict(autorange="reversed", title=""),
                      margin=dict(t=_top_margin(geos)))
    return _layout(fig, title, height=max(220, 26 * len(objectives) + _top_margin(geos) + 40))


def _top_margin(labels: list[str]) -> int:
    """Room above a heatmap for its title and the slanted geography names."""
    return 70 + int(0.65 * 7 * max((len(str(v)) for v in labels), default=0))


def count_steps_colorbar() -> dict:
    labels = []
    for i, low in enumerate(COUNT_BINS):
        high = COUNT_BINS[i + 1] - 1 if i + 1 < len(COUNT_BINS) else None
        labels.append(str(low) if high == low else (f"{low}–{high}" if high is not None else f"{low}+"))
    return dict(tickvals=list(range(len(labels))), ticktext=labels, thickness=12, len=0.8, outlinewidth=0,
                title=dict(text=t("axis.units_short")))


def country_heatmap(counts: pd.DataFrame, classes: pd.DataFrame, title: str) -> go.Figure:
    """One country: units per objective × round (left) and the class of each round pair (right).

    counts: objective_id, short_title, round_id, count. classes: objective_id, round_from, round_to, category,
    confidence, n_from, n_to, is_interpretable.
    """
    objectives = _objective_order(counts)
    rounds = sorted(counts["round_id"].unique())
    round_names = [t("rounds.short", r=r) for r in rounds]
    pivot = counts.pivot(index="objective_id", columns="round_id", values="count").sort_index()
    z = [[count_bin(v) for v in row] for row in pivot.to_numpy()]
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, column_widths=[0.62, 0.38], horizontal_spacing=0.03)
    fig.add_trace(go.Heatmap(
        z=z, x=round_names, y=objectives, text=[[f"{int(v):,}" for v in row] for row in pivot.to_numpy()],
        texttemplate="%{text}", zmin=-0.5, zmax=len(COUNT_BINS) - 0.5, colorscale=stepped_colourscale(COUNT_COLOURS),
        showscale=False, xgap=1, ygap=1, hovertemplate="%{y}<br>%{x}: %{text} " + t("units.units") + "<extra></extra>",
    ), row=1, col=1)
    if not classes.empty:
        classes = classes.sort_values(["round_from", "objective_id"])
        pairs = [t("rounds.pair_short", a=a, b=b) for a, b in classes[["round_from", "round_to"]].drop_duplicates()
                 .itertuples(index=False)]
        cz, ct, ch = [], [], []
        for objective_id in pivot.index:
            mine = classes[classes["objective_id"] == objective_id]
            cz.append([_class_code(r.category, r.is_interpretable) for r in mine.itertuples()])
            ct.append([CLASS_SYMBOLS[r.category] for r in mine.itertuples()])
            ch.append([f"{t(f'class.{r.category}')}"
                       + (f" ({t(f'confidence.{r.confidence}')})" if isinstance(r.confidence, str) else "")
                       + f"<br>{t('hover.counts')} {r.n_from:,} → {r.n_to:,}" for r in mine.itertuples()])
        fig.add_trace(go.Heatmap(
            z=cz, x=pairs, y=objectives, text=ct, customdata=ch, texttemplate="%{text}", zmin=-0.5,
            zmax=GREYED_CODE + 0.5, colorscale=CLASS_SCALE, showscale=False, xgap=1, ygap=1,
            hovertemplate="%{y}<br>%{x}<br>%{customdata}<extra></extra>",
        ), row=1, col=2)
    fig.update_yaxes(autorange="reversed", ticks="")
    fig.update_xaxes(side="top")
    return _layout(fig, title, height=max(360, 26 * len(objectives) + 200))


def country_vs_median(frame: pd.DataFrame, title: str) -> go.Figure:
    """Small multiples, one per objective: the country's units per round beside its sub-region median.

    Columns: objective_id, short_title, round_id, series, value (series is the country or the median label).
    """
    objectives = _objective_order(frame)
    cols = min(6, max(1, len(objectives)))
    rows_n = -(-len(objectives) // cols)
    titles = [label if len(label) <= 24 else label[:23] + "…" for label in objectives]
    fig = make_subplots(rows=rows_n, cols=cols, shared_xaxes=True, subplot_titles=titles,
                        vertical_spacing=min(0.12, 0.5 / max(rows_n, 1)), horizontal_spacing=0.04)
    series_names = list(dict.fromkeys(frame["series"]))
    styles = {name: dict(color="#2d2d2d", width=2.5) if i == 0 else dict(color="#8c8c8c", width=1.8, dash="dot")
              for i, name in enumerate(series_names)}
    for k, label in enumerate(objectives):
        objective_id = int(label.split(" · ")[0])
        mine = frame[frame["objective_id"] == objective_id]
        for name in series_names:
            rows = mine[mine["series"] == name].sort_values("round_id")
            fig.add_scatter(x=[t("rounds.short", r=r) for r in rows["round_id"]], y=rows["value"], name=name,
                            mode="lines+markers", line=styles[name], legendgroup=name, showlegend=k == 0,
                            hovertemplate=name + ", %{x}: %{y:,.1f}<extra></extra>", row=k // cols + 1,
                            col=k % cols + 1)
    fig.update_annotations(font_size=11)
    fig.update_yaxes(rangemode="tozero")
    # The legend goes below: above, it would cover the first row's titles.
    fig.update_layout(legend=dict(yanchor="top", y=-0.06), margin=dict(t=80, b=40))
    return _layout(fig, title, height=max(300, 170 * rows_n + 140))


def compare_heatmaps(counts: pd.DataFrame, title: str) -> go.Figure:
    """Side-by-side small multiples, one per country (in name order): units per objective × round.

    Columns: name, objective_id, short_title, round_id, count.
    """
    names = sorted(counts["name"].unique(), key=str.casefold)
    objectives = _objective_order(counts)
    fig = make_subplots(rows=1, cols=len(names), shared_yaxes=True, subplot_titles=names,
                        horizontal_spacing=0.02)
    for k, name in enumerate(names):
        pivot = counts[counts["name"] == name].pivot(index="objective_id", columns="round_id",
                                                     values="count").sort_index()
        fig.add_trace(go.Heatmap(
            z=[[count_bin(v) for v in row] for row in pivot.to_numpy()],
            x=[t("rounds.short", r=r) for r in pivot.columns], y=objectives,
            text=[[f"{int(v):,}" for v in row] for row in pivot.to_numpy()], texttemplate="%{text}",
            zmin=-0.5, zmax=len(COUNT_BINS) - 0.5, colorscale=stepped_colourscale(COUNT_COLOURS),
            showscale=k == len(names) - 1, colorbar=count_steps_colorbar(), xgap=1, ygap=1,
            hovertemplate=name + "<br>%{y}<br>%{x}: %{text} " + t("units.units") + "<extra></extra>",
        ), row=1, col=k + 1)
    fig.update_yaxes(autorange="reversed", ticks="")
    return _layout(fig, title, height=max(360, 26 * len(objectives) + 200))


def choropleth(frame: pd.DataFrame, measure: str, title: str) -> go.Figure:
    """Countries by a stepped measure. measure "count": columns iso3, name, units; "class": iso3, name, category,
    confidence, n_from, n_to, is_interpretable."""
    if measure == "class":
        z = [_class_code(c, i) for c, i in zip(frame["category"], frame["is_interpretable"], strict=True)]
        hover = [f"{CLASS_SYMBOLS[c]} {t(f'class.{c}')}"
                 + (f" ({t(f'confidence.{k}')})" if isinstance(k, str) else "")
                 + f"<br>{t('hover.counts')} {a:,} → {b:,}"
                 for c, k, a, b in zip(frame["category"], frame["confidence"], frame["n_from"], frame["n_to"],
                                       strict=True)]
        scale, zmax, colorbar = CLASS_SCALE, GREYED_CODE + 0.5, None
    else:
        z = [count_bin(v) for v in frame["units"]]
        hover = [f"{int(v):,} {t('units.units')}" for v in frame["units"]]
        scale, zmax, colorbar = stepped_colourscale(COUNT_COLOURS), len(COUNT_BINS) - 0.5, count_steps_colorbar()
    fig = go.Figure(go.Choropleth(
        locations=frame["iso3"], locationmode="ISO-3", z=z, zmin=-0.5, zmax=zmax, colorscale=scale,
        colorbar=colorbar, showscale=colorbar is not None, text=frame["name"], customdata=hover,
        marker_line_color="#9e9e9e", marker_line_width=0.4, hovertemplate="%{text}<br>%{customdata}<extra></extra>",
    ))
    fig.update_geos(projection_type="natural earth", showframe=False, showcoastlines=False, showland=True,
                    landcolor="#eeeeee", showcountries=False, lataxis_range=[-58, 85])
    fig.update_layout(margin=dict(l=0, r=0, t=60, b=0))
    return _layout(fig, title, height=480)


def coverage_heatmap(frame: pd.DataFrame, title: str, geo_column: str = "geo_name") -> go.Figure:
    """Objective × geography: how many of the four streams report anything (0-4), with the number as text.

    Columns: objective_id, short_title, geo_name, streams_reporting and the four *_count columns.
    """
    frame, objectives, geos = _objective_by_geography(frame, geo_column)
    grid = frame.pivot(index="objective", columns="geo_name", values="streams_reporting").reindex(
        index=objectives, columns=geos)
    frame["detail"] = [" · ".join(f"{t(f'stream.{s}')} {int(getattr(r, f'{s}_count')):,}"
                                  for s in ("pledges", "practices", "gcm_talks", "submissions"))
                       for r in frame.itertuples()]
    detail = frame.pivot(index="objective", columns="geo_name", values="detail").reindex(index=objectives,
                                                                                         columns=geos)
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(dtype=float), x=geos, y=objectives, text=grid.fillna(0).astype(int).to_numpy(),
        texttemplate="%{text}", zmin=-0.5, zmax=4.5, colorscale=stepped_colourscale(COVERAGE_COLOURS),
        colorbar=dict(tickvals=[0, 1, 2, 3, 4], ticktext=["0", "1", "2", "3", "4"], thickness=12, lenmode="pixels",
                      len=160, yanchor="top", y=1, title=dict(text=t("axis.streams_reporting"))),
        customdata=detail.fillna("").to_numpy(), xgap=1, ygap=1,
        hovertemplate="%{y}<br>%{x}<br>%{customdata}<extra></extra>",
    ))
    fig.update_layout(xaxis=dict(side="top", tickangle=-40, title=""), yaxis=dict(autorange="reversed", title=""),
                      margin=dict(t=_top_margin(geos)))
    return _layout(fig, title, height=max(220, 26 * len(objectives) + _top_margin(geos) + 40))
