"""Every kind of problem the build reports: a stable code, a short English title and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass

# A code is GCM-, E (error: nothing is written) or W (warning: kept in validation_report), then three digits whose
# first names the family. Codes are never renumbered or given to another kind: etl/error_codes.csv is the committed
# ledger (code and name) and tests/test_error_codes.py fails when the registry and the ledger differ. New kinds take
# the next free code of their family.
FAMILIES = {
    "1": "Dataset folder and manifest.yml",
    "2": "Files, encodings and CSV structure",
    "3": "Header rows",
    "4": "Cell values",
    "5": "Personal data",
    "6": "References and vocabularies",
    "7": "Duplicates and integrity",
    "8": "Running the build",
}
SEVERITIES = {"E": "error", "W": "warning"}


@dataclass(frozen=True)
class Kind:
    """One kind of problem. Its code is what a data steward, a script or a support desk searches for."""

    code: str
    title: str
    fix: str

    @property
    def severity(self) -> str:
        return SEVERITIES[self.code[4]]

    @property
    def family(self) -> str:
        return FAMILIES[self.code[5]]

    def __str__(self) -> str:
        return self.code


KINDS: list[Kind] = []


def _kind(code: str, title: str, fix: str) -> Kind:
    if any(k.code == code for k in KINDS):
        raise ValueError(f"{code} is registered twice")
    kind = Kind(code, title, fix)
    KINDS.append(kind)
    return kind


# ---------------------------------------------------------------- 1: dataset folder and manifest.yml

MANIFEST_MISSING = _kind(
    "GCM-E101", "manifest.yml is missing", "Add manifest.yml with name, title, is_synthetic and data_cutoff."
)
MANIFEST_NOT_YAML = _kind(
    "GCM-E102", "manifest.yml is not valid YAML", "Fix the YAML syntax at the position the message gives."
)
MANIFEST_NOT_MAPPING = _kind(
    "GCM-E103", "manifest.yml is not a mapping", "Write manifest.yml as `key: value` lines, not as a list."
)
MANIFEST_KEY_MISSING = _kind(
    "GCM-E104", "A required manifest key is missing", "Give name, title, is_synthetic and data_cutoff a value."
)
DATASET_NAME = _kind(
    "GCM-E105",
    "Not a dataset name",
    "Use lower-case letters, digits, `-` and `_` (at most 64 characters), such as demo or public.",
)
MANIFEST_NOT_TEXT = _kind("GCM-E106", "A manifest value must be text", "Write the value as plain text on one line.")
MANIFEST_NOT_BOOLEAN = _kind("GCM-E107", "is_synthetic must be true or false", "Write `true` or `false`.")
MANIFEST_NOT_DATE = _kind("GCM-E108", "A manifest date is not a date", "Write the date as YYYY-MM-DD.")
MANIFEST_FILES_SHAPE = _kind(
    "GCM-E109",
    "manifest.yml `files` has the wrong shape",
    "Map each file name to {title, rows, sha256}, e.g. `pledges.csv: {rows: 120}`.",
)
MANIFEST_FILE_NAME = _kind(
    "GCM-E110",
    "A manifest file name leaves the folder",
    "List plain file names of the dataset folder, without folders, `..` or `\\`.",
)
MANIFEST_ROWS = _kind("GCM-E111", "manifest.yml `rows` is not a whole number", "Give the record count as digits.")
LISTED_FILE_ABSENT = _kind(
    "GCM-E112",
    "A file listed in manifest.yml is absent",
    "Put the file in the folder, or remove it from `files` in manifest.yml.",
)
LISTED_NOT_IMPORT_FILE = _kind(
    "GCM-E113",
    "A file listed in manifest.yml is not an import file",
    "List only import files (docs/IMPORT_FORMATS.md) under `files`.",
)
LOOK_ALIKE = _kind(
    "GCM-E114",
    "A file looks like an import file but is not read",
    "Rename it to the import file it holds (e.g. pledges.csv) or move it out of the dataset folder.",
)
COVERAGE_SHAPE = _kind(
    "GCM-E115",
    "manifest.yml `coverage` has the wrong shape",
    "Map streams to {round: complete|partial|none}, e.g. `coverage: {pledges: {1: partial}}`.",
)
COVERAGE_STREAM = _kind(
    "GCM-E116", "Unknown stream in `coverage`", "Use one of the streams the message lists, spelt the same way."
)
COVERAGE_ROUND = _kind("GCM-E117", "Unknown review round in `coverage`", "Use one of the rounds the message lists.")
COVERAGE_VALUE = _kind("GCM-E118", "Unknown completeness in `coverage`", "Write complete, partial or none.")

# ---------------------------------------------------------------- 2: files, encodings and CSV structure

EMPTY_FILE = _kind("GCM-E201", "The file is empty", "Give at least the header row, or remove the file.")
UTF16 = _kind("GCM-E202", "The file is UTF-16", "Save it as CSV UTF-8 in the spreadsheet program.")
NUL_BYTE = _kind("GCM-E203", "The file holds a NUL byte", "Export the data again as a CSV text file.")
NOT_UTF8 = _kind(
    "GCM-E204", "The file is not UTF-8", "Save it as CSV UTF-8; the file looks like Latin-1 or Windows-1252."
)
MALFORMED_CSV = _kind(
    "GCM-E205", "The CSV is malformed", "Look for an unbalanced double quote on or after the line given."
)
NO_HEADER = _kind("GCM-E206", "No header row", "Put the column names in the first row.")
ROW_WIDTH = _kind(
    "GCM-E207",
    "A row's cell count differs from the header's",
    "Give every row as many cells as the header; quote cells that hold the separator.",
)
NOT_A_WORKBOOK = _kind(
    "GCM-E208", "Not a readable Excel workbook", "Save it again as .xlsx, or export the sheet as CSV UTF-8."
)
TWO_FORMS = _kind(
    "GCM-E209", "Two forms of one import file", "Keep one of them (e.g. pledges.csv or pledges.xlsx, not both)."
)
DANGLING_LINK = _kind("GCM-E210", "A link to nothing", "Put the file itself in the folder, not a symbolic link.")
OUTSIDE_LINK = _kind("GCM-E211", "A link to a file outside the dataset folder", "Put the file itself in the folder.")
NOT_A_FILE = _kind(
    "GCM-E212", "Not a regular file", "An import file is a CSV file: remove the folder or device of that name."
)
TOO_LARGE = _kind("GCM-E213", "The file is too large", "Split the export, or check it is the file you meant.")

# ---------------------------------------------------------------- 3: header rows

TOO_MANY_COLUMNS = _kind(
    "GCM-E301",
    "Too many columns",
    "Check the separator is a comma, a semicolon or a tab, and keep only the columns of the import format.",
)
COLUMN_TWICE = _kind("GCM-E302", "A column appears twice in the header", "Keep one column of that name.")
HEADER_SPACES = _kind("GCM-E303", "A header cell has stray spaces", "Remove the spaces around the column name.")
COLUMN_MISSING = _kind(
    "GCM-E304", "A required column is missing", "Add the column (docs/IMPORT_FORMATS.md lists the required ones)."
)
UNKNOWN_COLUMN = _kind(
    "GCM-W301", "Unknown column, ignored", "Nothing to do if the column is not meant to be imported; else rename it."
)
NO_RECORDS = _kind("GCM-W302", "A header but no records", "Nothing to do if the stream has no records yet.")
WEBFORM_EXPORT = _kind(
    "GCM-W303",
    "Read as the pledge web-form export",
    "Nothing to do: the questions named are never imported (contact details among them).",
)

# ---------------------------------------------------------------- 4: cell values

VALUE_REQUIRED = _kind("GCM-E401", "A value is required", "Fill the cell: the column may not be empty.")
NOT_STATED = _kind(
    "GCM-W401", "Empty cell kept as not stated", "Fill the cells if the value is known; else nothing to do."
)
NOT_A_DATE = _kind("GCM-E402", "Not a date", "Write YYYY-MM-DD, YYYY-MM or YYYY.")
INVALID_DATE = _kind("GCM-E403", "Not a calendar date", "Check the day and month (e.g. no 30 February).")
BEFORE_GCM = _kind("GCM-E404", "A date before the GCM was adopted", "Check the year: events date from 2018-12-19 on.")
AFTER_CUTOFF = _kind(
    "GCM-E405",
    "A date after the data cut-off",
    "Check the date, or move data_cutoff in manifest.yml if the data are newer.",
)
NOT_A_YEAR_RANGE = _kind("GCM-E406", "Not a Hub date range", 'Write e.g. "2021 - Present", "2015 - 2018" or "2019".')
RANGE_BACKWARDS = _kind("GCM-E407", "A date range ends before it starts", "Swap or correct the two years.")
RANGE_START = _kind(
    "GCM-E408", "A date range starts outside the years covered", "Check the start year (1945 to the cut-off year)."
)
NOT_A_COUNT = _kind(
    "GCM-E409", "Not a whole number", "Write digits only (1500) or thousands in groups of three (1,500)."
)
NEGATIVE_COUNT = _kind("GCM-E410", "A negative count", "A count is a whole number of 0 or more.")
COUNT_TOO_LARGE = _kind("GCM-E411", "A count is too large", "A count is at most 2,147,483,647: check the cell.")
NOT_AN_AMOUNT = _kind(
    "GCM-E412",
    "Not an amount in US dollars",
    "Write digits without a currency or unit (2350000 for USD 2.35 million).",
)
TEXT_TOO_LONG = _kind(
    "GCM-E413", "The text is too long", "Shorten the cell to the limit the message gives (see the import format)."
)
URL_TOO_LONG = _kind(
    "GCM-E414", "A web address is too long", "A web address has at most 2,000 characters: check the paste."
)
NOT_A_URL = _kind("GCM-E415", "Not a web address", "Write each address as https://…, several separated by `;`.")

# ---------------------------------------------------------------- 5: personal data

PERSONAL_ID = _kind(
    "GCM-E501",
    "An id holds an e-mail address or phone number",
    "Use another id: personal data is never imported.",
)
PERSONAL_REMOVED = _kind(
    "GCM-W501",
    "E-mail addresses or phone numbers removed",
    "Nothing to do: they were replaced by [removed]; remove them from the source to silence the warning.",
)

# ---------------------------------------------------------------- 6: references and vocabularies

NOT_ALLOWED = _kind("GCM-E601", "A value outside the column's list", "Use one of the values the message lists.")
UNKNOWN_COUNTRY = _kind(
    "GCM-E602", "Not a known country", "Give the ISO3 code or the UN name (in one of the six UN languages)."
)
AMBIGUOUS_COUNTRY = _kind("GCM-E603", "An ambiguous country name", "Write one of the countries the message names.")
UNKNOWN_OBJECTIVE = _kind("GCM-E604", "Not a GCM objective", "Give its number 1-23 or its title.")
UNKNOWN_PRINCIPLE = _kind("GCM-E605", "Not a GCM guiding principle", "Give its number 1-10 or its name.")
UNKNOWN_COMMISSION = _kind("GCM-E606", "Not a regional commission", "Use one of the commissions the message lists.")
UNKNOWN_ROUND = _kind("GCM-E607", "Not a review round", "Use one of the rounds the message lists.")
UNKNOWN_GEOGRAPHY = _kind(
    "GCM-E608",
    "Not a geography",
    "Give an ISO3 code or country name, an M49 sub-region, a commission or Global.",
)
UNKNOWN_MPTF_AREA = _kind("GCM-E609", "Not a Migration MPTF thematic area", "Give its number 1-5 (mptf_areas).")
UNMATCHED_PLEDGE = _kind(
    "GCM-W601",
    "A matched pledge is not in the dataset",
    "Add the matched pledge, or check matched_pledge_id.",
)

# ---------------------------------------------------------------- 7: duplicates and integrity

DUPLICATE_RECORD = _kind(
    "GCM-E701",
    "Duplicate record",
    "Keep one of the two records (keys are compared by meaning: case, spacing and spellings aside).",
)
ROW_COUNT = _kind(
    "GCM-E702",
    "The record count differs from manifest.yml",
    "Check the file is complete, or correct `rows` in manifest.yml.",
)
CHECKSUM = _kind(
    "GCM-E703",
    "The file differs from its sha256 in manifest.yml",
    "The file changed since it was listed: check it, then update its sha256.",
)

# ---------------------------------------------------------------- 8: running the build

NOT_A_FOLDER = _kind(
    "GCM-E801", "Not a folder of import files", "Give --raw a dataset folder (one holding manifest.yml)."
)
BUILD_BUSY = _kind("GCM-E802", "Another build is running", "Wait for it to finish, then build again.")
WRITE_FAILED = _kind(
    "GCM-E803",
    "The build failed while writing",
    "Check the disk space and the target folder; the published data are unchanged.",
)
DATASET_ARGUMENT = _kind(
    "GCM-E804", "--dataset is not a dataset name", "Use lower-case letters, digits, `-` and `_` (at most 64)."
)

BY_CODE = {kind.code: kind for kind in KINDS}


def names() -> dict[str, Kind]:
    """Each kind by its name in this module (the ledger records both, so a code never moves to another kind)."""
    return {name: value for name, value in globals().items() if isinstance(value, Kind)}


def markdown_table() -> list[str]:
    """The codes as Markdown, one table per family (docs/IMPORT_FORMATS.md)."""
    out = []
    for digit, family in FAMILIES.items():
        out += [f"### {digit}xx: {family}", "", "| code | severity | problem | how to fix |", "|---|---|---|---|"]
        out += [
            f"| `{k.code}` | {k.severity} | {_cell(k.title)} | {_cell(k.fix)} |" for k in KINDS if k.code[5] == digit
        ]
        out.append("")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
