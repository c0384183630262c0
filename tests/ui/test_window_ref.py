"""app/wiring/window.py's WindowRef: what is built before the window (the crash dialog, the task
runner's errors, the dialogs' parent) reaches it only once it is bound."""

from __future__ import annotations

from app.wiring.window import WindowRef


class ShownErrors:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.succeeded: list[int] = []

    def show_error(self, message: str) -> None:
        self.errors.append(message)

    def action_succeeded(self, number: int) -> None:
        self.succeeded.append(number)


def test_errors_before_the_window_exists_are_dropped_and_later_ones_reach_it() -> None:
    ref = WindowRef()
    window = ShownErrors()
    ref.show_error("too early")
    ref.action_succeeded(1)
    assert ref.get() is None
    ref.bind(window)  # type: ignore[arg-type]  # a stand-in for MainWindow
    ref.show_error("OBS is not running")
    ref.action_succeeded(2)
    assert ref.get() is window
    assert window.errors == ["OBS is not running"]
    assert window.succeeded == [2]
