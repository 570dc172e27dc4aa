"""The dataset folder's contract: a bad manifest or folder is a line-numbered error, never a trace, a hang or a gap."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from etl import build
from tests.conftest import GOOD

MANIFEST_LINES = len((GOOD / "manifest.yml").read_text(encoding="utf-8").splitlines())


@pytest.fixture()
def raw(tmp_path) -> Path:
    folder = tmp_path / "raw"
    shutil.copytree(GOOD, folder)
    return folder


def run(raw: Path, capsys) -> tuple[int, list[str]]:
    code = build.main(["--raw", str(raw), "--db", str(raw.parent / "out.duckdb")])
    err = capsys.readouterr().err.splitlines()
    assert not (raw.parent / "out.duckdb").exists() or code == 0
    return code, err


def append(raw: Path, text: str) -> None:
    with (raw / "manifest.yml").open("a", encoding="utf-8") as f:
        f.write(text)


def replace_key(raw: Path, key: str, value: str) -> int:
    """Set one top-level key of the manifest; returns its line."""
    lines = (raw / "manifest.yml").read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[number] = f"{key}: {value}"
    (raw / "manifest.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return number + 1


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("pledges.xlsx", "pledges.xlsx: looks like an import file but is not read: save it as pledges.csv (CSV UTF-8)"),
        ("pledges.CSV", "pledges.CSV: looks like an import file but is not read: save it as pledges.csv (CSV UTF-8)"),
        ("Practices.tsv", "Practices.tsv: looks like an import file but is not read: save it as practices.csv"),
    ],
)
def test_a_look_alike_of_an_import_file_is_an_error(raw, capsys, name, message):
    (raw / name).write_bytes((raw / "pledges.csv").read_bytes())
    code, err = run(raw, capsys)
    assert code == 1 and any(line.startswith(message) for line in err), err


def test_a_listed_file_must_exist_and_hold_what_the_manifest_says(raw, capsys):
    digest = hashlib.sha256((raw / "practices.csv").read_bytes()).hexdigest()
    rows = len((raw / "practices.csv").read_text(encoding="utf-8").splitlines()) - 1
    (raw / "gcm_talks.csv").unlink()
    append(
        raw,
        "files:\n  gcm_talks.csv: {rows: 8}\n  practices.csv: {rows: 99, sha256: " + digest + "}\n"
        "  pledges.csv: {sha256: " + "f" * 64 + "}\n",
    )
    code, err = run(raw, capsys)
    assert code == 1
    assert "gcm_talks.csv: listed in manifest.yml but absent from the folder" in err
    assert f"practices.csv: holds {rows:,} records; manifest.yml lists 99" in err
    assert "pledges.csv: differs from the sha256 in manifest.yml: it changed since then" in err


@pytest.mark.parametrize("kind", ["dangling", "outside", "directory", "device"])
def test_an_import_file_that_is_no_regular_file_inside_the_folder_is_an_error(raw, tmp_path, capsys, kind):
    (raw / "pledges.csv").unlink()
    if kind == "dangling":
        os.symlink(tmp_path / "nowhere.csv", raw / "pledges.csv")
    elif kind == "outside":
        shutil.copy(GOOD / "pledges.csv", tmp_path / "elsewhere.csv")
        os.symlink(tmp_path / "elsewhere.csv", raw / "pledges.csv")
    elif kind == "directory":
        (raw / "pledges.csv").mkdir()
    else:
        os.symlink("/dev/zero", raw / "pledges.csv")  # reading it would never end
    code, err = run(raw, capsys)
    assert code == 1
    assert any(line.startswith("pledges.csv: ") for line in err), err
    assert not any("Traceback" in line for line in err)


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("data_cutoff", "2025-13-01", 'data_cutoff: "2025-13-01" is not a date (YYYY-MM-DD)'),
        ("data_cutoff", "2025", 'data_cutoff: "2025" is not a date (YYYY-MM-DD)'),
        ("name", "123", "name: must be text (a dataset name such as demo or public)"),
        ("name", "../../etc", "name: '../../etc' is not a dataset name"),
        ("is_synthetic", "maybe", "is_synthetic: must be true or false"),
        ("title", "[a, b]", "title: must be text"),
    ],
)
def test_a_bad_manifest_value_is_an_error_on_its_line(raw, capsys, key, value, message):
    line = replace_key(raw, key, value)
    code, err = run(raw, capsys)
    assert code == 1 and any(e.startswith(f"manifest.yml:{line}: {message}") for e in err), err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- name: fixture\n- title: x\n", "manifest.yml:1: must be a mapping of keys"),
        (None, f"manifest.yml:{MANIFEST_LINES + 1}: files: must map file names to"),
        ("name: [unclosed\n", "manifest.yml: not valid YAML"),
    ],
)
def test_a_manifest_of_the_wrong_shape_is_an_error_not_a_trace(raw, capsys, text, message):
    if text is None:
        append(raw, "files:\n  - pledges.csv\n")
    else:
        (raw / "manifest.yml").write_text(text, encoding="utf-8")
    code, err = run(raw, capsys)
    assert code == 1 and any(e.startswith(message) for e in err), err


def test_a_manifest_file_name_never_leaves_the_folder(raw, capsys):
    append(raw, "files:\n  ../../../../etc/passwd: {rows: 1}\n  /etc/hosts: {}\n")
    code, err = run(raw, capsys)
    assert code == 1
    assert (
        f"manifest.yml:{MANIFEST_LINES + 2}: files: '../../../../etc/passwd': must be a file name in the folder" in err
    )
    assert f"manifest.yml:{MANIFEST_LINES + 3}: files: '/etc/hosts': must be a file name in the folder" in err
