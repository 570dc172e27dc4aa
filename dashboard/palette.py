"""Progress-class and stream colours, symbols and order: the one place charts and tables take them from."""

from __future__ import annotations

from plotly.colors import sample_colorscale

from etl import schema

# UI.md: ColorBrewer RdBu, colour-blind safe, always travelling with a symbol and words.
CLASS_ORDER: tuple[str, ...] = schema.CATEGORIES
CLASS_COLOURS = {
    "substantial_progress": "#2166ac",
    "moderate_progress": "#67a9cf",
    "stagnation": "#bdbdbd",
    "moderate_regression": "#ef8a62",
    "substantial_regression": "#b2182b",
    "insufficient_data": "#f7f7f7",
    "not_assessable": "#ffffff",
}
CLASS_SYMBOLS = {
    "substantial_progress": "▲▲",
    "moderate_progress": "▲",
    "stagnation": "●",
    "moderate_regression": "▼",
    "substantial_regression": "▼▼",
    "insufficient_data": "·",
    "not_assessable": "○",
}
# Text on the pale classes is grey (UI.md); on the dark ones white keeps the contrast.
CLASS_TEXT_COLOURS = {
    "substantial_progress": "#ffffff",
    "moderate_progress": "#1a1a1a",
    "stagnation": "#1a1a1a",
    "moderate_regression": "#1a1a1a",
    "substantial_regression": "#ffffff",
    "insufficient_data": "#6b6b6b",
    "not_assessable": "#6b6b6b",
}
PROGRESS = ("substantial_progress", "moderate_progress")
REGRESSION = ("moderate_regression", "substantial_regression")
# Heatmaps and maps draw ordered classes as integers on a stepped scale, regression to progress, then the two
# "no class" classes at the end (STREAMLIT_NOTES §7: a stepped continuous scale, not a discrete colour map).
CLASS_STEPS: tuple[str, ...] = (
    "substantial_regression",
    "moderate_regression",
    "stagnation",
    "moderate_progress",
    "substantial_progress",
    "insufficient_data",
    "not_assessable",
)
CLASS_CODE = {c: i for i, c in enumerate(CLASS_STEPS)}
GREYED = "#9e9e9e"  # a non-interpretable cell keeps its symbol but loses its colour

# Stream colours come from the registry (one qualitative palette that reuses none of the class colours, Dark2
# picks), in registry order; the composite of all streams is a dark grey.
STREAM_COLOURS = {s.name: s.colour for s in schema.STREAM_REGISTRY} | {schema.COMPOSITE_STREAM: "#4d4d4d"}
STREAM_ORDER: tuple[str, ...] = schema.STREAMS

# Counts on maps and heatmaps: sequential purples, stepped into bins so that a colour names a range.
COUNT_BINS: tuple[int, ...] = (0, 1, 3, 6, 11, 21, 51)
COUNT_COLOURS: tuple[str, ...] = ("#f2f0f7", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#4a1486")
# How many streams report: white for none, then ColorBrewer BuPu steps (sampled from it beyond four streams).
COVERAGE_COLOURS: tuple[str, ...] = ("#ffffff", "#edf8fb", "#b3cde3", "#8c96c6", "#88419d")


def coverage_colours(n_streams: int) -> tuple[str, ...]:
    """One colour per number of streams reporting, 0..n_streams."""
    if n_streams + 1 <= len(COVERAGE_COLOURS):
        return COVERAGE_COLOURS[: n_streams + 1]
    steps = sample_colorscale("BuPu", [0.05 + 0.95 * i / (n_streams - 1) for i in range(n_streams)])
    return ("#ffffff", *steps)


def is_greyed(interpretable) -> bool:
    """True for a cell flagged not interpretable (a real False, numpy's too); missing flags are not greyed."""
    try:
        return bool(interpretable is not None and interpretable == False)  # noqa: E712 (numpy bools are not `False`)
    except (TypeError, ValueError):  # pd.NA refuses to be a bool
        return False


def stepped_colourscale(colours: tuple[str, ...] | list[str]) -> list[list]:
    """A Plotly colourscale with one flat step per colour, for integer codes 0..len-1 drawn with zmin=-0.5."""
    n = len(colours)
    scale: list[list] = []
    for i, colour in enumerate(colours):
        scale.append([i / n, colour])
        scale.append([(i + 1) / n, colour])
    return scale


def count_bin(value: float | int | None) -> int | None:
    """Index of the COUNT_BINS step a count falls in (None stays None)."""
    if value is None or value != value:  # NaN
        return None
    index = 0
    for i, lower in enumerate(COUNT_BINS):
        if value >= lower:
            index = i
    return index
