"""Every `livedesk report` format as the bytes of its file, for `livedesk report` and the review
window's Export: json, csv (UTF-8 with BOM), chapters, edl, premiere from the report; attendance
(UTF-8 with BOM) per viewer from the log; html and pdf rendered with matplotlib (imported only
when asked for).
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from typing import Any

from app.adapters.report.audience import complete_report, report_span
from app.adapters.store import queries
from app.domain import log_events as kinds
from app.domain.messages import Message
from app.services.exports import (
    EDITOR_FORMATS,
    Export,
    ExportError,
    editor_markers,
    youtube_chapters,
)
from app.services.pseudonym import alias
from app.services.pseudonym import pseudonymise as pseudonymised
from app.services.review import (
    build_report,
    events_csv_rows,
    spreadsheet_safe,
    strict_json,
)
from app.services.review_interaction import (
    ATTENDANCE_HEADER,
    attendance_rows,
    interaction_summary,
    name_viewers,
)

FORMATS = ("html", "pdf", "csv", "json", "chapters", "edl", "premiere", "attendance")
RENDERED = ("html", "pdf")
SUFFIXES = {"html": ".html", "pdf": ".pdf", "csv": ".csv", "json": ".json",
            "chapters": ".txt", "edl": ".edl", "premiere": ".csv",
            "attendance": ".csv"}  # fmt: skip


@dataclass
class ReportFile:
    """A report's bytes, and notes worth telling (chapters merged, segments skipped)."""

    payload: bytes
    notes: list[str] = field(default_factory=list)


def load_report(db_path: str | os.PathLike[str], session: str | int) -> dict[str, Any]:
    """The review report of session `session` ("latest" or an id).

    Raises LookupError for an unknown session and StoreError for a missing or unusable database.
    """
    session_id = queries.resolve_session(db_path, session)
    row = queries.session_row(db_path, session_id)
    events = queries.session_events(db_path, session_id)
    span = report_span(db_path, session_id, row, events)
    report = build_report(
        row,
        events,
        queries.session_comments(db_path, session_id),
        queries.session_questions(db_path, session_id),
        queries.session_orders(db_path, session_id),
        span=span,
    )
    complete_report(db_path, session_id, report, span, events)
    report["interaction"] = interaction_summary(events)
    name_viewers(report["events"])
    return report


def _talkers(db_path: str | os.PathLike[str], session_id: int) -> list[dict[str, Any]]:
    """Each viewer's comments and questions in the session (a viewer by platform and user id,
    or by name where the platform gives no id); blocked comments (a blocked viewer's, or with
    blocked words) are not counted, nor is a viewer who had only those."""
    with queries.reading(db_path) as db:
        tables = set(db.table_names())
        if "comments" not in tables:
            return []
        columns = {c.name for c in db["comments"].columns}
        text_kinds = "AND kind IN ('comment', 'superchat')" if "kind" in columns else ""
        if "blocked" in columns:
            text_kinds += " AND blocked = 0"
        user_id = "nullif(user_id, '')" if "user_id" in columns else "NULL"
        return list(db.query(
            f"""SELECT platform, max(user) AS user, {user_id} AS user_id, count(*) AS comments,
                       sum(is_question) AS questions
                FROM comments WHERE session_id = ? {text_kinds}
                GROUP BY platform, coalesce('id:' || {user_id}, 'name:' || user)""",
            [session_id],
        ))  # fmt: skip


def attendance_text(
    db_path: str | os.PathLike[str], session: str | int, salt: str | None = None
) -> str:
    """`report --format attendance`: one row per viewer who took part (checked in, answered a
    quiz, commented), as CSV with a BOM and CRLF line ends; names aliased with `salt`."""
    session_id = queries.resolve_session(db_path, session)
    return _attendance(db_path, session_id, queries.session_events(db_path, session_id), salt)


def _attendance(
    db_path: str | os.PathLike[str], session_id: int, events: list[Any], salt: str | None
) -> str:
    rows = attendance_rows(events, _talkers(db_path, session_id))
    if salt is not None:
        for row in rows:
            row[1], row[2] = alias(row[1], salt), ""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(ATTENDANCE_HEADER)
    # viewers' names and ids as text Excel never runs (=cmd|…), like the event log's cells
    writer.writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
    return "\ufeff" + buffer.getvalue()


def attendance_file(
    db_path: str | os.PathLike[str], session: str | int, salt: str | None = None
) -> str:
    """The review window's attendance export: as `attendance_text`, but a show that never ran a
    check-in is refused (ExportError), not saved as a list with nobody checked in, since a
    teacher who saves it expects who was present."""
    session_id = queries.resolve_session(db_path, session)
    events = queries.session_events(db_path, session_id)
    if not any(event["kind"] == kinds.CHECKIN_CLOSE for event in events):
        raise ExportError(Message("checkin.none_in_show"))
    return _attendance(db_path, session_id, events, salt)


def csv_text(report: dict[str, Any]) -> str:
    """The event log as CSV with a BOM (Excel opens Chinese correctly), CRLF line ends."""
    header, rows = events_csv_rows(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + buffer.getvalue()


def export_text(
    report: dict[str, Any], fmt: str, fps: float | None, chapter_markers: bool
) -> Export:
    """A text format of the report, the editors' markers at `fps` (None: the recording's logged
    frame rate); ExportError when the report cannot make it."""
    if fmt == "csv":
        return Export(csv_text(report))
    if fmt == "chapters":
        return youtube_chapters(report, include_markers=chapter_markers)
    if fmt in EDITOR_FORMATS:
        return editor_markers(report, fmt, fps)
    strict = json.dumps(strict_json(report), ensure_ascii=False, indent=2, allow_nan=False)
    return Export(strict + "\n")  # NaN or infinity from an old log: null, never invalid JSON


def report_file(
    db_path: str | os.PathLike[str],
    session: str | int,
    fmt: str,
    *,
    salt: str | None = None,
    fps: float | None = None,
    chapter_markers: bool = False,
) -> ReportFile:
    """Session `session` as `fmt`; viewer names pseudonymised with `salt` when one is given.

    Raises ValueError for an unknown format, LookupError / StoreError as `load_report`, and
    ExportError when the session cannot make that export."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown report format “{fmt}” (one of {', '.join(FORMATS)})")
    if fmt in RENDERED:
        from app.adapters.report import render_report

        return ReportFile(render_report(db_path, session, fmt, salt=salt))
    if fmt == "attendance":
        return ReportFile(attendance_file(db_path, session, salt).encode("utf-8"))
    report = load_report(db_path, session)
    if salt is not None:
        report = pseudonymised(report, salt)
    export = export_text(report, fmt, fps, chapter_markers)
    return ReportFile(export.text.encode("utf-8"), list(export.notes))
