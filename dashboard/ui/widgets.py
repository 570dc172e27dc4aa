"""Small Streamlit widgets the pages share: the basis and level switches, empty states, documents, a missing stream."""

from __future__ import annotations

import re

import streamlit as st

from dashboard import filters, i18n, queries
from dashboard.context import Context
from dashboard.i18n import t


def is_phone() -> bool:
    """A phone's browser (its User-Agent says Mobile, iPhone or Android): small multiples then take two columns."""
    agent = (st.context.headers.get("User-Agent") or "") if st.context.headers else ""
    return any(word in agent for word in ("Mobile", "iPhone", "Android"))


BASES = ("count", "share", "breadth")


def basis_switch(key: str) -> str:
    """Count of reported activity, share of all activity, or countries taking part: the three readings of a cell
    that METHOD.md asks to compare before drawing a conclusion."""
    return st.segmented_control(
        t("basis.label"),
        BASES,
        format_func=lambda b: t(f"basis.{b}"),
        default="count",
        required=True,
        key=key,
        help=t("basis.help"),
    )


def empty(message_key: str, **kwargs) -> None:
    st.info(t(message_key, **kwargs), icon=":material/search_off:")


def stream_missing(ctx: Context) -> bool:
    """Explain (and return True) when the chosen stream has no records at all in this dataset."""
    stream = ctx.filters.stream
    if stream == "all":
        return False
    totals = ctx.run(queries.stream_totals)
    row = totals[totals["stream"] == stream]
    if row.empty or int(row["records"].iloc[0]) == 0:
        empty("empty.stream_absent", stream=t(f"stream.{stream}"), dataset=ctx.filters.dataset)
        return True
    return False


def level_switch(ctx: Context, key: str) -> None:
    """Sub-regions or regional commissions: the level tables of cells list (the `lvl` filter, shared by pages)."""
    filters.bound(
        st.segmented_control,
        "level",
        key,
        ctx.filters.level,
        label=t("regions.level"),
        options=list(filters.LEVELS),
        format_func=lambda v: t(f"level.switch.{v}"),
        required=True,
    )


def demote_headings(markdown: str, levels: int = 2) -> str:
    """Markdown with its headings `levels` deeper (a document's `#` title under a page's own headings); lines in
    fenced code blocks are left alone."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and re.match(r"#{1,6} ", line):
            line = "#" * min(levels, 6 - line.index(" ")) + line
        lines.append(line)
    return "\n".join(lines)


def method_document() -> None:
    """The user-facing method document (docs/METHOD.<lang>.md) named and shown in an expander: a reader of the
    deployed dashboard has no repository to open. English, said so, while the language has no translation yet;
    only the line where no document ships at all."""
    doc = i18n.method_document()
    title = t("method.document", path=doc.path)
    if doc.text is None:
        st.caption(title)
        return
    with st.expander(title, icon=":material/description:"):
        if doc.lang != i18n.current_language() and i18n.current_language() in i18n.LANGUAGES:
            st.caption(t("method.document_english", path=doc.path))
        st.markdown(demote_headings(doc.text))
