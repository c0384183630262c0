"""The Qt-free layers' messages reach the window in Chinese: every message the OBS problems, the
pre-flight checklist, the run-sheet checks and the services' refusals make carries a code of the
domain's catalog (app/domain/messages.py), the window has a translatable text for each code
(app/ui/message_texts.py), and it is shown translated with its values kept. The English stays the
sentence the API and the logs have always said."""

from __future__ import annotations

import inspect
import string
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.adapters.obs import problems as obs_problems
from app.domain import rules
from app.domain.catalog import Catalog, Coupon, Product
from app.domain.compliance import COMPLIANCE_HINT
from app.domain.durations import DurationError, parse_duration
from app.domain.messages import CATALOG, LISTS, PLAIN, Message
from app.domain.preflight import preflight
from app.domain.runsheet import Problem, RunSheet, Segment, parse_rows, validate
from app.runtime.tasks import TaskRunner
from app.services.errors import LiveDeskError, ObsRequestFailed, WrongState
from app.services.show import Show
from app.ui.i18n import install_translations, remove_translations
from app.ui.message_bar import MessageBar
from app.ui.message_texts import SEPARATORS, TEXTS, text_for
from tests.support.i18n import ZH_TS, build_qm
from tests.ui.conftest import Until


@pytest.fixture
def zh_cn(tmp_path: Path) -> Iterator[None]:
    install_translations("zh_CN", directory=build_qm(ZH_TS, tmp_path).parent)
    yield
    remove_translations()


def _placeholders(template: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name}


# ----- the two lists agree -----------------------------------------------------------------------
def test_every_code_has_a_window_text_and_every_text_a_code() -> None:
    assert set(TEXTS) == set(CATALOG)
    assert set(SEPARATORS) == set(LISTS)
    assert PLAIN not in CATALOG


@pytest.mark.parametrize("code", sorted(CATALOG))
def test_a_code_s_english_and_window_text_have_the_same_placeholders(code: str) -> None:
    assert _placeholders(TEXTS[code]) == _placeholders(CATALOG[code])


def test_the_english_is_today_s_sentence() -> None:
    assert str(Message("obs.no_scene_named", scene="开场")) == "OBS has no scene named “开场”"
    assert str(obs_problems.no_answer("192.168.1.20", 4455, 3.0).message) == (
        "No answer from 192.168.1.20:4455 within 3 s"
    )
    assert obs_problems.auth_failed().hint == (
        "Copy the server password from OBS → Tools → WebSocket Server Settings (工具 → WebSocket "
        "服务器设置) → Show Connect Info, and paste it into LiveDesk's OBS settings."
    )
    assert rules.coupon_seconds_problem(0) == (
        "a countdown runs between 1 second and 24 hours (300, 5:00 or 5m), not 0"
    )
    assert rules.price_problem("abc", "original_price") == (
        "the original price must be a number such as 199 or 39.90, not 'abc'"
    )
    assert str(ObsRequestFailed("StartStream", 600, "No source")) == (
        "OBS refused StartStream (600: No source)"
    )
    assert str(ObsRequestFailed("StartStream", None, None)) == "OBS refused StartStream"
    sheet = RunSheet((Segment("锅", 60, product="B2"),), Catalog((Product("B2", "", None),)))
    lacks = [c.title for c in preflight(sheet, sheet.catalog, obs_connected=False, scenes=[],
                                        standby_scene="x") if "lacks" in c.title]  # fmt: skip
    assert lacks == ["#1: the card of “B2” lacks name, price"]
    with pytest.raises(DurationError) as raised:
        parse_duration("5 parsecs")
    assert str(raised.value) == (
        "unknown unit “parsecs” in '5 parsecs'; expected a duration such as 5, 5m, 90s, 5:00, "
        "1:05:00, 5分钟 or 90秒"
    )
    assert str(WrongState("a plain sentence")) == "a plain sentence"


def test_a_message_is_its_english_for_json_and_logs() -> None:
    import json
    import pickle

    message = Message("session.running", title="春季上新")
    assert json.dumps({"error": message}, ensure_ascii=False) == (
        '{"error": "the show “春季上新” is running; end it first"}'
    )
    assert type(str(message)) is str
    again = pickle.loads(pickle.dumps(message))
    assert (again.code, dict(again.params)) == ("session.running", {"title": "春季上新"})
    with pytest.raises(AttributeError):
        message.code = "x"  # type: ignore[misc]


# ----- every layer's messages carry a code the window knows --------------------------------------
def _uncoded(texts: list[str]) -> list[str]:
    return [t for t in texts if t and not (isinstance(t, Message) and t.code in TEXTS)]


def _obs_problem_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    made = [obs_problems.auth_failed(), obs_problems.too_old("Hello without rpcVersion", 4444),
            obs_problems.too_old("rpcVersion 0", 4455),
            obs_problems.no_answer("192.168.1.20", 4455, 3.0),
            obs_problems.unknown_host("obs-pc.local"),
            obs_problems.protocol("no Hello"), obs_problems.not_obs("127.0.0.1", 8080),
            obs_problems.bad_address("http://127.0.0.1:4455")]  # fmt: skip
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
    bad = validate(RunSheet((Segment("x", 60, scene="没有"),)), scenes=[])
    bad = [Problem("error", "3", bad[0].message, "scene", 0)]
    checks += preflight(sheet, sheet.catalog, obs_connected=False, scenes=[],
                        standby_scene=None, sheet_problems=bad)  # fmt: skip
    codes = {check.title.code for check in checks if isinstance(check.title, Message)}
    assert len(checks) > 20
    assert len(codes) > 15
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
        messages.append(raised.value.message)
    assert len(messages) > 12
    return messages


