"""Interaction over the API (lottery, polls, check-in), a run-sheet cue opening a poll, the
interaction column in the run-sheet files and checks, and `report --format attendance`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

from app.adapters.files.csv_sheet import csv_text
from app.adapters.files.runsheets import load_runsheet, save_runsheet
from app.adapters.store.schema import open_database
from app.adapters.web.server import create_app
from app.domain import log_events as kinds
from app.domain.audience import Comment
from app.domain.runsheet import RunSheet, Segment, validate
from app.domain.runsheet_codec import sheet_from_dict, sheet_to_dict
from app.report_cli import run_report
from app.runsheet_cli import run_check
from app.services.events import CommentsAdded
from app.services.review_interaction import interaction_summary
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.unit.conftest import Clock

TOKEN = "t0ken-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
async def client(show: Show) -> AsyncIterator[TestClient]:
    async with TestClient(TestServer(create_app(show, TOKEN))) as test_client:
        yield test_client


async def _ingest(client: TestClient, items: list[dict[str, object]]) -> None:
    answer = await client.post("/ingest", json=items, headers=AUTH)
    assert answer.status == 200, await answer.text()


async def test_a_lottery_over_the_api(client: TestClient) -> None:
    opened = await client.post("/api/lottery", json={"keyword": "666", "winners": 2,
                                                     "seconds": 60}, headers=AUTH)  # fmt: skip
    assert opened.status == 200
    lottery_id = (await opened.json())["id"]
    again = await client.post("/api/lottery", json={"keyword": "777"}, headers=AUTH)
    assert again.status == 409
    # a bad body is a bad body whatever is open: 400, the settings are checked first
    bad = await client.post("/api/lottery", json={"keyword": "777", "winners": 0}, headers=AUTH)
    assert bad.status == 400
    await _ingest(client, [
        {"platform": "douyin", "user": "小明", "user_id": "d1", "text": "666"},
        {"platform": "douyin", "user": "小明", "user_id": "d1", "text": "666!"},
        {"platform": "bilibili", "user": "阿强", "text": "６６６"},
        {"platform": "twitch", "user": "amy", "text": "hello"},
    ])  # fmt: skip
    shown = await (await client.get(f"/api/lottery/{lottery_id}", headers=AUTH)).json()
    assert shown["entrants"] == 2
    assert shown["open"]
    assert shown["keyword"] == "666"
    drawn = await client.post(f"/api/lottery/{lottery_id}/draw", headers=AUTH)
    body = await drawn.json()
    assert list(body) == ["entrants", "winners", "seed"]
    assert body["entrants"] == 2
    assert len(body["seed"]) == 32
    assert sorted(w["user"] for w in body["winners"]) == ["小明", "阿强"]
    assert {"platform": "douyin", "user": "小明", "user_id": "d1"} in body["winners"]
    assert (await client.post(f"/api/lottery/{lottery_id}/draw", headers=AUTH)).status == 409
    assert (await client.get("/api/lottery/99", headers=AUTH)).status == 404
    assert (await client.get("/api/lottery/x", headers=AUTH)).status == 404
    state = await (await client.get("/api/state", headers=AUTH)).json()
    assert state["interaction"]["lottery"]["seed"] == body["seed"]


async def test_a_lottery_past_its_time_says_it_takes_no_more_entries(
    client: TestClient, show: Show, monotonic: Clock
) -> None:
    show.interaction._steady = monotonic  # the steady clock the show factory leaves as time's
    opened = await client.post("/api/lottery", json={"keyword": "666", "seconds": 30},
                               headers=AUTH)  # fmt: skip
    url = f"/api/lottery/{(await opened.json())['id']}"
    shown = await (await client.get(url, headers=AUTH)).json()
    assert (shown["open"], shown["taking_entries"]) == (True, True)
    monotonic.now += 31
    await _ingest(client, [{"platform": "douyin", "user": "迟到", "text": "666"}])
    shown = await (await client.get(url, headers=AUTH)).json()
    # still to be drawn (open), but the keyword enters no one now
    assert (shown["open"], shown["taking_entries"], shown["entrants"]) == (True, False, 0)
    assert (await client.post(f"{url}/draw", headers=AUTH)).status == 200


@pytest.mark.parametrize(
    "body",
    [{}, {"keyword": ""}, {"keyword": "666", "winners": 0}, {"keyword": "666", "winners": "2"},
     {"keyword": "666", "seconds": -1}, {"keyword": "666", "exclude_previous_winners": "yes"},
     {"keyword": "x" * 51}],
)  # fmt: skip
async def test_bad_lotteries_are_400(client: TestClient, body: dict[str, object]) -> None:
    answer = await client.post("/api/lottery", json=body, headers=AUTH)
    assert answer.status == 400
    assert "error" in await answer.json()


async def test_a_quiz_over_the_api(client: TestClient) -> None:
    opened = await client.post("/api/poll", json={"question": "2+2?", "options": ["3", "4", "5"],
                                                  "answer": 1}, headers=AUTH)  # fmt: skip
    poll_id = (await opened.json())["id"]
    await _ingest(client, [
        {"platform": "douyin", "user": "小明", "text": "b"},
        {"platform": "douyin", "user": "阿强", "text": "１"},
        {"platform": "douyin", "user": "阿强", "text": "Ｂ"},
        {"platform": "douyin", "user": "bob", "text": "C"},
    ])  # fmt: skip
    shown = await (await client.get(f"/api/poll/{poll_id}", headers=AUTH)).json()
    assert {k: shown[k] for k in ("question", "options", "counts", "voters", "open", "answer")} \
        == {"question": "2+2?", "options": ["3", "4", "5"], "counts": [0, 2, 1], "voters": 3,
            "open": True, "answer": 1}  # fmt: skip
    closed = await (await client.post(f"/api/poll/{poll_id}/close", headers=AUTH)).json()
    assert closed["open"] is False
    revealed = await (await client.post(f"/api/poll/{poll_id}/reveal", headers=AUTH)).json()
    assert revealed["revealed"] is True
    assert (await client.get("/api/poll/42", headers=AUTH)).status == 404
    bad = await client.post("/api/poll", json={"question": "q", "options": ["a"]}, headers=AUTH)
    assert bad.status == 400


async def test_a_new_poll_logs_the_close_of_the_open_one_as_a_close_does(
    client: TestClient, memory_log: MemoryLog
) -> None:
    """POST /api/poll while a quiz is open closes it, logged as POST /api/poll/ID/close logs a
    close (its counts and ballots): the report counts it and its answers."""
    first = await client.post("/api/poll", json={"question": "2+2?", "options": ["3", "4"],
                                                 "answer": 1}, headers=AUTH)  # fmt: skip
    first_id = (await first.json())["id"]
    await _ingest(client, [{"platform": "douyin", "user": "小明", "user_id": "d1", "text": "2"},
                           {"platform": "douyin", "user": "阿强", "text": "a"}])  # fmt: skip
    second = await client.post("/api/poll", json={"question": "3+3?", "options": ["6", "7"],
                                                  "answer": 0}, headers=AUTH)  # fmt: skip
    second_id = (await second.json())["id"]
    shown = await (await client.get(f"/api/poll/{first_id}", headers=AUTH)).json()
    assert (shown["open"], shown["counts"]) == (False, [1, 1])
    await _ingest(client, [{"platform": "douyin", "user": "小明", "user_id": "d1", "text": "A"}])
    assert (await client.post(f"/api/poll/{second_id}/close", headers=AUTH)).status == 200
    polls = [e for e in memory_log.entries if e.kind.startswith("poll.")]
    # the open one closes before the next opens
    assert [(e.kind, e.data["id"]) for e in polls] == [
        (kinds.POLL_OPEN, first_id), (kinds.POLL_CLOSE, first_id),
        (kinds.POLL_OPEN, second_id), (kinds.POLL_CLOSE, second_id),
    ]  # fmt: skip
    by_new, by_route = polls[1].data, polls[3].data
    assert set(by_new) == set(by_route)  # the same entry, whichever way it closed
    assert (by_new["counts"], by_new["voters"]) == ([1, 1], 2)
    assert sorted(map(list, by_new["ballots"])) == [["douyin", "小明", "d1", 1],  # type: ignore[arg-type]
                                                    ["douyin", "阿强", None, 0]]  # fmt: skip
    review = interaction_summary({"kind": e.kind, "data": e.data, "t": e.t}
                                 for e in memory_log.entries)  # fmt: skip
    assert [(p["id"], p["counts"], p["right"]) for p in review["polls"]] == [
        (first_id, [1, 1], 1), (second_id, [1, 0], 1)]  # fmt: skip


async def test_a_poll_without_answer_cannot_be_revealed(client: TestClient) -> None:
    opened = await client.post("/api/poll", json={"question": "颜色?", "options": ["红", "蓝"]},
                               headers=AUTH)  # fmt: skip
    poll_id = (await opened.json())["id"]
    shown = await (await client.get(f"/api/poll/{poll_id}", headers=AUTH)).json()
    assert "answer" not in shown
    assert (await client.post(f"/api/poll/{poll_id}/reveal", headers=AUTH)).status == 409


async def test_check_in_over_the_api(client: TestClient) -> None:
    assert (await client.post("/api/checkin/close", headers=AUTH)).status == 409
    opened = await client.post("/api/checkin", json={"keyword": "签到"}, headers=AUTH)
    assert opened.status == 200
    assert (await client.post("/api/checkin", json={"keyword": "到"}, headers=AUTH)).status == 409
    assert (await client.post("/api/checkin", json={"keyword": ""}, headers=AUTH)).status == 400
    await _ingest(client, [{"platform": "douyin", "user": "小明", "text": "签到"},
                           {"platform": "douyin", "user": "小明", "text": "签到签到"}])  # fmt: skip
    closed = await (await client.post("/api/checkin/close", headers=AUTH)).json()
    assert closed["count"] == 1
    assert closed["open"] is False


async def test_a_cue_opens_a_poll(show: Show, fake_obs: FakeObs, memory_log: MemoryLog) -> None:
    await show.obs.resync(await fake_obs.connect())
    poll_cell, lottery_cell = "poll: 哪个颜色? | 红 | 蓝", "lottery: 口令=666; winners=2; 30s"
    sheet = RunSheet((Segment("开场", 60), Segment("投票", 60, interaction=poll_cell),
                      Segment("抽奖", 60, interaction=lottery_cell)))  # fmt: skip
    await show.runner.load(sheet)
    await show.runner.next()
    assert show.interaction.state().poll is None
    result = await show.runner.next()
    assert result.warnings == []
    poll = show.interaction.state().poll
    assert poll is not None
    assert poll.open
    assert poll.options == ("红", "蓝")
    await show.runner.next()
    lottery = show.interaction.state().lottery
    assert lottery is not None
    assert lottery.winners == 2
    assert lottery.seconds == 30
    assert [e.kind for e in memory_log.entries if e.kind.startswith(("poll", "lottery"))] == [
        kinds.POLL_OPEN, kinds.LOTTERY_OPEN]  # fmt: skip


def test_the_interaction_column_in_files_and_checks(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("title,duration,互动\n开场,5,\n投票,5,poll: 哪个颜色? | 红 | 蓝\n"
                    "抽奖,5,raffle: 666\n", encoding="utf-8")  # fmt: skip
    loaded = load_runsheet(path)
    [problem] = loaded.problems
    assert (problem.location, problem.field, problem.severity) == ("4", "interaction", "error")
    sheet = loaded.sheet
    assert sheet.segments[1].interaction == "poll: 哪个颜色? | 红 | 蓝"
    assert validate(sheet) == [problem]
    assert sheet_from_dict(sheet_to_dict(sheet)).sheet == sheet
    assert "interaction" not in sheet_to_dict(sheet)["segments"][0]
    for name in ("again.csv", "again.xlsx", "again.json"):
        save_runsheet(sheet, tmp_path / name)
        assert load_runsheet(tmp_path / name).sheet.segments == sheet.segments, name
    assert "interaction" not in csv_text(RunSheet((Segment("a", 60),))).splitlines()[0]
    out, err = io.StringIO(), io.StringIO()
    assert run_check(str(path), False, out=out, err=err) != 0
    assert f"{path}:4: error:" in out.getvalue() + err.getvalue()


def test_preflight_names_a_segment_whose_interaction_cannot_open(show: Show) -> None:
    show.runner.sheet = RunSheet((Segment("抽奖", 60, interaction="lottery: 666; 0"),))
    checks = [c for c in show.preflight() if c.title.code == "preflight.interaction_bad"]
    assert len(checks) == 1
    assert checks[0].severity == "error"
    assert not checks[0].ok
    assert checks[0].segment == 0
    assert "winners" in str(checks[0].title)


def test_the_attendance_csv(tmp_path: Path, show: Show, memory_log: MemoryLog) -> None:
    interaction = show.interaction

    def said(user: str, text: str, user_id: str | None = None, t: float = 0.0) -> Comment:
        return Comment(id=1, platform="douyin", user=user, text=text, ts=1_700_000_100.0 + t,
                       user_id=user_id)  # fmt: skip

    interaction.open_checkin("签到")
    show.bus.publish(CommentsAdded("x", [said("小明", "签到", "d1", 1), said("阿强", "签到", t=2)]))
    interaction.close_checkin()
    quiz = interaction.open_poll("2+2?", ["3", "4"], answer=1)
    show.bus.publish(CommentsAdded("x", [said("小明", "B", "d1"), said("阿强", "a")]))
    interaction.reveal(quiz.id)
    path = tmp_path / "livedesk.db"
    db = open_database(path)
    db.execute("INSERT INTO sessions (id, title, started_at) VALUES (1, '公开课', 1700000000)")
    db.conn.executemany(
        "INSERT INTO events (session_id, t, kind, data) VALUES (1, ?, ?, ?)",
        [(e.t, e.kind, json.dumps(e.data, ensure_ascii=False)) for e in memory_log.entries],
    )
    db.conn.executemany(
        "INSERT INTO comments (session_id, platform, user, user_id, text, ts, is_question) "
        "VALUES (1, 'douyin', ?, ?, ?, 1700000100, ?)",
        [("小明", "d1", "签到", 0), ("小明", "d1", "多少钱？", 1), ("阿强", None, "签到", 0),
         ("路人", None, "什么时候开始？", 1)],
    )  # fmt: skip
    db.conn.commit()
    db.close()
    out = tmp_path / "attendance.csv"
    code = run_report(path, "1", "attendance", str(out), io.StringIO(), io.StringIO())
    assert code == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["user"] for r in rows] == ["小明", "阿强", "路人"]
    ming, qiang, passer = rows
    assert (ming["user_id"], ming["quiz_right"], ming["quiz_given"], ming["comments"],
            ming["questions"]) == ("d1", "1", "1", "2", "1")  # fmt: skip
    assert ming["checked_in_at"]
    assert qiang["checked_in_at"]
    assert not passer["checked_in_at"]
    assert (qiang["quiz_right"], qiang["quiz_given"]) == ("0", "1")
    assert (passer["comments"], passer["questions"]) == ("1", "1")
    report = io.StringIO()
    assert run_report(path, "1", "json", None, report, io.StringIO()) == 0
    review = json.loads(report.getvalue())["interaction"]
    assert review["checkins"][0]["count"] == 2
    assert review["polls"][0]["right"] == 1


def test_a_pseudonymised_report_aliases_the_viewers_of_draws(
    tmp_path: Path, show: Show, memory_log: MemoryLog
) -> None:
    lottery = show.interaction.open_lottery("666", 1)
    show.bus.publish(CommentsAdded("x", [Comment(1, "douyin", "王小明", "666", 1_700_000_001.0)]))
    show.interaction.draw(lottery.id)
    path = tmp_path / "livedesk.db"
    db = open_database(path)
    db.execute("INSERT INTO sessions (id, title, started_at) VALUES (1, '公开课', 1700000000)")
    db.conn.executemany(
        "INSERT INTO events (session_id, t, kind, data) VALUES (1, ?, ?, ?)",
        [(e.t, e.kind, json.dumps(e.data, ensure_ascii=False)) for e in memory_log.entries],
    )
    db.conn.commit()
    db.close()
    plain, aliased = io.StringIO(), io.StringIO()
    assert run_report(path, "1", "json", None, plain, io.StringIO()) == 0
    [draw] = [e for e in json.loads(plain.getvalue())["events"] if e["kind"] == "lottery.draw"]
    assert draw["entrants"] == [{"platform": "douyin", "user": "王小明", "user_id": None}]
    assert run_report(path, "1", "json", None, aliased, io.StringIO(), pseudonymise=True,
                      salt="s") == 0  # fmt: skip
    assert "王小明" not in aliased.getvalue()
