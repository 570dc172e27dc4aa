"""Plotly figure builders: DataFrame in, Figure out, one template, objectives always in 1..23 order.

Pure: no Streamlit and no queries (tests/test_code_rules.py). One module per kind of figure, re-exported here.
"""

from dashboard.charts.bars import class_share_bars, stream_bars
from dashboard.charts.base import CLASS_SCALE, GREYED_CODE, TEMPLATE, count_steps_colorbar, objective_axis_label
from dashboard.charts.funding import usd_bars, usd_words
from dashboard.charts.heatmaps import class_heatmap, compare_heatmaps, country_heatmap, coverage_heatmap
from dashboard.charts.lines import country_vs_median
from dashboard.charts.maps import choropleth

__all__ = [
    "CLASS_SCALE",
    "GREYED_CODE",
    "TEMPLATE",
    "choropleth",
    "class_heatmap",
    "class_share_bars",
    "compare_heatmaps",
    "count_steps_colorbar",
    "country_heatmap",
    "country_vs_median",
    "coverage_heatmap",
    "objective_axis_label",
    "stream_bars",
    "usd_bars",
    "usd_words",
]
