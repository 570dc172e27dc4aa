"""The database tables that belong to no one stream: reference, derived and bookkeeping (declarations only)."""

from __future__ import annotations

from etl.labels import KINDS as LABEL_KINDS
from etl.labels import LANGS as LABEL_LANGUAGES
from etl.schema.model import IS_GLOBAL, ISO3, NN, OBJECTIVE, PRINCIPLE, SOURCE_URL_COL, C, Table
from etl.schema.streams import STREAM_REGISTRY, STREAMS
from etl.schema.vocabularies import (
    CATEGORIES,
    COMMISSION_IDS,
    COMPLETENESS,
    COMPOSITE_STREAM,
    CONFIDENCES,
    DATE_PRECISIONS,
    EXPOSURE_MODELS,
    FOLLOWUP_FRESHNESS,
    FOLLOWUP_STATUSES,
    GEO_LEVELS,
    GROUP_KINDS,
    LABELS,
    MEETING_FORMATS,
    REASON_CODES,
    REASON_DIRECTIONS,
)

REFERENCE_TABLES = (
    Table(
        "imrf_roundtables",
        "The four IMRF round tables that group the 23 objectives.",
        "reference",
        (NN("roundtable_id", "INTEGER", "Round table number (1-4)."), NN("title", "VARCHAR", "Title.")),
        ("roundtable_id",),
    ),
    Table(
        "objectives",
        "The 23 GCM objectives (A/RES/73/195), with the Migration Network Hub short titles.",
        "reference",
        (
            OBJECTIVE,
            NN("short_title", "VARCHAR", "Short title used by the Migration Network Hub."),
            NN("title", "VARCHAR", "Full title as in the GCM."),
            NN("imrf_roundtable_id", "INTEGER", "IMRF round table that discusses the objective."),
        ),
        ("objective_id",),
        (("imrf_roundtable_id", "imrf_roundtables", "roundtable_id"),),
    ),
    Table(
        "mptf_areas",
        "The five thematic areas of the Migration Multi-Partner Trust Fund.",
        "reference",
        (NN("area_id", "INTEGER", "Thematic area number (1-5)."), NN("title", "VARCHAR", "Title.")),
        ("area_id",),
    ),
    Table(
        "objective_mptf_areas",
        "Which objectives each MPTF thematic area covers (objective 23 sits in all five).",
        "reference",
        (OBJECTIVE, NN("area_id", "INTEGER", "MPTF thematic area.")),
        ("objective_id", "area_id"),
        (("objective_id", "objectives", "objective_id"), ("area_id", "mptf_areas", "area_id")),
    ),
    Table(
        "guiding_principles",
        "The ten GCM guiding principles.",
        "reference",
        (PRINCIPLE, NN("name", "VARCHAR", "Name of the principle.")),
        ("principle_id",),
    ),
    Table(
        "stakeholder_groups",
        "Stakeholder groups named in GCM paragraph 44.",
        "reference",
        (NN("group_id", "INTEGER", "Group number."), NN("name", "VARCHAR", "Name.")),
        ("group_id",),
    ),
    Table(
        "countries",
        "Countries and territories (ISO 3166 via pycountry) with their UN M49 region and sub-region.",
        "reference",
        (
            ISO3,
            NN("name", "VARCHAR", "Country name (pycountry)."),
            C("official_name", "VARCHAR", "Official name where pycountry has one."),
            C("m49_code", "INTEGER", "UN M49 numeric code."),
            C("region", "VARCHAR", "UN M49 region."),
            C("subregion", "VARCHAR", "UN M49 sub-region (intermediate region for Africa and the Americas)."),
            NN("is_un_member", "BOOLEAN", "True for UN Member States."),
            C("un_member_since", "INTEGER", "Year of UN membership."),
        ),
        ("iso3",),
    ),
    Table(
        "subregions",
        "UN M49 sub-regions, the geography of the regional views.",
        "reference",
        (
            NN("subregion", "VARCHAR", "Sub-region name, also its id."),
            NN("region", "VARCHAR", "UN M49 region it belongs to."),
            NN("country_count", "INTEGER", "Number of countries and territories in it."),
        ),
        ("subregion",),
    ),
    Table(
        "commissions",
        "The five UN regional commissions, which run the GCM regional reviews.",
        "reference",
        (
            NN("commission_id", "VARCHAR", "Short name.", COMMISSION_IDS),
            NN("name", "VARCHAR", "Full name."),
            NN("member_count", "INTEGER", "Number of member States."),
        ),
        ("commission_id",),
    ),
    Table(
        "commission_members",
        "Member States of each regional commission; a country may sit in several (many-to-many).",
        "reference",
        (
            NN("commission_id", "VARCHAR", "Regional commission."),
            ISO3,
            NN("membership", "VARCHAR", "Kind of membership (member)."),
        ),
        ("commission_id", "iso3"),
        (("commission_id", "commissions", "commission_id"), ("iso3", "countries", "iso3")),
    ),
    Table(
        "review_rounds",
        "GCM review rounds and their activity windows; an empty window end means up to the data cut-off.",
        "reference",
        (
            NN("round_id", "INTEGER", "Round number."),
            NN("name", "VARCHAR", "Name."),
            NN("window_start_date", "DATE", "First day of the round's activity window."),
            C("window_end_date", "DATE", "Last day of the window; NULL for the open round."),
            C("regional_reviews_from_date", "DATE", "First regional review of the round."),
            C("regional_reviews_to_date", "DATE", "Last regional review of the round."),
            C("imrf", "VARCHAR", "The IMRF the round feeds."),
            C("imrf_start_date", "DATE", "First day of that IMRF."),
            C("imrf_end_date", "DATE", "Last day of that IMRF."),
            NN("is_open", "BOOLEAN", "True for a round whose window has no end yet."),
            C("note", "VARCHAR", "Where the dates come from."),
        ),
        ("round_id",),
    ),
    Table(
        "labels",
        "Names in the six UN languages (ar, zh, en, fr, ru, es) of countries, regions, sub-regions, objectives, "
        "principles, commissions and round tables: UNSD M49 and Hub names where official, otherwise the project's own "
        "translation, marked unofficial (data/reference/i18n/).",
        "reference",
        (
            NN("kind", "VARCHAR", "What the id names.", LABEL_KINDS),
            NN("id", "VARCHAR", "ISO3, M49 code, sub-region name, objective or principle number, commission id, ..."),
            NN("lang", "VARCHAR", "Language (ISO 639-1).", LABEL_LANGUAGES),
            NN("text", "VARCHAR", "The name in that language."),
            NN("official", "BOOLEAN", "False for an unofficial translation (shown as such)."),
        ),
        ("kind", "id", "lang"),
    ),
)

