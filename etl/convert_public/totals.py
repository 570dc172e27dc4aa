"""Totals stated by their publishers, as published_totals.csv rows: context for the records, never records."""

from __future__ import annotations

from pathlib import Path

from etl.convert_public.cells import Log, join_urls, keep_first, read_rows


def convert_published_totals(shared: Path, log: Log) -> list[dict[str, str]]:
    """Totals as their publishers stated them (newsletters, closing statements): beside the records found, they
    say how much more exists. Values stay as published ("more than 200"); a repeated statement is kept once."""

    def records():
        for name in ("published_totals.csv", "totals_more.csv"):
            for where, row in read_rows(shared / name):
                if not (row["topic"] and row["metric"] and row["value"] and row["source_url"]):
                    log.add(where, "skipped: a published total needs its topic, metric, value and source")
                    continue
                fields = ("topic", "metric", "value", "as_of", "note")
                yield where, {f: row[f] for f in fields} | {"source_url": join_urls(row["source_url"])}

    return keep_first(records(), "published_totals.csv", log, "the same total as")
