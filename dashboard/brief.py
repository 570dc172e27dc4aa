"""The country brief as an A4 PDF in the view's language (fpdf2, HarfBuzz shaping); CLI: python -m dashboard.brief."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import duckdb

from dashboard import pdf_layout, queries, sentences
from dashboard.i18n import LANGUAGES, PSEUDO, t, tn, use_language
from dashboard.l10n import fmt_date, fmt_list, fmt_number, fmt_pair, fmt_percent
from dashboard.names import Names
from etl import profile, schema, versions
from etl.export import round_pair

DEFAULT_BASE_URL = "http://localhost:8501"
COUNTRIES_PATH = "countries"  # the Countries page's url_path in dashboard/app.py
BAR_FROM, BAR_TO = (166, 189, 219), (0, 114, 178)


def _footers(pdf: pdf_layout.Page, **words) -> None:
    """The running footer of every page (dataset, country, rounds, page n of N), written after the content: fpdf2's
    "{nb}" alias keeps the room of its three characters, which leaves a gap inside a sentence in Chinese or Arabic."""
    pdf.set_auto_page_break(False)
    total = pdf.pages_count
    for number in range(1, total + 1):
        pdf.page = number
        pdf.set_xy(pdf.l_margin, pdf.h - 12)
        pdf.set_font(pdf_layout.FAMILY, size=7)
        pdf.set_text_color(*pdf_layout.MUTED)
        pdf.cell(0, 5, t("brief.footer", **words, page=number, pages=total), align="C")


def live_url(base_url: str, dataset: str, iso3: str, rounds: tuple[int, int], version: str | None = None) -> str:
    """The Countries page of the live dashboard on the same view (and data version, while it is kept)."""
    query = {"ds": dataset, "geo": iso3, "rounds": f"{rounds[0]}-{rounds[1]}"} | ({"v": version} if version else {})
    return f"{base_url.rstrip('/')}/{COUNTRIES_PATH}?{urlencode(query)}"


def _change(before: int | str, after: int | str) -> str:
    """ "3 → 5" with the language's digits and the arrow of its reading direction (Arabic "3 ← 5"), as the pages
    write two rounds' counts (l10n.fmt_pair)."""
    return fmt_pair(*(fmt_number(v) if isinstance(v, int) else v for v in (before, after)))


def _cards(pdf: pdf_layout.Page, p: profile.Profile) -> None:
    """One box per stream (schema.STREAMS order) and the all-streams composite: counts, then class or why none."""
    items = [(t(f"stream.{c.stream}"), c) for c in p.cards] + [(t("countries.card_all"), p.overall)]
    gap = 2.0
    width = (pdf.epw - gap * (len(items) - 1)) / len(items)
    inner = width - 3
    names, counts = [name for name, _ in items], [_change(row.n_from, row.n_to) for _, row in items]
    words = [sentences.row_class(row) for _, row in items]
    name_size, count_size = (
        pdf_layout.font_size(pdf, names, inner, 8, "B"),
        pdf_layout.font_size(pdf, counts, inner, 13, "B", whole=True),
    )
    words_size = pdf_layout.font_size(pdf, words, inner, 6.5)
    # Every card as tall as the longest: names and class words wrap differently in each language.
    pdf.set_font(pdf_layout.FAMILY, "B", name_size)
    name_h = max(pdf_layout.lines(pdf, inner, 3.5, name) for name in names) * 3.5
    pdf.set_font(pdf_layout.FAMILY, size=words_size)
    words_h = max(pdf_layout.lines(pdf, inner, 3, text) for text in words) * 3
    height = 1.5 + name_h + 1 + 6 + 1 + words_h + 1.5
    if pdf.will_page_break(height + 2):
        pdf.add_page()
    top = pdf.get_y() + 1
    for i, (name, count, text) in enumerate(zip(names, counts, words, strict=True)):
        slot = len(items) - 1 - i if pdf.rtl else i  # the first card at the reading start
        x = pdf.l_margin + slot * (width + gap)
        pdf.set_draw_color(*pdf_layout.ACCENT)
        pdf.rect(x, top, width, height)
        pdf.set_xy(x + 1.5, top + 1.5)
        pdf.set_font(pdf_layout.FAMILY, "B", name_size)
        pdf.multi_cell(inner, 3.5, name, align=pdf.align)
        pdf.set_xy(x + 1.5, top + 2.5 + name_h)
        pdf.set_font(pdf_layout.FAMILY, "B", count_size)
        pdf.cell(inner, 6, count, align=pdf.align)
        pdf.set_xy(x + 1.5, top + 3.5 + name_h + 6)
        pdf.set_font(pdf_layout.FAMILY, size=words_size)
        pdf.multi_cell(inner, 3, text, align=pdf.align)
    pdf.set_xy(pdf.l_margin, top + height + 2)


