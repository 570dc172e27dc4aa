"""Repository-relative paths, with the GCM_DATASET and GCM_DB_PATH overrides."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
REFERENCE = DATA / "reference"
RAW = DATA / "raw"
# Built databases; GCM_BUILD_DIR moves them (a server's data volume, a test's scratch folder).
BUILD = Path(os.environ["GCM_BUILD_DIR"]) if os.environ.get("GCM_BUILD_DIR") else DATA / "build"
DOCS = ROOT / "docs"

DEFAULT_DATASET = "demo"


def dataset_name() -> str:
    """The dataset chosen by `GCM_DATASET`, else the default (`demo`)."""
    return os.environ.get("GCM_DATASET") or DEFAULT_DATASET


def raw_dir(dataset: str) -> Path:
    """The folder of import files of a dataset kept in this repository."""
    return RAW / dataset
