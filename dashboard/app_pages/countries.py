"""Countries: one country's activity by objective and round beside its sub-region median; compare up to five."""

import streamlit as st

from dashboard import context, filters
from dashboard.i18n import t
from dashboard.ui import country_sections, funding_sections, widgets

ctx = context.get()
f = ctx.filters
chosen = ctx.selected("country")
others = [g for g in f.geos if g not in chosen]
filters.bound(
    st.multiselect,
    "geos",
    "w_countries",
    chosen,
    convert=lambda v: tuple(others + list(v))[: filters.MAX_GEOS],
    label=t("countries.picker"),
    options=ctx.countries(),
    format_func=ctx.geo_label,
    max_selections=filters.MAX_GEOS,
    placeholder=t("countries.picker_placeholder"),
    help=t("countries.picker_help"),
)
order = st.radio(
    t("countries.order"),
    ["objective", "name"],
    format_func=lambda o: t(f"countries.order.{o}"),
    horizontal=True,
    key="w_ctry_order",
)

if not chosen:
    widgets.empty("countries.none_chosen")
elif f.rounds is None:
    widgets.empty("empty.no_rounds")
elif not widgets.stream_missing(ctx):
    if len(chosen) == 1:
        country_sections.country_profile(ctx, chosen[0], order)
    else:
        country_sections.compare_countries(ctx, chosen, order)
    funding_sections.funding_section(ctx, levels=("country",), geos=chosen, key="ctry-funding", url_path="countries")
