"""JSON run-sheets: the canonical form of app.domain.runsheet_codec, UTF-8."""

from __future__ import annotations

import json
import os
from pathlib import Path

from app.adapters.files import UnreadableFile, refuse_no_segments
from app.domain.messages import Message
from app.domain.runsheet import ParseResult, RunSheet
from app.domain.runsheet_codec import sheet_from_dict, sheet_to_dict
from app.domain.text import NonFiniteNumber, loads_clean


def read_json(path: str | os.PathLike[str]) -> ParseResult:
    """The run-sheet of a JSON file. UnreadableFile for a file that is not JSON text, with the
    line and column of a syntax error; an error when it has no segments."""
    data = Path(path).read_bytes()
    if not data.strip():
        raise UnreadableFile(Message("runsheet.file.empty"))
    if b"\x00" in data:
        raise UnreadableFile(Message("runsheet.file.binary_json"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(Message("runsheet.file.not_utf8", byte=exc.start)) from None
    try:  # strings cleaned (a lone surrogate or control character: U+FFFD), numbers finite
        document = loads_clean(text)
    except json.JSONDecodeError as exc:
        where = f"{exc.lineno}:{exc.colno}"
        raise UnreadableFile(Message("runsheet.file.bad_json", detail=exc.msg), where) from None
    except NonFiniteNumber as exc:
        raise UnreadableFile(Message("runsheet.file.json_not_finite", detail=str(exc))) from None
    except RecursionError:
        raise UnreadableFile(Message("runsheet.file.json_too_deep")) from None
    return refuse_no_segments(sheet_from_dict(document), "segments")


def json_text(sheet: RunSheet) -> str:
    return json.dumps(sheet_to_dict(sheet), ensure_ascii=False, indent=2) + "\n"


def json_bytes(sheet: RunSheet) -> bytes:
    return json_text(sheet).encode("utf-8")
