"""What the second wave adds per item, beside a floor measured in the same run: the moderation
check beside classifying the same comments, and the gift-alert queue under a flood of gifts beside
appending the same items to a bounded deque. Timings live here, never as asserts in the tests."""

from __future__ import annotations

import collections
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from app.domain.audience import Comment, Kind
from app.domain.classify import classify
from app.domain.moderation import Moderation
from app.domain.thanks_overlay import AlertQueue
from tests.bench.conftest import BenchTable

CORPUS = Path(__file__).parent.parent / "data" / "comments_corpus.jsonl"


def _median_s(work: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_moderation_beside_the_classifier(bench_table: BenchTable) -> None:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines()
             if line.strip()] * 10  # fmt: skip
    moderation = Moderation()
    [classify(t) for t in texts]  # warm up the classifier's caches, as a show would
    classifying = _median_s(lambda: [classify(t) for t in texts])
    checking = _median_s(lambda: [moderation.blocks_text(t) for t in texts])
    bench_table.add(
        f"moderation check, {len(texts):,} corpus comments (median of 5)",
        f"{checking / len(texts) * 1e6:.2f} µs a comment",
        f"classifying them: {classifying / len(texts) * 1e6:.2f} µs a comment",
        f"{checking / classifying:.2f}",
        "≤ 0.35 of the classifier",
    )
    assert sum(moderation.blocks_text(t) for t in texts) < len(texts)  # it ran, it let most by


def test_gift_alerts_under_a_flood(bench_table: BenchTable) -> None:
    """100,000 gifts from 20,000 viewers into the alert queue."""
    items = [Comment(0, "douyin", f"v{n % 20_000}", "", 1000.0, kind=Kind.GIFT, gift="小心心",
                     count=1, value=0.1, currency="CNY") for n in range(100_000)]  # fmt: skip
    queue = AlertQueue()
    started = time.perf_counter()
    for n, one in enumerate(items):
        queue.add(one, n * 0.0001)
    took = time.perf_counter() - started
    bare: collections.deque[Comment] = collections.deque(maxlen=8)
    started = time.perf_counter()
    for one in items:
        bare.append(one)
    floor = time.perf_counter() - started
    bench_table.add(
        "gift-alert queue, 100,000 gifts from 20,000 viewers",
        f"{took / len(items) * 1e6:.2f} µs a gift",
        f"bounded deque append: {floor / len(items) * 1e6:.3f} µs",
        f"{took / floor:.0f}×" if floor else "—",
        "≤ 50 µs a gift",
    )
    assert len(queue) <= 8
