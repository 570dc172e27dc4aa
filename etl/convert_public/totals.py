"""Totals stated by their publishers, as published_totals.csv rows: context for the records, never records."""

from __future__ import annotations

import re
from pathlib import Path

from etl.convert_public.cells import HARVEST3, Log, join_urls, keep_first, read_rows
from etl.schema import STREAMS

# Figures that count a stream's own records as a whole, worldwide: their topic becomes the stream's name, so a page
# can pair them with the records found ("16 of 214 pledges found"). Keyed by the metric as the source words it.
WHOLE_STREAM_TOTALS = {
    "total pledges recorded": "pledges",
    "pledges made by close of IMRF 2022": "pledges",
    "joint programmes funded to date (UNECE donors statement)": "mptf_programmes",
    "Migration MPTF programmes funded to date / UN organisations collaborating": "mptf_programmes",
}
# A source topic that is a stream's name but whose figure is not a count of that stream's records (a date, a
# cluster of themes, Member States that pledged) is about the initiative, so a pairing never reads it as a total.
RELATED_TOPIC = "{} (related figure)"
# The topic of a harvest3/counts.csv row, by the first of these words its `what` holds.
COUNT_TOPICS = (
    (re.compile(r"\bMPTF\b"), "Migration MPTF"),
    (re.compile(r"\bRepository of Practices\b"), "Repository of Practices"),
    (re.compile(r"\bpledges\b"), "pledges"),
    (re.compile(r"\bNetworks? on Migration\b|\bcountry networks\b", re.IGNORECASE), "UN Network on Migration"),
    (re.compile(r"\bparticipants\b"), "Regional reviews"),
    (re.compile(r"\bImplementation Plan\b"), "national implementation plans"),
)
GLOBAL_GEOGRAPHY = "Global"


def convert_published_totals(shared: Path, log: Log) -> list[dict[str, str]]:
    """Totals as their publishers stated them (newsletters, closing statements): beside the records found, they
    say how much more exists. Values stay as published ("more than 200"); a repeated statement is kept once."""

    def records():
        for name in ("published_totals.csv", "totals_more.csv"):
            for where, row in read_rows(shared / name):
                if not (row["topic"] and row["metric"] and row["value"] and row["source_url"]):
                    log.add(where, "skipped: a published total needs its topic, metric, value and source")
                    continue
                fields = ("metric", "value", "as_of", "note")
                yield (
                    where,
                    {"topic": topic(row["topic"], row["metric"])}
                    | {f: row[f] for f in fields}
                    | {"source_url": join_urls(row["source_url"])},
                )
        for where, row in read_rows(shared / HARVEST3 / "counts.csv", HARVEST3):
            if record := count_total(row, where, log):
                yield where, record

    return keep_first(records(), "published_totals.csv", log, "the same total as")


def topic(source_topic: str, metric: str) -> str:
    """A stream's name for a whole-stream total; a stream's name is never the topic of any other figure."""
    if metric in WHOLE_STREAM_TOTALS:
        return WHOLE_STREAM_TOTALS[metric]
    return RELATED_TOPIC.format(source_topic) if source_topic in STREAMS else source_topic


def count_total(row: dict[str, str], where: str, log: Log) -> dict[str, str] | None:
    """A harvest3/counts.csv figure as a published total; its round and geography go into the note when they
    narrow it down, with the source's own words."""
    source_topic = next((name for pattern, name in COUNT_TOPICS if pattern.search(row["what"])), None)
    if source_topic is None or not (row["value"] and row["source_url"]):
        log.add(where, f'skipped: "{row["what"]}" has no topic, value or source')
        return None
    if source_topic in STREAMS and row["geography"] != GLOBAL_GEOGRAPHY:
        source_topic = f"{source_topic} ({row['geography']})"  # a country's or region's share is not the total
    note = "; ".join(f"{column}: {row[column]}" for column in ("round", "geography") if row[column])
    evidence = f'source says: "{row["evidence"]}"' if row["evidence"] else ""
    return {
        "topic": topic(source_topic, row["what"]),
        "metric": row["what"],
        "value": row["value"],
        "as_of": row["as_of"],
        "note": "; ".join(part for part in (note, evidence) if part),
        "source_url": join_urls(row["source_url"]),
    }
