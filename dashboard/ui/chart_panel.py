"""A chart beside its table twin: source line, text alternative, image format, class legend and downloads."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from dashboard import l10n
from dashboard.context import Context
from dashboard.i18n import t
from dashboard.palette import CLASS_COLOURS, CLASS_STEPS, CLASS_SYMBOLS, CLASS_TEXT_COLOURS, GREYED
from dashboard.ui import replay, tables

# Map outlines come from this app's own static folder (dashboard/static), not from Plotly's CDN: maps then work
# offline and behind firewalls, and no visitor's browser calls a third party. The path is relative so it also
# works under a base URL path.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "topojsonURL": "app/static/"}


def class_legend() -> None:
    """The class colours with their symbols and words, as text (the heatmaps carry no colour bar)."""
    chips = []
    for category in CLASS_STEPS[::-1][2:] + CLASS_STEPS[5:]:
        chips.append(
            f'<span style="display:inline-block;margin:0 12px 4px 0;white-space:nowrap">'
            f'<span style="display:inline-block;min-width:1.9em;text-align:center;border:1px solid #bdbdbd;'
            f'border-radius:3px;background:{CLASS_COLOURS[category]};color:{CLASS_TEXT_COLOURS[category]}">'
            f"{CLASS_SYMBOLS[category]}</span> {html.escape(t(f'class.{category}'))}</span>"
        )
    chips.append(
        f'<span style="display:inline-block;margin:0 12px 4px 0;white-space:nowrap">'
        f'<span style="display:inline-block;min-width:1.9em;text-align:center;border:1px solid #bdbdbd;'
        f'border-radius:3px;background:{GREYED};color:#ffffff">▲</span> {html.escape(t("class.greyed_short"))}</span>'
    )
    st.markdown('<div style="font-size:0.85em">' + "".join(chips) + "</div>", unsafe_allow_html=True)


def with_source(fig, ctx: Context) -> None:
    """A source line inside the figure, so a saved PNG or SVG carries its context as OWID's charts do: the
    dashboard, the dataset (SYNTHETIC when it is), the data cut-off and the method version."""
    words = dict(
        title=str(ctx.info.get("dataset_title") or ctx.filters.dataset),
        cutoff=ctx.cutoff_text,
        method=ctx.info.get("method_version", ""),
    )
    line = t("chart.source_synthetic", **words) if ctx.is_synthetic else t("chart.source", **words)
    # A subtitle under the title: inside the saved image, and never on an axis title or a legend below the plot.
    fig.update_layout(
        title_subtitle_text=html.escape(line),
        title_subtitle_font={"size": 10, "color": "#4d4d4d"},
        margin_t=(fig.layout.margin.t or 100) + 24,  # room for the subtitle above slanted top labels
    )


def chart(
    ctx: Context,
    fig,
    table,
    *,
    view: str,
    key: str,
    url_path: str = "",
    column_config: dict | None = None,
    caption: str | None = None,
    legend: bool = False,
) -> None:
    """A chart with its table twin and the twin's own downloads (the CSV is exactly the table). `fig` and `table`
    may be callables: they then run only when the panel is drawn, not when it is replayed (ui/replay.py)."""

    def draw() -> pd.DataFrame:
        shown = tables.localise(table() if callable(table) else table)
        figure = fig() if callable(fig) else fig
        with_source(figure, ctx)
        chart_tab, table_tab = st.tabs([t("tabs.chart"), t("tabs.table", n=len(shown))])
        with chart_tab:
            # A text alternative for screen readers: what the chart shows, and where its data are.
            alt = t("chart.alt", title=str(figure.layout.title.text or ""), n=len(shown))
            st.markdown(f'<span class="gcm-sr">{html.escape(alt)}</span>', unsafe_allow_html=True)
            # Plotly's modebar has one image button: its format follows the sidebar's PNG/SVG choice.
            config = dict(
                PLOTLY_CONFIG,
                **l10n.plotly_locale(),  # the modebar's titles and notices in the view's language
                toImageButtonOptions={
                    "format": st.session_state.get("image_format") or "svg",
                    "scale": 2,
                    "filename": "_".join(["gcm", ctx.filters.dataset, view, *ctx.filters.name_parts()])[:120],
                },
            )
            st.plotly_chart(figure, theme=None, config=config, key=f"{key}-fig")
            if legend:
                class_legend()
        with table_tab:
            tables.dataframe(ctx, shown, key=key, column_config=column_config)
        if caption:
            st.caption(caption)
        return shown

    tables.downloads_row(ctx, replay.panel(ctx, key, draw), view=view, key=key, url_path=url_path)
