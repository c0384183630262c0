"""The classifier on a second labelled set: 574 comments of live-commerce and live-course chat
(dialect, slang, traditional script, full-width forms, emoji, English and mixed), written to find
what the rules missed. Every fourth comment was held out before the rules were changed
(live_chat_heldout.jsonl) and never looked at while writing them; the rest is
live_chat_corpus.jsonl. A label the set's author could not decide is left out of its row.
Comments that the default moderation blocks never reach the queue, so their classifier labels
are not scored (their `blocked` label is, in test_moderation_live_chat.py). Plus the grouping
pairs of the same hunt (live_chat_groups.jsonl): one question asked two ways gets one key."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from app.domain.classify import (
    _BEFORE_MARK,
    _BREAK,
    _LATIN,
    _MIXED,
    _SPACE,
    DEFAULT_RULES,
    _is_question,
    _wants_to_buy,
    classify,
    normalise,
    question_key,
)
from app.domain.pattern_gate import for_search, for_substitution

DATA = Path(__file__).parent.parent / "data"
TRAIN, HELD_OUT = DATA / "live_chat_corpus.jsonl", DATA / "live_chat_heldout.jsonl"
GROUPS = DATA / "live_chat_groups.jsonl"
LABELS = ("question", "purchase", "flood", "buying")
_ATTR = {"question": "is_question", "purchase": "purchase_intent", "flood": "flood",
         "buying": "buying"}  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _rows(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _scores(rows: list[dict[str, object]], label: str) -> tuple[float, float, int, list[str]]:
    """Precision and recall of `label` over the rows that have it and reach the classifier."""
    tp = fp = fn = n = 0
    misses: list[str] = []
    for row in rows:
        if label not in row or row.get("blocked"):
            continue
        n += 1
        got, want = getattr(classify(str(row["text"])), _ATTR[label]), bool(row[label])
        tp += got and want
        fp += got and not want
        fn += want and not got
        if got != want:
            misses.append(f"{'FP' if got else 'FN'} {row['text']}  ({row['note']})")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, n, misses


# --- the corpus ---------------------------------------------------------------------------


def test_the_two_parts_are_bilingual_labelled_and_apart() -> None:
    train, held_out = _rows(TRAIN), _rows(HELD_OUT)
    assert len(train) >= 400
    assert 0.2 <= len(held_out) / (len(train) + len(held_out)) <= 0.3
    for row in train + held_out:
        assert isinstance(row["text"], str)
        assert row["text"]
        assert isinstance(row["note"], str)
        assert all(isinstance(row[k], bool) for k in (*LABELS, "blocked") if k in row)
        assert not (row.get("flood") and row.get("question")), row  # floods are never questions
        assert row.get("question", True) or not row.get("buying"), row  # only questions buy
    texts = [str(row["text"]) for row in train + held_out]
    assert len(set(texts)) == len(texts)
    old = {json.loads(line)["text"] for name in ("comments_corpus.jsonl", "buying_corpus.jsonl")
           for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()}  # fmt: skip
    assert old.isdisjoint(texts)
    chinese = sum(1 for text in texts if _CJK.search(text))
    assert 0.15 * len(texts) <= len(texts) - chinese <= 0.3 * len(texts)
    for label in (*LABELS, "blocked"):
        assert sum(1 for row in held_out if row.get(label)) >= 5, label


# --- scores: the floor is just below what the rules measured (train part, then held out) ----

# (precision, recall) measured: train question 0.968 / 1.000, buying 1.000 / 0.993, purchase
# 1.000 / 1.000, flood 1.000 / 0.943; held out question 0.904 / 0.943, buying 1.000 / 0.723,
# purchase 0.895 / 0.773, flood 1.000 / 0.917 (before: held out question 0.783 / 0.929,
# buying 0.967 / 0.617, purchase 0.824 / 0.636)
FLOORS = {
    (TRAIN, "question"): (0.96, 0.99),
    (TRAIN, "buying"): (0.99, 0.99),
    (TRAIN, "purchase"): (0.99, 0.99),
    (TRAIN, "flood"): (0.99, 0.94),
    (HELD_OUT, "question"): (0.90, 0.94),
    (HELD_OUT, "buying"): (0.99, 0.72),
    (HELD_OUT, "purchase"): (0.89, 0.77),
    (HELD_OUT, "flood"): (0.99, 0.91),
}


@pytest.mark.parametrize(("path", "label"), list(FLOORS), ids=lambda v: getattr(v, "stem", v))
def test_precision_and_recall_on_live_chat(path: Path, label: str) -> None:
    precision, recall, n, misses = _scores(_rows(path), label)
    print(f"[classifier] {label} on {path.name}: precision {precision:.3f} "  # noqa: T201
          f"recall {recall:.3f} on {n} comments")  # fmt: skip
    for miss in misses:
        print(f"[classifier]   {miss}")  # noqa: T201
    floor_p, floor_r = FLOORS[path, label]
    assert precision >= floor_p, misses
    assert recall >= floor_r, misses


# --- the flat, first-character joins give what the joined patterns give ----------------------


def _prepared(text: str) -> str:
    prepared = normalise(text)
    if _SPACE.search(prepared):
        prepared = _BREAK.sub(",", prepared)
        if "?" in prepared or "!" in prepared:
            prepared = _BEFORE_MARK.sub("", prepared)
    return _MIXED.sub(" ", prepared) if _LATIN.search(prepared) else prepared


def test_first_character_joins_decide_as_the_joined_patterns_do() -> None:
    """The rhetorical patterns and purchase exclusions are substituted Chinese apart from
    English, flat by first character (pattern_gate), for speed: on every labelled comment the
    verdicts are those of one joined regex in the written order."""
    rules = DEFAULT_RULES
    fast = rules.compiled
    slow = replace(fast, rhetorical=for_substitution(rules.rhetorical_patterns),
                   exclusions=for_substitution(rules.purchase_exclusions),
                   purchase=for_search(rules.purchase_patterns), rhetorical_gate=None,
                   purchase_gate=None)  # fmt: skip
    texts = [str(row["text"]) for path in (TRAIN, HELD_OUT) for row in _rows(path)]
    for name in ("comments_corpus.jsonl", "buying_corpus.jsonl"):
        lines = (DATA / name).read_text("utf-8").splitlines()
        texts += [json.loads(line)["text"] for line in lines if line.strip()]
    for text in texts:
        prepared = _prepared(text)
        assert _is_question(prepared, fast) == _is_question(prepared, slow), text
        assert _wants_to_buy(prepared, fast) == _wants_to_buy(prepared, slow), text


# --- grouping -----------------------------------------------------------------------------


def _pairs() -> list[dict[str, object]]:
    return _rows(GROUPS)


@pytest.mark.parametrize("pair", _pairs(), ids=lambda p: f"{p['a']}|{p['b']}")
def test_grouping_pairs(pair: dict[str, object]) -> None:
    a, b = question_key(str(pair["a"])), question_key(str(pair["b"]))
    if pair["same_key"]:
        assert a == b, pair
    else:
        assert a != b, pair


def test_grouping_pairs_cover_both_ways() -> None:
    pairs = _pairs()
    assert sum(1 for p in pairs if p["same_key"]) >= 25
    assert sum(1 for p in pairs if not p["same_key"]) >= 10


# --- key cases ----------------------------------------------------------------------------


BUYING = [
    "这个怎么卖", "多钱", "几多钱", "一件多少", "贵不贵", "有没有大码", "有XL吗", "40码有吗",
    "有黑色吗", "啥时候发", "多久能发出来", "能发海南吗", "可以分3期吗", "还有不亲", "肿么买",
    "還有貨嗎親", "price plz", "do you have a bigger size",
]  # fmt: skip
STATEMENTS = [
    "在呢", "在呢在呢", "我在听呢", "还没下单呢", "等发货呢", "谁买谁知道", "可不是嘛", "那可不",
    "完全没有", "我们家没有", "我才不", "哪个颜色都好看", "怎么用都不坏", "我几号都在家",
    "用了几年了 一直回购", "我知道多少钱了", "凭什么这么便宜", "哪吒2好看",
    "have a great night everyone", "i know how much it is",
]  # fmt: skip
STILL_ASKING = [
    "还没发货呢？", "现在呢", "在哪呢", "你在干嘛呢", "为什么我也抢不到", "怎么我也看不到链接",
    "凭什么这么贵？", "你买了几件", "用了几年了？", "苹果用英语怎么说呢", "有什么好吃的推荐",
]  # fmt: skip


@pytest.mark.parametrize("text", BUYING)
def test_buying_questions_without_the_usual_words(text: str) -> None:
    result = classify(text)
    assert result.is_question, text
    assert result.buying, text


@pytest.mark.parametrize("text", STATEMENTS)
def test_statements_are_not_questions(text: str) -> None:
    assert not classify(text).is_question, text


@pytest.mark.parametrize("text", STILL_ASKING)
def test_questions_next_to_those_statements_still_ask(text: str) -> None:
    assert classify(text).is_question, text


def test_purchase_intent_claims_and_their_look_alikes() -> None:
    claims = ("我也要", "要一个", "已抢", "必入", "回购第三次了", "交了定金", "mine!", "copped 2")
    for text in claims:
        assert classify(text).purchase_intent, text
    not_claims = ("我要哭了太好看了", "冲奶粉要多少度的水", "群链接在哪", "zoom链接在哪",
                  "还没下单呢", "需要一个吗", "举报了", "can't wait for mine")  # fmt: skip
    for text in not_claims:
        assert not classify(text).purchase_intent, text
    assert not classify("zoom链接在哪").buying


def test_question_key_drops_a_vocative_and_a_final_bu() -> None:
    same = ("多少钱主播", "多少钱啊主播", "多少钱亲", "多少钱嘞", "请问一下多少钱", "想知道多少钱")
    assert {question_key(text) for text in same} == {"多少钱"}
    assert question_key("包邮不") == question_key("包邮吗") == "包邮"
    assert question_key("how much pls") == "howmuch"
    assert question_key("适合宝宝吗") != question_key("适合吗")  # 宝宝 after 适合 is the baby
    assert question_key("主播") == "主播"  # never empty
    assert isinstance(question_key("主播" * 1000), str)
