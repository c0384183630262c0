"""The audience classifier's throughput on the labelled corpus (60 copies), beside the floor
measured on the same texts in the same run: `normalise` alone without its cache, the first
step every comment takes before any rule. Target: at least the console's ingest rate, 10,000
comments a second."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from app.domain.audience import Classification
from app.domain.classify import classify, normalise, question_key
from tests.bench.conftest import BenchTable
from tests.unit.test_classify import LONG_TEXTS

CORPUS = Path(__file__).parent.parent / "data" / "comments_corpus.jsonl"
COPIES, RUNS = 60, 5
TARGET_PER_S = 10_000
LONG_TARGET_MS = 50  # a 10 KB comment (read as its first 2,000 characters) costs a frame at most


def _texts() -> list[str]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [str(json.loads(line)["text"]) for line in lines if line.strip()] * COPIES


def _median_seconds(work: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_classifier_throughput(bench_table: BenchTable) -> None:
    texts = _texts()
    results = [classify(text) for text in texts]  # warm up, and the run must classify them all
    assert len(results) == len(texts)
    assert all(isinstance(result, Classification) for result in results)
    assert any(result.is_question for result in results)

    figure = _median_seconds(lambda: [classify(text) for text in texts])
    bare = normalise.__wrapped__  # the work itself, not the cache's hit
    floor = _median_seconds(lambda: [bare(text) for text in texts])
    rate, floor_rate = len(texts) / figure, len(texts) / floor
    bench_table.add(
        f"classifier throughput ({len(texts):,} comments)",
        f"{rate:,.0f} comments/s ({figure / len(texts) * 1e6:.1f} µs each)",
        f"{floor_rate:,.0f} comments/s (uncached normalise only)",
        f"{figure / floor:.1f}x",
        f"≥ {TARGET_PER_S:,} comments/s",
    )


def test_ten_kilobyte_comments(bench_table: BenchTable) -> None:
    """The slowest of the long texts (repeated question words, emotes, control characters):
    the regexes never backtrack out of bounds. Uncached, like a text never seen."""
    worst, name = 0.0, ""
    for text in LONG_TEXTS:
        figure = _median_seconds(
            lambda text=text: (normalise.cache_clear(), classify(text), question_key(text))
        )
        if figure > worst:
            worst, name = figure, repr(text[:12])
    short = _median_seconds(lambda: (normalise.cache_clear(), classify("多少钱？")))
    bench_table.add(
        f"classifier: slowest 10 KB comment of {len(LONG_TEXTS)} ({name}…)",
        f"{worst * 1000:.2f} ms",
        f"a 4-character comment {short * 1e6:.1f} µs",
        f"{worst / short:,.0f}x",
        f"≤ {LONG_TARGET_MS} ms",
    )
