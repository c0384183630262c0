"""OBS's address on port 4444 (an old tutorial's, for obs-websocket 4) while OBS cannot be
reached there: whatever is wrong, the hint adds that 4444 is the old plugin's port and OBS 28
and later listen on 4455, and never sends the user to set OBS to 4444."""

from __future__ import annotations

import pytest

from app.adapters.obs import problems
from app.domain.messages import Message


@pytest.mark.parametrize("running", [True, False, None])
def test_refused_on_4444_names_the_old_port(
    running: bool | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(problems, "obs_process_running", lambda: running)
    hint = problems.refused("127.0.0.1", 4444).hint
    assert isinstance(hint, Message)
    assert hint.code == "obs.hint.old_port"
    assert "Port 4444 is the old obs-websocket 4 port" in hint
    assert "OBS 28 and later listen on 4455" in hint
    assert "check the port is 4444" not in hint
    assert "4444" not in problems.refused("127.0.0.1", 4455).hint


def test_obs_running_with_its_server_off_on_4444_points_to_4455(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(problems, "obs_process_running", lambda: True)
    hint = problems.refused("127.0.0.1", 4444).hint
    assert "check the port is 4455" in hint
    assert "check the port is 4460" in problems.refused("127.0.0.1", 4460).hint


def test_no_answer_and_another_server_on_4444_name_it_too() -> None:
    for problem in (problems.no_answer("192.168.1.20", 4444, 3.0),
                    problems.not_obs("127.0.0.1", 4444)):  # fmt: skip
        assert "Port 4444 is the old obs-websocket 4 port" in problem.hint
    for problem in (problems.no_answer("192.168.1.20", 4455, 3.0),
                    problems.not_obs("127.0.0.1", 8080)):  # fmt: skip
        assert "4444" not in problem.hint
