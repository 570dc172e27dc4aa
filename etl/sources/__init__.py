"""The registry of import sources, in build order (reference dimensions are loaded apart, first)."""

from etl.sources import gcm_talks, pledges, practices, published_totals, reasons, review_meetings, submissions

SOURCES = (pledges, practices, gcm_talks, submissions, review_meetings, reasons, published_totals)
