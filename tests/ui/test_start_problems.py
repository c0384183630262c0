"""What went wrong at start stays in the window until dismissed, listed together: an action that
succeeds later (the start's own media import, a scene switched) does not take it away, and a
second problem does not replace the first."""

from __future__ import annotations

import asyncio
from typing import Any

from app.domain.messages import Message
from app.runtime.tasks import TaskRunner
from app.ui.main_window import MainWindow
from app.ui.message_texts import text_for
from app.ui.start_problems import StartProblems
from tests.ui.conftest import Until

PORT_TAKEN = Message("api.port_taken", port=4466)
NO_KEYRING = "No keyring: the API token changes at every start; set LIVEDESK_API_TOKEN to keep it"


async def test_start_problems_stay_after_an_action_succeeds(
    window: MainWindow, runner: TaskRunner, until: Until
) -> None:
    window.show_start_problem(PORT_TAKEN)
    window.show_start_problem(NO_KEYRING)
    window.show_error("a passing user error")
    runner.run(asyncio.sleep(0), name="media-import")  # started after them, and succeeds
    await until(lambda: runner.pending == 0)
    assert window.message_bar.isHidden()  # the stale user error goes
    problems = window.start_problems
    assert not problems.isHidden()  # the start's problems stay
    assert problems.texts() == [text_for(PORT_TAKEN), NO_KEYRING]
    assert "port 4466" in problems.texts()[0]
    assert "Settings → Local server" in problems.texts()[0]


def test_they_are_listed_together_once_each_and_dismissed_together(qtbot: Any) -> None:
    problems = StartProblems()
    qtbot.addWidget(problems)
    problems.add("chat source #1 (twitch): no channel")
    assert problems.text() == "chat source #1 (twitch): no channel"
    problems.add("chat source #2 (bilibili): no room")
    problems.add("chat source #1 (twitch): no channel")
    assert problems.texts() == ["chat source #1 (twitch): no channel",
                                "chat source #2 (bilibili): no room"]  # fmt: skip
    assert problems.text() == (
        "• chat source #1 (twitch): no channel\n• chat source #2 (bilibili): no room"
    )
    problems.close_button.click()
    assert problems.isHidden()
    assert problems.texts() == []
    problems.add("the next start's problem")
    assert problems.texts() == ["the next start's problem"]


def test_the_local_api_s_port_taken_says_what_to_do_not_errno() -> None:
    import errno

    from app.wiring.lifecycle import cannot_listen

    taken = OSError(errno.EADDRINUSE, "error while attempting to bind on address: in use")
    said = cannot_listen(4466, taken)
    assert said == PORT_TAKEN
    assert "another LiveDesk" in said
    assert "Errno" not in said
    other = cannot_listen(80, OSError(errno.EACCES, "permission denied"))
    assert "port 80" in other
    assert "permission denied" in other
    assert "port 70000" in cannot_listen(70000, OverflowError("bind(): port must be 0-65535."))
