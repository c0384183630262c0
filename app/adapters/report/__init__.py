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
    db_path: str | os.PathLike[str], session: str | int, fmt: str, *, salt: str | None = None
) -> bytes:
    """The report of `session` as `fmt` ("html" UTF-8 or "pdf") bytes, viewer names
    pseudonymised with `salt` when one is given.

    Raises LookupError / StoreError as the json report does."""
    from app.adapters.report.data import load_review

    data = load_review(db_path, session)
    if salt is not None:
        from app.services.pseudonym import pseudonymise

        data.report = pseudonymise(data.report, salt)
    if fmt == "pdf":
        from app.adapters.report.pdf import render_pdf

        return render_pdf(data)
    from app.adapters.report.html import render_html

    return render_html(data).encode("utf-8")


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
    try:
        payload = render_report(db_path, session, fmt, salt=salt)
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
        return 0
    try:
        write_whole(output, payload)  # as the other formats: whole, through links and devices
    except OSError as exc:
        err.write(f"livedesk: cannot write {output}: {exc.strerror or exc}\n")
        return 1
    log.info("wrote the %s report of session %s to %s", fmt, session, output)
    return 0
