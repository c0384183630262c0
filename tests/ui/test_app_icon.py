"""The app icon as packaging/build.py renders it for the bundle: every size from 16 to 512 px,
brand red, transparent corners, the white play mark."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path
from types import ModuleType

from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("livedesk_build", PACKAGING / "build.py")
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_renders_the_icon_at_every_size(qapp: QApplication, tmp_path: Path) -> None:
    build = load_build_script()
    written = build.render_icons(PACKAGING / "icons" / "livedesk.svg", tmp_path)
    assert [p.name for p in written] == [f"livedesk-{n}.png" for n in build.ICON_SIZES]
    assert build.ICON_SIZES[0] == 16
    assert build.ICON_SIZES[-1] == 512
    for path, size in zip(written, build.ICON_SIZES, strict=True):
        header = path.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", header[16:24]) == (size, size)

    image = QImage(str(tmp_path / "livedesk-256.png"))
    assert image.pixelColor(128, 240).name().upper() == "#E4393C"  # the red square
    assert image.pixelColor(1, 1).alpha() == 0  # rounded corners stay transparent
    assert image.pixelColor(118, 88) == QColor("#FFFFFF")  # the play mark
