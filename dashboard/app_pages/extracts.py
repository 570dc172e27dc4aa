"""Extracts: every filter, the filtered rows with a count, and the downloads (view CSV, zip, whole dataset)."""

import streamlit as st

from dashboard import context, db, downloads, queries
from dashboard.i18n import t
from dashboard.l10n import fmt_number
from dashboard.ui import page_frame, summaries, tables, viewdata, widgets
from etl import export, export_records


def activities(ctx: context.Context) -> None:
    """The activity rows: the first thousand on the page, every row in the downloads."""
    f = ctx.filters
    filters_ = dict(stream=f.stream, objectives=f.objectives, geos=f.geos, rounds=f.rounds)
    total = ctx.run(queries.extract_count, **filters_)["rows"].iloc[0]
    records = int(ctx.run(queries.extract_record_count, **filters_)["records"].iloc[0])
    st.metric(t("extracts.row_count"), fmt_number(total))
    if widgets.stream_missing(ctx) or not total:
        widgets.empty("empty.no_data")
        return
    # Rows are not records: a pledge in two countries is two rows of the long file.
    st.caption(t("extracts.rows_are_not_records", rows=fmt_number(total), records=fmt_number(records)))
    # Named as `python -m etl.export` names the same extract, whose file is byte-identical.
    parts = export.extract_name_parts(
        None if f.stream == "all" else f.stream, f.objectives, f.geos, range(f.rounds[0], f.rounds[1] + 1)
    )
    tables.long_table(
        ctx,
        queries.extract,
        queries.extract_count,
        view="activities",
        key="extract-activities",
        url_path="extracts",
        name_parts=parts,
        full_csv=queries.extract_csv,
        **filters_,
    )
    st.markdown(t("extracts.per_record_heading"))
    rows = downloads.Rows(
        records,
        export_records.RECORD_COLUMNS,
        lambda: downloads.csv_bytes(db.fetch(ctx.database, queries.extract_records, **filters_)),
    )
    tables.downloads_row(
        ctx, rows, view="records", key="extract-records", url_path="extracts", name_parts=["records", *parts[1:]]
    )


def main() -> None:
    ctx = context.get()
    f = ctx.filters
    page_frame.coverage_note(ctx)
    left, right = st.columns(2)
    with left:
        view = st.radio(
            t("extracts.view"),
            ["activities", "progress", "coverage"],
            key="w_extract_view",
            format_func=lambda v: t(f"extracts.view.{v}"),
            horizontal=True,
        )
    with right:
        if view != "activities":
            widgets.level_switch(ctx, "w_extract_lvl")
    if f.rounds is None:
        widgets.empty("empty.no_rounds")
        return

    st.markdown(t("extracts.summary_heading"))
    st.markdown("\n".join(f"- {line}" for line in summaries.filter_lines(ctx, view)))
    if view == "activities":
        activities(ctx)
    else:
        if view == "progress":
            cells = viewdata.cells_by_basis(ctx, "count", levels=viewdata.cell_levels(ctx), geos=f.geos)
            rows = tables.with_class_text(cells)
        else:
            rows = ctx.run(queries.coverage, level=f.level, round_id=f.rounds[1], objectives=f.objectives)
        st.metric(t("extracts.row_count"), fmt_number(len(rows)))
        if widgets.stream_missing(ctx) or rows.empty:
            widgets.empty("empty.no_data")
        tables.table(ctx, rows, view=view, key=f"extract-{view}", url_path="extracts")
    st.markdown(f"**{t('extracts.whole_heading')}**")
    st.caption(t("extracts.whole_caption"))
    downloads.dataset_button(
        db.connection(ctx.database), dataset=f.dataset, is_synthetic=ctx.is_synthetic, key="extract-dataset"
    )


main()
