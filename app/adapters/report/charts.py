"""The review charts, drawn with matplotlib's object API on the Agg canvas (never a GUI backend).

Every function returns a `Figure`; `png_bytes` turns one into a PNG. Chinese text renders with a
CJK font when one is installed (Noto Sans CJK first), else matplotlib's default, silently.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any

from matplotlib import font_manager, rc_context, rcParams
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator

from app.adapters.report.data import ReviewData
from app.services.review_rows import runs_of

CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
)
OVER, UNDER, PLANNED = "#d9534f", "#5cb85c", "#c8ccd4"
COMMENTS, QUESTIONS, COUPON = "#3b6fb6", "#e08a1e", "#c0392b"
VIEWERS, LIKES = "#6a3d9a", "#e05a8a"
BANDS = ("#eef2f8", "#f8f4ea")


@cache
def cjk_family() -> str | None:
    """The first CJK font family installed, or None."""
    for family in CJK_FAMILIES:
        try:
            font_manager.findfont(FontProperties(family=family), fallback_to_default=False)
        except ValueError:
            continue
        return family
    return None


@contextmanager
def chart_style() -> Iterator[None]:
    """rcParams for the report's figures (CJK font first, DejaVu as the fallback)."""
    family = cjk_family()
    sans = [family, "DejaVu Sans"] if family else ["DejaVu Sans"]
    with rc_context(
        {
            "font.family": "sans-serif",
            "font.sans-serif": sans,
            "axes.unicode_minus": False,
            "font.size": 9,
            "svg.fonttype": "path",
        }
    ):
        yield


def png_bytes(figure: Figure, dpi: int = 110) -> bytes:
    """The figure as a PNG (no metadata that names a URL)."""
    buffer = io.BytesIO()
    FigureCanvasAgg(figure)
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def _minutes(value: float | None) -> float:
    return 0.0 if value is None else float(value) / 60


