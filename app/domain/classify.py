"""Which comments are questions, which want to buy, which are noise: a rule-based, configurable
classifier (no model) and the key that groups one question asked by several viewers.

Patterns see the normalised text (NFKC so ？！ are ?!, lower case, traditional -> simplified, emoji
and emotes gone). Question and rhetorical patterns run per clause (split at , . ; : ~ ! ? and at
spaces next to Chinese), so ^ and $ are the clause's ends; purchase patterns see the whole text,
and so do buying patterns, which only questions meet (a buying question: price, coupon, stock and
places, payment, delivery, how to enrol or order)."""

from __future__ import annotations

import functools
import re
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from app.domain.audience import Classification
from app.domain.classify_patterns import (
    ACKNOWLEDGEMENTS,
    BUYING_PATTERNS,
    COURTESY_PREFIXES,
    FINAL_PARTICLES,
    PURCHASE_EXCLUSIONS,
    PURCHASE_PATTERNS,
    QUESTION_PATTERNS,
    RHETORICAL_PATTERNS,
)
from app.domain.pattern_gate import GatedPattern, for_search, for_substitution, union_gate

MAX_CHARS = 2000  # a comment is classified on its first 2,000 characters (audience.MAX_TEXT)

# traditional -> simplified, as pairs, for the characters live chat uses most
_T2S_PAIRS = (
    "嗎吗麼么麽么錢钱幾几點点節节課课個个這这裡里裏里沒没為为請请問问誰谁會会來来說说買买賣卖貨货"
    "單单鏈链結结發发後后時时間间報报優优費费還还運运紅红當当現现價价東东們们對对錯错號号碼码種种"
    "樣样長长開开關关網网頁页線线車车門门見见視视頻频錄录證证書书學学習习師师講讲聽听讀读寫写題题"
    "簡简難难實实際际經经驗验適适礎础啟启動动務务應应該该讓让體体歡欢覺觉過过從从麗丽貴贵劃划僅仅"
    "團团購购領领換换寶宝貝贝頭头髮发愛爱國国華华萬万億亿與与區区醫医藥药雙双紀纪興兴氣气熱热溫温"
    "電电腦脑機机聯联係系傳传輸输載载靜静聲声響响齊齐數数據据獲获處处總总給给讚赞囉啰煩烦謝谢樂乐"
    "員员級级歲岁舊旧隻只誤误認认識识記记護护膚肤產产質质貼贴義义邊边遠远灣湾歐欧臺台風风雲云夢梦"
    "戲戏劇剧場场隊队準准備备則则標标慶庆禮礼銷销廣广擊击搶抢訂订約约齡龄歷历衝冲沖冲鬆松緊紧軟软"
    "細细綠绿藍蓝黃黄顏颜條条蘋苹聞闻閱阅閃闪鐘钟錶表鋪铺鎖锁鏡镜試试詢询諮咨詳详談谈論论設设計计"
    "訊讯謂谓誠诚調调議议變变負负責责賬账帳帐資资賺赚贈赠趕赶輕轻較较輔辅導导達达遲迟選选郵邮鄉乡"
    "釋释鐵铁閉闭陳陈險险隨随雜杂離离靈灵韓韩預预顧顾飛飞飯饭飲饮館馆馬马髒脏鬧闹魚鱼鳥鸟麵面齒齿"
    "壓压圖图園园圓圆壞坏夠够媽妈寬宽專专將将尋寻層层屬属幣币幫帮廳厅彈弹態态懷怀戰战戶户掛挂損损"
    "擔担擴扩攝摄敗败斷断曬晒極极構构樓楼樹树檢检權权歸归殺杀濟济無无燈灯爭争爾尔獎奖環环畫画療疗"
    "盤盘盡尽監监確确礙碍稱称穩稳窮穷筆笔範范簽签紙纸紹绍終终組组綁绑維维綜综緣缘練练績绩織织繼继"
    "續续罰罚聖圣職职腳脚舉举莊庄著着藝艺術术衛卫補补裝装製制複复規规親亲觀观訓训許许訴诉評评詞词"
    "話话誌志語语諾诺譯译豐丰贏赢軍军輛辆轉转辦办農农進进遊游鄰邻針针銀银鎮镇閒闲雖虽雞鸡頂顶順顺"
    "須须頓顿額额飽饱驚惊鬥斗麥麦妳你幹干乾干餘余週周連连唄呗庫库遞递塊块滿满減减張张"
    "。.、,「 」 『 』 ’'‘'“\"”\""
)
_T2S = str.maketrans(_T2S_PAIRS[0::2], _T2S_PAIRS[1::2])
_EMOTE = re.compile(r"\[[^\[\]\s]{1,8}\]")  # [捂脸] [666]: platform emotes
_SYMBOL = re.compile(r"[^\w\s!?,.;:~'\"&%+-]")  # emoji, symbols, control characters
_WORD = re.compile(r"[^\W_]+")
_CJK = "\u3400-\u9fff"
_BREAK = re.compile(rf"(?<=[{_CJK}])\s+(?=[^\W\d_])|(?<=[^\W\d_])\s+(?=[{_CJK}])|\n")
_BEFORE_MARK = re.compile(r"\s+(?=[!?])")
_CLAUSE = re.compile(r"[^,.;:~!?]+[,.;:~!?\s]*|[!?]+")
_MIXED = re.compile(rf"(?<=[{_CJK}])(?=[a-z])|(?<=[a-z])(?=[{_CJK}])")
_SPACE, _LATIN = re.compile(r"\s"), re.compile("[a-z]")  # cheap tests: most texts need no split
_MARK = " \u00ac "  # stands in for a rhetorical span, so ^ no longer sees a clause start

