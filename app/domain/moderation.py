"""Moderation: which comments are kept off the queue and the screen (blocked words, contact
details and ad spam, blocked viewers). Pure but for one worker thread that compiles a long list
of words (Moderation.warm_up); two gated regexes per comment.

Spammers write their contact details so that a plain word list misses them: full-width letters
and digits, spaces or dots between the digits of a phone number, "v x" for vx. A text is therefore
read in a normal form first (NFKC, lower case, separators between digits taken out), and the
words allow separators between their letters: they are matched on a marked form, where each run
of separators is one MARK, so that a word's pattern holds no costly separator class. Prices
("199元"), link numbers ("3号链接") and lessons ("第2节课") stay clear: a number alone is never
blocked, only one shaped like a mainland mobile number or following QQ.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.domain.blocked_viewers import BlockedViewer as BlockedViewer
from app.domain.blocked_viewers import viewers_from_lines as viewers_from_lines
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
_SEPARATOR = re.compile(_SEP)
_SEPARATORS = re.compile(_SEP + "+")
MARK = "\x00"  # a run of separators in the marked form (clean_text keeps it out of comments)
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


def marked(normal: str) -> str:
    """The normal form with each run of separators written as one MARK: the blocked words
    (but those holding a separator) are matched on it."""
    return _SEPARATORS.sub(MARK, normal)


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
class _Rules:
    """The blocked words and contact shapes, compiled: `contacts` (the contact shapes, the same
    for every list: compiled once) and `exact` (the words that hold a separator, e.g. "t.me") run
    on the normal form; `words` (the others, separators allowed between their letters) on the
    marked form; `gate` is what a match needs, in every raw form of it (None: no gate)."""

    contacts: re.Pattern[str] | None
    exact: re.Pattern[str] | None
    words: re.Pattern[str] | None
    gate: re.Pattern[str] | None


def _compile(words: tuple[str, ...], contacts: bool) -> _Rules:
    """The words as one trie-shaped regex on the marked form, where a run of separators is one
    MARK (so a word's pattern names no separator class: compiling 10,000 words takes a tenth of
    a second, not seconds), a word holding a separator as its pattern on the normal form."""
    plain: list[str] = []
    exact: list[str] = []
    needs: set[str] = set()
    for word in words:
        chars = "".join(c for c in normal_form(word) if not c.isspace())
        if not chars:
            continue
        needs.add(chars[0])
        if _SEPARATOR.search(chars) or MARK in chars:
            exact.append(word_pattern(word) or "")
        else:
            plain.append(chars)
    if contacts:
        contact_needs = _contact_needs()
        needs = needs | contact_needs if contact_needs is not None else set()
    gate: re.Pattern[str] | None = None
    if needs:
        forms = _raw_forms()
        raw = set(needs)
        for ch in needs:
            raw |= forms.get(ch, frozenset())
        if contacts:
            raw |= set(_NUMERAL_HINT)  # a phone number in Chinese numerals (normal_form)
        gate = re.compile("[" + "".join(re.escape(c) for c in sorted(raw)) + "]")
    return _Rules(_contacts_regex() if contacts else None,
                  re.compile(first_char_alternation(exact)) if exact else None,
                  _words_regex(plain) if plain else None, gate)  # fmt: skip


@functools.cache
def _contacts_regex() -> re.Pattern[str]:
    return re.compile(first_char_alternation(list(CONTACT_PATTERNS)))


@functools.cache
def _contact_needs() -> frozenset[str] | None:
    return needed_chars(first_char_alternation(list(CONTACT_PATTERNS)))


def _words_regex(words: list[str]) -> re.Pattern[str]:
    """The words as a trie: a|ab|b -> a(?:…)|b, MARK? between letters. A list too deep for the
    regex parser falls back to the flat alternation."""
    trie: dict[str, Any] = {}
    for chars in words:
        node = trie
        for ch in chars:
            node = node.setdefault(ch, {})
        node[_END] = True
    try:
        return re.compile(_branches(trie, top=True))
    except (RecursionError, re.error):
        return re.compile("|".join(_flat(chars) for chars in words))


_END = ""  # a trie node's key: a word ends here


def _branches(node: dict[str, Any], *, top: bool = False) -> str:
    branches = []
    for ch, child in node.items():
        if ch == _END:
            continue
        head = re.escape(ch)
        if top and ch.isascii() and ch.isalnum():  # "vx" is not in "devx"
            head += f"(?<![a-z0-9]{re.escape(ch)})"
        branches.append(head + _after(ch, child))
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _after(ch: str, node: dict[str, Any]) -> str:
    """What follows `ch` in the trie: more letters (a separator run allowed before them), the
    end of a word (an ASCII word not inside a longer one), or both."""
    tail = "(?![a-z])" if ch.isascii() and ch.isalpha() else ""
    more = [c for c in node if c != _END]
    if not more:
        return tail
    if _END in node and not tail:
        return ""  # the shorter word matches wherever the longer ones would
    rest = f"{re.escape(MARK)}?{_branches(node)}"
    return f"(?:{rest}|{tail})" if _END in node else rest


def _flat(chars: str) -> str:
    first = re.escape(chars[0])
    head = f"(?<![a-z0-9]{first})" if chars[0].isascii() and chars[0].isalnum() else ""
    rest = "".join(f"{re.escape(MARK)}?{re.escape(c)}" for c in chars[1:])
    tail = "(?![a-z])" if chars[-1].isascii() and chars[-1].isalpha() else ""
    return first + head + rest + tail


INLINE_WORDS = 500  # a list this long compiles in ~20 ms: at once, on the caller's thread

# A question an assistant types in without the viewer's name (Douyin has no feed to read it from)
# is shown as asked by 观众, under a user id of its own beginning with this: each such entry is
# a viewer of its own, whom nobody can name. A block by name never reaches one (blocking 观众
# must not silence every typed-in question); a block of its id does.
ANONYMOUS_ID = "manual-"


def anonymous(user_id: str | None) -> bool:
    """Whether `user_id` is a typed-in entry's own id (see ANONYMOUS_ID)."""
    return user_id is not None and user_id.startswith(ANONYMOUS_ID)