def test_obs_problems_carry_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _obs_problem_texts(monkeypatch)
    assert len(texts) == 22
    assert _uncoded(texts) == []


def test_preflight_lines_carry_codes() -> None:
    assert _uncoded(_preflight_texts()) == []


def test_run_sheet_problems_carry_codes() -> None:
    assert _uncoded(_runsheet_texts()) == []


async def _call(attempt: Callable[[], Any]) -> None:
    """Call `attempt`, and await what it returns when that is awaitable."""
    result = attempt()
    if inspect.isawaitable(result):
        await result


async def test_refusals_from_the_window_s_buttons_carry_codes(show: Show) -> None:
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
        lambda: audience.act(1, "fly", "阿明"), lambda: audience.act(1, "claim", " "),
    ]  # fmt: skip
    refused: list[str] = []
    for attempt in attempts:
        with pytest.raises(LiveDeskError) as raised:
            await _call(attempt)
        refused.append(raised.value.message)
    refused += [ObsRequestFailed("SetCurrentProgramScene", 600, "No source found").message,
                ObsRequestFailed("StartStream", None, None).message]  # fmt: skip
    assert _uncoded(refused) == []


# ----- in Chinese -------------------------------------------------------------------------------
def test_messages_are_shown_in_chinese_with_their_values(
    zh_cn: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for text in [*_obs_problem_texts(monkeypatch), *_preflight_texts(), *_runsheet_texts()]:
        if text:
            assert text_for(text) != text, text
    refused = obs_problems.refused("127.0.0.1", 4455)
    assert "127.0.0.1:4455" in text_for(refused.message)
    auth = text_for(obs_problems.auth_failed().hint)
    assert "工具" in auth
    assert "Tools" not in auth
    gaps = Message.listing([Message("field.name"), Message("field.price")])
    lacks = text_for(Message("preflight.product_gaps", n=2, name="围巾", gaps=gaps))
    assert lacks == "#2：“围巾”的商品卡片缺少名称、价格"  # the field names too
    assert text_for(Message("obs.no_scene_named", scene="开场")) == "OBS 中没有名为“开场”的场景"
    assert text_for("a line nobody knows") == "a line nobody knows"
    assert text_for(Message.plain("a line nobody knows")) == "a line nobody knows"
    assert text_for(Message("no.such.code", text="x")) == "x"  # unknown code: its English
    assert text_for(COMPLIANCE_HINT) != COMPLIANCE_HINT


async def test_services_refusals_reach_the_message_bar_in_chinese(
    zh_cn: None, qtbot: Any, show: Show, until: Until
) -> None:
    """A refusal goes the window's way (TaskRunner -> message bar) and is shown in Chinese."""
    bar = MessageBar()
    qtbot.addWidget(bar)
    runner = TaskRunner(bar.show_error)
    assert show.audience is not None
    audience = show.audience
    await show.runner.save_catalog(Catalog(coupons=(Coupon("Q1", "满100减20"),)))
    audience.add_manual("阿明", "这个锅多少钱？")
    question_id = audience.queue.listing()[0].id
    audience.act(question_id, "dismiss", "小李")

    async def coupon_of_no_seconds() -> None:
        show.overlays.start_coupon("Q1", 0)

    async def unknown_scene() -> None:
        await show.obs.switch_scene("没有这个场景")

    async def bad_question_action() -> None:
        audience.act(question_id, "fly", "小李")

    async def answer_a_dismissed_question() -> None:
        audience.act(question_id, "answer", "小李", "99 元")

    expected = {  # what the bar says, and a word of the English it must not say
        coupon_of_no_seconds: ("倒计时", "countdown"),
        unknown_scene: ("OBS 中没有名为“没有这个场景”的场景", "named"),
        bad_question_action: ("“action”必须是", "must"),
        answer_a_dismissed_question: ("问题“这个锅多少钱？”已忽略", "already"),
    }
    for attempt, (chinese, english) in expected.items():
        bar.dismiss()
        runner.run(attempt(), attempt.__name__)
        await until(lambda: bar.isVisible())
        assert chinese in bar.text(), (attempt.__name__, bar.text())
        assert english not in bar.text()


def test_the_settings_file_s_and_the_chat_sources_notes_carry_codes(tmp_path: Path) -> None:
    """What the window says at start about a hand-edited settings file and its chat sources."""
    from app.adapters.chat.factory import build_sources
    from app.adapters.store.settings_file import FILE_NAME, load_settings

    (tmp_path / FILE_NAME).write_text('{"theme": "pink", "chat_sources": [],}', "utf-8")
    texts = list(load_settings(tmp_path)[1])
    (tmp_path / FILE_NAME).write_text('{"theme": "pink", "lan_access": 1}', "utf-8")
    texts += load_settings(tmp_path)[1]
    sources = [{"kind": "bilibili", "room": "abc"}, {"kind": "twitch"}, {"kind": "youtube"},
               {"kind": "replay", "speed": 0, "path": "x"}, {"kind": "?"}, "x"]  # fmt: skip
    texts += build_sources(sources, lambda _n: lambda _b: None, lambda _s: None,  # type: ignore[arg-type]
                           lambda _s, _k: "key")[1]  # fmt: skip
    assert len(texts) == 9
    nested = [v for t in texts if isinstance(t, Message) for v in t.params.values()]
    assert _uncoded(texts) == []
    assert _uncoded([v for v in nested if isinstance(v, Message)]) == []
