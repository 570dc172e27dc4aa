"""Panels drawn once per (data version, language, view, widget state) and replayed from Streamlit's cache."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from dashboard import filters
from dashboard.context import Context
from dashboard.i18n import current_language

T = TypeVar("T")

# Off switch for a comparison run (tests.snapshot_views, benchmarks.pages): every panel drawn anew on every run.
DISABLED = os.environ.get("GCM_NO_REPLAY") == "1"
# Session state a panel may read besides the filters: its page's widgets ("w_" keys) and the image format. Keyed
# in whole, so no panel can be replayed for a widget value it was not drawn with. Left out: buttons (a click
# reruns with other filters, or draws nothing a panel reads) and the widgets that mirror a filter (the filters are
# in the key); a widget placed after a panel would otherwise give a view's first run and its reruns two keys.
_STATE_PREFIXES = ("w_", "image_format")
_BUTTONS = ("-csv", "-zip", "w_brief", "w_reset", "w_record_close")


def _widget_state() -> tuple:
    state = st.session_state.to_dict()  # one copy: each st.session_state[key] would resolve the widget again
    return tuple(
        sorted(
            (k, repr(v))
            for k, v in state.items()
            if isinstance(k, str)
            and k.startswith(_STATE_PREFIXES)
            and not k.endswith(_BUTTONS)
            and k not in filters.BOUND_KEYS
        )
    )


def _page() -> str:
    run = get_script_run_ctx()
    return run.page_script_hash if run else ""


# A resource cache keeps each panel's element messages once per process (no pickling); Streamlit replays them on a
# hit instead of running the panel: building, validating and serialising a Plotly figure, a table's sentences and
# its Arrow bytes cost 5-60 ms per panel per run (docs/BENCHMARKS.md, "Where a page's server time goes"). Bounded:
# an entry is a view's few protocol messages (a figure's JSON, a table's first rows), up to about 1 MB.
# Its one argument is a digest of the panel's whole key: Streamlit's own hashing of seven arguments, the widget
# state a tuple of tuples, cost more than the replay itself.
@st.cache_resource(max_entries=256, show_spinner=False)
def _drawn(digest: str, _draw: Callable):
    return _draw()


def panel(ctx: Context, key: str, draw: Callable[[], T]) -> T:
    """Run `draw` (elements only, no widgets: Streamlit cannot replay a widget) the first time this view is seen
    in this process, and replay its elements and return its value every later time. `key` names the panel on its
    page; what `draw` reads must follow from the database, the language, the filters and the page's widgets."""
    if DISABLED:
        return draw()
    # The run's filters written once for its panels, again if filters.apply changed them in the middle of the run.
    written = ctx.memo.get("view")
    if written is None or written[0] is not ctx.filters:
        written = ctx.memo["view"] = (ctx.filters, repr(ctx.filters))
    db = ctx.database
    whole = repr((db.path, db.mtime, current_language(), _page(), written[1], key, _widget_state()))
    return _drawn(hashlib.blake2b(whole.encode(), digest_size=20).hexdigest(), _draw=draw)
