"""Method & sources: the method in words with this build's thresholds, cell components, sources, validation."""

import streamlit as st

from dashboard import components, context, narrative, queries
from dashboard.i18n import t

ctx = context.get()
f = ctx.filters
config = narrative.method_config(ctx.info.get("method_config"))
components.coverage_note(ctx)

st.subheader(t("method.words_heading"))
st.markdown(
    t(
        "method.words",
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
st.markdown(f"**{t('method.example_heading')}** " + narrative.worked_example(config))
st.markdown(f"**{t('method.thresholds_heading')}**")
st.dataframe(components.thresholds_table(config), hide_index=True, key="method-thresholds")

st.subheader(t("method.components_heading"))
if f.rounds is None:
    components.empty("empty.no_rounds")
else:
    cells = components.with_class_text(
        components.cells_by_basis(ctx, "count", levels=components.cell_levels(ctx), geos=f.geos)
    )
    st.caption(t("method.components_caption", n=len(cells)))
    if cells.empty:
        components.empty("empty.no_cells")
    else:
        components.table(ctx, cells, view="components", key="method-cells", url_path="method")

st.subheader(t("method.sources_heading"))
sources = ctx.run(queries.sources)
components.table(ctx, sources, view="sources", key="method-sources", url_path="method")
st.markdown(f"**{t('method.cited_heading')}**")
components.long_table(
    ctx, queries.cited_pages, queries.cited_page_count, view="cited-pages", key="method-cited", url_path="method"
)

st.subheader(t("method.validation_heading"))
if not components.long_table(
    ctx,
    queries.validation_report,
    queries.validation_count,
    view="validation",
    key="method-validation",
    url_path="method",
):
    st.success(t("method.validation_none"), icon=":material/check_circle:")

st.subheader(t("method.build_heading"))
st.dataframe(components.build_info_table(ctx.info), hide_index=True, key="method-build")
