"""The API guide stays true: every route it names is served, with that method."""

from __future__ import annotations

import re
from pathlib import Path

from aiohttp import web

from app.adapters.web.server import create_app
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "api-guide.md"
NAMED = re.compile(r"`(GET|POST|DELETE)(?: / (?:GET|POST|DELETE))? (/[^`?\s]*)")
CURLED_PATH = re.compile(r"\$A(/[^\s\"?]*)")


def _served() -> set[tuple[str, str]]:
    app = create_app(build_show(FakeObs(), MemoryLog()), "t")
    return {(r.method, r.resource.canonical) for r in app.router.routes()
            if isinstance(r.resource, web.AbstractResource)}  # fmt: skip


def _canonical(path: str) -> str:
    return re.sub(r"/\d+$", "/{id}", path)


def test_every_route_the_guide_names_is_served() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    served = _served()
    named = {(m.group(1), m.group(2)) for m in NAMED.finditer(text)}
    curled = set()
    for line in text.splitlines():
        found = CURLED_PATH.search(line)
        if line.startswith("curl") and found:
            method = "GET"
            if "-X DELETE" in line:
                method = "DELETE"
            elif "-X POST" in line or " -d " in line or "--data" in line:
                method = "POST"
            curled.add((method, _canonical(found.group(1))))
    assert len(named) >= 20
    assert len(curled) >= 12
    missing = sorted((named | curled) - served)
    assert not missing, f"the API guide names routes that are not served: {missing}"
