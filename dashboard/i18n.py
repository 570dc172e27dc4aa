"""User-facing strings in the six UN languages: `t(key, **kwargs)` reads the session's gettext catalogue."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext
import io
import os
import re
import string
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.messages import PLURALS, STRINGS

__all__ = [
    "LANGUAGES",
    "PLURALS",
    "PROSE",
    "PSEUDO",
    "STRINGS",
    "current_language",
    "method_document",
    "prose",
    "resolve_language",
    "t",
    "tn",
]

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
# The long texts, one Markdown file per language (PROSE_DIR/<lang>/<name>.md): a translator edits a page of prose,
# not a 2,000-character msgstr. Their names, each a file in every language (tests/test_catalogues.py).
PROSE_DIR = Path(__file__).resolve().parent / "prose"
PROSE = ("glossary", "method_words", "overview_how_to_read")
# The user-facing method document lives in the repository's docs/ (the image copies it), one file per language.
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Language:
    """One UI language: its code (URL `lang`, catalogue folder), its own name, direction and Babel locale."""

    code: str
    name: str
    direction: str
    locale: str


# The six official UN languages in the UN's order; the switch shows each in its own name.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("ar", "العربية", "rtl", "ar"),
        Language("zh", "中文", "ltr", "zh_Hans_CN"),
        Language("en", "English", "ltr", "en"),
        Language("fr", "Français", "ltr", "fr"),
        Language("ru", "Русский", "ltr", "ru"),
        Language("es", "Español", "ltr", "es"),
    )
}
DEFAULT = "en"
# The pseudo-locale for tests: English wrapped in markers, so any string that bypasses t() shows up unwrapped.
# Reachable with ?lang=qps (for test runs), never offered in the switch and never chosen from the browser.
PSEUDO = "qps"
PSEUDO_OPEN, PSEUDO_CLOSE = "⟦", "⟧"
# The session-state and URL key holding the language code.
SESSION_KEY = "lang"
_CTX_ATTR = "_gcm_language"  # the session's language, cached on its script run context
URL_KEY = "lang"
# The one setting for Arabic digits: "default" is CLDR's default numbering system for `ar` (Latin digits since
# CLDR 42, as Babel 2.18 ships it); "arab" gives Arabic-Indic digits (٠١٢٣). Read once per process.
ARABIC_NUMBERING = os.environ.get("GCM_ARABIC_NUMBERING", "default")

# Outside a Streamlit run (exports, tests, scripts) the language comes from this context variable: per thread and
# per asyncio task, never shared across sessions the way a module global would be.
_context_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("gcm_language", default=None)


def _known(code: str | None) -> bool:
    return code in LANGUAGES or code == PSEUDO


def _code(value: object, *, allow_pseudo: bool) -> str | None:
    """The language code in a URL value or a browser locale ("fr", "fr-CA", "zh_Hans_CN"), or None."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    if not value:
        return None
    text = str(value).strip().replace("_", "-").lower()
    if allow_pseudo and text == PSEUDO:
        return PSEUDO
    base = text.split("-")[0]
    return base if base in LANGUAGES else None


def resolve_language(url_value: object, browser_locale: object) -> str:
    """The view's language: a valid `lang` in the URL first, then the browser's language, then English."""
    return _code(url_value, allow_pseudo=True) or _code(browser_locale, allow_pseudo=False) or DEFAULT


def _session_state():
    """Streamlit's per-session state when called inside a script run, else None (plain Python, exports, tests)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    import streamlit as st

    return st.session_state


def current_language() -> str:
    """The active language: an explicit `use_language` block, else this session's choice, else English."""
    code = _context_language.get()
    if code:
        return code
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return DEFAULT
    # The session's choice, remembered on its run context by the two functions that write it (init_language,
    # set_language): reading Streamlit's session state on each of a page's thousands of t() calls was the largest
    # single cost of a rerun (docs/BENCHMARKS.md, "Where a page's server time goes").
    code = getattr(ctx, _CTX_ATTR, None)
    if code is None:
        import streamlit as st

        code = st.session_state.get(SESSION_KEY)
    return code if _known(code) else DEFAULT


