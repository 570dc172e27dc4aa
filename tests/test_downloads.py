"""Downloads: exact CSV bytes, file names, the metadata zip and the data package (built from the fixtures)."""

import io
import json
import zipfile
from pathlib import Path

import frictionless
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.downloads import csv_bytes, file_name, metadata_zip, view_metadata
from etl import schema
from etl.csv_writer import ZIP_DATE_TIME
from etl.datapackage import datapackage_zip
from etl.datapackage import main as datapackage_main


@pytest.fixture(scope="module")
def package(con, tmp_path_factory) -> tuple[bytes, Path]:
    data = datapackage_zip(con, dataset="fixture", is_synthetic=False)
    folder = tmp_path_factory.mktemp("package")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        zf.extractall(folder)
    return data, folder


def _build_info(con) -> dict:
    cur = con.execute("SELECT * FROM build_info")
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


# ---------------------------------------------------------------- CSV


def test_csv_bytes_typed_columns():
    frame = pd.DataFrame(
        {
            "record_id": pd.Series(["a", "b", "c"], dtype="str"),
            "unit_count": pd.array([1, None, -2], dtype="Int64"),
            "score": [0.1, float("nan"), 1 / 3],
            "is_global": pd.array([True, False, None], dtype="boolean"),
            "activity_date": pd.to_datetime(["2022-07-07", None, "2024-01-31"]),
            "note": pd.Series(["Türkiye, Ankara", 'say "hi"', None], dtype="str"),
        }
    )
    assert (
        csv_bytes(frame)
        == (
            "record_id,unit_count,score,is_global,activity_date,note\n"
            'a,1,0.1,true,2022-07-07,"Türkiye, Ankara"\n'
            'b,,,false,,"say ""hi"""\n'
            "c,-2,0.3333333333333333,,2024-01-31,\n"
        ).encode()
    )


@pytest.mark.parametrize("dtype", ["str", "object"])
def test_csv_bytes_neutralises_formulas(dtype):
    titles = [
        '=HYPERLINK("http://x")',
        "+1",
        "-2",
        "@SUM(A1)",
        "\tTAB",
        "\rCR",
        "plain = fine",
        "'quoted",
        "a\r\nb",
        None,
    ]
    frame = pd.DataFrame({"title": pd.Series(titles, dtype=dtype), "n": range(len(titles))})
    assert csv_bytes(frame) == (
        b"title,n\n"
        b'"\'=HYPERLINK(""http://x"")",0\n'
        b"'+1,1\n"
        b"'-2,2\n"
        b"'@SUM(A1),3\n"
        b"'\tTAB,4\n"
        b'"\'\rCR",5\n'
        b"plain = fine,6\n"
        b"'quoted,7\n"
        b'"a\r\nb",8\n'
        b",9\n"
    )


def test_csv_bytes_keeps_numbers_and_order():
    frame = pd.DataFrame({"z": [-2, 3], "a": [-0.5, 2.0]}, index=[7, 3])
    assert csv_bytes(frame) == b"z,a\n-2,-0.5\n3,2.0\n"
    assert csv_bytes(frame.iloc[0:0]) == b"z,a\n"
    assert not csv_bytes(frame).startswith(b"\xef\xbb\xbf")


# ---------------------------------------------------------------- file names


def test_file_name_synthetic_and_real():
    assert file_name("demo", True, ["pledges", "obj5", "KEN", "r1-2"]) == "gcm-demo-SYNTHETIC_pledges_obj5_KEN_r1-2.csv"
    assert file_name("public", False, ["pledges", "obj5"], "zip") == "gcm-public_pledges_obj5.zip"
    assert file_name("public", False, []) == "gcm-public.csv"
    # A real dataset never says synthetic, whatever its name or filters.
    assert "synthetic" not in file_name("synthetic-check", False, ["Synthetic", "KEN"]).lower()
    assert file_name("x", True, ["KEN"]).startswith("gcm-x-SYNTHETIC_")


