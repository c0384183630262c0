"""pytest fixtures that run real OBS Studio under Xvfb.

Used by tests/integration, tests/e2e and tests/bench through their conftest.py::

    from tests.support.obs_fixtures import *  # noqa: F403

Fixtures:

* ``display``   (session)  - a ``VirtualDisplay`` (Xvfb) shared by every OBS of the session.
* ``obs``       (session)  - one shared, ready ``ObsProcess`` with the scenes "Scene" (OBS's
  default) plus ``DEFAULT_TEST_SCENES``. Do not kill or restart it; use ``fresh_obs`` for that.
* ``obs_ws``    (function) - a connected ``obswebsocket.obsws`` (v5) to the shared ``obs``.
* ``fresh_obs`` (function) - a ready ``ObsProcess`` of its own in ``tmp_path`` (same scenes),
  free to be killed and restarted; stopped after the test.

When ``obs`` or ``Xvfb`` is missing the tests are skipped locally but FAIL in CI (``CI=true``).
When a test using ``obs``/``fresh_obs`` fails, the tail of OBS's log is added to the report.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from obswebsocket import obsws

from tests.support.harness import require_system_tools
from tests.support.obs_config import DEFAULT_TEST_SCENES
from tests.support.obs_process import ObsProcess
from tests.support.xvfb import VirtualDisplay

__all__ = [
    "display",
    "fresh_obs",
    "mark_items_under",
    "obs",
    "obs_ws",
    "pytest_runtest_makereport",
    "start_obs",
]


def start_obs(
    display: VirtualDisplay, workdir: Path, scenes: tuple[str, ...] = DEFAULT_TEST_SCENES
) -> ObsProcess:
    """Start a ready OBS in ``workdir`` with ``scenes`` ensured; stops it again on failure."""
    proc = ObsProcess(display, workdir)
    try:
        proc.start()
        proc.wait_ready(timeout=40)
        proc.ensure_scenes(scenes)
    except BaseException:
        proc.close()
        raise
    return proc


@pytest.fixture(scope="session")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtualDisplay]:
    require_system_tools()
    vd = VirtualDisplay(log_path=tmp_path_factory.mktemp("xvfb") / "xvfb.log")
    vd.start()
    try:
        yield vd
    finally:
        vd.stop()


@pytest.fixture(scope="session")
def obs(display: VirtualDisplay, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ObsProcess]:
    proc = start_obs(display, tmp_path_factory.mktemp("obs-shared"))
    try:
        yield proc
    finally:
        proc.close()


@pytest.fixture
def obs_ws(obs: ObsProcess) -> Iterator[obsws]:
    if not obs.running:  # a test killed the shared instance: bring it back for the next ones
        obs.restart(wait=True)
        obs.ensure_scenes(DEFAULT_TEST_SCENES)
    ws = obs.client()
    try:
        yield ws
    finally:
        with contextlib.suppress(Exception):  # already gone if the test stopped OBS
            ws.disconnect()


@pytest.fixture
def fresh_obs(display: VirtualDisplay, tmp_path: Path) -> Iterator[ObsProcess]:
    proc = start_obs(display, tmp_path / "obs")
    try:
        yield proc
    finally:
        proc.close()


def mark_items_under(directory: Path, marker: str, items: list[pytest.Item]) -> None:
    """Add ``pytest.mark.<marker>`` to every collected item below ``directory``.

    ``pytest_collection_modifyitems`` in a sub-directory conftest sees *all* items of the
    session, hence the path filter."""
    directory = directory.resolve()
    mark = getattr(pytest.mark, marker)
    for item in items:
        if directory in Path(item.path).resolve().parents:
            item.add_marker(mark)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    if report.failed:
        funcargs = getattr(item, "funcargs", {})
        for name in ("fresh_obs", "obs"):
            proc = funcargs.get(name)
            if isinstance(proc, ObsProcess):
                report.sections.append(
                    (f"OBS log tail ({name}, {proc.log_path})", proc.log_tail(40))
                )
    return report
