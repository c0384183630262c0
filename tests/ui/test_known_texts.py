"""The Qt-free layers' English messages reach the window in Chinese: every text the OBS problems,
the pre-flight checklist, the run-sheet checks and the services' refusals make is one the window
knows (app/ui/known_texts.py), and it is shown translated with its values kept."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.adapters.obs import problems as obs_problems
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.compliance import COMPLIANCE_HINT
from app.domain.durations import DurationError, parse_duration
from app.domain.preflight import preflight
from app.domain.runsheet import FIELDS, Problem, RunSheet, Segment, parse_rows, validate
from app.services.errors import LiveDeskError, ObsRequestFailed
from app.services.show import Show
from app.ui.i18n import install_translations, remove_translations
from app.ui.known_texts import known, translated
from app.ui.main_window import MainWindow
from tests.support.i18n import ZH_TS, build_qm
from tests.ui.conftest import Until


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path).parent)
    yield
    remove_translations()


def _unknown(texts: list[str]) -> list[str]:
    return [text for text in texts if text and known(text) is None]


def _obs_problem_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made = [obs_problems.auth_failed(), obs_problems.too_old("Hello without rpcVersion", 4444),
            obs_problems.too_old("rpcVersion 0", 4455),
            obs_problems.no_answer("192.168.1.20", 4455, 3.0),
            obs_problems.unknown_host("obs-pc.local"),
            obs_problems.protocol("no Hello")]  # fmt: skip
    for running in (True, False, None):
        monkeypatch.setattr(obs_problems, "obs_process_running", lambda running=running: running)
        made.append(obs_problems.refused("127.0.0.1", 4455))
    return [text for problem in made for text in (problem.message, problem.hint)]


def _preflight_texts() -> list[str]:
    products = (
        Product("A1", "最好的锅", Decimal("39.9"), image="a.png", selling_points=("第一品牌",)),
        Product("B2", "", None),
        Product("C3", "围巾", Decimal("59")),
    )
    coupons = (Coupon("Q1", "满100减20", seconds=600), Coupon("Q2", "", seconds=0))
    segments = (
        Segment("开场", 300, scene="开场", notes=("全网最低价",)),
        Segment("锅", 300, scene="没有这个场景", product="A1", coupon="Q1"),
        Segment("空商品", 300, product="B2", coupon="Q2"),
        Segment("围巾", 300, product="C3", coupon="Q1"),
        Segment("未定义", 300, product="ZZ", coupon="ZZ"),
    )
    sheet = RunSheet(segments, Catalog(products, coupons))
    checks = preflight(
        sheet,
        sheet.catalog,
        obs_connected=True,
        scenes=["开场", "BRB"],
        standby_scene="马上回来",
        chat_sources={"twitch": True, "bilibili": False},
    )
    checks += preflight(sheet, sheet.catalog, obs_connected=True, scenes=["开场"],
                        standby_scene="开场")  # fmt: skip
    checks += preflight(RunSheet(), Catalog(), obs_connected=False, scenes=[], standby_scene=None)
    bad = [Problem("error", "3", "the title is missing", "title", 2)]
    checks += preflight(sheet, sheet.catalog, obs_connected=False, scenes=[],
                        standby_scene=None, sheet_problems=bad)  # fmt: skip
    kinds = {check.title.split(":")[0] for check in checks}
    assert len(checks) > 20
    assert len(kinds) > 10
    return [text for check in checks for text in (check.title, check.hint)]


def _runsheet_texts() -> list[str]:
    found = parse_rows(["标题"], "header", [])  # no duration column
    header = ["title", "duration", "kind", "scene", "product", "coupon", "notes"]
    rows = [("2", ["", "5"]), ("3", ["讲解", ""]), ("4", ["讲解", "abc", "跳舞"]),
            ("5", ["讲解", "0"]), ("6", ["讲解", "999999999"]), ("7", ["讲解", "5 parsecs"]),
            ("8", ["讲解", "3h", "", "没有", "ZZ", "ZZ"])]  # fmt: skip
    parsed = parse_rows(header, "header", rows)
    catalog = Catalog((Product("A1", "锅"), Product("A1", "锅")), (Coupon("Q", "券"),) * 2)
    checked = validate(RunSheet(parsed.sheet.segments, catalog), scenes=["开场"])
    messages = [p.message for p in (*found.problems, *parsed.problems, *checked)]
    for value in ("", "  "):
        with pytest.raises(DurationError) as raised:
            parse_duration(value)
        messages.append(str(raised.value))
    assert set(FIELDS) >= {"title", "duration"}
    assert len(messages) > 12
    return messages


def test_obs_problems_are_known(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _obs_problem_texts(monkeypatch)
    assert len(texts) == 18
    assert _unknown(texts) == []


def test_preflight_lines_are_known() -> None:
    assert _unknown(_preflight_texts()) == []


def test_run_sheet_problems_are_known() -> None:
    assert _unknown(_runsheet_texts()) == []


async def _call(attempt: Callable[[], Any]) -> None:
    """Call `attempt`, and await what it returns when that is awaitable."""
    result = attempt()
    if inspect.isawaitable(result):
        await result


async def test_refusals_from_the_window_s_buttons_are_known(show: Show) -> None:
    """What the services answer when a button is pressed at the wrong time or on a wrong item."""
    runner, overlays, obs, recorder = show.runner, show.overlays, show.obs, show.recorder
    assert show.audience is not None
    audience = show.audience
    runner.set_standby_scene(None)
    attempts: list[Callable[[], Any]] = [
        lambda: obs.switch_scene("没有这个场景"), lambda: obs.transition(),
        lambda: obs.set_output("stream", "stop"), lambda: overlays.show_product("ZZ"),
        lambda: overlays.start_coupon("ZZ"), lambda: overlays.stop_coupon(),
        lambda: overlays.extend_coupon(), lambda: runner.next(), lambda: runner.prev(),
        lambda: runner.toggle_standby(), lambda: recorder.start(""),
        lambda: recorder.start("长" * 201), lambda: recorder.end(),
        lambda: audience.add_manual("阿明", "", "manual"),
        lambda: audience.add_manual("阿明", "长" * 2001, "manual"),
        lambda: show.markers.mark("长" * 10_000),
    ]  # fmt: skip
    refused = []
    for attempt in attempts:
        with pytest.raises(LiveDeskError) as raised:
            await _call(attempt)
        refused.append(str(raised.value))
    refused += [str(ObsRequestFailed("SetCurrentProgramScene", 600, "No source found")),
                str(ObsRequestFailed("StartStream", None, None))]  # fmt: skip
    assert _unknown(refused) == []


def test_known_texts_are_shown_in_chinese_with_their_values(
    zh_cn: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in [*_obs_problem_texts(monkeypatch), *_preflight_texts(), *_runsheet_texts()]:
        if text:
            assert translated(text) != text, text
    refused = obs_problems.refused("127.0.0.1", 4455)
    assert "127.0.0.1:4455" in translated(refused.message)
    auth = translated(obs_problems.auth_failed().hint)
    assert "工具" in auth
    assert "Tools" not in auth
    lacks = translated("#2: the card of “围巾” lacks name, price")
    assert lacks == "#2：“围巾”的商品卡片缺少名称、价格"  # the field names too
    assert translated("OBS has no scene named “开场”") == "OBS 中没有名为“开场”的场景"
    assert translated("a line nobody knows") == "a line nobody knows"
    assert translated(COMPLIANCE_HINT) != COMPLIANCE_HINT


async def test_the_window_shows_a_refusal_in_chinese(
    zh_cn: None, qtbot: Any, show: Show, until: Until
) -> None:
    from app.runtime.bridge import ShowBridge
    from app.runtime.tasks import TaskRunner

    bridge = ShowBridge(show)
    window = MainWindow(bridge, TaskRunner(lambda message: window.show_error(message)))
    qtbot.addWidget(window)
    window.show()
    show.runner.set_standby_scene(None)
    window.cue_panel.standby_button.click()  # no standby scene chosen: the runner refuses
    await until(lambda: window.message_bar.isVisible())
    refusal = "choose a standby scene first (e.g. “马上回来 BRB”)"  # app/services/show_runner.py
    assert window.message_bar.text() == translated(refusal)
    assert "马上回来" in window.message_bar.text()
    assert "choose" not in window.message_bar.text()
    bridge.close()
