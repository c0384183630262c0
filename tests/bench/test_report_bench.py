"""The html report of a 4-hour show with 1,000,000 comments, against the bare SQL per-minute count.

Target: ≤ 5 s for the whole report (read, aggregate, draw, encode). The floor is
`SELECT COUNT(*) … GROUP BY minute` on the same database in the same run."""

from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

from app.adapters.report import render_report
from app.adapters.store.schema import open_database

T0 = 1_700_000_000.0
HOURS = 4
COMMENTS = 1_000_000
SEGMENTS = 24
TARGET_S = 5.0


def _make_show(path: Path) -> None:
    db = open_database(path)
    length = HOURS * 3600
    db.execute(
        "INSERT INTO sessions (id, title, started_at, ended_at) VALUES (1, '四小时大促', ?, ?)",
        [T0, T0 + length],
    )
    step = length / SEGMENTS
    events = []
    for i in range(SEGMENTS):
        start, end = T0 + i * step, T0 + (i + 1) * step
        planned = int(step * 0.9 + 60 * (i % 4))
        data = f'{{"title": "环节 {i + 1}", "planned_s": {planned}, "index": {i}}}'
        events.append((1, start, "segment.start", None, start - T0, data))
        events.append((1, end, "segment.end", None, end - T0, f'{{"index": {i}}}'))
        if i % 3 == 0:
            events.append((1, start + 60, "coupon.start", None, None, f'{{"code": "C{i}"}}'))
            events.append((1, start + 360, "coupon.end", None, None, f'{{"code": "C{i}"}}'))
        events.append((1, start + 30, "marker", None, start + 30 - T0, f'{{"note": "标记 {i}"}}'))
    rng = random.Random(7)
    times = sorted(T0 + rng.random() * length for _ in range(COMMENTS))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO events (session_id, t, kind, stream_tc, record_tc, data) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            events,
        )
        db.conn.executemany(
            "INSERT INTO comments (session_id, platform, user, text, ts, is_question) "
            "VALUES (1, 'bilibili', ?, ?, ?, ?)",
            (
                (f"u{n % 5000}", "多少钱？" if n % 7 == 0 else "好", ts, int(n % 7 == 0))
                for n, ts in enumerate(times)
            ),
        )
    db.close()


def _floor(path: Path) -> float:
    db = open_database(path)
    try:
        began = time.perf_counter()
        rows = db.conn.execute(
            "SELECT CAST((ts - ?) / 60 AS INTEGER) AS minute, COUNT(*) FROM comments "
            "WHERE session_id = 1 GROUP BY minute",
            [T0],
        ).fetchall()
        elapsed = time.perf_counter() - began
    finally:
        db.close()
    assert sum(n for _, n in rows) == COMMENTS
    return elapsed


def test_html_report_of_a_million_comments(tmp_path: Path, bench_table) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "livedesk.db"
    began = time.perf_counter()
    _make_show(path)
    print(f"\n[bench] generated {COMMENTS:,} comments in {time.perf_counter() - began:.1f} s")
    floors, figures = [], []
    for _ in range(3):
        floors.append(_floor(path))
        began = time.perf_counter()
        html = render_report(path, "latest", "html")
        figures.append(time.perf_counter() - began)
    assert html.startswith(b"<!DOCTYPE html>")
    assert b"https://" not in html
    assert html.count(b"data:image/png;base64,") == 3
    figure, floor = statistics.median(figures), statistics.median(floors)
    bench_table.add(
        f"html report, {HOURS} h show, {COMMENTS:,} comments (median of 3)",
        f"{figure:.2f} s",
        f"{floor:.2f} s (SQL GROUP BY minute)",
        f"{figure / floor:.1f}×",
        f"≤ {TARGET_S:.0f} s ({'met' if figure <= TARGET_S else 'MISSED'})",
    )


AUDIENCE_EVENTS = 500_000  # likes, gifts, follows, memberships
VIEWER_EVERY_S = 5  # each of three platforms reports its count this often


def _add_audience(path: Path) -> int:
    """Likes, gifts, follows and memberships spread over the show, viewer counts from three
    platforms every few seconds, and a run-sheet of SEGMENTS + 4 planned segments (four never
    ran) kept in the show state; how many audience rows."""
    db = open_database(path)
    length = HOURS * 3600
    rng = random.Random(11)
    kinds = ("like", "like", "like", "gift", "follow", "member")
    rows = [
        (1, "bilibili", kinds[n % 6], f"u{n % 5000}", rng.randint(1, 20),
         float(n % 6 in (3, 5)) * 9, T0 + rng.random() * length)
        for n in range(AUDIENCE_EVENTS)
    ]  # fmt: skip
    rows += [
        (1, platform, "viewers", "", 1000 + rng.randint(0, 4000), None, T0 + t)
        for t in range(0, length, VIEWER_EVERY_S)
        for platform in ("bilibili", "douyin", "youtube")
    ]
    rows.sort(key=lambda row: row[-1])  # stored as they arrive
    plan = [{"title": f"环节 {i + 1}", "duration": 600, "notes": []} for i in range(SEGMENTS + 4)]
    state = json.dumps({"runsheet": {"sheet": {"segments": plan}}}, ensure_ascii=False)
    with db.conn:
        db.conn.executemany(
            "INSERT INTO audience_events (session_id, platform, kind, user, count, value, ts)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.execute(
            "INSERT INTO show_state (session_id, saved_at, state) VALUES (1, ?, ?)",
            [T0 + length, state],
        )
    db.close()
    return len(rows)


def test_html_report_with_the_audience(tmp_path: Path, bench_table) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "livedesk.db"
    _make_show(path)
    audience = _add_audience(path)
    floors, figures = [], []
    for _ in range(3):
        floors.append(_floor(path))
        began = time.perf_counter()
        html = render_report(path, "latest", "html")
        figures.append(time.perf_counter() - began)
    assert html.count(b"data:image/png;base64,") == 4  # the viewers and likes chart too
    assert html.count(b'<tr class="skipped">') == 4
    figure, floor = statistics.median(figures), statistics.median(floors)
    bench_table.add(
        f"html report, {HOURS} h show, {COMMENTS:,} comments + {audience:,} audience events "
        "(median of 3)",
        f"{figure:.2f} s",
        f"{floor:.2f} s (SQL GROUP BY minute)",
        f"{figure / floor:.1f}×",
        f"≤ {TARGET_S:.0f} s ({'met' if figure <= TARGET_S else 'MISSED'})",
    )
