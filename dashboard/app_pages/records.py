"""Records: search every stream's titles, entities and implementers; one record's detail at its own link."""

import streamlit as st

from dashboard import context, filters
from dashboard.i18n import t
from dashboard.ui import record_sections

ctx = context.get()
record = ctx.filters.record
if record:
    found = record_sections.record_detail(ctx, record)
    st.button(
        t("records.close"),
        key="w_record_close",
        icon=":material/close:",
        on_click=filters.update,
        kwargs={"record": None},
    )
    st.divider()

text = st.text_input(
    t("records.search"),
    key="w_search",
    placeholder=t("records.search_placeholder"),
    help=t("records.search_help"),
)
if text.strip():
    record_sections.search_results(ctx, text)
else:
    st.caption(t("records.search_hint"))
st.divider()
record_sections.followup_overview(ctx)
