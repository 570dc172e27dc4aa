"""Streamlit building blocks shared by the pages: banner, sentences, chart + table twin + CSV, class tables."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from dashboard import db, downloads, filters, narrative, queries
from dashboard.context import Context
from dashboard.i18n import STRINGS, t
from dashboard.palette import CLASS_COLOURS, CLASS_STEPS, CLASS_SYMBOLS, CLASS_TEXT_COLOURS, GREYED, is_greyed

MAX_TABLE_ROWS = 25  # UI.md: tables show about 25 rows before scrolling
ROW_PX = 35
# Map outlines come from this app's own static folder (dashboard/static), not from Plotly's CDN: maps then work
# offline and behind firewalls, and no visitor's browser calls a third party. The path is relative so it also
# works under a base URL path.
PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"], "topojsonURL": "app/static/"}


def table_height(n_rows: int) -> int | str:
    return "auto" if n_rows <= MAX_TABLE_ROWS else ROW_PX * MAX_TABLE_ROWS + 38


# Page-wide CSS. Captions: Streamlit fades them to 4.0:1 on white; WCAG 2.1 AA asks 4.5:1 (axe-core, tests/
# test_accessibility.py). Print: a printed page is the content on A4, without the sidebar, toolbar or scroll limits.
PAGE_CSS = """
<style>
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #4a5260 !important; }
code { color: #1f5a4c !important; }
.gcm-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
/* Phones: Plotly's toolbar would sit on the chart titles; the table twin and its CSV remain one tap away. */
@media (max-width: 640px) { .modebar-container { display: none !important; } }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stSidebarCollapsedControl"], .modebar-container { display: none !important; }
  [data-testid="stMain"], [data-testid="stMainBlockContainer"] { margin: 0 !important; padding: 0 8mm !important;
    max-width: none !important; overflow: visible !important; }
  @page { size: A4; margin: 12mm; }
}
</style>
"""


def is_phone() -> bool:
    """A phone's browser (its User-Agent says Mobile, iPhone or Android): small multiples then take two columns."""
    agent = (st.context.headers.get("User-Agent") or "") if st.context.headers else ""
    return any(word in agent for word in ("Mobile", "iPhone", "Android"))


def page_css() -> None:
    st.markdown(PAGE_CSS, unsafe_allow_html=True)


def banner(ctx: Context) -> None:
    """The synthetic-data banner on every page; real partial datasets say what they cover."""
    if ctx.is_synthetic:
        st.error(f"**{t('banner.synthetic')}** {t('banner.synthetic_detail')}", icon=":material/science:")
    else:
        st.caption(t("banner.real", title=ctx.info.get("dataset_title", ""), cutoff=ctx.cutoff))


def coverage_note(ctx: Context) -> None:
    """What a real dataset covers, in its own words (build_info.description)."""
    description = ctx.info.get("description")
    if not ctx.is_synthetic and description:
        st.info(f"**{t('banner.covers')}** {description}", icon=":material/info:")


