"""A scripted show against real OBS, recorded, then every export of its review checked."""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import time
from pathlib import Path

from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess

SEGMENT_S = 11  # YouTube wants chapters of at least 10 s
SHEET = {"segments": [
    {"title": "开场 Welcome", "duration": 60, "scene": "开场 Opening"},
    {"title": "讲解 Lesson", "duration": 60, "scene": "讲解 Teaching"},
    {"title": "商品 The course", "duration": 60, "scene": "商品 Product"},
]}  # fmt: skip


def test_scripted_show_exports(obs: ObsProcess, console: ConsoleProcess, tmp_path: Path) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/session/start", {"title": "导出 <b>e2e</b>"}).status_code == 200
    assert console.post("/api/runsheet", SHEET).status_code == 200
    assert console.post("/api/obs/record", {"action": "start"}).status_code == 200
    console.wait_state(lambda s: s["obs"]["recording"], timeout=10)
    for index in range(3):
        assert console.post("/api/cue/next").status_code == 200
        if index == 1:
            console.post("/api/markers", {"note": "精彩片段"})
        console.post(
            "/ingest", [{"platform": "douyin", "user": f"观众{index}", "text": "多少钱？"}]
        )
        time.sleep(SEGMENT_S)
    console.post("/api/cue/next")
    assert console.post("/api/obs/record", {"action": "stop"}).status_code == 200
    # real OBS finishes the file and says so: the recording is no longer said to be stopping
    console.wait_state(lambda s: not s["obs"]["recording"] and s["obs"]["stopping"] == [],
                       timeout=10)  # fmt: skip
    assert console.post("/api/session/end").status_code == 200

    def export(fmt: str, *extra: str) -> Path:
        target = tmp_path / f"review.{fmt}"
        done = console.cli("report", "latest", "--format", fmt, "-o", str(target), *extra)
        assert done.returncode == 0, done.stderr
        return target

    chapters = export("chapters").read_text("utf-8").strip().splitlines()
    assert chapters[0].startswith("0:00 ")
    assert len(chapters) == 3
    stamps = [int(m) * 60 + int(s) for m, s in (re.match(r"(\d+):(\d\d) ", c).groups()
                                                 for c in chapters)]  # fmt: skip
    assert all(b - a >= 10 for a, b in itertools.pairwise(stamps))

    edl = export("edl").read_text("utf-8")
    names = re.findall(r"\|M:([^|]+?) \|D:", edl)
    # at the recording's frame rate, as logged from OBS's video settings with the recording
    done = console.cli("report", "latest", "--format", "edl", "-o", str(tmp_path / "again.edl"))
    assert "frame rate" not in done.stderr
    assert names[:2] == ["开场 Welcome", "讲解 Lesson"]
    assert "精彩片段" in names

    premiere = export("premiere").read_bytes()
    assert premiere.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(premiere.decode("utf-8-sig"))))
    assert {"Marker Name", "In", "Out"} <= set(rows[0])

    events_csv = export("csv").read_bytes()
    assert events_csv.startswith(b"\xef\xbb\xbf")
    assert b"segment.start" in events_csv

    report = json.loads(export("json", "--pseudonymise").read_text("utf-8"))
    records = [e for e in report["events"] if e["kind"] == "obs.record"]
    assert records
    assert all(e["fps_numerator"] / e["fps_denominator"] == obs.fps for e in records)
    assert [s["title"] for s in report["segments"]] == [s["title"] for s in SHEET["segments"]]
    assert "观众0" not in json.dumps(report, ensure_ascii=False)

    html = export("html").read_text("utf-8")
    assert "<b>e2e</b>" not in html
    assert "&lt;b&gt;e2e&lt;/b&gt;" in html
    assert "http://" not in html
    assert "https://" not in html
    pdf = export("pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert pdf.count(b"/Type /Page") >= 2
