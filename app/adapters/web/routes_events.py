"""WebSocket /ws/events: everything that changes, as JSON. With the assistants' token it is the
assistants' stream: only what the panel needs (questions, comments, thanks, the lottery, poll
and check-in, the queue's overflow marker), a greeting without the show's state, and the socket
counts as a connected assistant (so does a panel opened with the API token, `?panel=assist`),
under the name given with `?name=` or sent later as {"type": "name", "name": ..., "panel": ...}
("panel": the panel's own id). Claims go by name, so a name another panel holds is refused:
that socket receives {"type": "name.taken", "name": ..., "kept": <its name, "" for none>}.
When the assistants' token is replaced, each socket that holds the old one receives
{"type": "assist.token_rotated"} and is closed; a panel opened with the API token holds no
assistants' token and is not told.

Whatever goes wrong while sending (a lost connection, an event that cannot be written), the
socket is closed, and anything but a lost connection is logged: a listener is never left open
and silent."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from app.adapters.web.common import ASSIST_KEY, ROLE_KEY, SHOW_KEY, SOCKETS_KEY
from app.adapters.web.event_json import OVERFLOW, TOKEN_ROTATED, event_to_json
from app.adapters.web.guard import ASSIST, given_token
from app.adapters.web.limits import LISTENER_MAX_FRAME
from app.adapters.web.state_json import state_json

log = logging.getLogger(__name__)

# type prefixes the assistants receive (the lottery, poll and check-in: the panel runs them)
ASSIST_EVENTS = ("questions.", "comments.", "thanks.", "lottery.", "poll.", "checkin.")
ASSIST_EXACT = (OVERFLOW, TOKEN_ROTATED)
ROTATED_CLOSE = b"the assistants' link has changed; ask for the new one"
NAME_TAKEN = "name.taken"  # to one panel: another panel has that name; pick another


def for_assistants(event: dict[str, Any]) -> bool:
    kind = str(event.get("type", ""))
    return kind.startswith(ASSIST_EVENTS) or kind in ASSIST_EXACT


async def close_after_error(ws: web.WebSocketResponse, what: str, exc: BaseException) -> None:
    """Close a socket whose sending failed; log it unless the client simply went away."""
    if not isinstance(exc, ConnectionError):
        log.error("%s: sending failed (%s: %s); the socket is closed", what,
                  exc.__class__.__name__, exc)  # fmt: skip
    with contextlib.suppress(Exception):
        await ws.close(code=WSCloseCode.INTERNAL_ERROR, message=b"LiveDesk could not send")


async def stop_sender(sender: asyncio.Task[None] | None) -> None:
    """Cancel a socket's sending task and wait until it has stopped."""
    if sender is not None:
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sender


async def ws_events(request: web.Request) -> web.WebSocketResponse:
    ws = web.WebSocketResponse(heartbeat=20, max_msg_size=LISTENER_MAX_FRAME)
    await ws.prepare(request)
    show = request.app[SHOW_KEY]
    access = request.app[ASSIST_KEY]
    assistant = request.get(ROLE_KEY) == ASSIST
    panel = assistant or request.query.get("panel") == "assist"
    token = given_token(request) if assistant else None
    queue = show.bus.subscribe(event_to_json)
    request.app[SOCKETS_KEY].add(ws)
    handle = access.joined(request.query.get("name", "")) if panel else None
    sender: asyncio.Task[None] | None = None
    try:
        if assistant:
            hello: dict[str, Any] = {"type": "hello", "role": ASSIST}
        else:
            hello = {"type": "hello", "state": state_json(show.state())}
        try:
            await ws.send_json(hello)
        except Exception as exc:  # noqa: BLE001 - a socket is never left open and silent
            await close_after_error(ws, "/ws/events", exc)
            return ws
        sender = asyncio.create_task(_pump(ws, queue, token, access, panel),
                                     name="ws-events-pump")  # fmt: skip
        async for message in ws:  # clients listen; a panel may say its assistant's name
            if message.type == WSMsgType.ERROR:
                break
            if handle is not None and message.type == WSMsgType.TEXT:
                taken = _named(access, handle, message.data)
                if taken is not None:
                    kept = access.name_of(handle)
                    try:
                        await ws.send_json({"type": NAME_TAKEN, "name": taken, "kept": kept})
                    except Exception as exc:  # noqa: BLE001 - never left open and silent
                        await close_after_error(ws, "/ws/events", exc)
                        break
    finally:
        await stop_sender(sender)
        show.bus.unsubscribe(queue)
        request.app[SOCKETS_KEY].discard(ws)
        if handle is not None:
            access.left(handle)
    return ws


def _named(access: Any, handle: int, text: str) -> str | None:
    """{"type": "name", "name": "小王", "panel": "<its id>"} from an assistants' panel; anything
    else is ignored. The name when another panel holds it (refused), else None."""
    try:
        said = json.loads(text)
    except ValueError:
        return None
    if isinstance(said, dict) and said.get("type") == "name" and isinstance(said.get("name"), str):
        panel = said.get("panel")
        if not access.renamed(handle, said["name"], panel if isinstance(panel, str) else ""):
            return str(said["name"]).strip()[:40]
    return None


async def _pump(
    ws: web.WebSocketResponse, queue: asyncio.Queue[dict[str, Any]], token: str | None,
    access: Any, panel: bool = False,
) -> None:  # fmt: skip
    """`token`: the assistants' token this socket opened with (None: the master token);
    `panel`: an assistants' panel (with either token)."""
    while not ws.closed:
        event = await queue.get()
        if token is not None:
            if token != access.token:  # replaced: tell, then close
                with contextlib.suppress(Exception):
                    await ws.send_json({"type": TOKEN_ROTATED})
                await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=ROTATED_CLOSE)
                return
            if not for_assistants(event):
                continue
        elif panel and event.get("type") == TOKEN_ROTATED:
            continue  # a panel with the API token: its link still works, nothing to tell it
        try:
            await ws.send_json(event)
        except Exception as exc:  # noqa: BLE001 - a socket is never left open and silent
            await close_after_error(ws, "/ws/events", exc)
            return
