"""The run-sheet through the API against real OBS, read back from the session report."""

from __future__ import annotations

import time

from obswebsocket import requests as obs_requests

from tests.support.console_process import ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.waiting import wait_until

SHEET = {
    "title": "Python 公开课",
    "segments": [
        {"title": "开场 Welcome", "duration": "2分钟", "kind": "开场", "scene": "开场 Opening"},
        {"title": "讲解 Lesson", "duration": "10m", "kind": "讲课", "scene": "讲解 Teaching",
         "notes": ["变量", "循环"]},
        {"title": "商品 The course", "duration": "3:00", "kind": "商品", "scene": "商品 Product",
         "product": "PY-101", "coupon": "FLASH50"},
    ],
    "products": [{"sku": "PY-101", "name": "Python 入门课", "price": "199",
                  "original_price": "399"}],
    "coupons": [{"code": "FLASH50", "title": "限时立减 50", "discount": "¥50", "seconds": 120}],
}  # fmt: skip


def _program(obs: ObsProcess) -> str:
    return str(obs.call(obs_requests.GetCurrentProgramScene()).datain["currentProgramSceneName"])


def test_cues_drive_obs_and_the_report_has_each_segment(
    obs: ObsProcess, console: ConsoleProcess
) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
    assert console.post("/api/session/start", {"title": "run-sheet e2e"}).status_code == 200
    loaded = console.post("/api/runsheet", SHEET)
    assert loaded.status_code == 200, loaded.text
    assert loaded.json()["warnings"] == []  # every scene exists in OBS

    preflight = console.get("/api/preflight").json()
    assert preflight["ok"], preflight

    for index, segment in enumerate(SHEET["segments"]):
        cue = console.post("/api/cue/next")
        assert cue.status_code == 200, cue.text
        assert cue.json()["index"] == index, cue.text
        assert cue.json()["warnings"] == []
        wait_until(
            lambda scene=segment["scene"]: _program(obs) == scene,
            "the segment's scene on program",
            3,
        )
        time.sleep(0.4)  # deliberate: each segment runs a while (asserted below), not a wait
    state = console.state()
    assert state["overlay"]["product"] == "PY-101"
    assert state["overlay"]["coupon"]["code"] == "FLASH50"
    assert console.post("/api/cue/next").json()["index"] is None  # the end
    assert console.post("/api/session/end").status_code == 200

    segments = console.report("latest")["segments"]
    assert [s["title"] for s in segments] == [s["title"] for s in SHEET["segments"]]
    assert [s["planned_s"] for s in segments] == [120, 600, 180]
    for segment in segments:
        assert segment["actual_start"]
        assert segment["actual_end"]
        assert 0.3 <= segment["actual_s"] < 5


def test_runsheet_option_loads_a_csv_at_start(obs: ObsProcess, tmp_path) -> None:
    sheet = tmp_path / "rundown.csv"
    sheet.write_bytes(
        "环节,时长,场景,话术\n开场,5分钟,开场 Opening,欢迎|介绍\n讲解,10,讲解 Teaching,\n".encode(
            "gb18030"
        )  # as Excel on Chinese Windows saves it
    )
    console = ConsoleProcess(tmp_path / "data", obs.url, obs.password, "--runsheet", str(sheet))
    console.start()
    try:
        state = console.state()["runsheet"]
        assert state["segments"] == 2, console.log_tail()
        assert state["total_s"] == 900, console.log_tail()
        broken = tmp_path / "broken.csv"
        broken.write_text("title,duration\nA,soon\n", encoding="utf-8")
        second = ConsoleProcess(tmp_path / "data2", obs.url, obs.password, "--runsheet",
                                str(broken)).start()  # fmt: skip
        try:
            assert second.state()["runsheet"]["segments"] == 0  # refused, console still up
        finally:
            second.stop()
    finally:
        console.stop()
