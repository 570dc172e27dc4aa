"""Issue 13: no personal data imported, counts read as written, duplicates found by meaning, bounded output."""

import csv
import shutil
from datetime import date

import duckdb
import pyarrow as pa
import pytest

from etl import build, cell_kinds, cell_values
from etl.cell_values import ParseError
from etl.error_codes import TEXT_TOO_LONG
from etl.parsed_columns import screen_personal_data
from etl.sources import pledges
from etl.validate import MAX_MESSAGE_CHARS, Context, Problem, parse_import, read_csv_file
from tests.conftest import FIXTURES, GOOD

CTX = Context(date(2025, 12, 31), frozenset({1, 2, 3}), frozenset())
WEBFORM = FIXTURES / "webform" / "pledges.csv"
GOOD_PLEDGE = ["b-1", "A pledge", "Kenya", "State", "individual", "", "KEN", "5", "", "2022-01-10", "", "", "", ""]


def _write(path, header, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def _table_text(db) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        names = [n for (n,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return "\n".join(con.execute(f"SELECT * FROM {n}").df().to_csv(index=False) for n in names)


# ---------------------------------------------------------------- 1. web-form questions matched whole


@pytest.mark.parametrize(
    "label",
    [
        "Name of entity submitting the pledge - contact person",
        "Name of entity submitting the pledge (e-mail of the focal point)",
        "ID of the matched pledge: contact e-mail of the matching entity",
        "Please select the main three GCM objectives that the pledge is contributing to - contact phone",
        "Please indicate which GCM Guiding Principle is/are particularly relevant for the pledge (name of the author)",
        "Name of the pledge author",
        "Created by (e-mail)",
    ],
)
def test_webform_questions_that_only_start_like_a_known_one_are_not_read(label):
    assert pledges._webform_column(label) is None


def test_every_known_webform_question_is_read_whatever_its_case_spacing_or_trailing_colon():
    header = next(csv.reader(WEBFORM.open(encoding="utf-8")))
    read = {label: pledges._webform_column(label) for label in header if pledges._webform_column(label)}
    assert sorted(set(read.values())) == sorted(
        ["pledge_id", "pledged_on", "last_updated", "title", "pledging_entity", "entity_category", "countries"]
        + ["pledge_type", "matched_pledge_id", "objectives", "guiding_principles"]
    )
    for label in [*read, "Tentative deadline of implementation"]:
        assert pledges._webform_column("  " + label.rstrip(":").upper().replace(" ", " \u00a0") + " : ") is not None, (
            label
        )


def test_webform_contact_questions_named_like_allowed_ones_never_reach_a_table(tmp_path):
    with WEBFORM.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    extra = {
        "Name of entity submitting the pledge - contact person": "Awa Contactperson",
        "Name of entity submitting the pledge (e-mail of the focal point)": "focal.point@example.org",
        "ID of the matched pledge: contact e-mail of the matching entity": "Matching Focalpoint",
    }
    _write(tmp_path / "pledges.csv", header + list(extra), [row + list(extra.values()) for row in rows])
    raw = pledges.read(tmp_path)
    parsed, problems = parse_import(pledges.SPEC, raw, CTX)
    assert not [p for p in problems if p.severity == "error"]
    text = "\n".join(frame.to_csv(index=False) for frame in pledges.transform(parsed).values())
    for value in extra.values():
        assert value not in text
    (notice,) = [p for p in problems if "not imported" in p.message]
    assert all(label in notice.message for label in extra)


# ---------------------------------------------------------------- 2. e-mail addresses and phone numbers removed


TEXT_EXAMPLES = [
    ("Write to maria.exemplo@example.org", "Write to [removed]", 1, 0),
    ("jo[at]un.org or jo(at)un.org", "[removed] or [removed]", 2, 0),
    ("see a%40b.org", "see [removed]", 1, 0),
    ("mailto:x@y.org", "mailto:[removed]", 1, 0),
    ("Contact +351 21 000 0000", "Contact [removed]", 0, 1),
    ("+1 (212) 555-0100 (office)", "[removed] (office)", 0, 1),
    ("(+41) 22 000 00 00", "[removed]", 0, 1),
    ("(022) 917 1234", "[removed]", 0, 1),
    ("Tel: 022 917 12 34", "Tel: [removed]", 0, 1),
    ("phone no. 0712 345 678", "phone no. [removed]", 0, 1),
    ("WhatsApp +254712345678", "WhatsApp [removed]", 0, 1),
    ("tel:+41220000000", "tel:[removed]", 0, 1),
    ("tel. +41 22 917 12 34 (2018-2022)", "tel. [removed] (2018-2022)", 0, 1),
    ("a@b.org, +41 22 000 00 00, +41 22 000 00 01", "[removed], [removed], [removed]", 1, 2),
]


@pytest.mark.parametrize(("cell", "expected", "emails", "phones"), TEXT_EXAMPLES)
def test_emails_and_phone_numbers_in_free_text_are_removed(cell, expected, emails, phones):
    assert cell_kinds.scrub_text(cell) == (expected, emails, phones)


@pytest.mark.parametrize(
    "cell",
    [
        "Regional plan 2018-2022",
        "Regional plan (2018-2022)",
        "Action plan (2019) 2020-2022",
        "Support to 1,234 migrants",
        "Support to 12,000,000 migrants by phone",
        "20 000 000 people",
        "Adopted on 2024-03-11",
        "A/RES/73/195 of 19 December 2018",
        "SDG 10.7 and SDG 10.7.2",
        "ISBN 978-92-9068-123-4",
        "+1 pledge",
        "+25% between 2019 and 2023",
        "Mobile phone 2019-2023",
        "Call 0712 345 678",
        "@UNmigration",
        "Hotel 12345678",
        "Phase 2 (2021 - 2023)",
    ],
)
def test_numbers_that_are_not_phone_numbers_are_kept(cell):
    assert cell_kinds.scrub_text(cell) == (cell, 0, 0)


URL_EXAMPLES = [
    ("https://x.org/p?email=a@b.org", "https://x.org/p", 1, 0),
    ("https://x.org/p?id=3&email=a%40b.org&x=1", "https://x.org/p?id=3&x=1", 1, 0),
    ("https://x.org/p?phone=0229171234", "https://x.org/p", 0, 1),
    ("https://x.org/p?q=%2B41%2022%20000%2000%2000", "https://x.org/p", 0, 1),
    ("https://maria@x.org/p", "https://x.org/p", 1, 0),
    ("https://x.org/users/a@b.org/p#c", "https://x.org/users/[removed]/p#c", 1, 0),
    ("https://x.org/a;mailto:a@b.org", "https://x.org/a", 1, 0),
    ("tel:+41220000000", "", 0, 1),
    ("https://x.org/p?page=2&years=2018-2022", "https://x.org/p?page=2&years=2018-2022", 0, 0),
    ("https://x.org/p?q=%28022%29%20917%201234", "https://x.org/p", 0, 1),
    ("https://x.org/a ; https://x.org/b", "https://x.org/a ; https://x.org/b", 0, 0),
]


@pytest.mark.parametrize(("cell", "expected", "emails", "phones"), URL_EXAMPLES)
def test_emails_and_phone_numbers_in_web_addresses_are_removed(cell, expected, emails, phones):
    assert cell_kinds.scrub_urls(cell) == (expected, emails, phones)


@pytest.mark.parametrize(
    ("kind", "cell", "emails", "phones"),
    [("text", c, e, p) for c, _, e, p in TEXT_EXAMPLES] + [("urls", c, e, p) for c, _, e, p in URL_EXAMPLES],
)
def test_the_arrow_prefilter_lets_every_personal_cell_through_to_the_screen(kind, cell, emails, phones):
    _, _, found_emails, found_phones = screen_personal_data(kind, pa.array([cell]))
    assert (list(found_emails), list(found_phones)) == (([emails], [phones]) if emails or phones else ([], []))


PERSONAL = {
    "pledges.csv": (
        "pd-1,Write to maria.exemplo@example.org or +41 22 917 12 34,Ministry (tel. +254 20 123 4567),State,,"
        "ask focal.point@example.org,KEN,5,,2022-01-10,,,,https://example.org/p?id=1&email=a%40example.org;"
        "mailto:x@example.org\n"
        "pd-2,Plan 2018-2022 for 1 234 migrants (A/RES/73/195; SDG 10.7),Kenya,State,,,KEN,5,,2022-01-10,,,,"
        "https://example.org/p/2\n"
    ),
    "submissions.csv": "ECA,3,UGA,member_state,voluntary_review,1,2025-08,,call "
    "j.doe@example.org,https://example.org/s\n",
    "reasons.csv": "6,KEN,pledges,2,enabler,policy_or_legal_change,Phone +44 20 7946 "
    "0958,https://example.org/r,2025-03-01\n",
}
PERSONAL_VALUES = [
    "maria.exemplo@example.org",
    "917 12 34",
    "123 4567",
    "focal.point@example.org",
    "a%40example.org",
    "x@example.org",
    "j.doe@example.org",
    "7946 0958",
]


@pytest.mark.slow  # whole builds (2-4 s): the full suite runs it, the fast loop does not
def test_personal_data_in_text_and_urls_is_removed_before_anything_is_stored(tmp_path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(GOOD, raw)
    for name, rows in PERSONAL.items():
        with (raw / name).open("a", encoding="utf-8") as f:
            f.write(rows)
    db = tmp_path / "x.duckdb"
    assert build.main(["--raw", str(raw), "--db", str(db)]) == 0
    printed = capsys.readouterr().out
    text = _table_text(db)
    for value in PERSONAL_VALUES:
        assert value not in text and value not in printed, value
    assert "Plan 2018-2022 for 1 234 migrants (A/RES/73/195; SDG 10.7)" in text
    with duckdb.connect(str(db), read_only=True) as con:
        report = con.execute(
            "SELECT file_name, column_name, message FROM validation_report WHERE message LIKE '%personal data%' "
            "ORDER BY ALL"
        ).fetchall()
        assert con.execute("SELECT source_url FROM pledges WHERE pledge_id = 'pd-1'").fetchone() == (
            "https://example.org/p?id=1",
        )
    suffix = "removed (personal data is never imported)"
    assert report == [
        ("pledges.csv", "matched_pledge_id", f"1 e-mail address(es) {suffix}"),
        ("pledges.csv", "pledging_entity", f"1 phone number(s) {suffix}"),
        ("pledges.csv", "source_url", f"2 e-mail address(es) {suffix}"),
        ("pledges.csv", "title", f"1 e-mail address(es) and 1 phone number(s) {suffix}"),
        ("reasons.csv", "text", f"1 phone number(s) {suffix}"),
        ("submissions.csv", "note", f"1 e-mail address(es) {suffix}"),
    ]


def _check(tmp_path, rows) -> list[str]:
    _write(tmp_path / "pledges.csv", pledges.SPEC.field_names, rows)
    return [str(p) for p in parse_import(pledges.SPEC, read_csv_file(tmp_path / "pledges.csv"), CTX)[1]]


def test_an_id_holding_personal_data_is_refused_without_showing_it(tmp_path):
    row = ["maria@example.org", *GOOD_PLEDGE[1:]]
    assert _check(tmp_path, [row, row]) == [
        "pledges.csv:2: pledge_id: [GCM-E501] the id holds an e-mail address or phone number: personal data is "
        "never imported, use another id",
        "pledges.csv:3: pledge_id: [GCM-E501] the id holds an e-mail address or phone number: personal data is "
        "never imported, use another id",
    ]


def test_error_messages_never_show_personal_data(tmp_path):
    row = list(GOOD_PLEDGE)
    row[6], row[9] = "maria@example.org", "+41 22 917 12 34"
    assert _check(tmp_path, [row]) == [
        'pledges.csv:2: countries: [GCM-E602] "[removed]" is not a known country: give its ISO3 code or UN name',
        'pledges.csv:2: pledged_on: [GCM-E402] "[removed]" is not a date: write YYYY-MM-DD, YYYY-MM or YYYY',
    ]


# ---------------------------------------------------------------- 3. counts read as written


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("1234", 1234),
        ("0", 0),
        ("1,234", 1234),
        ("1,234,567", 1234567),
        ("1 234", 1234),
        ("1\u00a0234", 1234),
        ("1\u202f234", 1234),
        ("1\u2009234 567", None),
        ("1\u2009234", 1234),
        ("2147483647", 2147483647),
        ("2,147,483,647", 2147483647),
    ],
)
def test_counts_with_thousands_separators_in_threes(cell, value):
    parse = cell_kinds.cell_parser("count", None, CTX)
    if value is None:
        with pytest.raises(ParseError):
            parse(cell)
    else:
        assert parse(cell) == value


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("1,5", "is not a whole number: write digits only (e.g. 1500) or separate thousands in groups of three"),
        ("12,34", "is not a whole number: write digits only"),
        (",,7,,", "is not a whole number: write digits only"),
        ("1,23,456", "is not a whole number: write digits only"),
        ("1,234 567", "is not a whole number: write digits only"),
        ("1.5", "is not a whole number: a count is a whole number >= 0"),
        ("1.234", "is not a whole number"),
        ("-3", "is negative"),
        ("٣", "is not a whole number"),
        ("2147483648", "is too large: a count is at most 2,147,483,647"),
        ("99999999999999999999999", "is too large"),
    ],
)
def test_counts_that_are_not_written_as_whole_numbers_are_refused(cell, message):
    with pytest.raises(ParseError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        cell_kinds.cell_parser("count", None, CTX)(cell)


# ---------------------------------------------------------------- 5. bounded output


BIG_CELLS = {"one word": "x" * 1_048_576, "many items": "a;" * 100_000, "phone-like": "+4122 " * 200_000}


@pytest.mark.parametrize("shape", sorted(BIG_CELLS))
@pytest.mark.parametrize("column", pledges.SPEC.field_names)
def test_a_one_megabyte_cell_is_never_repeated_in_a_message(tmp_path, column, shape):
    row = list(GOOD_PLEDGE)
    row[pledges.SPEC.field_names.index(column)] = BIG_CELLS[shape]
    messages = _check(tmp_path, [row])
    assert messages
    for message in messages:
        assert len(message) < 600, message[:200]


def test_web_addresses_longer_than_2000_characters_are_refused(tmp_path):
    long_url = "https://example.org/" + "x" * 1981
    row = list(GOOD_PLEDGE)
    row[-1] = long_url
    assert _check(tmp_path, [row]) == [
        "pledges.csv:2: source_url: [GCM-E414] a web address is 2,001 characters long; the limit is 2,000"
    ]
    row[-1] = long_url[:-1]
    assert _check(tmp_path, [row]) == []


def test_a_quoted_cell_is_clipped_to_one_line_of_80_characters():
    assert cell_values.shown("x" * 100) == '"' + "x" * 79 + '…"'
    assert cell_values.shown("two\nlines") == '"two\\nlines"'
    assert len(Problem("f.csv", 1, "c" * 10_000, "m" * 10_000_000, TEXT_TOO_LONG).__str__()) < MAX_MESSAGE_CHARS + 300
