"""The one catalogue of user-facing strings (English for now) and `t(key, **kwargs)` to read it."""

from __future__ import annotations

LANGUAGE = "en"

STRINGS: dict[str, str] = {
    # --- frame
    "app.title": "GCM Progress Dashboard",
    "page.overview": "Overview",
    "page.objectives": "Objectives",
    "page.countries": "Countries",
    "page.regions": "Regions",
    "page.extracts": "Extracts",
    "page.method": "Method & sources",
    "banner.synthetic": "Synthetic demo data, not real GCM figures.",
    "banner.synthetic_detail": "Every record on these pages was generated for demonstration. Do not cite or compare "
    "these numbers with real data; choose the `public` dataset in the sidebar for real "
    "records.",
    "banner.real": "Dataset: {title} · data cut-off {cutoff}.",
    "banner.covers": "What this dataset covers:",
    "footer.sources": "Data built from {n} sources; see Method & sources. Dataset `{dataset}`, data cut-off {cutoff}, "
    "method version {method}.",
    "footer.link": "Method & sources",
    "chart.source": "Source: GCM Progress Dashboard · {title} · data cut-off {cutoff} · method {method}",
    "chart.source_synthetic": "SYNTHETIC DEMO DATA, not real GCM figures · GCM Progress Dashboard · {title} · data "
    "cut-off {cutoff} · method {method}",
    "chart.alt": "Chart: {title}. Its {n} rows of data are in the Table tab beside it.",
    "glossary.button": "Glossary",
    "glossary.text": (
        "- **GCM**: the Global Compact for Safe, Orderly and Regular Migration (UN General Assembly resolution "
        "73/195, December 2018), with 23 objectives and 10 guiding principles.\n"
        "- **Review round**: the four years between two International Migration Review Forums (IMRF): round 1 fed "
        "IMRF 2022, round 2 feeds IMRF 2026. Each round has regional reviews.\n"
        "- **Reported activity**: the records counted here: pledges of the pledging initiative, practices of the "
        "Migration Network Hub, GCM Talks (peer-learning events since February 2023) and submissions to the "
        "regional reviews (voluntary national reviews, stakeholder inputs).\n"
        "- **Stream**: one of those kinds of records. **All streams** combines the streams that have a class of "
        "their own, and shows each of them beside it.\n"
        "- **Progress / regression**: more (or less) reported activity than in the previous review round, "
        "compared per review round for pledges and submissions and per year for practices and GCM Talks. It is not "
        "a measure of how well the GCM is implemented.\n"
        "- **Robust / indicative**: robust when chance alone would rarely give such a change (a binomial test); "
        "indicative otherwise.\n"
        "- **Too few records to judge**: fewer than five records in the two rounds together. **Not assessable**: the "
        "stream did not exist in the earlier round, the later round is still open, or the records were not "
        "collected completely.\n"
        "- **All objectives (each record once)**: every record counted once, whatever how many objectives it names; "
        "a record that names none (a voluntary review of the whole Compact) counts only there.\n"
        "- **Sub-region**: a UN M49 statistical sub-region. **Regional commission**: ECA, UNECE, ECLAC, ESCAP, ESCWA; "
        "a country may belong to several."
    ),
    "display.image_format": "Chart image download",
    "display.image_format_help": "Format of the camera button in each chart's toolbar: SVG for reports (scales "
    "without blur), PNG for slides and messages.",
    # --- database
    "db.building": "Building the {dataset} database (first start) …",
    "db.building_detail": "Reading the import files, validating them and computing the progress classes. This takes "
    "a few seconds and happens once.",
    "db.built": "Built the {dataset} database.",
    "db.build_failed_label": "The database could not be built",
    "db.build_failed": "The database could not be built. Run `{command}` in the repository to see the problems.",
    "db.missing": "The {dataset} dataset has not been built on this server. Build it with `{command}`.",
    "db.unreadable": "The {dataset} database could not be read (it is damaged, incomplete or from another version "
    "of this dashboard). Rebuild it with `{command}`.",
    "db.busy": "The {dataset} database is being built by another process; reload this page in a minute.",
    "db.pinned": "This link shows data version {link}, as it was shared. Newer data exist (version {now}).",
    "db.show_latest": "Show the latest data",
    "db.version_gone": "The data version of this link ({link}) is no longer kept on this server; you see the latest "
    "data (version {now}), so figures may differ from what was shared.",
    "db.fallback": "The dataset `{dataset}` could not be opened; showing `{default}` instead.",
    # --- filters
    "share.copy_link": "Copy link to this view",
    "share.copy_help": "The link restores this page with every filter, and names the data version it was made with.",
    "filters.heading": "Filters",
    "filters.dataset": "Dataset",
    "filters.dataset_help": "`demo` is synthetic; `public` holds the real records found on public pages (partial).",
    "filters.rounds": "Review rounds",
    "filters.rounds_help": "Progress compares reported activity in a review round with the round before it: "
    "pledges and submissions per review round, practices and GCM Talks per year of each round's window. A round "
    "still open gets no class.",
    "filters.stream": "Stream",
    "filters.stream_help": "Which kind of reported activity: pledges, practices, GCM Talks, submissions to the "
    "regional reviews, or all streams (the class is the mean of the scores of the streams that have a class of "
    "their own, shown beside it with their counts).",
    "filters.objectives": "Objectives",
    "filters.objectives_all": "All 23 objectives",
    "filters.geos": "Geography",
    "filters.geos_all": "World (all geographies)",
    "filters.geos_help": "Up to five M49 sub-regions, regional commissions or countries.",
    "filters.reset": "Reset filters",
    "filters.notice": "Some values in the link were not understood and were replaced by defaults: {keys}.",
    "filters.sentence": "Showing {text}.",
    "filters.sentence.dataset": "{title}",
    "filters.sentence.all_objectives": "all 23 objectives",
    "filters.sentence.all_geos": "all geographies",
    "filters.sentence.principle": "guiding principle: {name}",
    "words.and_list": "{head} and {last}",
    # --- rounds, streams, levels, geographies
    "rounds.pair": "rounds {a} → {b}",
    "rounds.pair_open": "rounds {a} → {b} (round {b} still open)",
    "rounds.pair_short": "Rounds {a} → {b}",
    "rounds.pair_short_open": "Rounds {a} → {b} (open)",
    "rounds.short": "Round {r}",
    "stream.all": "all streams (composite)",
    "stream.pledges": "Pledges",
    "stream.practices": "Practices",
    "stream.gcm_talks": "GCM Talks",
    "stream.submissions": "Submissions",
    "stream.mptf_programmes": "MPTF joint programmes",
    "level.cells.subregion": "objective × sub-region cells",
    "level.cells.commission": "objective × commission cells",
    "level.plural.subregion": "sub-regions",
    "level.plural.commission": "regional commissions",
    "level.plural.country": "countries",
    "level.one.country": "Country",
    "level.one.subregion": "Sub-region",
    "level.one.commission": "Regional commission",
    "level.one.global": "World",
    "exposure.rate": "per year",
    "exposure.per_round": "per review round",
    "level.switch.subregion": "M49 sub-regions",
    "level.switch.commission": "Regional commissions",
    "geo.global": "World",
    "geo.label.country": "{name} ({id})",
    "geo.label.subregion": "{name} (M49 sub-region)",
    "geo.label.commission": "{id} · {name}",
    # --- progress classes
    "class.substantial_progress": "Substantial progress",
    "class.moderate_progress": "Moderate progress",
    "class.stagnation": "Stagnation",
    "class.moderate_regression": "Moderate regression",
    "class.substantial_regression": "Substantial regression",
    "class.insufficient_data": "Too few records to judge",
    "class.not_assessable": "Not assessable",
    "class.not_interpretable": "not interpretable as a change in implementation",
    "class.greyed_short": "Not interpretable (artefact reasons only)",
    "confidence.robust": "robust",
    "confidence.indicative": "indicative",
    "label.from_zero": "from zero",
    "label.ceased": "ceased",
    "label.short_window": "short window (under a year): at most indicative",
    "label.new_mechanism": "new mechanism, no earlier round",
    "label.round_open": "round still open: count so far",
    "label.incomplete_collection": "collection incomplete: counts as found",
    "change.up": "up {d} from {n} in round {r}",
    "change.down": "down {d} from {n} in round {r}",
    "change.found": "{n} found in round {r} (partial collection: not a change)",
    "change.so_far": "so far: round {b} is still open ({n} in round {a})",
    "change.same": "same as round {r} ({n})",
    # --- shared chart and table words
    "tabs.chart": "Chart",
    "tabs.table": "Table ({n:,} rows)",
    "units.units": "units",
    "axis.units": "Reported units",
    "axis.units_short": "Units",
    "axis.round": "Review round",
    "axis.streams_reporting": "Streams reporting",
    "hover.counts": "Counts (earlier → later round):",
    "col.class": "Progress class",
    "col.class_help": "Class of reported activity with its confidence; always read it with the two counts.",
    "col.stream_mix": "Streams behind it",
    "col.stream_mix_help": "All streams: the class is the mean of the scores of these streams (those with a class "
    "and no short window); the two counts are their sums. Here is each one's class and counts.",
    "col.rates": "Per year",
    "col.rates_help": "Practices and GCM Talks are compared per year of each round's window: the counts per year.",
    "mix.detail": "{stream} {symbol} {n_from} → {n_to}",
    "mix.detail_rate": "{stream} {symbol} {n_from} → {n_to} ({r_from} → {r_to} a year)",
    "class.insufficient_streams": "No stream has enough records on its own",
    "rates.text": "{n_from} in {t_from} years = {r_from} a year → {n_to} in {t_to} years = {r_to} a year",
    "mix.none": "no stream with a class: counts of all streams, as found",
    "col.n_from": "Round {a} count",
    "col.n_to": "Round {b} count",
    "col.t_from": "Round {a} exposure (years)",
    "col.t_to": "Round {b} exposure (years)",
    "col.objective_id": "Objective",
    "col.short_title": "Short title",
    "col.objective_ids": "Objectives",
    "col.objective_titles": "Objective titles",
    "col.objective_title": "Objective title",
    "col.geo_name": "Geography",
    "col.geo_level": "Level",
    "col.geo_id": "Geography id",
    "col.score": "Score (−5…+5)",
    "col.rate_ratio": "Rate ratio",
    "col.p_value": "p-value",
    "col.category": "Class code",
    "col.confidence": "Confidence",
    "col.label": "Label",
    "col.reason_count": "Reasons",
    "col.is_interpretable": "Interpretable",
    "col.streams_assessed": "Streams with a class",
    "col.substantial_progress_streams": "Streams ▲▲",
    "col.moderate_progress_streams": "Streams ▲",
    "col.stagnation_streams": "Streams ●",
    "col.moderate_regression_streams": "Streams ▼",
    "col.substantial_regression_streams": "Streams ▼▼",
    "col.share": "Share of cells",
    "col.cells": "Cells",
    "col.total": "Cells in the pair",
    "col.round_from": "Earlier round",
    "col.round_to": "Later round",
    "col.round_id": "Round",
    "col.round_name": "Round name",
    "col.stream": "Stream",
    "col.units": "Units",
    "col.activities": "Activities",
    "col.activity_id": "Activity id",
    "col.record_id": "Record id",
    "col.title": "Title",
    "col.activity_date": "Date",
    "col.date_precision": "Date precision",
    "col.unit_count": "Units",
    "col.is_global": "Global",
    "col.iso3": "ISO3",
    "col.country_names": "Countries",
    "col.country_name": "Country",
    "col.name": "Name",
    "col.subregion": "Sub-region",
    "col.count": "Units",
    "col.median": "Sub-region median",
    "col.countries": "Countries",
    "col.series": "Series",
    "col.value": "Units",
    "col.source_url": "Source",
    "col.source_open": "Open source page",
    "col.url": "Published at",
    "col.direction": "Direction",
    "col.reason_code": "Reason code",
    "col.reason_text": "Reason",
    "col.reason_stream": "Stream explained",
    "col.recorded_date": "Recorded",
    "col.pledges_count": "Pledges",
    "col.practices_count": "Practices",
    "col.gcm_talks_count": "GCM Talks",
    "col.submissions_count": "Submissions",
    "col.mptf_programmes_count": "MPTF joint programmes",
    "col.streams_reporting": "Streams reporting",
    "col.records": "Records",
    "col.source_id": "Source",
    "col.producer": "Producer",
    "col.licence": "Licence",
    "col.date_accessed": "Accessed",
    "col.row_count": "Rows",
    "col.sha256": "sha256",
    "col.streams": "Streams",
    "col.file_name": "File",
    "col.line": "Line",
    "col.column_name": "Column",
    "col.severity": "Severity",
    "col.message": "Message",
    "col.method_version": "Method version",
    "note.full_counting": "Objective totals use full counting: an activity tagged with several objectives counts "
    "once in each, so totals across objectives are not additive.",
    "note.full_counting_distinct": "Each activity counts once here, even when it is tagged with several objectives; "
    "per-objective totals elsewhere use full counting and are not additive.",
    # --- empty states
    "empty.no_rounds": "This dataset has no pair of review rounds to compare yet.",
    "empty.no_cells": "No progress cells for this filter. Try fewer filters or another round pair.",
    "empty.no_data": "No reported activity for this filter.",
    "empty.no_activities": "No reported activity matches this filter: no records to list.",
    "empty.stream_absent": "The stream “{stream}” is not present in the `{dataset}` dataset: it holds no such "
    "records. Choose another stream or all streams.",
    # --- overview
    "overview.lead": "How the **Global Compact for Safe, Orderly and Regular Migration (GCM)** is being taken up, "
    "seen through four kinds of reported activity: pledges, practices shared on the Migration Network Hub, GCM Talks "
    "and submissions to the regional reviews. **Progress** here means *more reported activity than in the previous "
    "review round*, not a verdict on how well the Compact is implemented. The Glossary at the bottom of every page "
    "explains each term.",
    "overview.metric_label": "{stream}, round {r}",
    "overview.metric_help": "Reported units in the later round of the chosen pair, and the change from the round "
    "before. Pledges and submissions are compared per review round; practices and GCM Talks per year, since the "
    "rounds' windows differ in length.",
    "overview.classes_heading": "Progress across objectives and sub-regions",
    "overview.classes_title": "Share of objective × sub-region cells in each progress class, {stream}",
    "overview.classes_caption": "Each bar is one pair of review rounds; a cell is one objective in one M49 "
    "sub-region. Classes describe reported activity, not implementation performance.",
    "overview.share_sentence": "Between rounds {a} and {b}, reported activity progressed in **{progress}** of the "
    "{total} {level} and regressed in **{regress}**; {stagnation} stagnated, "
    "{insufficient} had too few records to judge and {not_assessable} were not "
    "assessable (new mechanism, round still open or collection incomplete).",
    "overview.share_none": "No objective × region cells for {pair}.",
    "overview.silent": "Only {n} of the {total} {level} have any reported activity in this dataset, so only they "
    "have cells; the other {silent} report nothing at all, which is a gap in reporting, not "
    "evidence of regression.",
    "overview.activity_heading": "Reported activity by stream and review round",
    "overview.activity_title": "Reported units per stream and review round ({dataset} dataset)",
    "overview.grid_heading": "The 23 objectives, rounds {a} → {b}, {stream}, world level",
    "overview.roundtable": "Round table {n}",
    "overview.grid_caption": "Each tile shows the objective's class at world level with the two counts (earlier → "
    "later round): for all streams, the streams in the mean with their own classes and counts; for practices and "
    "GCM Talks, the counts per year as well. Select a tile to open the objective.",
    "overview.all_objectives_heading": "All objectives, rounds {a} → {b}, {stream}, world level (each record once)",
    "overview.no_class_partial": "The public collection is partial: it shows what was found, not how much happened, "
    "so no progress class is computed. Read the counts below as records found on public pages, each with its "
    "source; the Extracts page lists them.",
    "records.undated": "{n:,} of these records state no date (date not stated): they are listed here and in the "
    "extracts, but no review round holds them, so no chart or progress class counts them.",
    "overview.published_heading": "What the publishers say exists",
    "overview.published_caption": "Totals as their sources stated them (a newsletter, a closing statement, a review "
    "report), not computed here: beside them, the records below are the part that public pages show one by one.",
    "overview.records_heading": "The records found, each with its source",
    "col.topic": "Topic",
    "col.metric": "Figure",
    "col.published_value": "Value as published",
    "col.as_of": "As of",
    "overview.no_class_open": "Round {b} is still open: its counts so far are shown, and no progress class is given "
    "until it closes.",
    "overview.no_class_new": "{stream} did not exist in round {a}: there is no earlier round to compare with, so no "
    "progress class is given.",
    "overview.no_class": "No objective has enough records in both rounds for a progress class in this view ({pair}); "
    "the counts below are what was reported.",
    "overview.how_to_read": "How to read this page",
    "overview.how_to_read_text": (
        "- **Reported activity** counts pledges, practices, GCM Talks and submissions to the regional reviews. No "
        "reported activity is not evidence of regression in implementation.\n"
        "- A **progress class** compares reported activity in a review round with the round before: pledges and "
        "submissions per review round, practices and GCM Talks per year of each round's window (shown beside the "
        "counts): ▲▲ substantial progress, ▲ moderate progress, ● stagnation, ▼ moderate regression, ▼▼ substantial "
        "regression. · means too few records to judge (fewer than five in the two rounds); ○ means not assessable: "
        "the stream did not exist in the earlier round, the later round is still open, or the dataset does not "
        "declare the stream collected completely.\n"
        "- **All streams** averages the streams that have a class; the streams and their counts are shown with it.\n"
        "- **(indicative)** marks a class that could arise by chance; **robust** ones pass a binomial test.\n"
        "- Objectives are listed by number and geographies by name: this dashboard does not rank.\n"
        "- Objective totals use full counting: an activity with several objectives counts in each.\n"
        "- See **Method & sources** for the thresholds and the components of every cell."
    ),
    # --- objectives
    "objectives.pick_kind": "Choose by",
    "objectives.kind.objectives": "Objectives",
    "objectives.kind.roundtable": "IMRF round table",
    "objectives.kind.mptf": "MPTF thematic area",
    "objectives.kind.principle": "Guiding principle",
    "objectives.pick_group": "Choose one",
    "objectives.pick_principle": "Choose a guiding principle",
    "objectives.principle_hint": "Choose a guiding principle above to see the pledges and practices that name it.",
    "objectives.subject": "Objective {objective} ({title})",
    "objectives.principle_subject": "Guiding principle {n} ({name})",
    "objectives.sentence_head": "{subject}: reported activity fell in {fell} of {total} {level} between rounds {a} "
    "and {b}, rose in {rose}, held steady in {steady}",
    "objectives.sentence_insufficient": "{n} had too few records to judge",
    "objectives.sentence_new": "{n} could not be assessed (new mechanism, round still open or collection incomplete)",
    "objectives.sentence_none": "{subject}: no cells for this filter.",
    "objectives.sentence_level": "{level}: fell in {fell} of {total}, rose in {rose}, held steady in {steady}; "
    "{other} without a class.",
    "objectives.sentence_many": "{n_obj} objectives: reported activity fell in {fell} of {total} {level} between "
    "rounds {a} and {b}, rose in {rose}, held steady in {steady}; {insufficient} had too "
    "few records to judge and {new} could not be assessed.",
    "objectives.all_hint": "No objective chosen: the figures cover all 23. Choose objectives, a round table, an "
    "MPTF thematic area or a guiding principle above to focus.",
    "objectives.bars_title": "Reported units per stream and review round, chosen objectives",
    "objectives.table_heading": "Progress class per sub-region and regional commission, rounds {a} → {b}",
    "objectives.list_heading": "The records behind these numbers",
    "objectives.principle_note": "Only pledges and practices name guiding principles. Their classes come from the "
    "same method, computed when the data were built: each record counts once for the principle, each stream is "
    "classed, then the two are combined.",
    "objectives.group_heading.roundtable": "IMRF round table {n} as a whole, rounds {a} → {b}",
    "objectives.group_heading.mptf_area": "MPTF thematic area {n} as a whole, rounds {a} → {b}",
    "objectives.group_subject.roundtable": "Round table {n}",
    "objectives.group_subject.mptf_area": "MPTF area {n}",
    "objectives.group_note": "Each record counts once for the group, however many of its objectives it names; the "
    "objectives one by one follow below (there a record counts once in each of its objectives).",
    "objectives.principle_table_heading": "Progress class of the principle's records, rounds {a} → {b}",
    "objectives.principle_bars_title": "Pledges and practices naming “{name}”, per review round",
    "reasons.heading": "Reasons recorded for these cells",
    "reasons.none": "No reasons are recorded for these cells.",
    # --- countries
    "countries.picker": "Countries (up to five)",
    "countries.picker_placeholder": "Choose one country, or up to five to compare",
    "countries.picker_help": "One country shows its profile beside its sub-region; two to five are shown side by "
    "side, in name order.",
    "countries.order": "Order tables by",
    "countries.order.objective": "Objective number",
    "countries.order.name": "Country name",
    "countries.none_chosen": "Choose a country above (or in the sidebar's geography filter) to see its reported "
    "activity by objective and review round.",
    "countries.heat_title": "{name}: reported units per objective and review round (left) and progress class per "
    "round pair (right), {stream}",
    "countries.median_title": "{name} beside the median country of {subregion}",
    "countries.median_series": "Median of {subregion}",
    "countries.median_caption": "The median is taken over the {n} countries of {subregion}, counting countries "
    "with no reported activity as zero.",
    "countries.classes_heading": "Progress classes, rounds {a} → {b}",
    "countries.no_cells": "No reported activity for {names} in rounds {a} and {b} for this filter, so there is no "
    "progress class. No reported activity is not evidence of regression in implementation.",
    "countries.compare_title": "Reported units per objective and review round, {stream}",
    # --- regions
    "regions.level": "Level",
    "regions.heat_heading": "Progress class per objective and {level}, rounds {a} → {b}",
    "regions.heat_title.count": "Progress class of reported activity, {stream}, rounds {a} → {b}",
    "regions.heat_title.share": "Progress class of the share of all reported activity, {stream}, rounds {a} → {b}",
    "regions.heat_title.breadth": "Progress class of the number of countries taking part, {stream}, rounds {a} → {b}",
    "basis.label": "Read the cells by",
    "basis.count": "Count of reported activity",
    "basis.share": "Share of all activity",
    "basis.breadth": "Countries taking part",
    "basis.help": "Count: more or less activity than in the round before. Share: the geography's part of all "
    "activity worldwide, so a region that grew less than the world reads as falling back. Countries: how many of "
    "its countries reported anything, round against round. Compare them before drawing a conclusion.",
    "regions.heat_caption": "Hover a cell for its two counts and confidence. Grey cells are explained only by "
    "reporting artefacts: not interpretable as a change in implementation.",
    "regions.map_heading": "Map",
    "regions.measure": "Measure",
    "regions.measure.count_to": "Units in round {b}",
    "regions.measure.count_from": "Units in round {a}",
    "regions.measure.class": "Progress class, rounds {a} → {b}",
    "regions.map_objective": "Objective for the class map",
    "regions.map_title_count": "Reported units per country in round {r}, {stream}",
    "regions.map_title_class": "Progress class per country, {objective}, rounds {a} → {b}",
    "regions.map_caption": "Activity marked `Global` counts only at the world level and does not appear on the map. "
    "Boundaries are shown as Plotly draws them and imply no position on any territory; the "
    "table holds the same figures.",
    "regions.coverage_heading": "Coverage: which streams report anything",
    "regions.coverage_round": "Round",
    "regions.coverage_title": "Streams with any reported activity, round {r}, per objective and {level}",
    "regions.coverage_caption": "0 means no reported activity in any stream: a gap in reporting, not evidence of "
    "regression in implementation.",
    # --- extracts
    "extracts.view": "Rows",
    "extracts.view.activities": "Activities",
    "extracts.view.progress": "Progress cells (with components)",
    "extracts.view.coverage": "Coverage",
    "extracts.summary_heading": "**This extract holds:**",
    "extracts.line.dataset": "Dataset: {title} (`{name}`)",
    "extracts.line.view": "Rows: {view}",
    "extracts.line.rounds": "Review {pair}",
    "extracts.line.stream": "Stream: {stream}",
    "extracts.line.objectives": "Objectives: {objectives}",
    "extracts.line.geos": "Geography: {geos}",
    "extracts.line.level": "Regional level: {level}",
    "extracts.line.principle": "Guiding principle: {name}",
    "extracts.row_count": "Rows in this extract",
    "extracts.rows_are_not_records": "{rows} rows: {records} records × their objectives and countries (a record "
    "with two countries and three objectives is six rows). The file of one row per record follows the table.",
    "extracts.per_record_heading": "**One row per record** (objectives and countries joined by `;`, as the Migration "
    "Network Hub exports them):",
    "table.first_rows": "The first {shown:,} of {total:,} rows; the download buttons below give all {total:,}.",
    "extracts.whole_heading": "The whole dataset",
    "extracts.whole_caption": "Every table as CSV with a datapackage.json and a README (Frictionless data package).",
    # --- method
    "method.words_heading": "The method in words",
    "method.words": (
        "Each **cell** is one stream, one objective (or objective 0: all objectives, each record once), one "
        "geography and one pair of consecutive review rounds. The dashboard counts **reported activity** (an activity "
        "tagged with several objectives counts once in each: full counting) and compares the later round with the "
        "earlier one. Practices and GCM Talks are compared **per year** of the round's window (*rate*); pledges and "
        "submissions, which come in campaigns towards each IMRF, are compared **per review round** (*per round*, "
        "T = 1 for each round that has closed):\n\n"
        "`RR = ((n_r + {c}) / T_r) / ((n_r−1 + {c}) / T_r−1)` and `score = clamp({cap} × log2(RR), −{cap}, +{cap})`."
        "\n\n"
        "- score ≥ {substantial}: ▲▲ substantial progress; {moderate} ≤ score < {substantial}: ▲ moderate progress;\n"
        "- −{moderate} < score < {moderate}: ● stagnation;\n"
        "- −{substantial} < score ≤ −{moderate}: ▼ moderate regression; score ≤ −{substantial}: ▼▼ substantial "
        "regression.\n\n"
        "Before the bands, in this order: a cell is ○ **not assessable** when the stream did not exist in the earlier "
        "round (*new mechanism*) or the later round has not closed (*round still open*: the count so far is shown), "
        "or when the dataset does not declare the stream collected completely in both rounds (*collection "
        "incomplete*: a round that was not collected is not a round in which nothing happened); it is · **too few "
        "records to judge** when the two counts add up to fewer than {n_min}. A class is **robust** when a one-sided "
        "binomial test gives p < {alpha} (stagnation: at least {stag_n} records), otherwise **indicative**. A round "
        "shorter than {short} year is a *short window*: never robust. The composite (all streams) is the mean score "
        "of the streams that have a class and no short window; its two counts are the sums over those streams, "
        "shown beside it. No reported activity is not evidence of regression in implementation; a cell explained "
        "only by reporting artefacts is shown greyed. Method version {version}."
    ),
    "method.example_heading": "Worked example.",
    "method.example": "A country reports {n_from} records in round r−1 (window open {t_from} years) and {n_to} in "
    "round r ({t_to} years). RR = (({n_to} + {c}) / {t_to}) / (({n_from} + {c}) / {t_from}) = {rr}, "
    "score = {score}: {cls}. The one-sided binomial p-value is {p} against α = {alpha}, so the "
    "class is {confidence}.",
    "method.thresholds_heading": "Thresholds of this build",
    "threshold.moderate": "Score at which a change counts as moderate (either direction).",
    "threshold.substantial": "Score at which a change counts as substantial.",
    "threshold.n_min": "Fewest records in the two rounds together for a class.",
    "threshold.alpha": "Significance level of the binomial test for a robust class.",
    "threshold.continuity": "Added to each count so that zeros can be compared.",
    "threshold.robust_stagnation_n": "Records needed for stagnation to be robust.",
    "threshold.score_cap": "Largest absolute score (a doubling of the rate gives the cap).",
    "threshold.short_window_years": "A round shorter than this (rate streams) is a short window: never robust, "
    "never in the all-streams mean.",
    "threshold.exposure_model": "rate: compared per year of the round's window; per_round: one review cycle "
    "per closed round (T = 1).",
    "threshold.round_close": "When a round closes for a per_round stream (the review_rounds date).",
    "threshold.mechanism_start": "First day a stream existed (its exposure starts there).",
    "method.components_heading": "Components of the cells in the current view",
    "method.components_caption": "{n:,} cells for the current filters: counts, exposures, rate ratio, score, class, "
    "confidence, p-value and labels, as stored in progress_cells.",
    "method.sources_heading": "Sources",
    "method.cited_heading": "Public pages cited by the records",
    "method.validation_heading": "Validation report",
    "method.validation_none": "The last build raised no warnings.",
    "method.build_heading": "Build information",
}


def t(key: str, **kwargs) -> str:
    """The string for a key, formatted with kwargs; an unknown key shows itself so that a gap is visible."""
    text = STRINGS.get(key)
    if text is None:
        return key
    return text.format(**kwargs) if kwargs else text
