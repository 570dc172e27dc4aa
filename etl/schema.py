"""The one schema: database tables, import file formats, DDL and the data dictionary come from here."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field

SCHEMA_VERSION = "1.1"

STREAMS = ("pledges", "practices", "gcm_talks", "submissions")
COMPOSITE_STREAM = "all"
GEO_LEVELS = ("country", "subregion", "commission", "global")
GLOBAL_GEO_ID = "GLOBAL"

CATEGORIES = (
    "substantial_progress",
    "moderate_progress",
    "stagnation",
    "moderate_regression",
    "substantial_regression",
    "insufficient_data",
    "not_assessable",
)
CONFIDENCES = ("robust", "indicative")
LABELS = ("from_zero", "ceased", "short_window", "new_mechanism", "round_open", "incomplete_collection")
EXPOSURE_MODELS = ("rate", "per_round")
COMPLETENESS = ("complete", "partial", "none")
# Groups of objectives (or of principles) that have progress classes of their own (group_cells), in page order.
GROUP_KINDS = ("roundtable", "mptf_area", "principle")
# Objective 0 holds every record once, whatever its objectives (METHOD.md 1.1).
ALL_OBJECTIVES_TITLE = "All objectives (each record once)"

ENTITY_CATEGORIES = (
    "State",
    "UN system",
    "Other international organization",
    "Civil society",
    "Migrant or diaspora organization",
    "Local authority",
    "Private sector",
    "Trade union",
    "Academia",
    "National human rights institution",
    "Parliament",
    "Red Cross/Red Crescent",
    "Other",
)
PLEDGE_TYPES = ("individual", "common", "partnership", "matching")
PLEDGE_STATUSES = ("planning", "in_progress", "fulfilled")
TALK_FORMATS = ("online", "hybrid", "in-person")
TALK_SCOPES = ("global", "regional", "national")
COMMISSION_IDS = ("UNECE", "ECA", "ECLAC", "ESCAP", "ESCWA")
SUBMITTER_TYPES = ("member_state", "stakeholder", "un_system", "mixed")
SUBMISSION_KINDS = (
    "voluntary_review",
    "written_input",
    "survey_response",
    "discussion_post",
    "consultation_participant",
)
MEETING_FORMATS = ("in-person", "online", "hybrid")
REASON_DIRECTIONS = ("enabler", "obstacle", "artefact")
REASON_CODES = (
    "policy_or_legal_change",
    "national_implementation_plan",
    "institutional_coordination",
    "funding",
    "capacity_or_technical_support",
    "stakeholder_engagement",
    "data_availability",
    "political_priority_shift",
    "crisis_covid19",
    "crisis_conflict_displacement",
    "crisis_disaster_climate",
    "mechanism_launched_or_ended",
    "reporting_artefact",
)
# A cell whose only reasons carry these codes is not read as a change in implementation (METHOD.md).
ARTEFACT_REASON_CODES = ("reporting_artefact", "mechanism_launched_or_ended")
DATE_PRECISIONS = ("day", "month", "year")
PRACTICE_REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania", "Global")


# ---------------------------------------------------------------- database tables


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    nullable: bool = True
    allowed: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    group: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def enforces_key(self) -> bool:
        """Small tables carry their PRIMARY KEY constraint; the big ones are unique by validation and construction
        (a DuckDB key index on millions of text keys would take most of the build), checked after loading."""
        return self.group in ("reference", "bookkeeping")


def C(name, type_, description, allowed=None) -> Column:
    """A nullable column (values the source does not give stay NULL)."""
    return Column(name, type_, description, True, allowed)


def _nn(name, type_, description, allowed=None) -> Column:
    return Column(name, type_, description, False, allowed)


def _bridge(name: str, owner: str, owner_key: str, dim_col: Column, dim_fk, description: str) -> Table:
    return Table(
        name,
        description,
        "bridge",
        (_nn(owner_key, "VARCHAR", f"Key of the {owner} record."), dim_col),
        (owner_key, dim_col.name),
        ((owner_key, owner, owner_key),) + ((dim_fk,) if dim_fk else ()),
    )


_OBJ = _nn("objective_id", "INTEGER", "GCM objective number (1-23).")
_ISO3 = _nn("iso3", "VARCHAR", "ISO 3166-1 alpha-3 code of the country.")
_PRINCIPLE = _nn("principle_id", "INTEGER", "Guiding principle number (1-10).")
_URL = C("source_url", "VARCHAR", "Public page the record comes from (the first, when the source gave several).")
_GLOBAL = _nn("is_global", "BOOLEAN", "True when the record is tagged `Global`: it then counts at the global level.")


def _precision(prefix: str) -> Column:
    return C(f"{prefix}_precision", "VARCHAR", f"How precise `{prefix}` is.", allowed=DATE_PRECISIONS)


REFERENCE_TABLES = (
    Table(
        "imrf_roundtables",
        "The four IMRF round tables that group the 23 objectives.",
        "reference",
        (_nn("roundtable_id", "INTEGER", "Round table number (1-4)."), _nn("title", "VARCHAR", "Title.")),
        ("roundtable_id",),
    ),
    Table(
        "objectives",
        "The 23 GCM objectives (A/RES/73/195), with the Migration Network Hub short titles.",
        "reference",
        (
            _OBJ,
            _nn("short_title", "VARCHAR", "Short title used by the Migration Network Hub."),
            _nn("title", "VARCHAR", "Full title as in the GCM."),
            _nn("imrf_roundtable_id", "INTEGER", "IMRF round table that discusses the objective."),
        ),
        ("objective_id",),
        (("imrf_roundtable_id", "imrf_roundtables", "roundtable_id"),),
    ),
    Table(
        "mptf_areas",
        "The five thematic areas of the Migration Multi-Partner Trust Fund.",
        "reference",
        (_nn("area_id", "INTEGER", "Thematic area number (1-5)."), _nn("title", "VARCHAR", "Title.")),
        ("area_id",),
    ),
    Table(
        "objective_mptf_areas",
        "Which objectives each MPTF thematic area covers (objective 23 sits in all five).",
        "reference",
        (_OBJ, _nn("area_id", "INTEGER", "MPTF thematic area.")),
        ("objective_id", "area_id"),
        (("objective_id", "objectives", "objective_id"), ("area_id", "mptf_areas", "area_id")),
    ),
    Table(
        "guiding_principles",
        "The ten GCM guiding principles.",
        "reference",
        (_PRINCIPLE, _nn("name", "VARCHAR", "Name of the principle.")),
        ("principle_id",),
    ),
    Table(
        "stakeholder_groups",
        "Stakeholder groups named in GCM paragraph 44.",
        "reference",
        (_nn("group_id", "INTEGER", "Group number."), _nn("name", "VARCHAR", "Name.")),
        ("group_id",),
    ),
    Table(
        "countries",
        "Countries and territories (ISO 3166 via pycountry) with their UN M49 region and sub-region.",
        "reference",
        (
            _ISO3,
            _nn("name", "VARCHAR", "Country name (pycountry)."),
            C("official_name", "VARCHAR", "Official name where pycountry has one."),
            C("m49_code", "INTEGER", "UN M49 numeric code."),
            C("region", "VARCHAR", "UN M49 region."),
            C("subregion", "VARCHAR", "UN M49 sub-region (intermediate region for Africa and the Americas)."),
            _nn("is_un_member", "BOOLEAN", "True for UN Member States."),
            C("un_member_since", "INTEGER", "Year of UN membership."),
        ),
        ("iso3",),
    ),
    Table(
        "subregions",
        "UN M49 sub-regions, the geography of the regional views.",
        "reference",
        (
            _nn("subregion", "VARCHAR", "Sub-region name, also its id."),
            _nn("region", "VARCHAR", "UN M49 region it belongs to."),
            _nn("country_count", "INTEGER", "Number of countries and territories in it."),
        ),
        ("subregion",),
    ),
    Table(
        "commissions",
        "The five UN regional commissions, which run the GCM regional reviews.",
        "reference",
        (
            _nn("commission_id", "VARCHAR", "Short name.", COMMISSION_IDS),
            _nn("name", "VARCHAR", "Full name."),
            _nn("member_count", "INTEGER", "Number of member States."),
        ),
        ("commission_id",),
    ),
    Table(
        "commission_members",
        "Member States of each regional commission; a country may sit in several (many-to-many).",
        "reference",
        (
            _nn("commission_id", "VARCHAR", "Regional commission."),
            _ISO3,
            _nn("membership", "VARCHAR", "Kind of membership (member)."),
        ),
        ("commission_id", "iso3"),
        (("commission_id", "commissions", "commission_id"), ("iso3", "countries", "iso3")),
    ),
    Table(
        "review_rounds",
        "GCM review rounds and their activity windows; an empty window end means up to the data cut-off.",
        "reference",
        (
            _nn("round_id", "INTEGER", "Round number."),
            _nn("name", "VARCHAR", "Name."),
            _nn("window_start_date", "DATE", "First day of the round's activity window."),
            C("window_end_date", "DATE", "Last day of the window; NULL for the open round."),
            C("regional_reviews_from_date", "DATE", "First regional review of the round."),
            C("regional_reviews_to_date", "DATE", "Last regional review of the round."),
            C("imrf", "VARCHAR", "The IMRF the round feeds."),
            C("imrf_start_date", "DATE", "First day of that IMRF."),
            C("imrf_end_date", "DATE", "Last day of that IMRF."),
            _nn("is_open", "BOOLEAN", "True for a round whose window has no end yet."),
            C("note", "VARCHAR", "Where the dates come from."),
        ),
        ("round_id",),
    ),
)

FACT_TABLES = (
    Table(
        "pledges",
        "Pledges of the GCM pledging initiative.",
        "fact",
        (
            _nn("pledge_id", "VARCHAR", "Pledge id (web-form submission number, or page slug)."),
            _nn("title", "VARCHAR", "Name of the pledge."),
            C("pledging_entity", "VARCHAR", "Entity that made the pledge."),
            C("entity_category", "VARCHAR", "Kind of pledging entity.", ENTITY_CATEGORIES),
            C("pledge_type", "VARCHAR", "individual, common, partnership or matching.", PLEDGE_TYPES),
            C("matched_pledge_id", "VARCHAR", "Id of the pledge a matching pledge matches."),
            C("pledged_date", "DATE", "When the pledge was made (first day of the stated period)."),
            _precision("pledged_date"),
            C("last_updated_date", "DATE", "When the pledge page was last updated."),
            C("deadline_date", "DATE", "Tentative deadline of implementation."),
            C("status", "VARCHAR", "Implementation status, where stated.", PLEDGE_STATUSES),
            _GLOBAL,
            _URL,
        ),
        ("pledge_id",),
    ),
    Table(
        "practices",
        "Practices of the Migration Network Hub repository of practices.",
        "fact",
        (
            _nn("practice_id", "VARCHAR", "Practice id (Hub page slug)."),
            _nn("title", "VARCHAR", "Title."),
            C("dates_text", "VARCHAR", "Dates as the Hub prints them, e.g. `2021 - Present`."),
            C("start_year", "INTEGER", "First year of the practice; it places the practice in a round."),
            C("end_year", "INTEGER", "Last year; NULL when ongoing or not stated."),
            _nn("is_ongoing", "BOOLEAN", "True when the Hub says `Present`."),
            C("practice_type", "VARCHAR", "Type of practice."),
            C("main_implementer", "VARCHAR", "Main implementer."),
            _GLOBAL,
            _URL,
        ),
        ("practice_id",),
    ),
    Table(
        "gcm_talks",
        "GCM Talks, the peer-learning events of the UN Network on Migration (since February 2023).",
        "fact",
        (
            _nn("talk_id", "VARCHAR", "Talk id."),
            _nn("talk_date", "DATE", "Date of the talk."),
            _precision("talk_date"),
            _nn("title", "VARCHAR", "Title."),
            C("format", "VARCHAR", "online, hybrid or in-person.", TALK_FORMATS),
            C("organisers", "VARCHAR", "Organisers."),
            C("scope", "VARCHAR", "global, regional or national.", TALK_SCOPES),
            _GLOBAL,
            _URL,
        ),
        ("talk_id",),
    ),
    Table(
        "submissions",
        "Counts of review submissions (voluntary national reviews, written inputs, ...) per regional review.",
        "fact",
        (
            _nn("submission_id", "INTEGER", "Row number after sorting by the natural key."),
            _nn("commission_id", "VARCHAR", "Regional commission whose review received them.", COMMISSION_IDS),
            _nn("round_id", "INTEGER", "Review round."),
            C("iso3", "VARCHAR", "Country; NULL for a region-level count."),
            _nn("submitter_type", "VARCHAR", "Who submitted.", SUBMITTER_TYPES),
            _nn("kind", "VARCHAR", "Kind of submission.", SUBMISSION_KINDS),
            _nn("submission_count", "INTEGER", "Number of submissions (>= 0)."),
            C("as_of_date", "DATE", "Date the count refers to."),
            _precision("as_of_date"),
            C("note", "VARCHAR", "What the count is, in the source's words."),
            _URL,
        ),
        ("submission_id",),
        (("commission_id", "commissions", "commission_id"), ("round_id", "review_rounds", "round_id")),
    ),
    Table(
        "published_totals",
        "Totals stated by their publishers (a newsletter, a closing statement): what exists beyond the records found.",
        "fact",
        (
            _nn("total_id", "INTEGER", "Row number after sorting by topic, metric and date."),
            _nn("topic", "VARCHAR", "What is counted (pledges, practices, reviews …)."),
            _nn("metric", "VARCHAR", "The figure, in the publisher's words."),
            _nn("value", "VARCHAR", "The value as published (a number, or words such as 'more than 200')."),
            C("as_of", "VARCHAR", "When the figure held, as published."),
            C("note", "VARCHAR", "Context."),
            _URL,
        ),
        ("total_id",),
    ),
    Table(
        "review_meetings",
        "Regional review meetings (consultations, hearings, intergovernmental conferences).",
        "fact",
        (
            _nn("meeting_id", "INTEGER", "Row number after sorting by commission, round and date."),
            _nn("commission_id", "VARCHAR", "Regional commission.", COMMISSION_IDS),
            _nn("round_id", "INTEGER", "Review round."),
            _nn("event", "VARCHAR", "What the meeting was."),
            _nn("start_date", "DATE", "First day."),
            C("end_date", "DATE", "Last day."),
            C("location", "VARCHAR", "Where."),
            C("format", "VARCHAR", "in-person, online or hybrid.", MEETING_FORMATS),
            _URL,
        ),
        ("meeting_id",),
        (("commission_id", "commissions", "commission_id"), ("round_id", "review_rounds", "round_id")),
    ),
    Table(
        "reasons",
        "Recorded reasons why reported activity moved in a cell (objective x geography x round).",
        "fact",
        (
            _nn("reason_id", "INTEGER", "Row number after sorting."),
            _OBJ,
            _nn("geo_level", "VARCHAR", "Geography level.", GEO_LEVELS),
            _nn("geo_id", "VARCHAR", "ISO3, sub-region name, commission id or GLOBAL."),
            C("stream", "VARCHAR", "Stream explained; NULL means every stream.", STREAMS),
            _nn("round_id", "INTEGER", "The round whose change from the previous round it explains."),
            _nn("direction", "VARCHAR", "enabler, obstacle or artefact.", REASON_DIRECTIONS),
            _nn("reason_code", "VARCHAR", "Coded reason.", REASON_CODES),
            C("reason_text", "VARCHAR", "The reason in words (at most 500 characters)."),
            C("recorded_date", "DATE", "When it was recorded."),
            _URL,
        ),
        ("reason_id",),
        (("objective_id", "objectives", "objective_id"), ("round_id", "review_rounds", "round_id")),
    ),
)

BRIDGE_TABLES = (
    _bridge(
        "pledge_objectives",
        "pledges",
        "pledge_id",
        _OBJ,
        ("objective_id", "objectives", "objective_id"),
        "Objectives a pledge addresses.",
    ),
    _bridge(
        "pledge_countries",
        "pledges",
        "pledge_id",
        _ISO3,
        ("iso3", "countries", "iso3"),
        "Countries of implementation of a pledge.",
    ),
    _bridge(
        "pledge_principles",
        "pledges",
        "pledge_id",
        _PRINCIPLE,
        ("principle_id", "guiding_principles", "principle_id"),
        "Guiding principles a pledge names.",
    ),
    Table(
        "practice_objectives",
        "Objectives a practice addresses, primary or secondary.",
        "bridge",
        (_nn("practice_id", "VARCHAR", "Practice."), _OBJ, _nn("is_primary", "BOOLEAN", "Primary objective.")),
        ("practice_id", "objective_id"),
        (("practice_id", "practices", "practice_id"), ("objective_id", "objectives", "objective_id")),
    ),
    _bridge(
        "practice_countries",
        "practices",
        "practice_id",
        _ISO3,
        ("iso3", "countries", "iso3"),
        "Countries where a practice is implemented.",
    ),
    _bridge(
        "practice_principles",
        "practices",
        "practice_id",
        _PRINCIPLE,
        ("principle_id", "guiding_principles", "principle_id"),
        "Guiding principles a practice exemplifies.",
    ),
    _bridge(
        "practice_regions",
        "practices",
        "practice_id",
        _nn("region", "VARCHAR", "Hub region.", PRACTICE_REGIONS),
        None,
        "Hub regions of a practice.",
    ),
    _bridge(
        "talk_objectives",
        "gcm_talks",
        "talk_id",
        _OBJ,
        ("objective_id", "objectives", "objective_id"),
        "Objectives a GCM Talk addressed.",
    ),
    _bridge(
        "talk_countries",
        "gcm_talks",
        "talk_id",
        _ISO3,
        ("iso3", "countries", "iso3"),
        "Countries a GCM Talk concerned.",
    ),
    _bridge(
        "talk_commissions",
        "gcm_talks",
        "talk_id",
        _nn("commission_id", "VARCHAR", "Regional commission."),
        ("commission_id", "commissions", "commission_id"),
        "Regional commissions a GCM Talk concerned.",
    ),
    Table(
        "submission_objectives",
        "Objectives a submission count refers to (none: all objectives of the review).",
        "bridge",
        (_nn("submission_id", "INTEGER", "Submission row."), _OBJ),
        ("submission_id", "objective_id"),
        (("submission_id", "submissions", "submission_id"), ("objective_id", "objectives", "objective_id")),
    ),
    Table(
        "record_sources",
        "Every public page cited for a record (a record may cite several).",
        "bridge",
        (
            _nn("stream", "VARCHAR", "Table of the record."),
            _nn("record_id", "VARCHAR", "Key of the record in that table."),
            _nn("source_url", "VARCHAR", "Cited page."),
        ),
        ("stream", "record_id", "source_url"),
    ),
)

_CELL_STREAM = _nn("stream", "VARCHAR", "Stream, or `all` for the composite.", STREAMS + (COMPOSITE_STREAM,))
_CELL_GEO = (
    _nn("geo_level", "VARCHAR", "Geography level.", GEO_LEVELS),
    _nn("geo_id", "VARCHAR", "ISO3, sub-region name, commission id or GLOBAL."),
    _nn("round_from", "INTEGER", "Earlier round."),
    _nn("round_to", "INTEGER", "Later round."),
)
_CELL_OBJ = _nn("objective_id", "INTEGER", "GCM objective (1-23), or 0: all objectives, each record once.")
_CELL_KEY = (_CELL_STREAM, _CELL_OBJ, *_CELL_GEO)
_CELL_MEASURE = (
    _nn("n_from", "INTEGER", "Count in the earlier round."),
    _nn("n_to", "INTEGER", "Count in the later round."),
    C("t_from", "DOUBLE", "Exposure of the earlier round (years; global count for the share view)."),
    C("t_to", "DOUBLE", "Exposure of the later round."),
    C("rate_ratio", "DOUBLE", "Continuity-corrected rate ratio."),
    C("score", "DOUBLE", "Score -5..+5."),
    _nn("category", "VARCHAR", "Progress class.", CATEGORIES),
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
            _nn("activity_id", "VARCHAR", "`<stream>:<record id>`."),
            _nn("stream", "VARCHAR", "Activity stream.", STREAMS),
            _nn("record_id", "VARCHAR", "Key of the record in its stream's table."),
            _nn("title", "VARCHAR", "Title (for submissions: commission, kind and submitter)."),
            C("activity_date", "DATE", "Date that places the record in a round (mid-period for month/year dates)."),
            C("date_precision", "VARCHAR", "Precision of the stated date.", DATE_PRECISIONS),
            C("round_id", "INTEGER", "Review round; NULL when undated or outside every window."),
            _nn("unit_count", "INTEGER", "Units it counts for: 1, or the submission count."),
            _GLOBAL,
            _URL,
        ),
        ("activity_id",),
    ),
    Table(
        "activity_objectives",
        "Objectives of each activity (full counting: an activity counts once in each).",
        "derived",
        (_nn("activity_id", "VARCHAR", "Activity."), _OBJ),
        ("activity_id", "objective_id"),
        (("activity_id", "activities", "activity_id"), ("objective_id", "objectives", "objective_id")),
    ),
    Table(
        "activity_countries",
        "Countries each activity counts in.",
        "derived",
        (_nn("activity_id", "VARCHAR", "Activity."), _ISO3),
        ("activity_id", "iso3"),
        (("activity_id", "activities", "activity_id"), ("iso3", "countries", "iso3")),
    ),
    Table(
        "activity_commissions",
        "Regional commissions each activity counts in: those named by the record, else those of its countries.",
        "derived",
        (_nn("activity_id", "VARCHAR", "Activity."), _nn("commission_id", "VARCHAR", "Regional commission.")),
        ("activity_id", "commission_id"),
        (("activity_id", "activities", "activity_id"), ("commission_id", "commissions", "commission_id")),
    ),
    Table(
        "progress_cells",
        "Progress class of reported activity per stream x objective x geography x pair of rounds (METHOD.md).",
        "derived",
        (
            _nn("method_version", "VARCHAR", "Method version."),
            *_CELL_KEY,
            *_CELL_MEASURE,
            _EXPOSURE_MODEL,
            *_COMPOSITE,
            _nn("reason_count", "INTEGER", "Reasons recorded for the cell."),
            _nn("is_interpretable", "BOOLEAN", "False when only artefact reasons explain the cell."),
        ),
        _CELL_PK,
    ),
    Table(
        "group_cells",
        "Progress class of a group of objectives (IMRF round table, MPTF area) or of a guiding principle: each "
        "record counts once per group, whatever how many of its objectives the group holds.",
        "derived",
        (
            _nn("method_version", "VARCHAR", "Method version."),
            _nn("group_kind", "VARCHAR", "roundtable, mptf_area or principle.", GROUP_KINDS),
            _nn("group_id", "INTEGER", "Round table, MPTF area or principle number."),
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
        (_nn("method_version", "VARCHAR", "Method version."), *_CELL_KEY, *_CELL_MEASURE),
        _CELL_PK,
    ),
    Table(
        "share_cells",
        "Share view: a geography's share of global activity, round against round (t = the global counts).",
        "derived",
        (_nn("method_version", "VARCHAR", "Method version."), *_CELL_KEY, *_CELL_MEASURE),
        _CELL_PK,
    ),
    Table(
        "cell_reasons",
        "Which recorded reasons explain which progress cell.",
        "derived",
        (*_CELL_KEY, _nn("reason_id", "INTEGER", "Reason.")),
        _CELL_PK + ("reason_id",),
        (("reason_id", "reasons", "reason_id"),),
    ),
    Table(
        "coverage",
        "Which streams report any activity per objective (0: all objectives) x geography x round.",
        "derived",
        (
            _CELL_OBJ,
            _nn("geo_level", "VARCHAR", "Geography level.", GEO_LEVELS),
            _nn("geo_id", "VARCHAR", "ISO3, sub-region name, commission id or GLOBAL."),
            _nn("round_id", "INTEGER", "Review round."),
            *(_nn(f"{s}_count", "INTEGER", f"Reported {s} units.") for s in STREAMS),
            _nn("streams_reporting", "INTEGER", "How many streams report anything (0-4)."),
        ),
        ("objective_id", "geo_level", "geo_id", "round_id"),
    ),
)

BOOKKEEPING_TABLES = (
    Table(
        "sources",
        "Where the data come from: the dataset and every input file, with licence and checksum.",
        "bookkeeping",
        (
            _nn("source_id", "VARCHAR", "`dataset` or the input file name."),
            _nn("title", "VARCHAR", "What it is."),
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
            _nn("schema_version", "VARCHAR", "Version of this schema."),
            _nn("method_version", "VARCHAR", "Version of the progress method."),
            _nn("dataset", "VARCHAR", "Dataset name."),
            _nn("dataset_title", "VARCHAR", "Dataset title."),
            _nn("is_synthetic", "BOOLEAN", "True for generated (demo) data: never real GCM figures."),
            _nn("data_cutoff", "DATE", "Last date the data cover; it closes the open round."),
            C("licence", "VARCHAR", "Licence of the dataset."),
            C("description", "VARCHAR", "What the dataset covers."),
            _nn("input_checksum", "VARCHAR", "sha256 over all input files."),
            _nn("method_config", "VARCHAR", "JSON of every method threshold."),
        ),
    ),
    Table(
        "collection_coverage",
        "How completely the dataset collected each stream in each review round (manifest.yml `coverage`).",
        "bookkeeping",
        (
            _nn("stream", "VARCHAR", "Activity stream.", STREAMS),
            _nn("round_id", "INTEGER", "Review round."),
            _nn(
                "completeness", "VARCHAR", "complete, partial or none; only complete rounds get classes.", COMPLETENESS
            ),
        ),
        ("stream", "round_id"),
    ),
    Table(
        "validation_report",
        "Warnings of the last successful build (errors stop the build instead).",
        "bookkeeping",
        (
            _nn("file_name", "VARCHAR", "Input file."),
            C("line", "INTEGER", "Line in the file (1 = header)."),
            C("column_name", "VARCHAR", "Column."),
            _nn("severity", "VARCHAR", "warning.", ("warning",)),
            _nn("message", "VARCHAR", "What is wrong and what happens to it."),
        ),
    ),
)

TABLES: tuple[Table, ...] = REFERENCE_TABLES + FACT_TABLES + BRIDGE_TABLES + DERIVED_TABLES + BOOKKEEPING_TABLES
TABLES_BY_NAME = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """The table declared under this name."""
    return TABLES_BY_NAME[name]


def ddl(tbl: Table) -> str:
    """The CREATE TABLE statement of a table, with NOT NULL, CHECK and (small tables) PRIMARY KEY constraints."""
    lines = []
    for col in tbl.columns:
        line = f"{col.name} {col.type}"
        if not col.nullable:
            line += " NOT NULL"
        if col.allowed:
            values = ", ".join("'" + v.replace("'", "''") + "'" for v in col.allowed)
            line += f" CHECK ({col.name} IN ({values}))"
        lines.append(line)
    if tbl.primary_key and tbl.enforces_key:
        lines.append(f"PRIMARY KEY ({', '.join(tbl.primary_key)})")
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {tbl.name} (\n  {body}\n)"


# ---------------------------------------------------------------- import files


@dataclass(frozen=True)
class Field:
    """One column of an import file.

    `required`: "yes" (column and value required), "column" (column required, an empty cell is kept with a
    warning) or "no". `kind` says how the cell is parsed (see etl/parsing.py).
    """

    name: str
    kind: str
    description: str
    required: str = "no"
    allowed: tuple[str, ...] | None = None
    example: str = ""


@dataclass(frozen=True)
class ImportFile:
    name: str
    stream: str
    description: str
    fields: tuple[Field, ...]
    natural_key: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]


_SOURCE_URL = Field(
    "source_url",
    "urls",
    "Public page(s) of the record; several separated by `;`.",
    example="https://migrationnetwork.un.org/pledge/un-system-pledge",
)

IMPORT_FILES = (
    ImportFile(
        "pledges.csv",
        "pledges",
        "Pledges of the pledging initiative. The pledge web-form export is also read as it comes (see below).",
        (
            Field("pledge_id", "id", "Unique id (web-form submission number or page slug).", "yes", example="2250"),
            Field(
                "title",
                "text",
                "Name of the pledge.",
                "yes",
                example="Review of the National Implementation Plan of the Global Compact for Migration",
            ),
            Field(
                "pledging_entity",
                "text",
                "Entity that made the pledge.",
                "column",
                example="Portugal, Ministry of Foreign Affairs",
            ),
            Field("entity_category", "enum", "Kind of entity.", "column", ENTITY_CATEGORIES, "State"),
            Field("pledge_type", "enum", "Type of pledge.", "no", PLEDGE_TYPES, "individual"),
            Field("matched_pledge_id", "text", "For a matching pledge: the id of the pledge it matches."),
            Field(
                "countries", "countries", "Countries of implementation (ISO3 or names; `Global`).", example="PRT;Global"
            ),
            Field(
                "objectives",
                "objectives",
                "GCM objectives (numbers, full or Hub short titles).",
                "column",
                example="1;2;3",
            ),
            Field(
                "guiding_principles",
                "principles",
                "Guiding principles (numbers or names).",
                example="International cooperation",
            ),
            Field("pledged_on", "date", "When the pledge was made.", "column", example="2022-07-07"),
            Field("last_updated", "date", "When the pledge page was last updated.", example="2023-04"),
            Field(
                "deadline",
                "future_date",
                "Tentative deadline of implementation (may be in the future).",
                example="2026",
            ),
            Field("status", "enum", "Implementation status.", "no", PLEDGE_STATUSES, ""),
            _SOURCE_URL,
        ),
        ("pledge_id",),
    ),
    ImportFile(
        "practices.csv",
        "practices",
        "Practices of the Migration Network Hub repository of practices.",
        (
            Field(
                "practice_id",
                "id",
                "Unique id (Hub page slug).",
                "yes",
                example="medical-assistance-provided-migrants-niger",
            ),
            Field("title", "text", "Title.", "yes", example="Medical assistance provided to migrants in Niger"),
            Field("primary_objectives", "objectives", "Primary GCM objectives.", "column", example="7;15"),
            Field("secondary_objectives", "objectives", "Secondary GCM objectives.", example="3;4;21"),
            Field("guiding_principles", "principles", "Guiding principles particularly exemplified."),
            Field(
                "dates",
                "year_range",
                "Dates as the Hub prints them: `2021 - Present`, `2015 - 2018`, `2019`.",
                "column",
                example="2017 - Present",
            ),
            Field("practice_type", "text", "Type of practice.", example="Project/Programme"),
            Field("countries", "countries", "Countries (ISO3 or names; `Global`).", example="NER"),
            Field(
                "regions", "regions", "Hub regions (Africa, Americas, Asia, Europe, Oceania, Global).", example="Africa"
            ),
            Field("main_implementer", "text", "Main implementer.", example="IOM Niger"),
            _SOURCE_URL,
        ),
        ("practice_id",),
    ),
    ImportFile(
        "gcm_talks.csv",
        "gcm_talks",
        "GCM Talks (peer-learning events since February 2023).",
        (
            Field("talk_id", "id", "Unique id.", "yes", example="2023-05-16-uhc"),
            Field("date", "date", "Date of the talk.", "yes", example="2023-05-16"),
            Field(
                "title",
                "text",
                "Title.",
                "yes",
                example="Leave no one behind: addressing the needs of migrants towards Universal Health Coverage",
            ),
            Field("format", "enum", "online, hybrid or in-person.", "no", TALK_FORMATS, "online"),
            Field("organisers", "text", "Organisers.", example="UN Network on Migration"),
            Field("scope", "enum", "global, regional or national.", "no", TALK_SCOPES, "global"),
            Field("commissions", "commissions", "Regional commissions concerned.", example="ECA"),
            Field("countries", "countries", "Countries concerned (ISO3 or names; `Global`).", example="Global"),
            Field("objectives", "objectives", "GCM objectives.", example="16;22"),
            _SOURCE_URL,
        ),
        ("talk_id",),
    ),
    ImportFile(
        "submissions.csv",
        "submissions",
        "Counts of submissions to the regional reviews, per commission, round, country and kind.",
        (
            Field("commission", "commission", "Regional commission.", "yes", COMMISSION_IDS, "ESCAP"),
            Field("review_round", "round", "Review round number.", "yes", example="1"),
            Field("country", "country", "Country (ISO3 or name); empty for a region-level count.", example=""),
            Field("submitter_type", "enum", "Who submitted.", "yes", SUBMITTER_TYPES, "member_state"),
            Field("kind", "enum", "Kind of submission.", "yes", SUBMISSION_KINDS, "survey_response"),
            Field("count", "count", "Number of submissions (integer >= 0).", "yes", example="21"),
            Field("as_of", "date", "Date the count refers to.", example="2021-02-20"),
            Field(
                "objectives",
                "objectives",
                "Objectives the count refers to (empty: the whole Compact, counted in objective 0 only).",
                example="",
            ),
            Field(
                "note",
                "text",
                "What the count is, in the source's words.",
                example="voluntary national GCM reviews (survey responses) received",
            ),
            _SOURCE_URL,
        ),
        ("commission", "review_round", "country", "submitter_type", "kind", "objectives"),
    ),
    ImportFile(
        "published_totals.csv",
        "published_totals",
        "Totals stated by their publishers, kept as published: they say how partial a collection of records is.",
        (
            Field("topic", "text", "What is counted.", "yes", example="pledges"),
            Field("metric", "text", "The figure, in the publisher's words.", "yes", example="total pledges recorded"),
            Field("value", "text", "The value as published.", "yes", example="214"),
            Field("as_of", "text", "When the figure held, as published.", example="2022-10"),
            Field("note", "text", "Context.", example="over 40 new pledges made after IMRF 2022"),
            _SOURCE_URL,
        ),
        ("topic", "metric", "value", "as_of"),
    ),
    ImportFile(
        "review_meetings.csv",
        "review_meetings",
        "Regional review meetings.",
        (
            Field("commission", "commission", "Regional commission.", "yes", COMMISSION_IDS, "UNECE"),
            Field("review_round", "round", "Review round number.", "yes", example="2"),
            Field("event", "text", "What the meeting was.", "yes", example="Intergovernmental Conference"),
            Field("start_date", "date", "First day.", "yes", example="2024-03-11"),
            Field("end_date", "date", "Last day.", example="2024-03-11"),
            Field("location", "text", "Where.", example="Palais des Nations, Geneva"),
            Field("format", "enum", "in-person, online or hybrid.", "no", MEETING_FORMATS, "hybrid"),
            _SOURCE_URL,
        ),
        ("commission", "review_round", "event", "start_date"),
    ),
    ImportFile(
        "reasons.csv",
        "reasons",
        "Why reported activity moved in a cell: coded reasons with a citation.",
        (
            Field("objective", "objective", "GCM objective.", "yes", example="5"),
            Field(
                "geography",
                "geography",
                "ISO3 or country name, M49 sub-region, commission id or `Global`.",
                "yes",
                example="KEN",
            ),
            Field("stream", "enum", "Stream explained; empty for every stream.", "no", STREAMS, "pledges"),
            Field(
                "review_round",
                "round",
                "The round whose change from the previous round it explains.",
                "yes",
                example="2",
            ),
            Field("direction", "enum", "enabler, obstacle or artefact.", "yes", REASON_DIRECTIONS, "enabler"),
            Field("reason_code", "enum", "Coded reason.", "yes", REASON_CODES, "policy_or_legal_change"),
            Field(
                "text",
                "text500",
                "The reason in words (at most 500 characters).",
                example="New labour migration law adopted in 2023",
            ),
            _SOURCE_URL,
            Field("recorded_on", "date", "When the reason was recorded.", example="2025-03-01"),
        ),
        ("objective", "geography", "stream", "review_round", "reason_code"),
    ),
)
IMPORT_FILES_BY_NAME = {f.name: f for f in IMPORT_FILES}


# ---------------------------------------------------------------- data dictionary


def markdown() -> str:
    """The data dictionary (docs/DATA_DICTIONARY.md), generated from the tables above."""
    out = [
        "# Data dictionary",
        "",
        f"Generated by `python -m etl.schema --markdown` from `etl/schema.py` (schema version {SCHEMA_VERSION}).",
        "Do not edit by hand: a test fails when this file is stale.",
        "",
    ]
    groups = ("reference", "fact", "bridge", "derived", "bookkeeping")
    for group in groups:
        out += [f"## {group.capitalize()} tables", ""]
        for tbl in (t for t in TABLES if t.group == group):
            out += [f"### `{tbl.name}`", "", tbl.description, ""]
            if tbl.primary_key:
                out += [f"Primary key: `{', '.join(tbl.primary_key)}`.", ""]
            out += ["| column | type | null | description |", "|---|---|---|---|"]
            for col in tbl.columns:
                desc = col.description
                if col.allowed:
                    desc += " One of: " + ", ".join(f"`{v}`" for v in col.allowed) + "."
                out.append(f"| `{col.name}` | {col.type} | {'yes' if col.nullable else 'no'} | {desc} |")
            if tbl.foreign_keys:
                refs = "; ".join(f"`{c}` → `{t}.{k}`" for c, t, k in tbl.foreign_keys)
                out += ["", f"References: {refs}."]
            out.append("")
    return "\n".join(out)


_REQUIRED_WORDS = {
    "yes": "required",
    "column": "column required; an empty cell is kept as not stated, with a warning",
    "no": "optional",
}
_IMPORT_RULES = """\
Every file: UTF-8 (a BOM is tolerated), comma-separated, a header row, one record per row. Multi-valued cells use `;`.
Objectives may be numbers (`5`, `Objective 5`), full titles or Hub short titles; countries ISO3 codes or names (UN
spellings such as "Bolivia (Plurinational State of)", "Türkiye", web-form cells such as `Portugal (201)`), and
`Global` where the column allows it; dates `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (the precision is kept; a month or year
is placed at its middle to choose a review round). Event dates lie between 2018-12-19 (GCM adopted) and the
dataset's `data_cutoff`. Unknown columns are ignored with a warning: the importer reads an allow-list of columns, so
contact-person columns of web-form exports (names, e-mails, phone numbers, IP addresses) are never read, and
web-form questions are matched whole (case and spacing aside), never by their first words. Counts are whole numbers,
thousands in groups of three (1,234 or 1 234), at most 2,147,483,647. A web address has at most 2,000 characters.
E-mail addresses and phone numbers in text and web addresses are replaced by [removed] (a warning counts them, never
shows them); an id holding one is refused. Keys are compared by meaning: case, invisible characters and spacing
aside, KEN = Kenya, 5;6 = 6;5, 2024-3-11 = 2024-03-11; a duplicate is an error naming both lines. An empty
cell is NULL. A file may be absent (that stream is then empty). Each import file may come as CSV UTF-8 separated by
commas, semicolons or tabs (the header decides), as a `.tsv` file, or as an Excel workbook (`pledges.xlsx`: its first
sheet, row 1 the header; errors then read `pledges.xlsx:ROW: column: message`); two forms of one file are an error,
and so is a look-alike the importer would not read (`pledges.xls`, `pledges.CSV`). A dataset folder also holds
`manifest.yml`:
`name`, `title`, `is_synthetic`, `data_cutoff` (required), `licence`, `producer`, `description`, `date_accessed`,
`files:` {file name: {title, rows, sha256}}, and `coverage:` {stream: {round: complete | partial | none}}, how
completely each stream was collected in each review round (absent: complete; a stream or round not listed under a
present `coverage` is complete). Only a stream complete in both rounds of a pair gets a progress class; the others
show their counts as found (METHOD.md 1.1). For example, a collection of public pages declares
`coverage: {pledges: {1: partial, 2: partial}}`. An unknown stream, round or value is an error with its line.
"""


def import_formats_markdown() -> str:
    """docs/IMPORT_FORMATS.md: every column of every import file with an example row."""
    out = [
        "# Import formats",
        "",
        "Generated by `python -m etl.schema --import-formats` from `etl/schema.py`.",
        "",
        _IMPORT_RULES,
    ]
    for spec in IMPORT_FILES:
        out += [f"## `{spec.name}`", "", spec.description, ""]
        if spec.natural_key:
            out += [f"Unique on: `{', '.join(spec.natural_key)}`.", ""]
        out += ["| column | required | format | description |", "|---|---|---|---|"]
        for f in spec.fields:
            desc = f.description + (" One of: " + ", ".join(f"`{v}`" for v in f.allowed) + "." if f.allowed else "")
            out.append(f"| `{f.name}` | {_REQUIRED_WORDS[f.required]} | {f.kind} | {desc} |")
        header = ",".join(spec.field_names)
        example = ",".join(_csv_cell(f.example) for f in spec.fields)
        out += ["", "Example:", "", "```csv", header, example, "```", ""]
    out += [
        "## The pledge web-form export",
        "",
        "`pledges.csv` may also be the Network's web-form export as it comes: it is recognised by its question "
        "labels (`Submission Number`, `Name of the pledge`, …), which are mapped to the columns above; every "
        "other question, including the contact-person ones, is ignored.",
        "",
    ]
    return "\n".join(out)


def _csv_cell(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ',"\n') else value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.schema", description=__doc__)
    parser.add_argument("--markdown", action="store_true", help="print the data dictionary")
    parser.add_argument("--import-formats", action="store_true", help="print the import formats")
    args = parser.parse_args(argv)
    if args.markdown:
        sys.stdout.write(markdown())
        return 0
    if args.import_formats:
        sys.stdout.write(import_formats_markdown())
        return 0
    for tbl in TABLES:
        print(ddl(tbl) + ";\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
