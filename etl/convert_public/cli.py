"""Convert the public GCM records of ../shared/data/public into the import files and manifest of data/raw/public."""

from __future__ import annotations

import argparse
import csv
import hashlib
from datetime import date
from pathlib import Path

import yaml

from etl import paths
from etl.convert_public.cells import DATE_ACCESSED, YEAR, Log, period_end, read_rows
from etl.convert_public.commitments import convert_pledges, convert_practices
from etl.convert_public.events import convert_review_meetings, convert_talks
from etl.convert_public.mptf import convert_programmes
from etl.convert_public.reviews import convert_submissions
from etl.convert_public.totals import convert_published_totals
from etl.schema import IMPORT_FILES_BY_NAME, STREAMS

DEFAULT_SHARED = paths.ROOT.parent / "shared"
DEFAULT_OUT = paths.raw_dir("public")

# Published total, quoted in the manifest to show how partial the pledges are (Network newsletter, Oct 2022:
# https://us19.campaign-archive.com/?u=91a1d870ca31df83b2b697cf6&id=c55ba89e83).
PLEDGES_RECORDED_OCT_2022 = 214
# Likewise for the MPTF joint programmes (UK government release, 9 Oct 2024: https://uk-times.com/new-uk-money-to-combat-human-trafficking).
MPTF_PROGRAMMES_FUNDED_OCT_2024 = 24


FILE_TITLES = {
    "pledges.csv": "Pledges of the GCM pledging initiative found on public pages",
    "practices.csv": "Practices of the Migration Network Hub repository of practices (a sample)",
    "gcm_talks.csv": "GCM Talks listed on the Network's GCM Talks and event pages, Feb 2023 to Mar 2024",
    "submissions.csv": "Participation and submission counts stated for regional reviews",
    "review_meetings.csv": "Regional review meetings of review rounds 1 and 2",
    "mptf_programmes.csv": "Joint programmes of the Migration MPTF found on project, news and results pages",
    "published_totals.csv": "Totals stated by their publishers (newsletters, closing statements, review reports)",
}

# Dates that say when something happened; a pledge's deadline is a plan, so it does not move the cut-off.
OBSERVED_DATE_COLUMNS = ("pledged_on", "last_updated", "date", "as_of", "approved_on", "start_date", "end_date")
# A programme's end date is planned ("to December 2024", "until August 2025"), like a deadline.
PLANNED_DATE_COLUMNS = {"mptf_programmes.csv": ("end_date",)}


def write_csv(path: Path, file_name: str, records: list[dict[str, str]]) -> None:
    columns = IMPORT_FILES_BY_NAME[file_name].field_names
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=columns, restval="", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(records)


def data_cutoff(outputs: dict[str, list[dict[str, str]]]) -> date:
    """The last day any imported record speaks of (a month or year counts to its end)."""
    ends = [
        period_end(record[column])
        for name, records in outputs.items()
        if name != "published_totals.csv"  # "as of" there is the publisher's wording, not a record's date
        for record in records
        for column in OBSERVED_DATE_COLUMNS
        if record.get(column) and column not in PLANNED_DATE_COLUMNS.get(name, ())
    ]
    ends += [date(int(year), 12, 31) for record in outputs["practices.csv"] for year in YEAR.findall(record["dates"])]
    return max(ends)


