"""Download file names: stable ASCII, `SYNTHETIC` in every synthetic file's name and never in a real one's."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from etl import schema

MAX_SLUG = 40
MAX_STEM = 120


def slug(text: str, limit: int = MAX_SLUG) -> str:
    """Characters outside [A-Za-z0-9.-] become `-`; at most `limit` characters."""
    cleaned = re.sub(r"[^A-Za-z0-9.-]+", "-", str(text)).strip("-.")
    return cleaned[:limit].rstrip("-.")


def file_name(dataset: str, is_synthetic: bool, name_parts: list[str], ext: str = "csv") -> str:
    """`gcm-<dataset>[-SYNTHETIC]_<part>_<part>.<ext>`: synthetic data always says so, real data never does."""
    parts = [slug(p) for p in name_parts]
    head = slug(dataset) or "dataset"
    if not is_synthetic:
        # A real dataset's file must not read as synthetic, whatever its name or filters are called.
        head = re.sub("synthetic", "", head, flags=re.IGNORECASE).strip("-.") or "dataset"
        parts = [re.sub("synthetic", "", p, flags=re.IGNORECASE).strip("-.") for p in parts]
    prefix = f"gcm-{head}" + ("-SYNTHETIC" if is_synthetic else "")
    rest = "_".join(p for p in parts if p)
    if len(prefix) + 1 + len(rest) > MAX_STEM:
        # Cut the filter part and keep a short hash of it, so two long selections still get different names.
        tag = hashlib.sha256(rest.encode()).hexdigest()[:8]
        rest = rest[: MAX_STEM - len(prefix) - 11].rstrip("-._") + "-" + tag
    stem = f"{prefix}_{rest}" if rest else prefix
    return f"{stem}.{slug(ext, 10).lower() or 'csv'}"


def extract_name_parts(
    stream: str | None = None,
    objectives: Sequence[int] = (),
    countries: Sequence[str] = (),
    rounds: Sequence[int] | None = None,
) -> list[str]:
    """File-name parts of an extract, as the Extracts page names its activities view.

    E.g. `["activities", "pledges", "obj5", "KEN", "r1-2"]`: the view, the stream (`all`), up to six objectives,
    one part per country and the first and last round.
    """
    parts = ["activities", stream or schema.COMPOSITE_STREAM]
    if objectives:
        parts.append("obj" + "-".join(str(o) for o in sorted(set(objectives))[:6]))
    parts += sorted({c.upper() for c in countries})  # sorted: the same file name whatever order they were chosen in
    if rounds:
        parts.append(f"r{min(rounds)}-{max(rounds)}")
    return parts
