"""`livedesk sessions` and `livedesk report`: read the session log, never create or change it.

Exit codes: 0 done, 1 no database (for `report`) / unknown session / unreadable database /
cannot write the output / no valid export (e.g. fewer than three YouTube chapters), 2 a format
that is not available or an empty -o. Problems are one line on stderr, never a traceback; export
notes (segments skipped, chapters merged) are `livedesk: note: ...` lines on stderr once the
output is written. `sessions` without a database lists no session, as for an empty one, and
exits 0: `--json` prints `[]`, the table "No sessions logged yet." with a note on stderr naming
where the database was looked for.

`-o FILE` is replaced whole (app/adapters/files/atomic.py): a symlink's target is written, and a
FIFO or a device (/dev/stdout, /dev/null) is written to directly.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import sys
import unicodedata
from typing import Any, TextIO

from app.adapters.files.atomic import write_whole
from app.adapters.report.export_files import FORMATS, attendance_text, export_text, load_report
from app.adapters.store import queries
from app.adapters.store.schema import DatabaseMissing, StoreError
from app.services.exports import ExportError
from app.services.pseudonym import pseudonymise as pseudonymised

log = logging.getLogger(__name__)

AVAILABLE_FORMATS = ("json", "csv", "chapters", "edl", "premiere", "attendance")
SALT_ENV = "LIVEDESK_PSEUDONYM_SALT"  # the same salt gives the same aliases across reports
EMPTY_OUTPUT = "-o needs a file name (or - for standard output)"


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(sessions: list[dict[str, Any]]) -> str:
    header = ["ID", "TITLE", "STARTED", "ENDED", "EVENTS", "COMMENTS"]
    lines = [
        [
            str(s["id"]),
            s["title"],
            s["started_at"] or "",
            s["ended_at"] or "(open)",
            str(s["events"]),
            str(s["comments"]),
        ]
        for s in sessions
    ]
    widths = [max(_width(row[i]) for row in [header, *lines]) for i in range(len(header))]
    return "".join(
        "  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() + "\n"
        for row in [header, *lines]
    )


def _fail(err: TextIO, message: str, code: int = 1) -> int:
    err.write(f"livedesk: {message}\n")
    return code


def run_sessions(
    db_path: str | os.PathLike[str],
    as_json: bool,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """`livedesk sessions [--json]`: the sessions in the log, newest first."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        sessions = queries.list_sessions(db_path)
    except DatabaseMissing as exc:
        sessions = []  # no show logged yet: what an empty log says, and exit 0 too
        if not as_json:
            err.write(f"livedesk: note: {exc}\n")  # which data directory was looked at
    except StoreError as exc:
        return _fail(err, str(exc))
    if as_json:
        out.write(json.dumps(sessions, ensure_ascii=False, indent=2) + "\n")
    elif sessions:
        out.write(_table(sessions))
    else:
        out.write("No sessions logged yet.\n")
    return 0


def _emit(text: str, out: TextIO) -> None:
    """Write UTF-8 whatever the terminal's encoding (GBK consoles included)."""
    binary = getattr(out, "buffer", None)
    if binary is None:
        out.write(text)
        return
    out.flush()
    binary.write(text.encode("utf-8"))
    binary.flush()


def run_report(
    db_path: str | os.PathLike[str],
    session: str,
    fmt: str,
    output: str | None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    *,
    pseudonymise: bool = False,
    salt: str | None = None,
    fps: float | None = None,
    chapter_markers: bool = False,
) -> int:
    """`livedesk report SESSION --format FMT -o OUT` (OUT None or "-": standard output).

    `pseudonymise` replaces viewer names by aliases salted with `salt`, else
    $LIVEDESK_PSEUDONYM_SALT, else a random salt (aliases then hold within this one report only).
    `fps` is the frame rate of the edl and premiere timecodes (None: the recording's, as logged);
    `chapter_markers` adds the markers as chapters.
    """
    out, err = out or sys.stdout, err or sys.stderr
    fmt = fmt.lower()
    if fmt not in FORMATS:
        return _fail(err, f"unknown report format “{fmt}” (one of {', '.join(FORMATS)})", 2)
    if output == "":
        return _fail(err, EMPTY_OUTPUT, 2)
    if pseudonymise:
        salt = salt or os.environ.get(SALT_ENV) or secrets.token_hex(16)
    if fmt in ("html", "pdf"):  # rendered with matplotlib, imported only when asked for
        from app.adapters.report import run_rendered_report

        return run_rendered_report(
            db_path, session, fmt, output, out, err, salt if pseudonymise else None
        )
    if fmt not in AVAILABLE_FORMATS:
        return _fail(
            err,
            f"the {fmt} report arrives with the post-show review and is not available yet; "
            f"use --format {' or '.join(AVAILABLE_FORMATS)}",
            2,
        )
    if fmt == "attendance":  # read from the log apart: its rows are per viewer, not per event
        try:
            text = attendance_text(db_path, session, salt if pseudonymise else None)
        except (LookupError, StoreError) as exc:
            return _fail(err, str(exc))
        return _write(text, output, out, err, fmt, session)
    try:
        report = load_report(db_path, session)
    except (LookupError, StoreError) as exc:
        return _fail(err, str(exc))
    if pseudonymise and salt:
        report = pseudonymised(report, salt)
    try:
        export = export_text(report, fmt, fps, chapter_markers)
    except ExportError as exc:
        return _fail(err, f"no {fmt} export for session {report['session']['id']}: {exc}")
    code = _write(export.text, output, out, err, fmt, report["session"]["id"])
    if code == 0:  # notes on what was written; a file that could not be is the one line
        for note in export.notes:
            err.write(f"livedesk: note: {note}\n")
    return code


def _write(
    text: str, output: str | None, out: TextIO, err: TextIO, fmt: str, session: object
) -> int:
    if output in (None, "-"):
        _emit(text, out)
        return 0
    try:
        write_whole(output, text.encode("utf-8"))
    except OSError as exc:
        return _fail(err, f"cannot write {output}: {exc.strerror or exc}")
    log.info("wrote the %s report of session %s to %s", fmt, session, output)
    return 0
