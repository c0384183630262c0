"""A relay running in a web page (Social Stream Ninja's, say) posts comments to the console from
another origin, as README sets it up: LIVEDESK_ALLOWED_ORIGINS names the page's origin. Real
headless Chromium sends the CORS preflight a JSON POST with a token header needs, then the POST,
and the page reads the answer; a page from an origin not named gets nothing through."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.console_process import TOKEN, ConsoleProcess
from tests.support.obs_process import ObsProcess
from tests.support.ports import free_tcp_port

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Browser, Page

PAGE = b"<!doctype html><meta charset=utf-8><title>relay</title><p>relay page</p>"
# What a relay page does: fetch() a JSON POST with the token in the Authorization header, and
# read the answer (or the TypeError a browser gives when CORS refuses it).
POST_JS = """async ([url, token, body]) => {
  try {
    const answer = await fetch(url, {method: "POST", body: JSON.stringify(body),
      headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token}});
    return {status: answer.status, body: await answer.json()};
  } catch (error) {
    return {failed: String(error)};
  }
}"""


class _PageHandler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # http.server's name
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass


@pytest.fixture
def page_servers() -> Iterator[tuple[str, str]]:
    """Two origins serving the relay page: (let in, not let in)."""
    servers = [ThreadingHTTPServer(("127.0.0.1", free_tcp_port()), _PageHandler) for _ in "ab"]
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in servers]
    for thread in threads:
        thread.start()
    try:
        yield tuple(f"http://127.0.0.1:{s.server_address[1]}" for s in servers)  # type: ignore[misc]
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join()


@pytest.fixture
def relay_console(
    obs: ObsProcess, tmp_path: Path, page_servers: tuple[str, str]
) -> Iterator[ConsoleProcess]:
    console = ConsoleProcess(tmp_path / "data", obs.url, obs.password)
    console.env["LIVEDESK_ALLOWED_ORIGINS"] = f"https://socialstream.ninja, {page_servers[0]}/"
    console.start()
    try:
        yield console
    finally:
        code = console.stop()
        assert code in (0, None), f"livedesk exited with {code}:\n{console.log_tail()}"


def _texts(console: ConsoleProcess) -> list[str]:
    comments = console.get("/api/comments?after=0&limit=1000").json()["comments"]
    return [c["text"] for c in comments]


def _post(page: Page, url: str, token: str, body: object) -> dict[str, Any]:
    result: dict[str, Any] = page.evaluate(POST_JS, [url, token, body])
    return result


def test_a_relay_page_from_an_allowed_origin_posts_and_reads_the_answer(
    chromium: Browser, relay_console: ConsoleProcess, page_servers: tuple[str, str]
) -> None:
    allowed, other = page_servers
    ingest = f"{relay_console.base}/ingest"
    context = chromium.new_context()
    try:
        page = context.new_page()
        assert page.goto(allowed) is not None
        batch = [{"platform": "douyin", "user": "小明", "text": "从网页来的评论"},
                 {"platform": "douyin", "user": "阿花"}]  # fmt: skip
        answer = _post(page, ingest, TOKEN, batch)
        assert answer.get("status") == 200, answer
        assert answer["body"]["accepted"] == 1
        assert [r["index"] for r in answer["body"]["rejected"]] == [1]
        assert _texts(relay_console) == ["从网页来的评论"]
        wrong = _post(page, ingest, "not-the-token-at-all", batch[:1])  # an error reads too
        assert wrong == {"status": 401, "body": {"error": "missing or wrong token"}}
        douyin = _post(page, f"{relay_console.base}/ingest/douyin", TOKEN, [])
        assert douyin == {"status": 200, "body": {"accepted": 0, "rejected": []}}

        refused_page = context.new_page()
        assert refused_page.goto(other) is not None
        refused = _post(refused_page, ingest, TOKEN, [{"platform": "douyin", "user": "x",
                                                       "text": "不该进来"}])  # fmt: skip
        assert "TypeError" in refused.get("failed", ""), refused  # CORS: the POST never went
        assert _texts(relay_console) == ["从网页来的评论"]
    finally:
        context.close()
