"""Larger page sections that several widgets share, kept out of the thin page files."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, components, narrative, queries
from dashboard.context import Context
from dashboard.i18n import t


def principle_names(ctx: Context) -> dict[int, str]:
    frame = ctx.run(queries.principles)
    return dict(zip(frame["principle_id"].astype(int), frame["name"], strict=True))


def objective_view(ctx: Context) -> None:
    """The answer sentence(s), streams by round, classes per sub-region and commission, reasons, records."""
    f = ctx.filters
    levels = ("subregion", "commission", "country") if f.geos else ("subregion", "commission")
    # One query on counts: objective 0 heads the table; the sentences count the objectives themselves.
    counted = components.cells_by_basis(ctx, "count", levels=levels, geos=f.geos)
    cells = counted[counted["objective_id"] != 0]
    if components.collection_is_partial(ctx):  # no class anywhere: say why once, not "fell in 0 of 506"
        st.info(t("overview.no_class_partial"))
    elif len(f.objectives) in (1, 2, 3):
        for objective_id in f.objectives:
            st.markdown(
                "**"
                + narrative.objective_sentence(cells, objective_id, ctx.short_title(objective_id), f.rounds, levels)
                + "**"
            )
    else:
        st.markdown("**" + narrative.groups_sentence(cells, f.rounds, "subregion") + "**")
    if not f.objectives:
        st.caption(t("objectives.all_hint"))
    if components.stream_missing(ctx):
        return

    by_round = ctx.run(queries.activity_by_round, stream=f.stream, objectives=f.objectives, geos=f.geos)
    components.chart(
        ctx,
        charts.stream_bars(by_round, t("objectives.bars_title")),
        by_round,
        view="activity-by-round",
        key="obj-bars",
        url_path="objectives",
        caption=t("note.full_counting_distinct"),
    )

    st.subheader(t("objectives.table_heading", a=f.rounds[0], b=f.rounds[1]))
    # The table lists objective 0 (each record once) first, on the basis chosen; the sentences count the objectives.
    basis = components.basis_switch("w_obj_basis")
    table_cells = counted if basis == "count" else components.cells_by_basis(ctx, basis, levels=levels, geos=f.geos)
    if table_cells.empty:
        components.empty("empty.no_cells")
    else:
        shown = components.class_rows(table_cells)
        components.table(ctx, shown, view="progress", key="obj-cells", url_path="objectives")
    reasons = ctx.run(
        queries.cell_reasons, stream=f.stream, rounds=f.rounds, levels=levels, geos=f.geos, objectives=f.objectives
    )
    if not reasons.empty:
        st.markdown(f"**{t('reasons.heading')}**")
        components.table(ctx, reasons, view="reasons", key="obj-reasons", url_path="objectives")

    st.subheader(t("objectives.list_heading"))
    activity_table(ctx, key="obj-list", stream=f.stream, rounds=f.rounds, objectives=f.objectives, geos=f.geos)


def activity_table(ctx: Context, *, key: str, **filters) -> None:
    """The records behind a view: the first rows, the total, all of them in the downloads. Records that state no
    date are listed too, and the page says how many: they belong to no round, so no chart or class counts them."""
    undated = int(ctx.run(queries.activity_count, **filters)["undated"].iloc[0])
    if undated:
        st.caption(t("records.undated", n=undated))
    if not components.long_table(
        ctx, queries.activity_list, queries.activity_count, view="activities", key=key, url_path="objectives", **filters
    ):
        components.empty("empty.no_activities")


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
    if components.collection_is_partial(ctx):
        st.info(t("overview.no_class_partial"))
    else:
        subject = t(f"objectives.group_subject.{group_kind}", n=group_id)
        sentence = narrative.cells_sentence(cells[cells["geo_level"] == "subregion"], subject, f.rounds, "subregion")
        st.markdown("**" + sentence + "**")
    if not cells.empty:
        shown = components.class_rows(cells.assign(objective_id=None).drop(columns=["objective_id"]))
        components.table(ctx, shown, view="group-classes", key="grp-cells", url_path="objectives")
    st.caption(t("objectives.group_note"))


def principle_view(ctx: Context, name: str) -> None:
    """A guiding principle: its pledges and practices by round, the build's classes per region, the records."""
    f = ctx.filters
    subject = t("objectives.principle_subject", n=f.principle, name=name)
    stream = f.stream if f.stream in ("pledges", "practices") else "all"
    cells = ctx.run(
        queries.group_progress, group_kind="principle", group_id=f.principle, stream=stream, rounds=f.rounds
    )
    if components.collection_is_partial(ctx):
        st.info(t("overview.no_class_partial"))
    else:
        sentence = narrative.cells_sentence(cells[cells["geo_level"] == "subregion"], subject, f.rounds, "subregion")
        st.markdown("**" + sentence + "**")
    st.caption(t("objectives.principle_note"))
    by_round = ctx.run(queries.activity_by_round, objectives=f.objectives, geos=f.geos, principle=f.principle)
    by_round = by_round[by_round["stream"].isin(["pledges", "practices"])]
    components.chart(
        ctx,
        charts.stream_bars(by_round, t("objectives.principle_bars_title", name=name)),
        by_round,
        view="principle-by-round",
        key="gp-bars",
        url_path="objectives",
    )
    st.subheader(t("objectives.principle_table_heading", a=f.rounds[0], b=f.rounds[1]))
    if cells.empty:
        components.empty("empty.no_activities")
    else:
        components.table(
            ctx, components.class_rows(cells), view="principle-classes", key="gp-cells", url_path="objectives"
        )
    st.subheader(t("objectives.list_heading"))
    activity_table(ctx, key="gp-list", rounds=f.rounds, objectives=f.objectives, geos=f.geos, principle=f.principle)