# Facts that are no activity stream (they explain or frame the streams).
OTHER_FACT_TABLES = (
    Table(
        "published_totals",
        "Totals stated by their publishers (a newsletter, a closing statement): what exists beyond the records found.",
        "fact",
        (
            NN("total_id", "INTEGER", "Row number after sorting by topic, metric and date."),
            NN("topic", "VARCHAR", "What is counted (pledges, practices, reviews …)."),
            NN("metric", "VARCHAR", "The figure, in the publisher's words."),
            NN("value", "VARCHAR", "The value as published (a number, or words such as 'more than 200')."),
            C("as_of", "VARCHAR", "When the figure held, as published."),
            C("note", "VARCHAR", "Context."),
            SOURCE_URL_COL,
        ),
        ("total_id",),
    ),
    Table(
        "review_meetings",
        "Regional review meetings (consultations, hearings, intergovernmental conferences).",
        "fact",
        (
            NN("meeting_id", "INTEGER", "Row number after sorting by commission, round and date."),
            NN("commission_id", "VARCHAR", "Regional commission.", COMMISSION_IDS),
            NN("round_id", "INTEGER", "Review round."),
            NN("event", "VARCHAR", "What the meeting was."),
            NN("start_date", "DATE", "First day."),
            C("end_date", "DATE", "Last day."),
            C("location", "VARCHAR", "Where."),
            C("format", "VARCHAR", "in-person, online or hybrid.", MEETING_FORMATS),
            SOURCE_URL_COL,
        ),
        ("meeting_id",),
        (("commission_id", "commissions", "commission_id"), ("round_id", "review_rounds", "round_id")),
    ),
    Table(
        "reasons",
        "Recorded reasons why reported activity moved in a cell (objective x geography x round).",
        "fact",
        (
            NN("reason_id", "INTEGER", "Row number after sorting."),
            OBJECTIVE,
            NN("geo_level", "VARCHAR", "Geography level.", GEO_LEVELS),
            NN("geo_id", "VARCHAR", "ISO3, sub-region name, commission id or GLOBAL."),
            C("stream", "VARCHAR", "Stream explained; NULL means every stream.", STREAMS),
            NN("round_id", "INTEGER", "The round whose change from the previous round it explains."),
            NN("direction", "VARCHAR", "enabler, obstacle or artefact.", REASON_DIRECTIONS),
            NN("reason_code", "VARCHAR", "Coded reason.", REASON_CODES),
            C("reason_text", "VARCHAR", "The reason in words (at most 500 characters)."),
            C("recorded_date", "DATE", "When it was recorded."),
            SOURCE_URL_COL,
        ),
        ("reason_id",),
        (("objective_id", "objectives", "objective_id"), ("round_id", "review_rounds", "round_id")),
    ),
)

