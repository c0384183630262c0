"""Compiling a long list of blocked words (a pasted 敏感词库 of 10,000), beside the floor measured
in the same run: re.compile of the bare alternation of the same words (no separators allowed, no
gate). And what the event loop waits when Settings… saves the list: the warm-up returns at once,
the compile goes on a worker thread. Timings live here, never as asserts in the tests."""

from __future__ import annotations

import random
import re
import time

from app.domain import moderation as mod
from app.domain.moderation import Moderation, word_pattern
from app.domain.pattern_gate import first_char_alternation
from tests.bench.conftest import BenchTable

WORDS = 10_000


def _words() -> list[str]:
    rng = random.Random(9)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    return ["".join(rng.choice(chars) for _ in range(rng.randint(2, 4))) for _ in range(WORDS)]


def test_compiling_ten_thousand_blocked_words(bench_table: BenchTable) -> None:
    words = _words()
    Moderation(["x"]).compile()  # the contact shapes and the raw forms' table: once a process
    re.purge()
    started = time.perf_counter()
    Moderation(words).compile()
    took = time.perf_counter() - started
    re.purge()
    started = time.perf_counter()
    re.compile("|".join(map(re.escape, words)))
    floor = time.perf_counter() - started
    re.purge()
    started = time.perf_counter()  # the patterns as they were: a separator class per letter
    re.compile(first_char_alternation([p for p in map(word_pattern, words) if p]))
    before = time.perf_counter() - started
    bench_table.add(
        f"blocked words compiled, {WORDS:,} Chinese words",
        f"{took:.3f} s (separator class per letter: {before:.2f} s)",
        f"bare alternation: {floor:.3f} s",
        f"{took / floor:.1f}×" if floor else "—",
        "≤ 5× the bare alternation, on a worker thread",
    )
    assert Moderation(words).blocks_text(f"好 {words[17]} 呀")


def test_saving_ten_thousand_blocked_words_blocks_the_loop_for(bench_table: BenchTable) -> None:
    words = _words()
    old = Moderation()
    old.compile()
    new = Moderation(words)
    started = time.perf_counter()
    new.replaces(old)
    new.warm_up()  # what AudienceActions.set_moderation does on the loop
    waited = time.perf_counter() - started
    answered = time.perf_counter()
    old_answers = new.blocks_text("加微信 abc123")  # meanwhile: the rules in use
    answered = time.perf_counter() - answered
    assert new.wait_compiled(60)
    assert old_answers
    assert mod.INLINE_WORDS < WORDS
    bench_table.add(
        f"Settings… saved with {WORDS:,} blocked words: the event loop waits",
        f"{waited * 1e3:.2f} ms",
        f"one comment checked meanwhile: {answered * 1e6:.0f} µs",
        "—",
        "≤ 10 ms: one GIL switch (was 3.3 s)",
    )
