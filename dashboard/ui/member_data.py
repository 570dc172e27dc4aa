"""The Member State views' data from etl (profile, follow-up, search, brief), cached per data version."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.context import Context
from etl import brief, followup, profile, search

# Every cache below is keyed by the database file and its mtime: a rebuilt database is a new data version.


def _cursor(database: db.Database):
    return db.connection(database).cursor()


@st.cache_data(max_entries=64, show_spinner=False)
def _profile(_database: db.Database, path: str, mtime: float, iso3: str, rounds: tuple[int, int], limit: int):
    with _cursor(_database) as cur:
        return profile.profile(cur, iso3, rounds, limit)


def country_profile(ctx: Context, iso3: str, limit: int = profile.RECORDS_LIMIT) -> profile.Profile | None:
    d = ctx.database
    return _profile(d, d.path, d.mtime, iso3, tuple(ctx.filters.rounds), limit)


@st.cache_data(max_entries=64, show_spinner=False)
def _pledges(_database, path, mtime, iso3, objective, category) -> pd.DataFrame:
    with _cursor(_database) as cur:
        rows = followup.pledges(cur, iso3=iso3, objective=objective, category=category)
    return pd.DataFrame(rows, columns=_PLEDGE_COLUMNS)


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


def pledges(ctx: Context, *, iso3: str | None = None, objective: int | None = None) -> pd.DataFrame:
    """etl.followup.pledges under the page's entity-category filter."""
    d = ctx.database
    return _pledges(d, d.path, d.mtime, iso3, objective, ctx.filters.category)


@st.cache_data(max_entries=64, show_spinner=False)
def _counts(_database, path, mtime, by, iso3, objective, category) -> pd.DataFrame:
    with _cursor(_database) as cur:
        rows = followup.counts(cur, by, iso3=iso3, objective=objective, category=category)
    return pd.DataFrame(rows, columns=["key", "status", "freshness", "pledges", "overdue"])


def counts(ctx: Context, by: str, *, iso3: str | None = None, objective: int | None = None) -> pd.DataFrame:
    d = ctx.database
    return _counts(d, d.path, d.mtime, by, iso3, objective, ctx.filters.category)


@st.cache_data(max_entries=64, show_spinner=False)
def _search(_database, path, mtime, text, limit) -> tuple[pd.DataFrame, int]:
    with _cursor(_database) as cur:
        rows, total = search.search(cur, text, limit)
    columns = ["stream", "record_id", "title", "round_id", "fields", "countries"]
    return pd.DataFrame(rows, columns=columns), total


def find(ctx: Context, text: str, limit: int = search.LIMIT) -> tuple[pd.DataFrame, int]:
    d = ctx.database
    return _search(d, d.path, d.mtime, text, int(limit))


@st.cache_data(max_entries=16, show_spinner=False)
def _brief(_database, path, mtime, iso3, rounds, base_url) -> bytes:
    with _cursor(_database) as cur:
        return brief.render(cur, iso3, rounds, base_url)


def brief_pdf(database: db.Database, iso3: str, rounds: tuple[int, int], base_url: str) -> bytes:
    """The country brief, as `python -m etl.brief` writes it; cached per data version, country and rounds."""
    return _brief(database, database.path, database.mtime, iso3, tuple(rounds), base_url)