RECORD_SOURCES = Table(
    "record_sources",
    "Every public page cited for a record (a record may cite several).",
    "bridge",
    (
        NN("stream", "VARCHAR", "Table of the record."),
        NN("record_id", "VARCHAR", "Key of the record in that table."),
        NN("source_url", "VARCHAR", "Cited page."),
    ),
    ("stream", "record_id", "source_url"),
)

_CELL_STREAM = NN("stream", "VARCHAR", "Stream, or `all` for the composite.", STREAMS + (COMPOSITE_STREAM,))
_CELL_GEO = (
    NN("geo_level", "VARCHAR", "Geography level.", GEO_LEVELS),
    NN("geo_id", "VARCHAR", "ISO3, sub-region name, commission id or GLOBAL."),
    NN("round_from", "INTEGER", "Earlier round."),
    NN("round_to", "INTEGER", "Later round."),
)
_CELL_OBJ = NN("objective_id", "INTEGER", "GCM objective (1-23), or 0: all objectives, each record once.")
_CELL_KEY = (_CELL_STREAM, _CELL_OBJ, *_CELL_GEO)
_CELL_MEASURE = (
    NN("n_from", "INTEGER", "Count in the earlier round."),
    NN("n_to", "INTEGER", "Count in the later round."),
    C("t_from", "DOUBLE", "Exposure of the earlier round (years; global count for the share view)."),
    C("t_to", "DOUBLE", "Exposure of the later round."),
    C("rate_ratio", "DOUBLE", "Continuity-corrected rate ratio."),
    C("score", "DOUBLE", "Score -5..+5."),
    NN("category", "VARCHAR", "Progress class.", CATEGORIES),
    C("confidence", "VARCHAR", "robust or indicative.", CONFIDENCES),
    C("p_value", "DOUBLE", "One-sided binomial p-value of the class under equal rates."),
    C("label", "VARCHAR", "Why a cell has no class, or what to bear in mind about its class.", LABELS),
)
_EXPOSURE_MODEL = C(
    "exposure_model", "VARCHAR", "rate (per year) or per_round (T = 1 per closed round).", EXPOSURE_MODELS
)
_COMPOSITE = (
    C("streams_assessed", "INTEGER", "`all` only: streams in the mean (banded class, no short window)."),
    *(C(f"{c}_streams", "INTEGER", f"`all` only: streams in the mean classed {c}.") for c in CATEGORIES[:5]),
    C("streams_in_mean", "VARCHAR", "`all` only: the streams in the mean, `;`-separated; n_from/n_to are their sums."),
)
_CELL_PK = ("stream", "objective_id", "geo_level", "geo_id", "round_from", "round_to")

