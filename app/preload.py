"""The console's Qt-free modules, imported before PySide6 (app/main.py does it first thing).

Once PySide6 is loaded, shiboken's import hook (its `__feature__` support) reads the source text
of every module imported after it, looking for "PySide6": for aiohttp, sqlite-utils, keyring and
the adapters over them that was about a tenth of the console's start (measured by
tests/bench/test_startup_bench.py). Importing them first keeps them out of its way. Nothing
depends on the list being complete: a module left out is only imported later, a little slower."""

from __future__ import annotations

import importlib
import sys

QT_FREE = (
    "app.secrets",
    "app.adapters.chat.factory",
    "app.adapters.obs.gateway",
    "app.adapters.obs.native_overlays",
    "app.adapters.store.catalog",
    "app.adapters.store.comments",
    "app.adapters.store.instance_lock",
    "app.adapters.store.interaction_viewers",
    "app.adapters.store.retention",
    "app.adapters.store.settings_file",
    "app.adapters.store.show_state",
    "app.adapters.store.writer",
    "app.assist_opener",
    "app.paths",
    "app.runtime.supervisor",
    "app.runtime.tasks",
    "app.services.review_audience",
    "app.services.review_rows",
    "app.services.show",
    "app.services.store_watch",
    "app.services.thumbnail",
    "segno",
)


def import_sqlite_utils_without_numpy() -> None:
    """sqlite-utils imports numpy (and pandas) when installed, only to map their column types,
    which LiveDesk never stores: about 50 ms of every start. Hidden for that one import (a None in
    sys.modules makes `import numpy` fail, which sqlite-utils expects); the reports import numpy
    as usual later."""
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        importlib.import_module("sqlite_utils")
    finally:
        for name in hidden:
            if sys.modules.get(name) is None:
                del sys.modules[name]


def import_qt_free_modules() -> None:
    import_sqlite_utils_without_numpy()
    for name in QT_FREE:
        importlib.import_module(name)


def spare_own_modules_the_feature_scan() -> None:
    """After PySide6 is loaded, its `__feature__` support reads the whole source of every module
    imported, to see whether it names "PySide6" (shibokensupport.feature._mod_uses_pyside):
    about 10 ms of the start for the console's own window modules (measured). The console never
    selects a feature (snake_case, true_property), so its own modules are answered as PySide6
    users without being read, which is what reading the window modules finds; every other
    module is still read. Nothing changes if a PySide6 release names these differently."""
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(scan) or getattr(scan, "spares_own", False):
        return

    def uses_pyside(module: object) -> bool:
        name = getattr(module, "__name__", "")
        return name.startswith("app.") or bool(scan(module))

    uses_pyside.spares_own = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[attr-defined]
