"""The console's Qt-free modules, imported before PySide6 (app/main.py does it first thing).

Once PySide6 is loaded, shiboken's import hook (its `__feature__` support) reads the source text
of every module imported after it, looking for "PySide6": for aiohttp, sqlite-utils, keyring and
the adapters over them that was about a tenth of the console's start (measured by
tests/bench/test_startup_bench.py). Importing them first keeps them out of its way. Nothing
depends on the list being complete: a module left out is only imported later, a little slower."""

from __future__ import annotations

import importlib

QT_FREE = (
    "app.secrets",
    "app.adapters.chat.factory",
    "app.adapters.obs.gateway",
    "app.adapters.store.catalog",
    "app.adapters.store.writer",
    "app.adapters.web.server",
    "app.services.show",
)


def import_qt_free_modules() -> None:
    for name in QT_FREE:
        importlib.import_module(name)
