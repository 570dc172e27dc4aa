"""The labels table: names of countries, regions, objectives, principles, commissions in the six UN languages."""

from __future__ import annotations

import functools
import re
import unicodedata

import pandas as pd

from etl import paths

LANGS = ("ar", "zh", "en", "fr", "ru", "es")
I18N = paths.REFERENCE / "i18n"
# Our own translations where no official name was found; every row of it is official = false.
UNOFFICIAL = I18N / "labels_unofficial.csv"
# Other names importers meet (former names, common spellings): matched, never shown as a label.
ALIASES = I18N / "country_aliases.csv"
COLUMNS = ("kind", "id", "lang", "text", "official")
# kind: what the id names.
#   country (ISO3), region (M49 code: world, regions, sub-regions, intermediate regions), subregion (the
#   dashboard's sub-region id, its English M49 name), global (GLOBAL), objective (short title, 1-23),
#   objective_title (full title), principle (1-10), commission and commission_short (commission id),
#   roundtable (IMRF round table 1-4), mptf_area (MPTF thematic area 1-5), round (review round 1-3), entity_category
#   (a pledging entity's category; its English name is its id). Objective 0, the dashboard's "all objectives (each
#   record once)", is an objective with id 0.
KINDS = (
    "country",
    "region",
    "subregion",
    "global",
    "objective",
    "objective_title",
    "principle",
    "commission",
    "commission_short",
    "roundtable",
    "mptf_area",
    "round",
    "entity_category",
)


def _read(name: str) -> pd.DataFrame:
    # keep_default_na=False: Namibia's ISO2 "NA" and empty cells stay strings; empty means "not found".
    return pd.read_csv(I18N / name, dtype=str, keep_default_na=False, encoding="utf-8")


def _rows(frame: pd.DataFrame, kind: str, id_col: str, text_col: str) -> pd.DataFrame:
    found = frame[frame[text_col].str.strip() != ""]
    return pd.DataFrame({"kind": kind, "id": found[id_col], "lang": found["lang"], "text": found[text_col].str.strip()})


def _official() -> pd.DataFrame:
    countries = _read("m49_countries_i18n.csv")
    regions = _read("m49_regions_i18n.csv")
    objectives = _read("objectives_i18n.csv")
    principles = _read("guiding_principles_i18n.csv")
    commissions = _read("commissions_i18n.csv")
    roundtables = _read("roundtables_i18n.csv")
    # The dashboard names a sub-region by its English M49 name (etl/schema.py: "Sub-region name, also its id").
    reference = pd.read_csv(paths.REFERENCE / "m49_subregions.csv", dtype=str, keep_default_na=False)
    subregion_ids = set(reference["subregion"])
    english = regions[regions["lang"] == "en"].set_index("m49")["name"]
    sub = regions[regions["m49"].map(english).isin(subregion_ids)].assign(geo=lambda f: f["m49"].map(english))
    world = regions[regions["level"] == "global"].assign(geo="GLOBAL")
    parts = [
        _rows(countries, "country", "iso3", "country_name"),
        _rows(regions, "region", "m49", "name"),
        _rows(sub, "subregion", "geo", "name"),
        _rows(world, "global", "geo", "name"),
        _rows(objectives, "objective", "objective_id", "short_title"),
        _rows(objectives, "objective_title", "objective_id", "full_title"),
        _rows(principles, "principle", "principle_id", "name"),
        _rows(commissions, "commission", "commission_id", "name"),
        _rows(commissions, "commission_short", "commission_id", "short_name"),
        _rows(roundtables, "roundtable", "roundtable_id", "title"),
    ]
    return pd.concat(parts, ignore_index=True).assign(official=True)


