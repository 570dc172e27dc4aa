"""Funding sections: USD approved per round beside the MPTF programme counts, the thematic areas, published totals."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, queries
from dashboard.context import Context
from dashboard.i18n import t
from dashboard.l10n import fmt_number
from dashboard.ui import chart_panel, replay, tables, widgets

# The table twin of a funding chart: programme words, not the generic "records".
_RENAMED = {"records": "programmes", "records_with_amount": "programmes_with_budget", "amount_usd": "budget_usd"}


def shows_funding(ctx: Context) -> bool:
    """Budgets belong to the MPTF stream: shown for it and for all streams, not beside pledges alone."""
    return ctx.filters.stream in ("all", queries.FUNDED_STREAM)


def _config(frame: pd.DataFrame) -> dict:
    """Counts and dollars as localised numbers (the generic table config would show a dollar sum as text)."""
    config = tables.column_config(frame)
    labels = {
        "programmes": t("col.programmes"),
        "programmes_with_budget": t("col.programmes_with_budget"),
        "budget_usd": t("col.budget_usd"),
    }
    for column, label in labels.items():
        if column in frame:
            config[column] = st.column_config.NumberColumn(label, format="localized")
    return config


def _stated_line(ctx: Context, objectives, geos) -> bool:
    """ "Programmes with a stated budget: k of n" where some budgets are missing, and the undated ones; False when
    the view holds no programme at all."""
    counted = ctx.run(queries.budget_count, objectives=objectives, geos=geos).iloc[0]
    n, k, undated = int(counted["records"]), int(counted["records_with_amount"]), int(counted["undated"])
    if not n:
        widgets.empty("funding.none")
        return False
    if k < n:
        st.markdown(t("funding.stated", k=fmt_number(k), n=fmt_number(n)))
    if undated:
        st.caption(t("funding.undated", n=fmt_number(undated)))
    return True


def _labels(places: list[str], objectives: list[str], by: str) -> list[str]:
    """What tells a bar (or series) from the others: its geography, its objective, or both where both vary."""
    several_places, several_objectives = len(set(places)) > 1, len(set(objectives)) > 1
    if by == "geo":
        return [f"{p} · {o}" if several_objectives else p for p, o in zip(places, objectives, strict=True)]
    if several_places and several_objectives:
        return [f"{p} · {o}" for p, o in zip(places, objectives, strict=True)]
    return places if several_places else objectives


def funding_section(
    ctx: Context, *, levels=("global",), geos=(), by: str = "round", key: str, url_path: str = ""
) -> None:
    """USD approved per round for the view's objectives and geographies (funding_cells), with its table twin.
    `by="round"`: bars along the rounds, one series per objective or geography; `by="geo"`: bars along the
    geographies, one series per round."""
    if not shows_funding(ctx):
        return
    f = ctx.filters
    # The section's place in the view is part of its key: the same key may serve other levels or geographies.
    where = f"{key}:{levels!r}:{geos!r}:{by}"

    def head():
        st.subheader(t("funding.heading"))
        if not _stated_line(ctx, f.objectives, geos):
            return None
        cells = ctx.run(queries.funding_by_round, objectives=f.objectives, levels=levels, geos=geos)
        if cells.empty:
            widgets.empty("funding.no_round")
            return None
        return _framed(ctx, tables.localise(cells), levels, by)

    framed = replay.panel(ctx, f"{where}:head", head)
    if framed is None:
        return
    bars, title, table = framed
    chart_panel.chart(
        ctx,
        lambda: charts.usd_bars(bars, title, "x", "series"),
        table,
        view="funding-by-round",
        key=key,
        url_path=url_path,
        column_config=_config(table),
        caption=t("funding.caption"),
    )


def _framed(ctx: Context, cells: pd.DataFrame, levels, by: str) -> tuple[pd.DataFrame, str, pd.DataFrame]:
    """The bars' frame (x and series), the title and the table twin of funding cells."""
    rounds = [t("rounds.short", r=r) for r in cells["round_id"]]
    objective = [ctx.objective_label(o) if o else t("funding.all_objectives") for o in cells["objective_id"]]
    place = (cells["geo_id"] if levels == ("commission",) else cells["geo_name"]).astype(str).tolist()
    labels = _labels(place, objective, by)
    if by == "geo":
        framed = cells.assign(x=labels, series=rounds)
        title = t("funding.title_geo", level=t(f"level.one.{levels[0]}").lower())
    else:
        framed = cells.assign(x=rounds, series=labels)
        title = t("funding.title")
    columns = ["objective_id", "short_title", "geo_level", "geo_name", "round_id", *_RENAMED]
    return framed, title, cells[columns].rename(columns=_RENAMED)


def thematic_area_section(ctx: Context, *, key: str, url_path: str = "") -> None:
    """MPTF programmes grouped by their own thematic area (the five MPTF areas, then "not stated"): counts and
    USD per round, each programme once."""
    if not shows_funding(ctx):
        return
    st.subheader(t("funding.areas_heading"))
    areas = ctx.run(queries.thematic_areas, geos=ctx.filters.geos)
    if not int(areas["records"].sum()):
        widgets.empty("funding.none")
        return
    label = [
        t("funding.area_not_stated") if pd.isna(a) else t("funding.area_label", n=int(a)) for a in areas["area_id"]
    ]
    framed = areas.assign(x=[t("rounds.short", r=r) for r in areas["round_id"]], series=label)
    # A round with no programme in any area says nothing: only rounds holding programmes are drawn.
    held = framed.groupby("round_id")["records"].transform("sum") > 0
    table = areas.assign(
        thematic_area=[
            f"{x} · {title}" if isinstance(title, str) else x
            for x, title in zip(label, areas["area_title"], strict=True)
        ]
    )
    table = table[["thematic_area", "round_id", *_RENAMED]].rename(columns=_RENAMED)
    chart_panel.chart(
        ctx,
        lambda: charts.usd_bars(framed[held], t("funding.areas_title"), "x", "series"),
        table,
        view="funding-thematic-areas",
        key=key,
        url_path=url_path,
        column_config=_config(table),
        caption=t("funding.areas_caption"),
    )


def published_scale(ctx: Context, *, key: str) -> None:
    """ "Published totals, for scale": per stream, the records found beside the largest total its publishers
    stated, with the source; every such total in a table below."""
    scale = ctx.run(queries.published_scale)
    if scale.empty:
        return

    def draw() -> None:
        st.subheader(t("scale.heading"))
        lines = []
        for _, row in scale.drop_duplicates("stream").iterrows():
            words = {
                "found": fmt_number(int(row["records"])),
                "total": fmt_number(int(row["published_count"])),
                "stream": t(f"stream.{row['stream']}"),
            }
            found = t("scale.line_approx", **words) if bool(row["is_approximate"]) else t("scale.line", **words)
            source = t("scale.source", metric=row["metric"], as_of=row["as_of"], url=row["source_url"])
            lines.append(f"- {found}: {source}")
        st.markdown("\n".join(lines))
        st.caption(t("scale.caption") + (" " + t("scale.synthetic") if ctx.is_synthetic else ""))

    replay.panel(ctx, f"{key}-lines", draw)
    with st.expander(t("scale.all_totals")):
        shown = scale[["stream", "records", "published_count", "published_value", "metric", "as_of", "source_url"]]
        tables.table(ctx, shown, view="published-scale", key=key)
