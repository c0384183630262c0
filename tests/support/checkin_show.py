"""A lesson with a check-in (签到), logged by the real services into a real session log, for the
attendance export tests.

Session “周三 数学课” (T0 … T0+300 s): a check-in “签到” that 小明 (douyin) and 阿花 (bilibili)
answer, 小明 twice; 老王 only comments (the comments table), so he is in the attendance list
without a check-in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.adapters.store.writer import SqliteSessionLog
from app.domain import log_events as kinds
from app.domain.audience import Comment
from app.services.event_bus import EventBus
from app.services.interaction import Interaction
from app.services.session import ShowRecorder
from tests.support.recorded_show import COMMENT_SQL

T0 = 1_731_427_200.0
TITLE = "周三 数学课"


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


@dataclass(frozen=True)
class Lesson:
    path: Path
    show: int


def said(n: int, user: str, text: str, platform: str = "douyin") -> Comment:
    return Comment(id=n, platform=platform, user=user, text=text, ts=T0 + n)


async def record_checkin_lesson(path: Path) -> Lesson:
    log, bus, clock = SqliteSessionLog(path), EventBus(), Clock()
    try:
        recorder = ShowRecorder(log, bus, clock=clock)
        session = await recorder.start(TITLE)
        interaction = Interaction(recorder, bus, clock=clock, seed=lambda: "c0ffee")
        recorder.record(kinds.SEGMENT_START, index=0, title="点名", planned_s=300)
        clock.now += 30
        interaction.open_checkin("签到")
        interaction.take([said(31, "小明", "签到"), said(32, "阿花", "签到", "bilibili")])
        clock.now += 5
        interaction.take([said(36, "小明", "签到")])  # the same viewer: once on the list
        clock.now += 25
        interaction.close_checkin()
        log.append_rows(COMMENT_SQL, [
            (session.id, "douyin", "老王", "老师好", T0 + 100, 0, None),
            (session.id, "douyin", "老王", "这题怎么做？", T0 + 200, 1, None),
        ])  # fmt: skip
        clock.now = T0 + 300
        recorder.record(kinds.SEGMENT_END, index=0)
        await recorder.end()
        await log.flush()
    finally:
        log.close()
    return Lesson(path, session.id)