DERIVED_TABLES = (
    Table(
        "activities",
        "One row per pledge, practice, GCM Talk and submission count, placed in a review round.",
        "derived",
        (
            NN("activity_id", "VARCHAR", "`<stream>:<record id>`."),
            NN("stream", "VARCHAR", "Activity stream.", STREAMS),
            NN("record_id", "VARCHAR", "Key of the record in its stream's table."),
            NN("title", "VARCHAR", "Title (for submissions: commission, kind and submitter)."),
            C("activity_date", "DATE", "Date that places the record in a round (mid-period for month/year dates)."),
            C("date_precision", "VARCHAR", "Precision of the stated date.", DATE_PRECISIONS),
            C("round_id", "INTEGER", "Review round; NULL when undated or outside every window."),
            NN("unit_count", "INTEGER", "Units it counts for: 1, or the submission count."),
            IS_GLOBAL,
            SOURCE_URL_COL,
        ),
        ("activity_id",),
    ),
    Table(
        "activity_objectives",
        "Objectives of each activity (full counting: an activity counts once in each).",
        "derived",
        (NN("activity_id", "VARCHAR", "Activity."), OBJECTIVE),
        ("activity_id", "objective_id"),
        (("activity_id", "activities", "activity_id"), ("objective_id", "objectives", "objective_id")),
    ),
    Table(
        "activity_countries",
        "Countries each activity counts in.",
        "derived",
        (NN("activity_id", "VARCHAR", "Activity."), ISO3),
        ("activity_id", "iso3"),
        (("activity_id", "activities", "activity_id"), ("iso3", "countries", "iso3")),
    ),
    Table(
        "activity_commissions",
        "Regional commissions each activity counts in: those named by the record, else those of its countries.",
        "derived",
        (NN("activity_id", "VARCHAR", "Activity."), NN("commission_id", "VARCHAR", "Regional commission.")),
        ("activity_id", "commission_id"),
        (("activity_id", "activities", "activity_id"), ("commission_id", "commissions", "commission_id")),
    ),
    Table(
        "progress_cells",
        "Progress class of reported activity per stream x objective x geography x pair of rounds (METHOD.md).",
        "derived",
        (
            NN("method_version", "VARCHAR", "Method version."),
            *_CELL_KEY,
            *_CELL_MEASURE,
            _EXPOSURE_MODEL,
            *_COMPOSITE,
            NN("reason_count", "INTEGER", "Reasons recorded for the cell."),
            NN("is_interpretable", "BOOLEAN", "False when only artefact reasons explain the cell."),
        ),
        _CELL_PK,
    ),
    Table(
        "group_cells",
        "Progress class of a group of objectives (IMRF round table, MPTF area) or of a guiding principle: each "
        "record counts once per group, whatever how many of its objectives the group holds.",
        "derived",
        (
            NN("method_version", "VARCHAR", "Method version."),
            NN("group_kind", "VARCHAR", "roundtable, mptf_area or principle.", GROUP_KINDS),
            NN("group_id", "INTEGER", "Round table, MPTF area or principle number."),
            _CELL_STREAM,
            *_CELL_GEO,
            *_CELL_MEASURE,
            _EXPOSURE_MODEL,
            *_COMPOSITE,
        ),
        ("group_kind", "group_id", "stream", "geo_level", "geo_id", "round_from", "round_to"),
    ),
    Table(
        "breadth_cells",
        "Breadth: countries of a geography with at least one activity on the objective, round against round.",
        "derived",
        (NN("method_version", "VARCHAR", "Method version."), *_CELL_KEY, *_CELL_MEASURE),
        _CELL_PK,
    ),
    Table(
        "share_cells",
        "Share view: a geography's share of global activity, round against round (t = the global counts).",
        "derived",
        (NN("method_version", "VARCHAR", "Method version."), *_CELL_KEY, *_CELL_MEASURE),
        _CELL_PK,
    ),
    Table(
        "cell_reasons",
        "Which recorded reasons explain which progress cell.",
        "derived",
        (*_CELL_KEY, NN("reason_id", "INTEGER", "Reason.")),
        _CELL_PK + ("reason_id",),
        (("reason_id", "reasons", "reason_id"),),
    ),
    Table(
        "coverage",
        "Which streams report any activity per objective (0: all objectives) x geography x round.",
        "derived",
        (
            _CELL_OBJ,
            NN("geo_level", "VARCHAR", "Geography level.", GEO_LEVELS),
            NN("geo_id", "VARCHAR", "ISO3, sub-region name, commission id or GLOBAL."),
            NN("round_id", "INTEGER", "Review round."),
            *(NN(f"{s}_count", "INTEGER", f"Reported {s} units.") for s in STREAMS),
            NN("streams_reporting", "INTEGER", f"How many streams report anything (0-{len(STREAMS)})."),
        ),
        ("objective_id", "geo_level", "geo_id", "round_id"),
    ),
    Table(
        "pledge_followup",
        "Pledge follow-up against the data cut-off: status (not_stated when the pledge gives none), deadline, "
        "how recently its page was updated (within a year, 1-2 years, over 2 years, never; a boundary day counts "
        "in the more recent class) and whether its deadline passed without it being reported fulfilled.",
        "derived",
        (
            NN("pledge_id", "VARCHAR", "Pledge."),
            NN("status", "VARCHAR", "planning, in_progress, fulfilled or not_stated.", FOLLOWUP_STATUSES),
            C("deadline_date", "DATE", "Tentative deadline of implementation."),
            C("last_updated_date", "DATE", "When the pledge page was last updated."),
            NN("freshness", "VARCHAR", "Last update against the cut-off.", FOLLOWUP_FRESHNESS),
            NN("overdue", "BOOLEAN", "Deadline before the cut-off and not reported fulfilled."),
        ),
        ("pledge_id",),
        (("pledge_id", "pledges", "pledge_id"),),
    ),
    Table(
        "search_texts",
        "The searchable texts of every record, lower-cased and without accents once at build time: its title "
        "(field_bit 1) and the stream's entity fields (pledging entity, main implementer, organisers: later bits).",
        "derived",
        (
            NN("activity_id", "VARCHAR", "Activity."),
            NN("field_bit", "INTEGER", "Which field: 1 title, then 2, 4, ... the fields of etl.search.FIELD_NAMES."),
            NN("norm", "VARCHAR", "The text, lower-cased and without accents."),
        ),
        ("activity_id", "field_bit"),
    ),
    Table(
        "funding_cells",
        "Money beside activity: the amounts of a stream that carries them (MPTF budgets) per objective (0: all "
        "objectives, each record once) x geography x round. Full counting: a programme's whole budget counts in "
        "each of its objectives and countries, so cells do not add up to a total. Never a progress class.",
        "derived",
        (
            NN("stream", "VARCHAR", "Stream carrying amounts.", STREAMS),
            _CELL_OBJ,
            NN("geo_level", "VARCHAR", "Geography level.", GEO_LEVELS),
            NN("geo_id", "VARCHAR", "ISO3, sub-region name, commission id or GLOBAL."),
            NN("round_id", "INTEGER", "Review round."),
            NN("records", "INTEGER", "Records in the cell."),
            NN("records_with_amount", "INTEGER", "Of them, records that state an amount."),
            C("amount_usd", "DOUBLE", "Sum of the stated amounts, US dollars (NULL when none is stated)."),
        ),
        ("stream", "objective_id", "geo_level", "geo_id", "round_id"),
    ),
)

