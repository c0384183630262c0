"""A long list of blocked words (a pasted 敏感词库 of thousands) never freezes the console: it
compiles on a worker thread while the words in use keep answering, and it compiles fast (a trie on
the marked form, no separator class per letter). What it blocks is what the word patterns on the
normal form block (app/domain/moderation.py). Timings: tests/bench/test_moderation_compile_bench.py.
"""

from __future__ import annotations

import random
import re
import threading
from collections.abc import Iterator

import pytest

from app.domain import moderation as mod
from app.domain.moderation import INLINE_WORDS, BlockedViewer, Moderation, normal_form, word_pattern
from app.domain.pattern_gate import first_char_alternation
from app.services.show import Show

LONG = [f"禁词{n:05d}" for n in range(INLINE_WORDS + 1)]


CONTACTS = re.compile(first_char_alternation(list(mod.CONTACT_PATTERNS)))


def _reference(words: list[str], contacts: bool, text: str) -> bool:
    """The word patterns on the normal form (and the contact shapes): what the words always
    blocked."""
    normal = normal_form(text)
    if "." in normal or "telegram" in normal:
        normal = mod._NOT_CONTACTS.sub(" ", normal)
    if contacts and CONTACTS.search(normal) is not None:
        return True
    patterns = [p for p in map(word_pattern, words) if p]
    return bool(patterns) and re.search(first_char_alternation(patterns), normal) is not None


def test_the_compiled_words_block_what_the_word_patterns_block() -> None:
    pieces = [*"abcvxyzq加微信薇威号a1. -_❤Ｖ/", "dm", "me", " on ", "telegram"]
    rng = random.Random(20261207)
    for _ in range(600):
        words = ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(0, 8))]  # fmt: skip
        contacts = rng.random() < 0.3
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        got = Moderation(words, contacts=contacts).blocks_text(text)
        assert got == _reference(words, contacts, text), (words, contacts, text)


def test_words_that_share_a_beginning_and_an_ascii_word_inside_a_longer_one() -> None:
    moderation = Moderation(["加微", "加微信号", "vx", "vxq", "dm me", "t.me"], contacts=False)
    assert moderation.blocks_text("加 微")
    assert moderation.blocks_text("请加·微·信·号")
    assert moderation.blocks_text("VX 同号")
    assert not moderation.blocks_text("devx")  # vx inside a longer word
    assert not moderation.blocks_text("vxqa")
    assert moderation.blocks_text("DM  me please")
    assert moderation.blocks_text("t.me/x")
    assert not moderation.blocks_text("t me")  # a word with a separator keeps it


@pytest.fixture
def held_compile(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, list[str]]]:
    """The compile waits for the test's go (it never waits long: the test sets it), and says on
    which thread it ran."""
    go, threads = threading.Event(), []
    real = mod._compile

    def held(words: tuple[str, ...], contacts: bool) -> object:
        threads.append(threading.current_thread().name)
        if len(words) > INLINE_WORDS:
            go.wait(10)
        return real(words, contacts)

    monkeypatch.setattr(mod, "_compile", held)
    yield go, threads
    go.set()


def test_a_long_list_compiles_on_a_worker_while_the_old_words_answer(
    held_compile: tuple[threading.Event, list[str]],
) -> None:
    go, threads = held_compile
    old = Moderation(["旧词"], contacts=False)
    old.compile()  # the words in use: compiled at start, or by the first comment
    new = Moderation([*LONG, "新词"], contacts=False)
    new.replaces(old)
    new.warm_up()  # returns at once: the compile waits on the worker
    assert not new.compiled
    assert new.blocks_text("旧词")  # the words in use answer meanwhile
    assert not new.blocks_text("新词")
    go.set()
    assert new.wait_compiled(10)
    assert threads[-1] == "moderation-compile"
    assert new.blocks_text("新词")
    assert not new.blocks_text("旧词")


def test_a_short_list_applies_at_once(held_compile: tuple[threading.Event, list[str]]) -> None:
    _go, threads = held_compile
    new = Moderation(["新词"])
    new.replaces(Moderation(["旧词"]))
    new.warm_up()
    assert new.compiled
    assert threads == [threading.current_thread().name]
    assert new.blocks_text("新词")


def test_saving_a_long_list_never_waits_for_its_compile(
    show: Show, held_compile: tuple[threading.Event, list[str]]
) -> None:
    """Settings… saved with 501 words: the call returns while the compile waits; the viewers
    apply at once, the old words block until the new ones are ready."""
    go, _threads = held_compile
    audience = show.audience
    assert audience is not None
    audience.set_moderation(Moderation(["旧词"]))
    audience.set_moderation(Moderation([*LONG, "新词"], [BlockedViewer("", "大坏")]))
    assert not audience.moderation.compiled
    assert audience.moderation.blocks_viewer("douyin", "大坏", None)
    assert audience.moderation.blocks_text("旧词")
    go.set()
    assert audience.moderation.wait_compiled(10)
    assert audience.moderation.blocks_text("新词 加微信")
    assert not audience.moderation.blocks_text("旧词")
