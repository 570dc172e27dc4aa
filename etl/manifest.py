"""The dataset folder's contract: manifest.yml checked with line numbers, its files safe to read and as listed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import yaml

from etl import error_codes as E
from etl import schema, versions
from etl.schema import COMPLETENESS
from etl.sources.common import VARIANTS
from etl.validate import Problem

MANIFEST = "manifest.yml"
MAX_IMPORT_BYTES = 2 * 1024**3  # an import file larger than this is a mistake (or /dev/zero), not an export
REQUIRED = ("name", "title", "is_synthetic", "data_cutoff")
TEXT_KEYS = ("title", "licence", "description", "producer", "url")
# Files a person may leave beside the import files; anything else that looks like data must be an import file.
DATA_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xls", ".ods", ".json", ".parquet")


class BuildError(Exception):
    """The inputs are not fit to build from; `problems` says why, one line each."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Manifest:
    name: str
    title: str
    is_synthetic: bool
    data_cutoff: date
    licence: str | None = None
    description: str | None = None
    producer: str | None = None
    url: str | None = None
    date_accessed: date | None = None
    files: dict = field(default_factory=dict)
    coverage: dict = field(default_factory=dict)  # stream -> round -> complete|partial|none (absent: complete)


class _Loader(yaml.SafeLoader):
    """Safe YAML with dates left as text: they are parsed below, so `2025-13-01` is an error with its line."""


_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


