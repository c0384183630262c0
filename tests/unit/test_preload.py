"""app/preload.py loads the console's Qt-free modules before PySide6: they must stay Qt-free, or
the early import would load PySide6 itself (and the saving is gone)."""

from __future__ import annotations

import os
import subprocess
import sys

from app.preload import QT_FREE


def test_preloaded_modules_load_without_qt() -> None:
    script = (
        "import sys\n"
        "from app.preload import import_qt_free_modules\n"
        "import_qt_free_modules()\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'PySide6', 'shiboken6', 'qasync'})\n"
        "missing = [m for m in sys.argv[1:] if m not in sys.modules]\n"
        "early = sorted(m for m in ('numpy', 'pandas', 'aiohttp') if m in sys.modules)\n"
        "print(loaded, missing, early)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *QT_FREE], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    # nor numpy (sqlite-utils would load it) nor aiohttp (the API starts after the window)
    assert done.stdout.strip() == "[] [] []"
    assert "app.adapters.store.writer" in QT_FREE
    assert "app.adapters.web.server" not in QT_FREE


def test_own_modules_spared_pysides_source_scan_others_still_read() -> None:
    """PySide6 reads every module imported after it, looking for "PySide6" in its source; the
    console's own modules are answered without being read (a module with no source to read
    shows which answer came from reading)."""
    script = (
        "import sys, types\n"
        "import PySide6.QtCore\n"
        "from app.preload import spare_own_modules_the_feature_scan\n"
        "feature = sys.modules['shibokensupport.feature']\n"
        "own, other = types.ModuleType('app.unread'), types.ModuleType('elsewhere.unread')\n"
        "before = (feature._mod_uses_pyside(own), feature._mod_uses_pyside(other))\n"
        "spare_own_modules_the_feature_scan()\n"
        "spare_own_modules_the_feature_scan()  # once is enough: a second call changes nothing\n"
        "after = (feature._mod_uses_pyside(own), feature._mod_uses_pyside(other))\n"
        "from app.ui.widgets import ElidedLabel\n"
        "print(before, after, feature.pyside_feature_dict.get('app.ui.widgets'))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(False, False) (True, False) 0"
