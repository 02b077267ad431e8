"""gettext + Babel. Source strings are Dutch (the first language); `translations/en` holds English.

Catalogs are compiled with `pybabel compile`; where a compiled `.mo` is missing (a fresh
checkout), the `.po` is compiled in memory with Babel at start-up, so the app never shows a
half-translated screen because a build step was skipped."""

from __future__ import annotations

import gettext
import io
from typing import TYPE_CHECKING

from blijf_desktop.assets import translations_dir

if TYPE_CHECKING:
    from datetime import date, datetime

DOMAIN = "blijf_desktop"
SOURCE_LANGUAGE = "nl"  # the strings in the code; its catalog only matters once compiled
LANGUAGES = ("nl", "en")
_LOCALES = {"nl": "nl_NL", "en": "en_GB"}

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "nl"
_loaded: dict[str, gettext.NullTranslations] = {}


def _load(language: str) -> gettext.NullTranslations:
    folder = translations_dir() / language / "LC_MESSAGES"
    compiled, source = folder / f"{DOMAIN}.mo", folder / f"{DOMAIN}.po"
    if compiled.exists() and (not source.exists() or compiled.stat().st_mtime >= source.stat().st_mtime):
        with open(compiled, "rb") as handle:
            return gettext.GNUTranslations(handle)
    if source.exists() and language != SOURCE_LANGUAGE:
        from babel.messages import mofile, pofile

        with open(source, "rb") as handle:
            catalog = pofile.read_po(handle, locale=language)
        buffer = io.BytesIO()
        mofile.write_mo(buffer, catalog)
        buffer.seek(0)
        return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()


def set_language(language: str) -> None:
    global _translations, _language
    if language not in LANGUAGES:
        raise ValueError(f"unsupported language: {language}")
    _language = language
    if language not in _loaded:
        _loaded[language] = _load(language)
    _translations = _loaded[language]


def language() -> str:
    return _language


def locale():
    from babel import Locale

    return Locale.parse(_LOCALES[_language])


def _(message: str) -> str:
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction where it is defined; translate it with _() where shown."""
    return message


# The numeric date every date field asks for ("dd-mm-jjjj") and every list shows, in both
# languages. Babel's English short date is 08/10/1976: a user could not type that back into a
# field or search for it the way she reads it, and a search hit would not be highlighted.
NUMERIC_DATE = "dd-MM-yyyy"


def format_date(value: date, form: str = "medium") -> str:
    """`short`: the numeric dd-mm-yyyy form (NUMERIC_DATE) in every language; `medium`,
    `long` and `full` are the locale's written-out forms."""
    from babel import dates as babel_dates

    pattern = NUMERIC_DATE if form == "short" else form
    return babel_dates.format_date(value, format=pattern, locale=locale())


def format_datetime(value: datetime, form: str = "medium") -> str:
    """`short`: the numeric date (as `format_date`) with the locale's short time; the other
    forms are the locale's own."""
    from babel import dates as babel_dates

    if form != "short":
        return babel_dates.format_datetime(value, format=form, locale=locale())
    where = locale()
    day = babel_dates.format_date(value, format=NUMERIC_DATE, locale=where)
    time = babel_dates.format_time(value, format="short", locale=where)
    joined = babel_dates.get_datetime_format("short", locale=where).replace("'", "")
    return joined.replace("{0}", time).replace("{1}", day)
