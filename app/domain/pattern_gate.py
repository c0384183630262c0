"""A cheap test in front of a costly regex: the characters one of which every match must contain.

Python's regex engine tries each branch of a long alternation at every position of the text, so
a dozen joined patterns cost microseconds even on a short comment that cannot match. Most
patterns name the characters they need (吗, 多少, 链接 …): when a text holds none of them the
pattern is not run at all. The analysis is conservative: a pattern it cannot read (negated sets,
\\w, back-references, case-insensitive parts …) gets no gate and always runs, so a gated pattern
finds exactly what the bare one finds.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from typing import Any

_sre: Any = importlib.import_module("re._parser")  # the parser behind re.compile (3.11+)

MAX_RANGE = 512  # a class spanning more characters than this is not worth listing
COMMON = frozenset("!?,.;:~'\"-")

_c = _sre  # the opcodes
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


def needed_chars(pattern: str) -> frozenset[str] | None:
    """Characters one of which is in every match of `pattern`; None when that is unknown."""
    try:
        parsed = _sre.parse(pattern)
    except (re.error, RecursionError, ValueError):
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _sequence(list(parsed))


def _sequence(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """A sequence needs what its most selective non-optional item needs."""
    best: frozenset[str] | None = None
    for op, av in items:
        found = _item(op, av)
        if found is not None and (best is None or _cost(found) < _cost(best)):
            best = found
    return best


def _cost(chars: frozenset[str]) -> int:
    """How often a text holds one of `chars`, roughly: spaces and punctuation are everywhere."""
    return sum(20 if c.isspace() or c in COMMON else 1 for c in chars)


def _item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.LITERAL:
        return frozenset(chr(av))
    if op is _c.IN:
        return _char_class(av)
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, body = av
        return None if add_flags & re.IGNORECASE else _sequence(body)
    if op is _c.BRANCH:
        union: set[str] = set()
        for alternative in av[1]:
            found = _sequence(alternative)
            if found is None:
                return None
            union |= found
        return frozenset(union)
    if op in _REPEATS:
        low, _high, body = av
        return _sequence(body) if low >= 1 else None
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(av)
    return None  # anchors, lookarounds, ".", \w, back-references: no telling


def _char_class(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE and av[1] - av[0] < MAX_RANGE:
            chars.update(chr(code) for code in range(av[0], av[1] + 1))
        else:  # a negated class or a category
            return None
    return frozenset(chars)


class GatedPattern:
    """A compiled pattern with its gate: `search` and `subn` skip the regex when the text holds
    none of the characters every match needs."""

    __slots__ = ("gate", "needs", "pattern")

    def __init__(self, pattern: re.Pattern[str], needs: frozenset[str] | None) -> None:
        self.pattern, self.needs = pattern, needs or None
        self.gate = (
            None
            if not needs
            else re.compile("[" + "".join(re.escape(c) for c in sorted(needs)) + "]")
        )

    def search(self, text: str) -> re.Match[str] | None:
        if self.gate is not None and self.gate.search(text) is None:
            return None
        return self.pattern.search(text)

    def subn(self, replacement: str, text: str) -> tuple[str, int]:
        if self.gate is not None and self.gate.search(text) is None:
            return text, 0
        return self.pattern.subn(replacement, text)

    def sub(self, replacement: str, text: str) -> str:
        return self.subn(replacement, text)[0]


def union_gate(
    patterns: Iterable[GatedPattern], avoid: frozenset[str] = frozenset()
) -> re.Pattern[str] | None:
    """One gate for several gated patterns (a text that passes none of theirs skips them all);
    None when one of them has no gate, or needs one of the characters in `avoid`."""
    chars: set[str] = set()
    for pattern in patterns:
        if pattern.needs is None or pattern.needs & avoid:
            return None
        chars |= pattern.needs
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]") if chars else None


def _alone(pattern: str) -> bool:
    """Back-references number their groups: such a pattern cannot join an alternation."""
    return re.search(r"\\[1-9]|\(\?P=", pattern) is not None


def _branches(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern`, as text (escapes, classes and groups kept whole)."""
    found: list[str] = []
    depth = start = i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 1
        elif ch == "[":
            i += 2 if pattern[i + 1 : i + 2] == "^" else 1
            i += 1 if pattern[i : i + 1] == "]" else 0  # a leading ] is a member
            while i < len(pattern) and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == "|" and depth == 0:
            found.append(pattern[start:i])
            start = i + 1
        i += 1
    return [*found, pattern[start:]]


