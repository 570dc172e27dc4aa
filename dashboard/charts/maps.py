"""Maps: countries coloured by a stepped count or by their progress class."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts.base import (
    CLASS_SCALE,
    GREYED_CODE,
    class_code,
    count_steps_colorbar,
    figure,
)
from dashboard.i18n import t
from dashboard.l10n import fmt_number
from dashboard.palette import (
    CLASS_SYMBOLS,
    COUNT_BINS,
    COUNT_COLOURS,
    count_bin,
    stepped_colourscale,
)


def choropleth(frame: pd.DataFrame, measure: str, title: str) -> go.Figure:
    """Countries by a stepped measure. measure "count": columns iso3, name, units; "class": iso3, name, category,
    confidence, n_from, n_to, is_interpretable."""
    if measure == "class":
        z = [class_code(c, i) for c, i in zip(frame["category"], frame["is_interpretable"], strict=True)]
        hover = [
            f"{CLASS_SYMBOLS[c]} {t(f'class.{c}')}"
            + (f" ({t(f'confidence.{k}')})" if isinstance(k, str) else "")
            + f"<br>{t('hover.counts')} {fmt_number(a)} → {fmt_number(b)}"
            for c, k, a, b in zip(frame["category"], frame["confidence"], frame["n_from"], frame["n_to"], strict=True)
        ]
        scale, zmax, colorbar = CLASS_SCALE, GREYED_CODE + 0.5, None
    else:
        z = [count_bin(v) for v in frame["units"]]
        hover = [f"{fmt_number(int(v))} {t('units.units')}" for v in frame["units"]]
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
    return figure(traces, layout, title, height=480)
