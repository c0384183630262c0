"""The host view fits its text to the window: long and many talking points, a long title, the
longest urgent message and an hour over all show without being cut, in English and in Chinese,
at the default size, a small window and a 1080p screen; what cannot fit even in the smallest
type ends in "…", or for talking points in "+N more".

Measured as the layout measures: each label's heightForWidth (a wrapped one) or sizeHint (one
line) at the geometry it was given, the text a label paints when it ends in "…", and every label
inside the window."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QLabel

from app.domain.audience import IncomingComment
from app.services.show import Show
from app.ui.host_view import HostView
from app.ui.host_view_fit import MIN_PX, FittedLabel, largest
from app.ui.i18n import install_translations, remove_translations
from tests.support.fake_obs import FakeObs
from tests.support.i18n import ZH_TS, build_qm
from tests.support.memory_log import MemoryLog
from tests.support.show_factory import build_show
from tests.ui.conftest import Until
from tests.ui.test_cue_panel import FakeClock, make_sheet

DEFAULT, SMALL, BIG = (960, 600), (640, 400), (1920, 1080)
SIZES = pytest.mark.parametrize("size", [DEFAULT, SMALL, BIG], ids=["960x600", "640x400", "1080p"])
LONG_TITLE = (
    "开场：欢迎来到直播间，今天给大家带来双十一最值得买的三款保温杯和一款电饭煲 "
    "Opening of the Double Eleven special"
)
LONG_POINTS = (  # about 70 characters each, as 话术 usually are
    "先给大家实拍对比一下：左边是普通保温杯放了六个小时的水温，右边是我们这款真空保温杯同样时间的"
    "水温，差了整整二十度，大家看温度计上的数字",
    "讲清楚规格：三百五十毫升和五百毫升两个容量，五种颜色，杯盖可以拆开清洗，内胆是三一六不锈钢，"
    "食品级材质，宝妈们可以放心给孩子用",
    "价格：日常价一百二十九，今天直播间到手价九十九，再叠加新粉券减二十，相当于七十九元拿到手，"
    "只有今晚有这个价格，库存只有五百件",
)
MANY_POINTS = tuple(f"第 {n} 点：实拍对比，讲清楚再上链接" for n in range(1, 21))
URGENT = (
    "下一个环节讲电饭煲，注意时间已经超了两分钟，请尽快收尾并引导大家去领新粉专享券，库存不多了，"
    "记得提醒大家下单后在评论区扣已拍。" * 4
)[
    # the longest message a producer can send (200 characters)
    :200
]


@pytest.fixture(scope="session")
def zh_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_qm(ZH_TS, tmp_path_factory.mktemp("zh"))


@pytest.fixture(params=["en", "zh_CN"])
def language(request: pytest.FixtureRequest, zh_qm: Path) -> Iterator[str]:
    """The interface in English (installed for every UI test), or in Chinese."""
    if request.param == "zh_CN":
        install_translations("zh_CN", directory=zh_qm.parent)
    yield request.param
    if request.param == "zh_CN":
        remove_translations()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def show(fake_obs: FakeObs, memory_log: MemoryLog, clock: FakeClock) -> Show:
    show = build_show(fake_obs, memory_log, monotonic=clock)
    await show.obs.resync(await fake_obs.connect())
    sheet = make_sheet()
    first, second, last = sheet.segments
    segments = (
        replace(first, title=LONG_TITLE, notes=LONG_POINTS),
        replace(second, notes=MANY_POINTS),
        replace(last, notes=("问好",)),
    )
    await show.runner.load(replace(sheet, segments=segments))
    return show


@pytest.fixture
def host(qtbot: Any, show: Show, language: str) -> HostView:
    view = HostView(show)
    qtbot.addWidget(view)
    view.show()
    return view


async def live(show: Show, host: HostView, segment: int) -> None:
    await show.runner.goto(segment)
    host.refresh()


async def laid_out(host: HostView, size: tuple[int, int], until: Until) -> None:
    """The view at this size with its type fitted and its labels placed."""
    host.resize(*size)
    await until(lambda: (host.width(), host.height()) == size)
    host.refresh()
    layout = host.layout()
    assert layout is not None
    layout.activate()


def clipped(host: HostView) -> list[str]:
    """What the view does not show whole: a label outside the window, a wrapped label given less
    height than its text needs at its width, a one-line label narrower or lower than its text, a
    label ending its text in "…" whose shown text still does not fit, the time wider than its
    label."""
    found = []
    for label in host.findChildren(QLabel):
        if label.isHidden():
            continue
        where, name = label.geometry(), label.text()[:30]
        if not host.rect().contains(where):
            found.append(f"{name!r} at {where} is outside the {host.size()} window")
        if label.wordWrap():
            needs = label.heightForWidth(where.width())
            if needs > where.height():
                found.append(f"{name!r} needs {needs} px high, has {where.height()}")
        elif label.sizeHint().width() > where.width() or label.sizeHint().height() > where.height():
            found.append(f"{name!r} needs {label.sizeHint()}, has {where.size()}")
        if isinstance(label, FittedLabel):  # what it paints: its text, or the text up to "…"
            room = label.contentsRect()
            wrap = label.wordWrap()
            bounds = QRect(0, 0, room.width() if wrap else 1 << 20, 1 << 20)
            flags = int(Qt.TextFlag.TextWordWrap) if wrap else 0
            painted = QFontMetrics(label.font()).boundingRect(bounds, flags, label.shown_text())
            if painted.height() > room.height() or painted.width() > room.width():
                found.append(f"{name!r} paints {painted.size()} in {room.size()}")
    time = host.time_label
    advance = QFontMetrics(time.font()).horizontalAdvance(time.text())
    if advance > time.contentsRect().width():
        found.append(f"the time {time.text()!r} needs {advance} px wide, has {time.width()}")
    return found


def more_line(n: int) -> str:
    return QCoreApplication.translate("TalkingPoints", "+{n} more").format(n=n)


# ----- bug 5: talking points, title and message ----------------------------------------------
@SIZES
async def test_long_talking_points_and_a_long_title_all_show(
    host: HostView, show: Show, size: tuple[int, int], until: Until
) -> None:
    """Three 70-character points and a two-language title: before, only the first point and a
    half showed, the title cut at the top and the bottom."""
    await live(show, host, 0)
    await laid_out(host, size, until)
    assert clipped(host) == []
    assert host.points_shown() == host.points() == [(p, False) for p in LONG_POINTS]
    assert host.points_label.font().pixelSize() >= MIN_PX
    if size != SMALL:  # room enough: the title whole, the points in more than the smallest type
        assert not host.title_label.cut()
        assert host.points_label.font().pixelSize() > MIN_PX + 2


@SIZES
async def test_twenty_talking_points_use_the_room_there_is(
    host: HostView, show: Show, size: tuple[int, int], until: Until
) -> None:
    """Before, 12 of 20 showed at 12 px on a 720p screen while the room above them was empty."""
    await live(show, host, 1)
    await laid_out(host, size, until)
    assert clipped(host) == []
    assert host.points_shown() == [(p, False) for p in MANY_POINTS]
    if size != SMALL:
        assert host.points_label.font().pixelSize() > MIN_PX + 2
    assert host.time_label.font().pixelSize() >= size[1] // 9  # the time still reads at a glance


async def test_twenty_points_on_a_720p_screen_are_bigger_than_the_smallest_type(
    host: HostView, show: Show, until: Until
) -> None:
    await live(show, host, 1)
    await laid_out(host, (1280, 720), until)
    assert clipped(host) == []
    assert len(host.points_shown()) == 20
    assert host.points_label.font().pixelSize() >= 18


@pytest.mark.parametrize("size", [(480, 270), (320, 180)], ids=["480x270", "320x180"])
async def test_points_that_cannot_fit_end_in_plus_n_more_and_ticked_ones_give_way_first(
    host: HostView, show: Show, size: tuple[int, int], until: Until
) -> None:
    await live(show, host, 1)
    await laid_out(host, size, until)
    assert clipped(host) == []
    shown = host.points_shown()
    left_out = len(MANY_POINTS) - len(shown)
    assert left_out > 0
    assert shown == [(p, False) for p in MANY_POINTS[: len(shown)]]  # the first ones, in order
    assert more_line(left_out) in host.points_label.text()
    assert host.points_label.font().pixelSize() == MIN_PX

    for point in range(5):  # the first five are done: the next ones come into view
        show.runner.tick_point(1, point, True)
    await laid_out(host, size, until)
    assert clipped(host) == []
    now_shown = host.points_shown()
    assert now_shown
    assert all(not ticked for _text, ticked in now_shown)
    assert now_shown[0] == (MANY_POINTS[5], False)
    done = QCoreApplication.translate("TalkingPoints", "{n} done").format(n=5)
    assert done in host.points_label.text()
    if len(now_shown) < 15:
        assert more_line(15 - len(now_shown)) in host.points_label.text()


@SIZES
async def test_the_longest_urgent_message_fits_with_the_long_points(
    host: HostView, show: Show, size: tuple[int, int], until: Until
) -> None:
    """A 200-character urgent message was cut, and pushed the points out."""
    await live(show, host, 0)
    show.host_messages.send(URGENT, "urgent")
    await laid_out(host, size, until)
    assert host.flashing()
    assert clipped(host) == []
    assert host.message_label.text() == URGENT
    if size != SMALL:
        assert not host.message_label.cut()  # the whole message
    assert len(host.points_shown()) == len(LONG_POINTS)


async def test_a_text_too_long_even_for_the_smallest_type_ends_in_an_ellipsis(
    host: HostView, show: Show, until: Until
) -> None:
    await live(show, host, 0)
    show.host_messages.send(URGENT, "urgent")
    await laid_out(host, (320, 180), until)
    assert clipped(host) == []
    message = host.message_label
    assert message.cut()
    shown = message.shown_text()
    assert shown.endswith("…")
    assert URGENT.startswith(shown[:-1].rstrip())
    assert message.text() == URGENT  # the label keeps the whole text
    assert not host.grab().isNull()  # paints (the flash's colours included)


# ----- bug 6: the over-time number -----------------------------------------------------------
@pytest.mark.parametrize("over", [754, 3725], ids=["12 min over", "1 h over"])
@pytest.mark.parametrize(
    "size", [DEFAULT, SMALL, (1280, 720), BIG], ids=["960x600", "640x400", "720p", "1080p"]
)
async def test_the_time_over_shows_whole(
    host: HostView,
    show: Show,
    clock: FakeClock,
    over: int,
    size: tuple[int, int],
    until: Until,
    language: str,
) -> None:
    """ "+12:34 over" was cut at 960×600 in English, "+1:02:05 over" at every size."""
    await live(show, host, 2)
    clock.advance(60 + over)
    await laid_out(host, size, until)
    text = host.time_label.text()
    assert ("1:02:05" if over == 3725 else "12:34") in text
    assert clipped(host) == []
    assert host.time_label.font().pixelSize() >= size[1] // 9


async def test_the_time_is_fitted_again_only_when_its_length_changes(
    host: HostView, show: Show, clock: FakeClock, until: Until
) -> None:
    await live(show, host, 2)
    await laid_out(host, DEFAULT, until)
    clock.advance(60 + 754)  # +12:34 over
    host.refresh()
    size = host.time_label.font().pixelSize()
    clock.advance(1)  # +12:35: same length, same type
    host.refresh()
    assert host.time_label.font().pixelSize() == size
    clock.advance(3725 - 755)  # +1:02:05: longer, smaller type
    host.refresh()
    assert host.time_label.font().pixelSize() < size
    host.layout().activate()
    assert clipped(host) == []


async def test_more_questions_waiting_do_not_fit_the_type_again(
    host: HostView, show: Show, until: Until, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a flood the top question stays and "(+N more)" counts up with every batch: the type
    is fitted again when the line's length changes, not at every refresh."""
    await live(show, host, 2)
    audience = show.audience
    assert audience is not None
    audience.ingest([IncomingComment("douyin", f"观众{n}", f"第{n}个链接多少钱？")
                     for n in range(12)])  # fmt: skip
    host.refresh()
    await laid_out(host, DEFAULT, until)
    fits: list[int] = []
    fit = host._fit_around
    monkeypatch.setattr(host, "_fit_around", lambda *a: fits.append(1) or fit(*a))
    audience.ingest([IncomingComment("douyin", "又一个", "第99个链接多少钱？")])  # +11 → +12
    host.refresh()
    assert fits == []
    audience.ingest([IncomingComment("douyin", f"观众{n}", f"第{n}个链接多少钱？")
                     for n in range(100, 190)])  # +12 → +102: a longer line  # fmt: skip
    host.refresh()
    assert fits != []


# ----- the search --------------------------------------------------------------------------
def test_largest_finds_the_last_size_that_fits() -> None:
    assert largest(12, 60, lambda px: px <= 37) == 37
    assert largest(12, 60, lambda px: True) == 60
    assert largest(12, 60, lambda px: px <= 12) == 12
    assert largest(12, 60, lambda px: False) is None
    assert largest(5, 4, lambda px: True) is None
