"""Command line: the console's options, and the runsheet / sessions / report / clips verbs."""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import __version__

VERBS = ("runsheet", "sessions", "report", "clips")
API_PORT_ENV = "LIVEDESK_API_PORT"
REPORT_FORMATS = ("html", "pdf", "csv", "json", "chapters", "edl", "premiere", "attendance")


def gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="livedesk",
        description="LiveDesk 直播中控台 — the console for live-commerce and live-education shows.",
        epilog="Verbs: livedesk runsheet check FILE [--json] | livedesk runsheet convert IN OUT"
        " | livedesk sessions [--json] | livedesk report SESSION --format F -o OUT"
        " | livedesk clips SESSION -o DIR [--by product|segment|marker] [--vertical]",
    )
    parser.add_argument("--version", action="version", version=f"livedesk {__version__}")
    parser.add_argument("--demo", action="store_true", help="use the built-in OBS simulator")
    parser.add_argument(
        "--obs-url",
        default=os.environ.get("LIVEDESK_OBS_URL"),  # unreadable: the console says so (no exit)
        action=_ObsUrl,
        help="OBS WebSocket address, e.g. ws://127.0.0.1:4455",
    )
    parser.add_argument("--data-dir", help="where the database and settings live")
    parser.add_argument(
        "--api-port",
        type=_port,
        help=f"port of the local API, 1 to 65535 (default 4466; also {API_PORT_ENV})",
    )
    parser.add_argument("--runsheet", help="run-sheet to load at start")
    parser.add_argument("--lang", choices=("zh_CN", "en"), help="interface language")
    parser.add_argument(
        "--no-crash-dialog",
        action="store_true",
        help="log crashes without opening the crash dialog (CI)",
    )
    parser.add_argument("--log-json", action="store_true", help="log JSON lines to stderr")
    parser.add_argument(
        "--move-broken-db",
        action="store_true",
        help="set a damaged show log aside (livedesk.db.broken-DATE-TIME) and start a fresh one "
        "without asking (also LIVEDESK_MOVE_BROKEN_DB=1)",
    )
    return parser


