"""The audience: comments in from every source, classified, kept, and the question queue out.

`Audience` is the one class callers use; its parts live beside it, each on the shared fields of
`AudienceBase`: the way in (audience_ingest), the crew's actions (audience_actions), what the
panels and the API read (audience_views) and resume (audience_resume). They are mixins, not
helpers it delegates to, because they all read and write the same counters and the ingest hot
path must reach them as plain attributes."""

from __future__ import annotations

from app.services.audience_actions import AudienceActions
from app.services.audience_base import (
    KEEP_IN_MEMORY,
    PULSE_MINUTES,
    QUIET_KINDS,
    TS_AHEAD_S,
    TS_BEFORE_START_S,
    Classifier,
)
from app.services.audience_resume import AudienceResume
from app.services.audience_views import SUGGESTIONS_KEPT

__all__ = [
    "KEEP_IN_MEMORY",
    "PULSE_MINUTES",
    "QUIET_KINDS",
    "SUGGESTIONS_KEPT",
    "TS_AHEAD_S",
    "TS_BEFORE_START_S",
    "Audience",
    "Classifier",
]


class Audience(AudienceActions, AudienceResume):
    """The show's audience: ingest, the question queue and its actions, the read side, resume."""
