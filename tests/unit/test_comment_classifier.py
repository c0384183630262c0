"""The console's classifier remembers the verdicts of the latest texts (a live chat repeats 扣1
and 多少钱？ by the thousand) and gives exactly what `classify` gives, repeats included: a text
said again within the window is flood unless it is a question."""

from __future__ import annotations

import json
from pathlib import Path

from app.domain.classify import (
    AudienceRules,
    CommentClassifier,
    RecentTexts,
    classify,
    question_key,
)

CORPUS = Path(__file__).parents[1] / "data" / "buying_corpus.jsonl"


def _texts() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def test_same_verdicts_and_keys_as_classify_repeats_included() -> None:
    texts = _texts()
    assert len(texts) > 100
    stream = texts + texts[:50] + ["666", "666", "扣1", "多少钱？", "多少钱？"]
    rules = AudienceRules()
    cached = CommentClassifier(rules, RecentTexts(window_s=20.0))
    plain_recent = RecentTexts(window_s=20.0)
    for i, text in enumerate(stream):
        now = 1000.0 + i * 0.01
        assert cached.classify(text, now) == classify(text, rules, plain_recent, now), text
        assert cached.key(text) == question_key(text)


def test_a_repeat_is_flood_but_a_repeated_question_is_not() -> None:
    cached = CommentClassifier(AudienceRules(), RecentTexts(window_s=20.0))
    assert not cached.classify("老师讲得好清楚", 0.0).flood
    assert cached.classify("老师讲得好清楚", 1.0).flood  # said again within the window
    assert not cached.classify("老师讲得好清楚", 100.0).flood  # long after
    assert cached.classify("多少钱？", 0.0).is_question
    again = cached.classify("多少钱？", 1.0)
    assert again.is_question
    assert not again.flood
    assert again.buying


def test_the_memory_is_bounded() -> None:
    cached = CommentClassifier()
    for i in range(CommentClassifier.VERDICTS_KEPT + 500):
        cached.classify(f"第{i}条", None)
    info = cached._verdict.cache_info()  # type: ignore[attr-defined]
    assert info.currsize == CommentClassifier.VERDICTS_KEPT
    assert info.misses == CommentClassifier.VERDICTS_KEPT + 500
