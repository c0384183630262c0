"""Interaction on air over HTTP (the console's buttons, Companion): the lottery, polls and
quizzes, check-in. Errors are the service's: 400 bad settings, 404 unknown id, 409 wrong state."""

from __future__ import annotations

from aiohttp import web

from app.adapters.web.common import SHOW_KEY, path_id, read_json
from app.adapters.web.state_json import checkin_json, lottery_json, poll_json
from app.domain.messages import Message
from app.services.errors import BadInput
from app.services.interaction import Interaction


def _interaction(request: web.Request) -> Interaction:
    return request.app[SHOW_KEY].interaction


def _id(request: web.Request, unknown: str) -> int:
    return path_id(request, lambda raw: Message(unknown, id=raw))


def _flag(body: dict[str, object], name: str) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise BadInput(f"“{name}” must be true or false")
    return value


async def post_lottery(request: web.Request) -> web.Response:
    body = await read_json(request)
    lottery = _interaction(request).open_lottery(
        body.get("keyword"), body.get("winners", 1), body.get("seconds"),
        _flag(body, "exclude_previous_winners"),
    )  # fmt: skip
    return web.json_response({"id": lottery.id})


async def get_lottery(request: web.Request) -> web.Response:
    lottery_id = _id(request, "lottery.unknown")
    return web.json_response(lottery_json(_interaction(request).lottery(lottery_id)))


async def post_draw(request: web.Request) -> web.Response:
    draw = _interaction(request).draw(_id(request, "lottery.unknown"))
    return web.json_response({"entrants": draw.entrants,
                              "winners": [w.as_api() for w in draw.winners],
                              "seed": draw.seed})  # fmt: skip


async def post_poll(request: web.Request) -> web.Response:
    body = await read_json(request)
    poll = _interaction(request).open_poll(
        body.get("question"), body.get("options"), body.get("seconds"), body.get("answer")
    )
    return web.json_response({"id": poll.id})


async def get_poll(request: web.Request) -> web.Response:
    return web.json_response(poll_json(_interaction(request).poll(_id(request, "poll.unknown"))))


async def post_poll_close(request: web.Request) -> web.Response:
    poll = _interaction(request).close_poll(_id(request, "poll.unknown"))
    return web.json_response(poll_json(poll))


async def post_poll_reveal(request: web.Request) -> web.Response:
    poll = _interaction(request).reveal(_id(request, "poll.unknown"))
    return web.json_response(poll_json(poll))


async def post_checkin(request: web.Request) -> web.Response:
    body = await read_json(request)
    checkin = _interaction(request).open_checkin(body.get("keyword"))
    return web.json_response({"id": checkin.id})


async def post_checkin_close(request: web.Request) -> web.Response:
    return web.json_response(checkin_json(_interaction(request).close_checkin()))


def register(router: web.UrlDispatcher) -> None:
    router.add_post("/api/lottery", post_lottery)
    router.add_get("/api/lottery/{id}", get_lottery)
    router.add_post("/api/lottery/{id}/draw", post_draw)
    router.add_post("/api/poll", post_poll)
    router.add_get("/api/poll/{id}", get_poll)
    router.add_post("/api/poll/{id}/close", post_poll_close)
    router.add_post("/api/poll/{id}/reveal", post_poll_reveal)
    router.add_post("/api/checkin", post_checkin)
    router.add_post("/api/checkin/close", post_checkin_close)
