"""The review window's Clips action over a recorded show in a real session log, ffmpeg faked:
the options dialog, progress in the busy bar, the clips listed with their covers, a double
click opening one, and the log's missing file said in the message bar."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QColor, QImage

from app.adapters.report.charts import styled_review_figures
from app.adapters.store.clip_log import SqliteClipLog
from app.domain.clips import ClipBy
from app.domain.log_events import LogEntry
from app.runtime.tasks import TaskRunner
from app.services.archive import Archive
from app.services.clips import ClipMaker, ClipOptions, Cut, Fit, MediaInfo, Progress
from app.ui.review import ReviewWindow, clips_list
from tests.support.recorded_show import T0, Recorded
from tests.ui.conftest import Until


class FakeFfmpeg:
    """Writes a stand-in clip and a real JPEG cover; says it is halfway through each cut."""

    def __init__(self) -> None:
        self.cuts: list[Cut] = []

    def check(self) -> None:
        pass

    def probe(self, path: str, around: Sequence[float] = ()) -> MediaInfo:
        return MediaInfo(2000.0, 30.0, 1280, 720, "h264", "aac", (0.0,))

    def cut(self, cut: Cut, progress: Progress) -> None:
        progress((cut.end_s - cut.start_s) / 2)
        Path(cut.target).write_bytes(b"mp4")
        self.cuts.append(cut)

    def cover(self, source: str, at_s: float, target: str) -> None:
        image = QImage(320, 180, QImage.Format.Format_RGB32)
        image.fill(QColor("teal"))
        assert image.save(target, "JPEG")


class NamedRecording:
    """The real log, plus the stop entry that names the recording file."""

    def __init__(self, log: SqliteClipLog, path: Path) -> None:
        self._log, self._path = log, path

    def clip_log(self, session_id: int) -> tuple[str, list[LogEntry]]:
        title, entries = self._log.clip_log(session_id)
        stop = LogEntry(T0 + 1300, "obs.record", None, data={"active": False,
                                                             "path": str(self._path)})  # fmt: skip
        return title, [*entries, stop]


async def open_window(qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded,
                      until: Until, clips: ClipMaker | None) -> ReviewWindow:  # fmt: skip
    window = ReviewWindow(archive, runner, styled_review_figures, recorded.show, clips=clips)
    qtbot.addWidget(window)
    window.present()
    window.reload()
    await until(lambda: window.data is not None and window.busy.isHidden())
    return window


async def test_clips_cut_listed_with_covers_and_opened(
    qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded, until: Until,
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    recording = tmp_path / "show.mkv"
    recording.write_bytes(b"")
    ffmpeg = FakeFfmpeg()
    maker = ClipMaker(NamedRecording(SqliteClipLog(recorded.path), recording), ffmpeg)
    window = await open_window(qtbot, archive, runner, recorded, until, maker)
    assert window.clips_button.isEnabled()
    assert not window.tabs.isTabVisible(window.clips_tab)

    window.choose_clips()
    dialog = window.clips_dialog
    assert dialog is not None
    assert "LiveDesk" in dialog.folder_edit.text()
    dialog.folder_edit.setText(str(tmp_path / "clips"))
    dialog.vertical_box.setChecked(True)
    dialog.fit_combo.setCurrentIndex(1)
    assert dialog.options == ClipOptions(ClipBy.PRODUCT, vertical=True, fit=Fit.CROP)
    steps: list[float] = []
    step = window.busy.step
    monkeypatch.setattr(window.busy, "step", lambda f, text: (steps.append(f), step(f, text)))
    dialog.cut_button.click()

    await until(lambda: window.tabs.isTabVisible(window.clips_tab) and window.busy.isHidden())
    assert window.tabs.currentIndex() == window.clips_tab
    listed = window.clips_list
    assert listed.count() == 2
    assert [listed.item(r).text().split("\n")[0] for r in range(2)] == ["保温杯", "电饭煲"]
    assert all(not listed.item(r).icon().isNull() for r in range(2))  # the covers
    assert listed.path_of(0) == str(tmp_path / "clips" / "01-保温杯.mp4")
    assert [(c.vertical, c.start_s, c.end_s) for c in ffmpeg.cuts[:2]] == [
        (None, 165.0, 705.0), ("crop", 165.0, 705.0)]  # fmt: skip
    assert steps
    assert steps == sorted(steps)
    assert "2 clips in" in window.status_label.text()
    assert (tmp_path / "clips" / "clips.json").is_file()

    opened: list[QUrl] = []
    monkeypatch.setattr(clips_list.QDesktopServices, "openUrl", opened.append)
    listed.itemActivated.emit(listed.item(1))
    assert opened == [QUrl.fromLocalFile(str(tmp_path / "clips" / "02-电饭煲.mp4"))]


async def test_a_log_that_never_named_the_file_is_said(
    qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded, until: Until,
    tmp_path: Path,
) -> None:  # fmt: skip
    maker = ClipMaker(SqliteClipLog(recorded.path), FakeFfmpeg())
    window = await open_window(qtbot, archive, runner, recorded, until, maker)
    window.cut_clips(str(tmp_path / "clips"), ClipOptions())
    await until(lambda: window.message_bar.text() != "")
    assert "--recording" in window.message_bar.text()
    assert not window.tabs.isTabVisible(window.clips_tab)


async def test_no_clips_action_without_a_cutter(
    qtbot: Any, archive: Archive, runner: TaskRunner, recorded: Recorded, until: Until
) -> None:
    window = await open_window(qtbot, archive, runner, recorded, until, None)
    assert window.clips_button.isHidden()
