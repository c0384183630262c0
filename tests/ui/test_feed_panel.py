"""The comment feed over a Show on FakeObs: comments in (bus events, the audience service);
rows, filters, following and the viewer actions out."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction, QEnterEvent
from PySide6.QtWidgets import QApplication

from app.domain.audience import Comment, IncomingComment
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.events import CommentsAdded
from app.services.show import Show
from app.ui.feed_model import FLOOD, PURCHASE, QUESTION, CommentFeedModel
from app.ui.feed_panel import FeedPanel
from app.ui.i18n import install_translations, remove_translations
from tests.support.i18n import ZH_TS, build_qm
from tests.ui.conftest import Until

_next_id = iter(range(1, 10**9))


def comment(
    text: str = "大家好", *, user: str = "viewer", platform: str = "douyin",
    question: bool = False, purchase: bool = False, flood: bool = False,
) -> Comment:  # fmt: skip
    """A comment as `CommentsAdded` carries it."""
    return Comment(id=next(_next_id), platform=platform, user=user, text=text, ts=time.time(),
                   is_question=question, intent="purchase" if purchase else None,
                   flood=flood)  # fmt: skip


def added(comments: list[Comment]) -> CommentsAdded:
    return CommentsAdded(source="test", comments=comments)


@pytest.fixture
def feed(qtbot: Any, show: Show, runner: TaskRunner, bridge: ShowBridge) -> Iterator[FeedPanel]:
    panel = FeedPanel(show, runner, vips=["老粉"])
    bridge.event_received.connect(panel.on_event)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    yield panel
    bridge.event_received.disconnect(panel.on_event)


def _action(panel: FeedPanel, row: int, name: str) -> QAction:
    menu = panel.menu_for(row)
    return next(a for a in menu.actions() if a.objectName() == name)


def _users(panel: FeedPanel) -> list[str]:
    return [row.user for row in panel.model.rows()]


async def test_100k_comments_in_batches_stay_responsive(feed: FeedPanel, until: Until) -> None:
    model, view = feed.model, feed.list_view
    model.cap = 100_000  # a model twice the console's default size stays responsive too
    batches = [
        [comment(f"第{b}批 第{i}条 多少钱" if i % 10 == 0 else f"comment {b}-{i}",
                 user=f"user{i % 300}", platform=("douyin", "kuaishou", "bilibili")[i % 3],
                 question=i % 10 == 0)
         for i in range(500)]
        for b in range(200)
    ]  # fmt: skip
    for batch in batches:  # one batch per frame: flushed as the frame timer would, then painted
        feed.on_event(added(batch))
        model.flush()
        await asyncio.sleep(0)  # the loop turns: the view scrolls and paints
    assert model.rowCount() == 100_000
    assert model.stored == 100_000
    assert model.row(99_999).text == "comment 199-499"

    view.viewport().repaint()
    await until(lambda: view.verticalScrollBar().value() == view.verticalScrollBar().maximum())
    last = view.visualRect(model.index(99_999))
    assert view.viewport().rect().intersects(last)  # following: the newest is on screen

    feed.questions_box.setChecked(True)
    assert model.rowCount() == 10_000
    feed.questions_box.setChecked(False)
    feed.keyword_edit.setText("199-4")
    feed.apply_filter()
    assert model.rowCount() == 100  # 199-4, 199-41..49, 199-401..499 (but the questions)


async def test_fifty_events_in_one_frame_are_one_insert(feed: FeedPanel, until: Until) -> None:
    inserts: list[tuple[int, int]] = []
    feed.model.rowsInserted.connect(lambda _p, first, last: inserts.append((first, last)))
    for n in range(50):
        feed.on_event(added([comment(f"c{n}-{i}") for i in range(3)]))
    assert feed.model.rowCount() == 0  # nothing listed before the frame's flush
    await until(lambda: feed.model.rowCount() == 150)
    await asyncio.sleep(0.05)  # deliberate: a few more frames pass, and no second insert comes
    assert inserts == [(0, 149)]


async def test_the_feed_keeps_at_most_its_cap(show: Show, runner: TaskRunner, qtbot: Any) -> None:
    panel = FeedPanel(show, runner, cap=1000)
    qtbot.addWidget(panel)
    removed: list[tuple[int, int]] = []
    panel.model.rowsRemoved.connect(lambda _p, first, last: removed.append((first, last)))
    for _ in range(5):
        panel.on_event(added([comment(f"n{i}") for i in range(500)]))
        panel.model.flush()
    assert panel.model.stored == 1000
    assert panel.model.rowCount() == 1000
    assert removed == [(0, 499), (0, 499), (0, 499)]
    assert panel.model.row(0).id == panel.model.row(999).id - 999


async def test_floods_are_hidden_and_counted(feed: FeedPanel, until: Until) -> None:
    feed.on_event(added([comment("你好"), comment("111", flood=True), comment("666", flood=True),
                         comment("讲得好"), comment("哈哈哈", flood=True)]))  # fmt: skip
    await until(lambda: feed.model.stored == 5)
    assert [r.text for r in feed.model.rows()] == ["你好", "讲得好"]
    assert feed.model.hidden_floods == 3
    assert "3" in feed.floods_label.text()
    feed.floods_box.setChecked(True)
    assert feed.model.rowCount() == 5
    assert feed.floods_label.text() == ""
    assert feed.model.row(1).flags & FLOOD
    feed.floods_box.setChecked(False)
    assert feed.model.rowCount() == 2


async def test_filters(feed: FeedPanel, until: Until) -> None:
    feed.on_event(added([
        comment("这个多少钱？", user="小明", platform="douyin", question=True),
        comment("链接发一下", user="Alice", platform="kuaishou", purchase=True),
        comment("有优惠吗？", user="小明明", platform="kuaishou", question=True, purchase=True),
        comment("今天讲得真好", user="bob", platform="bilibili"),
        comment("回放在哪里看？", user="ALICE", platform="bilibili", question=True),
    ]))  # fmt: skip
    await until(lambda: feed.model.rowCount() == 5)
    feed.questions_box.setChecked(True)
    assert _users(feed) == ["小明", "小明明", "ALICE"]
    feed.purchase_box.setChecked(True)
    assert _users(feed) == ["小明明"]
    feed.questions_box.setChecked(False)
    assert _users(feed) == ["Alice", "小明明"]
    feed.purchase_box.setChecked(False)

    combo = feed.platform_combo
    assert {combo.itemData(i) for i in range(combo.count())} == {
        "", "douyin", "kuaishou", "bilibili",
    }  # fmt: skip
    combo.setCurrentIndex(combo.findData("kuaishou"))
    assert _users(feed) == ["Alice", "小明明"]
    combo.setCurrentIndex(0)

    feed.keyword_edit.setText("链接")  # applied after a short pause in typing
    await until(lambda: _users(feed) == ["Alice"])
    feed.keyword_edit.clear()
    feed.viewer_edit.setText("alice")  # a part of the name, any case
    await until(lambda: _users(feed) == ["Alice", "ALICE"])
    feed.viewer_edit.setText("小明")
    await until(lambda: _users(feed) == ["小明", "小明明"])
    feed.viewer_edit.clear()
    await until(lambda: feed.model.rowCount() == 5)
    assert feed.model.row(2).flags == QUESTION | PURCHASE


async def test_following_pauses_while_hovered_and_when_scrolled_up(
    feed: FeedPanel, until: Until
) -> None:
    view, model = feed.list_view, feed.model
    bar = view.verticalScrollBar()

    def newest_on_screen() -> bool:
        last = view.visualRect(model.index(model.rowCount() - 1))
        return view.viewport().rect().contains(last.center())

    feed.on_event(added([comment(f"first {i}") for i in range(200)]))
    await until(lambda: model.rowCount() == 200)
    assert bar.maximum() > 0
    assert bar.value() == bar.maximum()
    assert newest_on_screen()

    inside = QPointF(10, 10)
    QApplication.sendEvent(view, QEnterEvent(inside, inside, view.mapToGlobal(inside)))
    assert not feed.following
    assert not feed.newest_button.isHidden()
    feed.on_event(added([comment(f"while hovered {i}") for i in range(50)]))
    await until(lambda: model.rowCount() == 250)
    await asyncio.sleep(0.05)  # deliberate: frames pass; the view must not jump
    assert bar.value() < bar.maximum()
    assert not newest_on_screen()
    assert "50" in feed.newest_button.text()

    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))
    await until(lambda: bar.value() == bar.maximum())
    assert feed.following
    assert newest_on_screen()
    assert feed.newest_button.isHidden()

    bar.setValue(0)  # the user scrolls up to read
    assert not feed.following
    feed.on_event(added([comment(f"while reading {i}") for i in range(10)]))
    await until(lambda: model.rowCount() == 260)
    await asyncio.sleep(0.05)  # deliberate: frames pass; the view must not jump
    assert bar.value() == 0
    feed.newest_button.click()
    await until(lambda: bar.value() == bar.maximum())
    assert feed.following

    row_centre = view.visualRect(model.index(model.rowCount() - 1)).center()
    view.customContextMenuRequested.emit(row_centre)
    assert feed.context_menu is not None
    assert not feed.following
    feed.context_menu.close()


async def test_block_viewer_from_the_context_menu(
    feed: FeedPanel, show: Show, until: Until
) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("douyin", "捣乱的", "刷屏广告 快来看"),
                     IncomingComment("douyin", "好观众", "讲得很清楚")])  # fmt: skip
    await until(lambda: feed.model.rowCount() == 2)
    assert _users(feed) == ["捣乱的", "好观众"]
    _action(feed, 0, "blockAction").trigger()
    await until(lambda: "捣乱的" in audience.blocked_users)

    audience.ingest([IncomingComment("douyin", "捣乱的", "又来了"),
                     IncomingComment("kuaishou", "好观众", "这个多少钱？")])  # fmt: skip
    await until(lambda: feed.model.rowCount() == 3)
    await asyncio.sleep(0.05)  # deliberate: time for a blocked comment to show up
    assert _users(feed) == ["捣乱的", "好观众", "好观众"]  # earlier comments stay
    assert audience.rejected == 1


async def test_feature_and_add_as_question(feed: FeedPanel, show: Show, until: Until) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("bilibili", "小红", "这套课适合零基础吗")])
    await until(lambda: feed.model.rowCount() == 1)
    comment_id = feed.model.row(0).id
    _action(feed, 0, "featureAction").trigger()
    await until(lambda: show.overlays.state().featured == str(comment_id))
    assert show.overlays.featured is not None
    assert show.overlays.featured.user == "小红"

    audience.ingest([IncomingComment("twitch", "sam", "where can I watch the replay?")])
    await until(lambda: feed.model.rowCount() == 2)
    before = len(audience.queue.listing("all"))
    _action(feed, 0, "questionAction").trigger()
    await until(lambda: any(q.platform == "bilibili" for q in audience.queue.listing("all")))
    assert before >= 1


async def test_viewer_text_stays_plain(feed: FeedPanel, until: Until) -> None:
    feed.on_event(added([comment("<b>bold</b> <img src=x>", user="<i>x</i>")]))
    await until(lambda: feed.model.rowCount() == 1)
    index = feed.model.index(0)
    tip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert "<b>bold" not in tip
    assert "&lt;b&gt;bold&lt;/b&gt;" in tip
    assert "&lt;i&gt;x" in tip
    assert index.data() == "<i>x</i>: <b>bold</b> <img src=x>"
    feed.list_view.viewport().repaint()  # the delegate paints it (no crash, no markup)


async def test_model_alone_batches_per_frame(qtbot: Any, until: Until) -> None:
    model = CommentFeedModel(cap=10)
    flushed: list[int] = []
    model.flushed.connect(flushed.append)
    model.enqueue([comment(str(i)) for i in range(4)])
    model.enqueue([comment(str(i)) for i in range(4, 25)])
    await until(lambda: bool(flushed))
    assert flushed == [25]
    assert model.stored == 10
    assert [r.text for r in model.rows()] == [str(i) for i in range(15, 25)]


async def test_platforms_by_their_names(feed: FeedPanel, until: Until, tmp_path: Path) -> None:
    """The filter and the tooltip say 抖音 and B站, as the queue does; the filter still keeps the
    platform's id."""
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path / "qm").parent)
    try:
        feed.on_event(added([comment("老师好！", user="山海", platform="douyin"),
                             comment("来了", user="bob", platform="bilibili")]))  # fmt: skip
        await until(lambda: feed.model.rowCount() == 2)
        combo = feed.platform_combo
        shown = {combo.itemData(i): combo.itemText(i) for i in range(1, combo.count())}
        assert shown == {"douyin": "抖音", "bilibili": "B站"}
        tip = feed.model.index(0).data(Qt.ItemDataRole.ToolTipRole)
        assert "<b>山海</b> · 抖音<br>" in tip
        assert "douyin" not in tip
    finally:
        remove_translations()
