"""The registry of import sources, in build order: the streams' (from the stream registry), then the others."""

import importlib

from etl.schema import STREAM_REGISTRY
from etl.sources import published_totals, reasons, review_meetings

SOURCES = (
    *(importlib.import_module(s.source) for s in STREAM_REGISTRY),
    review_meetings,
    reasons,
    published_totals,
)
