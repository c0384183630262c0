"""Moderation: which comments are kept off the queue and the screen (blocked words, contact
details and ad spam, blocked viewers). Pure, compiled on first use: one gated regex per comment.

Spammers write their contact details so that a plain word list misses them: full-width letters
and digits, spaces or dots between the digits of a phone number, "v x" for vx. A text is therefore
read in a normal form first (NFKC, lower case, separators between digits taken out), and the
words allow separators between their letters. Prices ("199元"), link numbers ("3号链接") and
lessons ("第2节课") stay clear: a number alone is never blocked, only one shaped like a mainland
mobile number or following QQ.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from app.domain.pattern_gate import first_char_alternation, needed_chars

# The ad-spam and contact words blocked by default (one per line in the settings).
# (加微, 加威 and 加Q are left to the contact shapes below, which let 加微糖, 加威士忌 and
# 更加Q弹 by)
DEFAULT_BLOCKED_WORDS: tuple[str, ...] = (
    "加微信", "加薇", "加V", "加VX", "加WX", "加扣扣", "VX", "V信",
    "薇信", "威信", "微信号", "卫星号", "私聊加", "加我好友", "扣扣号",
    "dm me", "telegram", "whatsapp", "wechat id", "add me on",
)  # fmt: skip
# the default list as earlier versions saved it in the settings (they always save it): a
# settings file holding exactly that takes the default of this version (settings_from_dict)
FORMER_DEFAULT_BLOCKED_WORDS: tuple[tuple[str, ...], ...] = (
    ("加微信", "加微", "加薇", "加威", "加V", "加VX", "加WX", "加Q", "加扣扣", "VX", "V信",
     "薇信", "威信", "微信号", "卫星号", "私聊加", "加我好友", "扣扣号",
     "dm me", "telegram", "whatsapp", "wechat id", "add me on"),
)  # fmt: skip

# what spammers put between letters and digits: punctuation, and symbols and emoji (威❤信)
_SEP = r"[\s._\-·•・*~,，、|/\u2600-\u27bf\ufe0f\U0001f000-\U0001faff]"
_GAP = r"[\s._\-·•・*~,，、|/()（）]+"
_DIGIT_GAPS = re.compile(rf"(?<=\d){_GAP}(?=\d)")
_SPACED_DIGITS = re.compile(rf"(?<!\d)\d++(?:{_GAP}\d++)+")  # linear: a run is read from its start
_NUMBER = re.compile(r"\d+")
# a phone or QQ number written in Chinese numerals (幺三八…, 壹叁捌…): a run of seven or more, gaps
# allowed, is read as digits; a mobile number so written holds one of _NUMERAL_HINT (its second
# digit is 3 to 9), which the gate lets through
_NUMERALS = "零〇一二三四五六七八九幺壹贰叁肆伍陆柒捌玖两"
_NUMERAL_DIGITS = str.maketrans(_NUMERALS, "0012345678911234567892")
_NUMERAL_RUN = re.compile(rf"[{_NUMERALS}](?:[\s\-]*[{_NUMERALS}]){{6,}}")
_NUMERAL_HINT = "幺壹三四五六七八九叁肆伍陆柒捌玖"
# names that look like a contact but are not one: a tech course's socket.io, ASP.NET, a telegram bot
_NOT_CONTACTS = re.compile(
    r"telegram\s*(?:bot|api|机器人)|socket\.io|asp\.net|\.net core|ado\.net|vb\.net"
)
# a WeChat id: a letter, then 5 to 19 letters, digits, _ or -, a digit among them
_ID = r"[a-z](?=[a-z_\-]*\d)[a-z0-9_\-]{5,19}(?![a-z0-9_\-])"

# Contact details by their shape (on the normal form): mobile numbers, QQ numbers, WeChat ids,
# links. Every branch starts with a character (a word boundary is looked behind it, not in front
# of it): they are joined flat by first character (pattern_gate), so the engine jumps between the
# places a match can start and tries only that character's few branches there.
_QQ_NUMBER = r"\s*(?:号码?|群)?\s*[:：]?\s*\d{5,11}(?!\d)"
_WECHAT = ("微信", "薇信", "威信", "v信", "weixin", r"wei\s+xin", "wx", "vx")
_DOMAIN = r"\s*(?:com|cn|net|org|top|xyz|vip|shop)(?![a-z])"
_WANTS = ("有需要", "需要的", "想要的", "想赚钱", "想了解", "感兴趣")  # …私信我 / 滴滴我
_REACH = ("dm", "msg", "message", "text", "hit")  # … me on
# 加我微信, 加个v, ➕微信, +V: asking to be added, whatever stands between (加我 alone is fine);
# not 更加 / 添加 / 参加…, nor 微糖, 微辣, 微量, 威士忌, Q弹, V脸
_ADD_ME = (r"\s*(?:我|个|一下)?\s*(?:v(?![a-z脸领字型])|vx|wx|微(?![糖辣甜酸咸波量生调博软笑])|薇|"
           r"威(?![士尼廉望力])|qq|q(?![a-z弹])|扣扣|企鹅)")  # fmt: skip
CONTACT_PATTERNS: tuple[str, ...] = (
    r"\+861[3-9]\d{9}(?!\d)",
    r"8(?<!\d8)61[3-9]\d{9}(?!\d)",
    r"1(?<!\d1)[3-9]\d{9}(?!\d)",
    rf"qq{_QQ_NUMBER}|扣扣{_QQ_NUMBER}|企鹅{_QQ_NUMBER}",
    r"q(?<![a-z0-9]q)\s*(?:号码?|群|[:：])\s*[:：]?\s*\d{5,11}(?!\d)",  # Q：123456, q群 123456
    rf"q(?<![a-z0-9]q)\s+q{_QQ_NUMBER}",  # q q 12345678
    r"0(?<!\d0)[1-9]\d{8,10}(?!\d)",  # a landline with its area code (021-12345678)
    "|".join(rf"{name}\s*(?:号)?\s*[:：]\s*[a-z0-9_\-]{{5,}}" for name in _WECHAT),
    # a WeChat id (a letter, then 5 to 19 letters, digits, _ or -, a digit among them) after
    # the name, without a colon: 微信 abc12345 (微信支付, wx pay stay clear)
    "|".join(rf"{name}\s*(?:号)?\s*{_ID}" for name in _WECHAT),
    # an id after 微 / 威 / V and a colon (V：abc_1234, 微：abc123), after 微 信 spaced apart
    r"微\s*[:：]\s*[a-z0-9_\-]{5,}|薇\s*[:：]\s*[a-z0-9_\-]{5,}|威\s*[:：]\s*[a-z0-9_\-]{5,}|"
    r"v(?<![a-z0-9]v)\s*[:：]\s*[a-z0-9_\-]{5,}",
    rf"微{_SEP}+信\s*(?:号)?\s*[:：]?\s*[a-z0-9_\-]{{5,}}",
    rf"加(?<![更增添参附追叠]加){_ADD_ME}|➕{_ADD_ME}|\+{_ADD_ME}",
    # "DM me", "有需要私信我": asking to be contacted off the platform
    "|".join(rf"{who}\w{{0,4}}(?:私信我|滴滴我|dd我)" for who in _WANTS),
    "|".join(rf"{verb}(?<![a-z]{verb}) me (?:on|via|up on)\b" for verb in _REACH),
    r"https?://",
    r"w(?<![a-z0-9]w)ww\.[a-z0-9\-]",
    r"t(?<![a-z0-9]t)\.me/",
    r"w(?<![a-z0-9]w)a\.me/",
    r"\.(?<=[a-z0-9\-]{2}\.)(?:com|cn|net|org|io|top|xyz|vip|club|link|shop|ly)(?![a-z])",
    # the dot spelled out: abc点com, shop dot com
    rf"点(?<=[a-z0-9]{{2}}点){_DOMAIN}|点(?<=[a-z0-9]{{2}} 点){_DOMAIN}",
    rf"dot(?<=[a-z0-9] dot)\s{_DOMAIN}",
)


def normal_form(text: str) -> str:
    """Full-width and compatibility forms folded, lower case, a run of Chinese numerals read as
    digits, separators between digits out -- except in a list of small rising numbers
    (1 3 5 7 9 11 13 15, a maths answer), which is no phone number."""
    text = unicodedata.normalize("NFKC", text).lower()
    if _NUMERAL_RUN.search(text):
        text = _NUMERAL_RUN.sub(lambda run: run.group().translate(_NUMERAL_DIGITS), text)
    return _SPACED_DIGITS.sub(_join_digits, text)


def _join_digits(run: re.Match[str]) -> str:
    numbers = _NUMBER.findall(run.group())
    if (len(numbers) >= 4 and all(len(n) <= 3 for n in numbers)
            and all(int(a) < int(b) for a, b in itertools.pairwise(numbers))):  # fmt: skip
        return run.group()  # 1 4 9 16 25 36 49: a list, not a phone number
    return _DIGIT_GAPS.sub("", run.group())


def word_pattern(word: str) -> str | None:
    """A blocked word as a regex on the normal form: separators allowed between its letters, and
    an ASCII word not inside a longer one ("vx" is not in "devx"). None for a blank word."""
    word = normal_form(word.strip())
    chars = [c for c in word if not c.isspace()]
    if not chars:
        return None
    first = re.escape(chars[0])
    head = f"(?<![a-z0-9]{first})" if chars[0].isascii() and chars[0].isalnum() else ""
    rest = "".join(f"{_SEP}*{re.escape(c)}" for c in chars[1:])
    tail = "(?![a-z])" if chars[-1].isascii() and chars[-1].isalpha() else ""
    return first + head + rest + tail


@functools.cache
def _raw_forms() -> dict[str, frozenset[str]]:
    """Each character of a normal form, with the characters that become it (Ａ and ａ for a):
    the gate looks at the text as received."""
    forms: dict[str, set[str]] = {}
    for code in range(0x20, 0x10000):
        raw = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        folded = unicodedata.normalize("NFKC", raw).lower()
        if folded != raw:
            for ch in folded:
                forms.setdefault(ch, set()).add(raw)
    return {ch: frozenset(raws) for ch, raws in forms.items()}


@dataclass(frozen=True)
class BlockedViewer:
    """A viewer kept off the queue and the screen: by the platform's user id, or by name when
    the platform gives none; `platform` "" stands for every platform."""

    platform: str = ""
    user: str | None = None
    user_id: str | None = None

    def as_text(self) -> str:
        """As the settings list it: "name", "platform:name" or "platform:id=USER_ID"."""
        who = f"id={self.user_id}" if self.user_id else (self.user or "")
        return f"{self.platform}:{who}" if self.platform else who

    @classmethod
    def from_text(cls, text: str) -> BlockedViewer | None:
        text = text.strip()
        platform, sep, who = text.partition(":")
        if not sep or not re.fullmatch(r"[a-z0-9_\-]+", platform):
            platform, who = "", text
        who = who.strip()
        if who.startswith("id=") and len(who) > 3:
            return cls(platform, None, who[3:].strip())
        return cls(platform, who, None) if who else None

    def as_api(self) -> dict[str, str | None]:
        return {"platform": self.platform, "user": self.user, "user_id": self.user_id}

    def blocks(self, platform: str, user: str, user_id: str | None) -> bool:
        """This entry keeps that viewer out: the test `Moderation.blocks_viewer` makes, for
        this one entry (by id when it has one, else by name; platform "": every platform)."""
        if self.platform not in ("", platform):
            return False
        if self.user_id:
            return user_id is not None and user_id == self.user_id
        return self.user is not None and self.user == user


class Moderation:
    """The blocked words (and, with `contacts`, the contact-detail shapes) as one gated regex,
    and the blocked viewers as sets; `blocks_viewer` and `blocks_text` are what ingest asks."""

    __slots__ = ("_any_names", "_compiled", "_contacts", "_ids", "_names", "_patterns", "viewers",
                 "words")  # fmt: skip

    def __init__(
        self,
        words: Iterable[str] = DEFAULT_BLOCKED_WORDS,
        viewers: Iterable[BlockedViewer] = (),
        *,
        contacts: bool = True,
    ) -> None:
        self.words = tuple(dict.fromkeys(w.strip() for w in words if w.strip()))
        patterns = [p for p in map(word_pattern, self.words) if p]
        if contacts:
            patterns.extend(CONTACT_PATTERNS)
        self._patterns, self._contacts = patterns, contacts
        # the regex and its gate, built on first use (`warm_up`): the gate's table of raw forms
        # takes ~15 ms, which the console pays after its window is shown, not before
        self._compiled: tuple[re.Pattern[str] | None, re.Pattern[str] | None] | None = None
        self.viewers: tuple[BlockedViewer, ...] = ()
        self._ids: set[tuple[str, str]] = set()
        self._names: set[tuple[str, str]] = set()
        self._any_names: set[str] = set()
        for viewer in viewers:
            self.add_viewer(viewer)

    # ----- words ---------------------------------------------------------------------------
    def blocks_text(self, text: str) -> bool:
        regex, gate = self._compiled or self.warm_up()
        if regex is None or (gate is not None and gate.search(text) is None):
            return False
        normal = normal_form(text)
        if "." in normal or "telegram" in normal:
            normal = _NOT_CONTACTS.sub(" ", normal)
        return regex.search(normal) is not None

    def warm_up(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """Compile the words into one regex and its gate (the characters a match needs, in
        every raw form that folds to them); done on the first text if not before."""
        if self._compiled is not None:
            return self._compiled
        patterns = self._patterns
        regex = re.compile(first_char_alternation(patterns)) if patterns else None
        gate: re.Pattern[str] | None = None
        if regex is not None and (needs := needed_chars(regex.pattern)) is not None:
            forms = _raw_forms()
            raw = set(needs)
            for ch in needs:
                raw |= forms.get(ch, frozenset())
            if self._contacts:
                raw |= set(_NUMERAL_HINT)  # a phone number in Chinese numerals (normal_form)
            gate = re.compile("[" + "".join(re.escape(c) for c in sorted(raw)) + "]")
        self._compiled = (regex, gate)
        return self._compiled

    # ----- viewers ---------------------------------------------------------------------------
    def add_viewer(self, viewer: BlockedViewer) -> bool:
        """Block a viewer; False when already blocked."""
        if viewer in self.viewers:
            return False
        self.viewers += (viewer,)
        self._index(viewer)
        return True

    def remove_viewer(self, viewer: BlockedViewer) -> bool:
        """Unblock a viewer (by id: every entry with that id; by name: that name's entries)."""
        gone = tuple(v for v in self.viewers if _same(v, viewer))
        if not gone:
            return False
        self.viewers = tuple(v for v in self.viewers if v not in gone)
        self._ids.clear()
        self._names.clear()
        self._any_names.clear()
        for kept in self.viewers:
            self._index(kept)
        return True

    def _index(self, viewer: BlockedViewer) -> None:
        if viewer.user_id:
            self._ids.add((viewer.platform, viewer.user_id))
        elif viewer.user and viewer.platform:
            self._names.add((viewer.platform, viewer.user))
        elif viewer.user:
            self._any_names.add(viewer.user)

    @property
    def has_viewers(self) -> bool:
        return bool(self.viewers)

    def blocks_viewer(self, platform: str, user: str, user_id: str | None) -> bool:
        if user in self._any_names or (platform, user) in self._names:
            return True
        return user_id is not None and (
            (platform, user_id) in self._ids or ("", user_id) in self._ids
        )


def _same(entry: BlockedViewer, asked: BlockedViewer) -> bool:
    if asked.user_id:
        return entry.user_id == asked.user_id and asked.platform in ("", entry.platform)
    return entry.user == asked.user and asked.platform in ("", entry.platform)


def viewers_from_lines(lines: Iterable[str]) -> tuple[BlockedViewer, ...]:
    return tuple(v for v in map(BlockedViewer.from_text, lines) if v is not None)
