"""GCM Talks and regional review meetings of the public records, as gcm_talks.csv and review_meetings.csv rows."""

from __future__ import annotations

from pathlib import Path

from etl.convert_public.cells import (
    GLOBAL,
    Log,
    commission,
    join_urls,
    keep_first,
    objectives,
    read_rows,
    slugify,
    stated_date,
    unique_id,
)

TALK_FORMATS = {"online": "online", "hybrid": "hybrid", "in-person": "in-person"}
TALK_REGIONS = {  # region_or_scope -> (scope, commission)
    "Global": ("global", ""),
    "Africa": ("regional", "ECA"),
    "Arab States": ("regional", "ESCWA"),
    "Asia-Pacific": ("regional", "ESCAP"),
    "Southern Africa": ("regional", "ECA"),
}
MEETING_FORMATS = {
    "in-person": "in-person",
    "online": "online",
    "virtual": "online",
    "hybrid": "hybrid",
    "hybrid/online": "hybrid",
}


def convert_talks(shared: Path, log: Log) -> list[dict[str, str]]:
    taken: set[str] = set()
    talks = []
    for where, row in read_rows(shared / "gcm_talks.csv"):
        talk_date = stated_date(row["date"], where, "date", log)
        if not talk_date:
            log.add(where, "skipped: a talk needs a date")
            continue
        if row["format"] and row["format"] not in TALK_FORMATS:
            log.add(where, f'format "{row["format"]}" is not online, hybrid or in-person: left empty')
        scope, region_commission = TALK_REGIONS.get(row["region_or_scope"], ("", ""))
        talks.append(
            {
                "talk_id": unique_id(f"{talk_date}-{slugify(row['title'], 50)}", taken),
                "date": talk_date,
                "title": row["title"],
                "format": TALK_FORMATS.get(row["format"], ""),
                "organisers": row["organisers"],
                "scope": scope,
                "commissions": region_commission,
                "countries": GLOBAL if scope == "global" else "",
                "objectives": objectives(row["gcm_objectives"]),
                "source_url": join_urls(row["source_url"]),
            }
        )
    return talks


def convert_review_meetings(shared: Path, log: Log) -> list[dict[str, str]]:
    def records():
        for where, row in read_rows(shared / "regional_review_meetings.csv"):
            commission_id = commission(row["regional_commission"])
            start_date = stated_date(row["start_date"], where, "start_date", log)
            if commission_id is None or row["review_round"] not in ("1", "2") or not start_date:
                log.add(where, "skipped: no single commission, review round or start date")
                continue
            if row["format"] and row["format"] not in MEETING_FORMATS:
                log.add(where, f'format "{row["format"]}" is not in-person, online or hybrid: left empty')
            yield (
                where,
                {
                    "commission": commission_id,
                    "review_round": row["review_round"],
                    "event": row["event"],
                    "start_date": start_date,
                    "end_date": stated_date(row["end_date"], where, "end_date", log),
                    "location": row["location"],
                    "format": MEETING_FORMATS.get(row["format"], ""),
                    "source_url": join_urls(row["source_url"]),
                },
            )

    return keep_first(records(), "review_meetings.csv", log, "same commission, round, event and start date as")
