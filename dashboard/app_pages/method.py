"""Method & sources: the method in words with this build's thresholds, cell components, sources, validation."""

import streamlit as st

from dashboard import context, queries, sentences
from dashboard.i18n import current_language, prose, t, tn
from dashboard.ui import page_frame, replay, summaries, tables, viewdata, widgets

ctx = context.get()
f = ctx.filters
config = sentences.method_config(ctx.info.get("method_config"))
page_frame.coverage_note(ctx)


def method_in_words() -> None:
    """The method in words with this build's thresholds, a worked example, the thresholds and the whole document."""
    st.subheader(t("method.words_heading"))
    st.markdown(
        prose(
            "method_words",
            moderate=config.moderate,
            substantial=config.substantial,
            n_min=config.n_min,
            alpha=config.alpha,
            c=config.continuity,
            cap=config.score_cap,
            stag_n=config.robust_stagnation_n,
            short=config.short_window_years,
            version=config.method_version,
        )
    )
    st.markdown(f"**{t('method.example_heading')}** " + sentences.worked_example(config))
    st.markdown(f"**{t('method.thresholds_heading')}**")
    thresholds = summaries.thresholds_table(config)
    st.dataframe(thresholds, hide_index=True, key="method-thresholds", column_config=summaries.headers(thresholds))
    widgets.method_document()


replay.panel(ctx, "method-words", method_in_words)

st.subheader(t("method.components_heading"))
if f.rounds is None:
    widgets.empty("empty.no_rounds")
else:
    cells = viewdata.cells_by_basis(ctx, "count", levels=viewdata.cell_levels(ctx), geos=f.geos)
    st.caption(t("method.components_caption", n=len(cells)))
    if cells.empty:
        widgets.empty("empty.no_cells")
    else:
        tables.table(
            ctx, lambda: tables.with_class_text(cells), view="components", key="method-cells", url_path="method"
        )

st.subheader(t("method.sources_heading"))
sources = ctx.run(queries.sources)
tables.table(ctx, sources, view="sources", key="method-sources", url_path="method")
st.markdown(f"**{t('method.cited_heading')}**")
tables.long_table(
    ctx, queries.cited_pages, queries.cited_page_count, view="cited-pages", key="method-cited", url_path="method"
)

st.subheader(t("method.validation_heading"))
if not tables.long_table(
    ctx,
    queries.validation_report,
    queries.validation_count,
    view="validation",
    key="method-validation",
    url_path="method",
):
    st.success(t("method.validation_none"), icon=":material/check_circle:")


def build_and_names() -> None:
    """The build's facts, and the names the project translated itself (no official UN or Hub name found) in this
    language: said, and listed."""
    st.subheader(t("method.build_heading"))
    build = summaries.build_info_table(ctx.info)
    st.dataframe(build, hide_index=True, key="method-build", column_config=summaries.headers(build))
    st.subheader(t("method.unofficial_heading"))
    unofficial = ctx.run(queries.unofficial_labels)
    mine = unofficial[unofficial["lang"] == current_language()]
    if mine.empty:
        st.caption(t("method.unofficial_none"))
    else:
        st.markdown(tn("method.unofficial_text", len(mine)))
        with st.expander(t("method.unofficial_list")):
            names = mine[["kind", "id", "text", "english"]]
            st.dataframe(names, hide_index=True, key="method-unofficial", column_config=summaries.headers(names))


replay.panel(ctx, "method-build", build_and_names)
