"""Panels replayed from the cache show exactly what drawing them shows, and are drawn anew when the view changes."""

import os
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from google.protobuf.json_format import MessageToDict
from streamlit.testing.v1 import AppTest

from dashboard import charts, navigation
from dashboard.ui import replay
from tests.snapshot_views import VOLATILE

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture()
def app(databases, monkeypatch):
    def make(path=None) -> AppTest:
        monkeypatch.setenv("GCM_DB_PATH", str(path or databases / "demo.duckdb"))
        monkeypatch.setenv("GCM_DATASET", "demo")
        return AppTest.from_file(APP, default_timeout=60)

    return make


def shown(at: AppTest) -> list[dict]:
    """Every element's protocol message in page order, without the fields that name a run."""
    assert not at.exception, [e.value for e in at.exception]
    out = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            message = MessageToDict(proto, preserving_proto_field_name=True)
            out.append({"type": node.type, **{k: v for k, v in sorted(message.items()) if k not in VOLATILE}})
        for index in sorted(getattr(node, "children", None) or {}):
            walk(node.children[index])

    walk(at._tree)
    return out


def views(at: AppTest, page: str, params: dict) -> tuple[list[dict], list[dict]]:
    """A page's first run and its rerun in one session."""
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    first = shown(at)
    at.switch_page(page)
    at.run()
    return first, shown(at)


@pytest.mark.parametrize("page", navigation.SCRIPTS)
def test_replayed_page_equals_drawn_page(app, monkeypatch, page):
    params = {"geo": "KEN", "obj": "5"}
    replay._drawn.clear()
    monkeypatch.setattr(replay, "DISABLED", True)
    drawn = views(app(), page, params)
    monkeypatch.setattr(replay, "DISABLED", False)
    views(app(), page, params)  # fills the cache
    replayed = views(app(), page, params)  # a new session: every panel comes from the cache
    assert replayed == drawn
    assert len(drawn[1]) > 20  # a whole page, not an error line


def _heat_table_csv(at: AppTest) -> str:
    return at.dataframe[0].value.to_csv(index=False)


def test_a_widget_change_draws_the_panel_anew_and_back_replays(app):
    replay._drawn.clear()
    at = app()
    at.switch_page("app_pages/regions.py")
    at.run()
    counts = _heat_table_csv(at)
    at.segmented_control(key="w_reg_basis").set_value("share").run()
    shares = _heat_table_csv(at)
    assert shares != counts  # the basis is part of the panel's key, not replayed from the count view
    at.segmented_control(key="w_reg_basis").set_value("count").run()
    assert _heat_table_csv(at) == counts


def test_languages_and_filters_are_never_mixed(app):
    replay._drawn.clear()
    seen = {}
    for lang, obj in (("en", "5"), ("fr", "5"), ("en", "7"), ("fr", "5"), ("en", "5")):
        at = app()
        at.query_params.update({"lang": lang, "obj": obj})
        at.switch_page("app_pages/objectives.py")
        at.run()
        seen.setdefault((lang, obj), []).append(shown(at))
    assert seen[("en", "5")][0] == seen[("en", "5")][1]
    assert seen[("fr", "5")][0] == seen[("fr", "5")][1]
    assert seen[("en", "5")][0] != seen[("fr", "5")][0] != seen[("en", "7")][0]


def test_a_panel_is_drawn_once_per_data_version(app, databases, tmp_path, monkeypatch):
    """The figure is built on the first view only; a rewritten file (another mtime) is another data version."""
    replay._drawn.clear()
    path = tmp_path / "demo.duckdb"
    shutil.copy(databases / "demo.duckdb", path)
    built = []
    original = charts.stream_bars
    monkeypatch.setattr(charts, "stream_bars", lambda *a, **k: built.append(1) or original(*a, **k))
    pages = []
    for _ in range(3):
        at = app(path)
        at.run()
        pages.append(shown(at))
    assert len(built) == 1 and pages[0] == pages[1] == pages[2]
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 5))
    at = app(path)
    at.run()
    assert len(built) == 2 and shown(at) == pages[0]


def test_filters_changed_in_the_middle_of_a_run_make_another_panel():
    """filters.apply replaces ctx.filters during a run: the panels after it are keyed by the new filters."""
    replay._drawn.clear()
    ctx = SimpleNamespace(database=SimpleNamespace(path="x.duckdb", mtime=1.0), memo={}, filters=("objectives", 5))
    assert replay.panel(ctx, "k", lambda: "five") == "five"
    ctx.filters = ("objectives", 7)
    assert replay.panel(ctx, "k", lambda: "seven") == "seven"
    ctx.filters = ("objectives", 5)  # equal to the first: its panel again
    assert replay.panel(ctx, "k", lambda: "drawn again") == "five"
