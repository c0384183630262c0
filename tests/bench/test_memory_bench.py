"""Memory after 1,000,000 comments: the console (real process, real OBS) fed a million comments
through WebSocket /ingest, beside the floor: the bare WebSocket server that only parses and stores
the same comments. Both resident sizes are read from /proc after the last comment is stored."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from tests.bench.conftest import BenchTable
from tests.bench.test_ingest_bench import BATCH, TEXTS
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess, free_tcp_port

COMMENTS, CONNECTIONS = 1_000_000, 4


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


def _frame(start: int) -> str:
    return json.dumps([
        {"platform": "bench", "user": f"viewer{(start + i) % 20000}",
         "text": f"{TEXTS[(start + i) % len(TEXTS)]} #{start + i}", "ts": time.time()}
        for i in range(BATCH)
    ], ensure_ascii=False)  # fmt: skip


async def _feed(url: str, total: int) -> tuple[int, float]:
    """Send `total` comments as fast as they are acknowledged; (accepted, seconds)."""
    per_socket = total // CONNECTIONS
    accepted = 0
    started = time.perf_counter()

    async def one(index: int) -> None:
        nonlocal accepted
        async with aiohttp.ClientSession() as http, http.ws_connect(url, max_msg_size=2**24) as ws:
            for n in range(0, per_socket, BATCH):
                await ws.send_str(_frame(index * per_socket + n))
                reply = await ws.receive_json()  # read before adding: `+= await` loses counts
                accepted += reply["accepted"]

    await asyncio.gather(*(one(i) for i in range(CONNECTIONS)))
    return accepted, time.perf_counter() - started


@pytest.mark.timeout(900)
def test_memory_after_a_million_comments(
    obs: ObsProcess, tmp_path: Path, bench_table: BenchTable
) -> None:
    console = ConsoleProcess(tmp_path / "data", obs.url, obs.password).start()
    try:
        assert console.post("/api/session/start", {"title": "memory bench"}).status_code == 200
        assert console.proc is not None
        idle = _rss_mib(console.proc.pid)
        accepted, took = asyncio.run(
            _feed(f"ws://127.0.0.1:{console.port}/ingest?token={TOKEN}", COMMENTS)
        )
        time.sleep(1.0)  # the writer's last commit
        after = _rss_mib(console.proc.pid)
        state = console.state()
    finally:
        console.stop()
    assert accepted == COMMENTS, accepted
    assert state["counts"]["comments"] == COMMENTS, state["counts"]
    with sqlite3.connect(tmp_path / "data" / "livedesk.db") as db:
        stored = db.execute("SELECT COUNT(*) FROM comments WHERE platform='bench'").fetchone()[0]
    assert stored == COMMENTS

    port = free_tcp_port()
    floor = subprocess.Popen([sys.executable, str(Path(__file__).with_name("ingest_floor.py")),
                              str(port), str(tmp_path / "floor.db")])  # fmt: skip
    try:
        time.sleep(1.5)
        floor_idle = _rss_mib(floor.pid)
        floor_accepted, floor_took = asyncio.run(_feed(f"ws://127.0.0.1:{port}/ingest", COMMENTS))
        floor_after = _rss_mib(floor.pid)
    finally:
        floor.terminate()
        floor.wait(10)
    assert floor_accepted == COMMENTS
    bench_table.add(
        "memory after 1,000,000 comments (console: classified, queued, logged, 50k kept in "
        "memory; 4 WebSockets)",
        f"{after:.0f} MiB resident (idle {idle:.0f} MiB; fed in {took:.0f} s)",
        f"bare aiohttp WS + SQLite {floor_after:.0f} MiB (idle {floor_idle:.0f} MiB; "
        f"{floor_took:.0f} s)",
        f"{after / floor_after:.1f}×",
        "report",
    )
