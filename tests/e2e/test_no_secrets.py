"""No secret in logs, settings, data or exports: a scripted show runs with the OBS password, the
API token, a YouTube API key and a Bilibili SESSDATA cookie set in the environment (the chat
sources that use them configured, failing as they must without a network), once with the plain
log format and once with --log-json; then every file in the data directory, both logs, every
report format and the CLI's own output are searched for each secret."""

from __future__ import annotations

import json
import re
import secrets
import time
import zlib
from pathlib import Path

import requests

from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess

SEGMENT_S = 11  # YouTube chapters need three of at least 10 s: the chapters export is real
FORMATS = ("html", "pdf", "csv", "json", "chapters", "edl", "premiere")


def _pdf_text(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (best effort: glyphs are not characters)."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def _leaks(blob: bytes, found: dict[str, str]) -> list[str]:
    """The names of the secrets in `blob` (raw, or as a JSON / UTF-16 / URL-quoted string)."""
    leaked = []
    for name, value in found.items():
        forms = {value.encode(), json.dumps(value).encode()[1:-1], value.encode("utf-16-be"),
                 requests.utils.quote(value, safe="").encode()}  # fmt: skip
        if any(form in blob for form in forms):
            leaked.append(name)
    return leaked


def _scripted_show(console: ConsoleProcess) -> None:
    console.wait_state(lambda s: s["obs"]["connected"], timeout=15)
    scenes = console.state()["obs"]["scenes"]
    setup = console.post("/api/overlay/setup", {"scenes": scenes[:1]})  # the page URL has the token
    assert setup.status_code == 200, setup.text
    assert console.post("/api/session/start", {"title": "保密 e2e"}).status_code == 200
    sheet = {"segments": [{"title": f"环节 {n}", "duration": 60, "scene": scenes[n % len(scenes)]}
                          for n in range(3)]}  # fmt: skip
    assert console.post("/api/runsheet", sheet).status_code == 200
    assert console.post("/api/obs/record", {"action": "start"}).status_code == 200
    console.wait_state(lambda s: s["obs"]["recording"], timeout=10)
    for index in range(3):
        assert console.post("/api/cue/next").status_code == 200
        comment = {"platform": "douyin", "user": f"观众{index}", "text": "多少钱？"}
        assert console.post("/ingest", [comment]).status_code == 200
        if index == 1:
            assert console.post("/api/markers", {"note": "精彩"}).status_code == 200
            featured = {"user": "观众", "text": "好看", "platform": "douyin"}
            assert console.post("/api/overlay/featured", featured).status_code == 200
        time.sleep(SEGMENT_S)
    console.post("/api/cue/next")
    assert console.post("/api/obs/record", {"action": "stop"}).status_code == 200
    assert console.post("/api/session/end").status_code == 200
    # the token in the query, and a wrong one: neither may be written down
    assert requests.get(f"{console.base}/api/state?token={TOKEN}", timeout=5).status_code == 200
    assert requests.get(f"{console.base}/api/state?token=x{TOKEN}", timeout=5).status_code == 401


def test_no_secret_in_logs_settings_data_or_exports(obs: ObsProcess, tmp_path: Path) -> None:
    found = {
        "OBS password": obs.password,
        "API token": TOKEN,
        "YouTube key": "AIzaSyE2E" + secrets.token_urlsafe(24),
        "Bilibili SESSDATA": "e2e%2C" + secrets.token_hex(16) + "%2Cb1*",
    }
    assert all(len(v) >= 12 for v in found.values())  # long enough never to match by chance
    data = tmp_path / "data"
    data.mkdir()
    settings = {"chat_sources": [{"kind": "youtube", "video": "dQw4w9WgXcQ"},
                                 {"kind": "bilibili", "room": 21452505}]}  # fmt: skip
    (data / "settings.json").write_text(json.dumps(settings), "utf-8")
    chat_env = {"LIVEDESK_YOUTUBE_KEY": found["YouTube key"],
                "LIVEDESK_BILIBILI_SESSDATA": found["Bilibili SESSDATA"]}  # fmt: skip

    plain = ConsoleProcess(data, obs.url, obs.password, log_json=False)
    plain.env.update(chat_env)
    plain.start()
    try:
        _scripted_show(plain)
    finally:
        assert plain.stop() in (0, None), plain.log_tail()
    plain_log = plain.log_path.read_bytes()
    lines = plain_log.decode("utf-8", "replace").splitlines()
    assert any(line.startswith("INFO ") for line in lines)
    assert not plain.log_records()
    assert b"youtube" in plain_log.lower()  # the chat sources ran (and failed) and said so

    as_json = ConsoleProcess(data, obs.url, obs.password)  # --log-json, on the same data
    as_json.env.update(chat_env)
    as_json.start()
    try:
        as_json.wait_state(lambda s: s["obs"]["connected"], timeout=15)
        as_json.post("/ingest", {"platform": "bilibili", "user": "小红", "text": "还有吗"})
        time.sleep(1.0)  # the chat sources try (and fail) once more
    finally:
        assert as_json.stop() in (0, None), as_json.log_tail()
    json_log = as_json.log_path.read_bytes()[len(plain_log) :]
    assert len(as_json.log_records()) > 5

    searched: dict[str, bytes] = {"plain log": plain_log, "JSON log": json_log}
    for path in sorted(p for p in data.rglob("*") if p.is_file()):
        searched[f"data/{path.relative_to(data)}"] = path.read_bytes()
    assert "data/settings.json" in searched
    assert "data/livedesk.db" in searched
    for fmt in FORMATS:
        target = tmp_path / f"review.{fmt}"
        done = plain.cli("report", "latest", "--format", fmt, "-o", str(target))
        assert done.returncode == 0, (fmt, done.stderr)
        blob = target.read_bytes()
        searched[f"report {fmt}"] = _pdf_text(blob) if fmt == "pdf" else blob
        searched[f"report {fmt} output"] = (done.stdout + done.stderr).encode()
    listing = plain.cli("sessions", "--json")
    searched["sessions --json"] = (listing.stdout + listing.stderr).encode()

    leaks = {where: names for where, blob in searched.items() if (names := _leaks(blob, found))}
    assert leaks == {}
