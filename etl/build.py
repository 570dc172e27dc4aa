"""Build a dataset's DuckDB database: read, validate, transform, then swap the new file in atomically."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
from tqdm import tqdm

from etl import error_codes as E
from etl import followup, paths, schema, search, versions
from etl.activities import fill_activities
from etl.checksums import hash_in_background, sha256
from etl.funding_sql import fill_funding
from etl.manifest import BuildError, Manifest, check_folder, check_listed, collection_coverage, read_manifest
from etl.progress import MethodConfig
from etl.progress_sql import fill as fill_progress
from etl.sources import SOURCES, reference
from etl.sources.common import import_variants
from etl.validate import Context, Problem, parse_import

MAX_PROBLEMS_SHOWN = 1000


@dataclass
class Inputs:
    """Everything read and checked, ready to write."""

    manifest: Manifest
    tables: dict[str, pd.DataFrame]
    warnings: list[Problem]
    files: list[tuple[Path, int]]  # input files and their record counts

    @property
    def input_checksum(self) -> str:
        digest = hashlib.sha256()
        for path, _ in sorted(self.files):
            digest.update(path.name.encode() + b"\0" + sha256(path).encode())
        return digest.hexdigest()


def collect(raw_dir: Path, progress: bool = False) -> Inputs:
    """Read and validate every import file; raise BuildError listing every problem at once."""
    manifest = read_manifest(raw_dir)
    tables = reference.transform(reference.read())
    ctx = Context(
        manifest.data_cutoff,
        frozenset(tables["review_rounds"]["round_id"]),
        frozenset(tables["subregions"]["subregion"]),
    )
    files = [(raw_dir / "manifest.yml", 0)] + [
        (paths.REFERENCE / f, 0) for f in sorted(os.listdir(paths.REFERENCE)) if f.endswith(".csv")
    ]
    problems, unreadable = check_folder(raw_dir, manifest)
    readable = [s for s in SOURCES if s.FILE not in unreadable]
    imports = [path for source in readable for path in import_variants(raw_dir, source.FILE)]
    hashing = hash_in_background(imports + [path for path, _ in files])
    record_sources = []
    for source in tqdm(SOURCES, desc="read and check", unit="file", disable=not progress, leave=False):
        raw = source.read(raw_dir) if source in readable else None
        if raw is None:
            tables.update({name: pd.DataFrame(columns=schema.table(name).column_names) for name in source.TABLES})
            continue
        parsed, file_problems = parse_import(source.SPEC, raw, ctx)
        problems += file_problems
        files.append((raw_dir / raw.name, len(raw.frame)))
        if any(p.severity == "error" for p in file_problems):
            continue
        produced = source.transform(parsed)
        record_sources.append(produced.pop("record_sources"))
        tables.update(produced)
    # A source may check its tables against each other once everything is read (pledges: matched pledges).
    problems += [p for source in readable if hasattr(source, "cross_checks") for p in source.cross_checks(tables)]
    coverage_problems, tables["collection_coverage"] = collection_coverage(raw_dir, manifest, ctx.round_ids)
    problems += coverage_problems
    hashing.join()
    for path, rows in files[1:]:
        if path.parent == raw_dir:
            problems += check_listed(path.name, rows, sha256(path), manifest)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BuildError(errors)
    tables["record_sources"] = (
        pd.concat(record_sources, ignore_index=True)
        if record_sources
        else pd.DataFrame(columns=schema.table("record_sources").column_names)
    )
    return Inputs(manifest, tables, [p for p in problems if p.severity == "warning"], files)


# ---------------------------------------------------------------- writing


ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
}


def _insert(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame) -> None:
    """Insert a frame, typed by the schema (through Arrow: no row-by-row scan)."""
    tbl = schema.table(name)
    if frame.empty:
        return
    incoming = pa.table(
        {c.name: pa.array(frame[c.name], type=ARROW_TYPES[c.type], from_pandas=True) for c in tbl.columns}
    )
    con.register("incoming", incoming)
    try:
        # In the order the sources give (the files' order, or sorted by the source): deterministic, and a sort of
        # millions of text keys here would cost more than the rest of the load.
        con.execute(f"INSERT INTO {name} SELECT * FROM incoming")
    finally:
        con.unregister("incoming")


def _bookkeeping(inputs: Inputs, config: MethodConfig) -> dict[str, pd.DataFrame]:
    m = inputs.manifest
    build_info = pd.DataFrame(
        [
            {
                "schema_version": schema.SCHEMA_VERSION,
                "method_version": config.method_version,
                "dataset": m.name,
                "dataset_title": m.title,
                "is_synthetic": m.is_synthetic,
                "data_cutoff": m.data_cutoff,
                "licence": m.licence,
                "description": m.description,
                "input_checksum": inputs.input_checksum,
                "method_config": json.dumps(config.to_dict(), sort_keys=True),
            }
        ]
    )
    sources = [
        {
            "source_id": "dataset",
            "title": m.title,
            "producer": m.producer,
            "url": m.url,
            "licence": m.licence,
            "date_accessed": m.date_accessed,
            "row_count": None,
            "sha256": None,
        }
    ]
    for path, rows in inputs.files:
        meta = (m.files or {}).get(path.name) or {}
        sources.append(
            {
                "source_id": path.name if path.parent != paths.REFERENCE else f"reference/{path.name}",
                "title": meta.get("title") or _file_title(path),
                "producer": m.producer if path.parent != paths.REFERENCE else "GCM reference tables (data/reference)",
                "url": meta.get("url"),
                "licence": m.licence,
                "date_accessed": m.date_accessed,
                "row_count": rows or None,
                "sha256": sha256(path),
            }
        )
    report = pd.DataFrame(
        [
            {
                "file_name": p.file,
                "line": p.line,
                "column_name": p.column,
                "severity": p.severity,
                "code": p.code,
                "message": p.message,
            }
            for p in inputs.warnings
        ],
        columns=schema.table("validation_report").column_names,
    )
    return {"build_info": build_info, "sources": pd.DataFrame(sources), "validation_report": report}


def _file_title(path: Path) -> str:
    spec = schema.IMPORT_FILES_BY_NAME.get(path.name)
    return spec.description if spec else path.name


def _assert_loaded(con: duckdb.DuckDBPyConnection, tables: dict[str, pd.DataFrame]) -> None:
    """Post-load checks inside the new file: row counts match, loaded keys are unique, no foreign key is orphaned.

    The derived tables are built by SQL from checked tables, so their keys hold by construction (tests check them).
    """
    for name, frame in tables.items():
        stored = con.execute(f"SELECT count(*) FROM {name}").fetchall()[0][0]
        if stored != len(frame):
            raise RuntimeError(f"{name}: {stored} rows stored, {len(frame)} expected")
    for tbl in (t for t in schema.TABLES if t.group in ("fact", "bridge")):
        if tbl.group == "fact":
            key = ", ".join(tbl.primary_key)
            repeated = con.execute(
                f"SELECT count(*) FROM (SELECT {key} FROM {tbl.name} GROUP BY ALL HAVING count(*) > 1)"
            ).fetchall()[0][0]
            if repeated:
                raise RuntimeError(f"{tbl.name}: {repeated} repeated key(s) ({key})")
        # References to the reference dimensions; a bridge's owner key comes from the same file row as its record.
        for column, ref_table, ref_column in tbl.foreign_keys:
            if schema.table(ref_table).group != "reference":
                continue
            orphans = con.execute(
                f"SELECT count(*) FROM {tbl.name} t WHERE t.{column} IS NOT NULL AND NOT EXISTS "
                f"(SELECT 1 FROM {ref_table} r WHERE r.{ref_column} = t.{column})"
            ).fetchall()[0][0]
            if orphans:
                raise RuntimeError(f"{tbl.name}.{column}: {orphans} value(s) not in {ref_table}.{ref_column}")


def write_database(inputs: Inputs, db: Path, config: MethodConfig, progress: bool = False) -> dict[str, int]:
    """Write one database file (`--db`): into this process's own temporary file beside `db`, checked, then
    `os.replace`d over `db`. A failure at any step removes the temporary file and leaves `db` untouched."""
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(f".{db.name}.{os.getpid()}.tmp")
    counts = _write(inputs, tmp, config, progress)
    os.replace(tmp, db)
    return counts


def write_version(
    inputs: Inputs, dataset: str, config: MethodConfig, root: Path | None = None, progress: bool = False
) -> tuple[Path, dict[str, int]]:
    """Write a new immutable version of a dataset and flip its pointer to it (etl/versions.py); the caller holds
    the dataset's build lock. Returns the version's file and the row counts."""
    folder = versions.dataset_dir(dataset, root)
    folder.mkdir(parents=True, exist_ok=True)
    version = versions.version_id(config.method_version, inputs.input_checksum)
    tmp = versions.temporary_path(folder, version)
    counts = _write(inputs, tmp, config, progress)
    try:
        return versions.publish(tmp, version), counts
    except BaseException:
        _remove(tmp)
        raise


def _write(inputs: Inputs, tmp: Path, config: MethodConfig, progress: bool) -> dict[str, int]:
    """Every table into `tmp`, checked and checkpointed; `tmp` is removed if any step fails."""
    _remove(tmp)
    try:
        con = duckdb.connect(str(tmp))
        con.execute("SET enable_progress_bar = false")
        try:
            steps = ["tables", "load", "activities", "progress", "check"]
            bar = tqdm(total=len(steps), desc="build", unit="step", disable=not progress, leave=False)
            for tbl in schema.TABLES:
                con.execute(schema.ddl(tbl))
            bar.update()
            tables = inputs.tables | _bookkeeping(inputs, config)
            for name, frame in tables.items():
                _insert(con, name, frame)
            bar.update()
            fill_activities(con, inputs.manifest.data_cutoff)
            bar.update()
            fill_progress(con, inputs.manifest.data_cutoff, config)
            fill_funding(con)
            search.fill(con)
            followup.fill(con)
            bar.update()
            _assert_loaded(con, tables)
            counts = {t.name: con.execute(f"SELECT count(*) FROM {t.name}").fetchone()[0] for t in schema.TABLES}
            bar.update()
            bar.close()
            con.execute("CHECKPOINT")
        finally:
            con.close()
    except BaseException:
        _remove(tmp)
        raise
    return counts


def _remove(tmp: Path) -> None:
    for path in (tmp, tmp.with_name(tmp.name + ".wal")):
        path.unlink(missing_ok=True)


# ---------------------------------------------------------------- command line


def _resolve_raw(args: argparse.Namespace) -> Path:
    if args.raw:
        return Path(args.raw)
    raw = paths.raw_dir(args.dataset)
    if args.dataset == "demo" and not (raw / "manifest.yml").exists():
        from etl import demo

        print(f"Generating the synthetic demo dataset into {raw} …", file=sys.stderr)
        demo.ensure_demo(raw)
    return raw


def _print_problems(problems: list[Problem], stream=None) -> None:
    stream = stream or sys.stderr
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        print(problem, file=stream)
    if len(problems) > MAX_PROBLEMS_SHOWN:
        print(f"… and {len(problems) - MAX_PROBLEMS_SHOWN:,} more problems not shown", file=stream)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.build", description=__doc__)
    parser.add_argument("--dataset", help="dataset name (default: the manifest's name with --raw, else demo)")
    parser.add_argument("--raw", help="folder of import files with a manifest.yml (default: data/raw/<dataset>)")
    parser.add_argument("--db", help="write one database file here instead of a new version in data/build/<dataset>/")
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    args = parser.parse_args(argv)
    if args.dataset is None and not args.raw:
        args.dataset = paths.dataset_name()
    if args.dataset is not None and not versions.DATASET_PATTERN.match(args.dataset):
        rule = "use lower-case letters, digits, '-' and '_' (at most 64)"
        parser.error(f"[{E.DATASET_ARGUMENT}] --dataset {args.dataset!r}: {rule}")
    raw = _resolve_raw(args)
    if not raw.is_dir():
        print(f"error: [{E.NOT_A_FOLDER}] {raw} is not a folder of import files", file=sys.stderr)
        return 2
    if args.check:
        return _collect_and(raw, args, None)
    if args.dataset is None:  # --raw alone: the dataset is the one its manifest names
        try:
            args.dataset = read_manifest(raw).name
        except BuildError as exc:
            _print_problems(exc.problems)
            print(f"{len(exc.problems):,} problem(s) found; nothing was written.", file=sys.stderr)
            return 1
    target = Path(args.db) if args.db else versions.dataset_dir(args.dataset)
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(versions.build_lock(target, args.dataset))
        except versions.BuildBusy as exc:
            print(f"error: [{E.BUILD_BUSY}] {exc}; nothing was written.", file=sys.stderr)
            return 1
        except OSError as exc:  # the lock's folder cannot be made: a file in its place, no permission
            message = f"the build lock for {target} cannot be taken ({type(exc).__name__}: {exc}); nothing was written."
            print(f"error: [{E.WRITE_FAILED}] {message}", file=sys.stderr)
            return 1
        return _collect_and(raw, args, target)


def _collect_and(raw: Path, args: argparse.Namespace, target: Path | None) -> int:
    """Read and check the inputs, then (unless --check) write the database: a file or a new version."""
    started = time.perf_counter()
    try:
        inputs = collect(raw, progress=sys.stderr.isatty())
    except BuildError as exc:
        _print_problems(exc.problems)
        print(f"{len(exc.problems):,} problem(s) found; nothing was written.", file=sys.stderr)
        return 1
    if target is None:
        _print_problems(inputs.warnings, sys.stdout)
        print(f"Check passed: {raw} ({len(inputs.warnings)} warning(s)); nothing was written.")
        return 0
    unchanged = f"{target} is unchanged" if args.db else f"the published versions of {args.dataset} are unchanged"
    try:
        if args.db:
            db, counts = target, write_database(inputs, target, MethodConfig(), progress=sys.stderr.isatty())
        else:
            db, counts = write_version(inputs, args.dataset, MethodConfig(), progress=sys.stderr.isatty())
    except Exception as exc:  # a full disk, a lost file system, a failed post-load check
        message = f"the build failed while writing ({type(exc).__name__}: {exc}); {unchanged}."
        print(f"error: [{E.WRITE_FAILED}] {message}", file=sys.stderr)
        return 1
    _summary(inputs, db, counts, time.perf_counter() - started)
    return 0


def _summary(inputs: Inputs, db: Path, counts: dict[str, int], seconds: float) -> None:
    m = inputs.manifest
    label = " (SYNTHETIC)" if m.is_synthetic else ""
    print(f"Built {db} from dataset '{m.name}'{label}, data cut-off {m.data_cutoff}, in {seconds:.1f} s.")
    width = max(len(name) for name in counts)
    for name, rows in counts.items():
        print(f"  {name:<{width}}  {rows:>10,}")
    print(f"{len(inputs.warnings)} warning(s) (see the validation_report table).")
    _print_problems(inputs.warnings[:20], sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
