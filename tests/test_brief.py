"""The country brief PDF (dashboard.brief) in the six languages: it opens, says what the Countries page says in the
same words, reads right to left in Arabic, and embeds its fonts."""

import io
import re

import duckdb
import pypdf
import pytest

from dashboard import brief, pdf_layout, queries, sentences
from dashboard.i18n import LANGUAGES, PSEUDO, STRINGS, t, use_language
from dashboard.l10n import fmt_date
from dashboard.names import Names
from etl import profile

pytestmark = pytest.mark.usefixtures("brief_fonts")


def _pages(data: bytes) -> list[str]:
    # pypdf puts a NUL before each glyph it reads from a fallback font (Noto CJK): the font's own map is clean.
    return [page.extract_text().replace("\x00", "") for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _fonts(data: bytes) -> dict[str, bool]:
    """Base font name -> whether its file is embedded."""
    out = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            out[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


def _names(con, lang: str) -> Names:
    return Names.from_frame(lang, queries.labels(con, lang=lang))


@pytest.fixture(scope="module")
def demo_con(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        yield con


@pytest.fixture(scope="module")
def kenya(demo_db, tmp_path_factory) -> dict[str, bytes]:
    """Kenya's brief for rounds 1 → 2 in each language, written by the CLI as a user would."""
    folder = tmp_path_factory.mktemp("brief")
    out = {}
    for lang in LANGUAGES:
        path = folder / f"ken_{lang}.pdf"
        args = ["--db", str(demo_db), "--country", "KEN", "--rounds", "1:2", "--lang", lang, "--out", str(path)]
        assert brief.main(args) == 0
        out[lang] = path.read_bytes()
    return out


def test_the_english_brief_opens_and_states_that_the_demo_is_synthetic(kenya, demo_con):
    pages = _pages(kenya["en"])
    first = pages[0]
    assert first.startswith("Country brief: Kenya (KEN)")
    assert "Synthetic demo data, not real GCM figures." in first
    p = profile.profile(demo_con, "KEN", (1, 2))
    with use_language("en"):
        sentence = sentences.country_sentence(p, "Kenya")
    assert sentence.startswith("Kenya, rounds 1 → 2: Pledges ") and _flat(sentence) in _flat(first)
    for card in ("Pledges", "Practices", "GCM Talks", "Submissions", "All streams"):
        assert card in first
    everything = _flat("\n".join(pages))
    for heading in ("By IMRF round table, rounds 1 → 2", "By objective, rounds 1 → 2", "Objectives with no reported"):
        assert heading in everything
    assert "Records of Kenya, rounds 1 and 2" in everything and "The first" not in everything
    assert "Reasons recorded for round 2" in everything
    last = _flat(pages[-1])
    assert "About these figures" in last and "Method version 1.1" in last and "data cut-off Oct 31, 2026" in last
    assert "Live view: http://localhost:8501/countries?ds=demo&geo=KEN&rounds=1-2&v=1.1-" in last
    assert all(f"page {i}/{len(pages)}" in text for i, text in enumerate(pages, start=1))


def test_fonts_are_embedded_and_the_text_is_selectable(kenya):
    fonts = _fonts(kenya["en"])
    assert fonts and all(fonts.values())
    assert any("DejaVuSans" in name for name in fonts)
    assert pypdf.PdfReader(io.BytesIO(kenya["en"])).metadata.title == "Country brief: Kenya, rounds 1-2"


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_the_cli_writes_the_brief_in_each_language(kenya, demo_con, lang):
    reader = pypdf.PdfReader(io.BytesIO(kenya[lang]))
    name = _names(demo_con, lang).name("country", "KEN")
    with use_language(lang):
        title, doc_title = t("brief.title", name=name, iso3="KEN"), t("brief.doc_title", name=name, a=1, b=2)
        warning, caveat = t("banner.synthetic"), t("countries.not_performance")
    first = _flat(_pages(kenya[lang])[0])
    # pypdf reads Arabic in logical order but mirrors the brackets around a left-to-right code: compare the words.
    assert (title.split("(")[0].strip() if lang == "ar" else title) in first
    assert _flat(warning) in first and _flat(caveat)[:40] in first
    assert reader.metadata.title == doc_title
    assert reader.trailer["/Root"]["/Lang"] == lang
    assert all(_fonts(kenya[lang]).values())


def test_the_french_brief_says_what_the_french_countries_page_says(demo_con):
    """Slovakia (Slovaquie): the page's sentence, class words, headings and names, in French; no English word left
    but the data's own (record titles and the dataset's title); its 50 first records of more, and the link."""
    pages = _pages(brief.render(demo_con, "SVK", (1, 2), base_url="https://gcm.example.org/", lang="fr"))
    text = _flat("\n".join(pages))
    p = profile.profile(demo_con, "SVK", (1, 2))
    names = _names(demo_con, "fr")
    with use_language("fr"):
        sentence = sentences.country_sentence(p, "Slovaquie")
        words = [sentences.class_words(n.category) for n in p.neighbours if n.category]
        expected = [
            t("brief.title", name="Slovaquie", iso3="SVK"),
            t("countries.roundtables_heading", a=1, b=2),
            t("countries.records_heading", name="Slovaquie", a=1, b=2),
            t("countries.records_first", shown=50, total=p.record_count),
            t("countries.subregion", name=names.name("subregion", p.subregion)),
            t("brief.about_heading"),
            t("brief.footer", dataset=p.info["dataset_title"], name="Slovaquie", a=1, b=2, page=1, pages=len(pages)),
        ]
    assert sentence.startswith("Slovaquie, cycles 1 → 2 : Engagements ")
    assert _flat(sentence) in text
    assert words and all(w in text for w in words) and "Progrès" in " ".join(words)
    for line in expected:
        assert _flat(line) in text, line
    assert fmt_date(p.info["data_cutoff"], "fr") in text
    english = ("Country brief", "Records of", "Reasons recorded", "About these figures", "Live view", "Sub-region")
    assert not [words for words in english if words in text]
    assert p.record_count > len(p.records) == 50
    assert "Vue en ligne : https://gcm.example.org/countries?ds=demo&geo=SVK&rounds=1-2&v=1.1-" in text


def _without_marked(text: str) -> str:
    """The text with every ⟦…⟧ span removed, innermost first (a sentence wraps the items it holds)."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    return text


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{2,}", text))


def test_every_word_of_the_brief_comes_from_the_catalogue_or_the_data(demo_con):
    """In the pseudo-locale each catalogue string is wrapped in ⟦…⟧: what is left is data (names, titles, record
    ids, dates, sources, the link), never English typed into the renderer."""
    iso3 = "PER"  # records of every stream, reasons with their codes, a sub-region and a commission
    p = profile.profile(demo_con, iso3, (1, 2))
    left = _without_marked("\n".join(_pages(brief.render(demo_con, iso3, (1, 2), lang=PSEUDO))))
    names = _names(demo_con, "en")
    sources = queries.sources(demo_con)
    data = " ".join(
        str(value or "")
        for value in (
            p.name,
            *p.info.values(),
            *(v for r in p.records for v in r.values()),
            *(fmt_date(r["activity_date"], "en") for r in p.records if r["activity_date"]),
            *(v for r in p.reasons for v in r.values()),
            *(o.title for o in p.objectives),
            *(r.title for r in p.roundtables),
            *(names.geo(*n.key) for n in p.neighbours),
            *(names.name("commission_short", n.key[1]) for n in p.neighbours),
            *sources.astype(str).to_numpy().ravel(),
            fmt_date(p.info["data_cutoff"], "en"),
            "http localhost countries ds demo geo rounds",
        )
    )
    # A word of the data may be cut where a table cell wraps it (a long source URL): a piece of the data is data.
    assert {word for word in _words(left) if word not in data} == set()


def test_a_real_dataset_has_no_synthetic_warning_and_an_empty_country_says_so(fixture_con):
    data = brief.render(fixture_con, "SUR", (1, 2))
    first = _pages(data)[0]
    assert "Synthetic" not in first
    assert "No records for Suriname in rounds 1 → 2" in first


def test_arabic_reads_right_to_left_and_chinese_pulls_in_the_cjk_font(kenya, demo_con):
    arabic = "\n".join(_pages(kenya["ar"]))
    assert len(re.findall(r"[\u0600-\u06ff]", arabic)) > 500
    assert "كينيا" in arabic and "الموجز القطري" in arabic
    assert not any("NotoSansCJK" in name for name in _fonts(kenya["ar"]))
    # Right to left: the title ends at the right margin, so its first glyph is drawn well right of the left one.
    xs = []
    pypdf.PdfReader(io.BytesIO(kenya["ar"])).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, *_: xs.append(tm[4]) if text.strip() else None
    )
    assert xs and xs[0] > 50 * 72 / 25.4
    chinese = "\n".join(_pages(kenya["zh"]))
    assert "肯尼亚" in chinese and "国家简报" in chinese
    assert any("NotoSansCJK" in name for name in _fonts(kenya["zh"]))


def test_a_cjk_record_title_pulls_in_the_cjk_font_in_any_language():
    pdf = pdf_layout.document(["全球移民契约"])
    pdf.add_page()
    pdf.set_font(pdf_layout.FAMILY, size=10)
    pdf.multi_cell(0, 5, "全球移民契约 · الاتفاق العالمي من أجل الهجرة", new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    assert any("NotoSansCJK" in name for name in _fonts(data))
    text = _pages(data)[0]
    assert "الهجرة" in text and "全" in text


def test_the_review_clause_is_one_whole_clause_per_case():
    """The sentence's voluntary-review part, as the page and the brief say it (one catalogue entry per case)."""
    clause = sentences._review_clause
    with use_language("en"):
        assert clause((True, True), 1, 2) == "voluntary GCM review submitted in both rounds"
        assert clause((False, True), 1, 2) == "voluntary GCM review submitted in round 2, not in round 1"
        assert clause((None, True), 1, 2) == "voluntary GCM review submitted in round 2"
        assert clause((True, False), 1, 2) == "voluntary GCM review submitted in round 1, not in round 2"
        assert clause((False, False), 1, 2) == "no voluntary GCM review reported in either round"
        assert clause((None, None), 1, 2) is None
    with use_language("fr"):
        assert clause((True, True), 1, 2) == t("profile.review.both") != STRINGS["profile.review.both"]


def test_unknown_countries_and_languages_are_refused(fixture_con, tmp_path):
    with pytest.raises(LookupError):
        brief.render(fixture_con, "XXX", (1, 2))
    with pytest.raises(ValueError, match="unknown language"):
        brief.render(fixture_con, "KEN", (1, 2), lang="xx")
    assert brief.main(["--db", str(tmp_path / "none.duckdb"), "--country", "KEN", "--out", str(tmp_path / "x")]) == 2
    with pytest.raises(SystemExit):
        brief.main(["--country", "KEN", "--lang", "de", "--out", str(tmp_path / "x")])
