"""The benchmarked aggregates as most Streamlit apps write them: tables loaded into pandas once, then merge/groupby."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import queries

LOADS = {  # table -> columns, read once per process (the in-memory app's start-up)
    "activities": "activity_id, stream, record_id, title, activity_date, date_precision, round_id, unit_count, "
    "is_global, source_url",
    "activity_objectives": "activity_id, objective_id",
    "activity_countries": "activity_id, iso3",
    "countries": "iso3, name, subregion, is_un_member",
    "commissions": "commission_id, name",
    "objectives": "objective_id, short_title",
    "review_rounds": "round_id, name",
    "progress_cells": "*",
    "coverage": "geo_level, geo_id",
}


@dataclass
class Tables:
    """The in-memory copy of the database tables the aggregates need."""

    frames: dict[str, pd.DataFrame]

    def __getattr__(self, name: str) -> pd.DataFrame:
        try:
            return self.frames[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def load(con) -> Tables:
    """Every needed table as a DataFrame (the constant SELECT lists are module constants)."""
    return Tables({name: con.sql(f"SELECT {cols} FROM {name}").df() for name, cols in LOADS.items()})


def _order(values: pd.Series, order: list) -> pd.Series:
    return values.map({v: i for i, v in enumerate(order)})


def _picked(tb: Tables, stream: str, rounds, objectives) -> pd.DataFrame:
    """The activities of a view: stream, rounds and objectives filters (no geography or principle filter)."""
    a = tb.activities
    if stream != "all":
        a = a[a["stream"] == stream]
    if rounds:
        a = a[a["round_id"].isin(list(rounds))]
    if objectives:
        ao = tb.activity_objectives
        a = a[a["activity_id"].isin(ao.loc[ao["objective_id"].isin(list(objectives)), "activity_id"])]
    return a


def _geo_names(tb: Tables, cells: pd.DataFrame) -> pd.Series:
    """COALESCE(country name, commission name, geo_id) by the cell's level."""
    country = cells["geo_id"].map(dict(zip(tb.countries["iso3"], tb.countries["name"], strict=True)))
    commission = cells["geo_id"].map(dict(zip(tb.commissions["commission_id"], tb.commissions["name"], strict=True)))
    names = country.where(cells["geo_level"] == "country")
    names = names.fillna(commission.where(cells["geo_level"] == "commission"))
    return names.fillna(cells["geo_id"])


def class_shares(tb: Tables, *, stream="all", level="subregion", objectives=()) -> pd.DataFrame:
    cells = tb.progress_cells
    cells = cells[(cells["stream"] == stream) & (cells["geo_level"] == level)]
    if objectives:
        cells = cells[cells["objective_id"].isin(list(objectives))]
    counts = cells.groupby(["round_from", "round_to", "category"]).size()
    totals = cells.groupby(["round_from", "round_to"]).size()
    grid = pd.MultiIndex.from_tuples(
        [(*pair, c) for pair in totals.index for c in queries.CLASS_ORDER], names=["round_from", "round_to", "category"]
    )
    out = counts.reindex(grid, fill_value=0).rename("cells").reset_index()
    out["total"] = [totals[(a, b)] for a, b in zip(out["round_from"], out["round_to"], strict=True)]
    out["share"] = out["cells"] / out["total"]
    return out


def progress(tb: Tables, *, stream="all", rounds=(1, 2), levels=("subregion",), geos=(), objectives=()) -> pd.DataFrame:
    p = tb.progress_cells
    p = p[
        (p["stream"] == stream)
        & (p["round_from"] == rounds[0])
        & (p["round_to"] == rounds[1])
        & p["geo_level"].isin(list(levels))
    ]
    if geos:
        p = p[p["geo_id"].isin(list(geos))]
    if objectives:
        p = p[p["objective_id"].isin(list(objectives))]
    p = p.merge(tb.objectives, on="objective_id")
    p["geo_name"] = _geo_names(tb, p)
    p["_level"] = _order(p["geo_level"], queries.LEVEL_ORDER)
    return p.sort_values(["objective_id", "_level", "geo_name"]).drop(columns="_level").reset_index(drop=True)


