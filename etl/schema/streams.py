"""The stream registry: every activity stream once, with its tables, import file and how it counts (declarations).

Pure declarations, so longer than the ~400-line guideline. Adding a stream: one `Stream(...)` entry here (or a module
named in GCM_EXTRA_STREAMS that defines `STREAM`), its `etl/sources/<name>.py`, its demo generator and its fixtures;
nothing else reads a stream name (docs/CONTRIBUTING.md).
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass

from etl.schema.model import (
    IS_GLOBAL,
    ISO3,
    NN,
    OBJECTIVE,
    PRINCIPLE,
    SOURCE_URL_COL,
    SOURCE_URL_FIELD,
    C,
    Field,
    ImportFile,
    Table,
    bridge_table,
    precision,
)
from etl.schema.vocabularies import (
    COMMISSION_IDS,
    ENTITY_CATEGORIES,
    PLEDGE_STATUSES,
    PLEDGE_TYPES,
    PRACTICE_REGIONS,
    PROGRAMME_STATUSES,
    SUBMISSION_KINDS,
    SUBMITTER_TYPES,
    TALK_FORMATS,
    TALK_SCOPES,
)

EXTRA_STREAMS_ENV = "GCM_EXTRA_STREAMS"


@dataclass(frozen=True)
class Stream:
    """One activity stream: what pages call it, how the method compares it, and the SQL that makes its activities.

    `records` selects one row per record with the columns record_id (VARCHAR), title, activity_date, date_precision,
    fixed_round (a round the record names itself, else NULL), unit_count, is_global, source_url. `objectives`,
    `countries`, `commissions` (the ones a record names itself) and `principles` select (record key, value) pairs;
    a record that names no commission counts in every commission its countries belong to.
    """

    name: str
    label: str  # English, the fallback of the i18n key `stream.<name>`
    colour: str  # one of a qualitative palette that reuses none of the class colours
    exposure_model: str  # rate: compared per year; per_round: per review cycle (METHOD.md 1.1)
    source: str  # the module that reads and transforms its import file
    demo: str  # the module whose make(ref, weights, rng, scale) draws its synthetic import file
    records: str
    objectives: str
    countries: str
    tables: tuple[Table, ...]  # its fact table first, then its bridges
    import_file: ImportFile
    commissions: str | None = None
    principles: str | None = None
    amounts: str | None = None  # (record key, amount in USD): funding shown beside the counts (funding_cells)
    search_fields: tuple[str, ...] = ()  # columns of its fact table searched besides the title (etl/search.py)
    round_close: str = "window_end"  # per_round: the review_rounds column whose date closes a round
    mechanism_start: str | None = None  # None: the date of its first record in the dataset

    @property
    def count_column(self) -> str:
        """Its column in `coverage`."""
        return f"{self.name}_count"

    @property
    def has_principles(self) -> bool:
        return self.principles is not None

    @property
    def label_key(self) -> str:
        return f"stream.{self.name}"


# A date known only to the month or year is placed at the middle of that period, so a pledge dated "2022"
# falls in the round that holds most of 2022 (METHOD.md places dated items by the window that holds the date).
def midpoint(precision_sql: str, date_sql: str) -> str:
    """SQL: the middle of the period a date of this precision stands for."""
    return f"""CASE {precision_sql}
    WHEN 'month' THEN {date_sql} + CAST((last_day({date_sql}) - {date_sql}) // 2 AS INTEGER)
    WHEN 'year' THEN {date_sql} + CAST((make_date(year({date_sql}), 12, 31) - {date_sql}) // 2 AS INTEGER)
    ELSE {date_sql} END"""


# Counts of people taking part in a consultation describe a meeting, not submissions: they stay in `submissions`
# (and on the pages) but are not reported activity to compare between rounds.
_COUNTED = "kind <> 'consultation_participant'"

PLEDGES = Stream(
    name="pledges",
    label="Pledges",
    colour="#7570b3",
    exposure_model="per_round",
    source="etl.sources.pledges",
    demo="etl.demo.pledges",
    records=f"""
        SELECT pledge_id AS record_id, title, {midpoint("pledged_date_precision", "pledged_date")} AS activity_date,
               pledged_date_precision AS date_precision, NULL::INTEGER AS fixed_round, 1 AS unit_count, is_global,
               source_url
        FROM pledges""",
    objectives="SELECT pledge_id, objective_id FROM pledge_objectives",
    countries="SELECT pledge_id, iso3 FROM pledge_countries",
    principles="SELECT pledge_id, principle_id FROM pledge_principles",
    search_fields=("pledging_entity",),
    tables=(
        Table(
            "pledges",
            "Pledges of the GCM pledging initiative.",
            "fact",
            (
                NN("pledge_id", "VARCHAR", "Pledge id (web-form submission number, or page slug)."),
                NN("title", "VARCHAR", "Name of the pledge."),
                C("pledging_entity", "VARCHAR", "Entity that made the pledge."),
                C("entity_category", "VARCHAR", "Kind of pledging entity.", ENTITY_CATEGORIES),
                C("pledge_type", "VARCHAR", "individual, common, partnership or matching.", PLEDGE_TYPES),
                C("matched_pledge_id", "VARCHAR", "Id of the pledge a matching pledge matches."),
                C("pledged_date", "DATE", "When the pledge was made (first day of the stated period)."),
                precision("pledged_date"),
                C("last_updated_date", "DATE", "When the pledge page was last updated."),
                C("deadline_date", "DATE", "Tentative deadline of implementation."),
                C("status", "VARCHAR", "Implementation status, where stated.", PLEDGE_STATUSES),
                IS_GLOBAL,
                SOURCE_URL_COL,
            ),
            ("pledge_id",),
        ),
        bridge_table(
            "pledge_objectives",
            "pledges",
            "pledge_id",
            OBJECTIVE,
            ("objective_id", "objectives", "objective_id"),
            "Objectives a pledge addresses.",
        ),
        bridge_table(
            "pledge_countries",
            "pledges",
            "pledge_id",
            ISO3,
            ("iso3", "countries", "iso3"),
            "Countries of implementation of a pledge.",
        ),
        bridge_table(
            "pledge_principles",
            "pledges",
            "pledge_id",
            PRINCIPLE,
            ("principle_id", "guiding_principles", "principle_id"),
            "Guiding principles a pledge names.",
        ),
    ),
    import_file=ImportFile(
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
            SOURCE_URL_FIELD,
        ),
        ("pledge_id",),
    ),
)

PRACTICES = Stream(
    name="practices",
    label="Practices",
    colour="#1b9e77",
    exposure_model="rate",
    source="etl.sources.practices",
    demo="etl.demo.practices",
    records=f"""
        SELECT practice_id AS record_id, title, {
        midpoint("CASE WHEN start_year IS NOT NULL THEN 'year' END", "make_date(start_year, 1, 1)")
    } AS activity_date,
               CASE WHEN start_year IS NOT NULL THEN 'year' END AS date_precision, NULL::INTEGER AS fixed_round,
               1 AS unit_count, is_global, source_url
        FROM practices""",
    objectives="SELECT practice_id, objective_id FROM practice_objectives",
    countries="SELECT practice_id, iso3 FROM practice_countries",
    principles="SELECT practice_id, principle_id FROM practice_principles",
    search_fields=("main_implementer",),
    tables=(
        Table(
            "practices",
            "Practices of the Migration Network Hub repository of practices.",
            "fact",
            (
                NN("practice_id", "VARCHAR", "Practice id (Hub page slug)."),
                NN("title", "VARCHAR", "Title."),
                C("dates_text", "VARCHAR", "Dates as the Hub prints them, e.g. `2021 - Present`."),
                C("start_year", "INTEGER", "First year of the practice; it places the practice in a round."),
                C("end_year", "INTEGER", "Last year; NULL when ongoing or not stated."),
                NN("is_ongoing", "BOOLEAN", "True when the Hub says `Present`."),
                C("practice_type", "VARCHAR", "Type of practice."),
                C("main_implementer", "VARCHAR", "Main implementer."),
                IS_GLOBAL,
                SOURCE_URL_COL,
            ),
            ("practice_id",),
        ),
        Table(
            "practice_objectives",
            "Objectives a practice addresses, primary or secondary.",
            "bridge",
            (NN("practice_id", "VARCHAR", "Practice."), OBJECTIVE, NN("is_primary", "BOOLEAN", "Primary objective.")),
            ("practice_id", "objective_id"),
            (("practice_id", "practices", "practice_id"), ("objective_id", "objectives", "objective_id")),
        ),
        bridge_table(
            "practice_countries",
            "practices",
            "practice_id",
            ISO3,
            ("iso3", "countries", "iso3"),
            "Countries where a practice is implemented.",
        ),
        bridge_table(
            "practice_principles",
            "practices",
            "practice_id",
            PRINCIPLE,
            ("principle_id", "guiding_principles", "principle_id"),
            "Guiding principles a practice exemplifies.",
        ),
        bridge_table(
            "practice_regions",
            "practices",
            "practice_id",
            NN("region", "VARCHAR", "Hub region.", PRACTICE_REGIONS),
            None,
            "Hub regions of a practice.",
        ),
    ),
    import_file=ImportFile(
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
            SOURCE_URL_FIELD,
        ),
        ("practice_id",),
    ),
)

GCM_TALKS = Stream(
    name="gcm_talks",
    label="GCM Talks",
    colour="#e6ab02",
    exposure_model="rate",
    mechanism_start="2023-02-01",
    source="etl.sources.gcm_talks",
    demo="etl.demo.gcm_talks",
    records=f"""
        SELECT talk_id AS record_id, title, {midpoint("talk_date_precision", "talk_date")} AS activity_date,
               talk_date_precision AS date_precision, NULL::INTEGER AS fixed_round, 1 AS unit_count, is_global,
               source_url
        FROM gcm_talks""",
    objectives="SELECT talk_id, objective_id FROM talk_objectives",
    countries="SELECT talk_id, iso3 FROM talk_countries",
    commissions="SELECT talk_id, commission_id FROM talk_commissions",
    search_fields=("organisers",),
    tables=(
        Table(
            "gcm_talks",
            "GCM Talks, the peer-learning events of the UN Network on Migration (since February 2023).",
            "fact",
            (
                NN("talk_id", "VARCHAR", "Talk id."),
                NN("talk_date", "DATE", "Date of the talk."),
                precision("talk_date"),
                NN("title", "VARCHAR", "Title."),
                C("format", "VARCHAR", "online, hybrid or in-person.", TALK_FORMATS),
                C("organisers", "VARCHAR", "Organisers."),
                C("scope", "VARCHAR", "global, regional or national.", TALK_SCOPES),
                IS_GLOBAL,
                SOURCE_URL_COL,
            ),
            ("talk_id",),
        ),
        bridge_table(
            "talk_objectives",
            "gcm_talks",
            "talk_id",
            OBJECTIVE,
            ("objective_id", "objectives", "objective_id"),
            "Objectives a GCM Talk addressed.",
        ),
        bridge_table(
            "talk_countries",
            "gcm_talks",
            "talk_id",
            ISO3,
            ("iso3", "countries", "iso3"),
            "Countries a GCM Talk concerned.",
        ),
        bridge_table(
            "talk_commissions",
            "gcm_talks",
            "talk_id",
            NN("commission_id", "VARCHAR", "Regional commission."),
            ("commission_id", "commissions", "commission_id"),
            "Regional commissions a GCM Talk concerned.",
        ),
    ),
    import_file=ImportFile(
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
            SOURCE_URL_FIELD,
        ),
        ("talk_id",),
    ),
)

SUBMISSIONS = Stream(
    name="submissions",
    label="Submissions",
    colour="#a6761d",
    exposure_model="per_round",
    round_close="regional_reviews_to",
    source="etl.sources.submissions",
    demo="etl.demo.regional_reviews",
    records=f"""
        SELECT CAST(submission_id AS VARCHAR) AS record_id,
               commission_id || ' round ' || round_id || ': ' || replace(kind, '_', ' ') || ' ('
                   || replace(submitter_type, '_', ' ') || coalesce(', ' || iso3, '') || ')' AS title,
               {midpoint("as_of_date_precision", "as_of_date")} AS activity_date,
               as_of_date_precision AS date_precision,
               round_id AS fixed_round, submission_count AS unit_count, FALSE AS is_global, source_url
        FROM submissions WHERE {_COUNTED}""",
    objectives=f"""
        SELECT submission_id, objective_id FROM submission_objectives JOIN submissions USING (submission_id)
        WHERE {_COUNTED}""",
    countries=f"SELECT submission_id, iso3 FROM submissions WHERE iso3 IS NOT NULL AND {_COUNTED}",
    commissions=f"SELECT submission_id, commission_id FROM submissions WHERE {_COUNTED}",
    tables=(
        Table(
            "submissions",
            "Counts of review submissions (voluntary national reviews, written inputs, ...) per regional review.",
            "fact",
            (
                NN("submission_id", "INTEGER", "Row number after sorting by the natural key."),
                NN("commission_id", "VARCHAR", "Regional commission whose review received them.", COMMISSION_IDS),
                NN("round_id", "INTEGER", "Review round."),
                C("iso3", "VARCHAR", "Country; NULL for a region-level count."),
                NN("submitter_type", "VARCHAR", "Who submitted.", SUBMITTER_TYPES),
                NN("kind", "VARCHAR", "Kind of submission.", SUBMISSION_KINDS),
                NN("submission_count", "INTEGER", "Number of submissions (>= 0)."),
                C("as_of_date", "DATE", "Date the count refers to."),
                precision("as_of_date"),
                C("note", "VARCHAR", "What the count is, in the source's words."),
                SOURCE_URL_COL,
            ),
            ("submission_id",),
            (("commission_id", "commissions", "commission_id"), ("round_id", "review_rounds", "round_id")),
        ),
        Table(
            "submission_objectives",
            "Objectives a submission count refers to (none: all objectives of the review).",
            "bridge",
            (NN("submission_id", "INTEGER", "Submission row."), OBJECTIVE),
            ("submission_id", "objective_id"),
            (("submission_id", "submissions", "submission_id"), ("objective_id", "objectives", "objective_id")),
        ),
    ),
    import_file=ImportFile(
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
            SOURCE_URL_FIELD,
        ),
        ("commission", "review_round", "country", "submitter_type", "kind", "objectives"),
    ),
)


MPTF_PROGRAMMES = Stream(
    name="mptf_programmes",
    label="MPTF joint programmes",
    colour="#e7298a",
    exposure_model="rate",
    # The Migration MPTF was established on 8 May 2019 (GCM para 43(b)): its lifetime starts then, not with the
    # first programme a dataset happens to hold.
    mechanism_start="2019-05-08",
    source="etl.sources.mptf_programmes",
    demo="etl.demo.mptf_programmes",
    # A programme is placed in a round by its Steering Committee approval, else by its start.
    records=f"""
        SELECT programme_id AS record_id, title,
               {
        midpoint("coalesce(approved_date_precision, start_date_precision)", "coalesce(approved_date, start_date)")
    } AS activity_date,
               coalesce(approved_date_precision, start_date_precision) AS date_precision,
               NULL::INTEGER AS fixed_round, 1 AS unit_count, is_global, source_url
        FROM mptf_programmes""",
    objectives="SELECT programme_id, objective_id FROM programme_objectives",
    countries="SELECT programme_id, iso3 FROM programme_countries",
    amounts="SELECT programme_id, budget_usd FROM mptf_programmes",
    tables=(
        Table(
            "mptf_programmes",
            "Joint programmes of the Migration Multi-Partner Trust Fund, the start-up fund of the GCM's "
            "capacity-building mechanism.",
            "fact",
            (
                NN("programme_id", "VARCHAR", "Programme id (MPTF Gateway project number, or a key of the source)."),
                NN("title", "VARCHAR", "Title of the joint programme."),
                C("thematic_area_id", "INTEGER", "MPTF thematic area (1-5), where stated."),
                C("approved_date", "DATE", "Steering Committee approval (first day of the stated period)."),
                precision("approved_date"),
                C("start_date", "DATE", "Start of implementation."),
                precision("start_date"),
                C("end_date", "DATE", "Planned or actual end."),
                precision("end_date"),
                C("budget_usd", "DOUBLE", "Approved budget in US dollars, where stated."),
                C("status", "VARCHAR", "pipeline, active or closed, where stated.", PROGRAMME_STATUSES),
                IS_GLOBAL,
                SOURCE_URL_COL,
            ),
            ("programme_id",),
            (("thematic_area_id", "mptf_areas", "area_id"),),
        ),
        bridge_table(
            "programme_objectives",
            "mptf_programmes",
            "programme_id",
            OBJECTIVE,
            ("objective_id", "objectives", "objective_id"),
            "GCM objectives a joint programme addresses.",
        ),
        bridge_table(
            "programme_countries",
            "mptf_programmes",
            "programme_id",
            ISO3,
            ("iso3", "countries", "iso3"),
            "Countries a joint programme is implemented in.",
        ),
        bridge_table(
            "programme_organizations",
            "mptf_programmes",
            "programme_id",
            NN("organization", "VARCHAR", "Participating UN organisation."),
            None,
            "Participating UN organisations of a joint programme.",
        ),
    ),
    import_file=ImportFile(
        "mptf_programmes.csv",
        "mptf_programmes",
        "Joint programmes of the Migration Multi-Partner Trust Fund (established May 2019), with their budgets.",
        (
            Field(
                "programme_id",
                "id",
                "Unique id (MPTF Gateway project number or a stable key).",
                "yes",
                example="00127544",
            ),
            Field(
                "title",
                "text",
                "Title of the joint programme.",
                "yes",
                example="Bridging Recruitment to Reintegration in Migration Governance: Philippines (BRIDGE)",
            ),
            Field("countries", "countries", "Countries of implementation (ISO3 or names; `Global`).", example="PHL"),
            Field("thematic_area", "mptf_area", "MPTF thematic area, 1-5 (mptf_areas).", example="2"),
            Field("objectives", "objectives", "GCM objectives.", example="6;21"),
            Field(
                "participating_organizations",
                "names",
                "Participating UN organisations, `;`-separated.",
                example="IOM;ILO;UN Women",
            ),
            Field(
                "approved_on",
                "date",
                "Steering Committee approval: places the programme in a round.",
                "column",
                example="2020-10-19",
            ),
            Field(
                "start_date",
                "date",
                "Start of implementation (places it when approved_on is empty).",
                example="2020-12-16",
            ),
            Field("end_date", "future_date", "Planned or actual end.", example="2023-06"),
            Field("budget_usd", "usd", "Approved budget in US dollars, digits only.", example="2350000"),
            Field("status", "enum", "pipeline, active or closed.", "no", PROGRAMME_STATUSES, "active"),
            SOURCE_URL_FIELD,
        ),
        ("programme_id",),
        (
            "A budget is digits in US dollars (`2350000` or `2,350,000`), never `USD 2.35m`; funding is shown beside "
            "the programme counts and is never turned into a progress class by itself.",
        ),
    ),
)


def _extra_streams() -> tuple[Stream, ...]:
    """Streams declared outside this file: modules named in GCM_EXTRA_STREAMS (comma-separated), each with STREAM."""
    names = [n.strip() for n in os.environ.get(EXTRA_STREAMS_ENV, "").split(",") if n.strip()]
    return tuple(importlib.import_module(n).STREAM for n in names)


STREAM_REGISTRY: tuple[Stream, ...] = (PLEDGES, PRACTICES, GCM_TALKS, SUBMISSIONS, MPTF_PROGRAMMES, *_extra_streams())
STREAMS: tuple[str, ...] = tuple(s.name for s in STREAM_REGISTRY)
_BY_NAME = {s.name: s for s in STREAM_REGISTRY}


def stream(name: str) -> Stream:
    """The stream registered under this name."""
    return _BY_NAME[name]
