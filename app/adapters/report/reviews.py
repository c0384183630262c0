"""The ReviewSource port: a session's review (ReviewData, as the html and pdf reports use it) and
its files, from the session log."""

from __future__ import annotations

import logging
import os

from app.adapters.files.atomic import write_whole
from app.adapters.report.data import load_review
from app.adapters.report.export_files import report_file
from app.adapters.store.schema import StoreError
from app.domain.messages import Message
from app.services.errors import BadInput, LiveDeskError, NotFound
from app.services.exports import ExportError
from app.services.review import ReviewData

log = logging.getLogger(__name__)


class ReportReviews:
    def __init__(self, db_path: str | os.PathLike[str]) -> None:
        self.path = db_path

    def load(self, session_id: int) -> ReviewData:
        try:
            return load_review(self.path, session_id)
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        except StoreError as exc:
            raise LiveDeskError(str(exc)) from exc

    def export(self, session_id: int, fmt: str, path: str, salt: str | None) -> list[str]:
        try:
            made = report_file(self.path, session_id, fmt, salt=salt)
        except LookupError as exc:
            raise NotFound(str(exc)) from exc
        except StoreError as exc:
            raise LiveDeskError(str(exc)) from exc
        except ExportError as exc:
            said = exc.args[0] if exc.args else ""
            if isinstance(said, Message):  # already a whole sentence, in the window's language
                raise BadInput(said) from exc
            raise BadInput(Message("archive.no_export", fmt=fmt, reason=str(exc))) from exc
        try:
            write_whole(path, made.payload)
        except OSError as exc:
            reason = str(exc.strerror or exc)
            raise BadInput(Message("archive.cannot_write", path=path, reason=reason)) from exc
        log.info("wrote the %s review of session %s to %s", fmt, session_id, path)
        return made.notes
