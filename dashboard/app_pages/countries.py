"""Countries: one country's profile (answer first), an explicit comparison with up to four others, its brief."""

import streamlit as st

from dashboard import context, filters
from dashboard.i18n import t
from dashboard.ui import country_sections, funding_sections, widgets

ctx = context.get()
f = ctx.filters
chosen = ctx.selected("country")
others = [g for g in f.geos if g not in chosen]
country = chosen[0] if chosen else None
compare = chosen[1:]


def _with_country(value):
    """One country from the single-select: it leads, the comparison keeps the others (never two from one pick)."""
    rest = [c for c in compare if c != value]
    return tuple(others + ([value] if value else []) + (rest if value else []))[: filters.MAX_GEOS]


def _with_compare(values):
    return tuple(others + [country] + [v for v in values if v != country])[: filters.MAX_GEOS]


left, right = st.columns([2, 3])
with left:
    filters.bound(
        st.selectbox,
        "geos",
        "w_country",
        country,
        convert=_with_country,
        label=t("countries.picker"),
        options=ctx.countries(),
        index=None,
        format_func=ctx.geo_label,
        placeholder=t("countries.picker_placeholder"),
        help=t("countries.picker_help"),
    )
with right:
    if country:
        filters.bound(
            st.multiselect,
            "geos",
            "w_compare",
            compare,
            convert=_with_compare,
            label=t("countries.compare"),
            options=[c for c in ctx.countries() if c != country],
            format_func=ctx.geo_label,
            max_selections=max(0, filters.MAX_GEOS - 1 - len(others)),
            placeholder=t("countries.compare_placeholder"),
            help=t("countries.compare_help"),
        )

if not country:
    widgets.empty("countries.none_chosen")
elif f.rounds is None:
    widgets.empty("empty.no_rounds")
elif not widgets.stream_missing(ctx):
    country_sections.brief_button(ctx, country)
    order = st.radio(
        t("countries.order"),
        ["objective", "name"],
        format_func=lambda o: t(f"countries.order.{o}"),
        horizontal=True,
        key="w_ctry_order",
    )
    country_sections.country_profile(ctx, country, order)
    if compare:
        country_sections.compare_countries(ctx, [country, *compare], order)
    funding_sections.funding_section(
        ctx, levels=("country",), geos=[country, *compare], key="ctry-funding", url_path="countries"
    )
