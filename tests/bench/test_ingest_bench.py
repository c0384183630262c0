"""10,000 comments a second for 60 s into /ingest with the console running (its window, feed,
queue and pulse included: the Qt main thread is the asyncio loop), with the loop's lag; then the
highest sustained rate, of the synthetic stream (every text new) and of the realistic mix
(streams.py), beside the floor: a bare aiohttp WebSocket server that parses and stores, ramped
the same way in the same run up to its own limit. What bounds the rate is CPU: the CPU each
comment costs at 10,000/s (the console's, and its loop thread's) is reported beside the floor's."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp
import pytest

from tests.bench.conftest import BenchTable
from tests.bench.cpu import cpu_time
from tests.bench.streams import BATCH, TEXTS, realistic_frame
from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.ports import free_tcp_port

RATE, SECONDS, CONNECTIONS = 10_000, 60, 4
RAMP = (10_000, 20_000, 40_000, 80_000, 160_000, 320_000)  # the last steps find the floor's limit
RAMP_SECONDS = 5
FLOOR_CPU_SECONDS = 10  # the floor's CPU a comment, at RATE
LAG_P99_TARGET_MS, RATIO_TARGET = 30, 0.5

Frame = Callable[[int], str]


def _batch(start: int) -> str:
    return json.dumps([
        {"platform": "bench", "user": f"viewer{(start + i) % 5000}",
         "text": f"{TEXTS[(start + i) % len(TEXTS)]} #{start + i}", "ts": time.time()}
        for i in range(BATCH)
    ], ensure_ascii=False)  # fmt: skip


async def _offer(
    url: str, rate: int, seconds: float, frame: Frame = _batch
) -> tuple[int, int, float]:
    """Send `rate` comments a second for `seconds` over CONNECTIONS sockets; (sent, accepted,
    achieved rate of acknowledged comments)."""
    per_socket = rate / CONNECTIONS / BATCH  # batches per second per socket
    sent = accepted = 0
    started = time.perf_counter()

    async def one(index: int) -> None:
        nonlocal sent, accepted
        async with aiohttp.ClientSession() as http, http.ws_connect(url, max_msg_size=2**24) as ws:
            n = 0
            while (elapsed := time.perf_counter() - started) < seconds:
                due = n / per_socket
                if due > elapsed:
                    await asyncio.sleep(due - elapsed)
                await ws.send_str(frame((index * 10**7) + n * BATCH))
                sent += BATCH
                reply = await ws.receive_json()
                accepted += reply["accepted"]
                n += 1

    await asyncio.gather(*(one(i) for i in range(CONNECTIONS)))
    took = time.perf_counter() - started
    return sent, accepted, accepted / took


async def _highest(url: str, frame: Frame = _batch) -> int:
    best = 0
    for rate in RAMP:
        _sent, _accepted, achieved = await _offer(url, rate, RAMP_SECONDS, frame)
        if achieved < rate * 0.95:
            return max(best, int(achieved))
        best = rate
    return best


@pytest.mark.timeout(300)  # a minute at 10,000/s, the CPU runs and three ramps
def test_ingest_flood(obs: ObsProcess, tmp_path: Path, bench_table: BenchTable) -> None:
    console = ConsoleProcess(tmp_path / "data", obs.url, obs.password).start()
    url = f"ws://127.0.0.1:{console.port}/ingest?token={TOKEN}"
    try:
        console.get("/api/health")
        assert console.proc is not None
        before = cpu_time(console.proc.pid)
        sent, accepted, achieved = asyncio.run(_offer(url, RATE, SECONDS))
        used = cpu_time(console.proc.pid) - before
        health = console.get("/api/health").json()  # its lag window is the last minute
        before = cpu_time(console.proc.pid)
        _sent, mixed, _rate = asyncio.run(_offer(url, RATE, FLOOR_CPU_SECONDS, realistic_frame))
        used_mixed = cpu_time(console.proc.pid) - before
        highest = asyncio.run(_highest(url))
        highest_realistic = asyncio.run(_highest(url, realistic_frame))
    finally:
        console.stop()
    db = sqlite3.connect(tmp_path / "data" / "livedesk.db")
    stored = db.execute("SELECT COUNT(*) FROM comments WHERE platform='bench'").fetchone()[0]

    floor_port = free_tcp_port()
    floor = subprocess.Popen([sys.executable, str(Path(__file__).with_name("ingest_floor.py")),
                              str(floor_port), str(tmp_path / "floor.db")])  # fmt: skip
    try:
        time.sleep(1.5)
        floor_url = f"ws://127.0.0.1:{floor_port}/ingest"
        floor_before = cpu_time(floor.pid)
        _sent, floor_accepted, _rate = asyncio.run(_offer(floor_url, RATE, FLOOR_CPU_SECONDS))
        floor_used = cpu_time(floor.pid) - floor_before
        floor_highest = asyncio.run(_highest(floor_url))
    finally:
        floor.terminate()
        floor.wait(10)
    lag = health["loop_lag_ms"]
    bench_table.add(
        f"ingest {RATE:,}/s for {SECONDS} s ({CONNECTIONS} WebSockets, {BATCH}/frame)",
        f"loop lag p99 {lag['p99']} ms (max {lag['max']}, {lag['samples']} samples); "
        f"{achieved:.0f}/s accepted, {accepted}/{sent}, stored {stored}, "
        f"memory {health['memory_mib']} MiB",
        "—", "—", f"lag p99 ≤ {LAG_P99_TARGET_MS} ms, accepted = sent",
    )  # fmt: skip
    floor_per_comment = floor_used.total_s / floor_accepted * 1e6
    for stream, cpu, count in (("synthetic stream", used, accepted),
                               ("realistic mix", used_mixed, mixed)):  # fmt: skip
        per_comment, on_loop = cpu.total_s / count * 1e6, cpu.main_s / count * 1e6
        bench_table.add(
            f"CPU a comment at {RATE:,}/s, {stream} (what bounds the highest rate)",
            f"{per_comment:.1f} µs, of which {on_loop:.1f} µs on the loop thread",
            f"bare aiohttp WS + SQLite {floor_per_comment:.1f} µs",
            f"{per_comment / floor_per_comment:.1f}" if floor_per_comment else "—",
            "report",
        )  # fmt: skip
    for stream, rate in (("synthetic stream, every text new", highest),
                         ("realistic mix", highest_realistic)):  # fmt: skip
        bench_table.add(
            f"ingest: highest sustained rate, {stream} (ramp 10k→320k/s, 5 s steps)",
            f"{rate}/s",
            f"bare aiohttp WS + SQLite {floor_highest}/s",
            f"{rate / floor_highest:.2f}" if floor_highest else "—",
            f"≥ {RATIO_TARGET}",
        )
    assert lag["samples"] > 0
    assert stored >= accepted  # every accepted comment of the 60 s run is in SQLite
    assert accepted == sent, (sent, accepted)  # the console took all 10,000 a second
