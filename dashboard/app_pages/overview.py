"""Overview: activity per stream and round, the share of cells in each progress class, the 23-objective grid."""

import streamlit as st

from dashboard import charts, context, queries, sentences
from dashboard.i18n import prose, t
from dashboard.l10n import fmt_number
from dashboard.palette import CLASS_STEPS, STREAM_ORDER
from dashboard.ui import (
    chart_panel,
    funding_sections,
    objective_sections,
    page_frame,
    replay,
    tables,
    tiles,
    viewdata,
    widgets,
)


def main() -> None:
    ctx = context.get()
    f = ctx.filters
    st.markdown(t("overview.lead"))
    page_frame.coverage_note(ctx)
    if f.rounds is None:
        widgets.empty("empty.no_rounds")
        return
    a, b = f.rounds

    by_round = ctx.run(queries.activity_by_round, objectives=f.objectives, geos=f.geos)
    coverage = ctx.run(queries.collection_coverage)
    # A round not collected completely is not a round in which little happened: its change reads "found", not "down".
    partial = set(coverage.loc[coverage["completeness"] != "complete", "stream"])

    def metrics() -> None:
        for column, stream in zip(st.columns(len(STREAM_ORDER)), STREAM_ORDER, strict=True):
            rows = by_round[by_round["stream"] == stream].set_index("round_id")["units"]
            n_from, n_to = int(rows.get(a, 0)), int(rows.get(b, 0))
            if stream in partial:
                delta = t("change.found", n=n_from, r=a)
            elif (a, b) in ctx.choices.open_pairs:  # counts still arriving: never "down 178"
                delta = t("change.so_far", n=sentences.number(n_from), a=a, b=b)
            else:
                delta = sentences.change_words(n_from, n_to, a)
            column.metric(
                t("overview.metric_label", stream=t(f"stream.{stream}"), r=b),
                fmt_number(n_to),
                delta=delta,
                delta_color="off",
                delta_arrow="off",
                help=t("overview.metric_help"),
                border=True,
            )

    replay.panel(ctx, "ov-metrics", metrics)

    # The sentence, the class-share bars and the tiles read the same stream and the same stored cells; where no
    # cell of the view has a class, one sentence says why instead of bars and tiles that are all grey.
    def summary():
        shares = ctx.run(queries.class_shares, stream=f.stream, level="subregion", objectives=f.objectives)
        pair = shares[(shares["round_from"] == a) & (shares["round_to"] == b)]
        classed = int(pair[pair["category"].isin(CLASS_STEPS[:5])]["cells"].sum()) if len(pair) else 0
        # One query for the world: objective 0 (its own tile) and the 23 objectives (the grid).
        world = ctx.run(queries.progress, stream=f.stream, rounds=f.rounds, levels=("global",), with_all=True)
        every, cells = world[world["objective_id"] == 0], world[world["objective_id"] != 0]
        classed += int(world["category"].isin(CLASS_STEPS[:5]).sum())
        return shares, classed, every, cells, set(world["label"].dropna())

    # Drawn nothing: the panel keeps the view's numbers, worked out once per data version and view.
    shares, classed, every, cells, labels = replay.panel(ctx, "ov-summary", summary)
    partial_view = viewdata.collection_is_partial(ctx)
    if not classed:
        if partial_view:
            # A partial collection leads with what was found and with what its publishers say exists.
            st.info(t("overview.no_class_partial"))
            # How much of the whole the collection holds: the records found beside the totals publishers stated.
            funding_sections.published_scale(ctx, key="ov-scale")
            totals = ctx.run(queries.published_totals)
            if len(totals):
                st.subheader(t("overview.published_heading"))
                tables.table(ctx, totals, view="published-totals", key="ov-totals")
                st.caption(t("overview.published_caption"))
            st.subheader(t("overview.records_heading"))
            objective_sections.activity_table(ctx, key="ov-records", rounds=(), objectives=f.objectives, geos=f.geos)
        elif (a, b) in ctx.choices.open_pairs:
            st.info(t("overview.no_class_open", b=b))
        elif labels == {"new_mechanism"}:
            st.info(t("overview.no_class_new", stream=t(f"stream.{f.stream}"), a=a))
        else:
            st.info(t("overview.no_class", pair=sentences.round_pair(f.rounds)))
    else:

        def words() -> None:
            st.subheader(t("overview.classes_heading"))
            st.markdown(sentences.share_sentence(shares, f.rounds, "subregion"))
            n_subregions = int((ctx.geographies["geo_level"] == "subregion").sum())
            if note := sentences.silent_note(shares, f.rounds, len(f.objectives) or 23, n_subregions, "subregion"):
                st.caption(note)

        replay.panel(ctx, "ov-classes-words", words)
        title = t("overview.classes_title", stream=t(f"stream.{f.stream}"))
        chart_panel.chart(
            ctx,
            lambda: charts.class_share_bars(shares, title, ctx.choices.open_pairs),
            lambda: shares.assign(**{"class": [sentences.class_label(c) for c in shares["category"]]}),
            view="class-shares",
            key="ov-shares",
            caption=t("overview.classes_caption"),
        )

    st.subheader(t("overview.activity_heading"))
    shown = by_round if f.stream == "all" else by_round[by_round["stream"] == f.stream]
    if not widgets.stream_missing(ctx):
        chart_panel.chart(
            ctx,
            lambda: charts.stream_bars(shown, t("overview.activity_title", dataset=f.dataset)),
            shown,
            view="activity-by-round",
            key="ov-activity",
            caption=t("note.full_counting_distinct"),
        )

    if not partial_view:  # a complete (or synthetic) dataset: its published totals, for scale, after its figures
        funding_sections.published_scale(ctx, key="ov-scale")

    if classed:
        if len(every):
            st.subheader(t("overview.all_objectives_heading", a=a, b=b, stream=t(f"stream.{f.stream}")))
            tiles.objective_tiles(ctx, every)
        st.subheader(t("overview.grid_heading", a=a, b=b, stream=t(f"stream.{f.stream}")))
        columns = ["objective_id", "roundtable_id", "roundtable_title"]
        tiles.objective_grid(ctx, lambda: cells.merge(ctx.objectives[columns], on="objective_id"))
        st.caption(t("overview.grid_caption"))
    with st.expander(t("overview.how_to_read"), icon=":material/help:"):
        st.markdown(prose("overview_how_to_read"))


main()
