"""Plotly figure builders: DataFrame in, Figure out, one template, objectives always in 1..23 order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

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


def _figure(traces: list[dict], layout: dict, title: str, height: int | None = None) -> go.Figure:
    """The figure, validated once: built piecewise (add_trace, update_layout, make_subplots) plotly re-validates it
    at every step, which cost 10-50 times more (a 23-panel figure took 0.25 s instead of 0.02 s)."""
    layout = {**layout, "template": TEMPLATE, "title_text": title}
    if height:
        layout["height"] = height
    return go.Figure({"data": traces, "layout": layout})


def _subplots(
    rows: int,
    cols: int,
    count: int | None = None,
    *,
    titles=(),
    column_widths=None,
    horizontal_spacing: float = 0.04,
    vertical_spacing: float = 0.0,
    shared_y: bool = False,
    title_size: int = 11,
    **axis,
) -> tuple[dict, list[tuple[str, str]]]:
    """A grid of `count` panels laid out as make_subplots does (row 1 on top), as plain layout entries: axis
    domains, panel titles above each panel; `axis` settings go to every x axis as `x_<key>` and y axis as `y_<key>`.

    Returns the layout entries and each panel's (x, y) axis ids, row by row. Tick labels of the rounds show only on
    the lowest panel of each column, and with `shared_y` the y labels only on the first column.
    """
    count = rows * cols if count is None else count
    widths = column_widths or [1] * cols
    usable = 1 - horizontal_spacing * (cols - 1)
    lefts = [sum(widths[:c]) / sum(widths) * usable + c * horizontal_spacing for c in range(cols)]
    x_domains = [[left, left + widths[c] / sum(widths) * usable] for c, left in enumerate(lefts)]
    tall = (1 - vertical_spacing * (rows - 1)) / rows
    y_domains = [[1 - (r + 1) * tall - r * vertical_spacing, 1 - r * tall - r * vertical_spacing] for r in range(rows)]
    x_extra = {k[2:]: v for k, v in axis.items() if k.startswith("x_")}
    y_extra = {k[2:]: v for k, v in axis.items() if k.startswith("y_")}
    layout, panels, annotations = {}, [], []
    for n in range(count):
        r, c = divmod(n, cols)
        suffix = "" if n == 0 else str(n + 1)
        x_id, y_id = f"x{suffix}", f"y{suffix}"
        lowest = n + cols >= count
        layout[f"xaxis{suffix}"] = {
            "domain": [round(v, 6) for v in x_domains[c]],
            "anchor": y_id,
            "showticklabels": lowest,
            **x_extra,
        }
        layout[f"yaxis{suffix}"] = {"domain": [round(v, 6) for v in y_domains[r]], "anchor": x_id, **y_extra}
        if shared_y and c > 0:
            layout[f"yaxis{suffix}"].update(matches=f"y{'' if r == 0 else r * cols + 1}", showticklabels=False)
        if n < len(titles):
            annotations.append(
                {
                    "text": titles[n],
                    "x": sum(x_domains[c]) / 2,
                    "y": y_domains[r][1],
                    "xref": "paper",
                    "yref": "paper",
                    "xanchor": "center",
                    "yanchor": "bottom",
                    "showarrow": False,
                    "font": {"size": title_size},
                }
            )
        panels.append((x_id, y_id))
    if annotations:
        layout["annotations"] = annotations
    return layout, panels


def objective_axis_label(objective_id: int, short_title: str) -> str:
    return f"{int(objective_id)} · {short_title}"


def _objective_by_geography(frame: pd.DataFrame, geo_column: str) -> tuple[pd.DataFrame, list[str], list[str]]:
    """A copy with `geo_name` and `objective` axis labels, the objectives in 1..23 order, geographies by name."""
    frame = frame.copy()
    frame["geo_name"] = frame[geo_column]
    frame["objective"] = [
        objective_axis_label(o, s) for o, s in zip(frame["objective_id"], frame["short_title"], strict=True)
    ]
    return frame, _objective_order(frame), sorted(frame["geo_name"].unique(), key=str.casefold)


def _objective_order(frame: pd.DataFrame) -> list[str]:
    """Objective labels in 1..23 order (a heatmap lists them top to bottom)."""
    pairs = frame[["objective_id", "short_title"]].drop_duplicates().sort_values("objective_id")
    return [objective_axis_label(o, s) for o, s in zip(pairs["objective_id"], pairs["short_title"], strict=True)]


def _class_code(category: str, interpretable) -> int:
    return GREYED_CODE if is_greyed(interpretable) else CLASS_CODE[category]


def stream_bars(frame: pd.DataFrame, title: str) -> go.Figure:
    """Grouped bars: units per round, one bar per stream. Columns: stream, round_id, units."""
    traces = [
        dict(
            type="bar",
            x=[t("rounds.short", r=r) for r in rows["round_id"]],
            y=rows["units"].to_numpy(),
            name=t(f"stream.{stream}"),
            marker_color=STREAM_COLOURS.get(stream, "#4d4d4d"),
            text=[f"{v:,}" for v in rows["units"]],
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
    return _figure(traces, layout, title, height=380)


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
    for category in (
        "substantial_progress",
        "moderate_progress",
        "stagnation",
        "moderate_regression",
        "substantial_regression",
        "insufficient_data",
        "not_assessable",
    ):
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
                text=[f"{s * 100:.0f}\u00a0%" if s >= 0.05 else "" for s in rows["share"]],
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
    return _figure(traces, layout, title, height=260 + 55 * frame["pair"].nunique())


def class_heatmap(frame: pd.DataFrame, title: str, geo_column: str = "geo_name") -> go.Figure:
    """Objective × geography, coloured by class with its symbol as text.

    Columns: objective_id, short_title, geo_name, category, confidence, n_from, n_to, is_interpretable;
    `geo_column` names the column whose values label the geographies (short ids suit the commissions).
    """
    frame, objectives, geos = _objective_by_geography(frame, geo_column)
    frame["code"] = [_class_code(c, i) for c, i in zip(frame["category"], frame["is_interpretable"], strict=True)]
    frame["symbol"] = [CLASS_SYMBOLS[c] for c in frame["category"]]
    frame["words"] = [
        t(f"class.{c}")
        + (f" ({t(f'confidence.{k}')})" if isinstance(k, str) else "")
        + (f" · {t('class.not_interpretable')}" if is_greyed(i) else "")
        for c, k, i in zip(frame["category"], frame["confidence"], frame["is_interpretable"], strict=True)
    ]
    frame["counts"] = [f"{a:,} → {b:,}" for a, b in zip(frame["n_from"], frame["n_to"], strict=True)]

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
        margin=dict(t=_top_margin(geos)),
    )
    return _figure(traces, layout, title, height=max(220, 26 * len(objectives) + _top_margin(geos) + 40))


def _top_margin(labels: list[str]) -> int:
    """Room above a heatmap for its title and the slanted geography names."""
    return 70 + int(0.65 * 7 * max((len(str(v)) for v in labels), default=0))


def count_steps_colorbar() -> dict:
    labels = []
    for i, low in enumerate(COUNT_BINS):
        high = COUNT_BINS[i + 1] - 1 if i + 1 < len(COUNT_BINS) else None
        labels.append(str(low) if high == low else (f"{low}–{high}" if high is not None else f"{low}+"))
    return dict(
        tickvals=list(range(len(labels))),
        ticktext=labels,
        thickness=12,
        len=0.8,
        outlinewidth=0,
        title=dict(text=t("axis.units_short")),
    )


def country_heatmap(counts: pd.DataFrame, classes: pd.DataFrame, title: str) -> go.Figure:
    """One country: units per objective × round (left) and the class of each round pair (right).

    counts: objective_id, short_title, round_id, count. classes: objective_id, round_from, round_to, category,
    confidence, n_from, n_to, is_interpretable.
    """
    objectives = _objective_order(counts)
    rounds = sorted(counts["round_id"].unique())
    pivot = counts.pivot(index="objective_id", columns="round_id", values="count").sort_index()
    layout, panels = _subplots(
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
            text=[[f"{int(v):,}" for v in row] for row in pivot.to_numpy()],
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
            + f"<br>{t('hover.counts')} {r.n_from:,} → {r.n_to:,}"
            for r in classes.itertuples()
        ]
        cells = classes.assign(
            code=[_class_code(c, i) for c, i in zip(classes["category"], classes["is_interpretable"], strict=True)],
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
    return _figure(traces, layout, title, height=max(360, 26 * len(objectives) + 200))


def country_vs_median(frame: pd.DataFrame, title: str, columns: int = 6) -> go.Figure:
    """Small multiples, one per objective: the country's units per round beside its sub-region median.

    Columns: objective_id, short_title, round_id, series, value (series is the country or the median label).
    `columns`: panels per row (2 on a phone, where six would run their titles together).
    """
    objectives = _objective_order(frame)
    cols = min(columns, max(1, len(objectives)))
    rows_n = -(-len(objectives) // cols)
    titles = [label if len(label) <= 24 else label[:23] + "…" for label in objectives]
    layout, panels = _subplots(
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
    return _figure(traces, layout, title, height=max(300, 170 * rows_n + 140))


def compare_heatmaps(counts: pd.DataFrame, title: str) -> go.Figure:
    """Side-by-side small multiples, one per country (in name order): units per objective × round.

    Columns: name, objective_id, short_title, round_id, count.
    """
    names = sorted(counts["name"].unique(), key=str.casefold)
    objectives = _objective_order(counts)
    layout, panels = _subplots(
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
                text=[[f"{int(v):,}" for v in row] for row in pivot.to_numpy()],
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
    return _figure(traces, layout, title, height=max(360, 26 * len(objectives) + 200))


def choropleth(frame: pd.DataFrame, measure: str, title: str) -> go.Figure:
    """Countries by a stepped measure. measure "count": columns iso3, name, units; "class": iso3, name, category,
    confidence, n_from, n_to, is_interpretable."""
    if measure == "class":
        z = [_class_code(c, i) for c, i in zip(frame["category"], frame["is_interpretable"], strict=True)]
        hover = [
            f"{CLASS_SYMBOLS[c]} {t(f'class.{c}')}"
            + (f" ({t(f'confidence.{k}')})" if isinstance(k, str) else "")
            + f"<br>{t('hover.counts')} {a:,} → {b:,}"
            for c, k, a, b in zip(frame["category"], frame["confidence"], frame["n_from"], frame["n_to"], strict=True)
        ]
        scale, zmax, colorbar = CLASS_SCALE, GREYED_CODE + 0.5, None
    else:
        z = [count_bin(v) for v in frame["units"]]
        hover = [f"{int(v):,} {t('units.units')}" for v in frame["units"]]
        scale, zmax, colorbar = stepped_colourscale(COUNT_COLOURS), len(COUNT_BINS) - 0.5, count_steps_colorbar()
    traces = [
        dict(
            type="choropleth",
            locations=frame["iso3"].tolist(),
            locationmode="ISO-3",
            z=z,
            zmin=-0.5,
            zmax=zmax,
            colorscale=scale,
            showscale=colorbar is not None,
            text=frame["name"].tolist(),
            customdata=hover,
            marker_line_color="#9e9e9e",
            marker_line_width=0.4,
            hovertemplate="%{text}<br>%{customdata}<extra></extra>",
            **({"colorbar": colorbar} if colorbar else {}),
        )
    ]
    layout = dict(
        geo=dict(
            projection_type="natural earth",
            showframe=False,
            showcoastlines=False,
            showland=True,
            landcolor="#eeeeee",
            showcountries=False,
            lataxis_range=[-58, 85],
        ),
        margin=dict(l=0, r=0, t=60, b=0),
    )
    return _figure(traces, layout, title, height=480)


def coverage_heatmap(frame: pd.DataFrame, title: str, geo_column: str = "geo_name") -> go.Figure:
    """Objective × geography: how many of the four streams report anything (0-4), with the number as text.

    Columns: objective_id, short_title, geo_name, streams_reporting and the four *_count columns.
    """
    frame, objectives, geos = _objective_by_geography(frame, geo_column)
    grid = frame.pivot(index="objective", columns="geo_name", values="streams_reporting").reindex(
        index=objectives, columns=geos
    )
    frame["detail"] = [
        " · ".join(
            f"{t(f'stream.{s}')} {int(getattr(r, f'{s}_count')):,}"
            for s in ("pledges", "practices", "gcm_talks", "submissions")
        )
        for r in frame.itertuples()
    ]
    detail = frame.pivot(index="objective", columns="geo_name", values="detail").reindex(index=objectives, columns=geos)
    traces = [
        dict(
            type="heatmap",
            z=grid.to_numpy(dtype=float),
            x=geos,
            y=objectives,
            text=grid.fillna(0).astype(int).to_numpy(),
            texttemplate="%{text}",
            zmin=-0.5,
            zmax=4.5,
            colorscale=stepped_colourscale(COVERAGE_COLOURS),
            colorbar=dict(
                tickvals=[0, 1, 2, 3, 4],
                ticktext=["0", "1", "2", "3", "4"],
                thickness=12,
                lenmode="pixels",
                len=160,
                yanchor="top",
                y=1,
                title=dict(text=t("axis.streams_reporting")),
            ),
            customdata=detail.fillna("").to_numpy(),
            xgap=1,
            ygap=1,
            hovertemplate="%{y}<br>%{x}<br>%{customdata}<extra></extra>",
        )
    ]
    layout = dict(
        xaxis=dict(side="top", tickangle=-40, title_text=""),
        yaxis=dict(autorange="reversed", title_text=""),
        margin=dict(t=_top_margin(geos)),
    )
    return _figure(traces, layout, title, height=max(220, 26 * len(objectives) + _top_margin(geos) + 40))