def _roundtable_chart(pdf: pdf_layout.Page, p: profile.Profile, titles: list[str]) -> None:
    """Horizontal bars per round table, the earlier round above the later one, drawn as vector paths; in Arabic
    the labels stand on the right and the bars grow to the left."""
    label_w, bar_h, gap, count_w = 62, 3.2, 2.6, 22
    peak = max([max(r.n_from, r.n_to) for r in p.roundtables] + [1])
    scale = (pdf.epw - label_w - count_w - 2) / peak
    right = pdf.l_margin + pdf.epw
    y = pdf.get_y() + 1
    for r, title in zip(p.roundtables, titles, strict=True):
        pdf.set_font(pdf_layout.FAMILY, size=7)
        row_h = max(pdf_layout.lines(pdf, label_w - 2, 3.2, title) * 3.2, 2 * bar_h + 0.6)
        if y + row_h > pdf.page_break_trigger:
            pdf.add_page()
            y = pdf.get_y()
        pdf.set_xy(right - label_w + 2 if pdf.rtl else pdf.l_margin, y)
        pdf.multi_cell(label_w - 2, 3.2, title, align=pdf.align)
        for j, (n, color) in enumerate(((r.n_from, BAR_FROM), (r.n_to, BAR_TO))):
            yy, length = y + j * (bar_h + 0.6), n * scale
            start = right - label_w - length if pdf.rtl else pdf.l_margin + label_w
            pdf.set_fill_color(*color)
            if n:
                pdf.rect(start, yy, length, bar_h, style="F")
            pdf.set_xy(start - count_w - 1 if pdf.rtl else start + length + 1, yy - 0.3)
            bar = t("brief.bar", n=fmt_number(n), r=fmt_number(p.rounds[j]))
            pdf.cell(count_w, bar_h + 0.6, bar, align="R" if pdf.rtl else "L")
        y += row_h + gap
    pdf.set_xy(pdf.l_margin, y)
    pdf_layout.para(pdf, t("brief.roundtables_chart_note"), 7, pdf_layout.MUTED)


def _counts(row: profile.GroupRow) -> list[str]:
    return [_change(*row.counts[s]) for s in schema.STREAMS]


def _share(own: tuple[int, int], place: profile.GroupRow) -> str:
    shares = [fmt_percent(o / m) if m else "–" for o, m in zip(own, (place.n_from, place.n_to), strict=True)]
    return _change(*shares)


def _stream(stream: str | None) -> str:
    return t(f"stream.{stream}") if stream in schema.STREAMS else t("countries.card_all")


def render(con, iso3: str, rounds: tuple[int, int], base_url: str = DEFAULT_BASE_URL, lang: str = "en") -> bytes:
    """The brief of one country and pair of rounds as PDF bytes in `lang` (no Streamlit session needed: the
    download runs on another thread, the CLI has none); raises LookupError for an unknown country."""
    if lang not in LANGUAGES and lang != PSEUDO:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGUAGES)}")
    p = profile.profile(con, iso3, rounds)
    if p is None:
        raise LookupError(f"no country {iso3!r} in this database")
    names = Names.from_frame(lang, queries.labels(con, lang="en" if lang == PSEUDO else lang))
    sources = queries.sources(con)
    with use_language(lang):
        return _render(p, names, sources, base_url, lang)


