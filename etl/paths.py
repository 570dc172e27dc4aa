"""Repository-relative paths, with the GCM_DATASET and GCM_DB_PATH overrides."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
RAW = DATA / "raw"
BUILD = DATA / "build"
DOCS = ROOT / "docs"

DEFAULT_DATASET = "demo"


def dataset_name() -> str:
    """The dataset chosen by `GCM_DATASET`, else the default (`demo`)."""
    return os.environ.get("GCM_DATASET") or DEFAULT_DATASET


def raw_dir(dataset: str) -> Path:
    """The folder of import files of a dataset kept in this repository."""
    return RAW / dataset


def db_path(dataset: str | None = None) -> Path:
    """The database file: `GCM_DB_PATH` when set, else `data/build/<dataset>.duckdb`."""
    override = os.environ.get("GCM_DB_PATH")
    if override:
        return Path(override)
    return BUILD / f"{dataset or dataset_name()}.duckdb"
