"""`livedesk clips` on a one-hour recording cut into 20 product clips, against ffmpeg's own time
for the same cuts (and covers) run by hand, one after the other, in the same run.

The recording is made with ffmpeg's lavfi test source at 192x108, 25 fps, a keyframe every 10 s
(OBS's default is 250 frames): small, so making it takes under a minute. Three of the clips
start on a keyframe (copied), the rest re-encoded. Target: ≤ 1.25x ffmpeg's own time (what
LiveDesk adds: reading the log, probing the file near each start, progress, clips.json)."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from app.adapters.media.ffmpeg import Ffmpeg, cut_command, find_ffmpeg
from app.adapters.store.clip_log import SqliteClipLog
from app.adapters.store.schema import open_database
from app.services.clips import ClipMaker, ClipOptions, Cut
from tests.bench.conftest import BenchTable

T0 = 1_700_000_000.0
HOUR_S = 3600
CLIPS = 20
TARGET_RATIO = 1.25

pytestmark = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is not installed")


def make_hour(path: Path) -> None:
    subprocess.run(
        ["ffmpeg", "-hide_banner", "-v", "error", "-y",
         "-f", "lavfi", "-i", "testsrc=size=192x108:rate=25",
         "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
         "-t", str(HOUR_S), "-c:v", "libx264", "-preset", "ultrafast", "-g", "250",
         "-c:a", "aac", "-b:a", "64k", "-shortest", str(path)],
        check=True,
    )  # fmt: skip


def make_log(db_path: Path, recording: Path) -> list[tuple[float, float]]:
    """20 cards, each up 60 to 150 s, spread over the hour; their (from, to) in the recording."""
    spans = []
    for n in range(CLIPS):
        start = 50 + n * 170 + (0 if n % 7 == 0 else 3.3)  # every 7th on a 10 s keyframe
        spans.append((start, start + 60 + (n * 37) % 90))
    db = open_database(db_path)
    db.execute("INSERT INTO sessions (id, title, started_at, ended_at) VALUES (1, '一小时', ?, ?)",
               [T0, T0 + HOUR_S])  # fmt: skip
    rows = [(1, T0, "obs.record", 0.0, '{"active": true}')]
    for n, (start, end) in enumerate(spans):
        card = json.dumps({"sku": f"SKU-{n}", "name": f"商品 {n + 1}"}, ensure_ascii=False)
        rows.append((1, T0 + start, "overlay.product.show", start, card))
        rows.append((1, T0 + end, "overlay.product.hide", end, json.dumps({"sku": f"SKU-{n}"})))
    stop = json.dumps({"active": False, "path": str(recording)})
    rows.append((1, T0 + HOUR_S, "obs.record", None, stop))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO events (session_id, t, kind, record_tc, data) VALUES (?, ?, ?, ?, ?)",
            rows,
        )
    db.close()
    return spans


@pytest.mark.timeout(900)
def test_an_hour_cut_into_20_product_clips(tmp_path: Path, bench_table: BenchTable) -> None:
    recording = tmp_path / "hour.mkv"
    make_hour(recording)
    db = tmp_path / "livedesk.db"
    make_log(db, recording)

    started = time.perf_counter()
    made = ClipMaker(SqliteClipLog(db), Ffmpeg()).make(1, str(tmp_path / "ours"), ClipOptions())
    ours = time.perf_counter() - started
    assert len(made.clips) == CLIPS
    assert sum(c.copied for c in made.clips) == 3

    programs = find_ffmpeg()
    assert programs is not None
    by_hand = tmp_path / "by-hand"
    by_hand.mkdir()
    started = time.perf_counter()
    for n, clip in enumerate(made.clips):
        cut = Cut(str(recording), clip.start_s, clip.end_s, "", copy=clip.copied)
        subprocess.run(cut_command(programs[0], cut, str(by_hand / f"{n}.mp4")), check=True)
        subprocess.run(
            [programs[0], "-v", "error", "-y", "-ss", f"{clip.start_s + 3:.3f}", "-i",
             str(recording), "-frames:v", "1", str(by_hand / f"{n}.jpg")],
            check=True,
        )  # fmt: skip
    floor = time.perf_counter() - started

    ratio = ours / floor
    bench_table.add(
        "clips: 1 h recording -> 20 product clips (3 copied, 17 re-encoded)",
        f"{ours:.2f} s",
        f"{floor:.2f} s (the same ffmpeg cuts and covers by hand)",
        f"{ratio:.2f}x",
        f"≤ {TARGET_RATIO}x",
    )
    assert all((tmp_path / "ours" / c.file).stat().st_size > 0 for c in made.clips)
