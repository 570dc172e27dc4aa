"""Filter state: parsed from and written back to st.query_params, kept in session_state across page switches."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import streamlit as st

from dashboard import i18n
from dashboard.i18n import t
from etl import schema, versions

# `lang`: the view's language; `cat`: pledging entity category; `record`: one record's detail view.
KEYS = ("ds", "rounds", "stream", "obj", "geo", "lvl", "gp", "cat", "record", "v", "lang")
STREAM_CHOICES: tuple[str, ...] = (schema.COMPOSITE_STREAM, *schema.STREAMS)
LEVELS = ("subregion", "commission")
N_OBJECTIVES = 23
N_PRINCIPLES = 10
MAX_GEOS = 5
ENTITY_CATEGORIES: tuple[str, ...] = next(
    c.allowed for t in schema.TABLES if t.name == "pledges" for c in t.columns if c.name == "entity_category"
)
MAX_VALUE_CHARS = 80  # longer link values are junk, not a geography name
MAX_VALUES = 30
# A record's own link: `?record=<stream>:<record id>`, the activity_id of etl/activities.py.
_RECORD = re.compile(r"^([a-z_]{1,30}):([^\s]{1,60})$")
_DATASET_NAME = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_PAIR = re.compile(r"^(\d{1,2})-(\d{1,2})$")
_STATE = "_filters"
_WRITTEN = "_filters_written"
_NOTICE = "_filters_notice"
_LINK_VERSION = "_link_version"


def data_version(info: dict) -> str:
    """The data and method version a link carries (`v=`): method version and the start of the input checksum."""
    return versions.version_id(str(info.get("method_version", "?")), str(info.get("input_checksum", "")))


@dataclass(frozen=True)
class Filters:
    """The view every page reads: dataset, round pair, stream, objectives, geographies, level, principle."""

    dataset: str
    rounds: tuple[int, int] | None
    stream: str = schema.COMPOSITE_STREAM
    objectives: tuple[int, ...] = ()
    geos: tuple[str, ...] = ()
    level: str = "subregion"
    principle: int | None = None
    category: str | None = None  # pledging entity category (pledges only): the pledge lists and follow-up counts
    record: str | None = None  # the record a detail view shows (Records page)

    def to_params(self) -> dict[str, list[str]]:
        """The URL form: short stable keys, lists as repeated keys."""
        out = {"ds": [self.dataset], "stream": [self.stream], "lvl": [self.level]}
        if self.rounds:
            out["rounds"] = [f"{self.rounds[0]}-{self.rounds[1]}"]
        if self.objectives:
            out["obj"] = [str(o) for o in self.objectives]
        if self.geos:
            out["geo"] = list(self.geos)
        if self.principle is not None:
            out["gp"] = [str(self.principle)]
        if self.category is not None:
            out["cat"] = [self.category]
        if self.record is not None:
            out["record"] = [self.record]
        return {k: out[k] for k in KEYS if k in out}

    def name_parts(self) -> list[str]:
        """Filter slugs for download file names, e.g. ["pledges", "obj5", "KEN", "r1-2"]."""
        parts = [self.stream]
        if self.objectives:
            parts.append("obj" + "-".join(str(o) for o in self.objectives[:6]))
        parts += [re.sub(r"[^A-Za-z0-9]+", "", g)[:20] for g in self.geos]
        if self.principle is not None:
            parts.append(f"gp{self.principle}")
        if self.rounds:
            parts.append(f"r{self.rounds[0]}-{self.rounds[1]}")
        return parts

    def as_dict(self) -> dict:
        """Plain values for download metadata."""
        return {
            "dataset": self.dataset,
            "rounds": list(self.rounds) if self.rounds else None,
            "stream": self.stream,
            "objectives": list(self.objectives),
            "geographies": list(self.geos),
            "level": self.level,
            "principle": self.principle,
        }


@dataclass(frozen=True)
class Choices:
    """What a database offers: valid values and defaults for every filter."""

    datasets: tuple[str, ...]
    default_dataset: str
    round_pairs: tuple[tuple[int, int], ...] = ()
    default_pair: tuple[int, int] | None = None
    geos: frozenset[str] = field(default_factory=frozenset)
    open_pairs: frozenset[tuple[int, int]] = field(default_factory=frozenset)  # the later round is still open


def defaults(dataset: str, choices: Choices) -> Filters:
    return Filters(dataset=dataset, rounds=choices.default_pair)


def _values(raw: dict[str, list[str]], key: str) -> list[str] | None:
    """The values of a key, or None when they are too many or too long to be anything but junk."""
    values = [v.strip() for v in raw.get(key, []) if v is not None]
    if len(values) > MAX_VALUES or any(len(v) > MAX_VALUE_CHARS for v in values):
        return None
    return values


def parse_dataset(raw: dict[str, list[str]], choices: Choices) -> tuple[str, list[str]]:
    """The dataset named in the link, else the default; the second item lists keys that were rejected."""
    values = _values(raw, "ds")
    if values is None:
        return choices.default_dataset, ["ds"]
    if not values:
        return choices.default_dataset, []
    name = values[-1]
    if _DATASET_NAME.match(name) and name in choices.datasets:
        return name, []
    return choices.default_dataset, ["ds"]


def _split(values: list[str]) -> list[str]:
    return [part.strip() for v in values for part in v.split(",") if part.strip()]


_INVALID = object()  # what a reader returns for a value it refuses


def _round_pair(values: list[str], choices: Choices):
    match = _PAIR.match(values[-1])
    pair = (int(match.group(1)), int(match.group(2))) if match else None
    return pair if pair in choices.round_pairs else _INVALID


def _stream(values: list[str], choices: Choices):
    return values[-1] if values[-1] in STREAM_CHOICES else _INVALID


def _number(text: str) -> bool:
    """ASCII digits only: "²".isdigit() is True, but int("²") raises."""
    return text.isascii() and text.isdigit()


def _objectives(values: list[str], choices: Choices):
    parts = _split(values)
    if parts and all(_number(p) and 1 <= int(p) <= N_OBJECTIVES for p in parts):
        return tuple(sorted({int(p) for p in parts}))
    return _INVALID


def _geos(values: list[str], choices: Choices):
    # Sub-region names contain no comma, so a comma list splits safely.
    parts = list(dict.fromkeys(_split(values)))
    if parts and len(parts) <= MAX_GEOS and all(p in choices.geos for p in parts):
        return tuple(parts)
    return _INVALID


def _level(values: list[str], choices: Choices):
    return values[-1] if values[-1] in LEVELS else _INVALID


def _principle(values: list[str], choices: Choices):
    value = values[-1]
    return int(value) if _number(value) and 1 <= int(value) <= N_PRINCIPLES else _INVALID


def _category(values: list[str], choices: Choices):
    return values[-1] if values[-1] in ENTITY_CATEGORIES else _INVALID


def _record(values: list[str], choices: Choices):
    match = _RECORD.match(values[-1])
    return values[-1] if match and match.group(1) in schema.STREAMS else _INVALID


# Link key -> Filters field -> reader of the key's values (the last one wins where one value is meant).
READERS: tuple[tuple[str, str, Callable[[list[str], Choices], object]], ...] = (
    ("rounds", "rounds", _round_pair),
    ("stream", "stream", _stream),
    ("obj", "objectives", _objectives),
    ("geo", "geos", _geos),
    ("lvl", "level", _level),
    ("gp", "principle", _principle),
    ("cat", "category", _category),
    ("record", "record", _record),
)


def parse(raw: dict[str, list[str]], dataset: str, choices: Choices) -> tuple[Filters, list[str]]:
    """Filters from link values for a dataset; invalid values fall back to defaults and their keys are listed."""
    bad: list[str] = []
    updates: dict = {}
    for key, field_name, read in READERS:
        values = _values(raw, key)
        if values is None:  # too many or too long: junk
            bad.append(key)
        elif values:
            value = read(values, choices)
            if value is _INVALID:
                bad.append(key)
            else:
                updates[field_name] = value
    return replace(defaults(dataset, choices), **updates), bad


def revalidate(filters: Filters, choices: Choices) -> Filters:
    """Keep the state valid after a dataset switch: values the new database lacks fall back to defaults."""
    updates: dict = {}
    if filters.rounds not in choices.round_pairs:
        updates["rounds"] = choices.default_pair
    geos = tuple(g for g in filters.geos if g in choices.geos)
    if geos != filters.geos:
        updates["geos"] = geos
    return replace(filters, **updates) if updates else filters


# ---------------------------------------------------------------- session and URL


def _raw_params() -> dict[str, list[str]]:
    return {k: v for k in KEYS if (v := st.query_params.get_all(k))}


def resolve_dataset(choices: Choices) -> str:
    """The dataset of this run: from a new link when one arrived, else from the session."""
    raw = _raw_params()
    state: Filters | None = st.session_state.get(_STATE)
    if state is None or (raw and raw != st.session_state.get(_WRITTEN)):
        dataset, bad = parse_dataset(raw, choices)
        st.session_state["_pending_bad"] = bad
        return dataset
    return state.dataset if state.dataset in choices.datasets else choices.default_dataset


def resolve(dataset: str, choices: Choices) -> Filters:
    """This run's filters. A link that differs from what we last wrote is adopted (first load, edited URL);
    otherwise the session state wins, since navigating between pages clears the query parameters."""
    raw = _raw_params()
    state: Filters | None = st.session_state.get(_STATE)
    if state is None or (raw and raw != st.session_state.get(_WRITTEN)):
        filters, bad = parse(raw, dataset, choices)
        bad = st.session_state.pop("_pending_bad", []) + bad
        st.session_state[_NOTICE] = bad
        version = (_values(raw, "v") or [None])[-1]
        st.session_state[_LINK_VERSION] = version
    else:
        filters = revalidate(replace(state, dataset=dataset), choices)
        st.session_state[_NOTICE] = []
        st.session_state[_LINK_VERSION] = None
    st.session_state[_STATE] = filters
    return filters


def current() -> Filters:
    return st.session_state[_STATE]


def update(**changes) -> None:
    """Change the filter state (widget callbacks)."""
    st.session_state[_STATE] = replace(st.session_state[_STATE], **changes)


_PIN = "_pinned_version"


def pinned_version(dataset: str) -> str | None:
    """The data version a link asked for (`v=`), kept for this session until "Show the latest data"; read before
    the database is opened, since the version chooses the file."""
    raw = _raw_params()
    if raw and raw != st.session_state.get(_WRITTEN):  # a link arrived (first load or an edited address)
        asked = (_values(raw, "v") or [None])[-1]
        st.session_state[_PIN] = (dataset, asked) if asked else None
    pin = st.session_state.get(_PIN)
    return pin[1] if pin and pin[0] == dataset else None


def unpin() -> None:
    st.session_state[_PIN] = None


def link_version() -> str | None:
    """The data version named by a link opened in this run (None when no link arrived or it named none)."""
    return st.session_state.get(_LINK_VERSION)


def url_params(filters: Filters, version: str | None = None) -> dict[str, list[str]]:
    """The link of a view: its filters, the data version and the session's language."""
    return filters.to_params() | ({"v": [version]} if version else {}) | {i18n.URL_KEY: [i18n.current_language()]}


