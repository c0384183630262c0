"""Work off the UI thread with progress shown: a busy bar (what is being done, an indeterminate
progress bar) and `run_busy`, which runs a coroutine through the TaskRunner with the bar up and
its user errors in the widget's own message bar (a show that is no longer in the archive to its
own handler: the window says it was deleted)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget
from shiboken6 import isValid

from app.runtime.tasks import TaskRunner
from app.services.errors import LiveDeskError, NotFound
from app.ui.message_bar import MessageBar


class BusyBar(QWidget):
    """Shown while at least one piece of work runs; says what the latest one is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # indeterminate, until the work reports its steps
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.progress)
        self._running = 0
        self.hide()

    @property
    def busy(self) -> bool:
        return self._running > 0

    def start(self, text: str) -> None:
        self._running += 1
        self.label.setText(text)
        self.show()

    def say(self, text: str) -> None:
        """What the work in progress is doing now (the next step of a longer piece)."""
        self.label.setText(text)

    def step(self, fraction: float, text: str) -> None:
        """Work that counts its steps: the bar fills (0..1) and says what is being done."""
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(max(0.0, min(1.0, fraction)) * 1000))
        self.label.setText(text)

    def stop(self) -> None:
        self._running = max(0, self._running - 1)
        if not self._running:
            self.progress.setRange(0, 0)
            self.hide()


def run_busy(
    runner: TaskRunner,
    busy: BusyBar,
    messages: MessageBar,
    work: Coroutine[Any, Any, Any],
    name: str,
    what: str,
    *,
    gone: Callable[[], None] | None = None,
) -> asyncio.Task[Any]:
    """Run `work` with `busy` saying `what`; a user error lands in `messages`, a bug goes to the
    runner's crash path. `gone`: called instead when the work finds its show no longer there
    (NotFound: deleted meanwhile). The widgets may be gone by the time the work ends (window
    closed)."""

    async def job() -> None:
        busy.start(what)
        try:
            await work
        except NotFound as exc:
            if gone is not None:
                gone()
            elif isValid(messages):
                messages.show_error(exc.message)
        except LiveDeskError as exc:
            if isValid(messages):
                messages.show_error(exc.message)
        finally:
            if isValid(busy):
                busy.stop()

    return runner.run(job(), name)
