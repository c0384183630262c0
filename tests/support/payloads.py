"""Viewer text that must be shown as typed everywhere LiveDesk shows it: the overlay
pages and /assist in Chromium, the HTML report, the native overlay's PNG card, the Qt widgets.

Markup and script (run, it would open a dialog or set `window.__pwned`), template syntax (a
template engine would print 49), tags that end the element they are put in, a right-to-left
override, zero-width characters, entities that must stay literal, and the longest text ingest
accepts.
"""

from __future__ import annotations

PAYLOADS = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}} ${7*7} <%= 7*7 %>",
    "</textarea></title></style><script>alert(1)</script>",
    '<a href="javascript:alert(1)">点我</a>',
    "\u202e价格 gnp.exe",  # RIGHT-TO-LEFT OVERRIDE
    "零\u200b宽\u200c字\u200d符\u2060\ufeff",  # zero-width space / (non-)joiner, word joiner, BOM
    "&lt;b&gt; &amp; &#60;i&#62;",  # entities: shown as typed, not decoded
)
LONG_TEXT = ("直播间<i>长评论</i> " * 200)[:2000]  # the longest text ingest accepts
VIEWER_TEXTS = (*PAYLOADS, LONG_TEXT)
