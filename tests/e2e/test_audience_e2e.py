"""Comments from a chat source configured in the settings reach the queue of the running
console; /ingest and the queue work over the real API."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until

CHAT = [
    {"platform": "bilibili", "user": "小红", "text": "有回放吗", "ts": 0},
    {"platform": "bilibili", "user": "小蓝", "text": "老师讲得好清楚", "ts": 0.1},
    {"platform": "bilibili", "user": "小绿", "text": "有回放吗？", "ts": 0.2},
    {"platform": "bilibili", "user": "小紫", "text": "已拍，等发货", "ts": 0.3},
]


def test_a_replayed_chat_fills_the_queue(obs: ObsProcess, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    chat = tmp_path / "chat.jsonl"
    chat.write_text("\n".join(json.dumps(c, ensure_ascii=False) for c in CHAT), "utf-8")
    settings = {"chat_sources": [{"kind": "replay", "path": str(chat), "speed": 10}],
                "assistant_name": "导播"}  # fmt: skip
    (data / "settings.json").write_text(json.dumps(settings, ensure_ascii=False), "utf-8")
    console = ConsoleProcess(data, obs.url, obs.password).start()
    try:
        wait_until(
            lambda: console.state()["counts"]["comments"] == 4, "the four comments counted", 5
        )
        state = console.state()
        assert state["counts"]["questions_open"] == 1
        assert state["top_question"]["asked"] == 2
        assert state["top_question"]["suggestion"]["topic"] == "回放"
        sources = state["audience"]["sources"]
        assert "replay" in sources
        assert sources["replay"]["received"] == 4
        comments = console.get("/api/comments?after=0&limit=10").json()["comments"]
        intents = {c["text"]: c["intent"] for c in comments}
        assert intents["已拍，等发货"] == "purchase"
        qid = state["top_question"]["id"]
        done = console.post(
            f"/api/questions/{qid}", {"action": "answer", "by": "导播", "answer": "有，永久回放"}
        )
        assert done.status_code == 200
        assert done.json()["question"]["state"] == "answered"
    finally:
        console.stop()
    db = data / "livedesk.db"
    import sqlite3

    stored = sqlite3.connect(db).execute("SELECT COUNT(*) FROM comments").fetchone()[0]
    assert stored == 4
