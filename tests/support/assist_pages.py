"""The assistants' panel (/assist) opened in headless Chromium as an assistant would: shared by the
e2e tests and the assist bench."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import requests

from tests.support.browser import PageWatch, clock_offset_ms, text_of
from tests.support.console_process import TOKEN, ConsoleProcess

if TYPE_CHECKING:  # Playwright itself is imported lazily: the helper skips or fails without it
    from playwright.sync_api import Browser, BrowserContext, Page

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
VISIBLE = "#queue .card:not([hidden])"
# In-page stamp (epoch ms on the page's clock) of the moment a card first matches a selector.
STAMP_JS = """(sel) => { const stamps = window.__stamps = window.__stamps || {};
  const check = () => { if (stamps[sel] === undefined && document.querySelector(sel))
    stamps[sel] = performance.timeOrigin + performance.now(); };
  new MutationObserver(check).observe(document.body, {subtree: true, attributes: true,
    childList: true, characterData: true}); check(); }"""
CLICK_STAMP_JS = """(node) => node.addEventListener('click',
  () => { window.__clickedAt = performance.timeOrigin + performance.now(); }, {once: true})"""


@dataclass
class Assistant:
    name: str
    page: Page
    watch: PageWatch

    def card(self, qid: int, extra: str = "") -> str:
        return f'#queue .card[data-id="{qid}"]{extra}'

    def click(self, qid: int, action: str) -> None:
        self.page.click(self.card(qid, f" [data-action={action}]"))

    def tab(self, name: str) -> None:
        self.page.click(f'.tab[data-tab="{name}"]')

    def wait(self, selector: str, timeout: float = 5000) -> None:
        self.page.wait_for_selector(selector, state="attached", timeout=timeout)

    def visible_ids(self) -> list[int]:
        script = "ns => ns.map(n => Number(n.getAttribute('data-id')))"
        return list(self.page.eval_on_selector_all(VISIBLE, script))


class Served(Protocol):
    """Where the panel is served: the console process, or the in-process server."""

    @property
    def base(self) -> str: ...


@dataclass
class AssistantOpener:
    """Opens /assist in a browser context of its own (its own localStorage) and gives the name,
    with the API token unless another is given; `close` closes every context it opened."""

    chromium: Browser
    console: Served
    opened: list[BrowserContext] = field(default_factory=list)

    def open(
        self,
        name: str,
        viewport: dict[str, int] = LAPTOP,
        *,
        scheme: str = "light",
        touch: bool = False,
        token: str = TOKEN,
    ) -> Assistant:
        context = self.chromium.new_context(
            viewport=viewport,  # type: ignore[arg-type]
            permissions=["clipboard-read", "clipboard-write"],
            color_scheme=scheme,  # type: ignore[arg-type]
            has_touch=touch,
            is_mobile=touch,
        )
        self.opened.append(context)
        page = context.new_page()
        watch = PageWatch(page)
        response = page.goto(f"{self.console.base}/assist?token={token}")
        assert response is not None
        assert response.status == 200
        page.wait_for_selector("#name-form:not([hidden])", timeout=5000)
        page.fill("#name-input", name)
        page.click("#name-form button[type=submit]")
        page.wait_for_selector("body[data-link=open]", state="attached", timeout=5000)
        assert text_of(page, "#who-button").endswith(name)
        return Assistant(name, page, watch)

    def close(self) -> None:
        for context in self.opened:
            context.close()


def ingest(console: ConsoleProcess, batch: list[dict[str, Any]]) -> None:
    answer = requests.post(
        f"{console.base}/ingest", json=batch, headers=console.headers(), timeout=10
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == len(batch), answer.text


def questions(console: ConsoleProcess) -> dict[int, dict[str, Any]]:
    answer = console.get("/api/questions?state=all")
    assert answer.status_code == 200, answer.text
    return {q["id"]: q for q in answer.json()["questions"]}


def wait_for_cards(people: list[Assistant], count: int, since: float | None = None) -> float:
    """Seconds (since `since`, or now) until every assistant's tab shows `count` cards."""
    started = time.monotonic() if since is None else since
    for person in people:
        person.page.wait_for_function(
            "([sel, n]) => document.querySelectorAll(sel).length === n",
            arg=[VISIBLE, count],
            timeout=5000,
        )
    return time.monotonic() - started


def claim_seen_ms(a: Assistant, b: Assistant, qid: int) -> float:
    """A clicks Claim; the ms from A's click event to B's card showing it claimed by another
    (both stamped in the pages, mapped to this process's clock)."""
    offset_a, offset_b = clock_offset_ms(a.page), clock_offset_ms(b.page)
    theirs = b.card(qid, ".is-theirs")
    b.page.evaluate(STAMP_JS, theirs)
    a.page.eval_on_selector(a.card(qid, " [data-action=claim]"), CLICK_STAMP_JS)
    a.click(qid, "claim")
    b.wait(theirs)
    clicked = float(a.page.evaluate("window.__clickedAt")) - offset_a
    return float(b.page.evaluate("window.__stamps")[theirs]) - offset_b - clicked
