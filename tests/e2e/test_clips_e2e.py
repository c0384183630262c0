"""A show recorded by real OBS, two product cards shown for known spans, cut by `livedesk clips`;
the clips checked with ffprobe against the spans the log holds."""

from __future__ import annotations

import itertools
import json
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until

SHEET = {
    "segments": [{"title": "商品 讲解", "duration": 60, "scene": "商品 Product"}],
    "products": [
        {"sku": "MUG-01", "name": "保温杯 Thermo Mug 500ml", "price": "99", "stock": 5},
        {"sku": "TEA-02", "name": "龙井/Tea: 明前", "price": "59.9", "stock": 5},
    ],
}


def ffprobe(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        ["ffprobe", "-v", "error", "-of", "json", "-show_format", "-show_streams", str(path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def video(info: dict[str, Any]) -> dict[str, Any]:
    return next(s for s in info["streams"] if s["codec_type"] == "video")


def logged_spans(report: dict[str, Any]) -> list[tuple[str, float, float]]:
    """(sku, from, to) of each card in the recording's seconds, as the log holds them."""
    cards = [e for e in report["events"] if e["kind"].startswith("overlay.product.")]
    return [(show["sku"], show["record_tc"], after["record_tc"])
            for show, after in itertools.pairwise(cards)
            if show["kind"] == "overlay.product.show"]  # fmt: skip


def test_two_cards_cut_into_two_clips(
    obs: ObsProcess, console: ConsoleProcess, tmp_path: Path
) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/session/start", {"title": "切片 e2e"}).status_code == 200
    assert console.post("/api/runsheet", SHEET).status_code == 200
    before = set(obs.recordings())
    assert console.post("/api/obs/record", {"action": "start"}).status_code == 200
    console.wait_state(lambda s: s["obs"]["recording"], timeout=10)
    time.sleep(2.0)
    assert console.post("/api/overlay/product", {"sku": "MUG-01"}).status_code == 200
    time.sleep(4.0)
    assert console.post("/api/overlay/product", {"sku": "TEA-02"}).status_code == 200
    time.sleep(3.0)
    assert console.delete("/api/overlay/product").status_code == 200
    time.sleep(1.5)
    # the show ends before the recording stops: the file is named by an entry after the show
    assert console.post("/api/session/end").status_code == 200
    assert console.post("/api/obs/record", {"action": "stop"}).status_code == 200
    console.wait_state(lambda s: not s["obs"]["recording"], timeout=10)
    wait_until(lambda: set(obs.recordings()) - before, "the recording file", 10)
    recording = (set(obs.recordings()) - before).pop()

    out_dir = tmp_path / "clips"

    def cut() -> subprocess.CompletedProcess[str]:
        return console.cli("clips", "latest", "-o", str(out_dir), "--vertical")

    wait_until(lambda: cut().returncode == 0, "clips cut (the stop entry logged)", 20)
    listed = json.loads((out_dir / "clips.json").read_text("utf-8"))
    assert [c["file"] for c in listed] == ["01-保温杯 Thermo Mug 500ml.mp4", "02-龙井 Tea 明前.mp4"]
    assert [c["title"] for c in listed] == ["保温杯 Thermo Mug 500ml", "龙井/Tea: 明前"]
    assert [c["sku"] for c in listed] == ["MUG-01", "TEA-02"]
    assert {c["recording"] for c in listed} == {str(recording)}

    spans = logged_spans(console.report())
    assert [sku for sku, _a, _b in spans] == ["MUG-01", "TEA-02"]
    frame = 1 / obs.fps
    for clip, (_sku, start, end) in zip(listed, spans, strict=True):
        assert abs(clip["start_s"] - start) <= frame
        info = ffprobe(out_dir / clip["file"])
        assert abs(float(info["format"]["duration"]) - (end - start)) <= frame + 0.001
        assert (out_dir / clip["cover"]).read_bytes()[:2] == b"\xff\xd8"
        tall = video(ffprobe(out_dir / clip["vertical"]))
        assert (tall["width"], tall["height"]) == (1080, 1920)


def test_a_show_in_two_recordings_cuts_each_clip_from_its_own_file(
    obs: ObsProcess, console: ConsoleProcess, tmp_path: Path
) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/session/start", {"title": "两段录制"}).status_code == 200
    assert console.post("/api/runsheet", SHEET).status_code == 200
    before = set(obs.recordings())
    files = []
    for sku in ("MUG-01", "TEA-02"):
        # OBS refuses a start while it is still closing the last file
        wait_until(lambda: console.post("/api/obs/record", {"action": "start"}).status_code == 200,
                   "the recording started", 10)  # fmt: skip
        console.wait_state(lambda s: s["obs"]["recording"], timeout=10)
        time.sleep(1.5)
        assert console.post("/api/overlay/product", {"sku": sku}).status_code == 200
        time.sleep(3.0)
        assert console.delete("/api/overlay/product").status_code == 200
        time.sleep(1.0)
        assert console.post("/api/obs/record", {"action": "stop"}).status_code == 200
        console.wait_state(lambda s: not s["obs"]["recording"], timeout=10)
        wait_until(lambda: set(obs.recordings()) - before - set(files), "a recording file", 10)
        files.append((set(obs.recordings()) - before - set(files)).pop())
    assert console.post("/api/session/end").status_code == 200

    out_dir = tmp_path / "clips"
    done = console.cli("clips", "latest", "-o", str(out_dir), "--json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    assert [c["sku"] for c in listed] == ["MUG-01", "TEA-02"]
    assert [c["recording"] for c in listed] == [str(f) for f in files]
    spans = logged_spans(console.report("latest"))
    frame = 1 / obs.fps
    for clip, (_sku, start, end) in zip(listed, spans, strict=True):
        assert abs(clip["start_s"] - start) <= frame  # seconds into its own file
        duration = float(ffprobe(out_dir / clip["file"])["format"]["duration"])
        assert abs(duration - (end - start)) <= frame + 0.001
