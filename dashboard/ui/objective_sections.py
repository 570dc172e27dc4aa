"""Objectives page sections: objectives by stream, round and region; a round table or MPTF area; a principle."""

from __future__ import annotations

import streamlit as st

from dashboard import charts, queries, sentences
from dashboard.context import Context
from dashboard.i18n import t
from dashboard.ui import chart_panel, funding_sections, replay, tables, viewdata, widgets
from etl import schema


def objective_view(ctx: Context) -> None:
    """The answer sentence(s), streams by round, classes per sub-region and commission, reasons, records."""
    f = ctx.filters
    levels = ("subregion", "commission", "country") if f.geos else ("subregion", "commission")

    def answer():
        # One query on counts: objective 0 heads the table; the sentences count the objectives themselves.
        counted = viewdata.cells_by_basis(ctx, "count", levels=levels, geos=f.geos)
        cells = counted[counted["objective_id"] != 0]
        if viewdata.collection_is_partial(ctx):  # no class anywhere: say why once, not "fell in 0 of 506"
            st.info(t("overview.no_class_partial"))
        elif len(f.objectives) in (1, 2, 3):
            for objective_id in f.objectives:
                title = ctx.short_title(objective_id)
                st.markdown("**" + sentences.objective_sentence(cells, objective_id, title, f.rounds, levels) + "**")
        else:
            st.markdown("**" + sentences.groups_sentence(cells, f.rounds, "subregion") + "**")
        if not f.objectives:
            st.caption(t("objectives.all_hint"))
        return counted

    counted = replay.panel(ctx, "obj-answer", answer)
    if widgets.stream_missing(ctx):
        return

    by_round = ctx.run(queries.activity_by_round, stream=f.stream, objectives=f.objectives, geos=f.geos)
    chart_panel.chart(
        ctx,
        lambda: charts.stream_bars(by_round, t("objectives.bars_title")),
        by_round,
        view="activity-by-round",
        key="obj-bars",
        url_path="objectives",
        caption=t("note.full_counting_distinct"),
    )
    # The MPTF programmes' budgets beside their counts: per objective chosen (or all, each programme once), for
    # the geographies chosen (or the world).
    levels_chosen = ("country", "subregion", "commission") if f.geos else ("global",)
    funding_sections.funding_section(ctx, levels=levels_chosen, geos=f.geos, key="obj-funding", url_path="objectives")

    st.subheader(t("objectives.table_heading", a=f.rounds[0], b=f.rounds[1]))
    # The table lists objective 0 (each record once) first, on the basis chosen; the sentences count the objectives.
    basis = widgets.basis_switch("w_obj_basis")
    table_cells = counted if basis == "count" else viewdata.cells_by_basis(ctx, basis, levels=levels, geos=f.geos)
    if table_cells.empty:
        widgets.empty("empty.no_cells")
    else:
        tables.table(
            ctx, lambda: tables.class_rows(table_cells), view="progress", key="obj-cells", url_path="objectives"
        )
    reasons = ctx.run(
        queries.cell_reasons, stream=f.stream, rounds=f.rounds, levels=levels, geos=f.geos, objectives=f.objectives
    )
    if not reasons.empty:
        st.markdown(f"**{t('reasons.heading')}**")
        tables.table(ctx, reasons, view="reasons", key="obj-reasons", url_path="objectives")

    st.subheader(t("objectives.list_heading"))
    activity_table(ctx, key="obj-list", stream=f.stream, rounds=f.rounds, objectives=f.objectives, geos=f.geos)


def activity_table(ctx: Context, *, key: str, **filters) -> None:
    """The records behind a view: the first rows, the total, all of them in the downloads. Records that state no
    date are listed too, and the page says how many: they belong to no round, so no chart or class counts them."""
    undated = int(ctx.run(queries.activity_count, **filters)["undated"].iloc[0])
    if undated:
        st.caption(t("records.undated", n=undated))
    if not tables.long_table(
        ctx, queries.activity_list, queries.activity_count, view="activities", key=key, url_path="objectives", **filters
    ):
        widgets.empty("empty.no_activities")


def group_view(ctx: Context, group_kind: str, group_id: int, title: str) -> None:
    """An IMRF round table or MPTF area as one unit: the build's classes per region, each record counted once
    however many of the group's objectives it names (group_cells)."""
    f = ctx.filters
    cells = ctx.run(
        queries.group_progress,
        group_kind=group_kind,
        group_id=group_id,
        stream=f.stream,
        rounds=f.rounds,
        levels=("global", "commission", "subregion"),
    )
    st.subheader(t(f"objectives.group_heading.{group_kind}", n=group_id, title=title, a=f.rounds[0], b=f.rounds[1]))
    if viewdata.collection_is_partial(ctx):
        st.info(t("overview.no_class_partial"))
    else:
        subject = t(f"objectives.group_subject.{group_kind}", n=group_id)
        sentence = sentences.cells_sentence(cells[cells["geo_level"] == "subregion"], subject, f.rounds, "subregion")
        st.markdown("**" + sentence + "**")
    if not cells.empty:
        tables.table(
            ctx,
            lambda: tables.class_rows(cells.assign(objective_id=None).drop(columns=["objective_id"])),
            view="group-classes",
            key="grp-cells",
            url_path="objectives",
        )
    st.caption(t("objectives.group_note"))


def principle_view(ctx: Context, name: str) -> None:
    """A guiding principle: records of the streams that name principles by round, classes per region, the records."""
    f = ctx.filters
    subject = t("objectives.principle_subject", n=f.principle, name=name)
    stream = f.stream if f.stream in queries.PRINCIPLE_STREAMS else schema.COMPOSITE_STREAM
    cells = ctx.run(
        queries.group_progress, group_kind="principle", group_id=f.principle, stream=stream, rounds=f.rounds
    )
    if viewdata.collection_is_partial(ctx):
        st.info(t("overview.no_class_partial"))
    else:
        sentence = sentences.cells_sentence(cells[cells["geo_level"] == "subregion"], subject, f.rounds, "subregion")
        st.markdown("**" + sentence + "**")
    st.caption(t("objectives.principle_note"))
    by_round = ctx.run(queries.activity_by_round, objectives=f.objectives, geos=f.geos, principle=f.principle)
    by_round = by_round[by_round["stream"].isin(queries.PRINCIPLE_STREAMS)]
    chart_panel.chart(
        ctx,
        lambda: charts.stream_bars(by_round, t("objectives.principle_bars_title", name=name)),
        by_round,
        view="principle-by-round",
        key="gp-bars",
        url_path="objectives",
    )
    st.subheader(t("objectives.principle_table_heading", a=f.rounds[0], b=f.rounds[1]))
    if cells.empty:
        widgets.empty("empty.no_activities")
    else:
        tables.table(
            ctx, lambda: tables.class_rows(cells), view="principle-classes", key="gp-cells", url_path="objectives"
        )
    st.subheader(t("objectives.list_heading"))
    activity_table(ctx, key="gp-list", rounds=f.rounds, objectives=f.objectives, geos=f.geos, principle=f.principle)
