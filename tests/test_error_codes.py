"""Error codes: one registry, a committed ledger, and every code reached by a hostile input through the real build."""

from __future__ import annotations

import ast
import csv
import os
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from etl import build, error_codes, manifest, paths, schema, versions
from etl.validate import Problem
from tests.conftest import FIXTURES, GOOD

LEDGER = paths.ROOT / "etl" / "error_codes.csv"
CODE = re.compile(r"\[(GCM-[EW]\d{3})\]")
# Right after the location (`file:line: column: `, `file: ` or `error: `), before the message: a stable place.
PROBLEM_LINE = re.compile(r"^(?:[^\s:]+(?::\d+)?: (?:.+?: )?|(?:python -m etl\.build: )?error: )\[GCM-[EW]\d{3}\] \S")
BAD = FIXTURES / "bad"


# ---------------------------------------------------------------- the registry and its ledger


def test_the_registry_matches_the_committed_ledger():
    """A code never changes its meaning: removing or renumbering one fails here, adding one means adding its row."""
    with LEDGER.open(encoding="utf-8", newline="") as f:
        committed = [(row["code"], row["name"]) for row in csv.DictReader(f)]
    names = {kind.code: name for name, kind in error_codes.names().items()}
    registered = [(kind.code, names[kind.code]) for kind in error_codes.KINDS]
    assert registered == committed, (
        "etl/error_codes.py and etl/error_codes.csv differ: codes are never removed or renumbered; "
        "a new kind gets a new code, appended to both"
    )


def test_codes_are_unique_well_formed_and_described():
    codes = [kind.code for kind in error_codes.KINDS]
    assert len(codes) == len(set(codes)) == len(error_codes.BY_CODE)
    assert len(error_codes.names()) == len(codes)  # each kind under one name
    for kind in error_codes.KINDS:
        assert re.fullmatch(r"GCM-[EW][1-8]\d\d", kind.code), kind.code
        assert kind.family and kind.severity in ("error", "warning")
        assert kind.title and kind.fix and "\n" not in kind.title + kind.fix, kind.code
    assert len({kind.title for kind in error_codes.KINDS}) == len(codes)


def _calls(path: Path) -> list[ast.Call]:
    return [n for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Call)]


def _name(call: ast.Call) -> str:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")


def test_every_problem_the_code_can_raise_names_a_registered_kind():
    """Read from the source, so a branch no test runs is checked too: every Problem gets a kind, every ParseError a
    kind, every `E.NAME` is a registered kind, and only the registry makes kinds."""
    registered = error_codes.names()
    sources = sorted((paths.ROOT / "etl").rglob("*.py"))
    made = []
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for name in re.findall(r"\bE\.([A-Z][A-Z0-9_]*)\b", text):
            assert name in registered, f"{path.name}: E.{name} is not in etl/error_codes.py"
        for call in _calls(path):
            name = _name(call)
            starred = any(isinstance(a, ast.Starred) for a in call.args)
            if name == "Problem":
                assert starred or len(call.args) == 5 or {k.arg for k in call.keywords} >= {"kind"}, (
                    f"{path.name}:{call.lineno}: a Problem without its kind"
                )
            elif name == "ParseError":
                assert len(call.args) == 2, f"{path.name}:{call.lineno}: a ParseError without its kind"
            elif name in ("Kind", "_kind"):
                made.append(path.name)
    assert set(made) == {"error_codes.py"}


def test_the_docs_table_lists_every_code():
    text = (paths.DOCS / "IMPORT_FORMATS.md").read_text(encoding="utf-8")
    listed = re.findall(r"^\| `(GCM-[EW]\d{3})` \|", text, flags=re.MULTILINE)
    assert listed == [kind.code for kind in error_codes.KINDS]


# ---------------------------------------------------------------- hostile inputs, one per code