def test_file_name_sanitised_and_bounded():
    name = file_name("demo", False, ["../../etc/passwd", "Côte d'Ivoire", " "])
    assert name == "gcm-demo_etc-passwd_C-te-d-Ivoire.csv"
    long_a = file_name("demo", True, ["KEN-" * 80] * 4 + ["a"])
    long_b = file_name("demo", True, ["KEN-" * 80] * 4 + ["b"])
    assert len(long_a) <= 124 and long_a != long_b and long_a.startswith("gcm-demo-SYNTHETIC_")
    assert set(long_a) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_")


# ---------------------------------------------------------------- metadata zip


def _metadata(con, synthetic=False) -> dict:
    info = _build_info(con) | {"is_synthetic": synthetic}
    sources = [{"title": "Pledges", "url": "https://example.org/p", "licence": "CC0-1.0", "producer": "x"}]
    filters = {"stream": "pledges", "objectives": [5], "countries": ["KEN"], "rounds": [1, 2]}
    return view_metadata(info, filters, "https://gcm.example/extracts?stream=pledges&objective=5", sources)


def test_view_metadata(con):
    meta = _metadata(con)
    assert meta["dataset"] == "fixture" and meta["is_synthetic"] is False
    assert meta["data_cutoff"] == "2025-12-31"
    assert meta["method_thresholds"]["alpha"] == 0.1
    assert meta["method_version"] == "1.1" and meta["schema_version"] == schema.SCHEMA_VERSION
    assert len(meta["input_checksum"]) == 64
    assert meta["sources"] == [{"title": "Pledges", "url": "https://example.org/p", "licence": "CC0-1.0"}]
    assert meta["licence"] == "CC0-1.0" and "warning" not in meta
    assert "SYNTHETIC" in _metadata(con, synthetic=True)["warning"]
    json.dumps(meta)


