"""Downloads of a view: its CSV, the CSV with metadata (zip), and the whole dataset as a data package."""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard import queries
from dashboard.context import Context
from dashboard.i18n import LANGUAGES, STRINGS, current_language, t, tn, translate, use_language
from dashboard.l10n import fmt_number
from etl.csv_writer import csv_bytes, zip_entry
from etl.datapackage import Words, datapackage_zip
from etl.export import file_name

__all__ = [
    "Rows",
    "csv_bytes",
    "file_name",
    "view_metadata",
    "view_metadata_for",
    "metadata_zip",
    "download_buttons",
    "dataset_button",
]


@dataclass(frozen=True)
class Rows:
    """What a download holds: its row count and columns, and how to make its CSV bytes when it is clicked (a page
    may show the first thousand rows of a million and make the whole CSV only on demand)."""

    count: int
    columns: tuple[str, ...]
    csv: Callable[[], bytes]

    @classmethod
    def of(cls, frame: pd.DataFrame) -> Rows:
        return cls(len(frame), tuple(str(c) for c in frame.columns), lambda: csv_bytes(frame))


SYNTHETIC_WARNING = STRINGS["readme.synthetic"]  # the English text; every download carries all six languages


def synthetic_warnings() -> dict[str, str]:
    """The synthetic-data warning in each UN language (a download can travel far from the language it was made in)."""
    return {lang: translate(lang, "readme.synthetic") for lang in LANGUAGES}


