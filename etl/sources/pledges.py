"""Load the GCM pledging initiative's pledges (import format or the Network's web-form export)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl import error_codes as E
from etl.cell_values import clipped, shown
from etl.parsed_columns import Parsed
from etl.sources.common import (
    bridge,
    date_parts,
    finish,
    import_spec,
    is_global,
    read_import,
    record_sources,
)
from etl.validate import LINE, Problem, RawFile

SOURCE_ID = "pledges"
FILE = "pledges.csv"
SPEC = import_spec(FILE)
TABLES = ("pledges", "pledge_objectives", "pledge_countries", "pledge_principles", "record_sources")

# Question labels of the pledge web form (https://migrationnetwork.un.org/webform/pledges_submission_form/share),
# matched whole (case, white space and a trailing colon aside), never by their opening words: "Name of entity
# submitting the pledge - contact person" is another question. This is an allow-list: the contact-person questions
# (names, positions, e-mails, phone numbers) and the submitter's IP address are never read.
WEBFORM_COLUMNS = {
    "submission number": "pledge_id",
    "created": "pledged_on",
    "changed": "last_updated",
    "name of the pledge": "title",
    "name of entity submitting the pledge": "pledging_entity",
    "pledging entity": "entity_category",
    "country of implementation": "countries",
    "other country of implementation": "countries",
    "type of pledge": "pledge_type",
    "id of the matched pledge": "matched_pledge_id",
    "please select the main three gcm objectives that the pledge is contributing to "
    "(select up to three objectives)": "objectives",
    "please indicate which gcm guiding principle is/are particularly relevant for the pledge": "guiding_principles",
    "tentative deadline of implementation": "deadline",
}
WEBFORM_MARKERS = ("submission number", "name of the pledge")

# Web-form answers for the entity category, mapped to the import format's categories by their words.
ENTITY_CATEGORY_WORDS = (
    ("human rights", "National human rights institution"),
    ("red cross", "Red Cross/Red Crescent"),
    ("red crescent", "Red Cross/Red Crescent"),
    ("migrant", "Migrant or diaspora organization"),
    ("diaspora", "Migrant or diaspora organization"),
    ("trade union", "Trade union"),
    ("parliament", "Parliament"),
    ("academ", "Academia"),
    ("research", "Academia"),
    ("private", "Private sector"),
    ("business", "Private sector"),
    ("local", "Local authority"),
    ("municipal", "Local authority"),
    ("civil society", "Civil society"),
    ("un system", "UN system"),
    ("united nations", "UN system"),
    ("international organi", "Other international organization"),
    ("state", "State"),
    ("government", "State"),
)
PLEDGE_TYPE_WORDS = (
    ("individual", "individual"),
    ("common", "common"),
    ("partnership", "partnership"),
    ("matching", "matching"),
)


def _label_key(label: str) -> str:
    return re.sub(r"\s+", " ", label.casefold()).strip().removesuffix(":").rstrip()


def is_webform_export(columns) -> bool:
    keys = {_label_key(c) for c in columns}
    return any(marker in keys for marker in WEBFORM_MARKERS)


def _webform_column(label: str) -> str | None:
    return WEBFORM_COLUMNS.get(_label_key(label))


def _by_words(value: str, table: tuple[tuple[str, str], ...]) -> str:
    low = value.casefold()
    return next((target for words, target in table if words in low), value)


def from_webform(raw: RawFile) -> RawFile:
    """Rename the web form's question labels to import columns, keeping only allow-listed questions."""
    renamed: dict[str, list[str]] = {}
    ignored = []
    for label in raw.frame.columns:
        if label != LINE and (name := _webform_column(label)):
            renamed.setdefault(name, []).append(label)
        elif label != LINE:
            ignored.append(label)
    frame = pd.DataFrame({LINE: raw.frame[LINE]})
    for name, labels in renamed.items():
        # "Country of implementation" and "Other country of implementation" both feed `countries`.
        frame[name] = raw.frame[labels].apply(lambda row: ";".join(v for v in row if v.strip()), axis=1)
    if "entity_category" in frame:
        frame["entity_category"] = frame["entity_category"].map(lambda v: _by_words(v, ENTITY_CATEGORY_WORDS))
    if "pledge_type" in frame:
        frame["pledge_type"] = frame["pledge_type"].map(lambda v: _by_words(v, PLEDGE_TYPE_WORDS))
    notice = Problem(
        raw.name,
        1,
        None,
        f"read as the pledge web-form export; {len(ignored)} question(s) not imported "
        "(contact details and other fields are never read): " + "; ".join(clipped(label) for label in ignored),
        E.WEBFORM_EXPORT,
    )
    return RawFile(raw.name, frame, raw.problems + ([notice] if ignored else []))


def read(raw_dir: Path) -> RawFile | None:
    """Read pledges.csv, recognising the web-form export by its question labels."""
    # Load inputs.
    raw = read_import(raw_dir, FILE)
    if raw is not None and is_webform_export(raw.frame.columns):
        return from_webform(raw)
    return raw


def transform(parsed: Parsed) -> dict[str, pd.DataFrame]:
    """Parsed import rows → pledges, its bridges and record_sources."""
    # Process data.
    ids = parsed.column("pledge_id")
    pledged_date, pledged_precision = date_parts(parsed, "pledged_on")
    columns = {
        "pledge_id": ids,
        "title": parsed.column("title"),
        "pledging_entity": parsed.column("pledging_entity"),
        "entity_category": parsed.column("entity_category"),
        "pledge_type": parsed.column("pledge_type"),
        "matched_pledge_id": parsed.column("matched_pledge_id"),
        "pledged_date": pledged_date,
        "pledged_date_precision": pledged_precision,
        "last_updated_date": date_parts(parsed, "last_updated")[0],
        "deadline_date": date_parts(parsed, "deadline")[0],
        "status": parsed.column("status"),
        "is_global": is_global(parsed, "countries"),
        "source_url": parsed.first_url(),
    }
    # Return tables.
    return {
        "pledges": finish("pledges", columns),
        "pledge_objectives": bridge("pledge_objectives", ids, parsed, "objectives"),
        "pledge_countries": bridge("pledge_countries", ids, parsed, "countries"),
        "pledge_principles": bridge("pledge_principles", ids, parsed, "guiding_principles"),
        "record_sources": record_sources("pledges", ids, parsed),
    }


def cross_checks(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Warnings for matching pledges whose matched pledge is not in the dataset."""
    pledges = tables.get("pledges")
    if pledges is None or "matched_pledge_id" not in pledges:
        return []
    matched = pledges["matched_pledge_id"]
    # isin() with the id column itself stays in Arrow; a Python set of a million ids took half a second.
    unmatched = pledges[matched.notna() & ~matched.isin(pledges["pledge_id"])]
    return [
        Problem(
            "pledges.csv",
            None,
            "matched_pledge_id",
            f"{shown(m)} (pledge {shown(p)}) is not a pledge of this dataset",
            E.UNMATCHED_PLEDGE,
        )
        for p, m in zip(unmatched["pledge_id"], unmatched["matched_pledge_id"])
    ]