def key_lines(path: Path) -> dict[tuple, int]:
    """1-based line of each key of manifest.yml: (key,), (key, subkey), (key, subkey, subsubkey)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError, ValueError):
        return {}
    lines: dict[tuple, int] = {}

    def walk(node, prefix: tuple) -> None:
        if not isinstance(node, yaml.MappingNode) or len(prefix) >= 3:
            return
        for key, value in node.value:
            name = int(key.value) if key.tag.endswith(":int") else key.value
            lines[(*prefix, name)] = key.start_mark.line + 1
            walk(value, (*prefix, name))

    walk(root, ())
    return lines


def read_manifest(raw_dir: Path) -> Manifest:
    """Read and check `manifest.yml` of a dataset folder; raise BuildError listing every problem with its line."""
    path = raw_dir / MANIFEST
    if not path.is_file():
        missing = f"missing in {raw_dir}: every dataset folder needs one (name, title, is_synthetic, data_cutoff)"
        raise BuildError([Problem(MANIFEST, None, None, missing, E.MANIFEST_MISSING)])
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 (a SafeLoader)
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        raise BuildError(
            [Problem(MANIFEST, None, None, f"not valid YAML: {str(exc)[:200]}", E.MANIFEST_NOT_YAML)]
        ) from None
    if not isinstance(data, dict):
        message = "must be a mapping of keys: name, title, is_synthetic, …"
        raise BuildError([Problem(MANIFEST, 1, None, message, E.MANIFEST_NOT_MAPPING)])
    lines = key_lines(path)
    problems: list[Problem] = []

    def problem(key: str, message: str, kind: E.Kind) -> None:
        problems.append(Problem(MANIFEST, lines.get((key,)), key, message, kind))

    for key in REQUIRED:
        if data.get(key) in (None, ""):
            problem(key, "required", E.MANIFEST_KEY_MISSING)
    name = data.get("name")
    if name not in (None, "") and not isinstance(name, str):
        problem("name", "must be text (a dataset name such as demo or public)", E.DATASET_NAME)
    elif name not in (None, "") and not versions.DATASET_PATTERN.match(name):
        problem("name", f"{name[:60]!r} is not a dataset name: lower-case letters, digits, '-' and '_'", E.DATASET_NAME)
    for key in TEXT_KEYS:
        if data.get(key) is not None and not isinstance(data[key], str):
            problem(key, "must be text", E.MANIFEST_NOT_TEXT)
    if not isinstance(data.get("is_synthetic", False), bool):
        problem("is_synthetic", "must be true or false", E.MANIFEST_NOT_BOOLEAN)
    for key in ("data_cutoff", "date_accessed"):
        value = data.get(key)
        if value is None or isinstance(value, date):
            continue
        try:
            data[key] = date.fromisoformat(value) if isinstance(value, str) else None
        except ValueError:
            data[key] = None
        if data[key] is None:
            problem(key, f'"{str(value)[:40]}" is not a date (YYYY-MM-DD)', E.MANIFEST_NOT_DATE)
    problems += _check_files(data.get("files"), lines)
    if problems:
        raise BuildError(problems)
    known = Manifest.__dataclass_fields__
    return Manifest(**{k: v for k, v in data.items() if k in known and v is not None})


def _check_files(files, lines: dict[tuple, int]) -> list[Problem]:
    """`files:` maps plain file names inside the folder to {title, rows, sha256, url}."""
    if files is None:
        return []
    if not isinstance(files, dict):
        message = "must map file names to {title, rows, sha256}"
        return [Problem(MANIFEST, lines.get(("files",)), "files", message, E.MANIFEST_FILES_SHAPE)]
    problems = []
    for name, meta in files.items():
        line = lines.get(("files", name))
        if not isinstance(name, str) or Path(name).name != name or name in (".", "..") or "\\" in name:
            message = f"{str(name)[:80]!r}: must be a file name in the folder"
            problems.append(Problem(MANIFEST, line, "files", message, E.MANIFEST_FILE_NAME))
        elif meta is not None and not isinstance(meta, dict):
            message = f"{name}: must map to {{title, rows, sha256}}"
            problems.append(Problem(MANIFEST, line, "files", message, E.MANIFEST_FILES_SHAPE))
        elif meta and "rows" in meta and (not isinstance(meta["rows"], int) or isinstance(meta["rows"], bool)):
            problems.append(Problem(MANIFEST, line, "files", f"{name}: rows must be a whole number", E.MANIFEST_ROWS))
    return problems


def check_folder(raw_dir: Path, manifest: Manifest) -> tuple[list[Problem], set[str]]:
    """Problems of the folder itself, and the import files that must not be read: listed files that are absent,
    files that are not regular files inside the folder or too large, and look-alikes of import files that would
    otherwise be skipped in silence (pledges.xls, pledges.CSV). A file a build cannot read is an error naming it.
    The import files that must not be read are returned by their canonical names (pledges.csv)."""
    forms = {f"{Path(k).stem}{suffix}": k for k in schema.IMPORT_FILES_BY_NAME for suffix in VARIANTS}
    root = raw_dir.resolve()
    problems, unreadable = [], set()
    for name in sorted(set(forms) | set(manifest.files or {})):
        path = raw_dir / name
        if not path.exists() and not path.is_symlink():
            if name in (manifest.files or {}):
                message = "listed in manifest.yml but absent from the folder"
                problems.append(Problem(name, None, None, message, E.LISTED_FILE_ABSENT))
            continue
        unsafe = _unsafe(path, root)
        if unsafe:
            problems.append(Problem(name, None, None, *unsafe))
            unreadable.add(forms.get(name, name))
        elif name not in forms:
            message = "listed in manifest.yml but not an import file of this format"
            problems.append(Problem(name, None, None, message, E.LISTED_NOT_IMPORT_FILE))
    known = set(schema.IMPORT_FILES_BY_NAME)
    for path in sorted(raw_dir.iterdir()):
        if path.name in forms or path.name == MANIFEST or path.suffix.lower() not in DATA_SUFFIXES:
            continue
        stems = {Path(k).stem: k for k in known}
        close = difflib.get_close_matches(path.stem.lower(), list(stems), n=1, cutoff=0.8)
        hint = f"save it as {stems[close[0]]} (CSV UTF-8)" if close else f"import files: {', '.join(sorted(known))}"
        message = f"looks like an import file but is not read: {hint}"
        problems.append(Problem(path.name, None, None, message, E.LOOK_ALIKE))
    return problems, unreadable


def _unsafe(path: Path, root: Path) -> tuple[str, E.Kind] | None:
    """Why a path must not be read as an import file, and the kind of problem; or None."""
    try:
        resolved = path.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return "a link to nothing (a dangling symbolic link): put the file itself in the folder", E.DANGLING_LINK
    if not resolved.is_relative_to(root):
        return "a link to a file outside the dataset folder: put the file itself in the folder", E.OUTSIDE_LINK
    if not resolved.is_file():
        return "not a regular file (a folder or a device): an import file is a CSV file", E.NOT_A_FILE
    if resolved.stat().st_size > MAX_IMPORT_BYTES:
        return f"larger than {MAX_IMPORT_BYTES // 1024**3} GiB: not an export this importer reads", E.TOO_LARGE
    return None


def check_listed(name: str, rows: int, digest: str, manifest: Manifest) -> list[Problem]:
    """A listed file must hold the rows and the sha256 the manifest gives for it."""
    meta = (manifest.files or {}).get(name) or {}
    problems = []
    if "rows" in meta and meta["rows"] != rows:
        message = f"holds {rows:,} records; manifest.yml lists {meta['rows']:,}"
        problems.append(Problem(name, None, None, message, E.ROW_COUNT))
    if meta.get("sha256") and meta["sha256"] != digest:
        message = "differs from the sha256 in manifest.yml: it changed since then"
        problems.append(Problem(name, None, None, message, E.CHECKSUM))
    return problems


def collection_coverage(raw_dir: Path, manifest: Manifest, rounds) -> tuple[list[Problem], pd.DataFrame]:
    """Check manifest.yml's `coverage` (stream -> round -> complete|partial|none) and spell it out for every
    stream and round (absent: complete). Unknown streams, rounds or values are errors with their manifest line."""
    lines = key_lines(raw_dir / MANIFEST)
    problems: list[Problem] = []
    declared: dict[tuple[str, int], str] = {}

    def problem(key: tuple, message: str, kind: E.Kind) -> None:
        problems.append(Problem(MANIFEST, lines.get(("coverage", *key)), "coverage", message, kind))

    coverage = manifest.coverage if manifest.coverage is not None else {}
    if not isinstance(coverage, dict):
        problem((), "must map streams to {round: complete|partial|none}", E.COVERAGE_SHAPE)
        coverage = {}
    for stream, per_round in coverage.items():
        if stream not in schema.STREAMS:
            problem((stream,), f'unknown stream "{stream}" (streams: {", ".join(schema.STREAMS)})', E.COVERAGE_STREAM)
        elif not isinstance(per_round, dict):
            message = f"{stream}: must map rounds to complete|partial|none, e.g. {{1: partial}}"
            problem((stream,), message, E.COVERAGE_SHAPE)
        else:
            for round_id, value in per_round.items():
                if isinstance(round_id, bool) or round_id not in rounds:
                    known = ", ".join(str(r) for r in sorted(rounds))
                    message = f'{stream}: unknown review round "{round_id}" (rounds: {known})'
                    problem((stream, round_id), message, E.COVERAGE_ROUND)
                elif value not in COMPLETENESS:
                    allowed = ", ".join(COMPLETENESS)
                    message = f'{stream}, round {round_id}: "{value}" is not one of {allowed}'
                    problem((stream, round_id), message, E.COVERAGE_VALUE)
                else:
                    declared[(stream, round_id)] = value
    rows = [(s, r, declared.get((s, r), "complete")) for s in schema.STREAMS for r in sorted(rounds)]
    return problems, pd.DataFrame(rows, columns=schema.table("collection_coverage").column_names)
