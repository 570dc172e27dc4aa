"""Expected frames written as CSV text in a test, and tables turned to text to compare with them."""

import inspect
import io

import pandas as pd


def csv_frame(text: str, as_text: bool = False) -> pd.DataFrame:
    """A frame from indented CSV text; `as_text`: every cell a string ("" when empty), to compare with `as_text()`."""
    if as_text:
        return pd.read_csv(io.StringIO(inspect.cleandoc(text)), dtype=str, keep_default_na=False)
    return pd.read_csv(io.StringIO(inspect.cleandoc(text)))


def as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every cell as its string ("" for NULL), renumbered: tables of any dtypes compare with `csv_frame(..., True)`."""
    return frame.astype(object).where(frame.notna(), "").astype(str).reset_index(drop=True)
