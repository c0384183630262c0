"""Memory after 1,000,000 comments: the console (real process, real OBS) fed a million comments
through WebSocket /ingest, beside the floor: the bare WebSocket server that only parses and stores
the same comments. Both resident sizes are read from /proc after the last comment is stored.

Two streams: the synthetic one (every text numbered, so about half a million distinct open
questions, 20,000 viewers) and a realistic mix (mostly chatter; questions from a few hundred
texts written a few ways; 200,000 viewers)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.bench.conftest import BenchTable
from tests.bench.streams import BATCH, TEXTS, realistic_frame
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.ports import free_tcp_port

COMMENTS, CONNECTIONS = 1_000_000, 4
TARGET_MIB = 400

Frame = Callable[[int], str]


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def synthetic_frame(start: int) -> str:
    """Every text numbered: each question a new one."""
    return json.dumps([
        {"platform": "bench", "user": f"viewer{(start + i) % 20000}",
         "text": f"{TEXTS[(start + i) % len(TEXTS)]} #{start + i}", "ts": time.time()}
        for i in range(BATCH)
    ], ensure_ascii=False)  # fmt: skip


async def _send(ws: aiohttp.ClientWebSocketResponse, frame: str) -> int:
    """Send one frame, again after the time the console asks to wait; the comments accepted."""
    while True:
        await ws.send_str(frame)
        reply = await ws.receive_json()
        if "retry_after_s" not in reply:
            return int(reply["accepted"])
        await asyncio.sleep(float(reply["retry_after_s"]))


async def _feed(url: str, total: int, frame: Frame) -> tuple[int, float]:
    """Send `total` comments as fast as they are acknowledged; (accepted, seconds)."""
    per_socket = total // CONNECTIONS
    accepted = 0
    started = time.perf_counter()

    async def one(index: int) -> None:
        nonlocal accepted
        async with aiohttp.ClientSession() as http, http.ws_connect(url, max_msg_size=2**24) as ws:
            for n in range(0, per_socket, BATCH):
                count = await _send(ws, frame(index * per_socket + n))
                accepted += count  # read before adding: `+= await` loses counts

    await asyncio.gather(*(one(i) for i in range(CONNECTIONS)))
    return accepted, time.perf_counter() - started


def _console_after(obs: ObsProcess, data: Path, frame: Frame) -> dict[str, Any]:
    """A fresh console fed a million comments: its resident memory idle and after."""
    console = ConsoleProcess(data, obs.url, obs.password).start()
    try:
        assert console.post("/api/session/start", {"title": "memory bench"}).status_code == 200
        assert console.proc is not None
        idle = _rss_mib(console.proc.pid)
        accepted, took = asyncio.run(
            _feed(f"ws://127.0.0.1:{console.port}/ingest?token={TOKEN}", COMMENTS, frame)
        )
        time.sleep(1.0)  # the writer's last commit
        after = _rss_mib(console.proc.pid)
        state = console.state()
        questions = console.get("/api/questions?state=open&limit=1").json()
    finally:
        console.stop()
    assert accepted == COMMENTS, accepted
    assert state["counts"]["comments"] == COMMENTS, state["counts"]
    with sqlite3.connect(data / "livedesk.db") as db:
        stored = db.execute("SELECT COUNT(*) FROM comments WHERE platform != ''").fetchone()[0]
        askers = db.execute("SELECT COUNT(*) FROM question_askers").fetchone()[0]
    assert stored == COMMENTS
    return {"idle": idle, "after": after, "took": took, "askers": askers,
            "open": questions["counts"]["open"]}  # fmt: skip


@pytest.mark.timeout(1500)
def test_memory_after_a_million_comments(
    obs: ObsProcess, tmp_path: Path, bench_table: BenchTable
) -> None:
    synthetic = _console_after(obs, tmp_path / "synthetic", synthetic_frame)
    realistic = _console_after(obs, tmp_path / "realistic", realistic_frame)

    port = free_tcp_port()
    floor = subprocess.Popen([sys.executable, str(Path(__file__).with_name("ingest_floor.py")),
                              str(port), str(tmp_path / "floor.db")])  # fmt: skip
    try:
        time.sleep(1.5)
        floor_idle = _rss_mib(floor.pid)
        floor_accepted, floor_took = asyncio.run(
            _feed(f"ws://127.0.0.1:{port}/ingest", COMMENTS, synthetic_frame)
        )
        floor_after = _rss_mib(floor.pid)
    finally:
        floor.terminate()
        floor.wait(10)
    assert floor_accepted == COMMENTS
    floor_text = (
        f"bare aiohttp WS + SQLite {floor_after:.0f} MiB (idle {floor_idle:.0f} MiB; "
        f"{floor_took:.0f} s)"
    )
    for name, run in (("synthetic stream", synthetic), ("realistic mix", realistic)):
        bench_table.add(
            f"memory after 1,000,000 comments, {name} (console: classified, queued, logged; "
            f"{run['open']:,} open questions, {run['askers']:,} asker rows; 4 WebSockets)",
            f"{run['after']:.0f} MiB resident (idle {run['idle']:.0f} MiB; fed in "
            f"{run['took']:.0f} s)",
            floor_text,
            f"{run['after'] / floor_after:.1f}×",
            f"≤ {TARGET_MIB} MiB",
        )
