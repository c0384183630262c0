"""Canned answers to the questions every show hears (price, replay, sign-up, refunds, …) and
the best one for a viewer's question: keyword hits plus character-bigram overlap, so Chinese
needs no word segmentation."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from app.domain.classify import normalise

MIN_SCORE = 0.35  # below this, no canned answer fits
_KEYWORD_WEIGHT = 0.6  # one keyword hit alone clears MIN_SCORE; bigrams alone need 0.9 overlap
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
_ASCII_WORD = re.compile(r"[a-z0-9][a-z0-9']*")
_STOPWORDS = frozenset((
    "a", "an", "the", "is", "are", "was", "be", "do", "does", "did", "to", "of", "for", "in", "on",
    "at", "it", "i", "you", "we", "u", "my", "your", "this", "that", "there", "and", "or", "can",
    "could", "will", "would", "should", "any", "have", "has", "get", "how", "what", "when",
    "where", "which", "who", "why", "please", "pls", "hi", "hello", "teacher", "so"))  # fmt: skip


@dataclass(frozen=True)
class FaqEntry:
    topic: str
    keywords: tuple[str, ...]
    answer: str


DEFAULT_FAQ: tuple[FaqEntry, ...] = (
    FaqEntry("价格", ("多少钱", "价格", "价钱", "怎么卖", "售价", "几块钱", "贵不贵", "price",
                      "how much", "cost"),
             "直播间专享价以小黄车（购物车）链接为准，下单前请看清规格和件数。"),
    FaqEntry("回放", ("回放", "录播", "重播", "错过", "补看", "能看多久", "replay", "recording",
                      "rewatch", "missed"),
             "有回放：课后 24 小时内上传到学习群，购买后一年内可反复观看。"),
    FaqEntry("报名", ("报名", "怎么买", "在哪买", "购买", "怎么下单", "在哪下单", "sign up",
                      "enroll", "register", "how to buy", "where to buy"),
             "点屏幕下方小黄车里的课程链接下单即报名成功，付款后按页面提示添加助教。"),
    FaqEntry("退款", ("退款", "退货", "退钱", "能退", "可以退", "退课", "七天无理由", "不满意",
                      "refund", "money back"),
             "开课 7 天内未学习超过 3 节可全额退款，联系助教或在订单页申请。"),
    FaqEntry("发货", ("发货", "快递", "物流", "几天到", "几天能到", "多久到", "包邮", "运费",
                      "寄到", "ship", "shipping", "delivery", "deliver", "arrive"),
             "付款后 48 小时内发货，默认中通快递，偏远地区以页面运费说明为准。"),
    FaqEntry("优惠", ("优惠", "优惠券", "领券", "折扣", "打折", "便宜", "满减", "福利", "赠品",
                      "discount", "coupon", "promo", "cheaper"),
             "优惠券在小黄车链接里直接领取，今晚直播间下单另送赠品，结束后恢复原价。"),
    FaqEntry("零基础", ("零基础", "新手", "小白", "入门", "没基础", "基础差", "学得会", "跟得上",
                        "beginner", "beginners", "newbie", "no experience"),
             "适合零基础：课程从安装和基本概念讲起，每节课配练习，助教群里随时答疑。"),
    FaqEntry("上课时间", ("上课时间", "几点上课", "几点开始", "几点开播", "开课", "什么时候上课",
                          "课表", "时间安排", "周几", "schedule", "what time", "class time",
                          "start time"),
             "每周二、四晚 8 点直播上课，每节约 90 分钟，课表在学习群公告里。"),
    FaqEntry("证书", ("证书", "结业", "认证", "certificate", "certification", "diploma"),
             "完成全部作业并通过结课测试后发放电子结业证书。"),
    FaqEntry("售后", ("售后", "坏了", "保修", "质量问题", "换货", "客服", "维修", "不能用",
                      "warranty", "broken", "defective", "repair", "customer service"),
             "收到商品有问题请拍照联系客服，质量问题包换，一年内免费保修。"),
)  # fmt: skip


def _units(normalised: str) -> tuple[list[str], list[str]]:
    """The Chinese runs and the English words (not stop words) of a text."""
    words = [w for w in _ASCII_WORD.findall(normalised) if w not in _STOPWORDS]
    return _CJK_RUN.findall(normalised), words


def _vocabulary(normalised: str) -> set[str]:
    """Character bigrams of each Chinese run (a lone character stands as itself), and words."""
    runs, words = _units(normalised)
    found = set(words)
    for run in runs:
        found.update(run[i : i + 2] for i in range(max(1, len(run) - 1)))
    return found


def _coverage(normalised: str, vocabulary: frozenset[str]) -> float:
    """Share of the question's characters and words that fall in a bigram (or word) of the
    entry's vocabulary: overlap without word segmentation."""
    runs, words = _units(normalised)
    total = sum(map(len, runs)) + len(words)
    covered = sum(1 for w in words if w in vocabulary)
    for run in runs:
        marks = [len(run) == 1 and run in vocabulary] * len(run)
        for i in range(len(run) - 1):
            if run[i : i + 2] in vocabulary:
                marks[i] = marks[i + 1] = True
        covered += sum(marks)
    return covered / total if total else 0.0


@lru_cache(maxsize=256)
def _index(entry: FaqEntry) -> tuple[tuple[re.Pattern[str], ...], frozenset[str]]:
    """The entry's keywords as patterns (English ones whole-word) and its vocabulary."""
    patterns = []
    vocabulary = _vocabulary(normalise(entry.topic))
    for keyword in entry.keywords:
        norm = " ".join(normalise(keyword).split())
        if not norm:
            continue
        escaped = re.escape(norm)
        if norm[0].isascii() and norm[-1].isascii():
            escaped = rf"(?<![a-z0-9]){escaped}(?![a-z0-9])"
        patterns.append(re.compile(escaped))
        vocabulary |= _vocabulary(norm)
    return tuple(patterns), frozenset(vocabulary)


def score(question_text: str, entry: FaqEntry) -> float:
    """0..1: how well `entry` answers the question: keyword hits (one 0.85, more 1.0), then
    how much of the question the entry's character bigrams cover."""
    text = " ".join(normalise(question_text).split())
    patterns, vocabulary = _index(entry)
    hits = sum(1 for pattern in patterns if pattern.search(text))
    keyword = 0.0 if not hits else (1.0 if hits > 1 else 0.85)
    overlap = _coverage(text, vocabulary)
    return round(_KEYWORD_WEIGHT * keyword + (1 - _KEYWORD_WEIGHT) * overlap, 4)


def best_answer(question_text: str, faq: Sequence[FaqEntry] = DEFAULT_FAQ,
                threshold: float = MIN_SCORE) -> tuple[FaqEntry, float] | None:  # fmt: skip
    """The entry that fits the question best, with its score; None when none reaches
    `threshold`. Ties go to the entry listed first."""
    best: tuple[FaqEntry, float] | None = None
    for entry in faq:
        value = score(question_text, entry)
        if value >= threshold and (best is None or value > best[1]):
            best = (entry, value)
    return best