def test_metadata_zip_contents_and_determinism(con):
    frame = pd.DataFrame({"record_id": ["p1", "p2"], "title": ["=cmd", "ok"]})
    meta = _metadata(con)
    data = metadata_zip(frame, meta)
    assert data == metadata_zip(frame, meta)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert zf.namelist() == ["data.csv", "metadata.json", "README.md"]
        assert {i.date_time for i in zf.infolist()} == {ZIP_DATE_TIME}
        assert zf.read("data.csv") == csv_bytes(frame) == b"record_id,title\np1,'=cmd\np2,ok\n"
        text = zf.read("metadata.json").decode()
        readme = zf.read("README.md").decode()
    stored = json.loads(text)
    assert text == json.dumps(stored, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert stored["row_count"] == 2 and stored["columns"] == ["record_id", "title"]
    assert stored["filters"] == {"stream": "pledges", "objectives": [5], "countries": ["KEN"], "rounds": [1, 2]}
    assert "- Objectives: 5" in readme and "- Rounds: 1, 2" in readme
    assert meta["view_url"] in readme and "CC0-1.0" in readme and "SYNTHETIC" not in readme


def test_metadata_zip_warns_when_synthetic(con):
    with zipfile.ZipFile(io.BytesIO(metadata_zip(pd.DataFrame({"a": [1]}), _metadata(con, True)))) as zf:
        assert "SYNTHETIC DATA" in zf.read("README.md").decode()
        assert json.loads(zf.read("metadata.json"))["is_synthetic"] is True


# ---------------------------------------------------------------- buttons


def _page(db):
    # AppTest.from_function runs this body as a script of its own: it needs its own imports.
    import duckdb
    import pandas as pd

    from dashboard.downloads import dataset_button, download_buttons

    frame = pd.DataFrame({"a": range(1234)})
    download_buttons(frame, name_parts=["pledges"], metadata={"dataset": "demo", "is_synthetic": True}, key="t")
    dataset_button(duckdb.connect(db, read_only=True), dataset="fixture", is_synthetic=False, key="ds")


def test_buttons_render(db_path):
    at = AppTest.from_function(_page, args=(str(db_path),)).run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [
        "Download CSV (1,234 rows)",
        "CSV with metadata (zip, 1,234 rows)",
        "Whole dataset (data package zip)",
    ]


# ---------------------------------------------------------------- data package


@pytest.mark.slow  # frictionless reads every row in Python: ~15 s; runs in .ci/run
def test_datapackage_validates(package):
    _, folder = package
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_datapackage_has_every_table_with_constraints(package):
    _, folder = package
    descriptor = json.loads((folder / "datapackage.json").read_text())
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == [t.name for t in schema.TABLES]
    for tbl in schema.TABLES:
        res = resources[tbl.name]
        assert res["path"] == f"data/{tbl.name}.csv" and (folder / res["path"]).exists()
        fields = {f["name"]: f for f in res["schema"]["fields"]}
        assert list(fields) == tbl.column_names
        for col in tbl.columns:
            constraints = fields[col.name].get("constraints", {})
            assert constraints.get("required", False) is (not col.nullable), (tbl.name, col.name)
            assert constraints.get("enum") == (list(col.allowed) if col.allowed else None), (tbl.name, col.name)
        assert res["schema"].get("primaryKey", []) == list(tbl.primary_key)
        assert len(res["schema"].get("foreignKeys", [])) == len(tbl.foreign_keys)
    kind = {f["name"]: f for f in resources["submissions"]["schema"]["fields"]}["kind"]
    assert kind["constraints"] == {"required": True, "enum": list(schema.SUBMISSION_KINDS)}
    types = {f["name"]: f["type"] for f in resources["activities"]["schema"]["fields"]}
    assert (types["activity_date"], types["round_id"], types["is_global"], types["title"]) == (
        "date",
        "integer",
        "boolean",
        "string",
    )
    assert {f["name"]: f["type"] for f in resources["progress_cells"]["schema"]["fields"]}["score"] == "number"
    assert descriptor["is_synthetic"] is False and "SYNTHETIC" not in descriptor["title"]
    assert descriptor["licenses"] == [{"name": "CC0-1.0", "title": "CC0-1.0"}]


def test_datapackage_csv_follows_the_csv_rules(con, package):
    _, folder = package
    pledges = con.execute("SELECT * FROM pledges ORDER BY pledge_id").df()
    assert (folder / "data" / "pledges.csv").read_bytes() == csv_bytes(pledges)
    # Numbers (DOUBLE) come out of the Arrow path as they do from a DataFrame.
    key = ", ".join(schema.table("progress_cells").primary_key)
    cells = con.execute(f"SELECT * FROM progress_cells ORDER BY {key}").df()
    assert (folder / "data" / "progress_cells.csv").read_bytes() == csv_bytes(cells)


def test_datapackage_deterministic_and_cli(con, db_path, package, tmp_path):
    data, _ = package
    assert datapackage_zip(con, dataset="fixture", is_synthetic=False) == data
    out = tmp_path / "p.zip"
    assert datapackage_main(["--db", str(db_path), "--out", str(out)]) == 0
    assert out.read_bytes() == data
    assert datapackage_main(["--dataset", "demo", "--db", str(db_path), "--out", str(out)]) == 2


def test_datapackage_says_synthetic(con):
    with zipfile.ZipFile(io.BytesIO(datapackage_zip(con, dataset="fixture", is_synthetic=True))) as zf:
        descriptor = json.loads(zf.read("datapackage.json"))
        readme = zf.read("README.md").decode()
    assert descriptor["is_synthetic"] is True and descriptor["gcm"]["is_synthetic"] is True
    assert "SYNTHETIC" in descriptor["title"] and "SYNTHETIC" in descriptor["description"]
    assert "SYNTHETIC" in readme
