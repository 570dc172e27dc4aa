"""Regions: objective × geography classes, a choropleth of one measure by country, and the coverage matrix."""

import streamlit as st

from dashboard import charts, context, queries
from dashboard.i18n import t
from dashboard.ui import chart_panel, funding_sections, tables, viewdata, widgets


def main() -> None:
    ctx = context.get()
    f = ctx.filters
    widgets.level_switch(ctx, "w_lvl")
    if f.rounds is None:
        widgets.empty("empty.no_rounds")
        return
    if widgets.stream_missing(ctx):
        return
    a, b = f.rounds
    level_geos = ctx.selected(f.level)
    geo_column = "geo_id" if f.level == "commission" else "geo_name"  # ECA reads better than its full name on an axis

    st.subheader(t(f"regions.heat_heading.{f.level}", a=a, b=b))
    basis = widgets.basis_switch("w_reg_basis")
    cells = viewdata.cells_by_basis(ctx, basis, levels=(f.level,), geos=level_geos)
    if cells.empty:
        widgets.empty("empty.no_cells")
    else:
        title = t(f"regions.heat_title.{basis}", stream=t(f"stream.{f.stream}"), a=a, b=b)
        chart_panel.chart(
            ctx,
            lambda: charts.class_heatmap(cells, title, geo_column),
            lambda: tables.class_rows(cells, drop=("geo_level",)),
            view=f"classes-{f.level}",
            key="reg-heat",
            url_path="regions",
            caption=t("regions.heat_caption"),
            legend=True,
        )

    funding_sections.funding_section(
        ctx, levels=(f.level,), geos=level_geos, by="geo", key="reg-funding", url_path="regions"
    )

    st.subheader(t("regions.map_heading"))
    measures = ["count_to", "count_from", "class"]
    measure = st.radio(
        t("regions.measure"),
        measures,
        horizontal=True,
        key="w_map_measure",
        format_func=lambda m: t(f"regions.measure.{m}", a=a, b=b),
    )
    if measure == "class":
        objective = st.selectbox(
            t("regions.map_objective"),
            list(f.objectives or range(1, 24)),
            format_func=ctx.objective_label,
            key="w_map_obj",
        )
        data = ctx.run(queries.progress, stream=f.stream, rounds=f.rounds, levels=("country",), objectives=(objective,))
        data = data.rename(columns={"geo_id": "iso3", "geo_name": "name"})
        title = t("regions.map_title_class", objective=ctx.objective_label(objective), a=a, b=b)
        columns = ["class", "n_from", "n_to", "name", "iso3", "category", "confidence", "is_interpretable"]

        def table():  # built only when the map panel is drawn (ui/replay.py)
            return tables.with_class_text(data)[columns]

    else:
        round_id = b if measure == "count_to" else a
        data = ctx.run(queries.country_counts, stream=f.stream, round_id=round_id, objectives=f.objectives)
        title = t("regions.map_title_count", stream=t(f"stream.{f.stream}"), r=round_id)
        table = data
    if data.empty:
        widgets.empty("empty.no_data")
    else:
        chart_panel.chart(
            ctx,
            lambda: charts.choropleth(data, "class" if measure == "class" else "count", title),
            table,
            view=f"map-{measure}",
            key="reg-map",
            url_path="regions",
            caption=t("regions.map_caption"),
            legend=measure == "class",
        )

    st.subheader(t("regions.coverage_heading"))
    cov_round = st.selectbox(
        t("regions.coverage_round"), [b, a], format_func=lambda r: t("rounds.short", r=r), key="w_cov_round"
    )
    cov = ctx.run(queries.coverage, level=f.level, round_id=cov_round, objectives=f.objectives)
    if level_geos:
        cov = cov[cov["geo_id"].isin(level_geos)]
    if cov.empty:
        widgets.empty("empty.no_data")
    else:
        chart_panel.chart(
            ctx,
            lambda: charts.coverage_heatmap(cov, t(f"regions.coverage_title.{f.level}", r=cov_round), geo_column),
            cov,
            view=f"coverage-{f.level}",
            key="reg-cov",
            url_path="regions",
            caption=t("regions.coverage_caption"),
        )


main()
