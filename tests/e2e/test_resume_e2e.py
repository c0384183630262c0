"""The console killed with SIGKILL mid-show, started again, and the show resumed."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from obswebsocket import requests as obs_requests

from tests.e2e.test_runsheet_e2e import SHEET
from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess


def _program(obs: ObsProcess) -> str:
    return str(obs.call(obs_requests.GetCurrentProgramScene()).datain["currentProgramSceneName"])


def _mid_show(console: ConsoleProcess) -> None:
    """Segment 3 (the course: its card and the FLASH50 countdown), questions worked on."""
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/session/start", {"title": "公开课 resume e2e"}).status_code == 200
    assert console.post("/api/runsheet", SHEET).status_code == 200
    for _ in SHEET["segments"]:
        assert console.post("/api/cue/next").status_code == 200
    batch = [
        {"platform": "bilibili", "user": "小明", "text": "这个课有回放吗？"},
        {"platform": "bilibili", "user": "阿花", "text": "怎么报名呀?"},
        {"platform": "youtube", "user": "Sam", "text": "is there a discount code?"},
    ]
    assert console.post("/ingest", batch).json()["accepted"] == 3
    questions = console.get("/api/questions?state=open").json()["questions"]
    assert len(questions) == 3
    by_text = {q["text"]: q["id"] for q in questions}
    claim = {"action": "claim", "by": "助理A"}
    assert console.post(f"/api/questions/{by_text['怎么报名呀?']}", claim).status_code == 200
    feature = {"action": "feature", "by": "主控"}
    assert console.post(f"/api/questions/{by_text['这个课有回放吗？']}", feature).status_code == 200


def test_sigkill_mid_show_then_resume(obs: ObsProcess, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = ConsoleProcess(data, obs.url, obs.password).start()
    try:
        _mid_show(first)
        # a steady stream of comments up to the kill, each acknowledged by the console
        acked: list[tuple[str, float]] = []
        for i in range(60):
            text = f"弹幕 {i}"
            assert first.post("/ingest", {"platform": "douyin", "user": f"v{i}", "text": text}).ok
            acked.append((text, time.time()))
            time.sleep(0.02)
        before = first.state()
        assert first.proc is not None
        killed_at = time.time()
        first.proc.kill()  # SIGKILL: no clean-up of any kind
        first.proc.wait(10)
    finally:
        if first.proc is not None and first.proc.poll() is None:
            first.proc.kill()

    # the log: everything acknowledged more than a second before the kill is in the database
    with sqlite3.connect(data / "livedesk.db") as db:
        stored = {row[0] for row in db.execute("SELECT text FROM comments")}
        ended = db.execute("SELECT ended_at FROM sessions").fetchall()
    lost = [(text, killed_at - t) for text, t in acked if text not in stored]
    assert all(age <= 1.0 for _text, age in lost), f"lost more than the last second: {lost}"
    print(f"\n[resume] comments lost to SIGKILL: {len(lost)} of {len(acked)}")
    assert ended == [(None,)]  # the show was never ended

    second = ConsoleProcess(data, obs.url, obs.password).start()
    try:
        state = second.state()
        assert state["session"]["resume_available"] is True
        assert state["session"]["id"] is None
        assert state["session"]["interrupted"] == "公开课 resume e2e"
        second.wait_state(lambda s: s["obs"]["connected"], timeout=10)
        asked_at = time.time()
        resumed = second.post("/api/session/resume")
        resumed_at = time.time()
        assert resumed.status_code == 200, resumed.text
        # away counts from the last kept state, which is at or before the kill
        away = resumed.json()["restored"]["away_s"]
        assert away >= asked_at - killed_at
        now = second.state()
        assert now["session"]["id"] == before["session"]["id"]
        assert now["session"]["resume_available"] is False
        run_before, run_now = before["runsheet"], now["runsheet"]
        assert run_now["index"] == run_before["index"] == 2
        gap = resumed_at - killed_at + 0.5
        assert run_before["elapsed_s"] < run_now["elapsed_s"] <= run_before["elapsed_s"] + gap
        coupon_before, coupon_now = before["overlay"]["coupon"], now["overlay"]["coupon"]
        assert coupon_now["code"] == "FLASH50"
        left = coupon_now["remaining_s"]
        assert coupon_before["remaining_s"] - gap <= left < coupon_before["remaining_s"]
        assert now["overlay"]["product"] == "PY-101"
        assert now["overlay"]["featured"] == before["overlay"]["featured"] is not None
        questions = second.get("/api/questions?state=all").json()["questions"]
        states = {q["text"]: (q["state"], q["claimed_by"]) for q in questions}
        assert states["怎么报名呀?"] == ("claimed", "助理A")
        assert states["这个课有回放吗？"][0] == "open"
        assert states["is there a discount code?"][0] == "open"
        assert now["counts"]["questions_open"] == before["counts"]["questions_open"] == 2
        # the show goes on: the host steps back a segment, OBS follows
        cue = second.post("/api/cue/prev")
        assert cue.status_code == 200
        assert cue.json()["index"] == 1
        deadline = time.monotonic() + 3
        while _program(obs) != "讲解 Teaching":
            assert time.monotonic() < deadline, "the cue after resume did not reach OBS"
            time.sleep(0.05)
        again = second.post("/api/session/resume")
        assert again.status_code == 409
        assert second.post("/api/session/end").status_code == 200
        report = second.report("latest")
        assert report["session"]["id"] == before["session"]["id"]
        kinds = [e["kind"] for e in report["events"]]
        assert "session.resume" in kinds
        assert kinds[-1] == "session.end"
    finally:
        code = second.stop()
        assert code in (0, None), second.log_tail()


def test_starting_another_show_closes_the_interrupted_one(obs: ObsProcess, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = ConsoleProcess(data, obs.url, obs.password).start()
    try:
        assert first.post("/api/session/start", {"title": "被中断的一场"}).status_code == 200
        assert first.post("/api/markers", {"note": "last words"}).status_code == 200
        time.sleep(0.5)
    finally:
        assert first.proc is not None
        first.proc.kill()
        first.proc.wait(10)
    second = ConsoleProcess(data, obs.url, obs.password).start()
    try:
        assert second.state()["session"]["resume_available"] is True
        assert second.post("/api/session/start", {"title": "新的一场"}).status_code == 200
        assert second.state()["session"]["resume_available"] is False
        sessions = {s["title"]: s for s in _sessions(second)}
        closed = sessions["被中断的一场"]
        assert closed["ended_at"] is not None  # closed at its last entry, not left open
        assert second.post("/api/session/resume").status_code == 409
    finally:
        second.stop()


def _sessions(console: ConsoleProcess) -> list[dict[str, object]]:
    done = console.cli("sessions", "--json")
    assert done.returncode == 0, done.stderr
    result: list[dict[str, object]] = json.loads(done.stdout)
    return result