def set_language(code: str) -> str:
    """Make `code` this session's language (in Streamlit's session state, else this context); returns it."""
    if not _known(code):
        raise ValueError(f"unknown language {code!r}; choose one of {', '.join(LANGUAGES)}")
    state = _session_state()
    if state is not None:
        state[SESSION_KEY] = code
        _remember(code)
    else:
        _context_language.set(code)
    return code


def _remember(code: str) -> None:
    setattr(get_script_run_ctx(suppress_warning=True), _CTX_ATTR, code)


@contextlib.contextmanager
def use_language(code: str) -> Iterator[str]:
    """Within the block, t() and the formatters use `code` (for downloads built in another language, and tests)."""
    if not _known(code):
        raise ValueError(f"unknown language {code!r}")
    token = _context_language.set(code)
    try:
        yield code
    finally:
        _context_language.reset(token)


def init_language() -> str:
    """For the entrypoint, once per run: the URL's `lang` if valid, else the session's, else the browser's."""
    import streamlit as st

    from_url = _code(st.query_params.get(URL_KEY), allow_pseudo=True)
    chosen = st.session_state.get(SESSION_KEY)
    code = from_url or (chosen if _known(chosen) else resolve_language(None, st.context.locale))
    st.session_state[SESSION_KEY] = code
    _remember(code)
    return code


def direction(lang: str | None = None) -> str:
    """ "rtl" or "ltr" for a language (the pseudo-locale reads left to right)."""
    language = LANGUAGES.get(lang or current_language())
    return language.direction if language else "ltr"


def babel_locale(lang: str | None = None) -> str:
    """The Babel locale id for a language (English for the pseudo-locale)."""
    language = LANGUAGES.get(lang or current_language())
    return language.locale if language else LANGUAGES[DEFAULT].locale


def numbering_system(lang: str) -> str:
    """The CLDR numbering system Babel uses for a language: ARABIC_NUMBERING for Arabic, CLDR's default otherwise."""
    return ARABIC_NUMBERING if lang == "ar" else "default"


