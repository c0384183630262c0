"""What the log holds from after the show's kept state, taken into it as resume reads it (the
keeper's part, in resume.py): the console may die after an entry was committed and before the
state saved behind it was, and resume must not undo what the log says happened (a draw with its
winners, a close, a reveal, a cue). The rules are app/domain/logged_after.py's."""

from __future__ import annotations

import logging
from typing import Any, Protocol, runtime_checkable

from app.domain.audience import Comment
from app.domain.log_events import LogEntry
from app.domain.logged_after import count_items, take_in

log = logging.getLogger("app.services.resume")  # the keeper's voice


@runtime_checkable
class LoggedAfterState(Protocol):
    """A ShowStateStore that reads back what the log holds from after the kept state (the
    SQLite one does; a store without it resumes the state as kept)."""

    async def load_logged_after(
        self, session_id: int, saved_at: float
    ) -> tuple[list[LogEntry], list[Comment]]:
        """The entries logged after `saved_at`, in order, and the audience's items written
        after the state (those it had not counted)."""
        ...


async def take_in_log(
    store: object, session_id: int, saved_at: float, state: dict[str, Any]
) -> None:
    """Take into `state` (kept at `saved_at`, checked) the show's entries logged after it and
    count the audience's items written after it. A failure is logged; the state resumes as
    kept."""
    if not isinstance(store, LoggedAfterState):
        return
    try:
        entries, items = await store.load_logged_after(session_id, saved_at)
        taken = take_in(state, entries, saved_at)
        counted = count_items(state, items)
    except Exception:
        log.exception("could not read what the log holds after the show's kept state")
        return
    for part in taken.left_out:
        log.error("resume: the log's entries after the kept state are left out of %s", part)
    if taken.sheet_loaded:
        log.warning("resume: a run-sheet was loaded after the state was kept; its cues are "
                    "not taken in")  # fmt: skip
    if taken.entries or counted:
        log.info("resume: took in %d entries (%s) and %d audience items logged after the kept "
                 "state", len(taken.entries), ", ".join(dict.fromkeys(taken.entries)),
                 counted)  # fmt: skip
