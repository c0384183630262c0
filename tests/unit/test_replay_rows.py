"""A chat log with one bad row among good ones plays the good ones, in time; a replay never
spins the event loop, whatever its speed."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from app.adapters.chat.replay import MAX_GAP_S, ReplayChat, load_log, replay_speed
from tests.support.chat_recorder import Recorder, running
from tests.support.waiting import eventually

T0 = 1_760_000_000


def jsonl(path: Path, middle_ts: str) -> Path:
    """Three rows; the middle one's ``ts`` is written as given (a JSON literal)."""
    lines = [json.dumps({"user": "a", "text": "one", "ts": T0}),
             '{"user": "b", "text": "two", "ts": ' + middle_ts + "}",
             json.dumps({"user": "c", "text": "three", "ts": T0 + 1})]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BAD_TIMES = ['"9999-01-01T00:00:00Z"', "Infinity", "NaN", "1e400", "1" + "0" * 400, "-5",
             '"00:nan:00"', '"1969-01-01T00:00:00Z"', '"' + "1" * 100 + '"']  # fmt: skip
BAD_IDS = ["year 9999", "Infinity", "NaN", "1e400", "400 digits", "-5", "00:nan:00", "1969",
           "100 digits"]  # fmt: skip


@pytest.mark.parametrize("middle_ts", BAD_TIMES, ids=BAD_IDS)
def test_a_row_whose_time_is_no_time_is_skipped_alone(tmp_path: Path, middle_ts: str) -> None:
    loaded = load_log(jsonl(tmp_path / "chat.jsonl", middle_ts))
    assert [(r.text, r.offset_s) for r in loaded.rows] == [("one", 0.0), ("three", 1.0)]
    assert loaded.skipped == 1
    assert loaded.notes[0].startswith("line 2: ")


def test_a_csv_field_over_csvs_limit_skips_that_row(tmp_path: Path) -> None:
    log = tmp_path / "chat.csv"
    log.write_text("user,text,ts\na,one,1\nb," + "x" * 200_000 + ",2\nc,three,3\n", "utf-8")
    loaded = load_log(log)
    assert [(r.text, r.offset_s) for r in loaded.rows] == [("one", 0.0), ("three", 2.0)]
    assert loaded.skipped == 1
    assert "field limit" in loaded.notes[0]


def test_a_long_pause_is_shortened(tmp_path: Path) -> None:
    log = tmp_path / "chat.jsonl"
    times = [T0, T0 + 10, T0 + 30 * 86400, T0 + 30 * 86400 + 2, T0 + 5]  # the last comes late
    log.write_text("\n".join(json.dumps({"user": "u", "text": str(i), "ts": ts})
                             for i, ts in enumerate(times)), "utf-8")  # fmt: skip
    loaded = load_log(log)
    assert [r.offset_s for r in loaded.rows] == [0, 10, 10 + MAX_GAP_S, 12 + MAX_GAP_S,
                                                 12 + MAX_GAP_S]  # fmt: skip
    assert (loaded.gaps_shortened, loaded.skipped) == (1, 0)


@pytest.mark.parametrize(
    "middle_ts", BAD_TIMES[:2] + BAD_TIMES[4:5], ids=["year 9999", "Infinity", "400 digits"]
)
async def test_the_rows_after_a_bad_one_play(tmp_path: Path, middle_ts: str) -> None:
    rec = Recorder()
    source = ReplayChat(jsonl(tmp_path / "chat.jsonl", middle_ts), rec.on_comments,
                        rec.on_status, speed=10)  # fmt: skip
    async with running(source) as task:
        await eventually(task.done, "the end of the replay", 5)
    assert [c.text for c in rec.comments] == ["one", "three"]
    assert source.rejected == 1
    connected = [s for s in rec.statuses if s.state == "connected"]
    assert "1 bad row skipped" in connected[0].message
    assert rec.statuses[-1].state == "stopped"
    assert "finished" in rec.statuses[-1].message


HUGE = pytest.param(10**400, id="10**400")


@pytest.mark.parametrize("speed", ["nan", "inf", "-inf", math.nan, math.inf, 0, -1, "fast", HUGE,
                                   True, None, [2], 1e-9, 1e9])  # fmt: skip
def test_a_speed_that_is_no_pace_is_refused(speed: object) -> None:
    with pytest.raises(ValueError, match="speed"):
        replay_speed(speed)


def test_a_speed_from_the_settings() -> None:
    assert replay_speed("2") == 2.0
    assert replay_speed(0.5) == 0.5
    assert replay_speed(3) == 3.0
    with pytest.raises(ValueError, match="speed"):
        ReplayChat("chat.jsonl", lambda batch: None, speed=math.nan)


@pytest.mark.timeout(20)
async def test_the_replay_loop_always_yields(tmp_path: Path) -> None:
    """Even a NaN pace (every wait NaN) delivers the rows, letting the loop run the rest (the
    test's own waiting included); before, it spun without awaiting and froze the console."""
    rec = Recorder()
    source = ReplayChat(jsonl(tmp_path / "chat.jsonl", str(T0 + 0.5)), rec.on_comments)
    source.speed = math.nan  # past the checks, as a bug elsewhere could
    async with running(source) as task:
        await eventually(task.done, "the end of the replay", 5)
    assert [c.text for c in rec.comments] == ["one", "two", "three"]
