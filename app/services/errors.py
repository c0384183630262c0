"""Errors services raise: the API maps each to an HTTP status, the window to its message bar."""

from __future__ import annotations

from app.domain.messages import Message


class LiveDeskError(Exception):
    """A user or state error with a message fit to show: `message` has its code and values (the
    window translates it), `str(error)` is its English sentence (the API and the logs)."""

    status = 400

    def __init__(self, message: Message | str) -> None:
        self.message = Message.plain(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


class BadInput(LiveDeskError):
    status = 400


class NotFound(LiveDeskError):
    status = 404


class WrongState(LiveDeskError):
    status = 409


class ObsUnavailable(LiveDeskError):
    status = 503


class StoreUnavailable(LiveDeskError):
    """The show log cannot be written right now (disk full, read-only, locked, failing disk)."""

    status = 503


class ObsRequestFailed(LiveDeskError):
    """OBS refused a request (status code and comment from obs-websocket)."""

    status = 502

    def __init__(self, request: str, code: int | None, comment: str | None) -> None:
        self.request, self.code, self.comment = request, code, comment
        if code:
            detail = f"{code}{': ' + comment if comment else ''}"
            super().__init__(Message("obs.refused_detail", request=request, detail=detail))
        else:
            super().__init__(Message("obs.refused", request=request))