def _english_sources() -> pd.DataFrame:
    """English names that live in the reference tables and the schema (their other languages are our translations):
    the MPTF thematic areas and pledge entity categories as their sources name them (official), the review rounds'
    names and objective 0 as the dashboard names them (not official names)."""
    from etl.schema.vocabularies import ALL_OBJECTIVES_TITLE, ENTITY_CATEGORIES  # etl.schema imports this module

    areas = pd.read_csv(paths.REFERENCE / "mptf_thematic_areas.csv", dtype=str, keep_default_na=False)
    rounds = pd.read_csv(paths.REFERENCE / "review_rounds.csv", dtype=str, keep_default_na=False)
    rows = [
        *(("mptf_area", a, t, True) for a, t in zip(areas["area_id"], areas["title"], strict=True)),
        *(("entity_category", c, c, True) for c in ENTITY_CATEGORIES),
        *(("round", r, n, False) for r, n in zip(rounds["round_id"], rounds["name"], strict=True)),
        ("objective", "0", ALL_OBJECTIVES_TITLE, False),
    ]
    return pd.DataFrame(
        [{"kind": k, "id": i, "lang": "en", "text": t, "official": o} for k, i, t, o in rows], columns=list(COLUMNS)
    )


def _unofficial() -> pd.DataFrame:
    own = pd.read_csv(UNOFFICIAL, dtype=str, keep_default_na=False, encoding="utf-8")
    return own[["kind", "id", "lang", "text"]].assign(official=False)


@functools.lru_cache(maxsize=1)
def _labels() -> pd.DataFrame:
    official = pd.concat([_official(), _english_sources()], ignore_index=True)
    own = _unofficial()
    # An official name always wins: our translation only fills a gap (and a duplicate would be a data error).
    key = ["kind", "id", "lang"]
    clash = own.merge(official[key], on=key)
    if len(clash):
        raise ValueError(f"unofficial labels shadow official ones: {clash[key].to_dict('records')[:5]}")
    frame = pd.concat([official, own], ignore_index=True)
    order = {kind: i for i, kind in enumerate(KINDS)}
    frame = frame.assign(
        _kind=frame["kind"].map(order),
        _lang=frame["lang"].map({lang: i for i, lang in enumerate(LANGS)}),
        _num=pd.to_numeric(frame["id"], errors="coerce"),
    )
    frame = frame.sort_values(["_kind", "_num", "id", "_lang"], na_position="last", kind="stable")
    return frame[list(COLUMNS)].reset_index(drop=True)


def labels() -> pd.DataFrame:
    """Rows of labels(kind, id, lang, text, official), sorted by kind, id and language (a fresh copy)."""
    return _labels().copy()


def normalise_name(name: str) -> str:
    """The form names are compared in: case-folded, without accents or Arabic short vowels (so "Cote d'Ivoire"
    finds Côte d’Ivoire and a vowelled Arabic name its plain form), one space, straight apostrophes."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'").replace("ʼ", "'"))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", " ", text).strip().strip(".").casefold()


@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    frame = _labels()
    countries = frame[frame["kind"] == "country"][["text", "id"]]
    english = pd.read_csv(paths.REFERENCE / "m49_subregions.csv", dtype=str, keep_default_na=False)
    aliases = pd.read_csv(ALIASES, dtype=str, keep_default_na=False, encoding="utf-8")
    pairs = [
        *countries.itertuples(index=False, name=None),
        *zip(english["name"], english["iso3"], strict=True),
        *zip(aliases["alias"], aliases["iso3"], strict=True),
    ]
    mapping: dict[str, str] = {}
    ambiguous: set[str] = set()
    for text, iso3 in pairs:
        key = normalise_name(text)
        if mapping.get(key, iso3) != iso3:
            ambiguous.add(key)
        mapping[key] = iso3
    for key in ambiguous:
        del mapping[key]
    return mapping


def country_names_any_language() -> dict[str, str]:
    """Country name (normalised by normalise_name) in any of the six languages, the English reference name or a
    known alias, to its ISO3; a name two countries share is left out so that it can never match wrongly."""
    return dict(_country_names())


def country_iso3(name: str) -> str | None:
    """The ISO3 of a country named in any of the six languages ("Kenia", "Кения", "肯尼亚", "كينيا"), or None."""
    return _country_names().get(normalise_name(name))
