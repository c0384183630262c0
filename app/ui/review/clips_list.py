"""The clips cut from the show: each with its cover, title and length; a double click opens one in
the system's video player. Beside them, the files saved from OBS's replay buffer during the show."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.services.clips import ClipsMade
from app.services.review import clock

COVER = QSize(192, 108)


class ClipsList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setIconSize(COVER)
        self.setGridSize(QSize(COVER.width() + 24, COVER.height() + 56))
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setMovement(QListWidget.Movement.Static)
        self.setWordWrap(True)
        self.itemActivated.connect(self.open_item)  # double click, or Enter

    def show_clips(self, made: ClipsMade) -> None:
        self.clear()
        folder = Path(made.folder)
        for clip in made.clips:
            cover = QPixmap(str(folder / clip.cover))
            item = QListWidgetItem(f"{clip.title}\n{clock(clip.duration_s)}")
            if not cover.isNull():
                scaled = cover.scaled(COVER, Qt.AspectRatioMode.KeepAspectRatio,
                                      Qt.TransformationMode.SmoothTransformation)  # fmt: skip
                item.setIcon(QIcon(scaled))
            item.setData(Qt.ItemDataRole.UserRole, str(folder / clip.file))
            item.setToolTip(clip.file)
            self.addItem(item)

    def path_of(self, row: int) -> str:
        return str(self.item(row).data(Qt.ItemDataRole.UserRole))

    @staticmethod
    def open_item(item: QListWidgetItem) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.data(Qt.ItemDataRole.UserRole))))


class ReplaysList(QListWidget):
    """The report's "replays": when each was saved (from the show's start) and its file; a double
    click (or Enter) opens one as the clips do."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.itemActivated.connect(ClipsList.open_item)

    def show_replays(self, replays: list[dict[str, Any]], started: float) -> None:
        self.clear()
        for replay in replays:
            path, t = replay.get("path"), replay.get("t")
            if not path:
                continue  # OBS said it saved, without a file: nothing to open
            at = clock(t - started) if isinstance(t, int | float) else "—"
            item = QListWidgetItem(f"{at}  {Path(str(path)).name}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.addItem(item)

    def path_of(self, row: int) -> str:
        return str(self.item(row).data(Qt.ItemDataRole.UserRole))
