"""Take the README's screenshots from the running console under Xvfb:
docs/screenshot.png (real OBS, English) and docs/screenshot-demo-zh.png (`--demo`, in Chinese).

.venv/bin/python scripts/screenshot.py [OUT.png [DEMO_OUT.png]]
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from obswebsocket import requests as obs_requests  # noqa: E402

from tests.support.console_process import ConsoleProcess  # noqa: E402
from tests.support.obs_process import ObsProcess, VirtualDisplay  # noqa: E402

SCENES = {  # scene -> colour (0xAABBGGRR)
    "开场 Opening": 0xFF8A4B1E,
    "讲解 Teaching": 0xFF3C8C2E,
    "商品 Product": 0xFF2846C6,
    "答疑 Q&A": 0xFF8C3C7A,
    "马上回来 BRB": 0xFF404040,
    "结束 Closing": 0xFF5A5A8C,
}
TEMPLATE = ROOT / "resources" / "templates" / "公开课带货.json"

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(["grab", "-platform", "xcb"])
app.primaryScreen().grabWindow(0, 0, 0, 1280, 800).save(sys.argv[1])
"""


# Xvfb has no OS keyring: a fixed assistants' token, as the note then asks, keeps the note out of
# the picture (a desktop with a keyring never shows it)
NO_KEYRING_NOTE = {"LIVEDESK_ASSIST_TOKEN": "screenshot-assist-token-0123456789"}


def main() -> int:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "docs" / "screenshot.png")
    demo_out = Path(sys.argv[2] if len(sys.argv) > 2 else ROOT / "docs" / "screenshot-demo-zh.png")
    obs_shot(out)
    demo_shot(demo_out)
    return 0


def demo_shot(out: Path) -> None:
    """The demo (built-in OBS simulator, replayed comments) in Chinese, two cues in."""
    work = Path(tempfile.mkdtemp(prefix="livedesk-demo-shot-"))
    display = VirtualDisplay(1600, 900).start()
    console = ConsoleProcess(work / "data", "", "", "--demo", "--lang", "zh_CN")
    del console.env["LIVEDESK_OBS_URL"]
    console.env.update({"QT_QPA_PLATFORM": "xcb", "DISPLAY": display.display,
                        "LIVEDESK_NO_WIZARD": "1", **NO_KEYRING_NOTE})  # fmt: skip
    try:
        console.start()
        console.wait_state(lambda s: s["obs"]["connected"], timeout=20)
        console.post("/api/session/start", {"title": "手机摄影公开课 · 直播带货"})
        for _ in range(3):
            console.post("/api/cue/next")
        time.sleep(8)  # replayed comments and questions arrive, thumbnails refresh
        env = {**os.environ, "DISPLAY": display.display}
        subprocess.run([sys.executable, "-c", GRAB, str(out)], env=env, check=True, timeout=30)
        print(f"wrote {out}")
    finally:
        console.stop()
        display.stop()


def obs_shot(out: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="livedesk-shot-"))
    display = VirtualDisplay(1600, 900).start()
    obs = ObsProcess(display, work / "obs", width=1280, height=720)
    console = None
    try:
        obs.start()
        obs.wait_ready()
        obs.ensure_scenes(SCENES)
        for scene, colour in SCENES.items():
            obs.add_color_source(scene, colour)
        obs.call(obs_requests.RemoveScene(sceneName="Scene"))
        console = ConsoleProcess(work / "data", obs.url, obs.password, "--runsheet", str(TEMPLATE))
        console.env.update({"QT_QPA_PLATFORM": "xcb", "DISPLAY": display.display,
                            **NO_KEYRING_NOTE})  # fmt: skip
        console.start()
        console.wait_state(lambda s: s["obs"]["connected"], timeout=10)
        console.post("/api/session/start", {"title": "Python 零基础公开课 · 第 3 讲"})
        console.post("/api/obs/record", {"action": "start"})
        console.post("/api/overlay/setup", {"scenes": list(SCENES)})
        for _ in range(3):
            console.post("/api/cue/next")
        console.post("/api/runsheet/points", {"segment": 2, "point": 0, "done": True})
        time.sleep(4)  # a few stats polls and thumbnails
        env = {**os.environ, "DISPLAY": display.display}
        subprocess.run([sys.executable, "-c", GRAB, str(out)], env=env, check=True, timeout=30)
        console.post("/api/obs/record", {"action": "stop"})
        print(f"wrote {out}")
    finally:
        if console is not None:
            console.stop()
        obs.close()
        display.stop()


if __name__ == "__main__":
    raise SystemExit(main())
