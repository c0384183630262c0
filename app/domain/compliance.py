"""Risky advertising claims (广告法 absolute terms and their English cousins) in card copy and
talking points. The word lists are configurable; these are the defaults."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from app.domain.messages import Message

DEFAULT_TERMS: tuple[str, ...] = (
    "最", "第一", "唯一", "首个", "首选", "国家级", "世界级", "顶级", "极品", "绝对", "100%",
    "百分百", "万能", "包过", "保证", "全网最低", "史无前例", "独一无二", "无敌", "永久",
    "best", "guaranteed", "guarantee", "number one", "#1", "no.1", "100 percent", "risk-free",
    "cure", "perfect",
)  # fmt: skip
# Everyday words that contain a term without claiming anything.
DEFAULT_ALLOWED: tuple[str, ...] = (
    "最近", "最后", "最终", "最初", "最少要", "第一课", "第一节", "第一讲", "第一步", "第一次",
    "第一天", "第一部分", "第一章", "永久回放",
)  # fmt: skip


@dataclass(frozen=True)
class ComplianceRules:
    terms: tuple[str, ...] = DEFAULT_TERMS
    allowed: tuple[str, ...] = DEFAULT_ALLOWED

    @cached_property
    def _patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """Compiled at the first check, not when the console starts (the terms are literals:
        nothing to refuse)."""
        patterns = []
        for term in self.terms:
            if not term.strip():
                continue
            escaped = re.escape(term)
            ascii_word = term.isascii() and term[0].isalnum() and term[-1].isalnum()
            pattern = rf"(?<![A-Za-z0-9]){escaped}(?![A-Za-z0-9])" if ascii_word else escaped
            patterns.append((term, re.compile(pattern, re.IGNORECASE)))
        return patterns

    def find(self, text: str) -> list[Claim]:
        """Every risky claim in `text`, in order; a term inside an allowed word is not one."""
        covered = [
            (m.start(), m.end())
            for word in self.allowed
            for m in re.finditer(re.escape(word), text, re.IGNORECASE)
        ]
        claims = []
        for term, pattern in self._patterns:
            for match in pattern.finditer(text):
                start, end = match.span()
                if any(a <= start and end <= b for a, b in covered):
                    continue
                claims.append(Claim(term, start, end, _context(text, start, end)))
        return sorted(claims, key=lambda c: c.start)


@dataclass(frozen=True)
class Claim:
    term: str
    start: int
    end: int
    context: str

    def describe(self) -> Message:
        return Message("compliance.claim", term=self.term, context=self.context)


def _context(text: str, start: int, end: int, room: int = 8) -> str:
    left = "…" if start > room else ""
    right = "…" if end + room < len(text) else ""
    return f"{left}{text[max(0, start - room) : end + room]}{right}"


def claims_in(texts: Iterable[str], rules: ComplianceRules) -> list[Claim]:
    return [claim for text in texts for claim in rules.find(text)]


COMPLIANCE_HINT = Message("compliance.hint")
