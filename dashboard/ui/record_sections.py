"""Record lists that open a detail view, one record's detail, search results and pledge follow-up counts."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import filters, queries
from dashboard.context import Context
from dashboard.i18n import STRINGS, t
from dashboard.ui import member_data, page_frame, replay, tables, widgets
from etl import followup

RECORDS_PATH = "records"  # the Records page's url_path (dashboard/navigation.py)
# On screen a table is Streamlit's scrolling canvas; on paper its HTML twin (page_frame's print stylesheet).
_TWIN_CSS = "<style>@media screen { .gcm-print-only { display: none; } }</style>"


def print_twin(frame: pd.DataFrame) -> None:
    """The table as plain HTML, shown only when the page is printed: every row and column, nothing clipped."""
    # Links and codes for machines stay in the CSV: on A4 they would squeeze the titles into slivers.
    dropped = ["category", "detail", "source_url", "unit_count", "is_interpretable", "geo_id"]
    shown = tables.localise(frame.drop(columns=dropped, errors="ignore")).head(tables.SHOWN_ROWS)
    shown = shown.astype(object).where(shown.notna(), "")  # an empty cell, never "None" or "NaT" on paper
    keys = {c: "col." + c for c in shown.columns}  # headers looked up by column name, as tables.column_config does
    headers = {c: t(k) if k in STRINGS else c for c, k in keys.items()}
    body = shown.rename(columns=headers).to_html(index=False, na_rep="", escape=True, border=0)
    st.markdown(f'{_TWIN_CSS}<div class="gcm-print-only">{body}</div>', unsafe_allow_html=True)


def table(ctx: Context, frame, **kwargs) -> None:
    """tables.table, with its print twin."""
    tables.table(ctx, frame, then=print_twin, **kwargs)


def status_words() -> dict[str, str]:
    return {
        "planning": t("followup.status.planning"),
        "in_progress": t("followup.status.in_progress"),
        "fulfilled": t("followup.status.fulfilled"),
        followup.NOT_STATED: t("followup.status.not_stated"),
    }


def freshness_words() -> dict[str, str]:
    return {
        "within_1y": t("followup.freshness.within_1y"),
        "1_2y": t("followup.freshness.1_2y"),
        "over_2y": t("followup.freshness.over_2y"),
        "never": t("followup.freshness.never"),
    }


def record_url(ctx: Context, activity_id: str) -> str:
    """The Records page showing one record, with the current filters (so the link opens the same dataset)."""
    params = ctx.filters.to_params() | {"record": [activity_id]}
    return f"{RECORDS_PATH}?{urlencode(params, doseq=True)}"


def _with_followup(frame: pd.DataFrame, pledges: pd.DataFrame) -> pd.DataFrame:
    """Pledge rows gain their entity, status, deadline, freshness and overdue flag (etl.followup)."""
    flags = pledges.rename(columns={"pledge_id": "record_id"})[
        ["record_id", "pledging_entity", "entity_category", "status", "deadline_date", "freshness", "overdue"]
    ].assign(stream="pledges")
    out = frame.merge(flags, on=["stream", "record_id"], how="left")
    out["status"] = out["status"].map(status_words())
    out["freshness"] = out["freshness"].map(freshness_words())
    out["overdue"] = out["overdue"].map({True: t("followup.overdue"), False: ""})
    return out


def record_list(ctx: Context, frame, pledges=None, *, key: str, url_path: str) -> None:
    """Records, each row with a link to its own detail view; pledges with their follow-up columns. Under an
    entity-category filter only the pledges of that category are kept (other streams have no such category).
    `frame` and `pledges` are callables, run only when the list is drawn, not when it is replayed."""

    def draw() -> pd.DataFrame:
        shown = frame().copy()
        followup_rows = pledges() if pledges is not None else None
        if followup_rows is not None:
            shown = _with_followup(shown, followup_rows)
            category = ctx.filters.category
            if category is not None:
                shown = shown[(shown["stream"] != "pledges") | (shown["entity_category"] == category)]
                st.caption(t("followup.category_applied", category=_category_name(ctx, category)))
            names = shown["entity_category"].map(lambda c: _category_name(ctx, c) if isinstance(c, str) else c)
            shown = shown.assign(entity_category=names)
        links = [record_url(ctx, f"{s}:{r}") for s, r in zip(shown["stream"], shown["record_id"], strict=True)]
        shown.insert(0, "detail", links)
        shown = tables.localise(shown)
        config = tables.column_config_for(ctx, shown)
        config["detail"] = st.column_config.LinkColumn(t("records.col.detail"), display_text=t("records.open"))
        tables.dataframe(ctx, shown, key=key, column_config=config)
        print_twin(shown)
        return shown

    tables.downloads_row(ctx, replay.panel(ctx, key, draw), view=key, key=key, url_path=url_path)


def category_filter(ctx: Context, key: str) -> None:
    """The pledging entity category (State, UN system, civil society, …): the `cat` filter, kept in the link."""
    options = [None, *filters.ENTITY_CATEGORIES]
    filters.bound(
        st.selectbox,
        "category",
        key,
        ctx.filters.category,
        label=t("followup.category"),
        options=options,
        format_func=lambda c: t("followup.category_all") if c is None else _category_name(ctx, c),
        help=t("followup.category_help"),
    )


def _category_name(ctx: Context, category: str) -> str:
    """A pledging entity category (its English name is its id) in the view's language, from the labels table."""
    return ctx.names.name("entity_category", category) if ctx.names else category


