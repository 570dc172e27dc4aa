"""Frames several pages ask for through the run's context: cells on a basis, principles, every pair's classes."""

from __future__ import annotations

import pandas as pd

from dashboard import queries
from dashboard.context import Context


def cell_levels(ctx: Context) -> tuple[str, ...]:
    """The levels a table of cells lists: every level when geographies are chosen, else the world and one level."""
    return ("global", "commission", "subregion", "country") if ctx.filters.geos else ("global", ctx.filters.level)


def cells_by_basis(ctx: Context, basis: str, *, levels, geos) -> pd.DataFrame:
    """The cells of the view on one basis (count: progress_cells with objective 0 first)."""
    f = ctx.filters
    common = dict(stream=f.stream, rounds=f.rounds, levels=levels, geos=geos, objectives=f.objectives)
    if basis == "count":
        return ctx.run(queries.progress, **common, with_all=True)
    return ctx.run(queries.variant_cells, basis=basis, **common)


def collection_is_partial(ctx: Context) -> bool:
    """True when the dataset declares no stream collected completely in any round (the public collection): its
    counts are what was found, and no progress class exists anywhere (METHOD.md 1.1)."""
    coverage = ctx.run(queries.collection_coverage)
    return bool(len(coverage)) and bool((coverage["completeness"] != "complete").all())


def principle_names(ctx: Context) -> dict[int, str]:
    frame = ctx.run(queries.principles)
    return dict(zip(frame["principle_id"].astype(int), frame["name"], strict=True))


def all_pair_classes(ctx: Context, iso3s: list[str]) -> pd.DataFrame:
    """Country cells of every round pair for the chosen stream and objectives."""
    frames = [
        ctx.run(
            queries.progress,
            stream=ctx.filters.stream,
            rounds=pair,
            levels=("country",),
            geos=iso3s,
            objectives=ctx.filters.objectives,
            with_all=True,
        )
        for pair in ctx.choices.round_pairs
    ]
    frames = [frame for frame in frames if not frame.empty]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