# what a key also drops at its end, with the particles, while two characters stay before it: the
# host called after the question (多少钱啊主播, 还有货吗亲, how much pls; not 适合宝宝, 母亲), and a
# final 不 / 没有, which asks as 吗 does (包邮不 = 包邮吗)
_KEY_TAIL = re.compile(
    r"(?<=\w\w)(?:(?<![合给送让帮带跟和对为])(?:主播|老师|宝宝|姐妹们?|家人们|"
    r"(?<![母父双乡相表])亲亲?)|pls|please|plz|不|没有?)$"
)
_KEY_TAIL_ENDS = ("播", "师", "宝", "妹", "们", "亲", "pls", "please", "plz", "不", "没", "有")


@dataclass(frozen=True)
class _Compiled:
    question: list[GatedPattern]
    rhetorical: list[GatedPattern]
    purchase: list[GatedPattern]
    exclusions: list[GatedPattern]
    buying: list[GatedPattern]
    acks: frozenset[str]
    prefixes: re.Pattern[str]
    particles: re.Pattern[str]
    rhetorical_gate: re.Pattern[str] | None = None  # none of these characters: no pattern runs
    question_gate: re.Pattern[str] | None = None
    purchase_gate: re.Pattern[str] | None = None


@dataclass(frozen=True)
class AudienceRules:
    """Keyword and pattern lists (strings only, so they can live in the settings file)."""

    question_patterns: tuple[str, ...] = QUESTION_PATTERNS
    rhetorical_patterns: tuple[str, ...] = RHETORICAL_PATTERNS
    purchase_patterns: tuple[str, ...] = PURCHASE_PATTERNS
    purchase_exclusions: tuple[str, ...] = PURCHASE_EXCLUSIONS
    buying_patterns: tuple[str, ...] = BUYING_PATTERNS
    acknowledgements: tuple[str, ...] = ACKNOWLEDGEMENTS
    courtesy_prefixes: tuple[str, ...] = COURTESY_PREFIXES
    final_particles: tuple[str, ...] = FINAL_PARTICLES
    _compiled: _Compiled | None = field(
        default=None, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        """Lists given here are compiled at once, so a bad pattern is refused here; the
        built-in ones (known good) on first use, which keeps ~40 ms out of the console's start."""
        if not all(getattr(self, f.name) is f.default for f in fields(self) if f.init):
            self._compile()

    @property
    def compiled(self) -> _Compiled:
        compiled = self._compiled
        return compiled if compiled is not None else self._compile()

    def _compile(self) -> _Compiled:
        try:
            prefixes = sorted((normalise(p).strip() for p in self.courtesy_prefixes), key=len)
            alts = [re.escape(p) + (r"\b" if p.isascii() else "") for p in reversed(prefixes) if p]
            particles = "|".join(re.escape(p) for p in self.final_particles if p) or r"(?!)"
            compiled = _Compiled(
                for_search(self.question_patterns),
                for_substitution(self.rhetorical_patterns, by_first_char=True),
                for_search(self.purchase_patterns, by_first_char=True),
                for_substitution(self.purchase_exclusions, by_first_char=True),
                for_search(self.buying_patterns, by_first_char=True),
                frozenset(_core(normalise(a)) or a for a in self.acknowledgements),
                re.compile(rf"^(?:(?:{'|'.join(alts) or '(?!)'})[\s,.:;!~]*)+"),
                re.compile(rf"(?:(?<![怎什这那多])么|{particles})+$"),
            )  # fmt: skip
            compiled = replace(
                compiled,
                rhetorical_gate=union_gate(compiled.rhetorical),
                question_gate=union_gate(compiled.question),
                purchase_gate=union_gate(compiled.purchase, frozenset(_MARK)),
            )
        except re.error as exc:
            raise ValueError(f"audience rules: bad pattern {exc.pattern!r}: {exc}") from None
        object.__setattr__(self, "_compiled", compiled)
        return compiled

    def to_dict(self) -> dict[str, list[str]]:
        return {f.name: list(getattr(self, f.name)) for f in fields(self) if f.init}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> tuple[AudienceRules, list[str]]:
        """Rules from their stored form; a list that is not strings or does not compile falls
        back to its default with a note, so a hand-edited file never stops the console."""
        values: dict[str, tuple[str, ...]] = {}
        notes: list[str] = []
        for f in (f for f in fields(cls) if f.init):
            if (raw := data.get(f.name)) is None:
                continue
            try:
                if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
                    raise ValueError("not a list of strings")
                values[f.name] = getattr(cls(**{f.name: tuple(raw)}), f.name)
            except ValueError as exc:
                notes.append(f"{f.name}: {exc}; using the default")
        return (cls(**values) if values else DEFAULT_RULES), notes


@functools.lru_cache(maxsize=4096)  # a question is normalised twice (classify, question_key)
def normalise(text: str) -> str:
    """The form every pattern sees: NFKC, lower case, simplified, no emoji or emotes."""
    text = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower().translate(_T2S)
    if "[" in text:
        text = _EMOTE.sub(" ", text)
    return _SYMBOL.sub(" ", text.replace("甚么", "什么"))


def _core(normalised: str) -> str:
    return "".join(_WORD.findall(normalised))


def _period(core: str) -> tuple[str, int]:
    """The shortest unit the text repeats, and how many times (哈哈哈 -> 哈, 3)."""
    n = len(core)
    if core.find(core[:1], 1) < 0:  # a repeating unit would start again with the first character
        return core, 1
    for size in range(1, min(n // 2, 8) + 1):
        if n % size == 0 and core == core[:size] * (n // size):
            return core[:size], n // size
    return core, 1


def _is_flood(core: str, normalised: str, rules: _Compiled) -> bool:
    if not core:
        return True  # emoji, emotes or punctuation only
    if core.isdigit():  # 111, 6666, 2333 -- but "99?" asks about a price
        return not (normalised.rstrip().endswith("?") and "!" not in normalised)
    unit, times = _period(core)
    acks = rules.acks
    return len(core) == 1 or core in acks or unit in acks or (len(unit) <= 2 and times >= 3)


def _is_question(text: str, rules: _Compiled) -> bool:
    rhetorical, question = rules.rhetorical_gate, rules.question_gate
    for match in _CLAUSE.finditer(text):
        clause = match.group().strip()
        fired = 0
        if rhetorical is None or rhetorical.search(clause):
            for pattern in rules.rhetorical:
                clause, n = pattern.subn(_MARK, clause)
                fired += n
            clause = clause.strip()
        if (question is None or question.search(clause)) and any(
            pattern.search(clause) for pattern in rules.question
        ):
            return True
        body = clause.rstrip("!?,.;:~ ")
        mark = clause[len(body) :]
        if not fired and "?" in mark and "!" not in mark and _WORD.search(body):
            return True
    return False


def _wants_to_buy(normalised: str, rules: _Compiled) -> bool:
    gate = rules.purchase_gate
    if gate is not None and gate.search(normalised) is None:
        return False  # what an exclusion puts in (_MARK) is none of the gate's characters
    for pattern in rules.exclusions:
        normalised = pattern.sub(_MARK, normalised)
    return any(pattern.search(normalised) for pattern in rules.purchase)


def _asks_before_buying(normalised: str, rules: _Compiled) -> bool:
    # no union gate: the Chinese and the English regex each skip a text without their
    # characters at once, and a loop costs less than any() here (questions only, but many)
    for pattern in rules.buying:  # noqa: SIM110
        if pattern.search(normalised):
            return True
    return False


@dataclass
class RecentTexts:
    """The texts seen lately (a small LRU of normalised texts and when they came), to tell a
    repeat from a new comment. Pure: the caller passes the time or injects the clock."""

    window_s: float = 20.0
    capacity: int = 512
    clock: Callable[[], float] = time.monotonic
    _last: OrderedDict[str, float] = field(default_factory=OrderedDict, repr=False)

    def seen(self, key: str, now: float | None = None) -> bool:
        """Note `key` at `now`; True when it was already noted within the window."""
        at = self.clock() if now is None else now
        last = self._last.pop(key, None)
        self._last[key] = at
        while len(self._last) > self.capacity:
            self._last.popitem(last=False)
        return last is not None and 0.0 <= at - last <= self.window_s


DEFAULT_RULES = AudienceRules()  # compiled on first use (warm_up)


def warm_up() -> None:
    """Compile the built-in rules now (after the window is shown), not on the first comment."""
    _ = DEFAULT_RULES.compiled


# the possible verdicts, made once (Classification is immutable); only a question is buying
_VERDICTS = {(q, p, f, b): Classification(q, p, f, b) for q in (False, True)
             for p in (False, True) for f in (False, True) for b in (False, q)}  # fmt: skip


def classify(text: str, rules: AudienceRules = DEFAULT_RULES, recent: RecentTexts | None = None,
             now: float | None = None) -> Classification:  # fmt: skip
    """Question, purchase intent, flood and buying question for one comment. With `recent`, a
    text repeated within its window is flood too -- unless it is a question: the queue groups
    those and counts the askers. Floods are never questions; only questions are buying."""
    core, verdict = _verdict(text, rules)
    return _with_recent(core, verdict, recent, now)


def _with_recent(
    core: str, verdict: Classification, recent: RecentTexts | None, now: float | None
) -> Classification:
    if recent is not None and core and recent.seen(core, now) and not verdict.is_question:
        return _VERDICTS[False, verdict.purchase_intent, True, False]
    return verdict


def _verdict(text: str, rules: AudienceRules) -> tuple[str, Classification]:
    """The text's core (what `recent` remembers) and its verdict, from the text alone."""
    normalised = normalise(text)
    core = _core(normalised)
    compiled = rules.compiled
    flood = _is_flood(core, normalised, compiled)
    # spaces next to Chinese break clauses; English glued to Chinese becomes a word of its own
    prepared = normalised
    if _SPACE.search(prepared):
        prepared = _BREAK.sub(",", prepared)
        if "?" in prepared or "!" in prepared:
            prepared = _BEFORE_MARK.sub("", prepared)
    if _LATIN.search(prepared):
        prepared = _MIXED.sub(" ", prepared)
    question = not flood and _is_question(prepared, compiled)
    buying = question and _asks_before_buying(prepared, compiled)
    return core, _VERDICTS[question, _wants_to_buy(prepared, compiled), flood, buying]


class CommentClassifier:
    """`classify` and `question_key` for one set of rules, with its memory of recent texts, and
    the verdicts and keys of the latest texts seen (VERDICTS_KEPT of each): a live chat says
    the same 扣1, 666 and 多少钱？ thousands of times, and a text's verdict depends on the text
    alone (the repeat test, which depends on when, runs on every comment)."""

    VERDICTS_KEPT = 8192

    def __init__(self, rules: AudienceRules = DEFAULT_RULES,
                 recent: RecentTexts | None = None) -> None:  # fmt: skip
        self.rules, self.recent = rules, recent
        self._verdict = functools.lru_cache(maxsize=self.VERDICTS_KEPT)(
            functools.partial(_verdict, rules=rules)
        )
        self.key = functools.lru_cache(maxsize=self.VERDICTS_KEPT)(
            functools.partial(question_key, rules=rules)
        )

    def classify(self, text: str, now: float | None = None) -> Classification:
        core, verdict = self._verdict(text)
        return _with_recent(core, verdict, self.recent, now)


def question_key(text: str, rules: AudienceRules = DEFAULT_RULES) -> str:
    """The form that groups one question asked by many: 多少钱？ / 多少钱啊 / 请问多少钱 / 多少錢 /
    多少钱主播 all give 多少钱 (case, script, punctuation, emoji, courtesy openers, final particles
    and the host called at the end go; a final 不 counts as 吗: 包邮不 = 包邮吗)."""
    normalised = " ".join(normalise(text).split())
    compiled = rules.compiled
    core = _core(compiled.prefixes.sub("", normalised))
    stripped = compiled.particles.sub("", core)
    for _ in range(3):  # 多少钱啊主播 -> 多少钱啊 -> 多少钱 (a few rounds at most)
        if not stripped.endswith(_KEY_TAIL_ENDS):
            break  # the common case, at once (the regex would try every position of a long text)
        if (shorter := compiled.particles.sub("", _KEY_TAIL.sub("", stripped))) == stripped:
            break
        stripped = shorter
    return stripped or core or _core(normalised) or normalised.strip()
