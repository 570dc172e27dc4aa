"""Load the GCM pledging initiative's pledges (import format or the Network's web-form export)."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from etl.sources.common import (
    bridge,
    date_parts,
    finish,
    first_url,
    import_spec,
    is_global,
    read_import,
    record_sources,
    without_global,
)
from etl.validate import LINE, Problem, RawFile

SOURCE_ID = "pledges"
FILE = "pledges.csv"
SPEC = import_spec(FILE)
TABLES = ("pledges", "pledge_objectives", "pledge_countries", "pledge_principles", "record_sources")

# Question labels of the pledge web form (https://migrationnetwork.un.org/webform/pledges_submission_form/share),
# matched by their opening words. This is an allow-list: the contact-person questions (names, positions, e-mails,
# phone numbers) and the submitter's IP address are never read.
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
    "please select the main three gcm objectives": "objectives",
    "please indicate which gcm guiding principle": "guiding_principles",
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
    return re.sub(r"\s+", " ", label.strip().casefold())


def is_webform_export(columns) -> bool:
    keys = {_label_key(c) for c in columns}
    return any(marker in keys for marker in WEBFORM_MARKERS)


def _webform_column(label: str) -> str | None:
    key = _label_key(label)
    for prefix, name in WEBFORM_COLUMNS.items():
        if key == prefix or (len(prefix) > 20 and key.startswith(prefix)):
            return name
    return None


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
        "(contact details and other fields are never read): " + "; ".join(ignored),
        "warning",
    )
    return RawFile(raw.name, frame, raw.problems + ([notice] if ignored else []))


def read(raw_dir: Path) -> RawFile | None:
    """Read pledges.csv, recognising the web-form export by its question labels."""
    # Load inputs.
    raw = read_import(raw_dir, FILE)
    if raw is not None and is_webform_export(raw.frame.columns):
        return from_webform(raw)
    return raw


def transform(parsed: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Parsed import rows → pledges, its bridges and record_sources."""
    # Process data.
    frame = parsed.copy()
    frame["pledged_date"], frame["pledged_date_precision"] = date_parts(frame["pledged_on"])
    frame["last_updated_date"], _ = date_parts(frame["last_updated"])
    frame["deadline_date"], _ = date_parts(frame["deadline"])
    frame["is_global"] = frame["countries"].map(is_global)
    frame["country_list"] = frame["countries"].map(without_global)
    urls = frame["source_url"]
    frame["source_url"] = urls.map(first_url)
    # Return tables.
    return {
        "pledges": finish("pledges", frame),
        "pledge_objectives": bridge(frame, "pledge_id", "objectives", "objective_id", "pledge_objectives"),
        "pledge_countries": bridge(frame, "pledge_id", "country_list", "iso3", "pledge_countries"),
        "pledge_principles": bridge(frame, "pledge_id", "guiding_principles", "principle_id", "pledge_principles"),
        "record_sources": record_sources("pledges", frame.assign(source_url=urls), "pledge_id"),
    }
