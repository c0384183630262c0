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
from app.domain.classify import classify, normalise
from tests.bench.conftest import BenchTable

CORPUS = Path(__file__).parent.parent / "data" / "comments_corpus.jsonl"
COPIES, RUNS = 60, 5
TARGET_PER_S = 10_000


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
