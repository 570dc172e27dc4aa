"""The country brief PDF (etl.brief): it opens, carries the expected pages and text, and embeds its fonts."""

import io

import duckdb
import pypdf
import pytest

from etl import brief, profile

pytestmark = pytest.mark.usefixtures("brief_fonts")


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _fonts(data: bytes) -> dict[str, bool]:
    """Base font name -> whether its file is embedded."""
    out = {}
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            out[str(font["/BaseFont"])] = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


@pytest.fixture(scope="module")
def kenya_pdf(demo_db, tmp_path_factory) -> bytes:
    out = tmp_path_factory.mktemp("brief") / "ken.pdf"
    args = ["--db", str(demo_db), "--country", "KEN", "--rounds", "1:2", "--lang", "en", "--out", str(out)]
    assert brief.main(args) == 0
    return out.read_bytes()


def test_the_brief_opens_and_states_that_the_demo_is_synthetic(kenya_pdf, demo_db):
    pages = _pages(kenya_pdf)
    first = pages[0]
    assert first.startswith("Country brief: Kenya (KEN)")
    assert "Synthetic data: every record in this dataset is invented" in first
    with duckdb.connect(str(demo_db), read_only=True) as con:
        sentence = profile.sentence(profile.profile(con, "KEN", (1, 2)))
    assert " ".join(sentence.split()) in " ".join(first.split())
    for card in ("Pledges", "Practices", "GCM Talks", "Submissions", "All streams"):
        assert card in first
    everything = "\n".join(pages)
    for heading in ("By IMRF round table", "By objective", "No reported activity on"):
        assert heading in everything
    assert "Records (3 of 3 shown)" in everything
    assert "Reasons recorded for round 2" in everything
    last = " ".join(pages[-1].split())
    assert "About these figures" in last and "Method version 1.1" in last and "data cut-off 2026-10-31" in last
    assert "Live view: http://localhost:8501/countries?ds=demo&geo=KEN&rounds=1-2&v=1.1-" in last
    assert all(f"page {i}/{len(pages)}" in text for i, text in enumerate(pages, start=1))


def test_fonts_are_embedded_and_the_text_is_selectable(kenya_pdf):
    fonts = _fonts(kenya_pdf)
    assert fonts and all(fonts.values())
    assert any("DejaVuSans" in name for name in fonts)
    assert pypdf.PdfReader(io.BytesIO(kenya_pdf)).metadata.title == "Country brief: Kenya, rounds 1-2"


def test_the_records_are_capped_at_fifty_with_their_count(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        data = brief.render(con, "SVK", (1, 2), base_url="https://gcm.example.org/")
        total = profile.records(con, "SVK", (1, 2))[1]
    text = "\n".join(_pages(data))
    assert f"Records (50 of {total} shown)" in text
    assert "https://gcm.example.org/countries?ds=demo&geo=SVK&rounds=1-2" in text


def test_a_real_dataset_has_no_synthetic_warning_and_an_empty_country_says_so(fixture_con):
    data = brief.render(fixture_con, "SUR", (1, 2))
    first = _pages(data)[0]
    assert "Synthetic data" not in first
    assert "No records for Suriname in rounds 1 → 2" in first


def test_chinese_text_pulls_in_the_cjk_font_and_arabic_is_shaped_by_dejavu(tmp_path):
    pdf = brief.new_document(["全球移民契约"])
    pdf.add_page()
    pdf.set_font(brief.FAMILY, size=10)
    pdf.multi_cell(0, 5, "全球移民契约 · الاتفاق العالمي من أجل الهجرة", new_x="LMARGIN", new_y="NEXT")
    data = bytes(pdf.output())
    assert any("NotoSansCJK" in name for name in _fonts(data))
    text = _pages(data)[0]
    assert "الهجرة" in text and "全" in text


def test_unknown_countries_and_languages_are_refused(fixture_con, tmp_path):
    with pytest.raises(LookupError):
        brief.render(fixture_con, "XXX", (1, 2))
    with pytest.raises(ValueError, match="not available yet"):
        brief.render(fixture_con, "KEN", (1, 2), lang="xx")
    assert brief.main(["--db", str(tmp_path / "none.duckdb"), "--country", "KEN", "--out", str(tmp_path / "x")]) == 2
