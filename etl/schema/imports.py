"""The import files that are no activity stream, and every import file in the order the build reads them."""

from __future__ import annotations

from etl.schema.model import SOURCE_URL_FIELD, Field, ImportFile
from etl.schema.streams import STREAM_REGISTRY, STREAMS
from etl.schema.vocabularies import COMMISSION_IDS, MEETING_FORMATS, REASON_CODES, REASON_DIRECTIONS

OTHER_IMPORT_FILES = (
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
            SOURCE_URL_FIELD,
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
            SOURCE_URL_FIELD,
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
            SOURCE_URL_FIELD,
            Field("recorded_on", "date", "When the reason was recorded.", example="2025-03-01"),
        ),
        ("objective", "geography", "stream", "review_round", "reason_code"),
    ),
)
IMPORT_FILES = tuple(s.import_file for s in STREAM_REGISTRY) + OTHER_IMPORT_FILES
IMPORT_FILES_BY_NAME = {f.name: f for f in IMPORT_FILES}
