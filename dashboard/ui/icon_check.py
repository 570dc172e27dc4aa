"""Streamlit's check for a leading emoji, remembered per text: non-Latin labels paid it on every widget, every run."""

from __future__ import annotations

import functools

from streamlit import string_util

# Why: a segmented control's options and an alert's body go through string_util.extract_leading_emoji, which for
# any non-ASCII text calls re.search with a precompiled 23 kB pattern; re hashes that pattern's code on each call
# (50 µs), so a page's labels cost Arabic, Chinese or Russian ~0.6 ms a run that English never paid (docs/
# BENCHMARKS.md, "Languages at the cost of English"). The answer depends on the text alone: remembering it changes
# nothing shown. extract_leading_icon looks the function up in its module on each call: replacing it there reaches
# every widget.
ORIGINAL = string_util.extract_leading_emoji


@functools.lru_cache(maxsize=4096)
def extract_leading_emoji(text: str) -> tuple[str, str]:
    return ORIGINAL(text)


def install() -> None:
    """Route Streamlit's emoji check through the cache (idempotent)."""
    string_util.extract_leading_emoji = extract_leading_emoji