def description(outputs: dict[str, list[dict[str, str]]], talks_more: int) -> str:
    talk_dates = sorted(talk["date"] for talk in outputs["gcm_talks.csv"])
    first_talk, last_talk = (date.fromisoformat(talk_dates[i]).strftime("%b %Y") for i in (0, -1))
    submissions = outputs["submissions.csv"]
    participant_counts = sum(record["kind"] == "consultation_participant" for record in submissions)
    reviews = sum(record["kind"] == "voluntary_review" for record in submissions)
    return (
        f"Real GCM records compiled from public web pages, with partial coverage: "
        f"{len(outputs['pledges.csv'])} pledges and local commitments (of {PLEDGES_RECORDED_OCT_2022} pledges "
        f"recorded by October 2022), {len(outputs['practices.csv'])} of the many Migration Network Hub practices, "
        f"{len(outputs['gcm_talks.csv'])} GCM Talks ({first_talk} to {last_talk}; many later Talks are missing), "
        f"{len(outputs['mptf_programmes.csv'])} Migration MPTF joint programmes (of "
        f"{MPTF_PROGRAMMES_FUNDED_OCT_2024} funded by October 2024; no thematic area or approval date found) "
        f"and {len(outputs['review_meetings.csv'])} regional review meetings of both review rounds. "
        f"Real submission counts are scarce: submissions.csv holds {len(submissions)} counts, "
        f"{participant_counts} of them of consultation participants and {reviews} single voluntary national "
        f"reviews of named countries, and no reasons were found. "
        f"Not imported: {talks_more} peer-learning events that their sources do not call GCM Talks "
        f"(gcm_talks_more.csv in the collection). "
        f"Totals here show what was found, not how much happened."
    )


def coverage() -> dict[str, dict[int, str]]:
    """Every stream partial in every round: a collection of what public pages show is not a register, so a round
    with few records found is not a round with little activity, and no progress class is computed (METHOD.md 1.1)."""
    with (paths.REFERENCE / "review_rounds.csv").open(encoding="utf-8", newline="") as f:
        rounds = [int(row["round_id"]) for row in csv.DictReader(f)]
    return {stream: dict.fromkeys(rounds, "partial") for stream in STREAMS}


def convert(shared: Path, out: Path) -> Log:
    """Write the import files and manifest.yml of the public dataset into `out`; return what was left out."""
    source = shared / "data" / "public"
    log = Log()
    outputs = {
        "pledges.csv": convert_pledges(source, log),
        "practices.csv": convert_practices(source, log),
        "gcm_talks.csv": convert_talks(source, log),
        "submissions.csv": convert_submissions(source, log),
        "review_meetings.csv": convert_review_meetings(source, log),
        "mptf_programmes.csv": convert_programmes(source, log),
        "published_totals.csv": convert_published_totals(source, log),
    }
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    for file_name, records in outputs.items():
        write_csv(out / file_name, file_name, records)
        files[file_name] = {
            "title": FILE_TITLES[file_name],
            "rows": len(records),
            "sha256": hashlib.sha256((out / file_name).read_bytes()).hexdigest(),
        }
    manifest = {
        "name": "public",
        "title": "Public GCM records (partial coverage)",
        "is_synthetic": False,
        "data_cutoff": data_cutoff(outputs),
        "licence": (
            "Records compiled from public web pages; each row links its source. Facts are not copyrightable: "
            "reuse with attribution to the cited pages."
        ),
        "producer": "UN Network on Migration and others (see source_url per row)",
        "date_accessed": DATE_ACCESSED,
        "description": description(outputs, len(read_rows(source / "gcm_talks_more.csv"))),
        "files": files,
        "coverage": coverage(),
    }
    with (out / "manifest.yml").open("w", encoding="utf-8", newline="\n") as f:
        yaml.safe_dump(manifest, f, sort_keys=False, allow_unicode=True, width=120)
    return log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.convert_public", description=__doc__)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="the shared folder (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write (default: %(default)s)")
    args = parser.parse_args(argv)
    if not (args.shared / "data" / "public").is_dir():
        parser.error(f"{args.shared / 'data' / 'public'} does not exist")
    log = convert(args.shared, args.out)
    manifest = yaml.safe_load((args.out / "manifest.yml").read_text(encoding="utf-8"))
    print(f"Wrote {args.out} (data cut-off {manifest['data_cutoff']}):")
    for file_name, entry in manifest["files"].items():
        print(f"  {file_name}: {entry['rows']} rows")
    print(f"Left out or left empty ({len(log.lines)}):")
    for line in log.lines:
        print(f"  {line}")
    return 0
