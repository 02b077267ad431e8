"""The language before login: the one used last on this PC, kept in QSettings (a language
code only, nothing personal). After login the store's default language applies (Beheer →
Instellingen) unless --lang chose one, and becomes the one used last."""

from PySide6.QtCore import QSettings

from blijf_desktop import i18n

_KEY = "ui/language"


def remembered() -> str:
    value = QSettings().value(_KEY)
    return value if value in i18n.LANGUAGES else i18n.SOURCE_LANGUAGE


def remember(language: str) -> None:
    if language in i18n.LANGUAGES:
        QSettings().setValue(_KEY, language)
