"""Cell parsers: lists, dates, Hub date ranges, objectives, principles and countries."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from etl import cell_values
from etl.cell_values import ParseError


@pytest.mark.parametrize(
    ("cell", "iso3"),
    [
        ("KEN", "KEN"),
        ("Kenya", "KEN"),
        ("Portugal (201)", "PRT"),
        ("United States of America (USA) (248)", "USA"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Republic of Moldova", "MDA"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"),
        ("Gambia, The", "GMB"),
        ("The Gambia", "GMB"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Venezuela (Bolivarian Republic of)", "VEN"),
        ("United Republic of Tanzania", "TZA"),
        ("Democratic Republic of the Congo", "COD"),
        ("Viet Nam", "VNM"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("Namibia", "NAM"),
        ("Global (23641)", "Global"),
        ("global", "Global"),
    ],
)
def test_country_spellings(cell, iso3):
    assert cell_values.parse_country(cell) == iso3


def test_every_country_alias_names_a_known_iso3_and_resolves_to_it():
    """data/reference/country_aliases.csv: each alias gives its country, says why it is kept, and is listed once."""
    rows = cell_values._read_reference("country_aliases.csv")
    codes = cell_values._country_lookup()[2]
    assert len(rows) >= 30
    assert [r["iso3"] for r in rows if r["iso3"] not in codes] == []
    assert [r["alias"] for r in rows if cell_values.parse_country(r["alias"]) != r["iso3"]] == []
    assert [r["alias"] for r in rows if not r["why"].strip()] == []
    normalised = [cell_values._normalise(r["alias"]) for r in rows]
    assert len(set(normalised)) == len(normalised)


@pytest.mark.parametrize(
    ("cell", "fragment"),
    [
        ("Atlantis", "is not a known country"),
        ("Kenyia", "did you mean 'Kenya'?"),
        ("Korea", "is ambiguous: write Republic of Korea (KOR) or Democratic People's Republic of Korea (PRK)"),
    ],
)
def test_unknown_countries_say_what_to_write(cell, fragment):
    with pytest.raises(ParseError, match=fragment.replace("(", r"\(").replace(")", r"\)").replace("?", r"\?")):
        cell_values.parse_country(cell)


def test_global_is_refused_where_a_single_country_is_asked():
    with pytest.raises(ParseError):
        cell_values.parse_country("Global", allow_global=False)


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("5", 5),
        ("Objective 5", 5),
        ("obj. 23", 23),
        ("Regular pathways", 5),
        ("Enhance availability and flexibility of pathways for regular migration", 5),
        ("5. Enhance availability and flexibility of pathways for regular migration", 5),
        ("Use immigration detention only as a measure of last resort and work towards alternatives", 13),
        ("SAVE LIVES", 8),
    ],
)
def test_objectives_as_numbers_titles_and_short_titles(cell, number):
    assert cell_values.parse_objective(cell) == number


@pytest.mark.parametrize("cell", ["0", "24", "Objective 25", "-1", "Save live"])
def test_objectives_outside_the_compact_are_refused(cell):
    with pytest.raises(ParseError, match="GCM objective"):
        cell_values.parse_objective(cell)


def test_principles_by_number_or_name():
    assert cell_values.parse_principle("Child-sensitive") == 8
    assert cell_values.parse_principle("10") == 10
    with pytest.raises(ParseError):
        cell_values.parse_principle("11")


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2022-07-07", (date(2022, 7, 7), "day")),
        ("2022-07", (date(2022, 7, 1), "month")),
        ("2022", (date(2022, 1, 1), "year")),
        ("2022-07-07 10:12:33", (date(2022, 7, 7), "day")),
        ("Thu, 07/07/2022 - 10:12", (date(2022, 7, 7), "day")),
    ],
)
def test_dates_keep_their_precision(cell, expected):
    parsed = cell_values.parse_date(cell)
    assert (parsed.value, parsed.precision) == expected


def test_partial_dates_are_placed_at_their_middle():
    assert cell_values.parse_date("2022").midpoint == date(2022, 7, 2)
    assert cell_values.parse_date("2021-02").midpoint == date(2021, 2, 14)
    assert cell_values.parse_date("2021-02-03").midpoint == date(2021, 2, 3)


@pytest.mark.parametrize("cell", ["2022-13-01", "2022-02-30", "22-01-01", "yesterday", "2022/01/01"])
def test_malformed_dates_are_refused(cell):
    with pytest.raises(ParseError):
        cell_values.parse_date(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2021 - Present", (2021, None, True)),
        ("2015 - 2018", (2015, 2018, False)),
        ("2015–2018", (2015, 2018, False)),
        ("2019", (2019, 2019, False)),
    ],
)
def test_hub_date_ranges(cell, expected):
    r = cell_values.parse_year_range(cell)
    assert (r.start_year, r.end_year, r.is_ongoing) == expected


def test_hub_date_range_ending_before_it_starts_is_refused():
    with pytest.raises(ParseError, match="ends before it starts"):
        cell_values.parse_year_range("2019 - 2015")


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_iso_dates_round_trip(value):
    assert cell_values.parse_date(value.isoformat()).value == value


@given(st.integers(1945, 2100), st.integers(0, 30), st.booleans())
def test_year_ranges_round_trip(start, length, ongoing):
    text = f"{start} - Present" if ongoing else f"{start} - {start + length}"
    r = cell_values.parse_year_range(text)
    assert r.start_year == start
    assert r.end_year == (None if ongoing else start + length)


items = st.text(alphabet=st.characters(blacklist_characters=";", blacklist_categories=("Cs",)), min_size=1)


@given(st.lists(items.map(str.strip).filter(bool), max_size=6))
def test_split_list_round_trips_joined_items(values):
    assert cell_values.split_list(";".join(values)) == values


@given(st.integers(1, 23))
def test_every_objective_round_trips_through_its_titles(number):
    import csv

    from etl import paths

    with (paths.REFERENCE / "objectives.csv").open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if int(r["objective_id"]) == number)
    assert cell_values.parse_objective(row["title"]) == number
    assert cell_values.parse_objective(row["short_title"]) == number
    assert cell_values.parse_objective(f"Objective {number}") == number


any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
PARSERS = [
    cell_values.parse_date,
    cell_values.parse_year_range,
    cell_values.parse_objective,
    cell_values.parse_principle,
    cell_values.parse_country,
    cell_values.parse_urls,
]


@pytest.mark.parametrize("parse", PARSERS, ids=lambda f: f.__name__)
@given(cell=any_text)
def test_parsers_answer_any_text_with_a_value_or_a_parse_error(parse, cell):
    try:
        parse(cell)
    except ParseError as exc:
        assert str(exc)


@given(st.lists(st.integers(-5, 30), max_size=5))
def test_objective_numbers_are_accepted_exactly_in_1_to_23(numbers):
    for number in numbers:
        if 1 <= number <= 23:
            assert cell_values.parse_objective(str(number)) == number
        else:
            with pytest.raises(ParseError):
                cell_values.parse_objective(str(number))


@given(st.sampled_from(sorted(cell_values._country_lookup()[0])), st.sampled_from(["", " ", "  "]))
def test_every_known_country_name_resolves_with_stray_spaces(name, pad):
    assert len(cell_values.parse_country(pad + name + pad)) == 3


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Kenia", "KEN"),
        ("Кения", "KEN"),
        ("肯尼亚", "KEN"),
        ("كينيا", "KEN"),
        ("Côte d’Ivoire", "CIV"),
        ("Égypte", "EGY"),
    ],
)
def test_country_names_in_the_six_un_languages(name, iso3):
    # The importer reads a country named in any UN language (UNSD M49 names), after ISO3 codes and English names.
    assert cell_values.parse_country(name) == iso3


def test_the_build_holds_the_labels_with_unofficial_ones_marked(tmp_path):
    from etl.sources import reference

    labels = reference.transform(reference.read())["labels"]
    assert set(labels["lang"]) == {"ar", "zh", "en", "fr", "ru", "es"}
    kenya = labels[(labels["kind"] == "country") & (labels["id"] == "KEN")].set_index("lang")["text"]
    assert kenya["ru"] == "Кения" and kenya["fr"] == "Kenya"
    taiwan = labels[(labels["kind"] == "country") & (labels["id"] == "TWN")]
    assert not taiwan["official"].any()  # UNSD has no row for Taiwan: our own names, marked unofficial
