"""`livedesk --demo` (`make demo`): the console against the built-in OBS simulator.

- the simulator runs on a thread of its own, on a free port of 127.0.0.1, no password;
- the demo's shows live in `<data dir>/demo`, apart from the real ones (`livedesk report latest
  --data-dir <data dir>/demo` reads them);
- the sample run-sheet (resources/demo/demo_show.json) is loaded, its catalog with it;
- the replayed comments (resources/demo/comments.jsonl) stand in for the chat, looping;
- the overlays are set up in the simulated OBS (native mode: it has no browser source), so the
  program picture shows the cards;
- the window says “DEMO — simulated OBS” across its top.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from dataclasses import replace
from pathlib import Path
from typing import Any

from app import paths
from app.demo.server import ObsSimulator, SimulatorThread
from app.demo.studio import DEMO_SCENES, STANDBY, build_studio
from app.domain.settings import Settings
from app.resources import resources_dir

log = logging.getLogger(__name__)

DEMO_DIR = "demo"
CONNECT_WAIT_S = 30.0


def demo_resources() -> Path:
    return resources_dir() / "demo"


def _simulator() -> ObsSimulator:
    from app.demo.picture import paint

    simulator = ObsSimulator(paint=paint)
    build_studio(simulator.world)
    return simulator


class DemoLaunch:
    def __init__(self, thread: SimulatorThread, url: str, data_dir: Path) -> None:
        self.thread, self.url, self.data_dir = thread, url, data_dir
        self._tasks: list[asyncio.Task[None]] = []

    @classmethod
    def start(cls, args: argparse.Namespace) -> DemoLaunch:
        """Start the simulator and point `args` at it: its address, the demo's own data
        directory, and the sample run-sheet (unless one was given)."""
        data_dir = paths.data_dir(args.data_dir) / DEMO_DIR
        data_dir.mkdir(parents=True, exist_ok=True)
        thread = SimulatorThread(_simulator)
        url = thread.start()
        args.data_dir, args.obs_url = str(data_dir), url
        if not args.runsheet:
            args.runsheet = str(demo_resources() / "demo_show.json")
        log.info("demo: the OBS simulator is at %s; the demo's data is in %s", url, data_dir)
        return cls(thread, url, data_dir)

    def settings(self, settings: Settings) -> Settings:
        """The demo's settings: the replayed comments as the chat, no first-start wizard."""
        replay = {
            "kind": "replay",
            "name": "demo",
            "path": str(demo_resources() / "comments.jsonl"),
            "speed": 1.0,
            "loop": True,
        }
        return replace(settings, chat_sources=[replay], first_start_done=True)

    def attach(self, show: Any, window: Any) -> None:
        """The banner, and the overlays set up in the simulated OBS once it is connected."""
        window.set_demo_banner(True)
        if show.stage is not None:
            self._tasks.append(asyncio.create_task(self._set_up_overlays(show), name="demo-setup"))

    async def _set_up_overlays(self, show: Any) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + CONNECT_WAIT_S
        while not show.obs.state.connected:
            if loop.time() > deadline:
                log.warning("demo: the simulator did not connect; no overlays set up")
                return
            await asyncio.sleep(0.1)
        scenes = [scene for scene in DEMO_SCENES if scene != STANDBY]
        try:
            report = await show.stage.setup(scenes)
        except Exception as exc:  # noqa: BLE001 - the demo runs on without overlays in OBS
            log.warning("demo: setting up the overlays failed: %s", exc)
            return
        log.info("demo: overlays set up (%s mode) in %d scenes", report["mode"], len(scenes))

    def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        self.thread.stop()