def entry_blocks(entry: BlockedViewer, platform: str, user: str, user_id: str | None) -> bool:
    """`entry.blocks`, with the rule the block list keeps for typed-in entries without a name:
    only a block of their own id reaches them (`Moderation.blocks_viewer` for one entry)."""
    if not entry.user_id and anonymous(user_id):
        return False
    return entry.blocks(platform, user, user_id)


class Moderation:
    """The blocked words (and, with `contacts`, the contact-detail shapes) as gated regexes,
    and the blocked viewers as sets; `blocks_viewer` and `blocks_text` are what ingest asks.

    The words compile on first use, or ahead with `warm_up`: a long list on a worker thread,
    so the event loop never waits for it. Until then the rules of the moderation this one
    `replaces` answer (the settings saved while the show runs), or, with none, the first text
    waits for the compile. Thread-safe: the worker only sets the compiled rules, once."""

    __slots__ = ("_any_names", "_contacts", "_ids", "_interim", "_lock", "_names", "_rules",
                 "_worker", "viewers", "words")  # fmt: skip

    def __init__(
        self,
        words: Iterable[str] = DEFAULT_BLOCKED_WORDS,
        viewers: Iterable[BlockedViewer] = (),
        *,
        contacts: bool = True,
    ) -> None:
        self.words = tuple(dict.fromkeys(w.strip() for w in words if w.strip()))
        self._contacts = contacts
        # built on first use (`warm_up`): the gate's table of raw forms takes ~15 ms, which the
        # console pays after its window is shown, not before
        self._rules: _Rules | None = None
        self._interim: _Rules | None = None  # the rules replaced, answering meanwhile
        self._lock = threading.Lock()
        self._worker: threading.Thread | None = None
        self.viewers: tuple[BlockedViewer, ...] = ()
        self._ids: set[tuple[str, str]] = set()
        self._names: set[tuple[str, str]] = set()
        self._any_names: set[str] = set()
        for viewer in viewers:
            self.add_viewer(viewer)

    # ----- words ---------------------------------------------------------------------------
    def blocks_text(self, text: str) -> bool:
        rules = self._rules or self._interim or self.compile()
        if rules.gate is not None and rules.gate.search(text) is None:
            return False
        if rules.contacts is None and rules.exact is None and rules.words is None:
            return False
        normal = normal_form(text)
        if "." in normal or "telegram" in normal:
            normal = _NOT_CONTACTS.sub(" ", normal)
        for regex in (rules.contacts, rules.exact):
            if regex is not None and regex.search(normal) is not None:
                return True
        return rules.words is not None and rules.words.search(marked(normal)) is not None

    def compile(self) -> _Rules:
        """The words and contact shapes compiled (once; a second caller waits for the first)."""
        rules = self._rules
        if rules is not None:
            return rules
        with self._lock:
            if self._rules is None:
                self._rules = _compile(self.words, self._contacts)
                self._interim = None
            return self._rules

    @property
    def compiled(self) -> bool:
        return self._rules is not None

    def warm_up(self) -> None:
        """Compile ahead of the first text: a short list at once, a long one on a worker
        thread (this returns at once; `blocks_text` meanwhile answers as the class says)."""
        if self._rules is not None or self._worker is not None:
            return
        if len(self.words) <= INLINE_WORDS:
            self.compile()
            return
        self._worker = threading.Thread(target=self.compile, name="moderation-compile",
                                        daemon=True)  # fmt: skip
        self._worker.start()

    def wait_compiled(self, timeout: float | None = None) -> bool:
        """Wait for a compile on the worker thread (tests, benchmarks); whether it is done."""
        if self._worker is not None:
            self._worker.join(timeout)
        return self._rules is not None

    def replaces(self, old: Moderation) -> None:
        """Until its own words are compiled, this moderation answers with `old`'s (compiled, or
        themselves waiting for theirs: then those they wait with)."""
        if self._rules is None:
            self._interim = old._rules or old._interim

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
        """Whether that viewer is blocked: by their id, else by their name -- but a typed-in
        entry without a name (an `anonymous` id) only by its id."""
        named = user in self._any_names or (platform, user) in self._names
        if named and not anonymous(user_id):
            return True
        return user_id is not None and (
            (platform, user_id) in self._ids or ("", user_id) in self._ids
        )


def _same(entry: BlockedViewer, asked: BlockedViewer) -> bool:
    if asked.user_id:
        return entry.user_id == asked.user_id and asked.platform in ("", entry.platform)
    return entry.user == asked.user and asked.platform in ("", entry.platform)
