"""Chart builders, palette steps and sentences as plain functions on small frames."""

import pandas as pd
import plotly.graph_objects as go

from dashboard import charts, sentences
from dashboard.i18n import use_language
from dashboard.palette import CLASS_CODE, CLASS_COLOURS, CLASS_STEPS, COUNT_COLOURS, count_bin, stepped_colourscale
from etl import schema
from etl.progress import MethodConfig


def cells(categories, objectives=None, geos=("Alpha", "Beta")) -> pd.DataFrame:
    """A tiny objective × geography frame of progress cells."""
    objectives = objectives or [3, 1, 2]
    rows = []
    i = 0
    for objective in objectives:
        for geo in geos:
            rows.append(
                {
                    "objective_id": objective,
                    "short_title": f"Title {objective}",
                    "geo_level": "subregion",
                    "geo_id": geo,
                    "geo_name": geo,
                    "category": categories[i % len(categories)],
                    "confidence": "indicative",
                    "n_from": 10,
                    "n_to": 5 + i,
                    "is_interpretable": i != 1,
                }
            )
            i += 1
    return pd.DataFrame(rows)


def test_stream_bars_are_grouped_bars_with_unit_axis():
    frame = pd.DataFrame(
        {"stream": ["pledges", "practices", "pledges", "practices"], "round_id": [1, 1, 2, 2], "units": [3, 4, 5, 6]}
    )
    fig = charts.stream_bars(frame, "Title")
    assert isinstance(fig, go.Figure)
    assert [trace.type for trace in fig.data] == ["bar", "bar"]
    assert [trace.name for trace in fig.data] == ["Pledges", "Practices"]
    assert fig.layout.barmode == "group"
    assert fig.layout.yaxis.title.text == "Reported units"
    assert fig.layout.title.text == "Title"


def test_class_share_bars_one_trace_per_class_in_class_colours():
    frame = pd.DataFrame(
        {
            "round_from": [1] * 7,
            "round_to": [2] * 7,
            "category": list(CLASS_COLOURS),
            "cells": [1] * 7,
            "total": [7] * 7,
            "share": [1 / 7] * 7,
        }
    )
    fig = charts.class_share_bars(frame, "Shares")
    assert len(fig.data) == 7
    assert [trace.marker.color for trace in fig.data] == [
        CLASS_COLOURS[c]
        for c in (
            "substantial_progress",
            "moderate_progress",
            "stagnation",
            "moderate_regression",
            "substantial_regression",
            "insufficient_data",
            "not_assessable",
        )
    ]
    assert fig.data[0].name.startswith("▲▲ ")
    assert fig.layout.barmode == "stack"


def test_class_heatmap_orders_objectives_and_uses_symbols():
    fig = charts.class_heatmap(cells(["moderate_progress", "substantial_regression"]), "Heat")
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert list(heat.y) == ["1 · Title 1", "2 · Title 2", "3 · Title 3"]
    assert list(heat.x) == ["Alpha", "Beta"]
    symbols = {s for row in heat.text for s in row}
    assert symbols <= {"▲", "▼▼"}
    # The non-interpretable cell (second row of the input) is drawn on the grey step.
    assert charts.GREYED_CODE in {v for row in heat.z for v in row}
    assert heat.zmin == -0.5 and heat.zmax == charts.GREYED_CODE + 0.5


def test_choropleth_uses_iso3_and_stepped_integers():
    frame = pd.DataFrame({"iso3": ["KEN", "UGA", "PRT"], "name": ["Kenya", "Uganda", "Portugal"], "units": [0, 4, 60]})
    fig = charts.choropleth(frame, "count", "Map")
    geo = fig.data[0]
    assert geo.type == "choropleth" and geo.locationmode == "ISO-3"
    assert list(geo.z) == [0, 2, 6]  # bins 0, 1–2, 3–5, …, 51+
    assert len(geo.colorscale) == 2 * len(COUNT_COLOURS)
    classes = frame.assign(
        category=["stagnation", "moderate_progress", "not_assessable"],
        confidence=None,
        n_from=[1, 2, 3],
        n_to=[1, 4, 3],
        is_interpretable=True,
    )
    fig = charts.choropleth(classes, "class", "Map")
    assert list(fig.data[0].z) == [
        CLASS_CODE["stagnation"],
        CLASS_CODE["moderate_progress"],
        CLASS_CODE["not_assessable"],
    ]