class _ObsUrl(argparse.Action):
    """--obs-url: an address that cannot be read is a usage error (exit 2), not a traceback."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        from app.adapters.obs.gateway import parse_obs_url

        try:
            parse_obs_url(str(values))
        except ValueError as exc:
            raise argparse.ArgumentError(self, str(exc)) from exc
        setattr(namespace, self.dest, values)


def verbs_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="livedesk")
    parser.add_argument("--data-dir", help="where the database lives")
    sub = parser.add_subparsers(dest="verb", required=True)
    runsheet = sub.add_parser("runsheet", help="check or convert a run-sheet (CSV, XLSX, JSON)")
    runsheet_sub = runsheet.add_subparsers(
        dest="runsheet_verb", required=True, metavar="check|convert"
    )
    check = runsheet_sub.add_parser(
        "check", help="report every error and warning; exit 0 valid, 1 errors, 2 unreadable"
    )
    check.add_argument("file", help="run-sheet file: .csv, .xlsx or .json")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    convert = runsheet_sub.add_parser(
        "convert", help="convert between csv, xlsx and json (by extension)"
    )
    convert.add_argument("source", help="run-sheet to read")
    convert.add_argument("target", help="file to write: .csv, .xlsx or .json")
    sessions = sub.add_parser("sessions", help="list the recorded shows")
    sessions.add_argument("--json", action="store_true")
    sessions.add_argument("--data-dir", dest="data_dir_verb")
    report = sub.add_parser("report", help="export a show's review")
    report.add_argument("session", help='session id or "latest"')
    report.add_argument("--format", required=True, choices=REPORT_FORMATS)
    report.add_argument("-o", "--output", help="output file (default: standard output)")
    report.add_argument("--pseudonymise", action="store_true", help="viewer names as aliases")
    report.add_argument("--fps", type=_frame_rate, metavar="N",
                        help="edl and premiere: frames per second of the timecodes (default: the "
                        "recording's, as logged; 29.97, 59.94 … are NTSC's)")  # fmt: skip
    report.add_argument("--data-dir", dest="data_dir_verb")
    clips = sub.add_parser(
        "clips", help="cut the show's recording into clips with ffmpeg (needs ffmpeg)"
    )
    clips.add_argument("session", help='session id or "latest"')
    clips.add_argument("-o", "--output", required=True, help="folder for the clips")
    clips.add_argument(
        "--by",
        default="product",
        choices=("product", "segment", "marker"),
        help="one clip per product card shown (default), segment or marker",
    )
    clips.add_argument("--vertical", action="store_true", help="also 1080x1920 versions")
    clips.add_argument("--fit", default="pad", choices=("pad", "crop"),
                       help="vertical versions: the whole picture with bars (pad, default) or "
                       "its middle filling the frame (crop)")  # fmt: skip
    clips.add_argument("--recording", action="append", default=[], metavar="FILE",
                       help="the recording file, when the log does not name it (repeat for a "
                       "show recorded in several files, in order)")  # fmt: skip
    clips.add_argument("--json", action="store_true", help="print clips.json's list")
    clips.add_argument("--data-dir", dest="data_dir_verb")
    return parser


def _frame_rate(text: str) -> float:
    try:
        fps = float(text)
    except ValueError:
        fps = math.nan
    if not math.isfinite(fps) or not 0 < fps <= 1000:
        raise argparse.ArgumentTypeError(f"not a frame rate (frames per second): {text}")
    return fps


def _port(text: str) -> int:
    """--api-port: a TCP port, 1 to 65535; anything else is a usage error (exit 2)."""
    port = _port_or_none(text)
    if port is None:
        raise argparse.ArgumentTypeError(f"not a port (a whole number from 1 to 65535): {text}")
    return port


def _port_or_none(text: str) -> int | None:
    try:
        port = int(text.strip())
    except ValueError:
        return None
    return port if 1 <= port <= 65535 else None


def console_args(argv: Sequence[str]) -> argparse.Namespace:
    """The console's options; --api-port, else LIVEDESK_API_PORT (refused as a usage error, exit
    2, when it is not a port: never silently ignored)."""
    parser = gui_parser()
    args = parser.parse_args(argv)
    env_port = os.environ.get(API_PORT_ENV, "")
    if args.api_port is None and env_port.strip():
        args.api_port = _port_or_none(env_port)
        if args.api_port is None:
            parser.error(f"{API_PORT_ENV}={env_port!r} is not a port (a whole number from 1 to "
                         "65535); unset it or correct it")  # fmt: skip
    return args


def run_verb(argv: Sequence[str]) -> int:
    from app import paths, report_cli

    args = verbs_parser().parse_args(argv)
    if args.verb == "runsheet":
        from app import runsheet_cli

        if args.runsheet_verb == "check":
            return runsheet_cli.run_check(args.file, as_json=args.json)
        return runsheet_cli.run_convert(args.source, args.target)
    db_path = paths.data_dir(args.data_dir_verb or args.data_dir, create=False) / paths.DB_NAME
    _warn_of_a_damaged_journal(db_path)
    if args.verb == "sessions":
        return report_cli.run_sessions(db_path, as_json=args.json)
    if args.verb == "clips":
        from app import clips_cli

        return clips_cli.run_clips(
            db_path, args.session, args.output, by=args.by, vertical=args.vertical,
            fit=args.fit, recordings=args.recording, as_json=args.json,
        )  # fmt: skip
    return report_cli.run_report(
        db_path, args.session, args.format, args.output, pseudonymise=args.pseudonymise,
        fps=args.fps,
    )  # fmt: skip


def _warn_of_a_damaged_journal(db_path: Path) -> None:
    """A damaged livedesk.db-wal: SQLite reads the log up to the damage and drops the rest, so
    what follows is short of the shows after it. Said first, on stderr (the console, at its next
    start, sets the files aside whole: docs/faults.md)."""
    from app.adapters.store.wal_check import in_time_until, wal_damage

    if not Path(f"{db_path}-wal").is_file():
        return
    damage = wal_damage(db_path, in_time_until(time.monotonic() + WAL_CHECK_S))
    if damage is not None:
        sys.stderr.write(
            f"livedesk: warning: the show log {db_path}: {damage}; what follows is what SQLite "
            "keeps. Start LiveDesk to set the damaged files aside and begin a fresh log.\n"
        )


WAL_CHECK_S = 2.0  # how long the check of the log's journal may take before a verb reads it
_VALUE_OPTIONS = {"--obs-url", "--data-dir", "--api-port", "--runsheet", "--lang"}


def _first_positional(argv: Sequence[str]) -> str | None:
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _VALUE_OPTIONS:
            skip = True
        elif not token.startswith("-"):
            return token
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if _first_positional(argv) in VERBS:
        return run_verb(argv)
    args = console_args(argv)
    from app.main import run_console

    return run_console(args)
