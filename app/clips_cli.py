"""`livedesk clips SESSION -o DIR`: cut the show's recording into clips with ffmpeg.

Exit codes: 0 done (also when there was nothing to cut: clips.json is then an empty list), 1 no
database / unknown session / a cut or a file that failed, 2 the show has no recording (or the log
does not say which file it is and no --recording names it), ffmpeg is missing or -o is empty
(a usage error, as argparse's). Problems are one
line on stderr; notes (spans not recorded) are `livedesk: note: ...` lines; progress goes to
stderr while it is a terminal.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from app.adapters.media.ffmpeg import Ffmpeg
from app.adapters.store import queries
from app.adapters.store.clip_log import SqliteClipLog
from app.adapters.store.schema import StoreError
from app.domain.clips import ClipBy
from app.services.clips import (
    ClipMaker,
    ClipOptions,
    ClipsMade,
    ClipsProgress,
    ClipsUnavailable,
    Fit,
)
from app.services.errors import LiveDeskError
from app.services.review import clock


def _fail(err: TextIO, message: str, code: int = 1) -> int:
    err.write(f"livedesk: {message}\n")
    return code


def _line(number: int, made: ClipsMade) -> str:
    clip = made.clips[number]
    how = "copied" if clip.copied else "re-encoded"
    span = f"{clock(clip.start_s)}–{clock(clip.end_s)}"
    return f"{clip.file}  {span} ({clip.duration_s:.1f} s)  {how}: {clip.why}\n"


def run_clips(
    db_path: str | os.PathLike[str],
    session: str,
    folder: str,
    *,
    by: str = "product",
    vertical: bool = False,
    fit: str = "pad",
    recordings: Sequence[str] = (),
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
    maker: ClipMaker | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    if not folder:  # "" would be the current folder, which nobody means by it
        return _fail(err, "-o needs a folder name (-o . for the current folder)", 2)
    try:
        session_id = queries.resolve_session(db_path, session)
    except (LookupError, StoreError) as exc:
        return _fail(err, str(exc))
    maker = maker or ClipMaker(SqliteClipLog(db_path), Ffmpeg())
    options = ClipOptions(ClipBy(by), vertical, Fit(fit), tuple(recordings))
    terminal = err.isatty()

    def progress(step: ClipsProgress) -> None:
        if terminal and step.title:
            err.write(
                f"\r{step.fraction:4.0%}  {step.done + 1}/{step.total}  {step.title[:40]}\033[K"
            )
            err.flush()

    try:
        made = maker.make(session_id, folder, options, progress)
    except ClipsUnavailable as exc:
        return _fail(err, str(exc), 2)
    except LiveDeskError as exc:
        return _fail(err, str(exc))
    finally:
        if terminal:
            err.write("\r\033[K")
    for note in made.notes:
        err.write(f"livedesk: note: {note}\n")
    if as_json:
        out.write(
            json.dumps([c.as_json() for c in made.clips], ensure_ascii=False, indent=2) + "\n"
        )
    elif made.clips:
        for number in range(len(made.clips)):
            out.write(_line(number, made))
        out.write(f"{len(made.clips)} clips in {made.folder} (clips.json lists them)\n")
    else:
        out.write(f"No {by} clips to cut in this show.\n")
    return 0
