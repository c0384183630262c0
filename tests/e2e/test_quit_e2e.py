"""Quitting the console (SIGTERM) with a show running, against real OBS: every service stops in
order, nothing is left behind, the show's state is kept and the show stays open for resume."""

from __future__ import annotations

import sqlite3

from app.paths import database_path
from tests.support.console_process import ConsoleProcess


def test_sigterm_with_a_show_running_stops_every_service_and_keeps_the_show(
    console: ConsoleProcess,
) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    started = console.post("/api/session/start", {"title": "quit drill"})
    assert started.status_code == 200
    assert console.stop() == 0

    records = console.log_records()
    said = [str(r.get("msg", "")) for r in records]
    assert "LiveDesk is stopping" in said
    assert not [m for m in said if "left behind" in m or "did not stop" in m]
    assert not [r for r in records if r.get("level") == "CRITICAL"]  # no crash on the way out
    assert not [m for m in said if m.startswith("the service ") and " failed" in m]
    with sqlite3.connect(database_path(console.data_dir)) as db:
        sessions = db.execute("SELECT id, ended_at FROM sessions").fetchall()
        kept = db.execute("SELECT session_id FROM show_state").fetchall()
    assert len(sessions) == 1
    session_id, ended_at = sessions[0]
    assert ended_at is None  # interrupted, not ended: the next start offers to resume it
    assert (session_id,) in kept  # the show's state was saved on the way out
