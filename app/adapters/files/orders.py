"""The OrderFiles port: a platform's order export (CSV) as text, in whichever encoding it was
saved (UTF-8, UTF-8 with BOM, GBK/GB18030 from Excel on Chinese Windows, UTF-16 with BOM)."""

from __future__ import annotations

from pathlib import Path

from app.adapters.files import UnreadableFile
from app.adapters.files.csv_sheet import decode
from app.domain.messages import Message
from app.services.errors import BadInput

MAX_BYTES = 200 * 1024 * 1024  # a whole season of orders is far less


def read_order_text(path: str) -> str:
    """The file's text; BadInput with the reason when it cannot be read."""
    name = Path(path).name
    try:
        if Path(path).stat().st_size > MAX_BYTES:
            raise BadInput(Message("archive.orders_too_big", name=name, mb=MAX_BYTES // 2**20))
        return decode(Path(path).read_bytes())
    except UnreadableFile as exc:
        raise BadInput(Message("archive.cannot_read", name=name, reason=exc.message)) from None
    except OSError as exc:
        reason = str(exc.strerror or exc)
        raise BadInput(Message("archive.cannot_read", name=name, reason=reason)) from None


class OrderExportFiles:
    def read_text(self, path: str) -> str:
        return read_order_text(path)
