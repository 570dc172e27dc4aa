"""The country brief as an A4 PDF (fpdf2, embedded fonts, HarfBuzz shaping) and its CLI: python -m etl.brief."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

import duckdb
from fpdf import FPDF
from fpdf.fonts import FontFace

from etl import profile, schema, versions
from etl.explain import STREAM_NAMES

DEFAULT_BASE_URL = "http://localhost:8501"
COUNTRIES_PATH = "countries"  # the Countries page's url_path in dashboard/app.py
LANGUAGES = ("en",)  # the catalogue of the other five languages comes later; the fonts below already cover them
# DejaVu Sans (fonts-dejavu-core) covers Latin, Cyrillic and Arabic (en, fr, es, ru, ar); HarfBuzz (uharfbuzz) shapes
# Arabic joining forms and right-to-left runs. Chinese needs Noto Sans CJK SC (fonts-noto-cjk), loaded only when a
# text holds CJK characters: subsetting its 20 MB collection costs about a second.
FONT_DIR = Path("/usr/share/fonts")
REGULAR = FONT_DIR / "truetype/dejavu/DejaVuSans.ttf"
BOLD = FONT_DIR / "truetype/dejavu/DejaVuSans-Bold.ttf"
CJK = (FONT_DIR / "opentype/noto/NotoSansCJK-Regular.ttc", 2)  # face 2 of the collection: Simplified Chinese
FAMILY = "DejaVu"
INK, MUTED, ACCENT, WARN = (33, 33, 33), (95, 99, 104), (0, 114, 178), (178, 34, 34)
BAR_FROM, BAR_TO = (166, 189, 219), (0, 114, 178)


class Brief(FPDF):
    """A4 portrait with a running footer: dataset, country and page number."""

    footer_text = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=7)
        self.set_text_color(*MUTED)
        self.cell(0, 5, f"{self.footer_text} · page {self.page_no()}/{{nb}}", align="C")


def _needs_cjk(texts) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for text in texts for ch in str(text))


def new_document(texts=()) -> Brief:
    """A Brief with the fonts embedded (subset) and text shaping on; CJK fallback only when a text needs it."""
    for path in (REGULAR, BOLD):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: apt-get install fonts-dejavu-core")
    pdf = Brief(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FAMILY, "", REGULAR)
    pdf.add_font(FAMILY, "B", BOLD)
    if _needs_cjk(texts):
        if not CJK[0].exists():
            raise FileNotFoundError(f"{CJK[0]} is missing: apt-get install fonts-noto-cjk")
        pdf.add_font("NotoCJK", "", CJK[0], collection_font_number=CJK[1])
        pdf.set_fallback_fonts(["NotoCJK"])
    pdf.set_text_shaping(True)
    return pdf


def live_url(base_url: str, dataset: str, iso3: str, rounds: tuple[int, int], version: str | None = None) -> str:
    """The Countries page of the live dashboard on the same view (and data version, while it is kept)."""
    query = {"ds": dataset, "geo": iso3, "rounds": f"{rounds[0]}-{rounds[1]}"} | ({"v": version} if version else {})
    return f"{base_url.rstrip('/')}/{COUNTRIES_PATH}?{urlencode(query)}"


def _heading(pdf: Brief, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", align="L")
    pdf.set_font(FAMILY, size=8.5)


def _para(
    pdf: Brief, text: str, size: float = 8.5, color=INK, bold: bool = False, height: float = 4.5, link: str = ""
) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="L", link=link)
    pdf.set_text_color(*INK)


def _table(pdf: Brief, header: list[str], rows: list[list], widths: tuple[int, ...], size: float = 7.5) -> None:
    pdf.set_font(FAMILY, size=size)
    pdf.set_draw_color(200, 200, 200)
    head = FontFace(emphasis="BOLD", fill_color=(235, 239, 244))
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=widths, headings_style=head, line_height=4, padding=0.8, text_align="LEFT", cell_fill_mode="NONE"
    ) as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in cells:
                row.cell("" if cell is None else str(cell))


def _cards(pdf: Brief, p: profile.Profile) -> None:
    """One box per stream (schema.STREAMS order) and the all-streams composite: counts, then class or why none."""
    items = [(c.name, c.n_from, c.n_to, c.class_text) for c in p.cards]
    items.append((STREAM_NAMES[schema.COMPOSITE_STREAM], p.overall.n_from, p.overall.n_to, p.overall.class_text))
    gap, top = 2.0, pdf.get_y() + 1
    width = (pdf.epw - gap * (len(items) - 1)) / len(items)
    for i, (name, n_from, n_to, words) in enumerate(items):
        x = pdf.l_margin + i * (width + gap)
        pdf.set_draw_color(*ACCENT)
        pdf.rect(x, top, width, 24)
        pdf.set_xy(x + 1.5, top + 1.5)
        pdf.set_font(FAMILY, "B", 8)
        pdf.cell(width - 3, 4, name)
        pdf.set_xy(x + 1.5, top + 6)
        pdf.set_font(FAMILY, "B", 13)
        pdf.cell(width - 3, 6, f"{n_from} → {n_to}")
        pdf.set_xy(x + 1.5, top + 13)
        pdf.set_font(FAMILY, size=6.5)
        pdf.multi_cell(width - 3, 3, words, align="L")
    pdf.set_xy(pdf.l_margin, top + 26)


def _roundtable_chart(pdf: Brief, p: profile.Profile) -> None:
    """Horizontal bars per round table, the earlier round above the later one, drawn as vector paths."""
    rows = p.roundtables
    label_w, bar_h, gap = 62, 3.2, 2.6
    peak = max([max(r.n_from, r.n_to) for r in rows] + [1])
    scale = (pdf.epw - label_w - 24) / peak
    y = pdf.get_y() + 1
    for r in rows:
        pdf.set_xy(pdf.l_margin, y)
        pdf.set_font(FAMILY, size=7)
        pdf.multi_cell(label_w - 2, 3.2, f"{r.key}. {r.title}", align="L")
        for j, (n, color) in enumerate(((r.n_from, BAR_FROM), (r.n_to, BAR_TO))):
            yy = y + j * (bar_h + 0.6)
            pdf.set_fill_color(*color)
            if n:
                pdf.rect(pdf.l_margin + label_w, yy, n * scale, bar_h, style="F")
            pdf.set_xy(pdf.l_margin + label_w + n * scale + 1, yy - 0.3)
            pdf.cell(12, bar_h + 0.6, f"{n} (round {p.rounds[j]})")
        y += max(2 * bar_h + 0.6, 6.4) + gap
    pdf.set_xy(pdf.l_margin, y)
    _para(pdf, "Counts of records, all streams added up; each record once per round table.", 7, MUTED)


def _counts(row: profile.GroupRow) -> list[str]:
    return [f"{row.counts[s][0]} → {row.counts[s][1]}" for s in schema.STREAMS]


def render(con, iso3: str, rounds: tuple[int, int], base_url: str = DEFAULT_BASE_URL, lang: str = "en") -> bytes:
    """The brief of one country and pair of rounds as PDF bytes; raises LookupError for an unknown country."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not available yet: use one of {', '.join(LANGUAGES)}")
    p = profile.profile(con, iso3, rounds)
    if p is None:
        raise LookupError(f"no country {iso3!r} in this database")
    info = p.info
    version = versions.version_id(str(info["method_version"]), str(info["input_checksum"]))
    texts = [p.name, *(r["title"] for r in p.records), *(r.get("reason_text") or "" for r in p.reasons)]
    pdf = new_document(texts)
    pdf.set_title(f"Country brief: {p.name}, rounds {rounds[0]}-{rounds[1]}")
    pdf.set_lang(lang)
    pdf.footer_text = f"{info['dataset_title']} · {p.name} · rounds {rounds[0]} → {rounds[1]}"
    pdf.add_page()

    _para(pdf, f"Country brief: {p.name} ({p.iso3})", 17, bold=True, height=8)
    _para(pdf, f"Rounds {rounds[0]} → {rounds[1]} · dataset: {info['dataset_title']} ({info['dataset']})", 9, MUTED)
    if info.get("is_synthetic"):
        _para(
            pdf,
            "Synthetic data: every record in this dataset is invented. These are not real GCM figures.",
            9,
            WARN,
            bold=True,
        )
    pdf.ln(2)
    _para(pdf, profile.sentence(p), 11, bold=True, height=5.5)
    missing = profile.no_records_message(p)
    if missing:
        _para(pdf, missing, 9, WARN)
    _para(
        pdf,
        "Reported activity, not implementation performance: no reported activity is not evidence of regression.",
        7.5,
        MUTED,
    )
    _cards(pdf, p)

    if p.neighbours:
        _heading(pdf, "Sub-region and regional commissions (all objectives)")
        own = (p.overall.n_from, p.overall.n_to)
        rows = [
            [
                ("Sub-region " if n.key[0] == "subregion" else "Commission ") + n.title,
                f"{n.n_from} → {n.n_to}",
                " → ".join(f"{o / t:.0%}" if t else "–" for o, t in zip(own, (n.n_from, n.n_to), strict=True)),
                n.class_text,
            ]
            for n in p.neighbours
        ]
        _table(pdf, ["Geography", "Records", f"{p.name}'s share", "Class (all streams)"], rows, (55, 25, 30, 70))

    _heading(pdf, "By IMRF round table")
    _roundtable_chart(pdf, p)
    names = [STREAM_NAMES.get(s, s) for s in schema.STREAMS]
    per_stream = (pdf.epw - 52 - 46) / len(names)  # a fifth stream narrows the count columns, not the page
    wide = (52, *([per_stream] * len(names)), 46)
    rows = [[f"{r.key}. {r.title}", *_counts(r), r.class_text] for r in p.roundtables]
    _table(pdf, ["Round table", *names, "Class (all streams)"], rows, wide)

    _heading(pdf, "By objective (objectives with reported activity first)")
    active = [o for o in p.objectives if o.active]
    rows = [[f"{o.key}. {o.title}", *_counts(o), o.class_text] for o in active]
    if rows:
        _table(pdf, ["Objective", *names, "Class (all streams)"], rows, wide)
    inactive = profile.inactive_line(p)
    if inactive:
        ids = ", ".join(str(o.key) for o in p.objectives if not o.active)
        _para(pdf, f"{inactive[0].upper()}{inactive[1:]}: {ids}.", 8, MUTED)

    _heading(pdf, f"Records ({len(p.records)} of {p.record_count} shown)" if p.record_count else "Records")
    if p.records:
        rows = [
            [
                STREAM_NAMES.get(r["stream"], r["stream"]),
                r["round_id"],
                r["activity_date"] or "",
                r["title"],
                r["record_id"],
            ]
            for r in p.records
        ]
        _table(pdf, ["Stream", "Round", "Date", "Title", "Id"], rows, (20, 11, 18, 96, 35), size=6.5)
    else:
        _para(pdf, f"No records for {p.name} in rounds {rounds[0]} → {rounds[1]}.")

    _heading(pdf, f"Reasons recorded for round {rounds[1]}")
    if p.reasons:
        rows = [
            [
                r["objective_id"],
                STREAM_NAMES.get(r["stream"], "All streams") if r["stream"] else "All streams",
                r["direction"],
                r["reason_code"].replace("_", " "),
                r["reason_text"] or "",
                r["source_url"] or "",
            ]
            for r in p.reasons
        ]
        _table(pdf, ["Obj.", "Stream", "Direction", "Reason", "In words", "Source"], rows, (10, 20, 17, 30, 70, 33))
    else:
        _para(pdf, f"No reasons recorded for {p.name} for round {rounds[1]}.", 8, MUTED)

    _heading(pdf, "About these figures")
    _para(
        pdf,
        f"Method version {info['method_version']} (docs/METHOD.md) · schema {info['schema_version']} · data "
        f"version {version} · data cut-off {info['data_cutoff']}",
    )
    sources = con.execute("SELECT title, producer, url, licence FROM sources ORDER BY source_id").fetchall()
    cited = "; ".join(dict.fromkeys(f"{t} ({p_})" + (f" {u}" if u else "") for t, p_, u, _ in sources[:1]))
    _para(pdf, f"Sources: {cited}; {len(sources) - 1} input files, licence {info.get('licence') or 'not stated'}.")
    url = live_url(base_url, str(info["dataset"]), p.iso3, rounds, version)
    _para(pdf, f"Live view: {url}", color=ACCENT, link=url)
    return bytes(pdf.output())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.brief", description=__doc__)
    parser.add_argument("--dataset", help="dataset whose built database to read (default: GCM_DATASET or demo)")
    parser.add_argument("--db", help="database file (overrides --dataset)")
    parser.add_argument("--country", required=True, help="ISO3 code, e.g. KEN")
    parser.add_argument("--rounds", default="1:2", help="pair of rounds, e.g. 1:2")
    parser.add_argument("--lang", default="en", choices=LANGUAGES)
    parser.add_argument("--out", required=True, help="PDF file to write")
    parser.add_argument(
        "--base-url",
        default=os.environ.get("GCM_BASE_URL", DEFAULT_BASE_URL),
        help="the live dashboard's address, for the link (env GCM_BASE_URL)",
    )
    args = parser.parse_args(argv)
    try:
        rounds = tuple(int(r) for r in args.rounds.split(":"))
        assert len(rounds) == 2
    except (ValueError, AssertionError):
        parser.error(f"--rounds must look like 1:2, not {args.rounds!r}")
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