def rows_of(raw: Path, name: str) -> list[dict[str, str]]:
    with (raw / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_rows(raw: Path, name: str, rows: list[dict[str, str]], columns: list[str] | None = None) -> None:
    columns = columns or list(schema.IMPORT_FILES_BY_NAME[name].field_names)
    with (raw / name).open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval="", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def cell(name: str, column: str, value: str) -> Callable[[Path], None]:
    """Set one cell of the first record of a good file."""

    def change(raw: Path) -> None:
        rows = rows_of(raw, name)
        rows[0][column] = value
        write_rows(raw, name, rows, list(rows[0]))

    return change


def mptf(**cells: str) -> Callable[[Path], None]:
    """Add an mptf_programmes.csv (the good fixture has none) of one record."""
    record = {"programme_id": "JP-1", "title": "A joint programme", "approved_on": "2021-03"} | cells
    return lambda raw: write_rows(raw, "mptf_programmes.csv", [record])


def text(name: str, content: str | bytes) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (raw / name).write_bytes(data)

    return change


def fixture(case: str) -> Callable[[Path], None]:
    """A case of the bad-input corpus (tests/fixtures/bad)."""
    return lambda raw: [shutil.copy(f, raw / f.name) for f in (BAD / case).iterdir()]


def manifest_text(edit: Callable[[str], str]) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        path = raw / manifest.MANIFEST
        path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")

    return change


def appended(extra: str) -> Callable[[Path], None]:
    return manifest_text(lambda text: text.rstrip("\n") + "\n" + extra)


def key(name: str, value: str) -> Callable[[Path], None]:
    return manifest_text(lambda text: re.sub(rf"(?m)^{name}:.*$", f"{name}: {value}", text))


def pledges_header(edit: Callable[[list[str]], list[str]]) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        lines = (raw / "pledges.csv").read_text(encoding="utf-8").splitlines()
        lines[0] = ",".join(edit(lines[0].split(",")))
        (raw / "pledges.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")

    return change


def symlink(target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def change(raw: Path) -> None:
        (raw / "pledges.csv").unlink()
        os.symlink(target(raw), raw / "pledges.csv")

    return change


def outside(raw: Path) -> Path:
    shutil.copy(GOOD / "pledges.csv", raw.parent / "elsewhere.csv")
    return raw.parent / "elsewhere.csv"


def folder_named_pledges(raw: Path) -> None:
    (raw / "pledges.csv").unlink()
    (raw / "pledges.csv").mkdir()


def sparse_file_over_the_limit(raw: Path) -> None:
    with (raw / "pledges.csv").open("r+b") as f:  # sparse: no 2 GiB are written
        f.truncate(manifest.MAX_IMPORT_BYTES + 1)


def two_forms(raw: Path) -> None:
    shutil.copy(raw / "pledges.csv", raw / "pledges.tsv")


def damaged_workbook(raw: Path) -> None:
    (raw / "pledges.csv").unlink()
    (raw / "pledges.xlsx").write_bytes(b"PK\x03\x04 not really a workbook")


def listed_readme(raw: Path) -> None:
    (raw / "README.md").write_text("notes\n", encoding="utf-8")
    appended("files:\n  README.md: {title: notes}\n")(raw)


def webform(raw: Path) -> None:
    shutil.copy(FIXTURES / "webform" / "pledges.csv", raw / "pledges.csv")


def unmatched_pledge(raw: Path) -> None:
    rows = rows_of(raw, "pledges.csv")
    rows[0]["matched_pledge_id"] = "no-such-pledge"
    write_rows(raw, "pledges.csv", rows, list(rows[0]))


def duplicate_pledge(raw: Path) -> None:
    rows = rows_of(raw, "pledges.csv")
    write_rows(raw, "pledges.csv", rows + rows[:1], list(rows[0]))


def no_manifest(raw: Path) -> None:
    (raw / manifest.MANIFEST).unlink()


# Each code: the change to a copy of the good fixture, and how the build is run (`check`: --check; `db`: a build
# into a file; `busy`: while another build holds the lock; `lock_blocked`: a file where the lock's folder would be;
# `db_folder`: --db names a folder; `not_a_folder`: --raw names a file; `bad_dataset`: --dataset is no name).
CASES: dict[str, tuple[Callable[[Path], None] | None, str]] = {
    "GCM-E101": (no_manifest, "check"),
    "GCM-E102": (text("manifest.yml", "name: [unclosed\n"), "check"),
    "GCM-E103": (text("manifest.yml", "- name: fixture\n- title: x\n"), "check"),
    "GCM-E104": (manifest_text(lambda text: re.sub(r"(?m)^title:.*\n", "", text)), "check"),
    "GCM-E105": (key("name", "../../etc"), "check"),
    "GCM-E106": (key("title", "[a, b]"), "check"),
    "GCM-E107": (key("is_synthetic", "maybe"), "check"),
    "GCM-E108": (key("data_cutoff", "2025-13-01"), "check"),
    "GCM-E109": (appended("files:\n  - pledges.csv\n"), "check"),
    "GCM-E110": (appended("files:\n  ../../../../etc/passwd: {rows: 1}\n"), "check"),
    "GCM-E111": (appended("files:\n  pledges.csv: {rows: many}\n"), "check"),
    "GCM-E112": (appended("files:\n  mptf_programmes.csv: {rows: 1}\n"), "check"),
    "GCM-E113": (listed_readme, "check"),
    "GCM-E114": (fixture("misnamed_file"), "check"),
    "GCM-E115": (appended("coverage:\n  - pledges\n"), "check"),
    "GCM-E116": (appended("coverage:\n  pledgez: {1: partial}\n"), "check"),
    "GCM-E117": (appended("coverage:\n  pledges: {7: partial}\n"), "check"),
    "GCM-E118": (appended("coverage:\n  pledges: {1: mostly}\n"), "check"),
    "GCM-E201": (fixture("empty"), "check"),
    "GCM-E202": (fixture("utf16"), "check"),
    "GCM-E203": (fixture("nul_byte"), "check"),
    "GCM-E204": (fixture("latin1"), "check"),
    "GCM-E205": (fixture("unbalanced_quotes"), "check"),
    "GCM-E206": (text("pledges.csv", '"pledge_id,title'), "check"),  # the only record never ends
    "GCM-E207": (fixture("ragged_and_blank_lines"), "check"),
    "GCM-E208": (damaged_workbook, "check"),
    "GCM-E209": (two_forms, "check"),
    "GCM-E210": (symlink(lambda raw: raw.parent / "nowhere.csv"), "check"),
    "GCM-E211": (symlink(outside), "check"),
    "GCM-E212": (folder_named_pledges, "check"),
    "GCM-E213": (sparse_file_over_the_limit, "check"),
    "GCM-E301": (text("pledges.csv", ",".join(f"c{i}" for i in range(201)) + "\n"), "check"),
    "GCM-E302": (pledges_header(lambda columns: [*columns[:-1], "title"]), "check"),
    "GCM-E303": (pledges_header(lambda columns: [columns[0], " title", *columns[2:]]), "check"),
    "GCM-E304": (fixture("missing_column"), "check"),
    "GCM-W301": (pledges_header(lambda columns: [*columns[:-1], "contact_email"]), "check"),
    "GCM-W302": (fixture("header_only"), "check"),
    "GCM-W303": (webform, "check"),
    "GCM-E401": (cell("pledges.csv", "pledge_id", ""), "check"),
    "GCM-W401": (cell("pledges.csv", "pledging_entity", ""), "check"),
    "GCM-E402": (cell("pledges.csv", "pledged_on", "10/01/2022"), "check"),
    "GCM-E403": (cell("pledges.csv", "pledged_on", "2022-02-30"), "check"),
    "GCM-E404": (cell("pledges.csv", "pledged_on", "2017-05-01"), "check"),
    "GCM-E405": (cell("pledges.csv", "pledged_on", "2031-01-01"), "check"),
    "GCM-E406": (cell("practices.csv", "dates", "since 2019"), "check"),
    "GCM-E407": (cell("practices.csv", "dates", "2018 - 2015"), "check"),
    "GCM-E408": (cell("practices.csv", "dates", "1900 - 1910"), "check"),
    "GCM-E409": (cell("submissions.csv", "count", "three"), "check"),
    "GCM-E410": (cell("submissions.csv", "count", "-3"), "check"),
    "GCM-E411": (cell("submissions.csv", "count", "3000000000"), "check"),
    "GCM-E412": (mptf(budget_usd="USD 2.35m"), "check"),
    "GCM-E413": (cell("reasons.csv", "text", "x" * 501), "check"),
    "GCM-E414": (cell("pledges.csv", "source_url", "https://example.org/" + "x" * 1990), "check"),
    "GCM-E415": (cell("pledges.csv", "source_url", "javascript:alert(1)"), "check"),
    "GCM-E501": (cell("pledges.csv", "pledge_id", "maria@example.org"), "check"),
    "GCM-W501": (cell("pledges.csv", "title", "Call +41 22 917 12 34 for the pledge"), "check"),
    "GCM-E601": (cell("pledges.csv", "entity_category", "Government"), "check"),
    "GCM-E602": (cell("pledges.csv", "countries", "Atlantis"), "check"),
    "GCM-E603": (cell("pledges.csv", "countries", "Korea"), "check"),
    "GCM-E604": (cell("pledges.csv", "objectives", "24"), "check"),
    "GCM-E605": (cell("pledges.csv", "guiding_principles", "11"), "check"),
    "GCM-E606": (cell("submissions.csv", "commission", "UNESCO"), "check"),
    "GCM-E607": (cell("submissions.csv", "review_round", "9"), "check"),
    "GCM-E608": (cell("reasons.csv", "geography", "Narnia"), "check"),
    "GCM-E609": (mptf(thematic_area="7"), "check"),
    "GCM-W601": (unmatched_pledge, "check"),
    "GCM-E701": (duplicate_pledge, "check"),
    "GCM-E702": (appended("files:\n  pledges.csv: {rows: 99}\n"), "check"),
    "GCM-E703": (appended("files:\n  pledges.csv: {sha256: " + "f" * 64 + "}\n"), "check"),
    "GCM-E801": (None, "not_a_folder"),
    "GCM-E802": (None, "busy"),
    "GCM-E803": (None, "lock_blocked"),
    "GCM-E804": (None, "bad_dataset"),
}


def run(raw: Path, how: str, tmp_path: Path, capsys) -> tuple[int, list[str]]:
    """Run `python -m etl.build` in-process as a steward would; its exit code and every line it printed."""
    db = tmp_path / "out.duckdb"
    argv = {
        "check": ["--raw", str(raw), "--check"],
        "db": ["--raw", str(raw), "--db", str(db)],
        "busy": ["--raw", str(raw), "--db", str(db)],
        "db_folder": ["--raw", str(raw), "--db", str(tmp_path / "folder.duckdb")],
        "lock_blocked": ["--raw", str(raw), "--db", str(tmp_path / "a-file" / "out.duckdb")],
        "not_a_folder": ["--raw", str(raw / "pledges.csv"), "--check"],
        "bad_dataset": ["--raw", str(raw), "--dataset", "Not A Name", "--check"],
    }[how]
    if how == "db_folder":
        (tmp_path / "folder.duckdb").mkdir()
    if how == "lock_blocked":
        (tmp_path / "a-file").write_text("in the way\n", encoding="utf-8")
    try:
        if how == "busy":
            with versions.build_lock(db, "fixture"):
                code = build.main(argv)
        else:
            code = build.main(argv)
    except SystemExit as exc:  # argparse refuses the command line
        code = exc.code
    out = capsys.readouterr()
    return code, out.out.splitlines() + out.err.splitlines()


@pytest.fixture()
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(GOOD, folder)
    return folder


def test_every_registered_code_has_a_hostile_input():
    assert list(CASES) == [kind.code for kind in error_codes.KINDS]


@pytest.mark.parametrize("code", list(CASES))
def test_each_code_is_reached_by_its_hostile_input(code, raw, tmp_path, capsys):
    change, how = CASES[code]
    if change:
        change(raw)
    exit_code, lines = run(raw, how, tmp_path, capsys)
    kind = error_codes.BY_CODE[code]
    # Exit codes as before: 2 for a command line that names no dataset, 1 for any other error, 0 for warnings.
    assert exit_code == (2 if code in ("GCM-E801", "GCM-E804") else 1 if kind.severity == "error" else 0), lines
    printed = [line for line in lines if f"[{code}]" in line]
    assert printed, lines
    assert all(PROBLEM_LINE.match(line) for line in printed), printed
    seen = {c for line in lines for c in CODE.findall(line)}
    assert seen <= set(error_codes.BY_CODE), seen - set(error_codes.BY_CODE)
    assert not any("Traceback" in line for line in lines)


def test_a_failed_write_is_a_coded_error(raw, tmp_path, capsys):
    """GCM-E803 both ways: the lock cannot be taken (see CASES), or the finished file cannot replace a folder."""
    exit_code, lines = run(raw, "db_folder", tmp_path, capsys)
    assert exit_code == 1
    assert lines[-1].startswith("error: [GCM-E803] the build failed while writing (IsADirectoryError: ")
    assert lines[-1].endswith(f"{tmp_path / 'folder.duckdb'} is unchanged.")


def test_a_bad_cell_in_a_list_carries_its_first_items_code(raw, tmp_path, capsys):
    cell("pledges.csv", "countries", "Korea;Atlantis")(raw)
    exit_code, lines = run(raw, "check", tmp_path, capsys)
    assert exit_code == 1
    assert lines[0] == (
        'pledges.csv:2: countries: [GCM-E603] "Korea" is ambiguous: write Republic of Korea (KOR) or Democratic '
        'People\'s Republic of Korea (PRK); "Atlantis" is not a known country: give its ISO3 code or UN name'
    )


def test_warnings_keep_their_code_in_the_validation_report(fixture_db, tmp_path, capsys):
    """What --check prints for the good fixture is what its build's validation_report holds, line by line (the
    Method page shows that table)."""
    exit_code, lines = run(GOOD, "check", tmp_path, capsys)
    assert exit_code == 0
    printed = sorted(line for line in lines if CODE.search(line))
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        stored = con.execute("SELECT file_name, line, column_name, code, message, severity FROM validation_report")
        rows = stored.fetchall()
    assert (
        printed
        and sorted(str(Problem(f, n, c, m, error_codes.BY_CODE[code])) for f, n, c, code, m, _ in rows) == printed
    )
    assert all(error_codes.BY_CODE[code].severity == severity == "warning" for *_, code, _, severity in rows)
