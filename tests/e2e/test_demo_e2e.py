"""`livedesk --demo` as a subprocess, offscreen, driven through the API only: the simulator's
scenes are listed, a cue switches the program scene, replayed comments arrive (questions among
them), and the show's report builds from the demo's own data directory."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.console_process import ConsoleProcess
from tests.support.waiting import wait_for_value

DEMO_SCENES = ["即将开始", "开场", "讲课", "商品特写", "互动答疑", "马上回来 BRB"]


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[ConsoleProcess]:
    console = ConsoleProcess(tmp_path / "data", "", "", "--demo").start(timeout=60)
    try:
        yield console
    finally:
        code = console.stop()
        assert code in (0, None), f"livedesk --demo exited with {code}:\n{console.log_tail()}"


def wait_for(console: ConsoleProcess, path: str, predicate: Any, timeout: float) -> Any:
    """The first answer of GET `path` that `predicate` accepts."""

    def matching() -> Any:
        answer = console.get(path)
        answer.raise_for_status()
        body = answer.json()
        return body if predicate(body) else None

    return wait_for_value(matching, f"an answer of {path} that matches", timeout, 0.1)


def test_the_demo_runs_a_show_end_to_end(demo: ConsoleProcess, tmp_path: Path) -> None:
    demo.wait_state(
        lambda s: s["obs"]["connected"] and s["obs"]["scenes"][: len(DEMO_SCENES)] == DEMO_SCENES,
        timeout=30,
    )
    state = demo.state()
    assert state["obs"]["program_scene"] == "即将开始"
    assert state["runsheet"]["segments"] == 10  # the sample run-sheet, loaded at start

    assert demo.post("/api/session/start", {"title": "演示直播 Demo"}).status_code == 200
    cue = demo.post("/api/cue/next")
    assert cue.status_code == 200, cue.text
    demo.wait_state(lambda s: s["obs"]["program_scene"] == "开场", timeout=10)
    assert demo.post("/api/cue/goto", {"index": 3}).status_code == 200  # product + coupon
    demo.wait_state(lambda s: s["obs"]["program_scene"] == "商品特写", timeout=10)
    overlay = demo.state()["overlay"]
    assert overlay["product"] == "GIM-S5"
    assert overlay["coupon"]["code"] == "FANS30"

    comments = wait_for(
        demo,
        "/api/comments?limit=200",
        lambda body: any(c["is_question"] for c in body["comments"]),
        30,
    )
    texts = [c["text"] for c in comments["comments"]]
    assert "老师好！来了来了" in texts  # resources/demo/comments.jsonl, replayed in order
    assert {c["platform"] for c in comments["comments"]} & {"douyin", "bilibili"}
    wait_for(demo, "/api/questions?state=open", lambda body: body["questions"], 10)

    assert demo.post("/api/session/end").status_code == 200
    demo_dir = tmp_path / "data" / "demo"
    html = tmp_path / "report.html"
    done = demo.cli(
        "report", "latest", "--format", "html", "--data-dir", str(demo_dir), "-o", str(html)
    )
    assert done.returncode == 0, done.stderr
    assert "演示直播 Demo" in html.read_text(encoding="utf-8")
    as_json = demo.cli("report", "latest", "--format", "json", "--data-dir", str(demo_dir))
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads(as_json.stdout)
    assert [s["title"] for s in report["segments"]][:1] == ["开场：欢迎来到直播间 Opening"]
    assert report["comments"]["total"] >= 1
    # the demo's shows stay apart from the real ones
    assert not (tmp_path / "data" / "livedesk.db").exists()
