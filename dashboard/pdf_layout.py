"""A4 pages in one language's direction (fpdf2 with HarfBuzz shaping): fonts, paragraphs, headings, tables."""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from dashboard.i18n import direction

# DejaVu Sans (fonts-dejavu-core) covers Latin, Cyrillic and Arabic (en, fr, es, ru, ar); HarfBuzz (uharfbuzz) shapes
# Arabic joining forms and fpdf2's bidi algorithm orders right-to-left runs. Chinese needs Noto Sans CJK SC
# (fonts-noto-cjk), loaded only when a text holds CJK characters: subsetting its 20 MB collection costs about a second.
FONT_DIR = Path("/usr/share/fonts")
REGULAR = FONT_DIR / "truetype/dejavu/DejaVuSans.ttf"
BOLD = FONT_DIR / "truetype/dejavu/DejaVuSans-Bold.ttf"
CJK = (FONT_DIR / "opentype/noto/NotoSansCJK-Regular.ttc", 2)  # face 2 of the collection: Simplified Chinese
CJK_BOLD = (FONT_DIR / "opentype/noto/NotoSansCJK-Bold.ttc", 2)  # headings and the sentence are bold
FAMILY = "DejaVu"
INK, MUTED, ACCENT, WARN = (33, 33, 33), (95, 99, 104), (0, 114, 178), (178, 34, 34)


class Page(FPDF):
    """A4 portrait in one language and direction (its footers are written once the page count is known)."""

    lang = "en"

    @property
    def rtl(self) -> bool:
        return direction(self.lang) == "rtl"

    @property
    def align(self) -> str:
        return "R" if self.rtl else "L"


def needs_cjk(texts) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for text in texts for ch in str(text))


def document(texts=(), lang: str = "en") -> Page:
    """A Page with the fonts embedded (subset) and text shaping on, right to left for Arabic; the CJK fallback
    for Chinese and wherever a text (a record's title) needs it."""
    for path in (REGULAR, BOLD):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: apt-get install fonts-dejavu-core")
    pdf = Page(format="A4")
    pdf.lang = lang
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=16)
    pdf.add_font(FAMILY, "", REGULAR)
    pdf.add_font(FAMILY, "B", BOLD)
    if lang == "zh" or needs_cjk(texts):
        for face in (CJK, CJK_BOLD):
            if not face[0].exists():
                raise FileNotFoundError(f"{face[0]} is missing: apt-get install fonts-noto-cjk")
        pdf.add_font("NotoCJK", "", CJK[0], collection_font_number=CJK[1])
        pdf.add_font("NotoCJK", "B", CJK_BOLD[0], collection_font_number=CJK_BOLD[1])
        pdf.set_fallback_fonts(["NotoCJK"])
    # Each paragraph and table cell is laid out right to left in Arabic (numbers and Latin names inside keep their
    # own direction by the Unicode bidi algorithm); otherwise HarfBuzz guesses per run.
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl" if pdf.rtl else None)
    # The caller writes the footers once the page count is known (dashboard.brief): "{nb}" stays text.
    pdf.alias_nb_pages(None)
    return pdf


def heading(pdf: Page, text: str) -> None:
    """A section heading, never alone at the foot of a page."""
    if pdf.will_page_break(30):
        pdf.add_page()
    pdf.ln(3)
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_text_color(*INK)
    pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT", align=pdf.align)
    pdf.set_font(FAMILY, size=8.5)


def para(
    pdf: Page, text: str, size: float = 8.5, color=INK, bold: bool = False, height: float = 4.5, link: str = ""
) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", size)
    pdf.set_text_color(*color)
    pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align=pdf.align, link=link)
    pdf.set_text_color(*INK)


def lines(pdf: Page, width: float, height: float, text: str) -> int:
    """How many lines `text` takes at `width` in the current font."""
    return len(pdf.multi_cell(width, height, text, dry_run=True, output="LINES"))


def font_size(pdf: Page, texts: list[str], width: float, size: float, style: str = "", whole: bool = False) -> float:
    """The largest font size up to `size` at which each word (or each whole text) fits `width`: a card's name,
    class words and counts vary in length from language to language, and a word cut in two reads badly."""
    pdf.set_font(FAMILY, style, size)
    pieces = [piece for text in texts for piece in ([text] if whole else text.split())]
    widest = max([pdf.get_string_width(piece) for piece in pieces] + [0.0])
    room = width - 2 * pdf.c_margin  # a cell keeps its margin on either side
    return max(5.0, min(size, 0.97 * size * room / widest)) if widest else size


def fit(pdf: Page, header: list[str], widths: tuple[float, ...], size: float, padding: float) -> list[float]:
    """Column widths summing to the page width, each wide enough for the longest word of its heading (a heading
    word cut in two reads badly in any language); the room comes from the columns that have it to spare."""
    pdf.set_font(FAMILY, "B", size)
    scale = pdf.epw / sum(widths)
    need = [max(pdf.get_string_width(w) for w in str(h).split() or [""]) + 2 * padding + 0.6 for h in header]
    out = [max(w * scale, n) for w, n in zip(widths, need, strict=True)]
    spare = [max(w * scale - n, 0) for w, n in zip(widths, need, strict=True)]
    excess = sum(out) - pdf.epw
    if excess > 0 and sum(spare) > 0:
        out = [w - excess * s / sum(spare) if s else w for w, s in zip(out, spare, strict=True)]
    return out


def table(pdf: Page, header: list[str], rows: list[list], widths: tuple[float, ...], size: float = 7.5) -> None:
    """A table whose first column sits at the reading start: on the right in Arabic."""
    order = (lambda cells: list(cells)[::-1]) if pdf.rtl else list
    widths = fit(pdf, header, widths, size, padding=0.8)
    pdf.set_font(FAMILY, size=size)
    pdf.set_draw_color(200, 200, 200)
    head = FontFace(emphasis="BOLD", fill_color=(235, 239, 244))
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(
        col_widths=tuple(order(widths)),
        headings_style=head,
        line_height=4,
        padding=0.8,
        text_align="RIGHT" if pdf.rtl else "LEFT",
        cell_fill_mode="NONE",
    ) as table:
        for cells in [header, *rows]:
            row = table.row()
            for cell in order(cells):
                row.cell("" if cell is None else str(cell))
