"""The character gate in front of the classifier's regexes: it may only skip a pattern that
could not have matched, so gated and bare patterns find the same things."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest

from app.domain.classify import (
    BUYING_PATTERNS,
    PURCHASE_EXCLUSIONS,
    PURCHASE_PATTERNS,
    QUESTION_PATTERNS,
    RHETORICAL_PATTERNS,
    AudienceRules,
    classify,
)
from app.domain.pattern_gate import (
    GatedPattern,
    for_search,
    for_substitution,
    needed_chars,
    union_gate,
)

CORPUS = Path(__file__).parents[1] / "data" / "comments_corpus.jsonl"
BUYING_CORPUS = Path(__file__).parents[1] / "data" / "buying_corpus.jsonl"
ALL_PATTERNS = (QUESTION_PATTERNS + RHETORICAL_PATTERNS + PURCHASE_PATTERNS + PURCHASE_EXCLUSIONS
                + BUYING_PATTERNS)  # fmt: skip


def _texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in CORPUS.read_text("utf-8").splitlines() if line]
    pieces = [*texts, "吗", "多少", "?", "!", "不", "好不好", " ", "how", "what a", "难道", "买",
              "链接", "i want", "why not", "哈哈", "¬", "1", "A", "é"]  # fmt: skip
    rnd = random.Random(12)
    mixed = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 4))) for _ in range(1500)]
    return [text.lower() for text in texts + mixed]


TEXTS = _texts()


@pytest.mark.parametrize(
    ("pattern", "needs"),
    [
        ("多少钱", {"多"}),  # one character of a sequence is enough
        ("[买卖]了", {"了"}),
        ("吗|呢", {"吗", "呢"}),
        ("(?:想|要)买?", {"想", "要"}),  # the optional 买 is no requirement
        (r"a+b{2}", {"a"}),
        ("[a-c]", {"a", "b", "c"}),
    ],
)
def test_needed_chars_names_what_every_match_holds(pattern: str, needs: set[str]) -> None:
    assert needed_chars(pattern) == frozenset(needs)


@pytest.mark.parametrize(
    "pattern",
    [r"\w+", "[^吗]", "x?", r"(a?)\1", "(?i)abc", "(?i:abc)", ".", r"^\b$", "(?=吗)", "(", ""],
)
def test_no_gate_when_the_pattern_cannot_be_read(pattern: str) -> None:
    assert needed_chars(pattern) is None


def test_a_gate_is_never_cheaper_at_the_cost_of_a_wrong_answer() -> None:
    """Search and substitution, gated and bare, agree on every text for every default pattern."""
    for pattern in ALL_PATTERNS:
        bare = re.compile(pattern)
        gated = GatedPattern(bare, needed_chars(pattern))
        for text in TEXTS:
            assert (gated.search(text) is None) == (bare.search(text) is None), (pattern, text)
            assert gated.subn("¬", text) == bare.subn("¬", text), (pattern, text)


def test_groups_find_what_the_patterns_find_alone() -> None:
    for patterns in (QUESTION_PATTERNS, PURCHASE_PATTERNS):
        groups = for_search(patterns)
        assert len(groups) < len(patterns)
        for text in TEXTS:
            found = any(re.search(p, text) for p in patterns)
            assert any(group.search(text) for group in groups) == found, text
    for patterns in (RHETORICAL_PATTERNS, PURCHASE_EXCLUSIONS):
        groups = for_substitution(patterns)
        joined = re.compile("|".join(f"(?:{p})" for p in patterns if not re.search(r"\\\d", p)))
        alone = [re.compile(p) for p in patterns if re.search(r"\\\d", p)]
        for text in TEXTS:
            expected, got = text, text
            for pattern in [joined, *alone]:
                expected = pattern.sub("¬", expected)
            for group in groups:
                got = group.sub("¬", got)
            assert got == expected, text


def _buying_texts() -> list[str]:
    texts = [json.loads(line)["text"] for line in BUYING_CORPUS.read_text("utf-8").splitlines()]
    pieces = [*texts, "几号", "链接", "在哪", "多少钱", "都", "回放", "how much", "water", "ship",
              "relationship", "link", "replay ", "available", " on", "?", "已", "报名", "了",
              " "]  # fmt: skip
    rnd = random.Random(15)
    mixed = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 4))) for _ in range(1500)]
    return [text.lower() for text in TEXTS + texts + mixed]


def test_joined_by_first_character_finds_what_the_patterns_find_alone() -> None:
    texts = _buying_texts()
    for patterns in (BUYING_PATTERNS, QUESTION_PATTERNS, PURCHASE_PATTERNS):
        groups = for_search(patterns, by_first_char=True)
        bare = [re.compile(p) for p in patterns]
        for text in texts:
            found = any(p.search(text) for p in bare)
            assert any(group.search(text) for group in groups) == found, text


@pytest.mark.parametrize(
    ("patterns", "yes", "no"),
    [
        (["ab|ac", "a"], ["a", "xab"], ["b", "c"]),
        (["a?b", "[]a]c", r"\|d"], ["b", "]c", "ac", "|d"], ["a", "c", "d"]),
        (["x(?:y|z)w|q", "(?<=a)b", "^s"], ["xzw", "q", "ab", "s"], ["xw", "b", "as"]),
        (["[^|]x|y", r"\(z", "e{2}"], ["ax", "y", "(z", "ee"], ["|x", "z", "e"]),
    ],
)
def test_joined_by_first_character_on_awkward_patterns(
    patterns: list[str], yes: list[str], no: list[str]
) -> None:
    groups = for_search(patterns, by_first_char=True)
    for text in yes:
        assert any(group.search(text) for group in groups), text
    for text in no:
        assert not any(group.search(text) for group in groups), text


def test_joined_by_first_character_names_a_bad_pattern() -> None:
    with pytest.raises(re.error) as caught:
        for_search(["ok", "a)|(b"], by_first_char=True)
    assert caught.value.pattern == "a)|(b"


def test_union_gate_is_none_when_a_member_needs_what_is_avoided() -> None:
    first = GatedPattern(re.compile("吗"), frozenset("吗"))
    spaced = GatedPattern(re.compile("a b"), frozenset(" "))
    assert union_gate([first]) is not None
    assert union_gate([first, spaced], avoid=frozenset(" ")) is None
    assert union_gate([first, GatedPattern(re.compile(r"\w"), None)]) is None


def test_user_rules_the_gate_cannot_read_still_classify() -> None:
    rules = AudienceRules(question_patterns=(r"(?i:PRICE)", r"[^\W\d]+\?{2}"))
    assert classify("Price", rules).is_question
    assert classify("really??", rules).is_question
    assert not classify("ok", rules).is_question


def test_purchase_seen_through_what_an_exclusion_puts_in() -> None:
    """An exclusion replaces its match with a mark (" ¬ "); a purchase pattern that needs the
    mark's characters must still run, so that no gate decides on the text before it."""
    rules = AudienceRules(purchase_exclusions=("ab",), purchase_patterns=("¬",))
    assert classify("ab", rules).purchase_intent
    assert not classify("cd", rules).purchase_intent
