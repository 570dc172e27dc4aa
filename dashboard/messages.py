"""Every user-facing string in English (declarations only): `N_(key, text)` marks one for pybabel."""

from __future__ import annotations


def N_(key: str, text: str) -> tuple[str, str]:
    """Mark a string for extraction; the key becomes the message context, the English text the message id."""
    return key, text


def NP_(key: str, singular: str, plural: str) -> tuple[str, tuple[str, str]]:
    """Mark a counted string (its count is the `n` placeholder) with its English singular and plural."""
    return key, (singular, plural)


# Keep the order of the sections: pybabel extract writes the template in this order, so diffs stay readable.
_ENTRIES = (
    # --- frame
    N_("app.title", "GCM Progress Dashboard"),
    N_("page.overview", "Overview"),
    N_("page.objectives", "Objectives"),
    N_("page.countries", "Countries"),
    N_("page.regions", "Regions"),
    N_("page.records", "Records"),
    N_("page.extracts", "Extracts"),
    N_("page.method", "Method & sources"),
    N_("banner.synthetic", "Synthetic demo data, not real GCM figures."),
    N_(
        "banner.synthetic_detail",
        "Every record on these pages was generated for demonstration. Do not cite or compare these "
        "numbers with real data; choose the `public` dataset in the sidebar for real records.",
    ),
    N_("banner.real", "Dataset: {title} · data cut-off {cutoff}."),
    N_("banner.covers", "What this dataset covers:"),
    NP_(
        "footer.sources",
        "Data built from {n} source; see Method & sources. Dataset `{dataset}`, data cut-off "
        "{cutoff}, method version {method}.",
        "Data built from {n} sources; see Method & sources. Dataset `{dataset}`, data cut-off "
        "{cutoff}, method version {method}.",
    ),
    N_("footer.link", "Method & sources"),
    N_("chart.source", "Source: GCM Progress Dashboard · {title} · data cut-off {cutoff} · method {method}"),
    N_(
        "chart.source_synthetic",
        "SYNTHETIC DEMO DATA, not real GCM figures · GCM Progress Dashboard · {title} · data "
        "cut-off {cutoff} · method {method}",
    ),
    NP_(
        "chart.alt",
        "Chart: {title}. Its {n} row of data is in the Table tab beside it.",
        "Chart: {title}. Its {n} rows of data are in the Table tab beside it.",
    ),
    N_("glossary.button", "Glossary"),
    N_("display.image_format", "Chart image download"),
    # TRANSLATORS: the tooltips of the chart toolbar (Plotly's modebar) and the notices it shows; Plotly's own
    # translations (plotly.js lib/locales) were the starting point where they exist.
    N_("modebar.download_png", "Download plot as a PNG"),
    N_("modebar.download", "Download plot"),
    N_("modebar.zoom", "Zoom"),
    N_("modebar.pan", "Pan"),
    N_("modebar.zoom_in", "Zoom in"),
    N_("modebar.zoom_out", "Zoom out"),
    N_("modebar.autoscale", "Autoscale"),
    N_("modebar.reset_axes", "Reset axes"),
    # TRANSLATORS: the map's button that restores its first view.
    N_("modebar.reset_map", "Reset"),
    N_("modebar.fullscreen", "Fullscreen"),
    N_("modebar.close_fullscreen", "Close fullscreen"),
    N_("modebar.preparing", "Preparing image - this may take a few seconds"),
    N_("modebar.downloaded", "Image download succeeded"),
    N_("modebar.download_failed", "Sorry, there was a problem downloading your image!"),
    N_("modebar.zoom_back", "Double-click to zoom back out"),
    N_("modebar.legend_isolate", "Double-click on legend to isolate one trace"),
    # TRANSLATORS: the label of the language switch; every language is listed in its own name.
    N_("display.language", "Language"),
    N_(
        "display.image_format_help",
        "Format of the camera button in each chart's toolbar: SVG for reports (scales without "
        "blur), PNG for slides and messages.",
    ),
    # --- database
    N_("db.building", "Building the {dataset} database (first start) …"),
    N_(
        "db.building_detail",
        "Reading the import files, validating them and computing the progress classes. This takes "
        "a few seconds and happens once.",
    ),
    N_("db.built", "Built the {dataset} database."),
    N_("db.build_failed_label", "The database could not be built"),
    N_("db.build_failed", "The database could not be built. Run `{command}` in the repository to see the problems."),
    N_("db.missing", "The {dataset} dataset has not been built on this server. Build it with `{command}`."),
    N_(
        "db.unreadable",
        "The {dataset} database could not be read (it is damaged, incomplete or from another "
        "version of this dashboard). Rebuild it with `{command}`.",
    ),
    N_("db.busy", "The {dataset} database is being built by another process; reload this page in a minute."),
    N_("db.pinned", "This link shows data version {link}, as it was shared. Newer data exist (version {now})."),
    N_("db.show_latest", "Show the latest data"),
    N_(
        "db.version_gone",
        "The data version of this link ({link}) is no longer kept on this server; you see the "
        "latest data (version {now}), so figures may differ from what was shared.",
    ),
    N_("db.fallback", "The dataset `{dataset}` could not be opened; showing `{default}` instead."),
    # --- filters
    N_("share.copy_link", "Copy link to this view"),
    N_(
        "share.copy_help",
        "The link restores this page with every filter, and names the data version it was made with.",
    ),
    N_("filters.heading", "Filters"),
    N_("filters.dataset", "Dataset"),
    N_("filters.dataset_help", "`demo` is synthetic; `public` holds the real records found on public pages (partial)."),
    N_("filters.rounds", "Review rounds"),
    N_(
        "filters.rounds_help",
        "Progress compares reported activity in a review round with the round before it: pledges "
        "and submissions per review round, practices and GCM Talks per year of each round's "
        "window. A round still open gets no class.",
    ),
    N_("filters.stream", "Stream"),
    N_(
        "filters.stream_help",
        "Which kind of reported activity: pledges, practices, GCM Talks, submissions to the "
        "regional reviews, MPTF joint programmes, or all streams (the class is the mean of the "
        "scores of the streams that have a class of their own, shown beside it with their counts).",
    ),
    N_("filters.objectives", "Objectives"),
    N_("filters.objectives_all", "All 23 objectives"),
    N_("filters.geos", "Geography"),
    N_("filters.geos_all", "World (all geographies)"),
    N_("filters.geos_help", "Up to five M49 sub-regions, regional commissions or countries."),
    N_("filters.reset", "Reset filters"),
    N_("filters.notice", "Some values in the link were not understood and were replaced by defaults: {keys}."),
    N_("filters.sentence", "Showing {text}."),
    N_("filters.sentence.dataset", "{title}"),
    N_("filters.sentence.all_objectives", "all 23 objectives"),
    N_("filters.sentence.all_geos", "all geographies"),
    N_("filters.sentence.principle", "guiding principle: {name}"),
    # --- rounds, streams, levels, geographies
    N_("rounds.pair", "rounds {a} → {b}"),
    N_("rounds.pair_open", "rounds {a} → {b} (round {b} still open)"),
    N_("rounds.pair_short", "Rounds {a} → {b}"),
    N_("rounds.pair_short_open", "Rounds {a} → {b} (open)"),
    N_("rounds.short", "Round {r}"),
    N_("stream.all", "all streams (composite)"),
    N_("stream.pledges", "Pledges"),
    N_("stream.practices", "Practices"),
    N_("stream.gcm_talks", "GCM Talks"),
    N_("stream.submissions", "Submissions"),
    N_("stream.mptf_programmes", "MPTF joint programmes"),
    N_("level.one.country", "Country"),
    N_("level.one.subregion", "Sub-region"),
    N_("level.one.commission", "Regional commission"),
    N_("level.one.global", "World"),
    N_("exposure.rate", "per year"),
    N_("exposure.per_round", "per review round"),
    N_("level.switch.subregion", "M49 sub-regions"),
    N_("level.switch.commission", "Regional commissions"),
    N_("geo.global", "World"),
    N_("geo.label.country", "{name} ({id})"),
    # TRANSLATORS: a country in a picker: its name in this language, then its English name (searchable too).
    N_("geo.label.country_en", "{name} · {english} ({id})"),
    N_("geo.label.subregion", "{name} (M49 sub-region)"),
    N_("geo.label.commission", "{id} · {name}"),
    # --- progress classes
    N_("class.substantial_progress", "Substantial progress"),
    N_("class.moderate_progress", "Moderate progress"),
    N_("class.stagnation", "Stagnation"),
    N_("class.moderate_regression", "Moderate regression"),
    N_("class.substantial_regression", "Substantial regression"),
    N_("class.insufficient_data", "Too few records to judge"),
    N_("class.not_assessable", "Not assessable"),
    N_("class.not_interpretable", "not interpretable as a change in implementation"),
    N_("class.greyed_short", "Not interpretable (artefact reasons only)"),
    N_("confidence.robust", "robust"),
    N_("confidence.indicative", "indicative"),
    N_("label.from_zero", "from zero"),
    N_("label.ceased", "ceased"),
    N_("label.short_window", "short window (under a year): at most indicative"),
    N_("label.new_mechanism", "new mechanism, no earlier round"),
    N_("label.round_open", "round still open: count so far"),
    N_("label.incomplete_collection", "collection incomplete: counts as found"),
    N_("change.up", "up {d} from {n} in round {r}"),
    N_("change.down", "down {d} from {n} in round {r}"),
    N_("change.found", "{n} found in round {r} (partial collection: not a change)"),
    N_("change.so_far", "so far: round {b} is still open ({n} in round {a})"),
    N_("change.same", "same as round {r} ({n})"),
    # --- shared chart and table words
    N_("tabs.chart", "Chart"),
    NP_(
        "tabs.table",
        "Table ({n:,} row)",
        "Table ({n:,} rows)",
    ),
    N_("units.units", "units"),
    N_("axis.units", "Reported units"),
    N_("axis.units_short", "Units"),
    N_("axis.round", "Review round"),
    N_("axis.streams_reporting", "Streams reporting"),
    N_("hover.counts", "Counts (earlier → later round):"),
    N_("col.class", "Progress class"),
    N_("col.class_help", "Class of reported activity with its confidence; always read it with the two counts."),
    N_("col.stream_mix", "Streams behind it"),
    N_(
        "col.stream_mix_help",
        "All streams: the class is the mean of the scores of these streams (those with a class and "
        "no short window); the two counts are their sums. Here is each one's class and counts.",
    ),
    # TRANSLATORS: the stable code of a kind of build problem (GCM-E405), a column of the validation report.
    N_("col.code", "Code"),
    N_("col.rates", "Per year"),
    N_("col.rates_help", "Practices and GCM Talks are compared per year of each round's window: the counts per year."),
    N_("mix.detail", "{stream} {symbol} {n_from} → {n_to}"),
    N_("mix.detail_rate", "{stream} {symbol} {n_from} → {n_to} ({r_from} → {r_to} a year)"),
    N_("class.insufficient_streams", "No stream has enough records on its own"),
    N_("rates.text", "{n_from} in {t_from} years = {r_from} a year → {n_to} in {t_to} years = {r_to} a year"),
    N_("mix.none", "no stream with a class: counts of all streams, as found"),
    N_("col.n_from", "Round {a} count"),
    N_("col.n_to", "Round {b} count"),
    N_("col.t_from", "Round {a} exposure (years)"),
    N_("col.t_to", "Round {b} exposure (years)"),
    N_("col.objective_id", "Objective"),
    N_("col.short_title", "Short title"),
    N_("col.objective_ids", "Objectives"),
    N_("col.objective_titles", "Objective titles"),
    N_("col.objective_title", "Objective title"),
    N_("col.geo_name", "Geography"),
    N_("col.geo_level", "Level"),
    N_("col.geo_id", "Geography id"),
    N_("col.score", "Score (−5…+5)"),
    N_("col.rate_ratio", "Rate ratio"),
    N_("col.p_value", "p-value"),
    N_("col.category", "Class code"),
    N_("col.confidence", "Confidence"),
    N_("col.label", "Label"),
    N_("col.reason_count", "Reasons"),
    N_("col.is_interpretable", "Interpretable"),
    N_("col.streams_assessed", "Streams with a class"),
    N_("col.substantial_progress_streams", "Streams ▲▲"),
    N_("col.moderate_progress_streams", "Streams ▲"),
    N_("col.stagnation_streams", "Streams ●"),
    N_("col.moderate_regression_streams", "Streams ▼"),
    N_("col.substantial_regression_streams", "Streams ▼▼"),
    N_("col.share", "Share of cells"),
    N_("col.cells", "Cells"),
    N_("col.total", "Cells in the pair"),
    N_("col.round_from", "Earlier round"),
    N_("col.round_to", "Later round"),
    N_("col.round_id", "Round"),
    N_("col.round_name", "Round name"),
    N_("col.stream", "Stream"),
    N_("col.units", "Units"),
    N_("col.activities", "Activities"),
    N_("col.activity_id", "Activity id"),
    N_("col.record_id", "Record id"),
    N_("col.title", "Title"),
    N_("col.activity_date", "Date"),
    N_("col.date_precision", "Date precision"),
    N_("col.unit_count", "Units"),
    N_("col.is_global", "Global"),
    N_("col.iso3", "ISO3"),
    N_("col.country_names", "Countries"),
    N_("col.country_name", "Country"),
    N_("col.name", "Name"),
    N_("col.subregion", "Sub-region"),
    N_("col.count", "Units"),
    N_("col.median", "Sub-region median"),
    N_("col.countries", "Countries"),
    N_("col.series", "Series"),
    N_("col.value", "Units"),
    N_("col.source_url", "Source"),
    N_("col.source_open", "Open source page"),
    N_("col.url", "Published at"),
    N_("col.direction", "Direction"),
    N_("col.reason_code", "Reason code"),
    N_("col.reason_text", "Reason"),
    N_("col.reason_stream", "Stream explained"),
    N_("col.recorded_date", "Recorded"),
    N_("col.pledges_count", "Pledges"),
    N_("col.practices_count", "Practices"),
    N_("col.gcm_talks_count", "GCM Talks"),
    N_("col.submissions_count", "Submissions"),
    N_("col.mptf_programmes_count", "MPTF joint programmes"),
    N_("col.streams_reporting", "Streams reporting"),
    N_("col.records", "Records"),
    N_("col.source_id", "Source"),
    N_("col.producer", "Producer"),
    N_("col.licence", "Licence"),
    N_("col.date_accessed", "Accessed"),
    N_("col.row_count", "Rows"),
    N_("col.sha256", "sha256"),
    N_("col.streams", "Streams"),
    N_("col.file_name", "File"),
    N_("col.line", "Line"),
    N_("col.column_name", "Column"),
    N_("col.severity", "Severity"),
    N_("col.message", "Message"),
    N_("col.method_version", "Method version"),
    N_(
        "note.full_counting",
        "Objective totals use full counting: an activity tagged with several objectives counts "
        "once in each, so totals across objectives are not additive.",
    ),
    N_(
        "note.full_counting_distinct",
        "Each activity counts once here, even when it is tagged with several objectives; "
        "per-objective totals elsewhere use full counting and are not additive.",
    ),
    # --- empty states
    N_("empty.no_rounds", "This dataset has no pair of review rounds to compare yet."),
    N_("empty.no_cells", "No progress cells for this filter. Try fewer filters or another round pair."),
    N_("empty.no_data", "No reported activity for this filter."),
    N_("empty.no_activities", "No reported activity matches this filter: no records to list."),
    N_(
        "empty.stream_absent",
        "The stream “{stream}” is not present in the `{dataset}` dataset: it holds no such "
        "records. Choose another stream or all streams.",
    ),
    # --- overview
    N_(
        "overview.lead",
        "How the **Global Compact for Safe, Orderly and Regular Migration (GCM)** is being taken "
        "up, seen through five kinds of reported activity: pledges, practices shared on the "
        "Migration Network Hub, GCM Talks, submissions to the regional reviews and the joint "
        "programmes of the Migration Multi-Partner Trust Fund (MPTF), with their budgets. **Progress** "
        "here means *more reported activity than in the previous review round*, not a verdict on "
        "how well the Compact is implemented. The Glossary at the bottom of every page explains "
        "each term.",
    ),
    N_("overview.metric_label", "{stream}, round {r}"),
    N_(
        "overview.metric_help",
        "Reported units in the later round of the chosen pair, and the change from the round "
        "before. Pledges and submissions are compared per review round; practices and GCM Talks "
        "per year, since the rounds' windows differ in length.",
    ),
    N_("overview.classes_heading", "Progress across objectives and sub-regions"),
    N_("overview.classes_title", "Share of objective × sub-region cells in each progress class, {stream}"),
    N_(
        "overview.classes_caption",
        "Each bar is one pair of review rounds; a cell is one objective in one M49 sub-region. "
        "Classes describe reported activity, not implementation performance.",
    ),
    N_(
        "overview.share_sentence.subregion",
        "Between rounds {a} and {b}, reported activity progressed in **{progress}** of the {total} "
        "objective × sub-region cells and regressed in **{regress}**; {stagnation} stagnated, "
        "{insufficient} had too few records to judge and {not_assessable} were not assessable (new "
        "mechanism, round still open or collection incomplete).",
    ),
    N_(
        "overview.share_sentence.commission",
        "Between rounds {a} and {b}, reported activity progressed in **{progress}** of the {total} "
        "objective × commission cells and regressed in **{regress}**; {stagnation} stagnated, "
        "{insufficient} had too few records to judge and {not_assessable} were not assessable (new "
        "mechanism, round still open or collection incomplete).",
    ),
    N_("overview.share_none", "No objective × region cells for rounds {a} → {b}."),
    N_(
        "overview.silent.subregion",
        "Only {n} of the {total} sub-regions have any reported activity in this dataset, so only they "
        "have cells; the other {silent} report nothing at all, which is a gap in reporting, not evidence "
        "of regression.",
    ),
    N_(
        "overview.silent.commission",
        "Only {n} of the {total} regional commissions have any reported activity in this dataset, so "
        "only they have cells; the other {silent} report nothing at all, which is a gap in reporting, "
        "not evidence of regression.",
    ),
    N_("overview.activity_heading", "Reported activity by stream and review round"),
    N_("overview.activity_title", "Reported units per stream and review round ({dataset} dataset)"),
    N_("overview.grid_heading", "The 23 objectives, rounds {a} → {b}, {stream}, world level"),
    N_("overview.roundtable", "Round table {n}"),
    N_(
        "overview.grid_caption",
        "Each tile shows the objective's class at world level with the two counts (earlier → later "
        "round): for all streams, the streams in the mean with their own classes and counts; for "
        "practices and GCM Talks, the counts per year as well. Select a tile to open the objective.",
    ),
    N_("overview.all_objectives_heading", "All objectives, rounds {a} → {b}, {stream}, world level (each record once)"),
    N_(
        "overview.no_class_partial",
        "The public collection is partial: it shows what was found, not how much happened, so no "
        "progress class is computed. Read the counts below as records found on public pages, each "
        "with its source; the Extracts page lists them.",
    ),
    NP_(
        "records.undated",
        "{n:,} of these records states no date (date not stated): it is listed here and in the "
        "extracts, but no review round holds it, so no chart or progress class counts it.",
        "{n:,} of these records state no date (date not stated): they are listed here and in the "
        "extracts, but no review round holds them, so no chart or progress class counts them.",
    ),
    N_("overview.published_heading", "What the publishers say exists"),
    N_(
        "overview.published_caption",
        "Totals as their sources stated them (a newsletter, a closing statement, a review report), "
        "not computed here: beside them, the records below are the part that public pages show one "
        "by one.",
    ),
    N_("overview.records_heading", "The records found, each with its source"),
    N_("col.topic", "Topic"),
    N_("col.metric", "Figure"),
    N_("col.published_value", "Value as published"),
    N_("col.as_of", "As of"),
    N_("col.pledging_entity", "Pledging entity"),
    N_("col.entity_category", "Entity category"),
    N_("col.status", "Status"),
    N_("col.deadline_date", "Deadline"),
    N_("col.last_updated_date", "Last updated"),
    N_("col.freshness", "Last update"),
    N_("col.overdue", "Follow-up"),
    N_("col.fields", "Words found in"),
    N_("col.field_name", "Field"),
    N_("col.field_value", "Value"),
    N_(
        "overview.no_class_open",
        "Round {b} is still open: its counts so far are shown, and no progress class is given until it closes.",
    ),
    N_(
        "overview.no_class_new",
        "{stream} did not exist in round {a}: there is no earlier round to compare with, so no "
        "progress class is given.",
    ),
    N_(
        "overview.no_class",
        "No objective has enough records in both rounds for a progress class in this view "
        "({pair}); the counts below are what was reported.",
    ),
    N_("overview.how_to_read", "How to read this page"),
    # --- objectives
    N_("objectives.pick_kind", "Choose by"),
    N_("objectives.kind.objectives", "Objectives"),
    N_("objectives.kind.roundtable", "IMRF round table"),
    N_("objectives.kind.mptf", "MPTF thematic area"),
    N_("objectives.kind.principle", "Guiding principle"),
    N_("objectives.pick_group", "Choose one"),
    N_("objectives.pick_principle", "Choose a guiding principle"),
    N_("objectives.principle_hint", "Choose a guiding principle above to see the pledges and practices that name it."),
    N_("objectives.subject", "Objective {objective} ({title})"),
    N_("objectives.principle_subject", "Guiding principle {n} ({name})"),
    N_(
        "objectives.sentence_head.subregion",
        "{subject}: reported activity fell in {fell} of {total} sub-regions between rounds {a} and {b}, "
        "rose in {rose}, held steady in {steady}",
    ),
    N_(
        "objectives.sentence_head.commission",
        "{subject}: reported activity fell in {fell} of {total} regional commissions between rounds {a} "
        "and {b}, rose in {rose}, held steady in {steady}",
    ),
    NP_(
        "objectives.sentence_insufficient",
        "{n} had too few records to judge",
        "{n} had too few records to judge",
    ),
    NP_(
        "objectives.sentence_new",
        "{n} could not be assessed (new mechanism, round still open or collection incomplete)",
        "{n} could not be assessed (new mechanism, round still open or collection incomplete)",
    ),
    N_("objectives.sentence_none", "{subject}: no cells for this filter."),
    N_(
        "objectives.sentence_level.subregion",
        "Sub-regions: fell in {fell} of {total}, rose in {rose}, held steady in {steady}; {other} without a class.",
    ),
    N_(
        "objectives.sentence_level.commission",
        "Regional commissions: fell in {fell} of {total}, rose in {rose}, held steady in {steady}; "
        "{other} without a class.",
    ),
    N_(
        "objectives.sentence_many.subregion",
        "{n_obj} objectives: reported activity fell in {fell} of {total} objective × sub-region cells "
        "between rounds {a} and {b}, rose in {rose}, held steady in {steady}; {insufficient} had too few "
        "records to judge and {new} could not be assessed.",
    ),
    N_(
        "objectives.sentence_many.commission",
        "{n_obj} objectives: reported activity fell in {fell} of {total} objective × commission cells "
        "between rounds {a} and {b}, rose in {rose}, held steady in {steady}; {insufficient} had too few "
        "records to judge and {new} could not be assessed.",
    ),
    N_(
        "objectives.all_hint",
        "No objective chosen: the figures cover all 23. Choose objectives, a round table, an MPTF "
        "thematic area or a guiding principle above to focus.",
    ),
    N_("objectives.bars_title", "Reported units per stream and review round, chosen objectives"),
    N_("objectives.table_heading", "Progress class per sub-region and regional commission, rounds {a} → {b}"),
    N_("objectives.list_heading", "The records behind these numbers"),
    N_(
        "objectives.principle_note",
        "Only pledges and practices name guiding principles. Their classes come from the same "
        "method, computed when the data were built: each record counts once for the principle, "
        "each stream is classed, then the two are combined.",
    ),
    N_("objectives.group_heading.roundtable", "IMRF round table {n} as a whole, rounds {a} → {b}"),
    N_("objectives.group_heading.mptf_area", "MPTF thematic area {n} as a whole, rounds {a} → {b}"),
    N_("objectives.group_subject.roundtable", "Round table {n}"),
    N_("objectives.group_subject.mptf_area", "MPTF area {n}"),
    N_(
        "objectives.group_note",
        "Each record counts once for the group, however many of its objectives it names; the "
        "objectives one by one follow below (there a record counts once in each of its objectives).",
    ),
    N_("objectives.principle_table_heading", "Progress class of the principle's records, rounds {a} → {b}"),
    N_("objectives.principle_bars_title", "Pledges and practices naming “{name}”, per review round"),
    N_("reasons.heading", "Reasons recorded for these cells"),
    N_("reasons.none", "No reasons are recorded for these cells."),
    # --- countries
    N_("countries.picker", "Country"),
    N_("profile.sentence", "{name}, rounds {a} → {b}: {items}"),
    N_("profile.item", "{stream} {n_from} → {n_to}"),
    N_("profile.review.both", "voluntary GCM review submitted in both rounds"),
    N_("profile.review.second", "voluntary GCM review submitted in round {b}"),
    N_("profile.review.second_only", "voluntary GCM review submitted in round {b}, not in round {a}"),
    N_("profile.review.first", "voluntary GCM review submitted in round {a}"),
    N_("profile.review.first_only", "voluntary GCM review submitted in round {a}, not in round {b}"),
    N_("profile.review.none", "no voluntary GCM review reported in either round"),
    N_("profile.no_records", "No records for {name} in rounds {a} → {b} in this dataset."),
    N_("profile.see", "See {places}."),
    N_("profile.place.subregion", "its sub-region, {title} ({n_from} → {n_to})"),
    N_("profile.place.commission", "its regional commission {title} ({n_from} → {n_to})"),
    N_("profile.inactive", "Objectives with no reported activity: {n}"),
    N_("countries.picker_placeholder", "Type a country's name, then choose it"),
    N_(
        "countries.picker_help",
        "One country at a time: its profile, round tables, objectives and records. To set others beside it, "
        "use “Compare with”.",
    ),
    N_("countries.compare", "Compare with (up to four)"),
    N_("countries.compare_placeholder", "No comparison"),
    N_("countries.compare_help", "Other countries shown beside the chosen one, below its profile, in name order."),
    N_("countries.order", "Order tables by"),
    N_("countries.order.objective", "Objective number"),
    N_("countries.order.name", "Country name"),
    N_(
        "countries.none_chosen",
        "Choose a country above to see what it reported in each stream, by IMRF round table and objective, "
        "and its records.",
    ),
    N_(
        "countries.not_performance",
        "Reported activity, not implementation performance: no reported activity is not evidence of regression.",
    ),
    N_("countries.brief", "Download country brief (PDF)"),
    N_(
        "countries.brief_help",
        "An A4 summary of this country and round pair in this language: the same file as `python -m dashboard.brief`.",
    ),
    N_("countries.card_all", "All streams"),
    N_("countries.card_help", "Records in round {a} → round {b}, all objectives (each record once)."),
    N_("countries.neighbours_heading", "Its sub-region and regional commissions, all objectives, rounds {a} → {b}"),
    N_("countries.col.geography", "Geography"),
    N_("countries.col.share", "{name}'s share"),
    # TRANSLATORS: the punctuation between the clauses of a sentence listing parts (filters, counts), and its end:
    # French " ; " (narrow no-break space before), Arabic "؛ ", Chinese "；" and "。".
    N_("sentence.separator", "; "),
    N_("sentence.end", "."),
    N_("profile.no_cell", "No cell in this database"),
    # TRANSLATORS: what a recorded reason did to the reported activity (a table column, "Direction").
    N_("direction.enabler", "enabler"),
    N_("direction.obstacle", "obstacle"),
    N_("direction.artefact", "reporting artefact"),
    # TRANSLATORS: how precise a record's date is (a table column, "Date precision").
    N_("precision.day", "day"),
    N_("precision.month", "month"),
    N_("precision.year", "year"),
    N_("countries.col.class", "Class (all streams)"),
    N_("countries.col.roundtable", "Round table"),
    N_("countries.col.objective", "Objective"),
    N_("countries.subregion", "Sub-region {name}"),
    N_("countries.commission", "Commission {name}"),
    N_("countries.roundtables_heading", "By IMRF round table, rounds {a} → {b}"),
    N_(
        "countries.roundtables_note",
        "Each record counts once per round table, however many of its objectives it names; counts are round {a} "
        "→ round {b} per stream.",
    ),
    N_("countries.objectives_heading", "By objective, rounds {a} → {b}: objectives with reported activity"),
    N_(
        "countries.heat_title",
        "{name}: reported units per objective and review round (left) and progress class per round "
        "pair (right), {stream}",
    ),
    N_("countries.classes_heading", "Progress classes, rounds {a} → {b}"),
    N_(
        "countries.no_cells",
        "No reported activity for {names} in rounds {a} and {b} for this filter, so there is no "
        "progress class. No reported activity is not evidence of regression in implementation.",
    ),
    N_("countries.records_heading", "Records of {name}, rounds {a} and {b}"),
    N_("countries.no_records", "No records of {name} in rounds {a} and {b}."),
    N_("countries.records_first", "The first {shown:,} of {total:,} records; the Extracts page lists them all."),
    N_("countries.compare_heading", "Compared side by side"),
    N_("countries.compare_title", "Reported units per objective and review round, {stream}"),
    # --- the country brief (PDF, dashboard/brief.py): it says what the Countries page says with the page's keys;
    # these are the words only the brief has
    N_("brief.title", "Country brief: {name} ({iso3})"),
    N_("brief.doc_title", "Country brief: {name}, rounds {a}-{b}"),
    N_("brief.subtitle", "Rounds {a} → {b} · dataset: {title} ({dataset})"),
    N_("brief.bar", "{n} (round {r})"),
    N_("brief.roundtables_chart_note", "Counts of records, all streams added up; each record once per round table."),
    N_("brief.reasons_heading", "Reasons recorded for round {b}"),
    N_("brief.reasons_none", "No reasons recorded for {name} for round {b}."),
    # TRANSLATORS: the coded reasons of docs/IMPORT_FORMATS.md (the column "Reason code").
    N_("reason.policy_or_legal_change", "policy or legal change"),
    N_("reason.national_implementation_plan", "national implementation plan"),
    N_("reason.institutional_coordination", "institutional coordination"),
    N_("reason.funding", "funding"),
    N_("reason.capacity_or_technical_support", "capacity or technical support"),
    N_("reason.stakeholder_engagement", "stakeholder engagement"),
    N_("reason.data_availability", "data availability"),
    N_("reason.political_priority_shift", "shift in political priorities"),
    N_("reason.crisis_covid19", "crisis: COVID-19"),
    N_("reason.crisis_conflict_displacement", "crisis: conflict or displacement"),
    N_("reason.crisis_disaster_climate", "crisis: disaster or climate"),
    N_("reason.mechanism_launched_or_ended", "mechanism launched or ended"),
    N_("reason.reporting_artefact", "reporting artefact"),
    N_("brief.about_heading", "About these figures"),
    N_(
        "brief.about",
        "Method version {method} (docs/METHOD.md) · schema {schema} · data version {version} · data cut-off {cutoff}",
    ),
    NP_(
        "brief.sources",
        "Sources: {cited}; {n} input file, licence {licence}.",
        "Sources: {cited}; {n} input files, licence {licence}.",
    ),
    NP_(
        "brief.sources_no_licence",
        "Sources: {cited}; {n} input file, licence not stated.",
        "Sources: {cited}; {n} input files, licence not stated.",
    ),
    N_("brief.live", "Live view: {url}"),
    # TRANSLATORS: the running footer of every page; {pages} is the number of pages.
    N_("brief.footer", "{dataset} · {name} · rounds {a} → {b} · page {page}/{pages}"),
    # --- records and pledge follow-up
    N_("records.search", "Search records"),
    N_("records.search_placeholder", "Words of a title, a pledging entity, an implementer or an organiser"),
    N_(
        "records.search_help",
        "Every word must appear; accents and capitals are ignored (“sao paulo” finds “São Paulo”).",
    ),
    N_("records.search_hint", "Search the titles, entities and implementers of every stream."),
    N_("records.search_none", "No record holds every word of “{text}”."),
    N_("records.search_count", "{total:,} records found; the first {shown:,} are listed."),
    N_("records.col.detail", "Record"),
    N_("records.open", "Open record"),
    N_("records.unknown", "No record {record} in this dataset."),
    N_("records.close", "Close this record"),
    N_("records.source", "Open its source page"),
    N_("records.all_fields", "Every field of the record, as its source gave it"),
    N_("records.no_round", "no review round (no date stated)"),
    N_("records.field.stream", "Stream"),
    N_("records.field.id", "Record id"),
    N_("records.field.date", "Date (precision)"),
    N_("records.field.round", "Review round"),
    N_("records.field.objectives", "Objectives"),
    N_("records.field.countries", "Countries"),
    N_("records.field.commissions", "Regional commissions"),
    N_("records.field.principles", "Guiding principles"),
    N_("records.field.deadline", "Deadline"),
    N_("records.field.freshness", "Last update"),
    N_("records.field.followup", "Follow-up"),
    N_("followup.heading", "Pledge follow-up"),
    N_("followup.heading_country", "Pledge follow-up: pledges implemented in {name}"),
    N_(
        "followup.note",
        "Status as the pledge page states it; last update counted back from the data cut-off ({cutoff}); "
        "overdue: the deadline passed before the cut-off and the pledge is not reported fulfilled.",
    ),
    N_("followup.none", "No pledges for this choice."),
    N_("followup.category", "Pledging entity category"),
    N_("followup.category_all", "All entity categories"),
    N_("followup.category_help", "Pledges only: the kind of entity that made the pledge (State, UN system, …)."),
    N_("followup.category_applied", "Pledges of the entity category {category} only; other streams unchanged."),
    N_("followup.by_category", "By stakeholder type (pledging entity category)"),
    N_("followup.by_objective", "By objective (a pledge counts once in each of its objectives)"),
    N_("followup.col.status", "Status"),
    N_("followup.col.pledges", "Pledges"),
    N_("followup.col.category", "Entity category"),
    N_("followup.col.objective", "Objective"),
    N_("followup.overdue_col", "Deadline passed, not reported fulfilled"),
    N_("followup.overdue", "deadline passed, not reported fulfilled"),
    N_("followup.status.planning", "Planning"),
    N_("followup.status.in_progress", "In progress"),
    N_("followup.status.fulfilled", "Fulfilled"),
    N_("followup.status.not_stated", "Not stated"),
    N_("followup.freshness.within_1y", "Updated within a year"),
    N_("followup.freshness.1_2y", "Updated 1-2 years before"),
    N_("followup.freshness.over_2y", "Updated over 2 years before"),
    N_("followup.freshness.never", "Never updated"),
    # --- regions
    N_("regions.level", "Level"),
    N_("regions.heat_heading.subregion", "Progress class per objective and sub-region, rounds {a} → {b}"),
    N_("regions.heat_heading.commission", "Progress class per objective and regional commission, rounds {a} → {b}"),
    N_("regions.heat_title.count", "Progress class of reported activity, {stream}, rounds {a} → {b}"),
    N_("regions.heat_title.share", "Progress class of the share of all reported activity, {stream}, rounds {a} → {b}"),
    N_(
        "regions.heat_title.breadth",
        "Progress class of the number of countries taking part, {stream}, rounds {a} → {b}",
    ),
    N_("basis.label", "Read the cells by"),
    N_("basis.count", "Count of reported activity"),
    N_("basis.share", "Share of all activity"),
    N_("basis.breadth", "Countries taking part"),
    N_(
        "basis.help",
        "Count: more or less activity than in the round before. Share: the geography's part of all "
        "activity worldwide, so a region that grew less than the world reads as falling back. "
        "Countries: how many of its countries reported anything, round against round. Compare them "
        "before drawing a conclusion.",
    ),
    N_(
        "regions.heat_caption",
        "Hover a cell for its two counts and confidence. Grey cells are explained only by "
        "reporting artefacts: not interpretable as a change in implementation.",
    ),
    N_("regions.map_heading", "Map"),
    N_("regions.measure", "Measure"),
    N_("regions.measure.count_to", "Units in round {b}"),
    N_("regions.measure.count_from", "Units in round {a}"),
    N_("regions.measure.class", "Progress class, rounds {a} → {b}"),
    N_("regions.map_objective", "Objective for the class map"),
    N_("regions.map_title_count", "Reported units per country in round {r}, {stream}"),
    N_("regions.map_title_class", "Progress class per country, {objective}, rounds {a} → {b}"),
    N_(
        "regions.map_caption",
        "Activity marked `Global` counts only at the world level and does not appear on the map. "
        "Boundaries are shown as Plotly draws them and imply no position on any territory; the "
        "table holds the same figures.",
    ),
    N_("regions.coverage_heading", "Coverage: which streams report anything"),
    N_("regions.coverage_round", "Round"),
    N_(
        "regions.coverage_title.subregion",
        "Streams with any reported activity, round {r}, per objective and sub-region",
    ),
    N_(
        "regions.coverage_title.commission",
        "Streams with any reported activity, round {r}, per objective and regional commission",
    ),
    N_(
        "regions.coverage_caption",
        "0 means no reported activity in any stream: a gap in reporting, not evidence of regression in implementation.",
    ),
    # --- funding beside activity (MPTF budgets) and published totals for scale
    N_("funding.heading", "MPTF joint programmes: USD approved per round"),
    N_("funding.title", "USD approved per review round, MPTF joint programmes"),
    N_("funding.title_geo", "USD approved per {level} and review round, MPTF joint programmes"),
    N_("funding.stated", "Programmes with a stated budget: **{k} of {n}**. The sums hold the stated budgets only."),
    N_("funding.undated", "Programmes that state no date (no round holds them, so no bar counts them): {n}."),
    N_(
        "funding.caption",
        "Full counting: a programme's whole budget counts in each of its objectives and countries, "
        "so rows do not add up to a total. Budgets are approved amounts in US dollars as the sources "
        "state them; they are shown beside the programme counts and never turned into a progress class.",
    ),
    N_("funding.none", "No MPTF joint programme in this view."),
    N_("funding.no_round", "None of the MPTF joint programmes in this view states a date: no round holds them."),
    N_("funding.none_stated", "no budget stated"),
    N_("funding.all_objectives", "All objectives (each programme once)"),
    N_("funding.usd_million", "USD {amount} million"),
    N_("funding.bar_note", "{k} of {n} programmes state a budget"),
    N_("funding.axis_usd", "USD million approved"),
    N_("funding.areas_heading", "MPTF joint programmes by thematic area"),
    N_("funding.areas_title", "USD approved per review round and MPTF thematic area"),
    N_("funding.area_label", "Area {n}"),
    N_("funding.area_not_stated", "Thematic area not stated"),
    N_(
        "funding.areas_caption",
        "Each programme counts once, in the thematic area it states itself (not the areas of its "
        "objectives), so here the rows of a round add up; “Thematic area not stated” holds the "
        "programmes whose sources name none.",
    ),
    N_("col.programmes", "Programmes"),
    N_("col.programmes_with_budget", "With a stated budget"),
    N_("col.budget_usd", "USD approved (stated budgets)"),
    N_("col.thematic_area", "Thematic area"),
    N_("scale.heading", "Published totals, for scale"),
    N_("scale.line", "**{found}** of **{total}** {stream} found"),
    N_("scale.line_approx", "**{found}** of some **{total}** {stream} found"),
    N_("scale.source", "{metric}, as of {as_of} ([source]({url}))"),
    N_(
        "scale.caption",
        "Totals as their publishers stated them, not computed here. The collection holds the "
        "records found on public pages one by one: the difference is what was not found, not "
        "activity that did not happen.",
    ),
    N_(
        "scale.synthetic",
        "The demo's published totals are synthetic, generated with its records: they show how the "
        "comparison reads, not real figures.",
    ),
    N_("scale.all_totals", "Every published total of a whole stream, with its source"),
    N_("col.published_count", "Published count"),
    N_("col.is_approximate", "Approximate"),
    # --- extracts
    N_("extracts.view", "Rows"),
    N_("extracts.view.activities", "Activities"),
    N_("extracts.view.progress", "Progress cells (with components)"),
    N_("extracts.view.coverage", "Coverage"),
    N_("extracts.summary_heading", "**This extract holds:**"),
    N_("extracts.line.dataset", "Dataset: {title} (`{name}`)"),
    N_("extracts.line.view", "Rows: {view}"),
    N_("extracts.line.rounds", "Review rounds {a} → {b}"),
    N_("extracts.line.stream", "Stream: {stream}"),
    N_("extracts.line.objectives", "Objectives: {objectives}"),
    N_("extracts.line.geos", "Geography: {geos}"),
    N_("extracts.line.level", "Regional level: {level}"),
    N_("extracts.line.principle", "Guiding principle: {name}"),
    N_("extracts.row_count", "Rows in this extract"),
    N_(
        "extracts.rows_are_not_records",
        "{rows} rows: {records} records × their objectives and countries (a record with two "
        "countries and three objectives is six rows). The file of one row per record follows the "
        "table.",
    ),
    N_(
        "extracts.per_record_heading",
        "**One row per record** (objectives and countries joined by `;`, as the Migration Network Hub exports them):",
    ),
    N_("table.first_rows", "The first {shown:,} of {total:,} rows; the download buttons below give all {total:,}."),
    N_("extracts.whole_heading", "The whole dataset"),
    N_(
        "extracts.whole_caption", "Every table as CSV with a datapackage.json and a README (Frictionless data package)."
    ),
    # --- method
    N_("method.words_heading", "The method in words"),
    # TRANSLATORS: {path} is the document's file in the repository (docs/METHOD.fr.md); the expander shows it.
    N_("method.document", "The method in full: {path}"),
    N_(
        "method.document_english",
        "This document has no translation into this language yet; it is shown in English ({path}).",
    ),
    N_("method.example_heading", "Worked example."),
    N_(
        "method.example",
        "A country reports {n_from} records in round r−1 (window open {t_from} years) and {n_to} "
        "in round r ({t_to} years). RR = (({n_to} + {c}) / {t_to}) / (({n_from} + {c}) / {t_from}) "
        "= {rr}, score = {score}: {cls}. The one-sided binomial p-value is {p} against α = "
        "{alpha}, so the class is {confidence}.",
    ),
    N_("method.thresholds_heading", "Thresholds of this build"),
    N_("col.threshold", "Setting"),
    N_("col.setting_value", "Value"),
    N_("col.meaning", "Meaning"),
    N_("col.kind", "Kind of name"),
    N_("col.id", "Identifier"),
    N_("col.text", "Name in this language"),
    N_("col.english", "English name"),
    N_("threshold.moderate", "Score at which a change counts as moderate (either direction)."),
    N_("threshold.substantial", "Score at which a change counts as substantial."),
    N_("threshold.n_min", "Fewest records in the two rounds together for a class."),
    N_("threshold.alpha", "Significance level of the binomial test for a robust class."),
    N_("threshold.continuity", "Added to each count so that zeros can be compared."),
    N_("threshold.robust_stagnation_n", "Records needed for stagnation to be robust."),
    N_("threshold.score_cap", "Largest absolute score (a doubling of the rate gives the cap)."),
    N_(
        "threshold.short_window_years",
        "A round shorter than this (rate streams) is a short window: never robust, never in the all-streams mean.",
    ),
    N_(
        "threshold.exposure_model",
        "rate: compared per year of the round's window; per_round: one review cycle per closed round (T = 1).",
    ),
    N_("threshold.round_close", "When a round closes for a per_round stream (the review_rounds date)."),
    N_("threshold.mechanism_start", "First day a stream existed (its exposure starts there)."),
    N_("method.components_heading", "Components of the cells in the current view"),
    NP_(
        "method.components_caption",
        "{n:,} cell for the current filters: counts, exposures, rate ratio, score, class, "
        "confidence, p-value and labels, as stored in progress_cells.",
        "{n:,} cells for the current filters: counts, exposures, rate ratio, score, class, "
        "confidence, p-value and labels, as stored in progress_cells.",
    ),
    N_("method.sources_heading", "Sources"),
    N_("method.cited_heading", "Public pages cited by the records"),
    N_("method.validation_heading", "Validation report"),
    N_("method.validation_none", "The last build raised no warnings."),
    N_("method.unofficial_heading", "Names in this language"),
    N_(
        "method.unofficial_none",
        "Every name on these pages is an official one (UNSD M49, the Migration Network Hub, the regional commissions).",
    ),
    NP_(
        "method.unofficial_text",
        "{n:,} name shown in this language is an **unofficial translation** by the project: no official "
        "name was found (UNSD M49, the Migration Network Hub, the commissions). The data dictionary "
        "marks it `official = false`.",
        "{n:,} names shown in this language are **unofficial translations** by the project: no official "
        "name was found (UNSD M49, the Migration Network Hub, the commissions). The data dictionary "
        "marks them `official = false`.",
    ),
    N_("method.unofficial_list", "The unofficial translations"),
    N_("method.build_heading", "Build information"),
    # --- downloads (the zip's README.md and metadata.json follow the view's language)
    NP_("download.csv", "Download CSV ({n:,} row)", "Download CSV ({n:,} rows)"),
    NP_("download.zip", "CSV with metadata (zip, {n:,} row)", "CSV with metadata (zip, {n:,} rows)"),
    N_("download.dataset", "Whole dataset (data package zip)"),
    N_("readme.title", "GCM Progress Dashboard: data extract ({title})"),
    N_(
        "readme.synthetic",
        "SYNTHETIC DATA: every record was generated by etl.demo for demonstration. These are not real "
        "GCM figures; do not cite or compare them with real data.",
    ),
    N_("readme.intro", "This zip holds the rows of one dashboard view:"),
    NP_("readme.data_csv", "`data.csv`: {n:,} row; columns {columns}.", "`data.csv`: {n:,} rows; columns {columns}."),
    N_(
        "readme.metadata_json",
        "`metadata.json`: dataset, filters, data cut-off, method version and thresholds, checksums, sources.",
    ),
    N_("readme.filters", "Filters"),
    N_("readme.no_filters", "None: every row of the view."),
    N_("readme.data", "Data"),
    N_(
        "readme.data_text",
        "Dataset `{dataset}`, data cut-off {cutoff}, method version {method}, schema version {schema}, "
        "input checksum (sha256) `{checksum}`.",
    ),
    N_(
        "readme.csv_text",
        "The CSV is UTF-8 with a header row; empty cells are missing values. A text cell that begins "
        "with `=`, `+`, `-`, `@`, a tab or a carriage return starts with an added `'`, so a spreadsheet "
        "shows it as text.",
    ),
    N_("readme.columns", "Columns"),
    N_("readme.columns_text", "Column names are stable English identifiers; their headings in this language:"),
    N_("readme.licence", "Licence"),
    N_("readme.licence_none", "Not stated."),
    N_("readme.cite", "How to cite"),
    N_("readme.view", "View"),
    N_("readme.no_url", "(no URL)"),
    N_("readme.warning_other", "The same warning in the other UN languages:"),
    N_(
        "citation.synthetic",
        "Synthetic demo data: not citable as GCM figures. Cite the dashboard built on a real dataset instead.",
    ),
    N_(
        "citation.text",
        "GCM Progress Dashboard: {title} (dataset '{dataset}', data cut-off {cutoff}, method version {method}).",
    ),
    # --- the whole-database data package (etl/datapackage.py writes it with these words)
    N_("datapackage.title", "GCM Progress Dashboard: {title}"),
    N_("datapackage.title_synthetic", "GCM Progress Dashboard (SYNTHETIC): {title}"),
    N_("datapackage.synthetic_note", "SYNTHETIC demo data generated by etl.demo: not real GCM figures."),
    N_(
        "datapackage.intro",
        "A [Frictionless Data Package](https://datapackage.org/): `datapackage.json` describes every table (types, "
        "required columns, allowed values, keys); `data/<table>.csv` holds its rows ordered by primary key; "
        "`DATA_DICTIONARY.md` is the same schema in words (in English, as are the table descriptions below). Check "
        "it with `frictionless validate datapackage.json`.",
    ),
    N_(
        "datapackage.csv_text",
        "CSV files are UTF-8 with a header row; an empty cell is a missing value, booleans are `true`/`false`. Table "
        "and column names are stable English identifiers. A text cell that begins with `=`, `+`, `-`, `@`, a tab or "
        "a carriage return starts with an added `'`, so that a spreadsheet shows it as text instead of running it as "
        "a formula.",
    ),
    N_("datapackage.tables", "Tables"),
    # TRANSLATORS: the header row of a Markdown table: keep the four | and translate the three words.
    N_("datapackage.tables_header", "| table | rows | description |"),
    N_("readme.filter.dataset", "Dataset"),
    N_("readme.filter.rounds", "Rounds"),
    N_("readme.filter.stream", "Stream"),
    N_("readme.filter.objectives", "Objectives"),
    N_("readme.filter.geographies", "Geographies"),
    N_("readme.filter.level", "Level"),
    N_("readme.filter.principle", "Principle"),
)

# Counted strings: key -> (English singular, English plural); the catalogues hold one form per CLDR plural category.
PLURALS: dict[str, tuple[str, str]] = {key: text for key, text in _ENTRIES if isinstance(text, tuple)}
# Every key's English text (a counted string shows its plural, the form callers saw before plurals existed).
STRINGS: dict[str, str] = {key: text[1] if isinstance(text, tuple) else text for key, text in _ENTRIES}
