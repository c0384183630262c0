"""The default moderation on the live-chat set (tests/data/live_chat_corpus.jsonl, and the part
held out before the rules were changed, live_chat_heldout.jsonl; see test_classify_live_chat):
contact spam in its disguises is blocked, and the food, beauty and coding words that look like
contact details are not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.moderation import Moderation, normal_form

DATA = Path(__file__).parent.parent / "data"
TRAIN, HELD_OUT = DATA / "live_chat_corpus.jsonl", DATA / "live_chat_heldout.jsonl"

# (precision, recall) measured: train 0.960 / 0.960, held out 0.714 / 0.556 (before: train
# 0.450 / 0.360, held out 0.500 / 0.444); the floor is just below
FLOORS = {TRAIN: (0.95, 0.95), HELD_OUT: (0.71, 0.55)}


@pytest.mark.parametrize("path", list(FLOORS), ids=lambda p: p.stem)
def test_blocked_precision_and_recall_on_live_chat(path: Path) -> None:
    moderation = Moderation()
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    tp = fp = fn = 0
    misses: list[str] = []
    for row in rows:
        if "blocked" not in row:
            continue
        got, want = moderation.blocks_text(row["text"]), row["blocked"]
        tp += got and want
        fp += got and not want
        fn += want and not got
        if got != want:
            misses.append(f"{'FP' if got else 'FN'} {row['text']}  ({row['note']})")
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    print(f"[moderation] blocked on {path.name}: precision {precision:.3f} "  # noqa: T201
          f"recall {recall:.3f}")  # fmt: skip
    for miss in misses:
        print(f"[moderation]   {miss}")  # noqa: T201
    assert precision >= FLOORS[path][0], misses
    assert recall >= FLOORS[path][1], misses


SPAM = [
    "V：abc_1234", "微：abc123", "威：lucky888", "微 信 abc12345", "q q 12345678",
    "扣扣：一二三四五六七八", "幺三八零零幺三八零零零", "一三八 零零一三 八零零零", "网址 abc点com",
    "www点abc点com", "shop dot com 买更便宜", "有需要私信我", "想赚钱的滴滴我",
    "msg me on insta @shopdeals", "加 微 信", "加我微", "➕薇 aa888",
]  # fmt: skip
FINE = [
    "可以加微糖吗", "里面有没有添加微量元素", "加威士忌好喝吗", "口感更加Q弹", "瘦脸+V脸能做到吗",
    "1 3 5 7 9 11 13 15", "1 4 9 16 25 36 49", "第 1 3 5 7 9 11 13 15 题不会", "socket.io怎么用",
    "ASP.NET 讲不讲", "how to build a telegram bot", "一二三四五六七八九十", "下午3点cn",
    "v：199元", "薇娅同款多少钱", "主播私我一下", "有需要的可以私信主播", "wechat pay可以吗",
    "dev abc12345",
]  # fmt: skip


@pytest.mark.parametrize("text", SPAM)
def test_contact_spam_in_disguise_is_blocked(text: str) -> None:
    assert Moderation().blocks_text(text), text


@pytest.mark.parametrize("text", FINE)
def test_words_that_look_like_contacts_are_not(text: str) -> None:
    assert not Moderation().blocks_text(text), text


def test_the_normal_form_reads_chinese_numerals_and_keeps_rising_lists() -> None:
    assert normal_form("幺三八 零零一三 八零零零") == "13800138000"
    assert normal_form("扣扣：壹贰叁肆伍陆柒捌") == "扣扣:12345678"
    assert normal_form("一二三") == "一二三"  # a short run is a count, not a number
    assert normal_form("1 3 5 7 9 11 13") == "1 3 5 7 9 11 13"  # a list, not a phone number
    assert normal_form("1 3 8 0 0 1 3 8 0 0 0") == "13800138000"  # not rising: joined
    assert normal_form("138 0013 8000") == "13800138000"  # three groups: joined


def test_long_digit_and_numeral_runs_stay_cheap() -> None:
    """The digit runs are read from their start (no quadratic backtracking in a long run)."""
    moderation = Moderation()
    for text in ("1" * 3000, "1 " * 2000, "幺三八" * 700, "1 3 5 7 9 11 13 15 " * 200):
        assert isinstance(moderation.blocks_text(text), bool)