def plain(text: object) -> str:
    """Text from a URL or a file as Streamlit shows it literally: every Markdown character escaped, so a link
    like `?v=![](http://x.io/a)` can neither load a third-party image nor put a link into the app's own notice."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])", r"\\\1", str(text))


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


def cell_levels(ctx: Context) -> tuple[str, ...]:
    """The levels a table of cells lists: every level when geographies are chosen, else the world and one level."""
    return ("global", "commission", "subregion", "country") if ctx.filters.geos else ("global", ctx.filters.level)


def cells_by_basis(ctx: Context, basis: str, *, levels, geos) -> pd.DataFrame:
    """The cells of the view on one basis (count: progress_cells with objective 0 first)."""
    f = ctx.filters
    common = dict(stream=f.stream, rounds=f.rounds, levels=levels, geos=geos, objectives=f.objectives)
    if basis == "count":
        return ctx.run(queries.progress, **common, with_all=True)
    return ctx.run(queries.variant_cells, basis=basis, **common)


def collection_is_partial(ctx: Context) -> bool:
    """True when the dataset declares no stream collected completely in any round (the public collection): its
    counts are what was found, and no progress class exists anywhere (METHOD.md 1.1)."""
    coverage = ctx.run(queries.collection_coverage)
    return bool(len(coverage)) and bool((coverage["completeness"] != "complete").all())


def link_notice(keys: list[str]) -> None:
    if keys:
        st.warning(t("filters.notice", keys=plain(", ".join(sorted(set(keys))))), icon=":material/link_off:")


def version_notice(ctx: Context, link_version: str | None, version: str) -> None:
    """A link opens its own data version while it is kept, saying newer data exist; when it is gone, the page
    says so and shows the latest. The version text comes from the URL: shown literally, at most 20 characters."""
    latest = db.latest_data_version(ctx.database.dataset) if ctx.database.pinned else version
    if ctx.database.pinned and latest and latest != version:
        st.info(t("db.pinned", link=plain(version), now=plain(latest)), icon=":material/history:")
        if st.button(t("db.show_latest"), key="show-latest", icon=":material/update:"):
            filters.unpin()
            st.rerun()
    elif link_version and link_version != version:
        st.warning(t("db.version_gone", link=plain(link_version[:20]), now=plain(version)), icon=":material/history:")


def share_link(ctx: Context, url_path: str) -> None:
    """ "Copy link to this view": the full URL in a code block, which has a copy button."""
    with st.popover(t("share.copy_link"), icon=":material/link:"):
        st.code(ctx.view_url(url_path), language=None, wrap_lines=True)
        st.caption(t("share.copy_help"))


def filter_sentence(ctx: Context) -> None:
    f = ctx.filters
    principle = None
    if f.principle is not None:
        names = ctx.run(queries.principles)
        match = names[names["principle_id"] == f.principle]["name"]
        principle = match.iloc[0] if len(match) else str(f.principle)
    text = narrative.filter_sentence(
        dataset_title=str(ctx.info.get("dataset_title") or f.dataset),
        rounds=f.rounds,
        stream=f.stream,
        objectives=[ctx.objective_label(o) for o in f.objectives],
        geos=[ctx.geo_name(g) for g in f.geos],
        principle=principle,
    )
    st.caption(f":material/filter_alt: {text}")


def footer(ctx: Context, n_sources: int) -> None:
    st.divider()
    left, right = st.columns([3, 1])
    left.caption(
        t(
            "footer.sources",
            n=n_sources,
            dataset=ctx.filters.dataset,
            cutoff=ctx.cutoff,
            method=ctx.info.get("method_version", ""),
        )
    )
    with right:
        with st.popover(t("glossary.button"), icon=":material/dictionary:"):
            st.markdown(t("glossary.text"))
        if "method" in ctx.pages:
            st.page_link(ctx.pages["method"], label=t("footer.link"), icon=":material/menu_book:")


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


def downloads_row(
    ctx: Context,
    rows: pd.DataFrame | downloads.Rows,
    *,
    view: str,
    key: str,
    url_path: str = "",
    name_parts: list[str] | None = None,
) -> None:
    with st.container(horizontal=True):
        downloads.download_buttons(
            rows, name_parts=name_parts or [view, *ctx.filters.name_parts()], metadata=ctx.metadata(url_path), key=key
        )


# Columns whose values are internal codes: tables and their CSV show the words ("Sub-region", "robust", "round
# still open: count so far"). The class code itself stays, for machines, but is not shown on the page.
_CODED = {
    "geo_level": "level.one.",
    "confidence": "confidence.",
    "label": "label.",
    "exposure_model": "exposure.",
    "stream": "stream.",
}


def localise(frame: pd.DataFrame) -> pd.DataFrame:
    """The world row reads "World", not its id, and coded values read as words, in tables and their CSV alike."""
    if "geo_name" in frame.columns and (frame["geo_name"] == "GLOBAL").any():
        frame = frame.assign(geo_name=frame["geo_name"].replace("GLOBAL", t("geo.global")))
    words = {}
    for column, prefix in _CODED.items():
        if column not in frame.columns:
            continue
        values = frame[column]
        known = {v: t(prefix + v) for v in values.dropna().unique() if isinstance(v, str) and prefix + v in STRINGS}
        if known:
            words[column] = values.map(lambda v, known=known: known.get(v, v))
    return frame.assign(**words) if words else frame


def class_legend() -> None:
    """The class colours with their symbols and words, as text (the heatmaps carry no colour bar)."""
    chips = []
    for category in CLASS_STEPS[::-1][2:] + CLASS_STEPS[5:]:
        chips.append(
            f'<span style="display:inline-block;margin:0 12px 4px 0;white-space:nowrap">'
            f'<span style="display:inline-block;min-width:1.9em;text-align:center;border:1px solid #bdbdbd;'
            f'border-radius:3px;background:{CLASS_COLOURS[category]};color:{CLASS_TEXT_COLOURS[category]}">'
            f"{CLASS_SYMBOLS[category]}</span> {html.escape(t(f'class.{category}'))}</span>"
        )
    chips.append(
        f'<span style="display:inline-block;margin:0 12px 4px 0;white-space:nowrap">'
        f'<span style="display:inline-block;min-width:1.9em;text-align:center;border:1px solid #bdbdbd;'
        f'border-radius:3px;background:{GREYED};color:#ffffff">▲</span> {html.escape(t("class.greyed_short"))}</span>'
    )
    st.markdown('<div style="font-size:0.85em">' + "".join(chips) + "</div>", unsafe_allow_html=True)


def with_source(fig, ctx: Context) -> None:
    """A source line inside the figure, so a saved PNG or SVG carries its context as OWID's charts do: the
    dashboard, the dataset (SYNTHETIC when it is), the data cut-off and the method version."""
    words = dict(
        title=str(ctx.info.get("dataset_title") or ctx.filters.dataset),
        cutoff=ctx.cutoff,
        method=ctx.info.get("method_version", ""),
    )
    line = t("chart.source_synthetic", **words) if ctx.is_synthetic else t("chart.source", **words)
    # A subtitle under the title: inside the saved image, and never on an axis title or a legend below the plot.
    fig.update_layout(
        title_subtitle_text=html.escape(line),
        title_subtitle_font={"size": 10, "color": "#4d4d4d"},
        margin_t=(fig.layout.margin.t or 100) + 24,  # room for the subtitle above slanted top labels
    )


def chart(
    ctx: Context,
    fig,
    table: pd.DataFrame,
    *,
    view: str,
    key: str,
    url_path: str = "",
    column_config: dict | None = None,
    caption: str | None = None,
    legend: bool = False,
) -> None:
    """A chart with its table twin and the twin's own downloads (the CSV is exactly the table)."""
    table = localise(table)
    with_source(fig, ctx)
    chart_tab, table_tab = st.tabs([t("tabs.chart"), t("tabs.table", n=len(table))])
    with chart_tab:
        # A text alternative for screen readers: what the chart shows, and where its data are.
        alt = t("chart.alt", title=str(fig.layout.title.text or ""), n=len(table))
        st.markdown(f'<span class="gcm-sr">{html.escape(alt)}</span>', unsafe_allow_html=True)
        # Plotly's modebar has one image button: its format follows the sidebar's PNG/SVG choice.
        config = dict(
            PLOTLY_CONFIG,
            toImageButtonOptions={
                "format": st.session_state.get("image_format") or "svg",
                "scale": 2,
                "filename": "_".join(["gcm", ctx.filters.dataset, view, *ctx.filters.name_parts()])[:120],
            },
        )
        st.plotly_chart(fig, theme=None, config=config, key=f"{key}-fig")
        if legend:
            class_legend()
    with table_tab:
        dataframe(ctx, table, key=key, column_config=column_config)
    if caption:
        st.caption(caption)
    downloads_row(ctx, table, view=view, key=key, url_path=url_path)


