"""What every page of one run needs: the database, the filters, reference frames and label look-ups."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import pandas as pd
import streamlit as st

from dashboard import db, queries
from dashboard.filters import Choices, Filters
from dashboard.i18n import t

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

    def run(self, query, **kwargs) -> pd.DataFrame:
        return db.run(self.database, query, **kwargs)

    @property
    def is_synthetic(self) -> bool:
        return bool(self.info.get("is_synthetic"))

    @property
    def rounds(self) -> tuple[int, int] | None:
        return self.filters.rounds

    def short_title(self, objective_id: int) -> str:
        rows = self.objectives[self.objectives["objective_id"] == int(objective_id)]
        return str(rows["short_title"].iloc[0]) if len(rows) else str(objective_id)

    def objective_label(self, objective_id: int) -> str:
        return f"{int(objective_id)} · {self.short_title(objective_id)}"

    def _geo_row(self, geo_id: str):
        rows = self.geographies[self.geographies["geo_id"] == geo_id]
        return rows.iloc[0] if len(rows) else None

    def geo_level(self, geo_id: str) -> str | None:
        row = self._geo_row(geo_id)
        return None if row is None else str(row["geo_level"])

    def geo_name(self, geo_id: str) -> str:
        row = self._geo_row(geo_id)
        if row is None:
            return str(geo_id)
        if row["geo_level"] == "global":
            return t("geo.global")
        return str(row["name"])

    def geo_label(self, geo_id: str) -> str:
        """Names in full with what they are: "Kenya (KEN)", "Eastern Africa (M49 sub-region)", "ECA (…)"."""
        row = self._geo_row(geo_id)
        if row is None:
            return str(geo_id)
        level = row["geo_level"]
        if level == "country":
            return t("geo.label.country", name=row["name"], id=geo_id)
        if level == "commission":
            return t("geo.label.commission", name=row["name"], id=geo_id)
        if level == "subregion":
            return t("geo.label.subregion", name=row["name"])
        return t("geo.global")

    def geo_options(self) -> list[str]:
        """Sub-regions, then commissions, then countries, each in name order."""
        order = {"subregion": 0, "commission": 1, "country": 2}
        rows = [(order[r.geo_level], str(r.name).casefold(), r.geo_id)
                for r in self.geographies.itertuples() if r.geo_level in order]
        return [geo_id for *_, geo_id in sorted(rows)]

    def countries(self) -> list[str]:
        rows = [(str(r.name).casefold(), r.geo_id) for r in self.geographies.itertuples() if r.geo_level == "country"]
        return [geo_id for _, geo_id in sorted(rows)]

    def selected(self, level: str) -> list[str]:
        """The chosen geographies of one level."""
        return [g for g in self.filters.geos if self.geo_level(g) == level]

    def view_url(self, url_path: str = "") -> str:
        """The shareable URL of the current view (absolute when the browser's address is known)."""
        query = urlencode(self.filters.to_params(), doseq=True)
        base = ""
        try:
            url = st.context.url
        except Exception:  # no browser context in some test runners
            url = None
        if url:
            parts = urlsplit(url)
            base = f"{parts.scheme}://{parts.netloc}"
        return f"{base}/{url_path}?{query}"

    def metadata(self, url_path: str = "") -> dict:
        from dashboard import downloads

        sources = self.run(queries.sources).to_dict("records")
        return downloads.view_metadata(self.info, self.filters.as_dict(), self.view_url(url_path), sources)


def set_current(ctx: Context) -> None:
    st.session_state[_KEY] = ctx


def get() -> Context:
    return st.session_state[_KEY]