def _plain(value):
    """A JSON-ready copy: dates as ISO text, numpy scalars as Python numbers, NaN and NA as null."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        items = sorted(value) if isinstance(value, set) else value
        return [_plain(v) for v in items]
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()  # numpy scalar
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _citation(info: dict, view_url: str) -> str:
    if info["is_synthetic"]:
        return t("citation.synthetic")
    text = t(
        "citation.text",
        title=info["dataset_title"] or info["dataset"],
        dataset=info["dataset"],
        cutoff=info["data_cutoff"],
        method=info["method_version"],
    )
    return f"{text} {view_url}" if view_url else text


def view_metadata(build_info: dict, filters: dict, view_url: str, sources: list[dict], lang: str | None = None) -> dict:
    """What `metadata.json` says about a view: dataset, filters, method and thresholds, checksums, sources; its
    citation and warning in `lang` (the session's language by default), the warning in every UN language too.

    `build_info` is the row of the build_info table as a dict; `sources` rows need title, url and licence.
    """
    with use_language(lang or current_language()) as code:
        return _view_metadata(build_info, filters, view_url, sources, code)


def _view_metadata(build_info: dict, filters: dict, view_url: str, sources: list[dict], lang: str) -> dict:
    info = _plain(dict(build_info))
    meta = {
        "language": lang,
        "dataset": info["dataset"],
        "dataset_title": info.get("dataset_title"),
        "is_synthetic": bool(info["is_synthetic"]),
        "data_cutoff": info.get("data_cutoff"),
        "filters": _plain(dict(filters)),
        "method_version": info.get("method_version"),
        "method_thresholds": json.loads(info["method_config"]) if info.get("method_config") else None,
        "input_checksum": info.get("input_checksum"),
        "schema_version": info.get("schema_version"),
        "view_url": view_url,
        "sources": [
            {"title": s.get("title"), "url": s.get("url"), "licence": s.get("licence")} for s in _plain(list(sources))
        ],
        "licence": info.get("licence"),
    }
    meta["citation"] = _citation(meta, view_url)
    if meta["is_synthetic"]:
        meta["warning"] = t("readme.synthetic")
        meta["warnings"] = synthetic_warnings()
    return meta


def view_metadata_for(ctx: Context, url_path: str = "") -> dict:
    """The metadata of the current view of a run: its build, filters, shareable URL and sources (made once per run
    and URL path: a page has up to seven download rows)."""
    key = ("view_metadata", url_path, ctx.filters)  # filters.apply may replace the filters in the middle of a run
    if key not in ctx.memo:
        sources = ctx.run(queries.sources).to_dict("records")
        ctx.memo[key] = view_metadata(
            ctx.info, ctx.filters.as_dict(), ctx.view_url(url_path), sources, current_language()
        )
    return ctx.memo[key]


def _filters_in_words(filters: dict) -> list[str]:
    lines = []
    for key, value in _plain(dict(filters)).items():
        if value is None or (isinstance(value, str | list) and not value):
            continue
        shown = ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
        name = f"readme.filter.{key}"
        label = t(name) if name in STRINGS else str(key).replace("_", " ").capitalize()
        lines.append(f"- {label}: {shown}")
    return lines or [f"- {t('readme.no_filters')}"]


def column_labels(columns) -> dict[str, str]:
    """Each column's heading in the current language (`col.<name>`); the names themselves stay English."""
    keys = {str(c): f"col.{c}" for c in columns}
    return {name: t(key) if key in STRINGS else name for name, key in keys.items()}


def _readme(meta: dict) -> str:
    """The zip's README.md in the metadata's language; the synthetic-data warning in every UN language."""
    title = meta.get("dataset_title") or meta["dataset"]
    lines = [f"# {t('readme.title', title=title)}", ""]
    if meta["is_synthetic"]:
        lines += [f"**{t('readme.synthetic')}**", "", t("readme.warning_other"), ""]
        lines += [f"- {text}" for lang, text in synthetic_warnings().items() if lang != meta.get("language")]
        lines += [""]
    columns = ", ".join(f"`{c}`" for c in meta["columns"])
    lines += [
        t("readme.intro"),
        "",
        f"- {tn('readme.data_csv', meta['row_count'], columns=columns)}",
        f"- {t('readme.metadata_json')}",
        "",
        f"## {t('readme.filters')}",
        "",
        *_filters_in_words(meta.get("filters") or {}),
        "",
        f"## {t('readme.columns')}",
        "",
        t("readme.columns_text"),
        "",
        *[f"- `{name}`: {label}" for name, label in (meta.get("column_labels") or {}).items()],
        "",
        f"## {t('readme.data')}",
        "",
        t(
            "readme.data_text",
            dataset=meta["dataset"],
            cutoff=meta.get("data_cutoff"),
            method=meta.get("method_version"),
            schema=meta.get("schema_version"),
            checksum=meta.get("input_checksum"),
        ),
        "",
        t("readme.csv_text"),
        "",
        f"## {t('readme.licence')}",
        "",
        meta.get("licence") or t("readme.licence_none"),
        "",
        f"## {t('readme.cite')}",
        "",
        meta["citation"],
        "",
        f"## {t('readme.view')}",
        "",
        meta.get("view_url") or t("readme.no_url"),
        "",
    ]
    return "\n".join(lines)


def metadata_zip(rows: pd.DataFrame | Rows, metadata: dict, lang: str | None = None) -> bytes:
    """A zip of `data.csv`, `metadata.json` and `README.md`; the same inputs always give the same bytes. README
    and column headings are in `lang` (else the metadata's language, else the session's); CSV column names stay
    the stable English identifiers, and `column_labels` gives each one's heading."""
    rows = rows if isinstance(rows, Rows) else Rows.of(rows)
    code = lang or metadata.get("language") or current_language()
    with use_language(code):
        return _metadata_zip(rows, metadata, code)


def _metadata_zip(rows: Rows, metadata: dict, lang: str) -> bytes:
    meta = _plain(dict(metadata)) | {
        "row_count": rows.count,
        "columns": list(rows.columns),
        "column_labels": column_labels(rows.columns),
        "language": lang,
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr(zip_entry("data.csv"), rows.csv())
        zf.writestr(zip_entry("metadata.json"), json.dumps(meta, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
        zf.writestr(zip_entry("README.md"), _readme(meta))
    return buffer.getvalue()


def download_buttons(rows: pd.DataFrame | Rows, *, name_parts: list[str], metadata: dict, key: str) -> None:
    """Two buttons: the CSV of the rows, and the CSV with metadata as a zip; the files are made on click."""
    rows = rows if isinstance(rows, Rows) else Rows.of(rows)
    dataset, synthetic = metadata["dataset"], bool(metadata["is_synthetic"])
    lang = current_language()  # the click runs on another thread, outside this session: the language goes along
    # Callables defer the serialisation to the click (STREAMLIT_NOTES §5); "ignore" spares a rerun.
    st.download_button(
        tn("download.csv", rows.count),
        data=rows.csv,
        file_name=file_name(dataset, synthetic, name_parts, "csv"),
        mime="text/csv",
        key=f"{key}-csv",
        on_click="ignore",
        icon=":material/download:",
    )
    st.download_button(
        tn("download.zip", rows.count),
        data=lambda: metadata_zip(rows, metadata, lang),
        file_name=file_name(dataset, synthetic, name_parts, "zip"),
        mime="application/zip",
        key=f"{key}-zip",
        on_click="ignore",
        icon=":material/folder_zip:",
    )


def _fields(*names: str) -> dict[str, str]:
    """Placeholders filled with themselves: a translated template that etl.datapackage fills in later."""
    return {name: "{" + name + "}" for name in names}


def package_words(lang: str) -> Words:
    """The data package's title, README and synthetic-data warning in `lang` (the warning in every UN language)."""
    with use_language(lang):
        return Words(
            language=lang,
            title=t("datapackage.title", title="{title}"),
            title_synthetic=t("datapackage.title_synthetic", title="{title}"),
            synthetic_note=t("datapackage.synthetic_note"),
            synthetic=t("readme.synthetic"),
            other_warnings_heading=t("readme.warning_other"),
            other_warnings=tuple(text for code, text in synthetic_warnings().items() if code != lang),
            intro=t("datapackage.intro"),
            data=t("readme.data_text", **_fields("dataset", "cutoff", "method", "schema", "checksum")),
            csv=t("datapackage.csv_text"),
            tables=t("datapackage.tables"),
            tables_header=t("datapackage.tables_header"),
            licence=t("readme.licence"),
            licence_none=t("readme.licence_none"),
            cite=t("readme.cite"),
            citation_synthetic=t("citation.synthetic"),
            citation=t("citation.text", **_fields("title", "dataset", "cutoff", "method")),
            number=functools.partial(fmt_number, lang=lang),
        )


def dataset_button(con, *, dataset: str, is_synthetic: bool, key: str) -> None:
    """One button with the whole dataset as a Frictionless data package zip in the view's language, made on click."""
    # The callable runs on another thread (no session there): the words are taken in the session's language now,
    # and datapackage_zip opens its own cursor on `con`.
    words = package_words(current_language())
    st.download_button(
        t("download.dataset"),
        data=lambda: datapackage_zip(con, dataset=dataset, is_synthetic=is_synthetic, words=words),
        file_name=file_name(dataset, is_synthetic, ["datapackage"], "zip"),
        mime="application/zip",
        key=key,
        on_click="ignore",
        icon=":material/database:",
    )
