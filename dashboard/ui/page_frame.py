"""The frame of every page: CSS, the synthetic-data banner, link and version notices, share link, footer."""

from __future__ import annotations

import re

import streamlit as st

from dashboard import db, filters, l10n, queries, sentences
from dashboard.context import Context
from dashboard.i18n import prose, t

# Page-wide CSS. Captions: Streamlit fades them to 4.0:1 on white; WCAG 2.1 AA asks 4.5:1 (axe-core, tests/
# test_accessibility.py). Print: a printed page is the content on A4, without the sidebar, toolbar or scroll limits.
PAGE_CSS = """
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #4a5260 !important; }
code { color: #1f5a4c !important; }
.gcm-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
/* Phones: Plotly's toolbar would sit on the chart titles; the table twin and its CSV remain one tap away. */
@media (max-width: 640px) { .modebar-container { display: none !important; } }
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarCollapseButton"], .modebar-container,
  [data-testid="stDownloadButton"], [data-testid="stPopover"], [data-testid="stElementToolbar"],
  [data-testid="stBaseButton-tertiary"] { display: none !important; }
  [data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stMainBlockContainer"] {
    margin: 0 !important; padding: 0 !important; max-width: none !important; width: 100% !important;
    overflow: visible !important; height: auto !important; position: static !important; }
  /* Tables: every row and every column on paper, not 25 rows in a scrolling canvas. */
  [data-testid="stDataFrame"], [data-testid="stDataFrameResizable"], [data-testid="stTable"] {
    height: auto !important; max-height: none !important; overflow: visible !important; width: 100% !important; }
  /* A page that prints its tables as HTML twins (.gcm-print-only) drops the scrolling canvases. */
  body:has(.gcm-print-only) [data-testid="stDataFrame"] { display: none !important; }
  .gcm-print-only { display: block !important; }
  .gcm-print-only table { width: 100%; border-collapse: collapse; font-size: 8pt; break-inside: auto; }
  .gcm-print-only th, .gcm-print-only td { border: 1px solid #bbb; padding: 1px 3px; text-align: left;
    vertical-align: top; white-space: normal; overflow-wrap: break-word; }
  .gcm-print-only tr { break-inside: avoid; }
  [data-testid="stExpanderDetails"] { display: block !important; }
  [data-testid="stHorizontalBlock"] { flex-wrap: wrap !important; }
  .js-plotly-plot, [data-testid="stPlotlyChart"] { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
  @page { size: A4; margin: 12mm; }
}
"""


def page_css() -> None:
    """The page's CSS and its language's (right to left, the fullscreen button's tooltip) as one style-only element,
    the first of every run: Streamlit puts it in its event container, where it takes no space, and every language
    sends the same one element."""
    st.html(f"<style>{PAGE_CSS}{l10n.language_css()}</style>")


def banner(ctx: Context) -> None:
    """The synthetic-data banner on every page; real partial datasets say what they cover."""
    if ctx.is_synthetic:
        st.error(f"**{t('banner.synthetic')}** {t('banner.synthetic_detail')}", icon=":material/science:")
    else:
        st.caption(t("banner.real", title=ctx.info.get("dataset_title", ""), cutoff=ctx.cutoff_text))


def coverage_note(ctx: Context) -> None:
    """What a real dataset covers, in its own words (build_info.description)."""
    description = ctx.info.get("description")
    if not ctx.is_synthetic and description:
        st.info(f"**{t('banner.covers')}** {description}", icon=":material/info:")


def plain(text: object) -> str:
    """Text from a URL or a file as Streamlit shows it literally: every Markdown character escaped, so a link
    like `?v=![](http://x.io/a)` can neither load a third-party image nor put a link into the app's own notice."""
    return re.sub(r"([\\`*_{}\[\]()<>#+\-.!|~:$&])", r"\\\1", str(text))


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
    text = sentences.filter_sentence(
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
            cutoff=ctx.cutoff_text,
            method=ctx.info.get("method_version", ""),
        )
    )
    with right:
        with st.popover(t("glossary.button"), icon=":material/dictionary:"):
            st.markdown(prose("glossary"))
        if "method" in ctx.pages:
            st.page_link(ctx.pages["method"], label=t("footer.link"), icon=":material/menu_book:")