BOOKKEEPING_TABLES = (
    Table(
        "sources",
        "Where the data come from: the dataset and every input file, with licence and checksum.",
        "bookkeeping",
        (
            NN("source_id", "VARCHAR", "`dataset` or the input file name."),
            NN("title", "VARCHAR", "What it is."),
            C("producer", "VARCHAR", "Who publishes it."),
            C("url", "VARCHAR", "Where it is published."),
            C("licence", "VARCHAR", "Licence."),
            C("date_accessed", "DATE", "When it was collected."),
            C("row_count", "INTEGER", "Rows read (input files)."),
            C("sha256", "VARCHAR", "Checksum of the input file."),
        ),
        ("source_id",),
    ),
    Table(
        "build_info",
        "One row describing the build: versions, dataset, cut-off, checksums, method thresholds.",
        "bookkeeping",
        (
            NN("schema_version", "VARCHAR", "Version of this schema."),
            NN("method_version", "VARCHAR", "Version of the progress method."),
            NN("dataset", "VARCHAR", "Dataset name."),
            NN("dataset_title", "VARCHAR", "Dataset title."),
            NN("is_synthetic", "BOOLEAN", "True for generated (demo) data: never real GCM figures."),
            NN("data_cutoff", "DATE", "Last date the data cover; it closes the open round."),
            C("licence", "VARCHAR", "Licence of the dataset."),
            C("description", "VARCHAR", "What the dataset covers."),
            NN("input_checksum", "VARCHAR", "sha256 over all input files."),
            NN("method_config", "VARCHAR", "JSON of every method threshold."),
        ),
    ),
    Table(
        "collection_coverage",
        "How completely the dataset collected each stream in each review round (manifest.yml `coverage`).",
        "bookkeeping",
        (
            NN("stream", "VARCHAR", "Activity stream.", STREAMS),
            NN("round_id", "INTEGER", "Review round."),
            NN("completeness", "VARCHAR", "complete, partial or none; only complete rounds get classes.", COMPLETENESS),
        ),
        ("stream", "round_id"),
    ),
    Table(
        "validation_report",
        "Warnings of the last successful build (errors stop the build instead).",
        "bookkeeping",
        (
            NN("file_name", "VARCHAR", "Input file."),
            C("line", "INTEGER", "Line in the file (1 = header)."),
            C("column_name", "VARCHAR", "Column."),
            NN("severity", "VARCHAR", "warning.", ("warning",)),
            NN(
                "code",
                "VARCHAR",
                "Stable code of the kind of problem (GCM-W…); docs/IMPORT_FORMATS.md says how to fix it.",
            ),
            NN("message", "VARCHAR", "What is wrong and what happens to it."),
        ),
    ),
)

FACT_TABLES = tuple(s.tables[0] for s in STREAM_REGISTRY) + OTHER_FACT_TABLES
BRIDGE_TABLES = tuple(t for s in STREAM_REGISTRY for t in s.tables[1:]) + (RECORD_SOURCES,)
TABLES: tuple[Table, ...] = REFERENCE_TABLES + FACT_TABLES + BRIDGE_TABLES + DERIVED_TABLES + BOOKKEEPING_TABLES
TABLES_BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The table declared under this name."""
    return TABLES_BY_NAME[name]
