"""Immutable database versions: data/build/<dataset>/<version>.duckdb, a CURRENT pointer, one builder at a time."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
from collections.abc import Iterator
from pathlib import Path

from etl import paths

KEEP = 5  # versions kept per dataset: links made on them still open them
POINTER = "CURRENT"
LOCK = ".build.lock"
SUFFIX = ".duckdb"
# A data version as links carry it (`v=`): method version and the start of the input checksum.
VERSION_PATTERN = re.compile(r"^\d+(\.\d+)*-[0-9a-f]{8}$")
DATASET_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class BuildBusy(Exception):
    """Another build of the same dataset holds the lock."""


def version_id(method_version: str, input_checksum: str) -> str:
    """The data version of a build: what its file is named and what a link's `v=` carries."""
    return f"{method_version}-{input_checksum[:8]}"


def dataset_dir(dataset: str, root: Path | None = None) -> Path:
    return (root or paths.BUILD) / dataset


def current(dataset: str, root: Path | None = None) -> Path | None:
    """The file the dataset's pointer names, or None when the dataset has no published version."""
    folder = dataset_dir(dataset, root)
    try:
        name = (folder / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    path = folder / name
    return path if _is_version_name(name) and path.is_file() else None


def database_path(dataset: str | None = None) -> Path:
    """The database a command reads: GCM_DB_PATH when set, else the dataset's current version, else the single
    file `data/build/<dataset>.duckdb` that `--db` builds write."""
    override = os.environ.get("GCM_DB_PATH")
    if override:
        return Path(override)
    dataset = dataset or paths.dataset_name()
    return current(dataset) or paths.BUILD / f"{dataset}{SUFFIX}"


def find(dataset: str, version: str, root: Path | None = None) -> Path | None:
    """The kept file of one data version, or None when it is not (or no longer) kept."""
    if not VERSION_PATTERN.match(version or ""):
        return None
    path = dataset_dir(dataset, root) / f"{version}{SUFFIX}"
    return path if path.is_file() else None


def kept(dataset: str, root: Path | None = None) -> list[Path]:
    """The dataset's kept versions, newest first."""
    folder = dataset_dir(dataset, root)
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if _is_version_name(p.name) and p.is_file()]
    return sorted(files, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def datasets(root: Path | None = None) -> list[str]:
    """Datasets with a published version."""
    root = root or paths.BUILD
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and current(p.name, root) is not None)


def temporary_path(folder: Path, version: str) -> Path:
    """A build's own temporary file: named by its process, so no build ever removes or publishes another's."""
    return folder / f".{version}.{os.getpid()}.tmp"


def publish(tmp: Path, version: str, keep: int = KEEP) -> Path:
    """Move a finished, checked temporary file to its version name, then flip the pointer to it (both atomic
    renames in one folder), then drop the oldest versions beyond `keep`. Readers see the old or the new version,
    never a file in between."""
    folder = tmp.parent
    target = folder / f"{version}{SUFFIX}"
    os.replace(tmp, target)
    _fsync_dir(folder)
    pointer_tmp = folder / f".{POINTER}.{os.getpid()}.tmp"
    pointer_tmp.write_text(target.name + "\n", encoding="utf-8")
    os.replace(pointer_tmp, folder / POINTER)
    _fsync_dir(folder)
    prune(folder, keep)
    return target


def prune(folder: Path, keep: int = KEEP) -> list[Path]:
    """Remove the oldest versions beyond `keep`, never the current one; returns what was removed."""
    pointer = (folder / POINTER).read_text(encoding="utf-8").strip() if (folder / POINTER).exists() else None
    files = [p for p in kept(folder.name, folder.parent) if p.name != pointer]
    removed = files[max(keep - 1, 0) :]
    for path in removed:
        for stale in (path, path.with_name(path.name + ".wal")):
            stale.unlink(missing_ok=True)
    return removed


def lock_path(target: Path) -> Path:
    """The lock of a build target: a dataset's folder, or a single `--db` file."""
    return target / LOCK if target.suffix != SUFFIX else target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def build_lock(target: Path, dataset: str) -> Iterator[None]:
    """Hold the exclusive build lock of a target (flock: the kernel releases it if the build is killed); raise
    BuildBusy naming the holder's pid when another build has it."""
    path = lock_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.EACCES):
                raise
            handle.seek(0)
            holder = handle.read().strip() or "?"
            raise BuildBusy(f"another build of {dataset} is running (pid {holder}); wait for it to finish") from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            _remove_stale_temporaries(target)
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_stale_temporaries(target: Path) -> None:
    """Temporary files left by killed builds of this target (the lock is ours: no other build writes them)."""
    pattern = ".*.tmp*" if target.suffix != SUFFIX else f".{target.name}.*.tmp*"
    folder = target if target.suffix != SUFFIX else target.parent
    for stale in folder.glob(pattern):
        stale.unlink(missing_ok=True)


def _is_version_name(name: str) -> bool:
    return name.endswith(SUFFIX) and bool(VERSION_PATTERN.match(name[: -len(SUFFIX)]))


def _fsync_dir(folder: Path) -> None:
    # The renames must reach the disk before the pointer names them: a crash then leaves the old or the new state.
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
