"""The rendered review formats of `livedesk report`: html (one self-contained file) and pdf."""

from __future__ import annotations

import logging
import os
from typing import TextIO

from app.adapters.files.atomic import write_whole
from app.adapters.store.schema import StoreError

log = logging.getLogger(__name__)

RENDERED_FORMATS = ("html", "pdf")


def render_report(
    db_path: str | os.PathLike[str],
    session: str | int,
    fmt: str,
    *,
    salt: str | None = None,
    notes: list[str] | None = None,
) -> bytes:
    """The report of `session` as `fmt` ("html" UTF-8 or "pdf") bytes, viewer names
    pseudonymised with `salt` when one is given; what is worth telling (characters no font
    could draw) appended to `notes` when given, else logged.

    Raises LookupError / StoreError as the json report does."""
    from app.adapters.report.data import load_review
    from app.adapters.report.glyphs import missing_glyphs, missing_glyphs_note

    data = load_review(db_path, session)
    if salt is not None:
        from app.services.pseudonym import pseudonymise

        data.report = pseudonymise(data.report, salt)
    with missing_glyphs() as missing:
        if fmt == "pdf":
            from app.adapters.report.pdf import render_pdf

            payload = render_pdf(data)
        else:
            from app.adapters.report.html import render_html

            payload = render_html(data).encode("utf-8")
    where = "the charts and tables" if fmt == "pdf" else "the charts"
    note = missing_glyphs_note(missing, where)
    if note is not None:
        if notes is None:
            log.info("the %s report of session %s: %s", fmt, session, note)
        else:
            notes.append(note)
    return payload


def run_rendered_report(
    db_path: str | os.PathLike[str],
    session: str,
    fmt: str,
    output: str | None,
    out: TextIO,
    err: TextIO,
    salt: str | None = None,
) -> int:
    """`livedesk report SESSION --format html|pdf -o OUT`; exit codes as report_cli."""
    if fmt == "pdf" and output in (None, "-") and getattr(out, "buffer", None) is None:
        err.write("livedesk: the pdf report needs -o FILE\n")
        return 1
    notes: list[str] = []
    try:
        payload = render_report(db_path, session, fmt, salt=salt, notes=notes)
    except (LookupError, StoreError) as exc:
        err.write(f"livedesk: {exc}\n")
        return 1
    if output in (None, "-"):
        binary = getattr(out, "buffer", None)
        if binary is None:
            out.write(payload.decode("utf-8"))
        else:
            out.flush()
            binary.write(payload)
            binary.flush()
        _say(notes, err)
        return 0
    try:
        write_whole(output, payload)  # as the other formats: whole, through links and devices
    except OSError as exc:
        err.write(f"livedesk: cannot write {output}: {exc.strerror or exc}\n")
        return 1
    log.info("wrote the %s report of session %s to %s", fmt, session, output)
    _say(notes, err)
    return 0


def _say(notes: list[str], err: TextIO) -> None:
    for note in notes:
        err.write(f"livedesk: note: {note}\n")
