"""The review as one self-contained UTF-8 HTML file: charts as PNG data URIs, no external URL,
every piece of text escaped."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

from matplotlib.figure import Figure

from app.adapters.report import charts
from app.adapters.report.data import (
    SEGMENT_HEADER,
    ReviewData,
    marker_rows,
    question_lines,
    segment_rows,
)

STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif;
       margin: 2em auto; max-width: 1100px; color: #222; padding: 0 1em; }
h1 { margin-bottom: .2em; } .times { color: #666; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #ccd; padding: .3em .6em; text-align: left; }
td.num { text-align: right; } td.over { color: #c0392b; } td.under { color: #2e7d32; }
img { max-width: 100%; height: auto; display: block; margin: 1em 0; }
"""


def _e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


def _img(figure: Figure, alt: str) -> str:
    data = base64.b64encode(charts.png_bytes(figure)).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], numeric: set[int]) -> str:
    head = "".join(f"<th>{_e(cell)}</th>" for cell in header)
    body = []
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            classes = ["num"] if i in numeric else []
            if cell.startswith("+") and i == 4:
                classes.append("over")
            elif cell.startswith("−") and i == 4:
                classes.append("under")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            cells.append(f"<td{attr}>{_e(cell)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def render_html(data: ReviewData) -> str:
    """The report page."""
    report = data.report
    session = report["session"]
    with charts.chart_style():
        figures = charts.review_figures(data)
        plan, busy, ring = (
            _img(figure, alt)
            for figure, alt in zip(figures, ("planned vs actual",
                                             "comments and questions per minute",
                                             "question summary"), strict=True)
        )  # fmt: skip
    title = _e(session["title"])
    stats = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in question_lines(report))
    markers = (
        _table(["Time / 时间", "Recording / 录制", "Note / 备注"], marker_rows(report), set())
        if report["markers"]
        else "<p>—</p>"
    )
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} — LiveDesk</title>
<style>{STYLE}</style>
</head>
<body>
<h1>{title}</h1>
<p class="times">Session / 场次 {_e(session["id"])} · {_e(session["started_at"])} →
{_e(session["ended_at"] or "(open / 未结束)")}</p>
<h2>Segments / 环节</h2>
{plan}
{_table(SEGMENT_HEADER, segment_rows(report), {0, 2, 3, 4, 5, 6})}
<h2>Comments and questions / 评论与提问</h2>
{busy}
<h2>Questions / 提问统计</h2>
{ring}
<table>{stats}</table>
<h2>Markers / 标记</h2>
{markers}
<footer class="times">LiveDesk</footer>
</body>
</html>
"""
