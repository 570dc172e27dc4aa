"""Snapshot of every page's visible output and every download's bytes, to diff before and after a refactor.

    .venv/bin/python -m tests.snapshot_views --out /tmp/before.json [--databases DIR]
    .venv/bin/python -m tests.snapshot_views --out /tmp/after.json && diff /tmp/before.json /tmp/after.json

Every page is rendered with Streamlit's AppTest for a set of realistic links (objectives, a round table, an MPTF
area, a principle, a country, a comparison, sub-region and commission levels, other streams, the public dataset,
junk) and a few widget interactions. Each element is written out from its protocol message (ids dropped), tables
as their CSV, figures as their JSON, and each download as its bytes: CSV and zip members' SHA-256, size and head
(zip timestamps are fixed by etl.csv_writer, and are left out anyway). The databases are built once into
--databases (default /tmp/gcm-snapshot-db) and reused, so that a run compares the dashboard code alone.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import sys
import time
import zipfile
from pathlib import Path

import duckdb
from google.protobuf.json_format import MessageToDict
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from dashboard import navigation

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "dashboard" / "app.py")
PAGES = navigation.SCRIPTS
# Fields that name a run, not what it shows.
VOLATILE = {"id", "form_id", "deferred_file_id", "url", "data", "fragment_id"}
HEAD_BYTES = 400


def links(mptf: list[int]) -> list[tuple[str, str, dict]]:
    """(name, dataset, query parameters): the views the snapshot renders on every page."""
    return [
        ("default", "demo", {}),
        ("objective-country", "demo", {"obj": "13", "geo": "KEN"}),
        ("objectives-pledges", "demo", {"obj": ["5", "7"], "stream": "pledges", "rounds": "1-2"}),
        ("roundtable", "demo", {"obj": ["2", "5", "6", "12", "18"], "stream": "pledges", "rounds": "1-2"}),
        ("mptf-area", "demo", {"obj": [str(o) for o in mptf]}),
        ("principle", "demo", {"gp": "6"}),
        ("principle-practices", "demo", {"gp": "3", "stream": "practices", "geo": "Eastern Africa"}),
        ("country-practices", "demo", {"geo": "KEN", "stream": "practices"}),
        ("compare", "demo", {"geo": ["KEN", "UGA", "PRT"], "stream": "all"}),
        ("subregion", "demo", {"geo": "Eastern Africa", "lvl": "subregion"}),
        ("commission", "demo", {"lvl": "commission", "geo": "ECA", "stream": "pledges", "obj": "5,7"}),
        ("talks-later-rounds", "demo", {"stream": "gcm_talks", "rounds": "2-3"}),
        ("submissions", "demo", {"stream": "submissions"}),
        ("junk", "demo", {"obj": "1 OR 1=1", "geo": "<img src=x>", "lvl": "planet", "v": "![](http://x.io/a)"}),
        ("public", "public", {}),
        ("public-country", "public", {"geo": "KEN", "stream": "pledges"}),
    ]


# (name, dataset, query parameters, page, [(widget kind, key, value), ...]): views reached by a widget only.
INTERACTIONS = [
    ("extract-progress", "demo", {"obj": "5"}, "extracts", [("radio", "w_extract_view", "progress")]),
    (
        "extract-coverage-commission",
        "demo",
        {},
        "extracts",
        [("radio", "w_extract_view", "coverage"), ("segmented_control", "w_extract_lvl", "commission")],
    ),
    ("map-class", "demo", {"obj": "5"}, "regions", [("radio", "w_map_measure", "class")]),
    ("map-from-cov-round", "demo", {}, "regions", [("radio", "w_map_measure", "count_from")]),
    ("regions-share", "demo", {"stream": "pledges"}, "regions", [("segmented_control", "w_reg_basis", "share")]),
    ("regions-breadth", "demo", {"lvl": "commission"}, "regions", [("segmented_control", "w_reg_basis", "breadth")]),
    ("objectives-share", "demo", {"obj": "5"}, "objectives", [("segmented_control", "w_obj_basis", "share")]),
    (
        "objectives-pick-roundtable",
        "demo",
        {},
        "objectives",
        [("segmented_control", "w_obj_kind", "roundtable"), ("selectbox", "w_group_roundtable", 3)],
    ),
    (
        "objectives-pick-principle",
        "demo",
        {"stream": "pledges"},
        "objectives",
        [("segmented_control", "w_obj_kind", "principle"), ("selectbox", "w_gp", 6)],
    ),
    ("countries-by-name", "demo", {"geo": ["KEN", "UGA"]}, "countries", [("radio", "w_ctry_order", "name")]),
    ("countries-pick", "demo", {}, "countries", [("selectbox", "w_country", "PRT")]),
    ("sidebar-stream", "demo", {}, "overview", [("selectbox", "w_stream", "practices")]),
    ("png", "demo", {"obj": "5"}, "overview", [("segmented_control", "image_format", "png")]),
]

# Deferred downloads register a callable with the run's media file manager; keep them to call after the run.
_DEFERRED: dict[str, object] = {}
_add_deferred = MediaFileManager.add_deferred


def _recording_add_deferred(self, callable_, *args, **kwargs):
    file_id = _add_deferred(self, callable_, *args, **kwargs)
    _DEFERRED[file_id] = callable_
    return file_id


def _digest(data: bytes) -> dict:
    head = data[:HEAD_BYTES].decode("utf-8", errors="replace")
    return {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "head": head}


def download(data) -> dict:
    """A download's bytes: a zip as its members (name, bytes), anything else as its digest."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if hasattr(data, "read"):
        data = data.read()
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return {"zip": {i.filename: _digest(zf.read(i.filename)) for i in zf.infolist()}}
    return _digest(data)


