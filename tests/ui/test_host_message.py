"""Messages for the host in the window: from the console's strip (or the API) to the host view,
an urgent one flashing until cleared; blocking a viewer from the queue's context menu; blocked
comments never listed in the feed; the settings' moderation lists."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer
from PySide6.QtCore import Qt

from app.adapters.web.server import create_app
from app.domain.audience import IncomingComment
from app.domain.settings import Settings
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.assist_access import AssistAccess
from app.services.show import Show
from app.ui.feed_panel import FeedPanel
from app.ui.main_window import MainWindow
from app.ui.queue_panel import QueuePanel
from app.ui.settings.lists_page import ListsPage
from tests.ui.conftest import QueueOpener, Until

ASSIST_TOKEN = "assist-t0ken-for-tests"


async def test_a_message_from_the_console_reaches_the_host_view(
    window: MainWindow, show: Show, until: Until
) -> None:
    box, host = window.host_message_box, window.host_view
    assert not host.message_label.isVisible()
    assert not box.clear_button.isVisible()
    box.text_combo.setCurrentIndex(box.presets.index("Go to the coupon"))
    box.send_button.click()
    await until(lambda: host.message_label.text() == "Go to the coupon")
    assert show.host_messages.current is not None
    assert show.host_messages.current.level == "info"
    assert not host.flashing()
    assert box.shown_label.text() == "Go to the coupon"
    assert box.clear_button.isVisibleTo(window)
    box.clear_button.click()
    await until(lambda: show.host_messages.current is None)
    await until(lambda: host.message_label.isHidden())


async def test_typed_messages_and_blanks_are_not_added_to_the_presets(
    window: MainWindow, show: Show, qtbot: Any, until: Until
) -> None:
    box = window.host_message_box
    window.activateWindow()
    await until(window.isActiveWindow)
    box.text_combo.setFocus()
    await until(box.text_combo.hasFocus)
    presets = [box.text_combo.itemText(i) for i in range(box.text_combo.count())]
    field = box.text_combo.lineEdit()
    qtbot.keyClicks(field, "five min left")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    await until(lambda: show.host_messages.current is not None)
    field.clear()
    qtbot.keyClicks(field, "  ")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert [box.text_combo.itemText(i) for i in range(box.text_combo.count())] == presets


async def test_an_urgent_message_from_the_assistants_token_flashes(
    window: MainWindow, show: Show, until: Until
) -> None:
    host = window.host_view
    host.show()
    access = AssistAccess(show.bus, ASSIST_TOKEN, make=lambda: "new", keep=lambda _t: False,
                          helps_host=True)  # the host lets the panel message it  # fmt: skip
    async with TestClient(TestServer(create_app(show, "master", assist=access))) as client:
        sent = await client.post("/api/host/message", json={"text": "还剩2分钟", "level": "urgent"},
                                 headers={"Authorization": f"Bearer {ASSIST_TOKEN}"})  # fmt: skip
        assert sent.status == 200
        await until(lambda: host.message_label.text() == "还剩2分钟")
        assert host.flashing()
        assert host.message_label.property("level") == "urgent"
        seen = {bool(host.message_label.property("flash"))}
        await until(lambda: seen.add(bool(host.message_label.property("flash"))) or len(seen) == 2)
        await client.delete("/api/host/message", headers={"Authorization": "Bearer master"})
        await until(lambda: host.message_label.isHidden())
        assert not host.flashing()


@pytest.fixture
def queue(open_queue: QueueOpener) -> QueuePanel:
    return open_queue("小王")


async def test_block_the_asker_from_the_queue(queue: QueuePanel, show: Show, until: Until) -> None:
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("douyin", "杠精", "凭什么这么贵？")])
    await until(lambda: queue.table.rowCount() == 1)
    queue.table.selectRow(0)
    menu = queue.block_menu()
    [action] = [a for a in menu.actions() if a.objectName() == "blockAction"]
    assert "杠精" in action.text()
    action.trigger()
    await until(lambda: "杠精" in audience.blocked_users)
    await until(lambda: audience.queue.counts()["open"] == 0)  # their question dismissed
    audience.ingest([IncomingComment("douyin", "杠精", "还是太贵了吧？")])
    assert audience.queue.counts()["open"] == 0


async def test_blocked_comments_are_not_listed_in_the_feed(
    qtbot: Any, show: Show, runner: TaskRunner, bridge: ShowBridge, until: Until
) -> None:
    feed = FeedPanel(show, runner)
    bridge.event_received.connect(feed.on_event)
    qtbot.addWidget(feed)
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("douyin", "广告", "加微信 abc123"),
                     IncomingComment("douyin", "小明", "讲得好")])  # fmt: skip
    await until(lambda: feed.model.rowCount() == 1)
    assert feed.model.row(0).user == "小明"
    bridge.event_received.disconnect(feed.on_event)


def test_the_lists_page_edits_the_moderation_settings(qtbot: Any) -> None:
    page = ListsPage(Settings())
    qtbot.addWidget(page)
    assert "加微信" in page.blocked_words_edit.toPlainText()
    assert page.contacts_box.isChecked()
    page.blocked_words_edit.setPlainText("代购\n\n代购\n刷单")
    page.blocked_viewers_edit.setPlainText("douyin:id=42\n  spam  \n")
    page.contacts_box.setChecked(False)
    saved = page.apply(Settings())
    assert saved.blocked_words == ("代购", "刷单")
    assert saved.blocked_viewers == ("douyin:id=42", "spam")
    assert saved.block_contacts is False
    page.reset_blocked_button.click()
    assert "加微信" in page.apply(Settings()).blocked_words
