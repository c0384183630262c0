"""The console's web server for the assistants' panel in Chromium, without OBS or a console
process: the real app (its routes, question queue, interactions and event stream) over a show of
its own on a fake OBS, served from an event loop in a thread of its own. `restart` is a console
restart: the server goes away (the panels' sockets close) and comes back on the same port with a
new show, whose question and interaction ids start at 1 again. `stop` and `start` do it in two
steps, for what happens while it is away."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

import requests
from aiohttp import web

from app.adapters.web.server import LocalServer, create_app
from app.services.show import Show
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.ports import free_tcp_port
from tests.support.show_factory import build_show

TOKEN = "assist-server-token-0123456789"
T = TypeVar("T")


class AssistServer:
    def __init__(self) -> None:
        self.port = free_tcp_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.show: Show | None = None
        self.app: web.Application | None = None  # its assistants' access: app[ASSIST_KEY]
        self._server: LocalServer | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=30)

    def call(self, action: Callable[[], T]) -> T:
        """`action()` in the server's loop (the show is not to be touched from another thread)."""

        async def inside() -> T:
            return action()

        return self._run(inside())

    def start(self) -> AssistServer:
        """A new run of the console: a new show (ids from 1) on the same port."""

        async def start() -> None:
            self.show = build_show(FakeObs(), MemoryLog())
            self.app = create_app(self.show, TOKEN)
            self._server = LocalServer(self.app, "127.0.0.1", self.port)
            await self._server.start()

        self._run(start())
        return self

    def stop(self) -> None:
        """The console goes away: its sockets close, nothing answers on the port."""
        server, self._server = self._server, None
        if server is not None:
            self._run(server.stop())

    def restart(self) -> None:
        self.stop()
        self.start()

    def close(self) -> None:
        self.stop()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()

    # ----- the API, with the master token ----------------------------------------------------
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {TOKEN}"}

    def get(self, path: str) -> Any:
        answer = requests.get(self.base + path, headers=self.headers(), timeout=10)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def post(self, path: str, body: Any = None) -> Any:
        answer = requests.post(self.base + path, json=body or {}, headers=self.headers(),
                               timeout=10)  # fmt: skip
        assert answer.status_code == 200, answer.text
        return answer.json()

    def ingest(self, items: list[dict[str, Any]]) -> None:
        """In batches of at most 1,000 (what /ingest takes in one message)."""
        for start in range(0, len(items), 1000):
            batch = items[start : start + 1000]
            answer = self.post("/ingest", batch)
            assert answer["accepted"] == len(batch), answer["rejected"][:3]

    def ask(self, texts: list[str], who: str = "观众") -> None:
        """Viewers ask these (one viewer each, on Douyin)."""
        self.ingest([{"platform": "douyin", "user": f"{who}{i}", "text": text}
                     for i, text in enumerate(texts)])  # fmt: skip

    def questions(self, state: str = "all") -> dict[int, dict[str, Any]]:
        listed = self.get(f"/api/questions?state={state}&limit=5000")["questions"]
        return {q["id"]: q for q in listed}

    def by_text(self, text: str) -> dict[str, Any]:
        return next(q for q in self.questions().values() if q["text"] == text)
