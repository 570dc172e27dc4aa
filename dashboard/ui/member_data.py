"""The Member State views' data (etl's profile, follow-up and search; the brief), through db.run's per-version cache."""

from __future__ import annotations

import pandas as pd

from dashboard import brief, db
from dashboard.context import Context
from etl import followup, profile, search

_PLEDGE_COLUMNS = [
    "pledge_id",
    "title",
    "pledging_entity",
    "entity_category",
    "status",
    "deadline_date",
    "last_updated_date",
    "freshness",
    "overdue",
    "source_url",
]


def country_profile(ctx: Context, iso3: str, limit: int = profile.RECORDS_LIMIT) -> profile.Profile | None:
    rounds = tuple(ctx.filters.rounds)
    return db.run(ctx.database, profile.profile, iso3=iso3, rounds=rounds, records_limit=limit)


def pledges(ctx: Context, *, iso3: str | None = None, objective: int | None = None) -> pd.DataFrame:
    """etl.followup.pledges under the page's entity-category filter."""
    kwargs = {"iso3": iso3, "objective": objective, "category": ctx.filters.category}
    return pd.DataFrame(db.run(ctx.database, followup.pledges, **kwargs), columns=_PLEDGE_COLUMNS)


def counts(ctx: Context, by: str, *, iso3: str | None = None, objective: int | None = None) -> pd.DataFrame:
    kwargs = {"by": by, "iso3": iso3, "objective": objective, "category": ctx.filters.category}
    rows = db.run(ctx.database, followup.counts, **kwargs)
    return pd.DataFrame(rows, columns=["key", "status", "freshness", "pledges", "overdue"])


def find(ctx: Context, text: str, limit: int = search.LIMIT) -> tuple[pd.DataFrame, int]:
    rows, total = db.run(ctx.database, search.search, text=text, limit=int(limit))
    columns = ["stream", "record_id", "title", "round_id", "fields", "countries"]
    return pd.DataFrame(rows, columns=columns), total


def brief_pdf(database: db.Database, iso3: str, rounds: tuple[int, int], base_url: str, lang: str) -> bytes:
    """The country brief in `lang`, as `python -m dashboard.brief` writes it; cached per data version, country,
    rounds and language (the language is an argument: the download runs on another thread, outside the session)."""
    kwargs = {"iso3": iso3, "rounds": tuple(rounds), "base_url": base_url, "lang": lang}
    return db.run(database, brief.render, **kwargs)
