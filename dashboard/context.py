"""What every page of one run needs: the database, the filters, reference frames and label look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from dashboard import db
from dashboard.filters import Choices, Filters, data_version, url_params
from dashboard.i18n import current_language, t
from dashboard.l10n import fmt_date
from dashboard.names import Names

_KEY = "_context"


@dataclass
class Context:
    database: db.Database
    filters: Filters
    choices: Choices
    info: dict
    objectives: pd.DataFrame
    geographies: pd.DataFrame
    pages: dict = field(default_factory=dict)
    names: Names | None = None  # the session language's reference names (English beside them, for the pickers)
    memo: dict = field(default_factory=dict)  # what one run computes once for several panels (a view's metadata)

    def __post_init__(self) -> None:
        found = _lookups(self.database.path, self.database.mtime, current_language(), self.objectives, self.geographies)
        self._titles, self._geos, self._labels = found.titles, found.geos, found.labels
        self._options, self._countries = found.options, found.countries

    def run(self, query, **kwargs) -> pd.DataFrame:
        return db.run(self.database, query, **kwargs)

    @property
    def is_synthetic(self) -> bool:
        return bool(self.info.get("is_synthetic"))

    @property
    def cutoff(self) -> str:
        value = self.info.get("data_cutoff")
        return value.date().isoformat() if isinstance(value, pd.Timestamp) else str(value or "")

    @property
    def cutoff_text(self) -> str:
        """The data cut-off as the language writes a date (`5 mars 2026`); ISO where there is none to read."""
        return fmt_date(self.cutoff) if self.cutoff[:4].isdigit() else self.cutoff

    @property
    def rounds(self) -> tuple[int, int] | None:
        return self.filters.rounds

    def short_title(self, objective_id: int) -> str:
        return str(self._titles.get(int(objective_id), objective_id))

    def objective_label(self, objective_id: int) -> str:
        return f"{int(objective_id)} · {self.short_title(objective_id)}"

    def geo_level(self, geo_id: str) -> str | None:
        found = self._geos.get(geo_id)
        return found[0] if found else None

    def geo_name(self, geo_id: str) -> str:
        level, name = self._geos.get(geo_id, (None, str(geo_id)))
        return t("geo.global") if level == "global" else name

    def geo_label(self, geo_id: str) -> str:
        """Names in full with what they are: "Kenya (KEN)", "Eastern Africa (M49 sub-region)", "ECA · …"."""
        label = self._labels.get(geo_id)
        if label is None:  # made once per data version and language: the picker asks for every option every run
            label = self._labels[geo_id] = self._geo_label(geo_id)
        return label

    def _geo_label(self, geo_id: str) -> str:
        level, name = self._geos.get(geo_id, (None, str(geo_id)))
        # The picker searches its labels: a country's English name beside its own lets either be typed.
        english = self.names.english_name("country", geo_id, name) if self.names and level == "country" else name
        if level == "country" and english != name:
            return t("geo.label.country_en", name=name, english=english, id=geo_id)
        if level == "country":
            return t("geo.label.country", name=name, id=geo_id)
        if level == "commission":
            short = self.names.name("commission_short", geo_id) if self.names else geo_id
            return t("geo.label.commission", name=name, id=short)
        if level == "subregion":
            return t("geo.label.subregion", name=name)
        return t("geo.global") if level == "global" else str(geo_id)

    def geo_options(self) -> list[str]:
        """Sub-regions, then commissions, then countries, each in name order."""
        return list(self._options)

    def countries(self) -> list[str]:
        return list(self._countries)

    def selected(self, level: str) -> list[str]:
        """The chosen geographies of one level."""
        return [g for g in self.filters.geos if self.geo_level(g) == level]

    def view_url(self, url_path: str = "") -> str:
        """The shareable URL of the current view (absolute when the browser's address is known)."""
        query = urlencode(url_params(self.filters, data_version(self.info)), doseq=True)
        base = ""
        try:
            url = st.context.url
        except Exception:  # no browser context in some test runners
            url = None
        if url:
            parts = urlsplit(url)
            base = f"{parts.scheme}://{parts.netloc}"
        return f"{base}/{url_path}?{query}"


def set_current(ctx: Context) -> None:
    st.session_state[_KEY] = ctx


def get() -> Context:
    return st.session_state[_KEY]


@dataclass(frozen=True)
class _Lookups:
    titles: dict
    geos: dict
    options: tuple
    countries: tuple
    labels: dict  # geo id -> picker label, filled as asked


# Per data version and language, not per run: plain dicts and sorted lists out of the reference frames (reading
# Arrow strings one by one cost a few milliseconds of every run).
@st.cache_resource(max_entries=32, show_spinner=False)
def _lookups(path: str, mtime: float, lang: str, _objectives: pd.DataFrame, _geographies: pd.DataFrame) -> _Lookups:
    titles = dict(zip(_objectives["objective_id"].astype(int), _objectives["short_title"], strict=True))
    rows = list(zip(_geographies["geo_id"], _geographies["geo_level"], _geographies["name"].astype(str), strict=True))
    order = {"subregion": 0, "commission": 1, "country": 2}
    options = sorted((order[level], name.casefold(), geo) for geo, level, name in rows if level in order)
    countries = sorted((name.casefold(), geo) for geo, level, name in rows if level == "country")
    return _Lookups(
        titles=titles,
        geos={geo: (level, name) for geo, level, name in rows},
        options=tuple(geo for *_, geo in options),
        countries=tuple(geo for _, geo in countries),
        labels={},
    )
