"""Deterministic synthetic demo dataset (not real GCM figures): `python -m etl.demo [--seed 42] [--scale 1]`."""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from etl import paths
from etl.demo.gcm_talks import make_talks
from etl.demo.pledges import make_pledges
from etl.demo.practices import make_practices
from etl.demo.reasons import make_reasons
from etl.demo.regional_reviews import make_review_meetings, make_submissions
from etl.demo.sampling import load_reference, make_weights
from etl.demo.writing import MANIFEST, frame_columns, write_csv, write_import_file, write_manifest

__all__ = ["default_out_dir", "ensure_demo", "generate", "main", "write_csv"]

# Volumes at scale 1 (DESIGN.md §2); --scale multiplies them.
PLEDGES_PER_SCALE, PRACTICES_PER_SCALE, TALKS_PER_SCALE = 250, 1_000, 150


def generate(out_dir: Path, seed: int = 42, scale: int = 1) -> dict[str, int]:
    """Write the synthetic import files and manifest.yml into `out_dir`; returns the rows per file."""
    if scale < 1:
        raise ValueError(f"scale must be a positive integer, not {scale}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MANIFEST).unlink(missing_ok=True)  # an interrupted run must not look complete
    ref = load_reference()
    # One independent stream per file: changing how one file is drawn leaves the others byte-identical.
    weights_rng, *file_rngs = np.random.default_rng(seed).spawn(7)
    weights = make_weights(ref, weights_rng)
    makers = {
        "pledges.csv": lambda rng: make_pledges(ref, weights, rng, PLEDGES_PER_SCALE * scale),
        "practices.csv": lambda rng: make_practices(ref, weights, rng, PRACTICES_PER_SCALE * scale),
        "gcm_talks.csv": lambda rng: make_talks(ref, weights, rng, TALKS_PER_SCALE * scale),
        "submissions.csv": lambda rng: frame_columns(make_submissions(ref, weights, rng, scale)),
        "review_meetings.csv": lambda rng: frame_columns(make_review_meetings(ref, rng)),
        "reasons.csv": lambda rng: frame_columns(make_reasons(ref, weights, rng)),
    }
    files = {name: write_import_file(make(rng), out_dir, name) for (name, make), rng in zip(makers.items(), file_rngs)}
    write_manifest(out_dir, seed, scale, files)
    return {name: int(entry["rows"]) for name, entry in files.items()}


def ensure_demo(out_dir: Path) -> None:
    """Generate the default demo dataset into `out_dir` unless its manifest.yml is already there."""
    if not (Path(out_dir) / MANIFEST).exists():
        generate(Path(out_dir))


def default_out_dir(scale: int) -> Path:
    return paths.raw_dir("demo" if scale == 1 else f"demo-x{scale}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl.demo", description=__doc__)
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--scale", type=int, default=1, help="multiply pledges, practices and Talks (default 1)")
    parser.add_argument("--out", type=Path, help="output folder (default data/raw/demo/ or data/raw/demo-x<scale>/)")
    args = parser.parse_args(argv)
    out_dir = args.out or default_out_dir(args.scale)
    rows = generate(out_dir, seed=args.seed, scale=args.scale)
    for name, count in rows.items():
        print(f"{name:<22}{count:>12,}")
    print(f"{'total':<22}{sum(rows.values()):>12,}  -> {out_dir} (synthetic, seed {args.seed}, scale {args.scale})")
    return 0
