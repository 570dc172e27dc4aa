"""Countries page sections: the answer sentence and stream cards first, then round tables, objectives and records."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from dashboard import brief, charts, queries, sentences
from dashboard.context import Context
from dashboard.i18n import current_language, t
from dashboard.l10n import fmt_number, fmt_percent
from dashboard.ui import chart_panel, member_data, record_sections, replay, tables, viewdata, widgets
from etl import profile, schema
from etl.file_names import file_name
from etl.progress import CLASSES


def _sorted(frame: pd.DataFrame, order: str, name_col: str) -> pd.DataFrame:
    """By objective number or by name: never by a score (METHOD.md guard-rail)."""
    keys = ["objective_id", name_col] if order == "objective" else [name_col, "objective_id"]
    return frame.sort_values(keys, key=lambda s: s.str.casefold() if s.name == name_col else s, kind="stable")


# "→" even in Arabic: the cards' values and the tables are left-to-right islands (l10n.RTL_CSS); inside Arabic text
# two rounds' counts go through l10n.fmt_counts instead ("0 ← 1").
def _arrow(pair: tuple[int, int]) -> str:
    return f"{fmt_number(pair[0])} → {fmt_number(pair[1])}"


def country_profile(ctx: Context, iso3: str, order: str) -> None:
    """One country, answer first: sentence, a card per stream (objective 0), neighbours, round tables, objectives,
    pledge follow-up, records."""
    p = member_data.country_profile(ctx, iso3, limit=tables.SHOWN_ROWS)
    if p is None:
        widgets.empty("empty.no_data")
        return

    def head() -> None:
        places = [(n.key[0], ctx.geo_name(n.key[1]), n.n_from, n.n_to) for n in p.neighbours]
        missing = sentences.no_records_line(p, ctx.geo_name(p.iso3), places)
        if missing:
            st.info(missing, icon=":material/search_off:")
        st.markdown(f"### {sentences.country_sentence(p, ctx.geo_name(p.iso3))}")
        st.caption(t("countries.not_performance"))
        cards(p)

    replay.panel(ctx, f"ctry-head-{iso3}", head)
    neighbours(ctx, p)
    roundtables(ctx, p)
    objectives(ctx, p, order)
    record_sections.pledge_followup(ctx, "w_cat_ctry", iso3=p.iso3, name=ctx.geo_name(p.iso3))
    country_records(ctx, p)


def brief_button(ctx: Context, iso3: str) -> None:
    """The country brief PDF in the view's language, made on click by dashboard.brief (the same file as
    `python -m dashboard.brief --lang ...`); the language is read here, as the click runs outside the session."""
    database, rounds, f = ctx.database, tuple(ctx.filters.rounds), ctx.filters
    lang = current_language()
    try:
        parts = urlsplit(st.context.url or "")
    except Exception:  # no browser context in some test runners
        parts = None
    base = f"{parts.scheme}://{parts.netloc}" if parts and parts.netloc else brief.DEFAULT_BASE_URL
    st.download_button(
        t("countries.brief"),
        data=lambda: member_data.brief_pdf(database, iso3, rounds, base, lang),
        file_name=file_name(f.dataset, ctx.is_synthetic, [iso3, f"r{rounds[0]}-{rounds[1]}", "brief"], "pdf"),
        mime="application/pdf",
        key="w_brief",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        help=t("countries.brief_help"),
    )


def cards(p: profile.Profile) -> None:
    """A card per stream and one for all streams: the counts of the two rounds, and the stored class only where
    the method gives one (otherwise the card says why there is none)."""
    items = [(t(f"stream.{c.stream}"), (c.n_from, c.n_to), c.has_class, sentences.row_class(c)) for c in p.cards]
    overall = p.overall
    items.append(
        (
            t("countries.card_all"),
            (overall.n_from, overall.n_to),
            overall.category in CLASSES,
            sentences.row_class(overall),
        )
    )
    columns = st.columns(len(items))
    for column, (name, pair, has_class, text) in zip(columns, items, strict=True):
        with column.container(border=True):
            st.metric(name, _arrow(pair), help=t("countries.card_help", a=p.rounds[0], b=p.rounds[1]))
            st.caption(f"**{text}**" if has_class else text)


def _title(ctx: Context, kind: str, row) -> str:
    """A group row's title (etl.profile's English one) in the view's language, from the labels table."""
    return ctx.names.name(kind, row.key, row.title) if ctx.names else row.title