_PLAIN = re.compile(
    r"(?:[^\\\[\](){}|.^$?*+]|\\[^\w\s])(?![?*+{])"
)  # a character standing for itself (or an escaped symbol: \+, \.), unrepeated


def first_char_alternation(patterns: list[str]) -> str:
    """One flat alternation of all the branches of `patterns`, those that start with the same
    plain character grouped under it (a|ab|b -> a(?:|b)|b). When every branch starts with a
    character, the engine jumps to the places holding one of them and tries only that
    character's few branches there; grouped patterns instead try every branch everywhere."""
    grouped: dict[str, list[str]] = {}
    others: list[str] = []
    for pattern in patterns:
        for branch in _branches(pattern):
            if plain := _PLAIN.match(branch):
                grouped.setdefault(plain.group()[-1], []).append(branch[plain.end() :])
            else:
                others.append(f"(?:{branch})")
    heads = [re.escape(ch) + "(?:" + "|".join(dict.fromkeys(tails)) + ")" if tails != [""] else
             re.escape(ch) for ch, tails in grouped.items()]  # fmt: skip
    return "|".join(heads + others)


def _joined(patterns: list[str], by_first_char: bool = False) -> GatedPattern:
    """One regex joining `patterns` as alternatives, gated by the union of what they need."""
    for pattern in patterns if by_first_char else ():
        re.compile(pattern)  # a bad pattern is named alone, not hidden in the joined one
    joined = "|".join(f"(?:{p})" for p in patterns)
    text = first_char_alternation(patterns) if by_first_char else joined
    union: set[str] = set()
    for pattern in patterns:
        needs = needed_chars(pattern)
        if needs is None:
            return GatedPattern(re.compile(text), None)
        union |= needs
    return GatedPattern(re.compile(text), frozenset(union))


def for_substitution(patterns: Iterable[str], by_first_char: bool = False) -> list[GatedPattern]:
    """Few regexes for many patterns, to replace what they match: all but the back-referencing
    ones joined into one (in their order, so the leftmost-first choice is as written).
    `by_first_char` joins those that need some non-ASCII character (Chinese words) apart from the
    others, flat and grouped by their first character (see for_search), and replaces their
    matches after the others': much faster on a long list, the leftmost-first choice as written
    within each part (a Chinese and an English pattern no longer compete for one span)."""
    patterns = list(patterns)
    alone = [p for p in patterns if _alone(p)]
    rest = [p for p in patterns if p not in alone]
    if not by_first_char:
        return ([_joined(rest)] if rest else []) + [_joined([p]) for p in alone]
    groups = _by_script(rest)
    ordered = [(kind, groups[kind]) for kind in ("open", "ascii", "wide")]
    return [_joined(group, kind == "wide") for kind, group in ordered if group] + [
        _joined([p]) for p in alone
    ]


def _by_script(patterns: list[str]) -> dict[str, list[str]]:
    """Patterns that need some non-ASCII character ("wide"), the others that need a known
    character ("ascii"), and those without a gate ("open"), each in their order."""
    groups: dict[str, list[str]] = {"wide": [], "ascii": [], "open": []}
    for pattern in patterns:
        needs = needed_chars(pattern)
        kind = (
            "open" if needs is None else "wide" if not any(c.isascii() for c in needs) else "ascii"
        )
        groups[kind].append(pattern)
    return groups


def for_search(patterns: Iterable[str], by_first_char: bool = False) -> list[GatedPattern]:
    """Few regexes for many patterns, only to ask whether any matches: patterns that need some
    non-ASCII character (Chinese words) are joined apart from the others, so that a Chinese
    comment skips the English patterns and the other way round. `by_first_char` joins them
    flat, branches grouped by their first character: much faster for long lists of words, as
    long as their branches start with a plain character (no \\b, group or class in front)."""
    patterns = list(patterns)
    alone = [p for p in patterns if _alone(p)]
    groups = _by_script([p for p in patterns if p not in alone])
    return [_joined(group, by_first_char) for group in groups.values() if group] + [
        _joined([p]) for p in alone
    ]
