"""The cycle collector is held while the console starts and released, with what the start built
frozen, once the window is up (app/runtime/collector.py)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from app.runtime.collector import SHOW_THRESHOLDS, hold_during_start, release_after_start


@pytest.fixture
def collector() -> Iterator[None]:
    enabled, thresholds = gc.isenabled(), gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)
    if enabled:
        gc.enable()
    else:
        gc.disable()


class Cycle:
    def __init__(self) -> None:
        self.me = self


@pytest.mark.usefixtures("collector")
def test_held_during_the_start_then_running_with_the_start_frozen() -> None:
    gc.unfreeze()
    hold_during_start()
    assert not gc.isenabled()
    built = [Cycle() for _ in range(100)]  # what the start keeps
    del built[50:]  # and garbage it leaves: cycles only the collector can free
    release_after_start()
    assert gc.isenabled()
    assert gc.get_threshold() == SHOW_THRESHOLDS
    assert gc.get_freeze_count() > 0
    assert sum(isinstance(o, Cycle) for o in gc.get_objects()) == 0  # frozen ones are not listed
    assert len(built) == 50
    gc.unfreeze()
    assert sum(isinstance(o, Cycle) for o in gc.get_objects()) == 50  # the garbage was collected