# Babel switches a numbering system's symbols (٫ ٬) but writes Latin digits; these are CLDR's "arab" digits.
_DIGITS = {"arab": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")}


def localise_digits(text: str, lang: str) -> str:
    """Text with its digits in the language's numbering system (unchanged unless Arabic-Indic digits are set)."""
    table = _DIGITS.get(numbering_system(lang))
    return text.translate(table) if table else text


@functools.lru_cache(maxsize=len(LANGUAGES))
def catalogue(lang: str) -> gettext.NullTranslations:
    """A language's compiled catalogue, loaded once per process (compiled in memory if the .mo is missing)."""
    mo = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if mo.exists():
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    po = mo.with_suffix(".po")
    if not po.exists():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        compiled = io.BytesIO()
        write_mo(compiled, read_po(fh, locale=lang))
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.lru_cache(maxsize=4096)
def _fields(template: str) -> tuple[str, dict[str, str]]:
    """The template without format specs (numbers arrive pre-formatted) and each field's spec."""
    parts, specs = [], {}
    for literal, name, spec, conversion in string.Formatter().parse(template):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is not None:
            specs[name] = spec or ""
            parts.append("{" + name + (f"!{conversion}" if conversion else "") + "}")
    return "".join(parts), specs


@functools.lru_cache(maxsize=8192)
def _number(value: int | float, lang: str, grouped: bool) -> str:
    locale = babel_locale(lang)
    system = numbering_system(lang)
    if isinstance(value, int) and not grouped:
        return localise_digits(str(value), lang)
    text = format_decimal(value, locale=locale, decimal_quantization=False, numbering_system=system)
    return localise_digits(text, lang)


def _format(template: str, kwargs: dict, lang: str) -> str:
    if not kwargs:
        return template
    if lang in (DEFAULT, PSEUDO):
        return template.format(**kwargs)
    bare, specs = _fields(template)
    values = dict(kwargs)
    for name, spec in specs.items():
        value = values.get(name)
        if isinstance(value, int | float) and not isinstance(value, bool):
            values[name] = _number(value, lang, grouped="," in spec)
    return bare.format(**values)


# Catalogue look-ups cached per process: a page asks for 100-130 strings a run, and gettext's pgettext builds a
# context key and searches two dictionaries for each; English skipped the catalogue, so every other language paid
# it alone (docs/BENCHMARKS.md, "Languages at the cost of English"). `n` is None for an uncounted string.
@functools.lru_cache(maxsize=65536)
def _template(lang: str, key: str, n: int | None) -> str | None:
    english = STRINGS.get(key)
    if english is None:
        return None
    if n is not None:
        singular, plural = PLURALS[key]
        if lang in (DEFAULT, PSEUDO):
            return singular if n == 1 else plural
        return catalogue(lang).npgettext(key, singular, plural, n)
    if lang in (DEFAULT, PSEUDO):
        return english
    return catalogue(lang).pgettext(key, english)


def _shown(text: str, lang: str) -> str:
    return f"{PSEUDO_OPEN}{text}{PSEUDO_CLOSE}" if lang == PSEUDO else text


def translate(lang: str, key: str, **kwargs) -> str:
    """The string for a key in a given language, formatted with kwargs; an unknown key shows itself."""
    counted = key in PLURALS and kwargs.get("n") is not None
    template = _template(lang, key, int(kwargs["n"]) if counted else None)
    if template is None:
        return key
    return _shown(_format(template, kwargs, lang), lang)


def t(key: str, **kwargs) -> str:
    """The string for a key in the session's language, formatted with kwargs; an unknown key shows itself."""
    return translate(current_language(), key, **kwargs)


def tn(key: str, n: int, **kwargs) -> str:
    """A counted string: the plural form CLDR gives for `n` in the session's language (`n` fills {n})."""
    return translate(current_language(), key, n=n, **kwargs)


# A translator's note in a prose file is an HTML comment; it is dropped before the text is formatted and shown.
_NOTES = re.compile(r"<!--.*?-->\s*", re.DOTALL)


@functools.lru_cache(maxsize=64)
def prose_template(folder: Path, lang: str, name: str) -> str | None:
    """A prose file's Markdown without translators' notes: the language's file, else English's, else None."""
    for code in dict.fromkeys((lang, DEFAULT)):
        path = folder / code / f"{name}.md"
        if path.is_file():
            return _NOTES.sub("", path.read_text(encoding="utf-8")).strip()
    return None


def translate_prose(lang: str, name: str, **kwargs) -> str:
    """A long text in a given language, its placeholders filled as t() fills them; an unknown name shows itself."""
    template = prose_template(PROSE_DIR, lang, name)
    if template is None:
        return name
    return _shown(_format(template, kwargs, lang), lang)


def prose(name: str, **kwargs) -> str:
    """A long text (one of PROSE) in the session's language, falling back to English where a file is missing."""
    return translate_prose(current_language(), name, **kwargs)


@dataclass(frozen=True)
class Document:
    """A user-facing document for a language: its path in the repository, the language it is in, its Markdown."""

    path: str
    lang: str
    text: str | None


def method_document_path(lang: str) -> str:
    """The method document's path in the repository: docs/METHOD.md in English, docs/METHOD.<lang>.md otherwise."""
    return "docs/METHOD.md" if lang == DEFAULT else f"docs/METHOD.{lang}.md"


@functools.lru_cache(maxsize=len(LANGUAGES) + 1)
def _method_document(root: Path, lang: str) -> Document:
    for code in dict.fromkeys((lang, DEFAULT)):
        path = root / method_document_path(code)
        if path.is_file():
            return Document(method_document_path(code), code, path.read_text(encoding="utf-8"))
    return Document(method_document_path(lang), lang, None)


def method_document(lang: str | None = None) -> Document:
    """docs/METHOD.<lang>.md, or docs/METHOD.md (English) while a language has no translation yet; its text is None
    where neither file ships (a checkout without docs/)."""
    code = lang or current_language()
    doc = _method_document(ROOT, code if code in LANGUAGES else DEFAULT)
    if code == PSEUDO and doc.text is not None:  # the pseudo-locale marks it as read through this module
        return Document(doc.path, doc.lang, _shown(doc.text, PSEUDO))
    return doc
