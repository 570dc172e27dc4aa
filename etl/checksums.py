"""Input checksums: each file version hashed once, in a background thread while the build parses it."""

from __future__ import annotations

import contextlib
import hashlib
import threading
from pathlib import Path

_CHECKSUMS: dict[tuple[str, int, int], str] = {}
_CHECKSUMS_LOCK = threading.Lock()


def sha256(path: Path) -> str:
    """The file's sha256, computed once per file version (the build asks for each input's three times)."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
    with _CHECKSUMS_LOCK:
        if key in _CHECKSUMS:
            return _CHECKSUMS[key]
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
    with _CHECKSUMS_LOCK:
        _CHECKSUMS[key] = digest
    return digest


def hash_in_background(paths_to_hash: list[Path]) -> threading.Thread:
    """Checksum the input files in another thread while the main one parses them (hashlib releases the GIL)."""

    def run() -> None:
        for path in paths_to_hash:
            # A file that vanished meanwhile is reported by the main thread when it gets there.
            with contextlib.suppress(OSError):
                sha256(path)

    thread = threading.Thread(target=run, name="checksums", daemon=True)
    thread.start()
    return thread
