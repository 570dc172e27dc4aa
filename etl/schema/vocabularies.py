"""The vocabularies of the schema: allowed values of columns, shared by tables, import files and the method."""

from __future__ import annotations

SCHEMA_VERSION = "1.2"

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
PROGRAMME_STATUSES = ("pipeline", "active", "closed")
FOLLOWUP_STATUSES = (*PLEDGE_STATUSES, "not_stated")
FOLLOWUP_FRESHNESS = ("within_1y", "1_2y", "over_2y", "never")
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
