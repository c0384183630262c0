"""Headless Chromium for overlay pages, through Playwright's sync API.

Debian's chromium (``/usr/bin/chromium``, or ``LIVEDESK_CHROMIUM``) runs with a fresh user-data
dir and no background traffic. When Playwright or Chromium is missing the test is skipped locally
but FAILS in CI (``CI=true``), like the OBS tests.

    with headless_chromium(tmp_path / "chromium") as browser:
        page = browser.new_page()
        page.goto(url)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.support.payloads import LONG_TEXT, PAYLOADS

EMOJI_TEXT = "😀🎉🔥👍🚀🌟🍜🎁💯🐼"  # 10 characters

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Dialog, Page, Response

CHROMIUM = os.environ.get("LIVEDESK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
)
VIEWPORT = {"width": 1920, "height": 1080}  # an OBS browser source's usual size

# Viewer text that must show as text, never run: markup, handlers, URLs, template syntax, bidi
# and zero-width characters (tests/support/payloads.py), emoji, and last a 2,000-character comment.
HOSTILE_TEXTS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<svg onload="window.__pwned=1"><circle r=1 /></svg>',
    '"><b>bold</b>',
    '<iframe src="javascript:window.__pwned=1"></iframe>',
    *PAYLOADS,
    EMOJI_TEXT,
    LONG_TEXT,
)


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require_chromium() -> None:
    """Skip (locally) or fail (CI) when Playwright or Chromium is not there."""
    problems = []
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the Python package playwright (pip install 'livedesk[test]')")
    if not (Path(CHROMIUM).is_file() or shutil.which(CHROMIUM)):
        problems.append(f"Chromium at {CHROMIUM} (apt install chromium)")
    if not problems:
        return
    msg = "headless Chromium tests need " + " and ".join(problems)
    if _in_ci():
        pytest.fail(f"{msg} (CI=true: not skipping)", pytrace=False)
    pytest.skip(msg)


@contextlib.contextmanager
def chromium_browser() -> Iterator[Browser]:
    """Headless Chromium, for tests that open several contexts of their own (assistants' phones
    and laptops side by side)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=list(CHROMIUM_ARGS)
        )
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def headless_chromium(user_data_dir: Path | None = None) -> Iterator[BrowserContext]:
    """A persistent context (a fresh user-data dir) of headless Chromium at 1920×1080."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    owned = user_data_dir is None
    data_dir = Path(tempfile.mkdtemp(prefix="livedesk-chromium-")) if owned else user_data_dir
    assert data_dir is not None
    data_dir.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(data_dir),
                executable_path=CHROMIUM,
                headless=True,
                args=list(CHROMIUM_ARGS),
                viewport=VIEWPORT,  # type: ignore[arg-type]
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        if owned:
            shutil.rmtree(data_dir, ignore_errors=True)


# Under the overlay pages' CSP (no 'unsafe-eval') Playwright can poll only *function* strings:
# wait_for_function("() => ...") works, a bare expression string fails with an EvalError.


class PageWatch:
    """What a page did: the responses it got; dialogs it opened, console errors, CSP violations
    (which it should not have)."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.responses: list[Response] = []
        page.on("dialog", self._dialog)
        page.on("response", lambda response: self.responses.append(response))
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(str(message.text))

    def csp_violations(self) -> list[str]:
        return [e for e in self.errors if "Content Security Policy" in e]

    def assert_clean(self) -> None:
        """No dialog opened, no script error, nothing the Content-Security-Policy refused."""
        assert self.dialogs == [], self.dialogs
        assert [e for e in self.errors if "pageerror" in e] == [], self.errors
        assert self.csp_violations() == [], self.errors


def open_page(
    browser: BrowserContext, url: str, ready: str = "body[data-link=open]"
) -> tuple[Page, PageWatch]:
    """A new page at `url`, watched from the start, once `ready` is in its DOM."""
    page = browser.new_page()
    watch = PageWatch(page)
    response = page.goto(url)
    assert response is not None, url
    assert response.status == 200, url
    page.wait_for_selector(ready, state="attached", timeout=5000)
    return page, watch


def text_of(page: Page, selector: str) -> str:
    return str(page.eval_on_selector(selector, "node => node.textContent"))


def wait_for_text(page: Page, selector: str, part: str, timeout: float = 5000) -> str:
    """The node's text once it holds `part`: for what the page writes when the server has
    answered (a note after an action), which can come after the change the action made at once."""
    page.wait_for_function(
        "([sel, part]) => (document.querySelector(sel)?.textContent ?? '').includes(part)",
        arg=[selector, part], timeout=timeout,
    )  # fmt: skip
    return text_of(page, selector)


def has_class(page: Page, selector: str, name: str) -> bool:
    script = "(node, name) => node.classList.contains(name)"
    return bool(page.eval_on_selector(selector, script, name))


# In-page timing: a MutationObserver stamps (on the page's clock) every change of a widget's
# "shown" state; Python reads the stamps back. `clock_offset_ms` maps the page's clock to
# time.time() so an API call made from Python can be timed to the DOM change.
WATCH_SHOWN_JS = """
(selector) => {
  const node = document.querySelector(selector);
  window.__marks = [];
  const observer = new MutationObserver(() => {
    const shown = node.classList.contains('is-shown');
    const last = window.__marks[window.__marks.length - 1];
    if (!last || last.shown !== shown) {
      window.__marks.push({shown, at: performance.timeOrigin + performance.now(),
                           text: node.textContent});
    }
  });
  observer.observe(node, {attributes: true, attributeFilter: ['class']});
  return true;
}
"""


def clock_offset_ms(page: Page, rounds: int = 15) -> float:
    """page clock − Python clock (ms), from the evaluate round trip with the smallest RTT."""
    best: tuple[float, float] | None = None
    for _ in range(rounds):
        before = time.time() * 1000
        page_now = float(page.evaluate("performance.timeOrigin + performance.now()"))
        after = time.time() * 1000
        rtt = after - before
        if best is None or rtt < best[0]:
            best = (rtt, page_now - (before + after) / 2)
    assert best is not None
    return best[1]


def marks(page: Page) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = page.evaluate("window.__marks || []")
    return result


class ShownTimer:
    """Times an action made here (an API call) to the change of a widget's shown state in the
    page, in milliseconds: the page stamps the class change, the stamp is mapped to our clock."""

    def __init__(self, page: Page, selector: str) -> None:
        self.page = page
        page.evaluate(WATCH_SHOWN_JS, selector)
        self.offset = clock_offset_ms(page)
        self.count = 0

    def time(self, action: Callable[[], object], shown: bool) -> float:
        started = time.time() * 1000
        action()
        self.count += 1
        self.page.wait_for_function("n => window.__marks.length >= n", arg=self.count, timeout=5000)
        mark = marks(self.page)[self.count - 1]
        assert mark["shown"] is shown, mark
        return float(mark["at"]) - self.offset - started

    def drift(self) -> float:
        """How far the page's clock moved against ours since the start (ms)."""
        return clock_offset_ms(self.page) - self.offset


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