def neighbours(ctx: Context, p: profile.Profile) -> None:
    """The sub-region and commissions with reported activity: their objective-0 counts and the country's share."""
    active = [n for n in p.neighbours if n.active]
    if not active:
        return
    own = (p.overall.n_from, p.overall.n_to)
    a, b = p.rounds

    def rows() -> pd.DataFrame:  # built only when the table is drawn (ui/replay.py)
        return pd.DataFrame(
            {
                t("countries.col.geography"): [
                    t("countries.subregion", name=ctx.geo_name(n.key[1]))
                    if n.key[0] == "subregion"
                    else t("countries.commission", name=ctx.names.name("commission_short", n.key[1], n.title))
                    for n in active
                ],
                "n_from": [n.n_from for n in active],
                "n_to": [n.n_to for n in active],
                t("countries.col.share", name=ctx.geo_name(p.iso3)): [
                    " → ".join(fmt_percent(o / m) if m else "–" for o, m in zip(own, (n.n_from, n.n_to), strict=True))
                    for n in active
                ],
                t("countries.col.class"): [sentences.row_class(n) for n in active],
            }
        )

    st.subheader(t("countries.neighbours_heading", a=a, b=b))
    record_sections.table(ctx, rows, view="country-neighbours", key="ctry-neigh", url_path="countries")


def _group_frame(ctx: Context, rows, kind: str, title_label: str) -> pd.DataFrame:
    return pd.DataFrame(
        {
            title_label: [f"{r.key}. {_title(ctx, kind, r)}" for r in rows],
            "n_from": [r.n_from for r in rows],
            "n_to": [r.n_to for r in rows],
            **{t(f"stream.{s}"): [_arrow(r.counts[s]) for r in rows] for s in schema.STREAMS},
            t("countries.col.class"): [sentences.row_class(r) for r in rows],
        }
    )


def roundtables(ctx: Context, p: profile.Profile) -> None:
    st.subheader(t("countries.roundtables_heading", a=p.rounds[0], b=p.rounds[1]))
    label = t("countries.col.roundtable")
    frame = functools.partial(_group_frame, ctx, p.roundtables, "roundtable", label)
    record_sections.table(ctx, frame, view="country-roundtables", key="ctry-rt", url_path="countries")
    st.caption(t("countries.roundtables_note", a=p.rounds[0], b=p.rounds[1]))


def objectives(ctx: Context, p: profile.Profile, order: str) -> None:
    """The objectives with reported activity (heatmap and table, in objective order); the rest collapsed."""
    f = ctx.filters
    st.subheader(t("countries.objectives_heading", a=p.rounds[0], b=p.rounds[1]))
    active = [o for o in p.objectives if o.active]
    idle = [o for o in p.objectives if not o.active]
    if active:
        counts = ctx.run(queries.country_rounds, iso3s=(p.iso3,), stream=f.stream, objectives=f.objectives)
        keep = {0, *(o.key for o in active)}
        counts = counts[counts["objective_id"].isin(keep)]

        def figure():
            classes = viewdata.all_pair_classes(ctx, [p.iso3])
            if not classes.empty:
                classes = classes[classes["objective_id"].isin(keep)]
            title = t("countries.heat_title", name=ctx.geo_name(p.iso3), stream=t(f"stream.{f.stream}"))
            return charts.country_heatmap(counts, classes, title)

        def table() -> pd.DataFrame:
            wide = counts.pivot(index=["objective_id", "short_title"], columns="round_id", values="count")
            wide.columns = [t("rounds.short", r=r) for r in wide.columns]
            return wide.reset_index()

        if not counts.empty:
            chart_panel.chart(
                ctx,
                figure,
                table,
                view="country-rounds",
                key="ctry-heat",
                url_path="countries",
                caption=t("note.full_counting"),
                legend=True,
            )
        frame = functools.partial(_group_frame, ctx, active, "objective", t("countries.col.objective"))
        record_sections.table(ctx, frame, view="country-objectives", key="ctry-obj", url_path="countries")
    line = sentences.inactive_line(p.inactive_count)
    if line:
        with st.expander(line):
            st.markdown("\n".join(f"- {o.key}. {_title(ctx, 'objective', o)}" for o in idle))
    if active:
        class_table(ctx, [p.iso3], order)


