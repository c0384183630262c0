"""Every Qt widget that shows viewer text shows it as typed (tests/support/payloads.py): the
feed, the question queue, the host view, the overlay panel's preview and catalog lists, the
session bar's title, the message bar, the crash dialog's summary, the review window's tables and
tooltips (top questions included), the sessions list, and the native overlay's PNG cards. A
label or tooltip Qt would read as rich text must hold the text escaped: what Qt renders is
compared with the payload, character for character."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QLabel

from app.adapters.render.cards import QtCardRenderer
from app.domain.audience import IncomingComment
from app.domain.catalog import Coupon, Product
from app.domain.overlay_view import FeaturedComment, coupon_card, featured_card, product_card
from app.domain.runsheet import RunSheet, Segment
from app.runtime.bridge import ShowBridge
from app.runtime.tasks import TaskRunner
from app.services.show import Show
from app.ui.feed_panel import FeedPanel
from app.ui.host_view import HostView
from app.ui.main_window import MainWindow
from app.ui.question_table import TEXT
from app.ui.queue_panel import QueuePanel
from tests.support.payloads import LONG_TEXT, PAYLOADS, VIEWER_TEXTS
from tests.ui.conftest import QueueOpener, Until

ASK = " 多少钱？"  # makes each payload a question


def as_shown(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """What Qt shows for `text` in a label or tooltip of that format."""
    plain = text_format == Qt.TextFormat.PlainText or (
        text_format == Qt.TextFormat.AutoText and not QtGui.Qt.mightBeRichText(text)
    )
    if plain:
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def label_shows(label: QLabel) -> str:
    return as_shown(label.text(), label.textFormat())


def test_as_shown_can_tell_markup_from_text(qapp: Any) -> None:
    """The check itself: unescaped markup is NOT shown as typed."""
    assert as_shown("<b>bold</b>") == "bold"
    assert as_shown("<b>bold</b>", Qt.TextFormat.PlainText) == "<b>bold</b>"
    assert as_shown("&lt;b&gt;") == "<b>"  # an entity alone makes Qt read rich text too
    assert as_shown("a < b") == "a < b"


# ----- the feed --------------------------------------------------------------------------------
@pytest.fixture
def feed(qtbot: Any, show: Show, runner: TaskRunner, bridge: ShowBridge) -> Iterator[FeedPanel]:
    panel = FeedPanel(show, runner)
    bridge.event_received.connect(panel.on_event)
    qtbot.addWidget(panel)
    panel.resize(900, 400)
    panel.show()
    yield panel
    bridge.event_received.disconnect(panel.on_event)


async def test_the_feed_shows_viewer_text_as_typed(
    feed: FeedPanel, show: Show, until: Until, qtbot: Any
) -> None:
    assert show.audience is not None
    feed.floods_box.setChecked(True)  # the long payload repeats itself: a flood, listed anyway
    show.audience.ingest(
        [IncomingComment("douyin", payload[:100], payload) for payload in VIEWER_TEXTS]
    )
    model = feed.model
    await until(lambda: model.rowCount() == len(VIEWER_TEXTS))
    for row, payload in enumerate(VIEWER_TEXTS):
        index = model.index(row, 0)
        assert model.data(index, Qt.ItemDataRole.DisplayRole) == f"{payload[:100]}: {payload}"
        tip = as_shown(model.data(index, Qt.ItemDataRole.ToolTipRole))
        assert payload in tip
        assert payload[:100] in tip
    feed.list_view.viewport().repaint()  # the delegate paints every payload without an error


# ----- the question queue ----------------------------------------------------------------------
@pytest.fixture
def queue(open_queue: QueueOpener) -> QueuePanel:
    return open_queue("<img src=x onerror=alert(1)>", size=(900, 400))


def questions_of(payloads: tuple[str, ...]) -> list[str]:
    return [(p + ASK)[-2000:] if p is not LONG_TEXT else p[:1990] + ASK for p in payloads]


async def test_the_queue_shows_viewer_text_as_typed(
    queue: QueuePanel, show: Show, until: Until
) -> None:
    assert show.audience is not None
    texts = questions_of(VIEWER_TEXTS)
    show.audience.ingest([IncomingComment("bilibili", t[:100], t) for t in texts])
    await until(lambda: len(queue.questions()) == len(texts))
    table = queue.table
    shown = sorted(table.item(row, TEXT).text() for row in range(table.rowCount()))
    assert shown == sorted(texts)
    for row in range(table.rowCount()):
        text = table.item(row, TEXT).text()
        assert text in as_shown(table.item(row, TEXT).toolTip())
        assert text[:100] in as_shown(table.item(row, TEXT).toolTip())  # the asker


# ----- the host view ---------------------------------------------------------------------------
async def test_the_host_view_shows_viewer_and_sheet_text_as_typed(
    qtbot: Any, show: Show, until: Until
) -> None:
    assert show.audience is not None
    title, notes = PAYLOADS[0], PAYLOADS[:5]
    await show.runner.load(RunSheet((Segment(title, 60, notes=notes), Segment(PAYLOADS[2], 60))))
    await show.runner.goto(0)
    host = HostView(show)
    qtbot.addWidget(host)
    for payload in VIEWER_TEXTS:
        question = questions_of((payload,))[0]
        show.audience.ingest([IncomingComment("douyin", PAYLOADS[1], question)])
        top = show.audience.state().top_question
        host.refresh()
        assert top is not None
        label = label_shows(host.question_label)
        assert top.text in label, (payload, label)
    assert title in label_shows(host.title_label)
    assert PAYLOADS[2] in label_shows(host.next_label)
    points = label_shows(host.points_label)
    assert all(note in points for note in notes), points


# ----- the overlay panel -----------------------------------------------------------------------
async def test_the_overlay_preview_shows_a_featured_comment_as_typed(
    window: MainWindow, show: Show, until: Until
) -> None:
    panel = window.overlay_panel
    label = panel.preview_featured
    for payload in VIEWER_TEXTS:
        show.overlays.feature(FeaturedComment(payload[:100], payload, PAYLOADS[2]))
        expected = featured_card(FeaturedComment(payload[:100], payload, PAYLOADS[2]))["text"]
        await until(lambda expected=expected: expected in label_shows(label))
        assert payload[:100] in label_shows(label)
        assert PAYLOADS[2] in label_shows(label)


# ----- the native overlay's PNG cards ----------------------------------------------------------
def _painted(png: bytes, size: tuple[int, int]) -> int:
    """How many pixels of the PNG are not transparent (the card was drawn)."""
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = QImage.fromData(png)
    assert not image.isNull()
    assert (image.width(), image.height()) == size
    step = 7
    return sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if image.pixelColor(x, y).alpha() > 0
    )


@pytest.mark.parametrize("payload", VIEWER_TEXTS, ids=range(len(VIEWER_TEXTS)))
def test_native_cards_render_any_viewer_text(qapp: Any, payload: str) -> None:
    renderer = QtCardRenderer()
    featured = featured_card(FeaturedComment(payload[:100], payload, payload[:32]))
    assert _painted(renderer.render("featured", featured, 760, 170), (760, 170)) > 0
    product = product_card(Product("SKU", payload, price=Decimal("9.9"),
                                   selling_points=(payload, payload[:20])))  # fmt: skip
    assert _painted(renderer.render("product", product, 620, 280), (620, 280)) > 0
    coupon = coupon_card(Coupon("C1", payload, discount=payload[:10]), 30, 60, False)
    assert _painted(renderer.render("coupon", coupon, 440, 200), (440, 200)) > 0


# ----- the session bar, the message bar, the crash dialog --------------------------------------
def assert_plain(label: QLabel, text: str) -> None:
    """The label holds `text` as plain text: shown character for character."""
    assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert label.text() == text
    assert label_shows(label) == text


async def test_the_session_bar_shows_the_title_as_typed(
    window: MainWindow, show: Show, until: Until
) -> None:
    bar = window.session_bar
    for payload in PAYLOADS:
        await show.recorder.start(payload)
        bar.update_state(show.state().session)
        assert_plain(bar.title_label, payload)
        await show.recorder.end()


def test_the_message_bar_shows_viewer_and_file_text_as_typed(window: MainWindow) -> None:
    for payload in VIEWER_TEXTS:
        window.show_error(payload)
        assert_plain(window.message_bar._label, payload)
        assert window.message_bar.text() == payload


def test_the_crash_dialog_shows_its_summary_as_typed(qtbot: Any) -> None:
    from app.ui.crash_dialog import CrashDialog

    for payload in PAYLOADS:
        dialog = CrashDialog(f"ValueError: {payload}", "Traceback …")
        qtbot.addWidget(dialog)
        assert_plain(dialog.summary_label, f"ValueError: {payload}")
        assert f"ValueError: {payload}" in dialog.details.toPlainText()


# ----- the review window -----------------------------------------------------------------------
async def _record_payload_show(path: Any) -> int:
    """A show titled with a payload: one segment per payload (titled with it), one open
    question with its text in each, and a comment with it."""
    import json

    from app.adapters.store.writer import SqliteSessionLog
    from app.domain.log_events import LogEntry
    from tests.support.recorded_show import COMMENT_SQL, QUESTION_SQL, T0

    writer = SqliteSessionLog(path)
    try:
        show = await writer.start_session(PAYLOADS[1], T0)
        writer.append(LogEntry(t=T0, kind="session.start", session_id=show,
                               data={"title": PAYLOADS[1]}))  # fmt: skip
        questions, comments = [], []
        for i, payload in enumerate(VIEWER_TEXTS):
            start = T0 + 60 * i
            writer.append(LogEntry(t=start, kind="segment.start", session_id=show, record_tc=60 * i,
                                   data={"index": i, "title": payload[:200], "planned_s": 60,
                                         "points": 0}))  # fmt: skip
            writer.append(LogEntry(t=start + 59, kind="segment.end", session_id=show,
                                   data={"index": i}))  # fmt: skip
            questions.append((i + 1, show, T0, f"k{i}", payload, "douyin", "open",
                              json.dumps([payload[:50]], ensure_ascii=False), "[]", start + 10,
                              None))  # fmt: skip
            comments.append((show, "douyin", payload[:50], payload, start + 10, 1, None))
        writer.append_rows(COMMENT_SQL, comments)
        writer.append_rows(QUESTION_SQL, questions)
        await writer.end_session(show, T0 + 60 * len(VIEWER_TEXTS))
        await writer.flush()
    finally:
        writer.close()
    return show


def tooltip_shows(tip: str) -> str:
    """What a tooltip shows; one with markup must be escaped text, never an element."""
    if QtGui.Qt.mightBeRichText(tip):
        document = QTextDocument()
        document.setHtml(tip)
        assert "<img" not in document.toHtml(), tip
        assert "<script" not in document.toHtml(), tip
    return as_shown(tip)


async def test_the_review_window_shows_viewer_text_as_typed(
    qtbot: Any, runner: TaskRunner, tmp_path: Any, until: Until
) -> None:
    from app.adapters.report.charts import styled_review_figures
    from app.ui.review import ReviewWindow
    from app.ui.review.review_tables import plain_tip
    from tests.support.recorded_show import OnAir, open_archive

    assert as_shown(plain_tip(PAYLOADS[1])) == PAYLOADS[1]
    session = await _record_payload_show(tmp_path / "livedesk.db")
    archive, writer = open_archive(tmp_path / "livedesk.db", OnAir())
    try:
        review = ReviewWindow(archive, runner, styled_review_figures, session)
        qtbot.addWidget(review)
        review.present()
        review.reload()
        await until(lambda: review.data is not None and review.busy.isHidden(), timeout=30)
        assert_plain(review.title_label, PAYLOADS[1])
        table = review.segments_table
        titles = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
        name, top = titles.index("Segment"), titles.index("Top questions")
        assert table.rowCount() == len(VIEWER_TEXTS)
        for row, payload in enumerate(VIEWER_TEXTS):
            assert table.item(row, name).text() == payload[:200]
            if len(payload[:200]) > 30:
                assert payload[:200] in tooltip_shows(table.item(row, name).toolTip())
            assert f"{payload} ×1" in tooltip_shows(table.item(row, top).toolTip()), row
        left = review.unanswered_table
        shown = [left.item(r, c).text() for r in range(left.rowCount())
                 for c in range(left.columnCount())]  # fmt: skip
        tips = " ".join(tooltip_shows(left.item(r, c).toolTip()) for r in range(left.rowCount())
                        for c in range(left.columnCount()))  # fmt: skip
        for payload in VIEWER_TEXTS:
            assert payload in shown
            if len(payload) > 30:
                assert payload in tips
    finally:
        writer.close()


async def test_the_sessions_list_shows_titles_as_typed(
    qtbot: Any, runner: TaskRunner, tmp_path: Any, until: Until
) -> None:
    from app.ui.review import SessionsDialog
    from tests.support.recorded_show import OnAir, open_archive

    await _record_payload_show(tmp_path / "livedesk.db")
    archive, writer = open_archive(tmp_path / "livedesk.db", OnAir())
    try:
        dialog = SessionsDialog(archive, runner, lambda _id: None)
        qtbot.addWidget(dialog)
        dialog.present()
        await until(lambda: dialog.table.rowCount() == 1, timeout=30)
        item = dialog.table.item(0, 0)
        assert item.text() == PAYLOADS[1]
        assert tooltip_shows(item.toolTip()) == PAYLOADS[1]
    finally:
        writer.close()


async def test_the_overlay_panel_lists_catalog_names_as_typed(
    window: MainWindow, show: Show, until: Until
) -> None:
    """Product and coupon names come from files: listed and in tooltips as typed."""
    from app.domain.catalog import Catalog

    products = tuple(Product(f"SKU-{i}", payload[:100]) for i, payload in enumerate(PAYLOADS))
    coupons = tuple(Coupon(f"C{i}", payload[:60]) for i, payload in enumerate(PAYLOADS))
    sheet = RunSheet((Segment("开场", 60),), catalog=Catalog(products, coupons))
    await show.runner.load(sheet)
    tree = window.overlay_panel.product_list
    await until(lambda: tree.topLevelItemCount() == len(PAYLOADS))
    for row in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(row)
        name = products[int(item.data(0, Qt.ItemDataRole.UserRole)[4:])].name
        assert item.text(1) == name
        assert f"{item.data(0, Qt.ItemDataRole.UserRole)} · {name}" in tooltip_shows(
            item.toolTip(1)
        )
    coupon_tree = window.overlay_panel.coupon_list
    for row in range(coupon_tree.topLevelItemCount()):
        item = coupon_tree.topLevelItem(row)
        assert item.text(2) in tooltip_shows(item.toolTip(1))  # the title, as typed