def test_country_charts():
    counts = pd.DataFrame(
        {
            "name": ["Kenya"] * 4 + ["Uganda"] * 4,
            "objective_id": [2, 2, 1, 1] * 2,
            "short_title": ["B", "B", "A", "A"] * 2,
            "round_id": [1, 2, 1, 2] * 2,
            "count": [1, 2, 3, 4, 0, 0, 7, 8],
        }
    )
    classes = pd.DataFrame(
        {
            "objective_id": [1, 2],
            "round_from": [1, 1],
            "round_to": [2, 2],
            "category": ["stagnation", "insufficient_data"],
            "confidence": ["robust", None],
            "n_from": [3, 1],
            "n_to": [4, 2],
            "is_interpretable": [True, True],
        }
    )
    fig = charts.country_heatmap(counts[counts["name"] == "Kenya"], classes, "Kenya")
    assert [trace.type for trace in fig.data] == ["heatmap", "heatmap"]
    assert list(fig.data[0].y) == ["1 · A", "2 · B"]
    assert [list(row) for row in fig.data[1].text] == [["●"], ["·"]]
    fig = charts.compare_heatmaps(counts, "Compare")
    assert [a.text for a in fig.layout.annotations] == ["Kenya", "Uganda"]
    series = counts[counts["name"] == "Kenya"].assign(series="Kenya", value=lambda f: f["count"])
    fig = charts.country_vs_median(series, "Median")
    assert {trace.type for trace in fig.data} == {"scatter"}


def test_coverage_heatmap_counts_streams():
    """One count column per registered stream, the scale running from none to every stream."""
    streams = schema.STREAM_REGISTRY
    counts = {s.count_column: [0, i + 1] for i, s in enumerate(streams)}
    frame = pd.DataFrame(
        {"objective_id": [1, 1], "short_title": ["A", "A"], "geo_name": ["X", "Y"], "streams_reporting": [0, 3]}
        | counts
    )
    fig = charts.coverage_heatmap(frame, "Coverage")
    assert [list(row) for row in fig.data[0].z] == [[0.0, 3.0]]
    assert fig.data[0].zmax == len(streams) + 0.5
    assert list(fig.data[0].colorbar.tickvals) == list(range(len(streams) + 1))
    assert len(fig.data[0].colorscale) == 2 * (len(streams) + 1)
    # Each cell's counts, one per stream in registry order; the names once in the template.
    assert list(fig.data[0].customdata[0][1]) == [i + 1 for i in range(len(streams))]
    template = fig.data[0].hovertemplate
    assert all(f"{s.label} %{{customdata[{i}]:,}}" in template for i, s in enumerate(streams))


def test_stepped_colourscale_and_bins():
    scale = stepped_colourscale(["#000000", "#ffffff"])
    assert scale == [[0.0, "#000000"], [0.5, "#000000"], [0.5, "#ffffff"], [1.0, "#ffffff"]]
    assert [count_bin(v) for v in (0, 1, 2, 3, 10, 11, 500)] == [0, 1, 1, 2, 3, 4, 6]
    assert count_bin(None) is None
    assert set(CLASS_STEPS) == set(CLASS_COLOURS)


def test_class_label_words_symbol_confidence():
    assert sentences.class_label("moderate_regression", "indicative") == "▼ Moderate regression (indicative)"
    assert sentences.class_label("insufficient_data") == "· Too few records to judge"
    assert sentences.class_label("substantial_progress", "robust", False).endswith(
        "not interpretable as a change in implementation"
    )


def test_share_sentence_in_un_style():
    shares = pd.DataFrame(
        {
            "round_from": [1] * 7,
            "round_to": [2] * 7,
            "category": list(CLASS_STEPS),
            "cells": [1, 1, 2, 3, 1, 2, 0],
            "total": [10] * 7,
            "share": [0.1, 0.1, 0.2, 0.3, 0.1, 0.2, 0.0],
        }
    )
    text = sentences.share_sentence(shares, (1, 2), "subregion")
    # CLDR's English percentage has no space (12%); French, Spanish and Russian put a no-break space before %.
    assert "progressed in **40%** of the 10 objective × sub-region cells" in text
    assert "regressed in **20%**" in text and "20% stagnated" in text and "20% had too few records" in text
    with use_language("fr"):
        french = sentences.share_sentence(shares, (1, 2), "subregion")
    assert "a progressé dans **40\u00a0%** des 10 cellules objectif × sous-région" in french


