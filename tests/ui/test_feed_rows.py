"""The feed lists a comment the audience publishes (a Comment) as it lists its API dict."""

from __future__ import annotations

import time

from app.domain.audience import Comment
from app.ui.feed_model import feed_row


def test_the_feed_reads_a_comment_as_it_reads_its_api_dict() -> None:
    now = time.time()
    comments = [
        Comment(1, "douyin", "小明", "多少钱？", now, is_question=True),
        Comment(2, "bilibili", "v", "已拍", now, intent="purchase"),
        Comment(3, "x", "w", "666", now, flood=True, native_id="n1"),
        Comment(4, "x", "w", "问？", now, is_question=True, intent="purchase", flood=True),
    ]
    for comment in comments:
        assert feed_row(comment) == feed_row(comment.as_api())
