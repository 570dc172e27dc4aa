"""Entry point and picture frame: page config, navigation, sidebar filters, banner, footer; then the page runs."""

import sys
from pathlib import Path

# `streamlit run dashboard/app.py` puts dashboard/ on sys.path, not the repository root that holds `etl`.
ROOT = str(Path(__file__).resolve().parent.parent)
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

import streamlit as st  # noqa: E402

from dashboard import context, db, filters, i18n, navigation, queries  # noqa: E402
from dashboard.i18n import t  # noqa: E402
from dashboard.ui import icon_check, page_frame  # noqa: E402

icon_check.install()

# The language first: the page title is already in it. From the URL's `lang`, the session, the browser, English.
i18n.init_language()
# An emoji favicon is drawn in the page; a ":material/…:" one is fetched from fonts.gstatic.com by every visitor.
st.set_page_config(page_title=t("app.title"), page_icon="🌍", layout="wide", initial_sidebar_state="auto")


def _choices(datasets: list[str], database: db.Database | None = None) -> filters.Choices:
    if database is None:
        return filters.Choices(datasets=tuple(datasets), default_dataset=db.default_dataset())
    return _database_choices(tuple(datasets), database.path, database.mtime, _database=database)


# Once per data version (and list of datasets): the round pairs, defaults and geographies every run validates the
# link against.
@st.cache_resource(max_entries=32, show_spinner=False)
def _database_choices(datasets: tuple, path: str, mtime: float, _database: db.Database) -> filters.Choices:
    database = _database
    pairs = db.run(database, queries.round_pairs)
    round_pairs = tuple((int(a), int(b)) for a, b in zip(pairs["round_from"], pairs["round_to"], strict=True))
    with_data = pairs[pairs["n_to"] > 0]
    closed = with_data[~with_data["to_is_open"].astype(bool)]
    # The default view is the latest round pair with reported activity in its later round; a closed round is
    # preferred, since an open round's counts are still arriving and would read as regression.
    latest = next((f.iloc[-1] for f in (closed, with_data, pairs) if len(f)), None)
    default_pair = (int(latest["round_from"]), int(latest["round_to"])) if latest is not None else None
    geos = frozenset(db.run(database, queries.geographies)["geo_id"])
    open_pairs = frozenset(
        (int(a), int(b))
        for a, b, o in zip(pairs["round_from"], pairs["round_to"], pairs["to_is_open"], strict=True)
        if o
    )
    return filters.Choices(tuple(datasets), db.default_dataset(), round_pairs, default_pair, geos, open_pairs)


def main() -> None:
    page_frame.page_css()  # first: a warning below already reads right to left in Arabic
    datasets = db.available_datasets()
    dataset = filters.resolve_dataset(_choices(datasets))
    database = db.open_database(dataset, filters.pinned_version(dataset))
    if database is None and dataset != db.default_dataset():
        st.warning(t("db.fallback", dataset=dataset, default=db.default_dataset()))
        dataset = db.default_dataset()
        database = db.open_database(dataset)
    if database is None:
        st.stop()
    choices = _choices(datasets, database)
    current = filters.resolve(dataset, choices)
    info = db.build_info(database)
    version = filters.data_version(info)
    filters.write_url(current, version)

    pages = {
        p.key: st.Page(p.script, title=t(f"page.{p.key}"), icon=p.icon, url_path=p.url_path, default=i == 0)
        for i, p in enumerate(navigation.PAGES)
    }
    page = st.navigation(list(pages.values()), position="top")

    ctx = context.Context(
        database=database,
        filters=current,
        choices=choices,
        info=info,
        objectives=db.run(database, queries.objectives),
        geographies=db.run(database, queries.geographies),
        pages=pages,
        names=db.names(database),
    )
    context.set_current(ctx)

    def round_label(value: str) -> str:
        a, b = (int(v) for v in value.split("-"))
        return t("rounds.pair_open" if (a, b) in choices.open_pairs else "rounds.pair", a=a, b=b)

    filters.language_switch()
    filters.sidebar(
        current,
        choices,
        objective_label=ctx.objective_label,
        geo_label=ctx.geo_label,
        geo_options=ctx.geo_options(),
        round_label=round_label,
    )
    with st.sidebar:
        st.divider()
        st.segmented_control(
            t("display.image_format"),
            ["svg", "png"],
            key="image_format",
            default="svg",
            format_func=str.upper,
            help=t("display.image_format_help"),
            required=True,
        )

    st.caption(t("app.title"))
    st.title(page.title)
    page_frame.banner(ctx)
    page_frame.link_notice(filters.notice_keys())
    page_frame.version_notice(ctx, filters.link_version(), version)
    page_frame.filter_sentence(ctx)
    page_frame.share_link(ctx, page.url_path)
    page.run()
    sources = db.run(database, queries.sources)
    page_frame.footer(ctx, int((sources["source_id"] != "dataset").sum()))


main()