def write_url(filters: Filters, version: str | None = None) -> None:
    """Re-apply the filters, the data version and the language to the URL on every run: they survive page
    switches and the address bar always holds a link to the current view."""
    params = url_params(filters, version)
    if _raw_params() != params:
        st.query_params.from_dict(params)
    st.session_state[_WRITTEN] = params


def apply(ctx, **changes) -> Filters:
    """Change the filters in the middle of a run: state, URL and the run's context agree again."""
    update(**changes)
    ctx.filters = current()
    write_url(ctx.filters, data_version(ctx.info))
    return ctx.filters


def _switch_language(widget_key: str) -> None:
    code = i18n.set_language(st.session_state[widget_key])
    st.query_params[i18n.URL_KEY] = code  # the URL's `lang` wins at the next run's init_language


def language_switch() -> None:
    """The sidebar's language switch, each language in its own name (the pseudo-locale only while it is on)."""
    lang = i18n.current_language()
    options = list(i18n.LANGUAGES) + ([lang] if lang not in i18n.LANGUAGES else [])
    st.session_state["w_lang"] = lang
    st.sidebar.selectbox(
        t("display.language"),
        options,
        key="w_lang",
        format_func=lambda code: i18n.LANGUAGES[code].name if code in i18n.LANGUAGES else code,
        on_change=_switch_language,
        args=("w_lang",),
    )


