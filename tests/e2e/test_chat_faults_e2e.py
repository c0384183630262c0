"""A chat connection dropped mid-show (issue #8 item 2): the console's Twitch source, pointed at a
real IRC server (ngircd), loses it to SIGKILL, reconnects by itself, and the gap is in the log."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from tests.support.console_process import ConsoleProcess
from tests.support.ircd import IrcPoster, Ngircd
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until


def _post(port: int, text: str) -> None:
    async def run() -> None:
        async with IrcPoster(port, "livedesk") as poster:
            await poster.say(text)

    asyncio.run(run())


def _source(console: ConsoleProcess) -> dict:
    return console.state()["audience"]["sources"].get("twitch", {})


def test_twitch_chat_dropped_reconnects_and_the_gap_is_logged(
    obs: ObsProcess, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with Ngircd(tmp_path / "ircd") as ircd:
        settings = {"chat_sources": [{"kind": "twitch", "channel": "livedesk",
                                      "host": "127.0.0.1", "port": ircd.port}]}  # fmt: skip
        (data / "settings.json").write_text(json.dumps(settings), "utf-8")
        console = ConsoleProcess(data, obs.url, obs.password).start()
        try:
            assert console.post("/api/session/start", {"title": "弹幕断线 chat drop"}).ok
            wait_until(lambda: _source(console).get("state") == "connected", "twitch joined", 10)
            _post(ircd.port, "断线前 before the drop")
            wait_until(lambda: console.state()["counts"]["comments"] == 1, "the first comment", 5)

            lost_wall = time.time()
            ircd.kill()  # the server vanishes without a word
            down_after = wait_until(
                lambda: _source(console).get("state") != "connected", "the drop noticed", 5
            )
            time.sleep(1.5)  # deliberate: the server stays down a while, a real outage
            back_wall = time.time()
            ircd.start()
            up_after = wait_until(
                lambda: _source(console).get("state") == "connected", "the reconnect", 15
            )
            _post(ircd.port, "重连后 after the reconnect")
            wait_until(lambda: console.state()["counts"]["comments"] == 2, "a comment after it", 5)
            status = _source(console)
            assert status["gaps"] == 1
            assert status["extra"]["reconnects"] == 1
            # the cue panel and the API kept answering all along
            assert console.get("/api/health").status_code == 200
            assert console.post("/api/session/end").ok
        finally:
            console.stop()

    events = console.report("latest")["events"]
    states = [e for e in events if e["kind"] == "audience.source" and e["source"] == "twitch"]
    order = [e["state"] for e in states]
    first_down = order.index("disconnected")
    assert "connected" in order[first_down:]
    assert order.count("disconnected") >= 1
    down = states[first_down]
    up = next(e for e in states[first_down:] if e["state"] == "connected")
    start, end = up["extra"]["gap_started_at"], up["extra"]["gap_ended_at"]
    assert down["extra"]["gap_started_at"] == start
    assert down["message"]
    assert lost_wall - 0.01 <= start <= lost_wall + down_after + 0.5
    assert back_wall <= end <= down["t"] + 60
    assert abs((end - start) - up["last_gap_s"]) < 0.05
    print(
        f"\n[fault] twitch: drop noticed after {down_after * 1000:.0f} ms; reconnected "
        f"{up_after * 1000:.0f} ms after ngircd was back; logged gap {up['last_gap_s']:.2f} s "
        f"({start:.3f} -> {end:.3f})"
    )
    listed = console.cli("sessions", "--json")
    assert listed.returncode == 0
    assert json.loads(listed.stdout)[0]["comments"] == 2
