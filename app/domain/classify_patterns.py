"""The built-in rules of the comment classifier (app/domain/classify.py): the patterns that make a
comment a question, a rhetorical span that does not, purchase intent and what is not, the buying
questions (price, coupon, stock and places, payment, delivery, how to enrol or order), the
acknowledgements that are noise, and what a question's key drops (courtesy openers, particles).
Strings only: the settings file can hold its own lists in their place (AudienceRules). Each
pattern starts with a plain character where it can, so the gates (pattern_gate.py) skip it at
once for a text without that character."""

from __future__ import annotations

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