def _status_table(counts: pd.DataFrame, key_label: str | None) -> pd.DataFrame:
    """Pledges per (key ×) status, freshness in columns, and how many are overdue."""
    statuses, fresh = status_words(), freshness_words()
    index = ["key", "status"] if key_label else ["status"]
    wide = counts.pivot_table(index=index, columns="freshness", values="pledges", aggfunc="sum", fill_value=0)
    wide = wide.reindex(columns=[f for f in followup.FRESHNESS if f in wide.columns])
    wide["total"] = wide.sum(axis=1)
    wide["overdue_n"] = counts.groupby(index)["overdue"].sum()
    wide = wide.reset_index()
    order = {s: i for i, s in enumerate(followup.STATUSES)}
    wide = wide.sort_values([*index[:-1], "status"], key=lambda s: s.map(order) if s.name == "status" else s)
    wide["status"] = wide["status"].map(statuses)
    renamed = {f: fresh[f] for f in followup.FRESHNESS} | {
        "status": t("followup.col.status"),
        "total": t("followup.col.pledges"),
        "overdue_n": t("followup.overdue_col"),
    }
    if key_label:
        renamed["key"] = key_label
    return wide.rename(columns=renamed)


def pledge_followup(ctx: Context, widget_key: str, *, iso3: str | None = None, name: str | None = None) -> None:
    """Pledges by status × freshness (against the data cut-off), with the overdue count, for a country or all."""
    st.subheader(t("followup.heading_country", name=name) if name else t("followup.heading"))
    category_filter(ctx, widget_key)
    counts = member_data.counts(ctx, "country", iso3=iso3) if iso3 else member_data.counts(ctx, "entity_category")
    if counts.empty:
        widgets.empty("followup.none")
        return
    st.caption(t("followup.note", cutoff=ctx.cutoff))
    table(
        ctx, lambda: _status_table(counts, None), view="pledge-followup", key=f"{widget_key}-fu", url_path=RECORDS_PATH
    )


def followup_overview(ctx: Context) -> None:
    """The Records page's counts: pledges by status and freshness per objective and per stakeholder type."""
    pledge_followup(ctx, "w_cat_rec")
    by_category = member_data.counts(ctx, "entity_category")
    if not by_category.empty:
        st.markdown(f"**{t('followup.by_category')}**")
        label = t("followup.col.category")
        table(
            ctx,
            lambda: _status_table(
                by_category.assign(key=by_category["key"].map(lambda c: _category_name(ctx, c))), label
            ),
            view="pledge-followup-category",
            key="fu-cat",
            url_path=RECORDS_PATH,
        )
    by_objective = member_data.counts(ctx, "objective")
    if not by_objective.empty:
        st.markdown(f"**{t('followup.by_objective')}**")
        label = t("followup.col.objective")
        table(
            ctx,
            lambda: _status_table(
                by_objective.assign(key=by_objective["key"].map(lambda k: ctx.objective_label(int(k)))), label
            ),
            view="pledge-followup-objective",
            key="fu-obj",
            url_path=RECORDS_PATH,
        )


def search_results(ctx: Context, text: str) -> None:
    """Records whose title, entity or implementer holds every word (etl.search), each linking to its detail."""
    found, total = member_data.find(ctx, text, limit=tables.SHOWN_ROWS)
    if found.empty:
        widgets.empty("records.search_none", text=text)
        return
    st.caption(t("records.search_count", shown=len(found), total=total))
    found = found.assign(countries=found["countries"].fillna("").str.replace(";", ", "))
    record_list(ctx, lambda: found, key="search-results", url_path=RECORDS_PATH)


def record_detail(ctx: Context, activity_id: str) -> bool:
    """Every field of one record, its objectives, countries, principles, dates, status and source; False when
    the id is not in this dataset."""
    row = ctx.run(queries.record_detail, activity_id=activity_id)
    if row.empty:
        widgets.empty("records.unknown", record=activity_id)
        return False
    r = row.iloc[0]
    st.subheader(page_frame.plain(r["title"]))
    date = r["activity_date"]
    date_text = date.date().isoformat() if isinstance(date, pd.Timestamp) else str(date or "–")
    lines = [
        (t("records.field.stream"), t(f"stream.{r['stream']}")),
        (t("records.field.id"), str(r["record_id"])),
        (t("records.field.date"), f"{date_text} ({r['date_precision'] or '–'})"),
        (t("records.field.round"), str(r["round_name"] or t("records.no_round"))),
        (t("records.field.objectives"), r["objectives"] or "–"),
        (t("records.field.countries"), r["countries"] or ("Global" if r["is_global"] else "–")),
        (t("records.field.commissions"), r["commissions"] or "–"),
        (t("records.field.principles"), r["principles"] or "–"),
    ]
    if r["stream"] == "pledges":
        flags = ctx.run(queries.pledge_followup, activity_id=activity_id)
        if not flags.empty:
            f = flags.iloc[0]
            deadline = f["deadline_date"]
            lines += [
                (t("followup.col.status"), status_words()[f["status"]]),
                (t("records.field.deadline"), deadline.date().isoformat() if pd.notna(deadline) else "–"),
                (t("records.field.freshness"), freshness_words()[f["freshness"]]),
            ]
            if f["overdue"]:
                lines.append((t("records.field.followup"), t("followup.overdue")))
    st.markdown("\n".join(f"- **{label}**: {page_frame.plain(value)}" for label, value in lines))
    if r["source_url"]:
        st.link_button(t("records.source"), str(r["source_url"]), icon=":material/open_in_new:")
    fields = ctx.run(queries.record_fields, activity_id=activity_id)
    with st.expander(t("records.all_fields"), expanded=True):
        table(ctx, fields, view="record", key="record-fields", url_path=RECORDS_PATH)
    return True
