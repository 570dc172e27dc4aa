"""Countries page sections: one country's profile beside its sub-region median; up to five side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, queries, sentences
from dashboard.context import Context
from dashboard.i18n import t
from dashboard.ui import chart_panel, tables, viewdata, widgets


def _sorted(frame: pd.DataFrame, order: str, name_col: str) -> pd.DataFrame:
    """By objective number or by name: never by a score (METHOD.md guard-rail)."""
    keys = ["objective_id", name_col] if order == "objective" else [name_col, "objective_id"]
    return frame.sort_values(keys, key=lambda s: s.str.casefold() if s.name == name_col else s, kind="stable")


def country_profile(ctx: Context, iso3: str, order: str) -> None:
    """One country: objective × round with classes, beside its sub-region median; its reasons."""
    f = ctx.filters
    name = ctx.geo_name(iso3)
    counts = ctx.run(queries.country_rounds, iso3s=(iso3,), stream=f.stream, objectives=f.objectives)
    if counts.empty:
        widgets.empty("empty.no_data")
        return
    classes = viewdata.all_pair_classes(ctx, [iso3])
    title = t("countries.heat_title", name=name, stream=t(f"stream.{f.stream}"))
    wide = counts.pivot(index=["objective_id", "short_title"], columns="round_id", values="count")
    wide.columns = [t("rounds.short", r=r) for r in wide.columns]
    wide = wide.reset_index()
    chart_panel.chart(
        ctx,
        charts.country_heatmap(counts, classes, title),
        wide,
        view="country-rounds",
        key="ctry-heat",
        url_path="countries",
        caption=t("note.full_counting"),
        legend=True,
    )

    subregion = str(counts["subregion"].iloc[0])
    medians = ctx.run(queries.subregion_medians, subregions=(subregion,), stream=f.stream, objectives=f.objectives)
    series = pd.concat(
        [
            counts.assign(series=name, value=counts["count"].astype(float))[
                ["objective_id", "short_title", "round_id", "series", "value"]
            ],
            medians.merge(ctx.objectives[["objective_id", "short_title"]], on="objective_id").assign(
                series=t("countries.median_series", subregion=subregion), value=medians["median"]
            )[["objective_id", "short_title", "round_id", "series", "value"]],
        ],
        ignore_index=True,
    )
    chart_panel.chart(
        ctx,
        charts.country_vs_median(
            series, t("countries.median_title", name=name, subregion=subregion), 2 if widgets.is_phone() else 6
        ),
        series,
        view="country-vs-median",
        key="ctry-median",
        url_path="countries",
        caption=t(
            "countries.median_caption", n=int(medians["countries"].max() if len(medians) else 0), subregion=subregion
        ),
    )
    class_table(ctx, [iso3], order)


def class_table(ctx: Context, iso3s: list[str], order: str) -> None:
    """Classes of the current round pair with counts, confidence and the reasons recorded for them."""
    f = ctx.filters
    st.subheader(t("countries.classes_heading", a=f.rounds[0], b=f.rounds[1]))
    cells = ctx.run(
        queries.progress,
        stream=f.stream,
        rounds=f.rounds,
        levels=("country",),
        geos=iso3s,
        objectives=f.objectives,
        with_all=True,
    )
    if cells.empty:
        widgets.empty(
            "countries.no_cells",
            names=sentences.join_words([ctx.geo_name(i) for i in iso3s]),
            a=f.rounds[0],
            b=f.rounds[1],
        )
    else:
        shown = tables.class_rows(_sorted(cells, order, "geo_name"), drop=("geo_level",))
        tables.table(ctx, shown, view="country-classes", key="ctry-cells", url_path="countries")
    reasons = ctx.run(
        queries.cell_reasons, stream=f.stream, rounds=f.rounds, levels=("country",), geos=iso3s, objectives=f.objectives
    )
    st.markdown(f"**{t('reasons.heading')}**")
    if reasons.empty:
        widgets.empty("reasons.none")
    else:
        tables.table(ctx, _sorted(reasons, order, "geo_name"), view="reasons", key="ctry-reasons", url_path="countries")


def compare_countries(ctx: Context, iso3s: list[str], order: str) -> None:
    """Two to five countries as side-by-side small multiples (never a ranked bar)."""
    f = ctx.filters
    counts = ctx.run(queries.country_rounds, iso3s=tuple(iso3s), stream=f.stream, objectives=f.objectives)
    if counts.empty:
        widgets.empty("empty.no_data")
        return
    title = t("countries.compare_title", stream=t(f"stream.{f.stream}"))
    chart_panel.chart(
        ctx,
        charts.compare_heatmaps(counts, title),
        _sorted(counts, order, "name"),
        view="country-compare",
        key="ctry-compare",
        url_path="countries",
        caption=t("note.full_counting"),
    )
    class_table(ctx, iso3s, order)
