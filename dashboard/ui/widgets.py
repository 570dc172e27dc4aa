"""Small Streamlit widgets the pages share: the basis and level switches, empty states, a missing stream."""

from __future__ import annotations

import streamlit as st

from dashboard import filters, queries
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
