"""Canned answers: the right topic for the many ways viewers ask, nothing for small talk."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.faq import DEFAULT_FAQ, MIN_SCORE, FaqEntry, best_answer, score

PHRASINGS = [
    ("多少钱", "价格"), ("价格多少", "价格"), ("怎么卖", "价格"), ("這個多少錢", "价格"),
    ("how much is it", "价格"),
    ("有回放吗", "回放"), ("能看回放吗", "回放"), ("错过了还能看吗", "回放"), ("有回放嗎", "回放"),
    ("is there a replay", "回放"),
    ("怎么报名", "报名"), ("在哪报名", "报名"), ("how do I sign up", "报名"),
    ("能退吗", "退款"), ("我想退课", "退款"), ("不满意可以退款吗", "退款"),
    ("can I get a refund", "退款"),
    ("什么时候发货", "发货"), ("几天能到", "发货"), ("包邮吗", "发货"),
    ("do you ship to Canada", "发货"),
    ("有优惠券吗", "优惠"), ("能便宜点吗", "优惠"), ("any discount", "优惠"),
    ("零基础能学吗", "零基础"), ("新手可以吗", "零基础"), ("我是小白跟得上吗", "零基础"),
    ("is it ok for beginners", "零基础"),
    ("几点上课", "上课时间"), ("几点开始", "上课时间"), ("什么时候开课", "上课时间"),
    ("what time is class", "上课时间"),
    ("有证书吗", "证书"), ("学完有结业证书吗", "证书"), ("do we get a certificate", "证书"),
    ("坏了怎么办", "售后"), ("保修多久", "售后"), ("warranty?", "售后"),
]  # fmt: skip
UNRELATED = ["今天天气真好", "主播好漂亮", "lol", "你们在哪个城市", "what's your name",
             "老师这个函数怎么写", "这首歌叫什么", "主播几点下播", "how old are you", "",
             "😂😂", "哈哈哈哈"]  # fmt: skip


@pytest.mark.parametrize(("question", "topic"), PHRASINGS)
def test_best_answer_finds_the_topic(question: str, topic: str) -> None:
    found = best_answer(question, DEFAULT_FAQ)
    assert found is not None, question
    entry, value = found
    assert entry.topic == topic, (question, entry.topic, value)
    assert MIN_SCORE <= value <= 1.0


@pytest.mark.parametrize("text", UNRELATED)
def test_unrelated_text_gets_no_answer(text: str) -> None:
    assert best_answer(text, DEFAULT_FAQ) is None


def test_default_faq_covers_the_common_topics() -> None:
    topics = {entry.topic for entry in DEFAULT_FAQ}
    expected = {"价格", "回放", "报名", "退款", "发货", "优惠", "零基础", "上课时间", "证书",
                "售后"}  # fmt: skip
    assert topics >= expected
    assert all(entry.answer and entry.keywords for entry in DEFAULT_FAQ)


def test_bigram_overlap_works_without_a_keyword_hit() -> None:
    entry = FaqEntry("发票", ("电子发票", "增值税专用发票"), "下单时填写抬头，发货后开具电子发票。")
    # no keyword is in the question, but the keywords' character bigrams cover it
    assert score("专用发票", entry) >= MIN_SCORE
    assert best_answer("专用发票？", [entry]) is not None
    assert best_answer("能开专用发票吗", [entry]) is None  # half covered: not enough alone
    assert best_answer("增值税专用发票能开吗", [entry]) is not None  # a keyword hit
    assert best_answer("今天几点下播", [entry]) is None


def test_more_keyword_hits_score_higher_and_the_threshold_is_honoured() -> None:
    price = DEFAULT_FAQ[0]
    assert score("价格多少钱", price) > score("价格", price) > score("今天天气", price)
    assert best_answer("多少钱", DEFAULT_FAQ, threshold=1.01) is None
    assert best_answer("多少钱", []) is None


def test_english_keywords_match_whole_words_only() -> None:
    assert best_answer("membership", DEFAULT_FAQ) is None  # "ship" inside a word
    found = best_answer("when will you ship", DEFAULT_FAQ)
    assert found is not None
    assert found[0].topic == "发货"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_best_answer_never_raises(text: str) -> None:
    found = best_answer(text, DEFAULT_FAQ)
    assert found is None or 0.0 <= found[1] <= 1.0
