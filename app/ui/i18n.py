"""The interface language: zh_CN or en (the source language of every text).

Chosen by --lang, else the settings' `language`, else the system's locale (any zh_* is zh_CN).
For zh_CN two translators are installed: LiveDesk's own (resources/i18n/livedesk_zh_CN.qm, built
by `make translations` from the .ts) and Qt's (qtbase_zh_CN.qm, shipped with PySide6: the
standard buttons, file dialogs and key names). English, the texts' own language, installs only
livedesk_en.qm: the singular and plural of each text with a count ("1 coupon", "2 coupons"). A
missing .qm leaves the texts in English ("2 coupon(s)"), with one log line. The language
applies to widgets made after `install_translations`, so it is called before the first window;
a change in the settings applies at the next start.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.resources import resources_dir

log = logging.getLogger(__name__)

LANGUAGES = ("zh_CN", "en")
SOURCE_LANGUAGE = "en"
_installed: list[QTranslator] = []  # kept referenced while installed


def translations_dir() -> Path:
    return resources_dir() / "i18n"


def qt_translations_dir() -> Path:
    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))


def choose_language(requested: str | None, setting: str, system: str | None = None) -> str:
    """--lang (`requested`), else the setting ("" follows the system), else the system locale's
    name (QLocale.system() when None): zh_* -> zh_CN, anything else -> en."""
    for chosen in (requested, setting):
        if chosen in LANGUAGES:
            return chosen
    name = QLocale.system().name() if system is None else system
    return "zh_CN" if name.lower().startswith("zh") else SOURCE_LANGUAGE


def install_translations(
    language: str, app: QCoreApplication | None = None, directory: Path | None = None
) -> list[QTranslator]:
    """Install LiveDesk's and Qt's translators for `language` into `app` (the running
    application when None), replacing any installed earlier. Returns the installed translators
    (remove them with `remove_translations`). English installs only the plural forms of
    LiveDesk's own texts."""
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translations needs a QApplication")
    remove_translations(app)
    found: list[QTranslator] = []
    ours = QTranslator(app)
    where = directory or translations_dir()
    if ours.load(f"livedesk_{language}", str(where)):
        found.append(ours)
    else:  # English stays readable without its plural forms ("2 coupon(s)")
        log.log(
            logging.INFO if language == SOURCE_LANGUAGE else logging.WARNING,
            "no translation livedesk_%s.qm in %s (run `make translations`): texts stay in English",
            language,
            where,
        )
    if language != SOURCE_LANGUAGE:  # Qt's own texts are English already
        qt = QTranslator(app)
        if qt.load(f"qtbase_{language}", str(qt_translations_dir())):
            found.append(qt)
        else:
            log.info("no qtbase_%s.qm in %s: Qt's own dialogs stay in English", language,
                     qt_translations_dir())  # fmt: skip
    for translator in found:
        app.installTranslator(translator)
    _installed.extend(found)
    return found


def remove_translations(app: QCoreApplication | None = None) -> None:
    """Back to English: every translator `install_translations` put in is taken out."""
    app = app or QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
