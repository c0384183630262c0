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
    r"吗|请问|求问|想问|问一?下|请教|咨询一?下|打听一?下|是否|可否|能否|有无|有没|有木有",
    rf"(?<![怎什这那多要])么{_CLAUSE_END}|呢(?=[\s.!?~]*$)|[有是能会可]\w{{0,8}}嘛{_CLAUSE_END}",
    r"多少|(?<![不差])多(?:久|大|长|重|高|宽|远|厚|贵)|怎[么莫摸样]|咋|如何|为啥|干嘛|干啥|什么|啥|谁",
    # dialect and typed-fast forms: 多钱 / 几多钱 (how much), 肿么 / 啷个 (how), 神马 (what)
    r"多钱(?<![好很太许没]多钱)|几多钱|肿么|啷个|神马(?![都也])",
    r"(?<![好这那前后十头末])几(?=[点节天号个次年月岁块折期课遍分小时周本件套位人种级门张题页章集讲单])|"
    r"哪(?![怕吒])",
    r"([^\W\d_不没])[不没]\1",  # A不A: 好不好, 能不能, 有没有
    # a final 不 / 没有 asks (包邮不, 发货了没) -- not after an adverb that makes it an answer
    # (完全没有, 我们家没有, 我才不, 那可不); a vocative may follow it (还有不亲)
    r"(?<=\w\w)(?<![还都也就并从才可])(?<!完全|根本|暂时|目前|一直|从来|确实|这边|那边|我家|们家|我这|"
    rf"这里|那里)(?:不|没有?)(?:亲亲?|宝宝?|主播|老师|姐妹们?|家人们)?{_CLAUSE_END}",
    rf"(?<=[^\W我你他她们都也就却])还是\w{{1,8}}(?<![了吧啦呀]){_CLAUSE_END}",
    rf"^{_FILL}(?:what|wat|wut|how|when|where|which|who|whom|whose|why)(?:'s|s|'re|re|'d)?\b"
    r"(?!\s+(?:i|we|you|they|he|she)\b)",
    # "have a great night", "did it!" are no questions
    rf"^{_FILL}(?:(?!(?:have|had)\s+(?:a|an|the|all|every)\b)(?!did\s+it\W*$){_AUX}\s+{_SUBJ}\b|"
    r"do\s+(?:i|you|u|we|they|ya|y'all|all|any)\b|r\s+u\b)",
    rf"^{_FILL}(?:is|are|was|were|does|can|could|will|would|should)\s+(?!(?:be|been|not|so|too|"
    r"very|really|just|also|wait|love|go|do|have|get|fun|good|great|nice|cool|amazing|awesome|"
    r"better|fine|help|make|try|about|def|definitely|totally|literally|relate|confirm|gonna|"
    r"going)\b)[a-z]+\b",
    rf"^{_FILL}(?:any|anyone|anybody|anything|anywhere)\b",
    r"\b(?:how (?:much|many|long|often|come|old|big|far)|what (?:time|size|day|date|level|kind|"
    r"type|colou?r)|which (?:one|size|colou?r|version|level|plan))\b",
    r"\b(?:i wonder|wondering|curious|(?:want|wanna|need) to know|(?:idk|don't know|dont know|"
    r"not sure)\s+(?:how|what|where|when|which|if|whether|why|who)|(?:pls|please|plz) (?:tell|"
    r"explain|confirm)|tell me (?:how|what|where|when|if))\b",
    r"\bhw much\b|\bfrom where\b|^price\s+(?:pls|plz|please)\b",  # typed fast
)
_NOT_ASKED = r"(?![^?]*\?)"  # unless the clause ends in a question mark
_UNTIL_NE = r"(?:(?![哪啥谁几什怎咋多吗干嘛么的])\w){0,8}呢(?=[\s.!~]*$)"
_SO = rf"(?:这么|那么)\w*{_NOT_ASKED}"
# Chinese branches start with a plain character (no lookbehind, group or ^ in front), as buying's
# do: they are joined by first character (pattern_gate), which keeps them cheap
RHETORICAL_PATTERNS: tuple[str, ...] = (
    # statements in progress or not yet, ending in 呢 (在呢, 我在听呢, 还没下单呢, 等发货呢): no
    # question word between, no question mark after (现在呢, 在哪呢, 还没发货呢？ ask)
    rf"在(?<![现存实所好]在){_UNTIL_NE}|着{_UNTIL_NE}|还没{_UNTIL_NE}|还在{_UNTIL_NE}|"
    rf"正在{_UNTIL_NE}|等{_UNTIL_NE}|何必呢",
    # agreement, slogans and idioms (可不是嘛, 谁买谁知道, 谁顶得住, 有什么好犹豫的, 怎么可能,
    # 凭什么这么便宜 -- but 凭什么这么贵？ with its question mark asks)
    r"可不是[嘛吗]|那可不|会玩嘛|谁说不是呢?|谁还不是|谁\w谁|谁\w{0,2}(?:顶得住|扛得住|受得了|忍得住)|"
    r"还\w{0,2}(?:犹豫|纠结)(?:什么|啥)|有什么好(?:犹豫|纠结|说|考虑|想|怕|比)的|怎么可能|"
    rf"怎么说呢(?<=^怎么说呢)|凭什么{_SO}|怎么能{_SO}|怎么可以{_SO}|咋能{_SO}|咋可以{_SO}|"
    rf"哪里(?:找|买得到|去找)\w{{0,3}}{_SO}|哪儿(?:找|去找)\w{{0,3}}{_SO}|上哪(?:找|去找)\w{{0,3}}{_SO}|"
    rf"去哪(?:找|买得到)\w{{0,3}}{_SO}",
    r"(?:管他|不管|无论)\w{0,4}(\w)不\1",  # 管他贵不贵
    # 几 as "a few" (用了几年了, 几天没来了), 知道 + question word + 了 (我知道多少钱了)
    rf"几(?<=了几)[年天遍次回件个单套盒]了{_NOT_ASKED}|几[天年]没{_NOT_ASKED}|"
    r"知道\w{0,2}(?:多少|什么|怎么|哪)\w{0,4}了(?=\W*$)",
    # a question word before 都 / 也: 什么时候买都不亏, 多少钱都值, 怎么用都不坏, 哪个颜色都好看,
    # 我几号都在家 (but 为什么我也抢不到 and 怎么我也看不到 ask)
    r"什么(?<!为什么)\w{0,3}[都也]|没什么|不管什么|无论什么|不论什么|什么(?:鬼|神仙)|还(?:在)?等什么|"
    r"啥[都也]|没啥",
    r"多少\w{0,2}[都也]|多多少少|多少有点|不怎么|怎么(?:(?![我你他她])\w){0,2}[都也]|"
    r"哪(?:里|儿)?(?:[个款种样件]\w{0,3})?[都也]|几[点号天]\w{0,2}[都也]|哪有(?:这么|那么)|哪里哪里",
    r"怎么会?(?:这么|那么)[^,.;:~!?]*(?:!|(?=[,.;:~\s]*$))|咋会?(?:这么|那么)[^,.;:~!?]*(?:!|(?=[,.;:~\s]*$))",
    r"谁[不都也]|还有谁|谁(?:能|会)(?:不|拒绝)|谁懂|有没有搞错",
    r"太[^,.;:~!?]{1,8}?(?:了|啦)(?:吧|啊|呀)?|难道[^,.;:~!?]*|岂不[^,.;:~!?]*",
    r"这不(?:就是|比|是很|是挺)[^,.;:~!?]*吗|不(?:香|好|值|美|划算|便宜)吗",
    r"([^\W\d_])不\1\w{0,4}[都也]",  # 好不好看都买
    r"爱(\w)不\1",  # 爱买不买
    rf"\bwhat an?\b[^,.;:~!?]*|\bhow {_WOW}\b(?:\s+(?:is|was|are|were)\s+(?:that|this|it|we|"
    r"they|you)\b)?|\bhow \w+ (?:is|was) (?:that|this)(?=\W*$)",
    r"\bi (?:know|knew) (?:how|what|where|when)\b[^?]*|"  # i know how much it is
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
    r"冲(?![动突浪击刺锋泡洗])|来[一两二三四五六七八九十1-9]\s*[单份套个件盒瓶箱]|买(?<!\w买)(?!\w)",
    r"怎么(?:买|下单|付款|拍|报名|报(?!\w))|咋(?:买|下单|付款|拍|报名|报(?!\w))|"
    r"如何(?:买|下单|付款|拍|报名|报(?!\w))|哪里?(?:买|下单|付款|拍|报名)|哪儿(?:买|下单|付款|拍|报名)|"
    r"肿么(?:买|下单|付款|拍|报名)|啷个(?:买|下单|付款|拍|报名)|结[账帐]",
    # done or claimed: 付完款了, 已抢, 必入, 蹲补货, 回购, 囤了, 报了, 交了定金, 我也要, 要一个
    r"付完|已抢|已入(?=\W*$)|必入|蹲(?:补货|返场|链接)|回购|囤了|囤货|报完名|交了?定金|我也要|"
    r"报了(?<![举汇预回上申]报了)|要一[个件套盒单](?<![需只主重]要一.)|给我安排|要要要|下订",
    r"\b(?:bought|ordered|purchased|paid|checked out|checking out|signed up|sign me up|sign up|"
    r"enroll(?:ed)?|register(?:ed)?|buy(?:ing)?|cart|links?|take my money|count me in|copped)\b",
    r"\bi want\b(?! to\b)|\bi'?ll take\b|\bi'?m in\b|\b(?:want|need) (?:this|it|one|two)\b|"
    r"\bmine(?<!\w mine)\W*$|\border(?=\s?了)|"
    r"\bjoin the (?:course|class|program|bootcamp|workshop)\b",
)
PURCHASE_EXCLUSIONS: tuple[str, ...] = (
    r"不(?<!谁不)(?:想要|要了|想买|要买|买|下单|拍)|想要(?:问|了解|知道|咨询)|重要了|需要了|主要了|"
    r"只要了|要了解",
    r"我也?要(?:问|说|吐槽|哭|去|疯|走|死|笑|晕|回|上课|上班|开会)|要了\w{0,3}命|不会?再?回购",
    # 冲奶粉 / 冲凉, 拿下来看看, a link that sells nothing (群链接, zoom 链接), not yet ordered
    r"冲(?=[奶粉调饮凉澡])|拿下(?=来|去)|回放[\s,]?链接|群[\s,]?链接|zoom[\s,]?链接|会议[\s,]?链接|"
    r"资料[\s,]?链接|网盘[\s,]?链接|没有?(?:下单|拍|付款)",
    r"\b(?:not|never|don'?t|won'?t|didn'?t|no)\s+(?:buying|buy|want|ordering|order)\w*|"
    r"\b(?:zoom|replay|discord|meeting|group|recording) links?\b",
)
# A question that stands between the viewer and an order. Only a question is tested (a statement
# such as 已拍 or 包邮真好 is no buying question), so these name the topic, and the form only where
# the topic word alone is too loose (链接 of 这个链接的东西好用吗, "how much" of "how much water").
# Every branch starts with a plain character (a lookbehind comes after it, not before; no \b or
# class in front): they are joined by first character (pattern_gate), which keeps them cheap.
_FAR_AWAY = r"(?:海外|国外|境外|香港|澳门|台湾|新疆|西藏|偏远|国际|海南|内蒙|青海|宁夏|甘肃)"
_COLOURS = "黑白红蓝粉灰绿黄紫橙棕咖杏米驼卡金银"
# a size or colour asked after 有 (有没有大码, 有XL吗, 有160的吗, 有黑色吗, 有没有别的颜色)
_VARIANT = (
    r"(?:大码|小码|加大码|加大|[sml]码|x{0,3}l(?![a-z])|xs(?![a-z])|\d{2,3}(?:码|的|cm)|"
    rf"[{_COLOURS}]色|别的颜?色|其他颜?色|black|white|pink|navy)"
)
_ASKS_HAVE = r"(?:吗|么|嘛|没|不)"  # 有吗, 有没, 有不
_ORDER_WORDS = r"(?:买|下单|拍|付钱|支付|链接|连结|链结)"
BUYING_PATTERNS: tuple[str, ...] = (
    # price and offers
    r"多少钱(?![都也])|价格|价位|价钱|啥价|什么价|几块|几元|多少元|便宜|优惠|折扣|打折|几折|会员价|原价|"
    r"最低价|学费|费用|付费|收费|要钱|免费的?吗|报名费|活动价|这个?价(?!值)|赠品|送什么|送啥|有送|"
    r"有没有送|到手|买[一二两三1-9]送|拍[一二两三1-9]送|送不送|送的(?:什么|啥)",
    # the price without 钱: 怎么卖, 多钱, 几多钱, 多少米/q/块, 贵不贵, 降价, 一个价, jg (价格), and
    # 多少 after a unit at the end of a clause (一件多少, 两件一起多少; 这个容量多少 is no price)
    r"怎么卖|咋卖|多钱(?<![好很太许没]多钱)|几多钱|多少\s?[米q块](?![a-z])|贵不贵|贵[吗么嘛]|降价|涨价|"
    r"一个价|同价|"
    r"件(?:一起|总共|一共)?多少(?!\w)|个(?:一起|总共|一共)?多少(?!\w)|套(?:一起|一共)?多少(?!\w)|"
    r"盒(?:一起|一共)?多少(?!\w)|瓶(?:一起|一共)?多少(?!\w)|支多少(?!\w)|斤多少(?!\w)",
    # coupons
    r"券|优惠码|折扣码|满减|满\w{0,3}减|有卷|领卷|卷在哪",
    # stock and places left
    r"有货|现货|没货|断货|缺货|补货|库存|卖完|售罄|抢完|抢光|卖光|预售|名额|满员|报满|满了(?:吗|没)|"
    r"还有(?:吗|货|位置|座|没有?(?=\W*$)|没有了|不(?:亲亲?|宝宝?|主播|老师)?(?=\W*$))|"
    r"还剩(?:多少|几[个件套份单位盒瓶台张])|还能(?:报|买|拍|抢|上车)|插班|返场|秒没|"
    r"再上(?:吗|么|嘛|不|没)",
    # sizes and colours: 有没有大码, 40码有吗, XL有吗 (prepared: "xl 有吗"), 黑色有吗 (二维码有吗 is
    # not one)
    rf"有(?:没有|木有|没)?[\s,]?{_VARIANT}|码(?<![维证号密]码)的?还?有{_ASKS_HAVE}|"
    rf"色(?<=[{_COLOURS}]色)的?还?有{_ASKS_HAVE}|有(?:(?<=\b[sml][\s,]有)|(?<=\bx[sl][\s,]有)|"
    rf"(?<=\bxxl[\s,]有)|(?<=\bxxxl[\s,]有)){_ASKS_HAVE}",
    # payment and instalments
    r"花呗|分期|分几期(?![讲课])|免息|利息|信用卡|刷卡|白条|微信支付|微信付|支付宝|支付方式|"
    r"付款(?<!已付款)(?!了|成功)|付钱|货到付|先用后付|月付|发票|定金|尾款|付不了|怎么付|能付|"
    r"分[\d一二三四五六七八九十两]{1,2}期|支付(?:失败|不了|不成功)|对公|转账|结[账帐]",
    # delivery
    r"发货|出货|包邮|保邮|运费|邮费|快递|顺丰|物流|配送|到货|收到货|寄到|能寄|可以寄|发不发|寄不寄|"
    r"几天\w{0,2}到|多久\w{0,2}到(?!账)|多长时间\w{0,2}到|明天\w{0,2}到|后天\w{0,2}到|哪天\w{0,2}到|"
    r"几号\w{0,2}[到发]|今天\w{0,2}发|明天\w{0,2}发|当天\w{0,2}发|马上\w{0,2}发|什么时候\w{0,2}发|"
    rf"几时\w{{0,2}}发|发\w{{0,2}}{_FAR_AWAY}|寄\w{{0,2}}{_FAR_AWAY}|啥时候\w{{0,2}}发|"
    r"神马时候\w{0,2}发|多久\w{0,3}发(?=货|出|吗|呢|啊|呀|\W*$)|中通|圆通|韵达|申通|极兔|邮政|德邦|"
    r"改地址|地址\w{0,2}改|取货|宅配|自提",
    # how to enrol, buy or order, and which link
    r"报名(?<![已刚]报名)(?!了|成功)|报班|购买(?!了)|会员|上车(?<![已刚]上车)(?!了)|小黄车|购物车|"
    r"橱窗|拍哪|买哪|"
    rf"怎么\w{{0,3}}{_ORDER_WORDS}|咋\w{{0,3}}{_ORDER_WORDS}|如何\w{{0,3}}{_ORDER_WORDS}|"
    rf"哪\w{{0,3}}{_ORDER_WORDS}|几\w{{0,2}}{_ORDER_WORDS}|看不到\w{{0,2}}{_ORDER_WORDS}|"
    rf"找不到\w{{0,2}}{_ORDER_WORDS}|没看到\w{{0,2}}{_ORDER_WORDS}|肿么\w{{0,3}}{_ORDER_WORDS}|"
    rf"啷个\w{{0,3}}{_ORDER_WORDS}|怎么报(?!\w)|咋报(?!\w)|台湾\w{{0,3}}(?:买|拍|下单)|"
    r"香港\w{0,3}(?:买|拍|下单)|海外\w{0,3}(?:买|拍|下单)|国外\w{0,3}(?:买|拍|下单)|"
    r"链接(?<!回放链接)(?<!群链接)(?<!zoom 链接)(?<!zoom,链接)(?<!会议链接)"
    r"\w{0,2}(?:在哪|呢|是哪|是几|怎么|没了|在那)|"
    r"连结\w{0,2}(?:在哪|呢)|链结\w{0,2}(?:在哪|呢)",
    # English
    r"how much(?<!show much)(?:\W*$|\s+(?:is|are|r|was|were|for|does|do|did|will|would|it|this|"
    r"that|they|these|those|each|per|in|to|money)\b)(?![^?!]*\b(?:weigh|hold|fit|last|take|heavy)\b)",
    r"price|pricing|costs?\b|discount|cheaper|on sale|usd\b|rmb\b|dollar|bucks\b|coupon|voucher|"
    r"promo|% ?off\b|is (?:it|this|that) free|for free\b|hw much|total (?:price|cost|with)|"
    r"jg(?<![a-z]jg)(?![a-z])|yhq(?<![a-z]yhq)",  # pinyin initials: 价格, 优惠券
    r"sold out|in stock|out of stock|restock|back in stock|any left|pre-?order|in size\b|"
    r"availab(?<!replay availab)(?<!recording availab)(?<!video availab)(?:le|ility)\b(?! on\b)|"
    r"stock (?:\w+ )?left\b|seats? (?:\w+ )?left\b|spots? (?:\w+ )?left\b|"
    r"places? (?:\w+ )?left\b|tickets? (?:\w+ )?left\b|"
    r"do (?:you|u) have (?:(?:it|this|one|them|that) in|size)|bigger size|smaller size|larger size|"
    r"other colou?rs?\b|any (?:size )?\w{1,4} left\b",
    r"pay\b|paying|payment|paypal|credit card|debit card|visa\b|mastercard|alipay|klarna|afterpay|"
    r"instal+ment|cash on delivery|invoice",
    r"ship(?<![a-z]ship)(?:s|ping|ped)?\b|deliver(?:y|ed|s)?\b|courier|postage|dispatch|customs\b|"
    r"it arrive|they arrive|order arrive|package arrive|parcel arrive|from where",
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
    "麻烦问一下", "麻烦问下", "我想问一下", "我想问下", "我想问", "我想知道", "想知道", "请问一下",
    "请问下", "想问一下", "想问下", "想问", "问一下", "问下", "问问", "请问", "求问", "老师好",
    "主播好", "老师", "主播", "你好", "您好", "那个", "就是", "亲", "宝宝", "家人们", "hi",
    "hello", "hey", "teacher", "sorry", "excuse me", "please", "pls")  # fmt: skip
FINAL_PARTICLES: tuple[str, ...] = tuple("吗呢啊呀吧哦嘛啦哈鸭喔哇捏呐嘞咧嗷")
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
