"""What the console's own work on a comment allows, with no network and no store: a frame of the
ingest bench's streams read as /ingest reads it (strict JSON, each item checked and cleaned) and
taken in by the audience (numbered, classified, queued, counted, published), in this process,
beside the floor server's own work on the same frames (json.loads and a row tuple per comment).

This is the ceiling of the highest sustained rate on one loop thread: the rate in the ingest
bench is lower still, by the WebSocket, the store's thread and the window."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from app.adapters.web.common import decode_json_checked
from app.domain.audience import Comment, Question
from app.domain.classify import CommentClassifier, RecentTexts
from app.domain.ingest import parse_batch
from tests.bench.conftest import BenchTable
from tests.bench.streams import realistic_frame
from tests.bench.test_ingest_bench import _batch
from tests.support.fake_obs import FakeObs
from tests.support.memory_log import MemoryComments, MemoryLog
from tests.support.show_factory import build_show

FRAMES, RUNS = 300, 3  # 30,000 comments a run


class _Dropped(MemoryComments):
    """The comment store, forgetting: what is measured is the console's work, not SQLite's."""

    def add_comments(self, session_id: int | None, comments: list[Comment]) -> None:
        pass

    def save_question(self, session_id: int | None, run_started: float, q: Question) -> None:
        pass

    def add_askers(
        self, session_id: int | None, run_started: float, asks: list[tuple[int, int, str]]
    ) -> None:
        pass


def _console(frames: list[str]) -> Callable[[], int]:
    """A fresh audience each call (every text new again), wired as the console wires it."""

    def run() -> int:
        show = build_show(FakeObs(), MemoryLog(), comments=_Dropped())
        audience = show.audience
        assert audience is not None
        classifier = CommentClassifier(recent=RecentTexts())
        audience._classify, audience._key = classifier.classify, classifier.key
        taken = 0
        for frame in frames:
            body, clean = decode_json_checked(frame)
            accepted, rejected = parse_batch(body, clean=not clean)
            assert not rejected
            taken += len(audience.ingest(accepted, source="ingest-ws"))
        return taken

    return run


def _floor(frames: list[str]) -> Callable[[], int]:
    import json

    def run() -> int:
        taken = 0
        for frame in frames:
            items = json.loads(frame)
            rows = [(c["platform"], c["user"], c["text"], c.get("ts")) for c in items]
            taken += len(rows)
        return taken

    return run


def _per_comment_s(work: Callable[[], int]) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        taken = work()
        times.append((time.perf_counter() - started) / taken)
    return statistics.median(times)


def test_the_consoles_own_work_a_comment(bench_table: BenchTable) -> None:
    for stream, frame in (("synthetic stream", _batch), ("realistic mix", realistic_frame)):
        frames = [frame(n * 100) for n in range(FRAMES)]
        console, floor = _per_comment_s(_console(frames)), _per_comment_s(_floor(frames))
        assert _console(frames[:3])() == 300  # every comment taken in
        bench_table.add(
            f"the console's own work a comment, {stream} (parse, check, classify, queue, "
            "count; no network, no store: the ceiling of the rate on one loop thread)",
            f"{console * 1e6:.1f} µs = at most {1 / console:,.0f}/s",
            f"the floor server's parse {floor * 1e6:.2f} µs = {1 / floor:,.0f}/s",
            f"{console / floor:.0f}x",
            "report: a bound on the ingest bench's highest sustained rate",
        )
