"""Comments in (/ingest over HTTP and WebSocket) and the question queue (/api/comments,
/api/questions).

/ingest asks its clients to wait (429 with Retry-After, or a frame's "retry_after_s") when one
client sends faster than its rate limit, and when the show log's writer is more than a second
behind, whoever sends.

A batch is taken in slices of INGEST_SLICE items with a turn of the loop between them: frames
from several sockets arriving together (a relay per platform) would otherwise hold the loop,
and with it the window, OBS and the overlays, for their whole sum."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiohttp import WSMsgType, web

from app.adapters.web.common import (
    ASSIST_KEY,
    MAX_BODY,
    ROLE_KEY,
    SHOW_KEY,
    SOCKETS_KEY,
    decode_json_checked,
    field,
    json_error,
    path_id,
    read_any_json,
    read_json,
    sent_a_body,
)
from app.adapters.web.guard import ASSIST
from app.adapters.web.limits import LIMITS_KEY, IngestLimits, TokenBucket, items_in
from app.adapters.web.routes_events import close_after_error
from app.domain.audience import IncomingComment, Question
from app.domain.ingest import parse_batch
from app.domain.messages import Message
from app.services.audience import Audience
from app.services.errors import BadInput, ObsUnavailable, WrongState
from app.services.show import Show

log = logging.getLogger(__name__)
STATES = ("open", "claimed", "answered", "dismissed", "all")
ORDERS = ("rank", "latest")
STALE_RUN = (
    "the console has restarted since this question list was read: its question ids name other "
    "questions now; read the list again"
)
STALE_THANKS = (
    "the console has restarted since this thanks list was read: its ids name other viewers' "
    "entries now; read the list again"
)
# items classified and queued between two turns of the loop; measured at 10,000/s over four
# sockets: loop lag p99 about 16 ms in slices of 25, 23 in slices of 50, 25 in whole frames
INGEST_SLICE = 25


async def ingest_in_slices(audience: Audience, items: list[IncomingComment], source: str) -> None:
    """Into the audience in slices, in order, the loop running other work in between."""
    for start in range(0, len(items), INGEST_SLICE):
        if start:
            await asyncio.sleep(0)
        audience.ingest(items[start : start + INGEST_SLICE], source=source)


def _audience(request: web.Request) -> Audience:
    audience = request.app[SHOW_KEY].audience
    if audience is None:
        raise ObsUnavailable("the audience service is not running")
    return audience


def _store_behind_s(show: Show) -> float:
    """How long the oldest entry the log writer has not written yet has waited (0: none)."""
    return show.health.writer_behind_s() if show.health is not None else 0.0


def post_refusal(request: web.Request, items: int) -> web.Response | None:
    """429 with Retry-After when the log writer is behind or this address sends `items` beyond
    its rate; None when the POST may go on."""
    limits = request.app[LIMITS_KEY]
    wait = limits.store_wait_s(_store_behind_s(request.app[SHOW_KEY]))
    if wait is not None:
        refused = json_error(429, limits.store_message(wait))
        refused.headers["Retry-After"] = limits.retry_after(wait)
        return refused
    bucket = limits.address(request.remote or "?")
    if bucket is not None and not bucket.take(items):
        refused = json_error(429, limits.message())
        refused.headers["Retry-After"] = limits.retry_after(bucket.wait_s(items))
        return refused
    return None


async def post_ingest(request: web.Request) -> web.Response:
    if not sent_a_body(request):  # nothing sent: not one comment missing its fields
        raise BadInput("the body is empty: send a comment (a JSON object) or a list of them")
    body = await read_any_json(request)
    refused = post_refusal(request, items_in(body))
    if refused is not None:
        return refused
    accepted, rejected = parse_batch(body)
    return web.json_response(await take_batch(_audience(request), accepted, rejected, "ingest"))


async def ws_ingest(request: web.Request) -> web.WebSocketResponse:
    """One JSON object or list per text frame (binary frames are decoded as UTF-8 here, so a bad
    byte is answered, not fatal); each frame is answered with {"accepted", "rejected"}. A frame
    over 1 MiB closes the connection (1009); a frame beyond the connection's rate limit is
    answered with an "error" and dropped, and the connection stays."""
    ws = web.WebSocketResponse(heartbeat=20, max_msg_size=MAX_BODY)
    await ws.prepare(request)
    show = request.app[SHOW_KEY]
    audience = _audience(request)
    limits = request.app[LIMITS_KEY]
    bucket = limits.connection()
    request.app[SOCKETS_KEY].add(ws)
    try:
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                reply = await _answer(show, audience, message.data, bucket, limits)
            elif message.type == WSMsgType.BINARY:
                try:
                    text = message.data.decode("utf-8")
                    reply = await _answer(show, audience, text, bucket, limits)
                except UnicodeDecodeError as exc:
                    reply = {"accepted": 0, "rejected": [], "error": f"not UTF-8: {exc.reason}"}
            elif message.type == WSMsgType.ERROR:
                break
            else:
                continue
            try:
                await ws.send_json(reply)
            except Exception as exc:  # noqa: BLE001 - closed and logged: never open and silent
                await close_after_error(ws, "/ingest", exc)
                break
    finally:
        request.app[SOCKETS_KEY].discard(ws)
    return ws


async def _answer(
    show: Show, audience: Audience, text: str, bucket: TokenBucket | None, limits: IngestLimits
) -> dict[str, Any]:
    """_frame's answer; a fault in LiveDesk is logged and answered, and the relay's connection
    stays for the next frame."""
    try:
        return await _frame(show, audience, text, bucket, limits)
    except Exception:
        log.exception("ingest over WebSocket: a frame could not be taken in")
        return {"accepted": 0, "rejected": [], "error": "internal error; see the console's log"}


async def _frame(
    show: Show, audience: Audience, text: str, bucket: TokenBucket | None, limits: IngestLimits
) -> dict[str, Any]:
    try:
        # strict (finite numbers only) and its strings cleaned
        body, single_line_clean = decode_json_checked(text)
    except BadInput as exc:
        return {"accepted": 0, "rejected": [], "error": str(exc)}
    wait = limits.store_wait_s(_store_behind_s(show))
    if wait is not None:
        return {"accepted": 0, "rejected": [], "error": limits.store_message(wait),
                "retry_after_s": round(wait, 3)}  # fmt: skip
    if bucket is not None and not bucket.take(items_in(body)):
        wait = round(bucket.wait_s(items_in(body)), 3)
        return {"accepted": 0, "rejected": [], "error": limits.message(), "retry_after_s": wait}
    # when the raw frame shows no string needs cleaning, no field is looked at for it
    accepted, rejected = parse_batch(body, clean=not single_line_clean)
    return await take_batch(audience, accepted, rejected, "ingest-ws")


async def take_batch(
    audience: Audience,
    accepted: list[IncomingComment],
    rejected: list[dict[str, Any]],
    source: str,
) -> dict[str, Any]:
    """A batch's accepted items into the audience, but those whose id was taken before (by any
    route: a relay or Douyin re-sending; the audience remembers them, a resumed show's too),
    and the answer: a repeat counts as accepted, as the first time, and "repeated" says how
    many were, only when some were."""
    fresh = audience.taken.new_only(accepted)
    await ingest_in_slices(audience, fresh, source)
    answer: dict[str, Any] = {"accepted": len(accepted), "rejected": rejected}
    if len(fresh) < len(accepted):
        answer["repeated"] = len(accepted) - len(fresh)
    return answer


def _int_query(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise BadInput(f"“{name}” must be a whole number") from exc
    if not low <= value <= high:
        raise BadInput(f"“{name}” must be between {low} and {high}")
    return value


async def get_comments(request: web.Request) -> web.Response:
    after = _int_query(request, "after", 0, 0, 2**62)
    limit = _int_query(request, "limit", 100, 1, 1000)
    comments = _audience(request).comments_after(after, limit)
    return web.json_response({"comments": [c.as_api() for c in comments]})


async def post_comment(request: web.Request) -> web.Response:
    """Manual entry: an assistant types in a question seen on a platform with no feed."""
    body = await read_json(request)
    platform = body.get("platform", "manual")
    user = body.get("user", "")
    if not isinstance(platform, str) or not isinstance(user, str):
        raise BadInput("“user” and “platform” must be strings")
    comment = _audience(request).add_manual(user, field(body, "text", str), platform or "manual")
    return web.json_response({"ok": True, "comment": comment.as_api()})


def run_of(audience: Audience) -> str:
    """Which run of the console the question ids belong to: they start at 1 again when it
    restarts (a resumed show takes its run, and its ids, up again). Opaque to clients, which
    send it back with an action so that an id read before a restart never names another
    viewer's question."""
    return f"{audience.run_started:.6f}"


