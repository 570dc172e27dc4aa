"""Plain tables and lines that describe a view or a build: an extract's filters, thresholds, the build record."""

from __future__ import annotations

import pandas as pd

from dashboard import queries, sentences
from dashboard.context import Context
from dashboard.i18n import STRINGS, t


def filter_lines(ctx: Context, view: str) -> list[str]:
    """The filters of an extract, one line each, in words."""
    f = ctx.filters
    lines = [
        t("extracts.line.dataset", title=ctx.info.get("dataset_title", f.dataset), name=f.dataset),
        t("extracts.line.view", view=t(f"extracts.view.{view}")),
        t("extracts.line.rounds", a=f.rounds[0], b=f.rounds[1]) if f.rounds else "",
        t("extracts.line.stream", stream=t(f"stream.{f.stream}")),
        t(
            "extracts.line.objectives",
            objectives=sentences.join_words([ctx.objective_label(o) for o in f.objectives])
            or t("filters.sentence.all_objectives"),
        ),
        t(
            "extracts.line.geos",
            geos=sentences.join_words([ctx.geo_label(g) for g in f.geos]) or t("filters.sentence.all_geos"),
        ),
    ]
    if view != "activities":
        lines.append(t("extracts.line.level", level=t(f"level.switch.{f.level}")))
    if f.principle is not None and view == "activities":
        names = ctx.run(queries.principles)
        lines.append(t("extracts.line.principle", name=names.loc[names["principle_id"] == f.principle, "name"].iloc[0]))
    lines.append(t("note.full_counting"))
    return [line for line in lines if line]


def thresholds_table(config) -> pd.DataFrame:
    """The method's thresholds as name, value and meaning rows."""
    rows = [
        ("moderate", config.moderate),
        ("substantial", config.substantial),
        ("n_min", config.n_min),
        ("alpha", config.alpha),
        ("continuity", config.continuity),
        ("robust_stagnation_n", config.robust_stagnation_n),
        ("score_cap", config.score_cap),
        ("short_window_years", config.short_window_years),
    ]
    rows += [(f"exposure_model.{stream}", model) for stream, model in config.exposure_models]
    rows += [(f"round_close.{stream}", column) for stream, column in config.round_closes]
    rows += [(f"mechanism_start.{stream}", start) for stream, start in config.mechanism_starts]
    return pd.DataFrame(
        {
            "threshold": [name for name, _ in rows],
            "setting_value": [str(value) for _, value in rows],
            "meaning": [t(f"threshold.{name.split('.')[0]}") for name, _ in rows],
        }
    )


def build_info_table(info: dict) -> pd.DataFrame:
    keys = [
        "dataset",
        "dataset_title",
        "is_synthetic",
        "data_cutoff",
        "licence",
        "method_version",
        "schema_version",
        "input_checksum",
        "description",
    ]
    return pd.DataFrame({"field_name": keys, "field_value": [_text(info.get(k)) for k in keys]})


def _text(value) -> str:
    """Dates as YYYY-MM-DD, missing as empty, everything else as text."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def headers(frame: pd.DataFrame) -> dict[str, str]:
    """Column headers in the view's language for a table shown as it is (col.<name>; the name where none exists)."""
    keys = {name: f"col.{name}" for name in frame.columns}
    return {name: t(key) if key in STRINGS else name for name, key in keys.items()}