def table(
    ctx: Context,
    frame: pd.DataFrame,
    *,
    view: str,
    key: str,
    url_path: str = "",
    column_config: dict | None = None,
    name_parts: list[str] | None = None,
) -> None:
    frame = localise(frame)
    dataframe(ctx, frame, key=key, column_config=column_config)
    downloads_row(ctx, frame, view=view, key=key, url_path=url_path, name_parts=name_parts)


SHOWN_ROWS = 1_000  # a long list shows this many rows; its downloads hold them all


def long_table(
    ctx: Context,
    query,
    count_query,
    *,
    view: str,
    key: str,
    url_path: str = "",
    name_parts: list[str] | None = None,
    full_csv=None,
    **filters,
) -> int:
    """A list that can run to a million rows: the page holds its first SHOWN_ROWS rows and the total, and the
    downloads fetch every row when clicked (a whole list in the page cost seconds and gigabytes per session).
    Shows nothing when there are no rows.

    `query(con, limit=..., **filters)` gives the rows, `count_query(con, **filters)` their number (column `rows`),
    `full_csv(con, **filters)` the whole CSV if it has a faster way than csv_bytes of every row. Returns the total.
    """
    head = localise(ctx.run(query, limit=SHOWN_ROWS, **filters))
    if head.empty:
        return 0
    total = len(head) if len(head) < SHOWN_ROWS else int(ctx.run(count_query, **filters)["rows"].iloc[0])
    if total > len(head):
        st.caption(t("table.first_rows", shown=len(head), total=total))
    dataframe(ctx, head, key=key)
    if full_csv is not None:  # the extract: the very bytes of `python -m etl.export`, codes and all, whatever its size
        rows = downloads.Rows(total, tuple(head.columns), lambda: db.fetch(ctx.database, full_csv, **filters))
    elif total == len(head):
        rows = downloads.Rows.of(head)
    else:
        rows = downloads.Rows(
            total, tuple(head.columns), lambda: downloads.csv_bytes(localise(db.fetch(ctx.database, query, **filters)))
        )
    downloads_row(ctx, rows, view=view, key=key, url_path=url_path, name_parts=name_parts)
    return total