def notice_keys() -> list[str]:
    return st.session_state.get(_NOTICE, [])


# ---------------------------------------------------------------- widgets bound to the state


def _commit(field_name: str, widget_key: str, convert: Callable) -> None:
    update(**{field_name: convert(st.session_state[widget_key])})


BOUND_KEYS: set[str] = set()  # the widgets that mirror a filter: their values are the filters' (ui/replay.py)


def bound(widget, field_name: str, widget_key: str, value, *, convert: Callable = lambda v: v, **kwargs):
    """Render a widget whose value mirrors one filter; its changes go back to the state through a callback.

    Setting the widget's session value before it renders makes every copy of a filter (sidebar, page) agree.
    """
    BOUND_KEYS.add(widget_key)
    st.session_state[widget_key] = value
    return widget(key=widget_key, on_change=_commit, args=(field_name, widget_key, convert), **kwargs)


def reset(choices: Choices) -> None:
    """Back to the defaults of the current dataset."""
    st.session_state[_STATE] = defaults(current().dataset, choices)


def sidebar(
    filters: Filters,
    choices: Choices,
    *,
    objective_label: Callable[[int], str],
    geo_label: Callable[[str], str],
    geo_options: list[str],
    round_label: Callable[[str], str],
) -> None:
    """Dataset, rounds, stream, objective, geography (in that order), then "reset filters"."""
    with st.sidebar:
        st.markdown(f"**{t('filters.heading')}**")
        bound(
            st.selectbox,
            "dataset",
            "w_ds",
            filters.dataset,
            label=t("filters.dataset"),
            options=list(choices.datasets),
            help=t("filters.dataset_help"),
        )
        pairs = [f"{a}-{b}" for a, b in choices.round_pairs]
        if pairs:
            bound(
                st.selectbox,
                "rounds",
                "w_rounds",
                f"{filters.rounds[0]}-{filters.rounds[1]}",
                convert=lambda v: tuple(int(x) for x in v.split("-")),
                label=t("filters.rounds"),
                options=pairs,
                format_func=round_label,
                help=t("filters.rounds_help"),
            )
        bound(
            st.selectbox,
            "stream",
            "w_stream",
            filters.stream,
            label=t("filters.stream"),
            options=list(STREAM_CHOICES),
            format_func=lambda s: t(f"stream.{s}"),
            help=t("filters.stream_help"),
        )
        bound(
            st.multiselect,
            "objectives",
            "w_obj",
            list(filters.objectives),
            convert=lambda v: tuple(sorted(v)),
            label=t("filters.objectives"),
            options=list(range(1, N_OBJECTIVES + 1)),
            format_func=objective_label,
            placeholder=t("filters.objectives_all"),
        )
        bound(
            st.multiselect,
            "geos",
            "w_geo",
            list(filters.geos),
            convert=tuple,
            label=t("filters.geos"),
            options=geo_options,
            format_func=geo_label,
            max_selections=MAX_GEOS,
            placeholder=t("filters.geos_all"),
            help=t("filters.geos_help"),
        )
        st.button(
            t("filters.reset"),
            on_click=reset,
            args=(choices,),
            key="w_reset",
            type="tertiary",
            icon=":material/restart_alt:",
        )