def _sorted(frame: pd.DataFrame, order: str, name_col: str) -> pd.DataFrame:
    """By objective number or by name: never by a score (METHOD.md guard-rail)."""
    keys = ["objective_id", name_col] if order == "objective" else [name_col, "objective_id"]
    return frame.sort_values(keys, key=lambda s: s.str.casefold() if s.name == name_col else s, kind="stable")


def all_pair_classes(ctx: Context, iso3s: list[str]) -> pd.DataFrame:
    """Country cells of every round pair for the chosen stream and objectives."""
    frames = [
        ctx.run(
            queries.progress,
            stream=ctx.filters.stream,
            rounds=pair,
            levels=("country",),
            geos=iso3s,
            objectives=ctx.filters.objectives,
            with_all=True,
        )
        for pair in ctx.choices.round_pairs
    ]
    frames = [frame for frame in frames if not frame.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def country_profile(ctx: Context, iso3: str, order: str) -> None:
    """One country: objective × round with classes, beside its sub-region median; its reasons."""
    f = ctx.filters
    name = ctx.geo_name(iso3)
    counts = ctx.run(queries.country_rounds, iso3s=(iso3,), stream=f.stream, objectives=f.objectives)
    if counts.empty:
        components.empty("empty.no_data")
        return
    classes = all_pair_classes(ctx, [iso3])
    title = t("countries.heat_title", name=name, stream=t(f"stream.{f.stream}"))
    wide = counts.pivot(index=["objective_id", "short_title"], columns="round_id", values="count")
    wide.columns = [t("rounds.short", r=r) for r in wide.columns]
    wide = wide.reset_index()
    components.chart(
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
    components.chart(
        ctx,
        charts.country_vs_median(
            series, t("countries.median_title", name=name, subregion=subregion), 2 if components.is_phone() else 6
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
        components.empty(
            "countries.no_cells",
            names=narrative.join_words([ctx.geo_name(i) for i in iso3s]),
            a=f.rounds[0],
            b=f.rounds[1],
        )
    else:
        shown = components.class_rows(_sorted(cells, order, "geo_name"), drop=("geo_level",))
        components.table(ctx, shown, view="country-classes", key="ctry-cells", url_path="countries")
    reasons = ctx.run(
        queries.cell_reasons, stream=f.stream, rounds=f.rounds, levels=("country",), geos=iso3s, objectives=f.objectives
    )
    st.markdown(f"**{t('reasons.heading')}**")
    if reasons.empty:
        components.empty("reasons.none")
    else:
        components.table(
            ctx, _sorted(reasons, order, "geo_name"), view="reasons", key="ctry-reasons", url_path="countries"
        )


def compare_countries(ctx: Context, iso3s: list[str], order: str) -> None:
    """Two to five countries as side-by-side small multiples (never a ranked bar)."""
    f = ctx.filters
    counts = ctx.run(queries.country_rounds, iso3s=tuple(iso3s), stream=f.stream, objectives=f.objectives)
    if counts.empty:
        components.empty("empty.no_data")
        return
    title = t("countries.compare_title", stream=t(f"stream.{f.stream}"))
    components.chart(
        ctx,
        charts.compare_heatmaps(counts, title),
        _sorted(counts, order, "name"),
        view="country-compare",
        key="ctry-compare",
        url_path="countries",
        caption=t("note.full_counting"),
    )
    class_table(ctx, iso3s, order)
