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

_FILL = (r"(?:(?:hi|hey|hello|so|and|but|also|btw|ok|okay|um+|uh+|sorry|excuse me|teacher|sir|"
         r"guys|pls|please|plz|wait|then|oh|hmm+|lol|well|quick question)\W*\s*)*")  # fmt: skip
_AUX = (r"(?:can|could|will|would|should|shall|may|might|is|are|was|were|am|has|have|had|does|did|"
        r"isn't|aren't|wasn't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't|shouldn't|"
        r"hasn't|haven't)")  # fmt: skip
_SUBJ = (r"(?:i|you|u|we|they|it|he|she|this|that|these|those|there|the|my|your|ur|our|their|"
         r"anyone|someone|anybody|somebody|everyone|any|a|an|all|both|each|every)")  # fmt: skip
_WOW = (r"(?:cool|nice|great|amazing|awesome|cute|beautiful|lovely|sweet|fun|pretty|lucky|funny|"
        r"wonderful|adorable|gorgeous|fantastic|exciting|crazy|perfect)")  # fmt: skip
_CLAUSE_END = r"(?=\W*$)"

QUESTION_PATTERNS: tuple[str, ...] = (
    r"吗|请问|求问|想问|问一?下|请教|咨询一?下|打听一?下|是否|可否|能否|有无|有没",
    rf"(?<![怎什这那多要])么{_CLAUSE_END}|呢(?=[\s.!?~]*$)|[有是能会可]\w{{0,8}}嘛{_CLAUSE_END}",
    r"多少|(?<![不差])多(?:久|大|长|重|高|宽|远|厚|贵)|怎[么莫摸样]|咋|如何|为啥|干嘛|干啥|什么|啥|谁",
    r"(?<![好这那前后十头末])几(?=[点节天号个次年月岁块折期课遍分小时周本件套位人种级门张])|哪(?!怕)",
    r"([^\W\d_不没])[不没]\1",  # A不A: 好不好, 能不能, 有没有
    rf"(?<=\w\w)(?<![还都也就并从])(?:不|没有?){_CLAUSE_END}",
    rf"(?<=[^\W我你他她们都也就却])还是\w{{1,8}}(?<![了吧啦呀]){_CLAUSE_END}",
    rf"^{_FILL}(?:what|wat|wut|how|when|where|which|who|whom|whose|why)(?:'s|s|'re|re|'d)?\b"
    r"(?!\s+(?:i|we|you|they|he|she)\b)",
    rf"^{_FILL}(?:{_AUX}\s+{_SUBJ}\b|do\s+(?:i|you|u|we|they|ya|y'all|all|any)\b|r\s+u\b)",
    rf"^{_FILL}(?:is|are|was|were|does|can|could|will|would|should)\s+(?!(?:be|been|not|so|too|"
    r"very|really|just|also|wait|love|go|do|have|get|fun|good|great|nice|cool|amazing|awesome|"
    r"better|fine|help|make|try)\b)[a-z]+\b",
    rf"^{_FILL}(?:any|anyone|anybody|anything|anywhere)\b",
    r"\b(?:how (?:much|many|long|often|come|old|big|far)|what (?:time|size|day|date|level|kind|"
    r"type|colou?r)|which (?:one|size|colou?r|version|level|plan))\b",
    r"\b(?:i wonder|wondering|curious|(?:want|wanna|need) to know|(?:idk|don't know|dont know|"
    r"not sure)\s+(?:how|what|where|when|which|if|whether|why|who)|(?:pls|please|plz) (?:tell|"
    r"explain|confirm)|tell me (?:how|what|where|when|if))\b",
)
RHETORICAL_PATTERNS: tuple[str, ...] = (
    r"什么[都也]|(?:没|不管|无论|不论)什么|什么(?:鬼|神仙)|还(?:在)?等什么|啥[都也]|没啥",
    r"多少[都也]|多多少少|多少有点|不怎么|怎么[都也]|哪(?:里|儿)?[都也]|哪有(?:这么|那么)|哪里哪里",
    r"(?:怎么|咋)(?:会)?(?:这么|那么)[^,.;:~!?]*(?:!|(?=[,.;:~\s]*$))",
    r"谁[不都也]|还有谁|谁(?:能|会)(?:不|拒绝)|谁懂|有没有搞错",
    r"太[^,.;:~!?]{1,8}?(?:了|啦)(?:吧|啊|呀)?|难道[^,.;:~!?]*|岂不[^,.;:~!?]*",
    r"这不(?:就是|比|是很|是挺)[^,.;:~!?]*吗|不(?:香|好|值|美|划算|便宜)吗",
    r"([^\W\d_])不\1\w{0,4}[都也]",  # 好不好看都买
    r"爱(\w)不\1",  # 爱买不买
    rf"\bwhat an?\b[^,.;:~!?]*|\bhow {_WOW}\b(?:\s+(?:is|was|are|were)\s+(?:that|this|it|we|"
    r"they|you)\b)?|\bhow \w+ (?:is|was) (?:that|this)(?=\W*$)",
    r"\bwho (?:cares|doesn'?t|wouldn'?t|needs|asked|knew)\b|\bwhy not\b(?=\W*$)|"
    r"\bwhat the (?:hell|heck|fuck|f)\b|\bwtf\b|\bhow about (?:that|this|it)(?=\W*$)",
    r"\b(?:guess what|you know what|no matter (?:what|how|when|where|who))\b|\bso what(?=\W*$)",
    r"\bcan you believe\b|\bare you (?:kidding|serious|joking)\b|\bwho would(?:'ve| have)? "
    r"thought\b|\bhow dare\b|^(?:is|are|was) (?:the|so) (?:best|greatest|goat)\b",
    rf"\b(?:isn'?t|aren'?t|wasn'?t) (?:it|that|this|he|she|they) (?:so |just |really )?(?:{_WOW}|"
    r"the best)\b",
    r"^(?:what|how)\b(?!\s+(?:is|are|was|were|do|does|did|can|could|much|many|long|to|will|would|"
    r"should|about|time|size|often|come)\b)[^!?]*[!?]*![!?,.;:~\s]*$",
)
PURCHASE_PATTERNS: tuple[str, ...] = (
    r"想要|想买|要买|我要|要了|买了|已买|买买|买它|都买|入手|闭眼入|下单|已拍|拍了|拍下|上车|链接|连结",
    r"扣\s*[1-9一二两三]|小黄车|购物车|加购|付款|已付|付了|抢到|买不到|抢不到|剁手|拿下|安排上|报名",
    r"冲(?![动突浪击刺锋泡洗])|来[一两二三四五六七八九十1-9]\s*[单份套个件盒瓶箱]|(?<!\w)买(?!\w)",
    r"(?:怎么|咋|如何|哪里?|哪儿)(?:买|下单|付款|拍|报名)",
    r"\b(?:bought|ordered|purchased|paid|checked out|checking out|signed up|sign me up|sign up|"
    r"enroll(?:ed)?|register(?:ed)?|buy(?:ing)?|cart|links?|take my money|count me in)\b",
    r"\bi want\b(?! to\b)|\bi'?ll take\b|\bi'?m in\b|\b(?:want|need) (?:this|it|one|two)\b",
)
PURCHASE_EXCLUSIONS: tuple[str, ...] = (
    r"(?<!谁)不(?:想要|要了|想买|要买|买|下单|拍)|想要(?:问|了解|知道|咨询)|[重需主只]要了|要了解",
    r"我要(?:问|说|吐槽)",
    r"\b(?:not|never|don'?t|won'?t|didn'?t|no)\s+(?:buying|buy|want|ordering|order)\w*",
)
# A question that stands between the viewer and an order. Only a question is tested (a statement
# such as 已拍 or 包邮真好 is no buying question), so these name the topic, and the form only where
# the topic word alone is too loose (链接 of 这个链接的东西好用吗, "how much" of "how much water").
# Every branch starts with a plain character (a lookbehind comes after it, not before; no \b or
# class in front): they are joined by first character (pattern_gate), which keeps them cheap.
_FAR_AWAY = r"(?:海外|国外|境外|香港|澳门|台湾|新疆|西藏|偏远|国际)"
_ORDER_WORDS = r"(?:买|下单|拍|付钱|支付|链接|连结|链结)"
BUYING_PATTERNS: tuple[str, ...] = (
    # price and offers
    r"多少钱(?![都也])|价格|价位|价钱|啥价|什么价|几块|几元|多少元|便宜|优惠|折扣|打折|几折|会员价|原价|"
    r"最低价|学费|费用|付费|收费|要钱|免费的?吗|报名费|活动价|这个?价(?!值)|赠品|送什么|送啥|有送|"
    r"有没有送|到手|买[一二两三1-9]送|拍[一二两三1-9]送",
    # coupons
    r"券|优惠码|折扣码|满减|满\w{0,3}减|有卷|领卷|卷在哪",
    # stock and places left
    r"有货|现货|没货|断货|缺货|补货|库存|卖完|售罄|抢完|抢光|卖光|预售|名额|满员|报满|满了(?:吗|没)|"
    r"还有(?:吗|货|位置|座|没有?(?=\W*$))|还剩(?:多少|几[个件套份单位盒瓶台张])|"
    r"还能(?:报|买|拍|抢|上车)",
    # payment and instalments
    r"花呗|分期|分几期|免息|利息|信用卡|刷卡|白条|微信支付|微信付|支付宝|支付方式|"
    r"付款(?<!已付款)(?!了|成功)|付钱|货到付|先用后付|月付|发票|定金|尾款|付不了|怎么付|能付",
    # delivery
    r"发货|出货|包邮|保邮|运费|邮费|快递|顺丰|物流|配送|到货|收到货|寄到|能寄|可以寄|发不发|寄不寄|"
    r"几天\w{0,2}到|多久\w{0,2}到|多长时间\w{0,2}到|明天\w{0,2}到|后天\w{0,2}到|哪天\w{0,2}到|"
    r"几号\w{0,2}[到发]|今天\w{0,2}发|明天\w{0,2}发|当天\w{0,2}发|马上\w{0,2}发|什么时候\w{0,2}发|"
    rf"几时\w{{0,2}}发|发\w{{0,2}}{_FAR_AWAY}|寄\w{{0,2}}{_FAR_AWAY}",
    # how to enrol, buy or order, and which link
    r"报名(?<![已刚]报名)(?!了|成功)|报班|购买(?!了)|会员|上车(?<![已刚]上车)(?!了)|小黄车|购物车|"
    r"橱窗|拍哪|买哪|"
    rf"怎么\w{{0,3}}{_ORDER_WORDS}|咋\w{{0,3}}{_ORDER_WORDS}|如何\w{{0,3}}{_ORDER_WORDS}|"
    rf"哪\w{{0,3}}{_ORDER_WORDS}|几\w{{0,2}}{_ORDER_WORDS}|看不到\w{{0,2}}{_ORDER_WORDS}|"
    rf"找不到\w{{0,2}}{_ORDER_WORDS}|没看到\w{{0,2}}{_ORDER_WORDS}|"
    r"链接(?<!回放链接)(?<!群链接)\w{0,2}(?:在哪|呢|是哪|是几|怎么|没了|在那)|连结\w{0,2}(?:在哪|呢)|"
    r"链结\w{0,2}(?:在哪|呢)",
    # English
    r"how much(?<!show much)(?:\W*$|\s+(?:is|are|r|was|were|for|does|do|did|will|would|it|this|"
    r"that|they|these|those|each|per|in|to|money)\b)(?![^?!]*\b(?:weigh|hold|fit|last|take|heavy)\b)",
    r"price|pricing|costs?\b|discount|cheaper|on sale|usd\b|rmb\b|dollar|bucks\b|coupon|voucher|"
    r"promo|% ?off\b|is (?:it|this|that) free|for free\b",
    r"sold out|in stock|out of stock|restock|back in stock|any left|pre-?order|in size\b|"
    r"availab(?<!replay availab)(?<!recording availab)(?<!video availab)(?:le|ility)\b(?! on\b)|"
    r"stock (?:\w+ )?left\b|seats? (?:\w+ )?left\b|spots? (?:\w+ )?left\b|"
    r"places? (?:\w+ )?left\b|tickets? (?:\w+ )?left\b|"
    r"do (?:you|u) have (?:(?:it|this|one|them|that) in|size)",
    r"pay\b|paying|payment|paypal|credit card|debit card|visa\b|mastercard|alipay|klarna|afterpay|"
    r"instal+ment|cash on delivery|invoice",
    r"ship(?<![a-z]ship)(?:s|ping|ped)?\b|deliver(?:y|ed|s)?\b|courier|postage|dispatch|customs\b|"
    r"it arrive|they arrive|order arrive|package arrive|parcel arrive",
    r"enrol|sign(?:ing)?[ -]?up|register|registration|tuition|membership|"
    r"join the (?:course|class|program|programme|workshop|bootcamp|training)\b",
    r"where[^?!.]{0,20}\b(?:buy|order|purchase|check ?out|get it)\b|"
    r"how[^?!.]{0,20}\b(?:buy|order|purchase|check ?out)\b|i (?:still )?(?:buy|order|purchase)\b|"
    r"we buy\b|cart\b|checkout|link(?<![a-z]link)(?<!replay link)(?<!recording link)"
    r"(?<!music link)(?<!song link)(?<!zoom link)s?\b"
    r"(?![^?!]*\b(?:music|song|replay|recording|discord|group|slides|notes|zoom|video)\b)",
)
ACKNOWLEDGEMENTS: tuple[str, ...] = (
    "1", "2", "6", "66", "+1", "ok", "okk", "okay", "k", "kk", "好", "好的", "嗯", "哦", "噢", "对",
    "对的", "是", "是的", "收到", "到", "在", "来了", "来啦", "赞", "顶", "哈", "哈哈", "嘿嘿",
    "lol", "lmao", "lmfao", "nice", "wow", "gg", "yes", "yep", "yeah", "yay", "ha", "haha", "hehe",
    "xd", "nb", "牛", "yyds", "啊这", "草", "绝了")  # fmt: skip
COURTESY_PREFIXES: tuple[str, ...] = (
    "麻烦问一下", "想问一下", "想问下", "想问", "问一下", "问下", "请问", "求问", "老师好",
    "主播好", "老师", "主播", "你好", "您好", "那个", "就是", "亲", "宝宝", "家人们", "hi",
    "hello", "hey", "teacher", "sorry", "excuse me", "please", "pls")  # fmt: skip
FINAL_PARTICLES: tuple[str, ...] = tuple("吗呢啊呀吧哦嘛啦哈鸭喔")


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
                for_search(self.question_patterns), for_substitution(self.rhetorical_patterns),
                for_search(self.purchase_patterns), for_substitution(self.purchase_exclusions),
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
    """The form that groups one question asked by many: 多少钱？ / 多少钱啊 / 请问多少钱 / 多少錢
    all give 多少钱 (case, script, punctuation, emoji, courtesy openers and final particles go)."""
    normalised = " ".join(normalise(text).split())
    compiled = rules.compiled
    core = _core(compiled.prefixes.sub("", normalised))
    stripped = compiled.particles.sub("", core)
    return stripped or core or _core(normalised) or normalised.strip()
