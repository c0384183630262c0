"""The bundle's entry point: what PyInstaller runs as __main__ (the same as `python -m app`)."""

from __future__ import annotations

import os
import sys


def _keep_matplotlib_font_cache() -> None:
    """PyInstaller's matplotlib run-time hook points MPLCONFIGDIR at a fresh temporary folder on
    every start (a fix for one-file bundles), so each report would scan every installed font
    again: seconds on a Windows machine with hundreds of fonts. A one-folder bundle stays where it
    is, so the cache can live in the user's cache folder (matplotlib rebuilds it by itself when a
    font it lists is gone)."""
    if not getattr(sys, "frozen", False):
        return
    import platformdirs

    folder = os.path.join(platformdirs.user_cache_dir("LiveDesk", appauthor=False), "matplotlib")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return  # the temporary folder still works, only slower
    os.environ["MPLCONFIGDIR"] = folder


if __name__ == "__main__":
    _keep_matplotlib_font_cache()
    from app.cli import main

    raise SystemExit(main())
