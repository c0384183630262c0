"""Where the shipped resources (templates, overlay pages, translations) are: beside the package in
a checkout or an editable install, in the bundle's folder when frozen by PyInstaller."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def templates_dir() -> Path:
    return resources_dir() / "templates"