def test_objective_sentence_counts_geographies():
    frame = cells(
        ["substantial_regression", "moderate_progress", "insufficient_data"], objectives=[13], geos=("A", "B", "C")
    )
    text = sentences.objective_sentence(frame, 13, "Alternatives to detention", (1, 2), "subregion")
    assert text == (
        "Objective 13 (Alternatives to detention): reported activity fell in 1 of 3 sub-regions between "
        "rounds 1 and 2, rose in 1, held steady in 0; 1 had too few records to judge."
    )


def test_objective_sentence_counts_what_the_table_shows():
    """Objective 13 with UNECE chosen: the sentence names the commission row the table shows, not "no cells"."""
    frame = cells(["moderate_progress"], objectives=[13], geos=("UNECE",)).assign(geo_level="commission")
    text = sentences.objective_sentence(frame, 13, "Alternatives to detention", (1, 2), ("subregion", "commission"))
    assert text.startswith("Objective 13 (Alternatives to detention): reported activity fell in 0 of 1 regional")
    both = pd.concat([cells(["stagnation"], objectives=[13], geos=("Central Asia",)), frame])
    text = sentences.objective_sentence(both, 13, "Alternatives to detention", (1, 2), ("subregion", "commission"))
    assert (
        "1 sub-region" in text.replace("sub-regions", "sub-region") and "Regional commissions: fell in 0 of 1" in text
    )


def test_change_words_and_worked_example():
    assert sentences.change_words(66, 181, 1) == "up 115 from 66 in round 1"
    assert sentences.change_words(9, 9, 1) == "same as round 1 (9)"
    text = sentences.worked_example(MethodConfig())
    assert "▼ Moderate regression" in text and "indicative" in text


def test_class_label_carries_the_method_label():
    assert sentences.class_label("substantial_regression", "robust", label="ceased") == (
        "▼▼ Substantial regression (robust) · ceased"
    )


def test_greyed_flags_accept_numpy_and_missing_values():
    import numpy as np

    from dashboard.palette import is_greyed

    assert is_greyed(False) and is_greyed(np.False_)
    assert not any(is_greyed(v) for v in (True, np.True_, None, pd.NA, float("nan")))


def test_stream_mix_names_the_classes_behind_a_composite():
    detail = [
        {"stream": "pledges", "category": "substantial_progress", "n_from": 66, "n_to": 181},
        {"stream": "practices", "category": "moderate_regression", "n_from": 359, "n_to": 321},
    ]
    row = {"stream": "all", "streams_assessed": 2, "streams_detail": detail}
    assert sentences.stream_mix(row) == "Pledges ▲▲ 66 → 181 · Practices ▼ 359 → 321"
    unclassed = row | {"streams_detail": None, "n_from": 3, "n_to": 1}
    assert sentences.stream_mix(unclassed) == "no stream with a class: counts of all streams, as found"
    assert sentences.stream_mix(unclassed | {"n_from": 0, "n_to": 0}) == ""  # nothing found: nothing to explain
    assert sentences.stream_mix(row | {"stream": "pledges"}) == ""


def test_rates_stand_beside_the_counts_of_rate_streams():
    row = {"stream": "practices", "exposure_model": "rate", "n_from": 46, "n_to": 23, "t_from": 3.42, "t_to": 4.03}
    assert sentences.rates(row) == "46 in 3.4 years = 13.5 a year → 23 in 4.0 years = 5.7 a year"
    assert sentences.rates(row | {"exposure_model": "per_round"}) == ""
    assert sentences.rates(row | {"t_from": 0.0}) == ""


def test_count_bars_never_show_a_negative_axis():
    frame = pd.DataFrame({"stream": ["pledges"] * 2, "round_id": [1, 2], "units": [0, 0], "activities": [0, 0]})
    fig = charts.stream_bars(frame, "x")
    assert fig.layout.yaxis.rangemode == "nonnegative"
