"""Beyond comments in the console, through the real audience service: gifts, follows,
memberships, shares and super chats listed in the feed, each distinctly (never a blank row), and
buying questions marked in the queue."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.domain.audience import IncomingComment, Kind
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.feed_model import activity_line, feed_row, money_text
from app.ui.feed_panel import FeedPanel
from app.ui.question_table import BUYING_INK, BUYING_ROLE, TEXT
from app.ui.queue_panel import QueuePanel
from tests.ui.conftest import QueueOpener, Until


@pytest.fixture
def feed(qtbot: Any, show: Show, runner: TaskRunner, bridge: ShowBridge) -> Iterator[FeedPanel]:
    panel = FeedPanel(show, runner)
    bridge.event_received.connect(panel.on_event)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    yield panel
    bridge.event_received.disconnect(panel.on_event)


def _lines(feed: FeedPanel) -> list[str]:
    model = feed.model
    return [model.index(row).data(Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount())]


def _action(feed: FeedPanel, row: int, name: str) -> QAction:
    return next(a for a in feed.menu_for(row).actions() if a.objectName() == name)


async def test_the_feed_shows_gifts_follows_and_super_chats(
    feed: FeedPanel, show: Show, until: Until
) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([
        IncomingComment("bilibili", "小红", "", kind=Kind.GIFT, gift="小心心", count=3,
                        value=0.3, currency="CNY"),
        IncomingComment("youtube", "amy", "How much is the course?", kind=Kind.SUPERCHAT,
                        value=30.0, currency="USD"),
        IncomingComment("douyin", "amy", "", kind=Kind.FOLLOW),
        IncomingComment("bilibili", "阿花", "", kind=Kind.MEMBER, gift="舰长", count=1),
        IncomingComment("douyin", "bob", "", kind=Kind.SHARE),
        IncomingComment("douyin", "cat", "", kind=Kind.LIKE, count=50),  # counted, not listed
        IncomingComment("douyin", "dan", "讲得好"),
    ])  # fmt: skip
    await until(lambda: feed.model.rowCount() == 6)
    assert _lines(feed) == [
        "🎁 小红 sent 小心心 ×3 · ¥0.3",
        "SC $30 amy: How much is the course?",
        "⭐ amy followed",
        "👑 阿花 became a member 舰长 ×1",
        "↗ bob shared the stream",
        "dan: 讲得好",
    ]
    kinds = [row.kind for row in feed.model.rows()]
    assert kinds == ["gift", "superchat", "follow", "member", "share", ""]
    tip = feed.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
    assert "sent 小心心 ×3" in tip
    feed.list_view.viewport().repaint()  # each kind painted with its tag: no crash
    for lines in (1, 2):  # narrow lists paint two lines a row
        feed.delegate.lines = lines
        feed.list_view.viewport().repaint()

    # a gift says nothing to feature or to file as a question; a super chat does
    assert not _action(feed, 0, "featureAction").isEnabled()
    assert not _action(feed, 0, "questionAction").isEnabled()
    assert _action(feed, 1, "featureAction").isEnabled()
    assert _action(feed, 1, "questionAction").isEnabled()

    # the API's form of the same items makes the same rows (the feed's resume, the assistants)
    for comment, row in zip(audience.comments_after(0, 10), feed.model.rows(), strict=True):
        assert feed_row(comment.as_api()) == row


def test_amounts_as_people_write_them() -> None:
    assert money_text(20.6, "CNY") == "¥20.6"
    assert money_text(5.0, "USD") == "$5"
    assert money_text(100, "bits") == "100 bits"
    assert money_text(12.345, None) == "12.35"
    row = feed_row({"id": 1, "platform": "x", "user": "u", "text": "", "ts": 0.0,
                    "kind": "gift", "gift": None, "count": None})  # fmt: skip
    assert activity_line(row) == "🎁 u sent ? ×1"


@pytest.fixture
def queue(open_queue: QueueOpener) -> QueuePanel:
    return open_queue("小李", size=(900, 400))


async def test_the_queue_marks_buying_questions(
    queue: QueuePanel, show: Show, until: Until
) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("douyin", "a", "老师今天讲什么？"),
                     IncomingComment("douyin", "b", "老师今天讲什么？"),
                     IncomingComment("douyin", "c", "可以用花呗分期吗？")])  # fmt: skip
    await until(lambda: len(queue.questions()) == 2)
    first, second = queue.table.item(0, TEXT), queue.table.item(1, TEXT)
    # listed first though asked less, marked, the question's text as typed
    assert (first.text(), second.text()) == ("可以用花呗分期吗？", "老师今天讲什么？")
    assert (first.data(BUYING_ROLE), second.data(BUYING_ROLE)) == (True, False)
    assert not first.icon().isNull()
    assert second.icon().isNull()
    assert first.foreground().color() == BUYING_INK.color()
    assert first.font().bold()
    assert not second.font().bold()
    queue.table.viewport().repaint()
