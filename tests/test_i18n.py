"""The string catalogue: every key the dashboard uses exists, and no key sits unused."""

import re
import string
from pathlib import Path

from dashboard import filters
from dashboard.i18n import STRINGS, t
from etl import schema

DASHBOARD = Path(__file__).resolve().parent.parent / "dashboard"
# t("key") and t('key'), and the empty-state helper that takes a key: components.empty("key").
STATIC_KEY = re.compile(r"""\b(?:t|empty)\(\s*(["'])([a-z_][a-z0-9_.]*)\1""")
DYNAMIC_KEY = re.compile(r"""\bt\(\s*f(["'])([a-z_.]+)\{""")
# The families of keys built at run time, with every value they can take.
FAMILIES = {
    "class.": schema.CATEGORIES,
    "confidence.": schema.CONFIDENCES,
    "label.": schema.LABELS,
    "stream.": filters.STREAM_CHOICES,
    "level.cells.": filters.LEVELS,
    "level.plural.": (*filters.LEVELS, "country"),
    "level.switch.": filters.LEVELS,
    "page.": ("overview", "objectives", "countries", "regions", "extracts", "method"),
    "objectives.kind.": ("objectives", "roundtable", "mptf", "principle"),
    "countries.order.": ("objective", "name"),
    "regions.measure.": ("count_to", "count_from", "class"),
    "extracts.view.": ("activities", "progress", "coverage"),
    "objectives.group_heading.": ("roundtable", "mptf_area"),
    "level.one.": ("country", "subregion", "commission", "global"),
    "basis.": ("count", "share", "breadth", "label", "help"),
    "regions.heat_title.": ("count", "share", "breadth"),
    "exposure.": ("rate", "per_round"),
    "objectives.group_subject.": ("roundtable", "mptf_area"),
    "threshold.": (
        "moderate",
        "substantial",
        "n_min",
        "alpha",
        "continuity",
        "robust_stagnation_n",
        "score_cap",
        "short_window_years",
        "exposure_model",
        "round_close",
        "mechanism_start",
    ),
}
# Column headers are looked up by column name (components.column_config), so any col.* key may be used.
LOOKED_UP_BY_NAME = ("col.",)


def sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in DASHBOARD.rglob("*.py")}


def test_every_static_key_exists():
    missing = sorted(
        {
            f"{path.name}: {m.group(2)}"
            for path, text in sources().items()
            for m in STATIC_KEY.finditer(text)
            if m.group(2) not in STRINGS
        }
    )
    assert not missing, missing


def test_every_dynamic_key_family_is_known_and_complete():
    prefixes = {m.group(2) for text in sources().values() for m in DYNAMIC_KEY.finditer(text)}
    unknown = prefixes - set(FAMILIES)
    assert not unknown, f"f-string keys with no family in this test: {unknown}"
    missing = [
        prefix + value for prefix, values in FAMILIES.items() for value in values if prefix + value not in STRINGS
    ]
    assert not missing, missing


def test_no_unused_keys():
    used = {m.group(2) for text in sources().values() for m in STATIC_KEY.finditer(text)}
    unused = [
        key
        for key in STRINGS
        if key not in used and not key.startswith(tuple(FAMILIES)) and not key.startswith(LOOKED_UP_BY_NAME)
    ]
    assert not unused, unused


def test_templates_are_well_formed():
    for key, text in STRINGS.items():
        fields = [name for _, name, _, _ in string.Formatter().parse(text) if name]
        assert all(re.fullmatch(r"[a-z_0-9]+(:,)?", f) or re.fullmatch(r"[a-z_0-9]+", f) for f in fields), key


def test_t_formats_and_shows_unknown_keys():
    assert t("rounds.pair", a=1, b=2) == "rounds 1 → 2"
    assert t("no.such.key") == "no.such.key"
    assert t("banner.synthetic") == "Synthetic demo data, not real GCM figures."


def test_user_facing_literals_live_in_the_catalogue():
    """Pages pass no English literals to Streamlit: every label goes through t()."""
    widget_call = re.compile(
        r"""st\.(?:markdown|caption|subheader|header|title|info|warning|error|success|write|"""
        r"""button|radio|selectbox|multiselect|metric)\(\s*(["'])([A-Za-z][^"']*)\1"""
    )
    offenders = [
        f"{path.name}: {m.group(2)}"
        for path, text in sources().items()
        if "app_pages" in path.parts
        for m in widget_call.finditer(text)
    ]
    assert not offenders, offenders


def test_every_extract_column_has_a_header():
    from etl import export

    assert [c for c in export.EXTRACT_COLUMNS if f"col.{c}" not in STRINGS] == []
