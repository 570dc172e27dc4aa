"""Reference names in the view's language: query frames get their country, region, objective, principle,
commission and round-table names from the labels table (English where a language has none)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

# Geography levels and the labels kind naming each (sub-regions are named by their English M49 name, their id).
GEO_KINDS = {"country": "country", "subregion": "subregion", "commission": "commission", "global": "global"}
# (id column, name column, labels kind) of query frames; a name column of `;`-joined English names is mapped name
# by name (activity_list joins an activity's objectives and countries that way).
BY_ID = (
    ("objective_id", "short_title", "objective"),
    ("objective_id", "title", "objective_title"),
    ("objective_id", "objective_title", "objective"),
    ("roundtable_id", "roundtable_title", "roundtable"),
    ("principle_id", "name", "principle"),
    ("iso3", "name", "country"),
    ("iso3", "country_name", "country"),
    ("area_id", "area_title", "mptf_area"),
    ("round_id", "round_name", "round"),
    # Named by their English names, which are their ids.
    ("subregion", "subregion", "subregion"),
    ("entity_category", "entity_category", "entity_category"),
)
# The labels kind of a group's title by its group_kind (objective_groups says "mptf", group cells "mptf_area").
GROUP_KINDS = {"roundtable": "roundtable", "mptf": "mptf_area", "mptf_area": "mptf_area"}
JOINED = (("objective_titles", "objective"), ("country_names", "country"))


@dataclass
class Names:
    """One language's names: `text[kind][id]`, and the English name per kind and id for matching and fallback."""

    lang: str
    text: dict[str, dict[str, str]] = field(default_factory=dict)
    english: dict[str, dict[str, str]] = field(default_factory=dict)
    by_english: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def from_frame(cls, lang: str, frame: pd.DataFrame) -> Names:
        names = cls(lang)
        for kind, rows in frame.groupby("kind", sort=False):
            ids = rows["id"].astype(str)
            names.text[kind] = dict(zip(ids, rows["text"], strict=True))
            names.english[kind] = dict(zip(ids, rows["english"], strict=True))
            names.by_english[kind] = dict(zip(rows["english"], rows["text"], strict=True))
        return names

    def name(self, kind: str, key: object, default: str | None = None) -> str:
        found = self.text.get(kind, {}).get(str(key))
        return found if found is not None else (default if default is not None else str(key))

    def english_name(self, kind: str, key: object, default: str | None = None) -> str:
        found = self.english.get(kind, {}).get(str(key))
        return found if found is not None else (default if default is not None else str(key))

    def geo(self, level: str | None, geo_id: str, default: str | None = None) -> str:
        return self.name(GEO_KINDS.get(level or "", ""), geo_id, default)

    def _map(self, ids: pd.Series, names: pd.Series, kind: str) -> pd.Series:
        table = self.text.get(kind, {})
        mapped = ids.astype(str).map(table)
        return mapped.where(mapped.notna(), names)

    def _geo_names(self, frame: pd.DataFrame, name_col: str) -> pd.Series:
        ids = frame["geo_id"].astype(str)
        if "geo_level" in frame.columns:
            out = frame[name_col].copy()
            for level, kind in GEO_KINDS.items():
                rows = frame["geo_level"] == level
                if rows.any():
                    out[rows] = self._map(ids[rows], frame.loc[rows, name_col], kind)
            return out
        # No level column: ISO3 codes, commission ids and sub-region names never coincide.
        out = frame[name_col]
        for kind in ("country", "commission", "subregion"):
            out = self._map(ids, out, kind)
        return out

    def _joined(self, values: pd.Series, kind: str) -> pd.Series:
        table = self.by_english.get(kind, {})
        return values.map(
            lambda v: ";".join(table.get(part, part) for part in v.split(";")) if isinstance(v, str) else v
        )

    def localise(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The frame with every name column it has in this language (a copy; the input is left as it was)."""
        if self.lang == "en" or frame.empty:
            return frame
        columns = set(frame.columns)
        out = None
        for id_col, name_col, kind in BY_ID:
            if {id_col, name_col} <= columns and kind in self.text:
                out = frame.copy() if out is None else out
                out[name_col] = self._map(out[id_col], out[name_col], kind)
        if "geo_id" in columns:
            for name_col in ("geo_name", "name"):
                if name_col in columns:
                    out = frame.copy() if out is None else out
                    out[name_col] = self._geo_names(out, name_col)
        if {"group_kind", "group_id", "title"} <= columns:
            out = frame.copy() if out is None else out
            for group_kind, kind in GROUP_KINDS.items():
                rows = out["group_kind"] == group_kind
                if rows.any():
                    out.loc[rows, "title"] = self._map(out.loc[rows, "group_id"], out.loc[rows, "title"], kind)
        for name_col, kind in JOINED:
            if name_col in columns:
                out = frame.copy() if out is None else out
                out[name_col] = self._joined(out[name_col], kind)
        return frame if out is None else out
