"""The comment streams the ingest benchmarks send: the synthetic one (every text numbered, so
each question is a new one) and a realistic mix (mostly chatter, a third of it said once;
questions from 300 texts written a few ways; 200,000 viewers)."""

from __future__ import annotations

import json
import random
import time
from typing import Any

BATCH = 100  # comments a frame
TEXTS = ["多少钱？", "有回放吗", "老师讲得好清楚", "扣1", "666666", "how much is it?",
         "已拍，期待发货", "零基础能学吗", "这个稳定器怎么用", "哈哈哈哈"]  # fmt: skip
CHATTER = ["老师讲得好清楚", "扣1", "666666", "哈哈哈哈", "主播好", "来了来了", "已拍，期待发货",
           "支持支持", "好看", "学到了", "太实用了", "晚上好", "第一次来", "这个颜色好看", "👍👍",
           "刚进来", "声音有点小", "主播辛苦了", "111", "好的好的"]  # fmt: skip
PRODUCTS = ["稳定器", "三脚架", "麦克风", "补光灯", "镜头", "相机包", "滤镜", "云台", "电池",
            "存储卡"]  # fmt: skip
ASKING = ["{p}多少钱", "{p}有货吗", "{p}怎么用", "{p}什么时候发货", "{p}包邮吗", "{p}有优惠券吗",
          "{p}能用多久", "{p}适合新手吗", "{p}保修多久", "{p}有几种颜色", "{p}重不重",
          "{p}和上一代有什么区别", "{p}支持退换吗", "{p}是正品吗", "{p}能开发票吗",
          "{p}送配件吗", "{p}防水吗", "{p}续航多久", "{p}兼容苹果吗", "{p}有回放讲解吗",
          "{p}在哪个链接", "{p}能便宜点吗", "{p}尺寸多大", "{p}怎么安装", "{p}有中文说明吗",
          "{p}可以分期吗", "{p}几天到", "{p}能拍视频吗", "{p}是新款吗", "{p}有赠品吗"]  # fmt: skip
QUESTIONS = [a.format(p=p) for a in ASKING for p in PRODUCTS]  # 300 distinct questions
ENDINGS = ["？", "?", "呀？", "啊", "", "呢？"]


def realistic_frame(start: int) -> str:
    """About 85% chatter (a third of it said once), 15% questions from 300 texts, written with
    a few endings; 200,000 viewers. The same `start` gives the same frame."""
    rng = random.Random(start)
    items: list[dict[str, Any]] = []
    for i in range(start, start + BATCH):
        roll = rng.random()
        if roll < 0.15:
            text = rng.choice(QUESTIONS) + rng.choice(ENDINGS)
        elif roll < 0.45:
            text = f"{rng.choice(CHATTER)} {i}"
        else:
            text = rng.choice(CHATTER)
        items.append(
            {
                "platform": ("douyin", "kuaishou", "bilibili")[i % 3],
                "user": f"观众{rng.randrange(200_000)}",
                "text": text,
                "ts": time.time(),
            }
        )
    return json.dumps(items, ensure_ascii=False)