def _stale(body: dict[str, Any], current: str) -> bool:
    """Whether the action names the "run" of a list read before the console restarted (no run
    sent: taken as it is); a run that is not a string is refused."""
    run = body.get("run")
    if run is not None and not isinstance(run, str):
        raise BadInput("“run” must be a string")
    return run is not None and run != current


def _question_json(audience: Audience, question: Question, run: str) -> dict[str, Any]:
    data = audience.question_api(question)
    data["run"] = run
    return data


async def get_questions(request: web.Request) -> web.Response:
    """The questions in a state, with the counts of every state and the run they belong to.
    "order=latest" (claimed, answered, dismissed): the last claimed, answered or dismissed
    first, as a panel showing the latest few wants them, rather than the most asked."""
    state = request.query.get("state", "open")
    if state not in STATES:
        raise BadInput(f"“state” must be one of {', '.join(STATES)}")
    order = request.query.get("order", "rank")
    if order not in ORDERS:
        raise BadInput(f"“order” must be one of {', '.join(ORDERS)}")
    if order == "latest" and state in ("open", "all"):
        raise BadInput("“order=latest” lists claimed, answered or dismissed questions")
    limit = _int_query(request, "limit", 500, 1, 5000)
    audience = _audience(request)
    run = run_of(audience)
    listed = audience.queue.listing(state, limit, latest=order == "latest")
    return web.json_response(
        {"questions": [_question_json(audience, q, run) for q in listed],
         "counts": audience.queue.counts(), "run": run}
    )  # fmt: skip


