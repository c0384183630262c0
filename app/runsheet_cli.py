"""`livedesk runsheet check FILE [--json]` and `livedesk runsheet convert IN OUT`.

check: each problem on standard output as `FILE:LOCATION: error|warning: message` (LOCATION: the
CSV line, the header being line 1; `Sheet!ROW` in a workbook; `segments[3]` in JSON), a summary
on standard error; `--json` prints `{"ok", "segments", "total_seconds", "errors", "warnings"}`
instead. convert: problems on standard error; nothing is written when the source has errors;
what the output leaves out (a CSV holds only the rundown; columns and sheets LiveDesk does not
read) as `OUT: note: …` lines on standard error, and still exit 0.

Exit codes: 0 valid (warnings allowed), 1 the sheet has errors (a sheet without segments is
one: the API and the editor refuse it too), 2 the file cannot be read at all (missing, empty -
a workbook whose every sheet is blank too -, binary, unknown or broken format, a CSV quote never
closed) or the output cannot be written. Never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any, TextIO

from app.adapters.files.runsheets import (
    WRITE_EXTENSIONS,
    UnreadableFile,
    left_out,
    load_runsheet,
    save_runsheet,
)
from app.domain.durations import format_duration
from app.domain.runsheet import ParseResult, Problem

log = logging.getLogger(__name__)

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def _write(stream: TextIO, text: str) -> None:
    """Write a line whatever the terminal's encoding can show."""
    try:
        stream.write(text + "\n")
    except UnicodeEncodeError:
        encoding = getattr(stream, "encoding", None) or "ascii"
        stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")


def _unreadable(file: str, exc: UnreadableFile) -> str:
    where = f"{file}:{exc.location}" if exc.location else file
    return f"{where}: error: {exc.message}"


def _problem_json(file: str, problem: Problem) -> dict[str, Any]:
    return {
        "file": file,
        "location": problem.location,
        "severity": problem.severity,
        "message": problem.message,
        "field": problem.field,
        "segment": problem.segment,
        "text": problem.line(file),
    }


def _load(file: str) -> ParseResult | UnreadableFile:
    try:
        return load_runsheet(file)
    except UnreadableFile as exc:
        return exc
    except Exception as exc:  # a bug: one line, never a traceback
        log.debug("reading %s failed", file, exc_info=True)
        return UnreadableFile(f"cannot read the run-sheet ({type(exc).__name__}: {exc})")


def _summary(file: str, result: ParseResult) -> str:
    return (
        f"{file}: {_counted(len(result.sheet.segments), 'segment')}, "
        f"{format_duration(result.sheet.total_s)} in all; "
        f"{_counted(len(result.errors), 'error')}, {_counted(len(result.warnings), 'warning')}"
    )


def _counted(n: int, noun: str) -> str:
    """ "1 segment", "2 segments"."""
    return f"{n} {noun}{'s' * (n != 1)}"


def run_check(
    path: str, as_json: bool, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """`livedesk runsheet check FILE [--json]`."""
    out, err = out or sys.stdout, err or sys.stderr
    loaded = _load(path)
    if isinstance(loaded, UnreadableFile):
        _write(err, _unreadable(path, loaded))
        if as_json:
            error = {"file": path, "location": loaded.location, "severity": "error",
                     "message": loaded.message, "field": None, "segment": None,
                     "text": _unreadable(path, loaded)}  # fmt: skip
            report = {"ok": False, "segments": 0, "total_seconds": 0, "errors": [error]}
            _write(out, json.dumps({**report, "warnings": []}, ensure_ascii=False, indent=2))
        return EXIT_UNREADABLE
    if as_json:
        report = {
            "ok": loaded.ok,
            "segments": len(loaded.sheet.segments),
            "total_seconds": loaded.sheet.total_s,
            "errors": [_problem_json(path, p) for p in loaded.errors],
            "warnings": [_problem_json(path, p) for p in loaded.warnings],
        }
        _write(out, json.dumps(report, ensure_ascii=False, indent=2))
    else:
        for problem in loaded.problems:
            _write(out, problem.line(path))
        _write(err, _summary(path, loaded))
    return EXIT_OK if loaded.ok else EXIT_ERRORS


def run_convert(src: str, dst: str, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """`livedesk runsheet convert IN OUT`: csv | xlsx | json by extension."""
    out, err = out or sys.stdout, err or sys.stderr
    extension = Path(dst).suffix.lower()
    if extension not in WRITE_EXTENSIONS:
        _write(err, f"{dst}: error: unknown output format “{extension or dst}”; "
                    f"use {', '.join(WRITE_EXTENSIONS)}")  # fmt: skip
        return EXIT_UNREADABLE
    loaded = _load(src)
    if isinstance(loaded, UnreadableFile):
        _write(err, _unreadable(src, loaded))
        return EXIT_UNREADABLE
    for problem in loaded.problems:
        _write(err, problem.line(src))
    if not loaded.ok:
        _write(err, f"{dst}: not written: {src} has {_counted(len(loaded.errors), 'error')}")
        return EXIT_ERRORS
    try:
        save_runsheet(loaded.sheet, dst, like=src)  # in the source's language
    except (OSError, UnreadableFile) as exc:
        reason = getattr(exc, "strerror", None) or exc
        _write(err, f"{dst}: error: cannot write the file: {reason}")
        return EXIT_UNREADABLE
    except Exception as exc:  # a bug: one line, never a traceback
        log.debug("writing %s failed", dst, exc_info=True)
        _write(err, f"{dst}: error: cannot write the file ({type(exc).__name__}: {exc})")
        return EXIT_UNREADABLE
    for note in left_out(loaded, dst):
        _write(err, f"{dst}: note: {note}")
    said = _counted(len(loaded.sheet.segments), "segment")
    _write(out, f"{src} → {dst}: {said}, {format_duration(loaded.sheet.total_s)}")
    return EXIT_OK
