"""Every SQL query of the dashboard: `name(con, *, filters) -> DataFrame` (extract_csv: bytes), parameterised.

One module per family of tables (reference, activity, cells, coverage, funding, extracts), re-exported here: pages and
db.run name a query as `queries.<name>`. None of them imports Streamlit (tests/test_code_rules.py).
"""

from dashboard.queries.activity import activity_by_round, activity_count, activity_list, country_counts
from dashboard.queries.cells import cell_reasons, class_shares, group_progress, progress, variant_cells
from dashboard.queries.coverage import country_rounds, coverage, subregion_medians
from dashboard.queries.extracts import (
    extract,
    extract_count,
    extract_csv,
    extract_record_count,
    extract_records,
)
from dashboard.queries.funding import FUNDED_STREAM, budget_count, funding_by_round, published_scale, thematic_areas
from dashboard.queries.records import pledge_followup, record_detail, record_fields
from dashboard.queries.reference import (
    build_info,
    cited_page_count,
    cited_pages,
    collection_coverage,
    geographies,
    labels,
    objective_groups,
    objectives,
    principles,
    published_totals,
    review_rounds,
    round_pairs,
    sources,
    stream_totals,
    unofficial_labels,
    validation_count,
    validation_report,
)
from dashboard.queries.sql import CLASS_ORDER, LEVEL_ORDER, PRINCIPLE_STREAMS, STREAMS

__all__ = [
    "FUNDED_STREAM",
    "CLASS_ORDER",
    "LEVEL_ORDER",
    "PRINCIPLE_STREAMS",
    "STREAMS",
    "activity_by_round",
    "activity_count",
    "activity_list",
    "budget_count",
    "build_info",
    "cell_reasons",
    "cited_page_count",
    "cited_pages",
    "class_shares",
    "collection_coverage",
    "country_counts",
    "country_rounds",
    "coverage",
    "extract",
    "extract_count",
    "extract_csv",
    "extract_record_count",
    "extract_records",
    "funding_by_round",
    "geographies",
    "group_progress",
    "labels",
    "objective_groups",
    "objectives",
    "pledge_followup",
    "principles",
    "record_detail",
    "record_fields",
    "progress",
    "published_scale",
    "published_totals",
    "review_rounds",
    "round_pairs",
    "sources",
    "stream_totals",
    "subregion_medians",
    "thematic_areas",
    "unofficial_labels",
    "validation_count",
    "validation_report",
    "variant_cells",
]