async def post_question(request: web.Request) -> web.Response:
    """An action on a question. With "run" (as GET /api/questions gave it) it is refused (409)
    when the console has restarted since: the id may name another viewer's question now.
    Without it, the id is taken as it is (the console's scripts and decks)."""
    question_id = path_id(request, lambda raw: Message("question.unknown", id=raw))
    body = await read_json(request)
    answer = body.get("answer")
    if answer is not None and not isinstance(answer, str):
        raise BadInput("“answer” must be a string")
    audience = _audience(request)
    current = run_of(audience)
    if _stale(body, current):
        raise WrongState(STALE_RUN)
    by = field(body, "by", str)
    console = request.app[ASSIST_KEY].console_name
    if request.get(ROLE_KEY) == ASSIST and by.strip() == console.strip():
        # the producer's claims go by it: the assistants' token acts under names of its own
        raise WrongState(f"“{console}” is the console's own name: an assistant acts under one "
                         "of their own")  # fmt: skip
    question = audience.act(question_id, field(body, "action", str), by, answer)
    return web.json_response({"ok": True, "question": _question_json(audience, question, current)})


async def get_thanks(request: web.Request) -> web.Response:
    """Gifts, memberships, super chats and follows not yet thanked, newest first, and the run
    their ids belong to (they start at 1 again when the console restarts, as questions do)."""
    limit = _int_query(request, "limit", 200, 1, 2000)
    audience = _audience(request)
    thanks = audience.thanks
    return web.json_response({"thanks": [e.as_api() for e in thanks.listing(limit)],
                              "pending": len(thanks), "thanked": thanks.thanked,
                              "dismissed": thanks.dismissed, "run": run_of(audience)})  # fmt: skip


async def post_thanks(request: web.Request) -> web.Response:
    """Thanked or dismissed. With "run" (as GET /api/thanks gave it) it is refused (409, with
    "stale": true) when the console has restarted since: the id may name another viewer's
    entry now."""
    entry_id = path_id(request, lambda raw: Message.plain(f"there is no thanks entry {raw}"))
    body = await read_json(request)
    audience = _audience(request)
    if _stale(body, run_of(audience)):
        return web.json_response({"error": STALE_THANKS, "stale": True}, status=409)
    entry = audience.thank(entry_id, field(body, "action", str))
    return web.json_response({"ok": True, "entry": entry.as_api()})


def register(router: web.UrlDispatcher) -> None:
    router.add_post("/ingest", post_ingest)
    router.add_get("/ingest", ws_ingest)
    router.add_get("/api/comments", get_comments)
    router.add_post("/api/comments", post_comment)
    router.add_get("/api/questions", get_questions)
    router.add_post("/api/questions/{id}", post_question)
    router.add_get("/api/thanks", get_thanks)
    router.add_post("/api/thanks/{id}", post_thanks)