def column_config_for(ctx: Context, frame: pd.DataFrame) -> dict:
    return column_config(frame, ctx.filters.rounds)


# ---------------------------------------------------------------- class tables


# The columns of a class table, in this order: the class and what it rests on first.
CLASS_TABLE_COLUMNS = (
    "class",
    "stream_mix",
    "n_from",
    "n_to",
    "rates",
    "geo_name",
    "geo_level",
    "objective_id",
    "short_title",
    "category",
    "confidence",
    "label",
    "score",
    "reason_count",
    "is_interpretable",
    "geo_id",
)


def class_rows(cells: pd.DataFrame, drop: tuple[str, ...] = ()) -> pd.DataFrame:
    """Progress cells as a class table shows them: CLASS_TABLE_COLUMNS that the frame has (the stream mix exists
    for all streams only), less `drop`."""
    frame = with_class_text(cells)
    return frame[[c for c in CLASS_TABLE_COLUMNS if c in frame and c not in drop]]


def with_class_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the class in symbol + words + confidence (greyed wording for non-interpretable cells)."""
    frame = frame.copy()
    interpretable = frame["is_interpretable"] if "is_interpretable" in frame else [True] * len(frame)
    confidence = frame["confidence"] if "confidence" in frame else [None] * len(frame)
    labels = frame["label"] if "label" in frame else [None] * len(frame)
    records = frame.to_dict("records")
    frame.insert(
        0,
        "class",
        [
            narrative.class_label(c, k, i, x, narrative.no_stream_alone(r))
            for c, k, i, x, r in zip(frame["category"], confidence, interpretable, labels, records, strict=True)
        ],
    )
    if "streams_assessed" in frame and "stream" in frame and (frame["stream"] == "all").any():
        frame.insert(1, "stream_mix", [narrative.stream_mix(row) for row in records])
    if "exposure_model" in frame and (frame["exposure_model"] == "rate").any():
        frame.insert(frame.columns.get_loc("n_to") + 1, "rates", [narrative.rates(row) for row in records])
    return frame.drop(columns=["streams_detail"], errors="ignore")


def dataframe(ctx: Context, frame: pd.DataFrame, *, key: str, column_config: dict | None = None) -> None:
    """A table with readable headers; a progress class shows as a label in its class colour (grey when not
    interpretable), beside its symbol and words. The downloads keep the class as plain text."""
    config = dict(column_config or column_config_for(ctx, frame))
    if "class" in frame and "category" in frame:
        interpretable = frame["is_interpretable"] if "is_interpretable" in frame else [True] * len(frame)
        # One colour per label: a label's words already say its class and whether it is interpretable.
        colours = dict(
            zip(
                frame["class"],
                [
                    GREYED if is_greyed(i) else CLASS_COLOURS[c]
                    for c, i in zip(frame["category"], interpretable, strict=True)
                ],
                strict=True,
            )
        )
        frame = frame.assign(**{"class": [[label] for label in frame["class"]]})
        config["class"] = st.column_config.MultiselectColumn(
            t("col.class"), help=t("col.class_help"), pinned=True, options=list(colours), color=list(colours.values())
        )
    # The class code stays in the CSV (for machines); the page shows the class in colour, symbol and words.
    order = [c for c in frame.columns if c != "category"] if "class" in frame.columns else None
    st.dataframe(
        frame,
        hide_index=True,
        column_config=config,
        column_order=order,
        height=table_height(len(frame)),
        key=f"{key}-table",
    )


_LINKS = ("source_url", "url")
_COUNTS = (
    "n_from",
    "n_to",
    "units",
    "activities",
    "unit_count",
    "count",
    "cells",
    "total",
    "records",
    "row_count",
    "pledges_count",
    "practices_count",
    "gcm_talks_count",
    "submissions_count",
    "dated_units",
)
_DECIMALS = {
    "score": "%.2f",
    "rate_ratio": "%.3f",
    "p_value": "%.3f",
    "t_from": "%.2f",
    "t_to": "%.2f",
    "median": "%.1f",
    "value": "%.1f",
}
_INTEGERS = (
    "objective_id",
    "round_id",
    "round_from",
    "round_to",
    "reason_count",
    "streams_reporting",
    "streams_assessed",
    "line",
    "principle_id",
)
_DATES = ("activity_date", "recorded_date", "date_accessed")
_FLAGS = ("is_interpretable", "is_global")


def column_config(frame: pd.DataFrame, rounds: tuple[int, int] | None = None) -> dict:
    """Readable headers and formats for every known column (links clickable, counts with separators)."""
    a, b = rounds or (None, None)
    config = {}
    for name in frame.columns:
        key = f"col.{name}"
        label = t(key, a=a, b=b) if key in STRINGS else name
        if name == "class":
            config[name] = st.column_config.TextColumn(label, help=t("col.class_help"), pinned=True)
        elif name == "stream_mix":
            config[name] = st.column_config.TextColumn(label, help=t("col.stream_mix_help"))
        elif name in _LINKS:
            # Beside a title the link reads "Open source page"; in a list of pages the address is the content.
            text = t("col.source_open") if "title" in frame.columns and name == "source_url" else None
            config[name] = st.column_config.LinkColumn(label, display_text=text)
        elif name == "share":
            config[name] = st.column_config.ProgressColumn(label, min_value=0, max_value=1, format="percent")
        elif name in _COUNTS:
            config[name] = st.column_config.NumberColumn(label, format="localized")
        elif name in _DECIMALS:
            config[name] = st.column_config.NumberColumn(label, format=_DECIMALS[name])
        elif name in _INTEGERS:
            config[name] = st.column_config.NumberColumn(label, format="%d")
        elif name in _DATES:
            config[name] = st.column_config.DateColumn(label)
        elif name in _FLAGS:
            config[name] = st.column_config.CheckboxColumn(label)
        elif name == "title":
            config[name] = st.column_config.TextColumn(label, width="large")
        else:
            config[name] = st.column_config.TextColumn(label)
    return config


# ---------------------------------------------------------------- the objective grid


_TILE_CSS = """
<style>
.gcm-tile{border:1px solid #d9d9d9;border-left-width:8px;border-radius:6px;padding:6px 8px;margin:0 0 6px 0;
  background:#fff;line-height:1.3}
.gcm-tile a{color:inherit;text-decoration:none}
.gcm-tile .num{font-weight:700;margin-right:4px}
.gcm-tile .sym{display:inline-block;min-width:2.2em;text-align:center;border-radius:4px;padding:0 4px;
  margin-right:4px;border:1px solid #bdbdbd;font-weight:700}
.gcm-tile .meta{font-size:0.85em;color:#4d4d4d}
.gcm-rt{font-size:0.9em;font-weight:600;color:#33506b;min-height:3.6em}
</style>
"""


def objective_grid(ctx: Context, grid: pd.DataFrame) -> None:
    """23 tiles in four IMRF round-table columns: number, short title, class symbol with words and counts.

    grid: progress rows (queries.progress) with roundtable_id and roundtable_title. Each tile links to the
    Objectives page for that objective.
    """
    st.markdown(_TILE_CSS, unsafe_allow_html=True)
    columns = st.columns(4)
    for column, (rt_id, rows) in zip(columns, grid.groupby("roundtable_id", sort=True), strict=False):
        with column:
            title = html.escape(str(rows["roundtable_title"].iloc[0]))
            tiles = [f'<div class="gcm-rt">{t("overview.roundtable", n=rt_id)}: {title}</div>']
            tiles += [_tile(ctx, row) for row in rows.sort_values("objective_id").to_dict("records")]
            st.markdown("".join(tiles), unsafe_allow_html=True)


def objective_tiles(ctx: Context, cells: pd.DataFrame) -> None:
    """Tiles of progress rows in one line (objective 0, all objectives, above the 23)."""
    st.markdown(_TILE_CSS, unsafe_allow_html=True)
    st.markdown("".join(_tile(ctx, row) for row in cells.to_dict("records")), unsafe_allow_html=True)


def _tile(ctx: Context, row: dict) -> str:
    """One tile: the class in colour, symbol and words, the two counts it rests on, and what a reader needs so
    that the class never seems to contradict them: the streams in a composite's mean, or a rate stream's rates."""
    greyed = is_greyed(row["is_interpretable"])
    category = row["category"]
    colour = GREYED if greyed else CLASS_COLOURS[category]
    text_colour = "#ffffff" if greyed else CLASS_TEXT_COLOURS[category]
    alone = narrative.no_stream_alone(row)
    words = narrative.class_label(category, row["confidence"], row["is_interpretable"], row.get("label"), alone)
    objective_id = int(row["objective_id"])
    params = ctx.filters.to_params()
    href = "objectives?" + urlencode({**params, "obj": [str(objective_id)]} if objective_id else params, doseq=True)
    border = "#bdbdbd" if category in ("insufficient_data", "not_assessable") else colour
    # A composite shows the streams of its mean, each with its class and counts, instead of their sum: per-round
    # and per-year scores are averaged, so a sum beside the class could point the other way.
    mix = narrative.stream_mix(row)
    counts = "" if mix and row.get("streams_in_mean") else f" · {int(row['n_from']):,} → {int(row['n_to']):,}"
    detail = mix or narrative.rates(row)
    detail_html = f'<br><span class="meta">{html.escape(detail)}</span>' if detail else ""
    number = f'<span class="num">{objective_id}</span>' if objective_id else ""
    return (
        f'<div class="gcm-tile" style="border-left-color:{border}" title="{html.escape(words)}">'
        f'<a href="{html.escape(href)}" target="_self">{number}{html.escape(str(row["short_title"]))}<br>'
        f'<span class="sym" style="background:{colour};color:{text_colour}" aria-hidden="true">'
        f"{CLASS_SYMBOLS[category]}</span>"
        f'<span class="meta">{html.escape(words.split(" ", 1)[1])}{counts}</span>{detail_html}</a></div>'
    )


# ---------------------------------------------------------------- extracts and method


def filter_lines(ctx: Context, view: str) -> list[str]:
    """The filters of an extract, one line each, in words."""
    f = ctx.filters
    lines = [
        t("extracts.line.dataset", title=ctx.info.get("dataset_title", f.dataset), name=f.dataset),
        t("extracts.line.view", view=t(f"extracts.view.{view}")),
        t("extracts.line.rounds", pair=narrative.round_pair(f.rounds)) if f.rounds else "",
        t("extracts.line.stream", stream=t(f"stream.{f.stream}")),
        t(
            "extracts.line.objectives",
            objectives=narrative.join_words([ctx.objective_label(o) for o in f.objectives])
            or t("filters.sentence.all_objectives"),
        ),
        t(
            "extracts.line.geos",
            geos=narrative.join_words([ctx.geo_label(g) for g in f.geos]) or t("filters.sentence.all_geos"),
        ),
    ]
    if view != "activities":
        lines.append(t("extracts.line.level", level=t(f"level.switch.{f.level}")))
    if f.principle is not None and view == "activities":
        names = ctx.run(queries.principles)
        lines.append(t("extracts.line.principle", name=names.loc[names["principle_id"] == f.principle, "name"].iloc[0]))
    lines.append(t("note.full_counting"))
    return [line for line in lines if line]


def thresholds_table(config) -> pd.DataFrame:
    """The method's thresholds as name, value and meaning rows."""
    rows = [
        ("moderate", config.moderate),
        ("substantial", config.substantial),
        ("n_min", config.n_min),
        ("alpha", config.alpha),
        ("continuity", config.continuity),
        ("robust_stagnation_n", config.robust_stagnation_n),
        ("score_cap", config.score_cap),
        ("short_window_years", config.short_window_years),
    ]
    rows += [(f"exposure_model.{stream}", model) for stream, model in config.exposure_models]
    rows += [(f"round_close.{stream}", column) for stream, column in config.round_closes]
    rows += [(f"mechanism_start.{stream}", start) for stream, start in config.mechanism_starts]
    return pd.DataFrame(
        {
            "threshold": [name for name, _ in rows],
            "value": [str(value) for _, value in rows],
            "meaning": [t(f"threshold.{name.split('.')[0]}") for name, _ in rows],
        }
    )


def build_info_table(info: dict) -> pd.DataFrame:
    keys = [
        "dataset",
        "dataset_title",
        "is_synthetic",
        "data_cutoff",
        "licence",
        "method_version",
        "schema_version",
        "input_checksum",
        "description",
    ]
    return pd.DataFrame({"field": keys, "value": [_text(info.get(k)) for k in keys]})


def _text(value) -> str:
    """Dates as YYYY-MM-DD, missing as empty, everything else as text."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)
