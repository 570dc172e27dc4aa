"""The one converter of the public GCM records into data/raw/public (`python -m etl.convert_public`)."""

from etl.convert_public.cli import convert, main
from etl.convert_public.commitments import ENTITY_CATEGORY_MAP

__all__ = ["ENTITY_CATEGORY_MAP", "convert", "main"]