def plan_vs_actual(segments: Sequence[dict[str, Any]]) -> Figure:
    """Horizontal bars per segment: planned (grey) behind actual (red over plan, green under);
    a planned segment that never ran has no actual bar and says so."""
    rows = list(segments) or [{"title": "—", "planned_s": None, "actual_s": None}]
    figure = Figure(figsize=(8, max(2.2, 0.38 * len(rows) + 1.2)), layout="constrained")
    axes = figure.add_subplot()
    labels = [
        f"{i + 1}. {s.get('title') or ''}"[:28] + " (skipped / 未播)"
        if s.get("skipped")
        else f"{i + 1}. {s.get('title') or ''}"[:40]
        for i, s in enumerate(rows)
    ]
    ys = list(range(len(rows)))
    planned = [_minutes(s.get("planned_s")) for s in rows]
    actual = [_minutes(s.get("actual_s")) for s in rows]
    colours = [
        OVER if s.get("planned_s") is not None and a > p else UNDER
        for s, p, a in zip(rows, planned, actual, strict=True)
    ]
    axes.barh(ys, planned, height=0.8, color=PLANNED, label="planned / 计划")
    axes.barh(ys, actual, height=0.45, color=colours, label="actual / 实际")
    axes.set_yticks(ys, labels)
    axes.invert_yaxis()
    axes.set_xlabel("minutes / 分钟")
    axes.set_title("Planned vs actual / 计划与实际")
    axes.legend(loc="lower right", fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    return figure


def activity(
    comments: Sequence[int],
    questions: Sequence[int],
    segments: Sequence[dict[str, Any]],
    coupons: Sequence[tuple[float, float, str]],
    started_at: float,
) -> Figure:
    """Comments and questions per minute, segments as shaded bands, coupon windows marked."""
    figure = Figure(figsize=(10, 3.6), layout="constrained")
    axes = figure.add_subplot()
    minutes = list(range(len(comments)))
    axes.bar(
        minutes,
        comments,
        width=1.0,
        align="edge",
        color=COMMENTS,
        alpha=0.75,
        label="comments / 评论",
    )
    axes.bar(minutes, questions, width=1.0, align="edge", color=QUESTIONS, label="questions / 提问")
    top = max([1, *comments])
    for i, segment in enumerate(segments):
        start = (segment["start_t"] - started_at) / 60
        end = (
            len(comments) if segment.get("end_t") is None else (segment["end_t"] - started_at) / 60
        )
        axes.axvspan(start, end, color=BANDS[i % 2], zorder=0)
        axes.text(
            start,
            top * 1.02,
            str(segment.get("title") or "")[:16],
            fontsize=7,
            va="bottom",
            clip_on=True,
        )
    for j, (begin, end, code) in enumerate(coupons):
        axes.axvspan(
            begin / 60,
            end / 60,
            ymin=0.93,
            ymax=0.98,
            color=COUPON,
            label="coupon / 优惠券" if j == 0 else None,
        )
        axes.axvline(begin / 60, color=COUPON, linewidth=0.8, linestyle="--")
        if code:
            axes.text(begin / 60, top * 0.9, code[:12], fontsize=7, color=COUPON)
    axes.set_xlim(0, max(1, len(comments)))
    axes.set_ylim(0, top * 1.12)
    axes.set_xlabel("minutes from start / 开播后分钟")
    axes.set_ylabel("per minute / 每分钟")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # counts: no 0.2 of a comment
    axes.set_title("Comments and questions / 评论与提问")
    axes.legend(loc="upper right", fontsize=8)
    return figure


def question_summary(total: int, answered: int, median_response_s: float | None) -> Figure:
    """Answered share as a ring, median time to answer as text."""
    figure = Figure(figsize=(4.5, 3), layout="constrained")
    axes = figure.add_subplot()
    open_count = max(0, total - answered)
    if total:
        axes.pie(
            [answered, open_count],
            colors=[UNDER, PLANNED],
            startangle=90,
            counterclock=False,
            wedgeprops={"width": 0.35},
        )
    else:
        axes.pie([1], colors=[PLANNED], wedgeprops={"width": 0.35})
    share = f"{answered / total:.0%}" if total else "—"
    axes.text(0, 0, share, ha="center", va="center", fontsize=16)
    median = "—" if median_response_s is None else f"{median_response_s:.0f} s"
    axes.set_title(
        f"Questions / 提问: {total}, answered / 已回答: {answered}\n"
        f"median time to answer / 回答中位时间: {median}",
        fontsize=9,
    )
    axes.set_aspect("equal")
    return figure


def _ran(segments: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each run of the segments that ran, in time order, with its segment's title: one band per
    run, where it was on the show's clock (a segment the host went back to ran twice: its
    `visits`; a skipped one has no time on the show's clock)."""
    bands = [{**run, "title": s.get("title")} for s in segments for run in runs_of(s)]
    return sorted((b for b in bands if b.get("start_t") is not None), key=lambda b: b["start_t"])


def has_audience_chart(data: ReviewData) -> bool:
    """Whether the show has viewer counts or likes to draw."""
    return bool(data.viewers) or any(data.likes_per_minute)


def audience(
    viewers: Sequence[tuple[float, int]],
    likes_per_minute: Sequence[int],
    segments: Sequence[dict[str, Any]],
    started_at: float,
) -> Figure:
    """Viewers over the show (a step line: the sum of each platform's latest count) above likes
    per minute, the segments that ran drawn on both as shaded bands, titled on top."""
    figure = Figure(figsize=(10, 4.6), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    span = max([1.0, len(likes_per_minute), *((t / 60) for t, _ in viewers)])
    for i, segment in enumerate(_ran(segments)):
        start = (segment["start_t"] - started_at) / 60
        end = span if segment.get("end_t") is None else (segment["end_t"] - started_at) / 60
        for axes in (top, bottom):
            axes.axvspan(start, end, color=BANDS[i % 2], zorder=0)
            axes.axvline(start, color=PLANNED, linewidth=0.8, zorder=1)
        top.annotate(str(segment.get("title") or "")[:16], (start, 1.0), xycoords=("data",
                     "axes fraction"), fontsize=7, va="bottom", annotation_clip=True)  # fmt: skip
    if viewers:
        top.step([t / 60 for t, _ in viewers], [n for _, n in viewers], where="post",
                 color=VIEWERS, linewidth=1.4, label="viewers / 观看人数")  # fmt: skip
        top.legend(loc="upper right", fontsize=8)
    else:
        top.text(0.5, 0.5, "no viewer counts / 无观看人数", transform=top.transAxes,
                 ha="center", va="center", color="#888")  # fmt: skip
    top.set_ylim(bottom=0)
    top.set_ylabel("viewers / 观看")
    top.set_title("Viewers and likes / 观看人数与点赞", pad=14)
    minutes = list(range(len(likes_per_minute)))
    bottom.bar(minutes, list(likes_per_minute), width=1.0, align="edge", color=LIKES,
               label="likes / 点赞")  # fmt: skip
    bottom.set_ylim(0, max([1, *likes_per_minute]) * 1.1)
    bottom.set_ylabel("likes per minute / 每分钟点赞")
    for counted in (top, bottom):
        counted.yaxis.set_major_locator(MaxNLocator(integer=True))
    bottom.set_xlabel("minutes from start / 开播后分钟")
    bottom.set_xlim(0, span)
    return figure


def review_figures(data: ReviewData) -> tuple[Figure, ...]:
    """The review's charts, the same in the HTML and the PDF: planned against actual per
    segment, comments and questions per minute, the question summary and, for a show with viewer
    counts or likes, viewers and likes over the show."""
    report = data.report
    q = report["questions"]
    figures: tuple[Figure, ...] = (
        plan_vs_actual(report["segments"]),
        activity(report["comments"]["per_minute"], data.questions_per_minute,
                 _ran(report["segments"]), data.coupons, data.started_at),
        question_summary(int(q.get("total") or 0), int(q.get("answered") or 0),
                         q.get("median_response_s")),
    )  # fmt: skip
    if has_audience_chart(data):
        figures += (audience(data.viewers, data.likes_per_minute, report["segments"],
                             data.started_at),)  # fmt: skip
    return figures


def styled_review_figures(data: ReviewData) -> tuple[Figure, ...]:
    """`review_figures` for a canvas that draws later (the review window): every text keeps the
    report's fonts (CJK first) after the style context is gone."""
    with chart_style():
        figures = review_figures(data)
        family = list(rcParams["font.sans-serif"])
    for figure in figures:
        for text in figure.findobj(Text):
            text.set_fontfamily(family)
    return figures
