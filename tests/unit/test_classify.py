"""The audience classifier: measured on the labelled corpus (with a held-out part written before
the rules were final), plus each rule, each trap, floods, grouping keys and repeats."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.audience import Classification
from app.domain.classify import (
    DEFAULT_RULES,
    MAX_CHARS,
    AudienceRules,
    RecentTexts,
    classify,
    normalise,
    question_key,
)

CORPUS = Path(__file__).parent.parent / "data" / "comments_corpus.jsonl"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ATTR = {"question": "is_question", "purchase": "purchase_intent", "flood": "flood"}


def _corpus() -> list[dict[str, object]]:
    with CORPUS.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _scores(rows: list[dict[str, object]], label: str) -> tuple[float, float, float, list[str]]:
    """Precision, recall, F1 of one label over `rows`, and the misses (for the failure text)."""
    tp = fp = fn = 0
    misses: list[str] = []
    for row in rows:
        got = getattr(classify(str(row["text"])), _ATTR[label])
        want = bool(row[label])
        tp += got and want
        fp += got and not want
        fn += want and not got
        if got != want:
            misses.append(f"{'FP' if got else 'FN'} {row['text']}")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, misses


FIGURES: list[str] = []


def _report(rows: list[dict[str, object]], label: str, name: str, part: str = "") -> float:
    p, r, f1, misses = _scores(rows, label)
    line = (f"[classifier] {name}{part}: precision {p:.3f} recall {r:.3f} F1 {f1:.3f} "
            f"on {len(rows)} comments")  # fmt: skip
    print(line)
    FIGURES.append(line)  # shown in the run's summary too (tests/unit/conftest.py)
    for miss in misses:
        print(f"[classifier]   {miss}")
    return f1


# --- the corpus ---------------------------------------------------------------------------


def test_corpus_is_big_bilingual_and_full_of_traps() -> None:
    rows = _corpus()
    assert len(rows) >= 150
    for row in rows:
        assert isinstance(row["text"], str)
        assert row["text"]
        assert all(isinstance(row[k], bool) for k in ("question", "purchase", "flood"))
        assert isinstance(row["note"], str)
        assert not (row["flood"] and row["question"]), row  # floods are never questions
    chinese = sum(1 for row in rows if _CJK.search(str(row["text"])))
    english = len(rows) - chinese
    assert chinese >= 0.5 * len(rows)
    assert english >= 0.3 * len(rows)
    assert sum(1 for row in rows if str(row["note"]).startswith("trap")) >= 20
    assert 25 <= sum(1 for row in rows if row.get("heldout")) <= 40
    assert len({row["text"] for row in rows}) == len(rows)


def test_questions_f1_on_the_corpus() -> None:
    assert _report(_corpus(), "question", "questions") >= 0.95


def test_purchase_intent_f1_on_the_corpus() -> None:
    assert _report(_corpus(), "purchase", "purchase intent") >= 0.90


def test_flood_f1_on_the_corpus() -> None:
    assert _report(_corpus(), "flood", "flood") >= 0.90


def test_held_out_f1() -> None:
    heldout = [row for row in _corpus() if row.get("heldout")]
    assert _report(heldout, "question", "questions", " (held out)") >= 0.9
    assert _report(heldout, "purchase", "purchase intent", " (held out)") >= 0.9


# --- each rule ----------------------------------------------------------------------------

QUESTIONS = [
    "这个能用吗", "這個能用嗎", "链接呢", "我的赠品呢？", "多少钱", "怎么用", "怎麼用", "咋用",
    "几点开始", "一共几节", "几天到", "幾點開始", "哪里买的", "哪個好", "能不能便宜", "有没有赠品",
    "有沒有贈品", "是不是正品", "好不好用", "可不可以退", "会不会掉色", "要不要预约", "对不对",
    "喜不喜欢", "送什么", "甚麼時候", "为什么不能用", "為什麼不能用", "请问发货了", "請問發貨了",
    "求问作业", "谁有笔记", "多久能到", "是录播还是直播", "能开发票么", "发货了没", "可以机洗不",
    "how do I join", "what is included", "when is the replay", "where is the link",
    "why is it cheaper", "who is the teacher", "which one is better", "can I pay later",
    "do you ship abroad", "is it live", "are there seats left", "does it work on mac",
    "will it be recorded", "should I start with level 1", "any discount", "anyone tried it",
    "price?", "价格？", "the replay?", "老师 how much", "iPhone能用吗", "r u live tomorrow",
    "ok so when does it start", "i wonder if it ships to spain", "idk where to sign up",
]  # fmt: skip
TRAPS = [
    "什么都不说了，买！", "多少都值", "怎么这么好看！", "哪里都能用太方便了", "谁不想要啊",
    "还有谁！", "这也太好了吧", "好不好看都买", "这也太好了吧？", "什么神仙价格！", "難道不香嗎",
    "谁懂啊", "爱买不买", "有没有搞错！", "哪有这么便宜的", "怎麼這麼便宜！", "没什么问题",
    "how cool is that!", "what a deal!", "who cares", "why not!", "why not?", "what a time!",
    "how cute", "can you believe it", "who doesn't love it?", "so cheap?!", "what?!",
    "when I saw it I bought it", "what I love is the notes", "guess what", "isn't it amazing",
]  # fmt: skip
PURCHASES = [
    "想要", "要了", "已拍", "拍了", "已下单", "下单了", "已下單", "扣1", "扣 1", "扣一", "上车",
    "怎么买", "在哪买", "链接", "求链接", "買了", "冲", "抢到了", "已付款", "我要报名",
    "bought it", "just ordered", "I want one", "take my money", "where to buy", "link?",
    "how to buy", "sign me up", "added to cart",
]  # fmt: skip
NOT_PURCHASES = ["不买了", "我不想要", "想要问一下", "太重要了", "要了解一下", "退款了",
                 "not buying", "I don't want it", "I want to know the price", "冲动了"]  # fmt: skip
FLOODS = [
    "111", "6666", "2333", "１１１", "哈哈哈哈哈", "aaaaa", "hhhhhh", "hahaha", "😂😂😂", "🔥",
    "[捂脸][捂脸]", "？？？", "!!!", "...", "1", "6", "ok", "OK", "好", "嗯嗯", "收到收到",
    "lol", "+1", "   ", "",
]  # fmt: skip
NOT_FLOODS = ["好看", "666 主播厉害", "拿下拿下", "卡了卡了", "ok了解了", "99?", "在吗",
              "hi everyone"]  # fmt: skip


@pytest.mark.parametrize("text", QUESTIONS)
def test_questions_with_and_without_question_marks(text: str) -> None:
    assert classify(text).is_question, text


@pytest.mark.parametrize("text", TRAPS)
def test_rhetorical_and_exclamatory_traps_are_not_questions(text: str) -> None:
    assert not classify(text).is_question, text


@pytest.mark.parametrize("text", PURCHASES)
def test_purchase_intent(text: str) -> None:
    assert classify(text).purchase_intent, text


@pytest.mark.parametrize("text", NOT_PURCHASES)
def test_not_purchase_intent(text: str) -> None:
    assert not classify(text).purchase_intent, text


def test_how_to_buy_is_both_a_question_and_purchase_intent() -> None:
    # and a buying question (tests/unit/test_buying.py)
    assert classify("怎么买") == Classification(is_question=True, purchase_intent=True, buying=True)
    assert classify("怎麼買？") == Classification(
        is_question=True, purchase_intent=True, buying=True
    )


@pytest.mark.parametrize("text", FLOODS)
def test_floods_are_never_questions(text: str) -> None:
    result = classify(text)
    assert result.flood, text
    assert not result.is_question, text


@pytest.mark.parametrize("text", NOT_FLOODS)
def test_not_floods(text: str) -> None:
    assert not classify(text).flood, text


# --- grouping keys ------------------------------------------------------------------------


def test_question_key_groups_one_question_asked_many_ways() -> None:
    same = ["多少钱？", "多少钱啊", "请问多少钱", "多少錢", "多少钱呀😂", "老师，多少钱？？",
            "  多少 钱 ", "請問多少錢呢"]  # fmt: skip
    assert {question_key(text) for text in same} == {"多少钱"}
    assert question_key("How much?") == question_key("hi teacher, how much") == "howmuch"


def test_question_key_keeps_different_questions_apart() -> None:
    texts = ["多少钱", "有回放吗", "几点开始", "怎么报名", "how much", "is there a replay", "怎么"]
    assert len({question_key(text) for text in texts}) == len(texts)
    assert question_key("怎么") == "怎么"  # 么 of 怎么 is no particle
    assert question_key("history of art?") == "historyofart"  # "hi" only as a word
    assert question_key("请问") == "请问"  # never empty for a real text


# --- repeats ------------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_repeated_text_is_flood_within_the_window() -> None:
    clock = Clock()
    recent = RecentTexts(window_s=10.0, clock=clock)
    assert not classify("主播好美", recent=recent).flood
    clock.now += 3
    assert classify("主播好美！", recent=recent).flood  # same text, other punctuation
    clock.now += 3
    assert classify("主播 好美", recent=recent).flood  # still repeating: the window slides
    clock.now += 30
    assert not classify("主播好美", recent=recent).flood  # long after: a new comment


def test_repeated_question_stays_a_question_for_the_queue() -> None:
    recent = RecentTexts(window_s=10.0)
    first = classify("多少钱", recent=recent, now=5.0)
    again = classify("多少钱？", recent=recent, now=6.0)
    assert first.is_question
    assert again.is_question
    assert not again.flood


def test_recent_texts_is_a_bounded_lru() -> None:
    recent = RecentTexts(window_s=60.0, capacity=3)
    for i, key in enumerate(["a", "b", "c"]):
        assert not recent.seen(key, now=float(i))
    assert recent.seen("a", now=4.0)  # refreshes "a"; "b" is now the oldest
    assert not recent.seen("d", now=5.0)  # evicts "b"
    assert not recent.seen("b", now=6.0)
    assert recent.seen("a", now=7.0)


# --- settings -----------------------------------------------------------------------------


def test_rules_round_trip_through_json_and_can_be_extended() -> None:
    data = json.loads(json.dumps(DEFAULT_RULES.to_dict()))
    rules, notes = AudienceRules.from_dict(data)
    assert notes == []
    assert rules == DEFAULT_RULES
    data["question_patterns"].append("求解")
    data["acknowledgements"].append("签到")
    custom, notes = AudienceRules.from_dict(data)
    assert notes == []
    assert classify("这道题求解", custom).is_question
    assert not classify("这道题求解").is_question
    assert classify("签到", custom).flood
    assert not classify("签到").flood


def test_bad_rules_fall_back_to_the_defaults_with_a_note() -> None:
    stored = {"question_patterns": ["(unclosed"], "purchase_patterns": "想要",
              "rhetorical_patterns": [1]}  # fmt: skip
    rules, notes = AudienceRules.from_dict(stored)
    assert rules == DEFAULT_RULES
    assert [note.split(":")[0] for note in notes] == [
        "question_patterns", "rhetorical_patterns", "purchase_patterns"]  # fmt: skip
    with pytest.raises(ValueError, match="bad pattern"):
        AudienceRules(question_patterns=("(unclosed",))


# --- robustness ---------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_classify_never_raises(text: str) -> None:
    result = classify(text, recent=RecentTexts(), now=0.0)
    assert isinstance(result, Classification)
    assert not (result.flood and result.is_question)
    assert isinstance(question_key(text), str)
    assert isinstance(normalise(text), str)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=200))
def test_control_characters(text: str) -> None:
    classify(text)
    question_key(text)


LONG_TEXTS = ("多少钱" * 3500, "a" * 10_240, "how much is it? " * 700, "\x00\x1b[31m" * 2000,
              "[捂脸" * 3000, "太好了" * 3500, "好不好" * 3500)  # fmt: skip


def test_ten_kilobytes_of_text_are_read_as_their_first_two_thousand_characters() -> None:
    """The work a comment costs is bounded by MAX_CHARS, whatever its length (the time these
    take is in the classifier bench)."""
    for text in LONG_TEXTS:
        assert classify(text) == classify(text[:MAX_CHARS])
        assert question_key(text) == question_key(text[:MAX_CHARS])