def activity_by_round(tb: Tables, *, stream="all", objectives=()) -> pd.DataFrame:
    a = _picked(tb, stream, (), objectives)
    counts = a.groupby(["stream", "round_id"]).agg(activities=("activity_id", "size"), units=("unit_count", "sum"))
    streams = queries.STREAMS if stream == "all" else [stream]
    rounds = tb.review_rounds.rename(columns={"name": "round_name"})
    grid = pd.DataFrame({"stream": streams}).merge(rounds, how="cross")
    out = grid.merge(counts.reset_index(), on=["stream", "round_id"], how="left")
    out[["activities", "units"]] = out[["activities", "units"]].fillna(0).astype("int64")
    out["_stream"] = _order(out["stream"], queries.STREAMS)
    return out.sort_values(["round_id", "_stream"]).drop(columns="_stream").reset_index(drop=True)


def _joined(pairs: pd.DataFrame, key: str, text: str) -> pd.DataFrame:
    """`string_agg(key, ';')` and `string_agg(text, ';')` per activity, in key order."""
    pairs = pairs.sort_values(["activity_id", key])
    pairs = pairs.assign(**{key: pairs[key].astype(str)})
    return pairs.groupby("activity_id").agg(**{f"_{key}": (key, ";".join), f"_{text}": (text, ";".join)})


def activity_list(tb: Tables, *, stream="all", rounds=(), objectives=(), limit=None) -> pd.DataFrame:
    p = _picked(tb, stream, rounds, objectives)
    if limit is not None:
        # What a pandas app would do for a page of rows: order the picked activities, keep the first ones.
        p = (
            p.assign(_stream=_order(p["stream"], queries.STREAMS))
            .sort_values(["_stream", "activity_date", "activity_id"], na_position="last")
            .head(limit)
            .drop(columns="_stream")
        )
    ao = tb.activity_objectives[tb.activity_objectives["activity_id"].isin(p["activity_id"])]
    objs = _joined(ao.merge(tb.objectives, on="objective_id"), "objective_id", "short_title")
    ac = tb.activity_countries[tb.activity_countries["activity_id"].isin(p["activity_id"])]
    ctry = _joined(ac.merge(tb.countries[["iso3", "name"]], on="iso3"), "iso3", "name")
    out = p.merge(objs, on="activity_id", how="left").merge(ctry, on="activity_id", how="left")
    out = out.rename(
        columns={
            "_objective_id": "objective_ids",
            "_short_title": "objective_titles",
            "_iso3": "iso3",
            "_name": "country_names",
        }
    )
    out["_stream"] = _order(out["stream"], queries.STREAMS)
    out = out.sort_values(["_stream", "activity_date", "activity_id"], na_position="last")
    return out.drop(columns="_stream").reset_index(drop=True)


def country_counts(tb: Tables, *, stream="all", round_id=1, objectives=()) -> pd.DataFrame:
    p = _picked(tb, stream, (round_id,), objectives)
    joined = tb.activity_countries.merge(p[["activity_id", "unit_count"]], on="activity_id")
    per_country = joined.groupby("iso3").agg(units=("unit_count", "sum"), activities=("activity_id", "size"))
    cov = tb.coverage
    reported = cov.loc[cov["geo_level"] == "country", "geo_id"]
    universe = tb.countries[tb.countries["is_un_member"] | tb.countries["iso3"].isin(reported)]
    out = universe[["iso3", "name", "subregion"]].merge(per_country.reset_index(), on="iso3", how="left")
    out[["units", "activities"]] = out[["units", "activities"]].fillna(0).astype("int64")
    return out.sort_values("name").reset_index(drop=True)


def extract(tb: Tables, *, stream="all", objectives=(), geos=(), rounds=()) -> pd.DataFrame:
    """One row per activity x objective x country (the Extracts page), no geography filter."""
    if geos:
        raise NotImplementedError("the pandas twin covers the benchmarked filters only")
    a = _picked(tb, stream, tuple(range(rounds[0], rounds[1] + 1)) if rounds else (), ())
    rows = a.merge(tb.activity_objectives, on="activity_id", how="left")
    if objectives:
        rows = rows[rows["objective_id"].isin(list(objectives))]
    rows = rows.merge(tb.objectives.rename(columns={"short_title": "objective_title"}), on="objective_id", how="left")
    rows = rows.merge(tb.activity_countries, on="activity_id", how="left")
    rows = rows.merge(tb.countries[["iso3", "name"]].rename(columns={"name": "country_name"}), on="iso3", how="left")
    rows = rows.sort_values(["stream", "record_id", "objective_id", "iso3"], na_position="last")
    return rows.reset_index(drop=True)
