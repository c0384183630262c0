"""When Python's cycle collector runs: not while the console starts, and never again over what
the start built.

The start creates a few hundred thousand long-lived objects (modules, classes, Qt wrappers); the
collector ran about 26 times over them before the window was up (about 12 ms of a 0.3 s start,
measured). So it is held from the first line of the console until the window is shown, then the
start's garbage is collected once, what is left is frozen (`gc.freeze`: the show's collections
never walk it again, which keeps their pauses short under a flood), and the collector runs again,
collecting young objects less often (the show keeps tens of thousands of comments and questions
alive: a full collection would otherwise stall the loop)."""

from __future__ import annotations

import gc

SHOW_THRESHOLDS = (50_000, 20, 20)


def hold_during_start() -> None:
    gc.disable()


def release_after_start() -> None:
    """The start's garbage collected, what it built frozen, the collector running again."""
    gc.set_threshold(*SHOW_THRESHOLDS)
    gc.collect()
    gc.freeze()
    gc.enable()