def _render(p: profile.Profile, names: Names, sources, base_url: str, lang: str) -> bytes:
    info, (a, b) = p.info, p.rounds
    version = versions.version_id(str(info["method_version"]), str(info["input_checksum"]))
    name = names.name("country", p.iso3, p.name)
    places = [(n.key[0], names.geo(n.key[0], n.key[1], n.title), n.n_from, n.n_to) for n in p.neighbours]
    # A no-break space keeps a number with its title (a Chinese title has no space to break at after it).
    roundtables = [f"{r.key}.\u00a0{names.name('roundtable', r.key, r.title)}" for r in p.roundtables]
    objectives = {o.key: f"{o.key}.\u00a0{names.name('objective', o.key, o.title)}" for o in p.objectives}
    texts = [
        name,
        info["dataset_title"],
        *(r["title"] for r in p.records),
        *(r["reason_text"] or "" for r in p.reasons),
        *(place for _, place, *_ in places),
        *roundtables,
        *objectives.values(),
        *(f"{s.title} {s.producer}" for s in sources.itertuples()),
    ]  # every text the brief may print: one in Chinese script loads the CJK font, whatever the brief's language
    pdf = pdf_layout.document(texts, lang)
    pdf.set_title(t("brief.doc_title", name=name, a=a, b=b))
    pdf.set_lang(lang)
    pdf.add_page()

    pdf_layout.para(pdf, t("brief.title", name=name, iso3=p.iso3), 17, bold=True, height=8)
    pdf_layout.para(
        pdf, t("brief.subtitle", a=a, b=b, title=info["dataset_title"], dataset=info["dataset"]), 9, pdf_layout.MUTED
    )
    if info.get("is_synthetic"):
        pdf_layout.para(pdf, t("banner.synthetic"), 9, pdf_layout.WARN, bold=True)
    pdf.ln(2)
    pdf_layout.para(pdf, sentences.country_sentence(p, name), 11, bold=True, height=5.5)
    if missing := sentences.no_records_line(p, name, places):
        pdf_layout.para(pdf, missing, 9, pdf_layout.WARN)
    pdf_layout.para(pdf, t("countries.not_performance"), 7.5, pdf_layout.MUTED)
    _cards(pdf, p)

    if p.neighbours:
        pdf_layout.heading(pdf, t("countries.neighbours_heading", a=a, b=b))
        own = (p.overall.n_from, p.overall.n_to)
        rows = [
            [
                t("countries.subregion", name=names.name("subregion", n.key[1], n.title))
                if n.key[0] == "subregion"
                else t("countries.commission", name=names.name("commission_short", n.key[1], n.title)),
                _change(n.n_from, n.n_to),
                _share(own, n),
                sentences.row_class(n),
            ]
            for n in p.neighbours
        ]
        header = [t("countries.col.geography"), t("col.records"), t("countries.col.share", name=name)]
        pdf_layout.table(pdf, [*header, t("countries.col.class")], rows, (52, 26, 30, 72))

    pdf_layout.heading(pdf, t("countries.roundtables_heading", a=a, b=b))
    _roundtable_chart(pdf, p, roundtables)
    streams = [t(f"stream.{s}") for s in schema.STREAMS]
    per_stream = (pdf.epw - 46 - 42) / len(streams)  # a fifth stream narrows the count columns, not the page
    wide = (46, *([per_stream] * len(streams)), 42)
    rows = [[title, *_counts(r), sentences.row_class(r)] for r, title in zip(p.roundtables, roundtables, strict=True)]
    pdf_layout.table(pdf, [t("countries.col.roundtable"), *streams, t("countries.col.class")], rows, wide, size=7)

    pdf_layout.heading(pdf, t("countries.objectives_heading", a=a, b=b))
    rows = [[objectives[o.key], *_counts(o), sentences.row_class(o)] for o in p.objectives if o.active]
    if rows:
        pdf_layout.table(pdf, [t("countries.col.objective"), *streams, t("countries.col.class")], rows, wide, size=7)
    if inactive := sentences.inactive_line(p.inactive_count):
        pdf.ln(1)
        pdf_layout.para(pdf, inactive, 8, pdf_layout.MUTED, bold=True)
        pdf_layout.para(pdf, fmt_list([objectives[o.key] for o in p.objectives if not o.active]), 7.5, pdf_layout.MUTED)

    pdf_layout.heading(pdf, t("countries.records_heading", name=name, a=a, b=b))
    if p.record_count > len(p.records):
        pdf_layout.para(
            pdf, t("countries.records_first", shown=len(p.records), total=p.record_count), 8, pdf_layout.MUTED
        )
    if p.records:
        rows = [
            [
                _stream(r["stream"]),
                fmt_number(r["round_id"]),
                fmt_date(r["activity_date"]) if r["activity_date"] else "",
                r["title"],
                r["record_id"],
            ]
            for r in p.records
        ]
        header = [t("col.stream"), t("col.round_id"), t("col.activity_date"), t("col.title"), t("col.record_id")]
        pdf_layout.table(pdf, header, rows, (20, 11, 20, 94, 35), size=6.5)
    else:
        pdf_layout.para(pdf, t("countries.no_records", name=name, a=a, b=b))

    pdf_layout.heading(pdf, t("brief.reasons_heading", b=b))
    if p.reasons:
        rows = [
            [
                fmt_number(r["objective_id"]),
                _stream(r["stream"]),
                t(f"direction.{r['direction']}"),
                t(f"reason.{r['reason_code']}"),
                r["reason_text"] or "",
                r["source_url"] or "",
            ]
            for r in p.reasons
        ]
        header = ["col.objective_id", "col.stream", "col.direction", "col.reason_code", "col.reason_text"]
        pdf_layout.table(pdf, [*map(t, header), t("col.source_url")], rows, (14, 20, 18, 30, 65, 33))
    else:
        pdf_layout.para(pdf, t("brief.reasons_none", name=name, b=b), 8, pdf_layout.MUTED)

    pdf_layout.heading(pdf, t("brief.about_heading"))
    cutoff = info["data_cutoff"]
    about = {"method": info["method_version"], "schema": info["schema_version"], "version": version}
    pdf_layout.para(pdf, t("brief.about", **about, cutoff=fmt_date(cutoff) if cutoff else "–"))
    first = sources.head(1).itertuples()
    cited = "; ".join(f"{s.title} ({s.producer})" + (f" {s.url}" if isinstance(s.url, str) else "") for s in first)
    licence = info.get("licence")
    if licence:
        pdf_layout.para(pdf, tn("brief.sources", len(sources) - 1, cited=cited, licence=licence))
    else:
        pdf_layout.para(pdf, tn("brief.sources_no_licence", len(sources) - 1, cited=cited))
    url = live_url(base_url, str(info["dataset"]), p.iso3, p.rounds, version)
    pdf_layout.para(pdf, t("brief.live", url=url), color=pdf_layout.ACCENT, link=url)
    _footers(pdf, dataset=info["dataset_title"], name=name, a=a, b=b)
    return bytes(pdf.output())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.brief", description=__doc__)
    parser.add_argument("--dataset", help="dataset whose built database to read (default: GCM_DATASET or demo)")
    parser.add_argument("--db", help="database file (overrides --dataset)")
    parser.add_argument("--country", required=True, help="ISO3 code, e.g. KEN")
    parser.add_argument("--rounds", default="1:2", type=round_pair, help="pair of rounds, e.g. 1:2")
    parser.add_argument("--lang", default="en", choices=list(LANGUAGES), help="language of the brief")
    parser.add_argument("--out", required=True, help="PDF file to write")
    parser.add_argument(
        "--base-url",
        default=os.environ.get("GCM_BASE_URL", DEFAULT_BASE_URL),
        help="the live dashboard's address, for the link (env GCM_BASE_URL)",
    )
    args = parser.parse_args(argv)
    rounds = args.rounds
    path = versions.database_path(args.dataset) if args.db is None else Path(args.db)
    if not path.exists():
        print(f"No database at {path}; build it first with: python -m etl.build", file=sys.stderr)
        return 2
    with duckdb.connect(str(path), read_only=True) as con:
        try:
            data = render(con, args.country, rounds, args.base_url, args.lang)
        except LookupError as exc:
            print(exc, file=sys.stderr)
            return 2
    Path(args.out).write_bytes(data)
    print(f"{args.out}: {len(data):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