def _clean(message: dict) -> dict:
    """The message without the fields that name a run (top level only: a figure's own `data` is its traces)."""
    return {k: v for k, v in sorted(message.items()) if k not in VOLATILE}


def element(node) -> dict:
    """What one element shows: its protocol message (ids dropped), with figures, tables and downloads readable."""
    proto = getattr(node, "proto", None)
    out: dict = {"type": getattr(node, "type", type(node).__name__)}
    if proto is None:
        return out
    message = MessageToDict(proto, preserving_proto_field_name=True)
    if out["type"] == "plotly_chart":
        message["spec"] = json.loads(message.get("spec") or "{}")
        message["config"] = json.loads(message.get("config") or "{}")
    if out["type"] in ("arrow_data_frame", "dataframe", "table"):
        frame = node.value
        out["columns"] = [str(c) for c in frame.columns]
        out["dtypes"] = [str(d) for d in frame.dtypes]
        out["csv"] = frame.to_csv(index=False)
    if out["type"] == "download_button":
        file_id = proto.deferred_file_id
        out["bytes"] = download(_DEFERRED[file_id]()) if file_id else "static:" + proto.url
    out["proto"] = _clean(message)
    return out


def walk(node, path: str = "") -> list[dict]:
    """Every element of the tree in page order, each with its place (main, sidebar; block nesting)."""
    found = []
    children = getattr(node, "children", None)
    if getattr(node, "proto", None) is not None or not children:
        found.append({"at": path, **element(node)})
    for index in sorted(children or {}):
        found += walk(children[index], f"{path}/{index}")
    return found


def snapshot(at: AppTest) -> dict:
    if at.exception:
        return {"exception": [e.value for e in at.exception]}
    params = {k: at.query_params[k] for k in sorted(at.query_params)}
    return {"query_params": params, "elements": walk(at._tree)}


def make_app(databases: Path, dataset: str) -> AppTest:
    os.environ["GCM_DB_PATH"] = str(databases / f"{dataset}.duckdb")
    os.environ["GCM_DATASET"] = dataset
    return AppTest.from_file(APP, default_timeout=120)


def ensure_databases(databases: Path) -> None:
    from etl import build

    databases.mkdir(parents=True, exist_ok=True)
    for name in ("demo", "public"):
        if not (databases / f"{name}.duckdb").exists():
            assert build.main(["--dataset", name, "--db", str(databases / f"{name}.duckdb")]) == 0


def mptf_objectives(databases: Path) -> list[int]:
    with duckdb.connect(str(databases / "demo.duckdb"), read_only=True) as con:
        row = con.execute(
            "SELECT list(objective_id ORDER BY objective_id) FROM objective_mptf_areas WHERE area_id = 2"
        ).fetchone()
    return list(row[0])


def run_all(databases: Path, twice: bool = False) -> dict:
    """Every view once; with `twice` every view run a second time in the same session, and that run kept (the
    panels are then replayed from the cache: dashboard/ui/replay.py)."""
    MediaFileManager.add_deferred = _recording_add_deferred
    out = {}
    for name, dataset, params in links(mptf_objectives(databases)):
        for page in PAGES:
            _DEFERRED.clear()
            at = make_app(databases, dataset)
            at.query_params.update(params)
            at.switch_page(page)
            at.run()
            if twice:
                _DEFERRED.clear()
                at.switch_page(page)
                at.run()
            out[f"{name} {page}"] = snapshot(at)
    for name, dataset, params, page, actions in INTERACTIONS:
        _DEFERRED.clear()
        at = make_app(databases, dataset)
        at.query_params.update(params)
        at.switch_page(f"app_pages/{page}.py")
        at.run()
        for kind, key, value in actions:
            getattr(at, kind)(key=key).set_value(value).run()
        if twice:
            _DEFERRED.clear()
            at.run()
        out[f"{name} {page}"] = snapshot(at)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--databases", type=Path, default=Path("/tmp/gcm-snapshot-db"))
    parser.add_argument("--twice", action="store_true", help="snapshot each view's second run in its session")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    ensure_databases(args.databases)
    start = time.perf_counter()
    result = run_all(args.databases, args.twice)
    args.out.write_text(json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n")
    views = len(result)
    failed = [k for k, v in result.items() if "exception" in v]
    print(f"{views} views in {time.perf_counter() - start:.0f} s -> {args.out}; exceptions: {failed or 'none'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