def class_table(ctx: Context, iso3s: list[str], order: str) -> None:
    """Classes of the current round pair for the objectives with activity, and the reasons recorded for them."""
    f = ctx.filters
    cells = ctx.run(
        queries.progress,
        stream=f.stream,
        rounds=f.rounds,
        levels=("country",),
        geos=iso3s,
        objectives=f.objectives,
        with_all=True,
    )
    if not cells.empty:
        cells = cells[(cells["n_from"] + cells["n_to"]) > 0]
    st.markdown(f"**{t('countries.classes_heading', a=f.rounds[0], b=f.rounds[1])}**")
    if cells.empty:
        widgets.empty(
            "countries.no_cells",
            names=sentences.join_words([ctx.geo_name(i) for i in iso3s]),
            a=f.rounds[0],
            b=f.rounds[1],
        )
    else:
        record_sections.table(
            ctx,
            lambda: tables.class_rows(_sorted(cells, order, "geo_name"), drop=("geo_level",)),
            view="country-classes",
            key="ctry-cells",
            url_path="countries",
        )
    reasons = ctx.run(
        queries.cell_reasons, stream=f.stream, rounds=f.rounds, levels=("country",), geos=iso3s, objectives=f.objectives
    )
    st.markdown(f"**{t('reasons.heading')}**")
    if reasons.empty:
        widgets.empty("reasons.none")
    else:
        record_sections.table(
            ctx, _sorted(reasons, order, "geo_name"), view="reasons", key="ctry-reasons", url_path="countries"
        )


def country_records(ctx: Context, p: profile.Profile) -> None:
    """The country's records of the two rounds, each opening its detail; pledges with their follow-up."""
    st.subheader(t("countries.records_heading", name=ctx.geo_name(p.iso3), a=p.rounds[0], b=p.rounds[1]))
    if not p.records:
        widgets.empty("countries.no_records", name=ctx.geo_name(p.iso3), a=p.rounds[0], b=p.rounds[1])
        return
    if p.record_count > len(p.records):
        st.caption(t("countries.records_first", shown=len(p.records), total=p.record_count))
    record_sections.record_list(
        ctx,
        lambda: pd.DataFrame(list(p.records)),
        lambda: member_data.pledges(ctx, iso3=p.iso3),
        key="ctry-records",
        url_path="countries",
    )


def compare_countries(ctx: Context, iso3s: list[str], order: str) -> None:
    """The chosen country beside up to four others: each one's sentence, then side-by-side small multiples."""
    f = ctx.filters
    st.subheader(t("countries.compare_heading"))
    for iso3 in iso3s:
        p = member_data.country_profile(ctx, iso3)
        if p is not None:
            st.markdown(f"- {sentences.country_sentence(p, ctx.geo_name(p.iso3))}")
    counts = ctx.run(queries.country_rounds, iso3s=tuple(iso3s), stream=f.stream, objectives=f.objectives)
    if counts.empty:
        return
    title = t("countries.compare_title", stream=t(f"stream.{f.stream}"))
    chart_panel.chart(
        ctx,
        lambda: charts.compare_heatmaps(counts, title),
        _sorted(counts, order, "name"),
        view="country-compare",
        key="ctry-compare",
        url_path="countries",
        caption=t("note.full_counting"),
    )
