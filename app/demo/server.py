"""The simulator's obs-websocket v5 server (aiohttp) on 127.0.0.1, JSON over text frames (the
`obswebsocket.json` subprotocol; MessagePack is not simulated).

The handshake and its failures follow obs-websocket 5.1 (its src/websocketserver):
Hello (op 0, with an authentication challenge when a password is set), Identify (op 1) →
Identified (op 2), Reidentify (op 3) changes the event subscriptions, Events (op 5) go to the
sessions subscribed to their intent, Request (op 6) → RequestResponse (op 7), RequestBatch (op 8)
→ RequestBatchResponse (op 9). Protocol errors close the socket with obs-websocket's close codes.

Requests of one session run as tasks in arrival order (a screenshot does not hold up a scene
switch, as OBS's thread pool does not); the events a request causes go out after its response.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import contextvars
import hashlib
import json
import logging
import secrets
import socket
import sys
import threading
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from app.demo.requests import WEBSOCKET_VERSION, Caller, Painter, Requests
from app.demo.world import GENERAL, ObsWorld, RequestError

log = logging.getLogger(__name__)

ALL_LOW_VOLUME = (1 << 11) - 1  # EventSubscription::All (5.1): bits 0–10
# close codes (WebSocketCloseCode)
DECODE_ERROR, MISSING_DATA, INVALID_TYPE, INVALID_VALUE = 4002, 4003, 4004, 4005
UNKNOWN_OP, NOT_IDENTIFIED, ALREADY_IDENTIFIED, AUTH_FAILED = 4006, 4007, 4008, 4009
UNSUPPORTED_RPC, UNSUPPORTED_FEATURE = 4010, 4012
GOING_AWAY = 1001
_CLOSE = "close"
_held: contextvars.ContextVar[list[tuple[str, int, dict[str, Any] | None]] | None] = (
    contextvars.ContextVar("held_events", default=None)
)


class _Closing(Exception):
    def __init__(self, code: int, reason: str) -> None:
        super().__init__(reason)
        self.code, self.reason = code, reason


def auth_string(password: str, salt: str, challenge: str) -> str:
    secret = base64.b64encode(hashlib.sha256((password + salt).encode()).digest()).decode()
    return base64.b64encode(hashlib.sha256((secret + challenge).encode()).digest()).decode()


def _unsigned(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


class _Session:
    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.identified = False
        self.subscriptions = ALL_LOW_VOLUME
        self.caller = Caller()
        self.challenge = base64.b64encode(secrets.token_bytes(32)).decode()
        self.outbox: asyncio.Queue[Any] = asyncio.Queue()
        self.tasks: set[asyncio.Task[None]] = set()
        self.writer: asyncio.Task[None] | None = None
        self.closing = False

    def send(self, message: dict[str, Any]) -> None:
        self.caller.outgoing += 1
        self.outbox.put_nowait(message)

    def close(self, code: int, reason: str) -> None:
        """Close after what is queued has gone out."""
        self.closing = True
        self.outbox.put_nowait((_CLOSE, code, reason))

    async def write(self) -> None:
        try:
            while True:
                item = await self.outbox.get()
                if isinstance(item, tuple):
                    _, code, reason = item
                    self.closing = True
                    await self.ws.close(code=code, message=reason.encode())
                    return
                await self.ws.send_str(json.dumps(item, ensure_ascii=False))
        except (ConnectionError, RuntimeError) as exc:  # the client went meanwhile
            log.debug("simulator: a client went while writing: %s", exc)


class ObsSimulator:
    """A simulated OBS behind a real obs-websocket v5 socket. `world` may be filled (scenes,
    inputs) before or after `start()`; `url` is where to connect."""

    def __init__(
        self,
        *,
        password: str = "",
        host: str = "127.0.0.1",
        port: int = 0,
        paint: Painter | None = None,
        transition_s: float = 0.3,
        output_start_s: float = 0.2,
    ) -> None:
        self.host, self.port, self.password = host, port, password
        self.salt = base64.b64encode(secrets.token_bytes(32)).decode()
        self.world = ObsWorld(
            self._emit, self._later, transition_s=transition_s, output_start_s=output_start_s
        )
        self.requests = Requests(self.world, paint)
        self.sessions: set[_Session] = set()
        self._runner: web.AppRunner | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def url(self) -> str:
        return f"ws://{self.host}:{self.port}"

    # ----- life --------------------------------------------------------------------------------
    async def start(self) -> str:
        self._loop = asyncio.get_running_loop()
        app = web.Application()
        app.router.add_get("/", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if sys.platform != "win32":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.host, self.port))
        except OSError:
            sock.close()
            await self._runner.cleanup()
            raise
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock).start()
        log.info("OBS simulator listening on %s", self.url)
        return self.url

    async def stop(self) -> None:
        """As OBS exiting: ExitStarted, then every socket closed with 1001 "Server stopping."."""
        self._emit("ExitStarted", GENERAL, None)
        for session in list(self.sessions):
            session.close(GOING_AWAY, "Server stopping.")
        writers = [s.writer for s in self.sessions if s.writer is not None]
        if writers:
            await asyncio.wait(writers, timeout=2)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ----- events ------------------------------------------------------------------------------
    def _emit(self, event_type: str, intent: int, data: dict[str, Any] | None) -> None:
        held = _held.get()
        if held is not None:
            held.append((event_type, intent, data))
            return
        message: dict[str, Any] = {"op": 5, "d": {"eventType": event_type, "eventIntent": intent}}
        if data is not None:
            message["d"]["eventData"] = data
        for session in list(self.sessions):
            if session.identified and session.subscriptions & intent:
                session.send(message)

    def _later(self, delay: float, callback: Callable[[], None]) -> None:
        loop = self._loop or asyncio.get_running_loop()
        # a fresh context: what a request holds back must not catch what comes later
        loop.call_later(max(0.0, delay), callback, context=contextvars.Context())

    # ----- one connection ----------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(protocols=("obswebsocket.json",), max_msg_size=16 << 20)
        await ws.prepare(request)
        session = _Session(ws)
        self.sessions.add(session)
        session.writer = asyncio.create_task(session.write(), name="obs-sim-writer")
        hello: dict[str, Any] = {"obsWebSocketVersion": WEBSOCKET_VERSION, "rpcVersion": 1}
        if self.password:
            hello["authentication"] = {"challenge": session.challenge, "salt": self.salt}
        session.send({"op": 0, "d": hello})
        try:
            async for message in ws:
                if message.type == WSMsgType.BINARY:
                    session.close(
                        DECODE_ERROR,
                        "Your session encoding is set to Json, but a binary message was received.",
                    )
                    break
                if message.type != WSMsgType.TEXT:
                    break
                session.caller.incoming += 1
                try:
                    self._receive(session, message.data)
                except _Closing as closing:
                    session.close(closing.code, closing.reason)
                    break
            if session.closing:  # let the close frame (and what precedes it) go out
                await asyncio.wait_for(asyncio.shield(session.writer), timeout=2)
        except (TimeoutError, ConnectionError):
            pass
        finally:
            self.sessions.discard(session)
            for task in (*session.tasks, session.writer):
                task.cancel()
        return ws

    def _receive(self, session: _Session, raw: str) -> None:
        try:
            message = json.loads(raw)
        except ValueError as exc:
            raise _Closing(DECODE_ERROR, f"Unable to decode Json: {exc}") from exc
        if not isinstance(message, dict):
            raise _Closing(DECODE_ERROR, "You sent a non-object payload.")
        if not session.identified and "request-type" in message:
            raise _Closing(
                UNSUPPORTED_RPC,
                "You appear to be attempting to connect with the "
                "pre-5.0.0 plugin protocol. Check to make sure your client is "
                "updated.",
            )
        op = message.get("op")
        if "op" not in message:
            raise _Closing(UNKNOWN_OP, "Your request is missing an `op`.")
        if not isinstance(op, int) or isinstance(op, bool):
            raise _Closing(UNKNOWN_OP, "Your `op` is not a number.")
        data = message.get("d")
        if data is None:
            raise _Closing(MISSING_DATA, "Your payload is missing data (`d`).")
        if not isinstance(data, dict):
            raise _Closing(INVALID_TYPE, "Your payload's data (`d`) is not an object.")
        if not session.identified and op != 1:
            raise _Closing(
                NOT_IDENTIFIED, "You attempted to send a non-Identify message while not identified."
            )
        if op == 1:
            self._identify(session, data)
        elif op == 3:
            self._subscribe(session, data)
            session.send({"op": 2, "d": {"negotiatedRpcVersion": 1}})
        elif op in (6, 8):
            if "requestId" not in data:
                raise _Closing(MISSING_DATA, "Your payload data is missing a `requestId`.")
            work = self._request(session, data) if op == 6 else self._batch(session, data)
            task = asyncio.create_task(work, name=f"obs-sim-op{op}")
            session.tasks.add(task)
            task.add_done_callback(session.tasks.discard)
        else:
            raise _Closing(UNKNOWN_OP, f"Unknown OpCode: {op}")

    def _identify(self, session: _Session, data: dict[str, Any]) -> None:
        if session.identified:
            raise _Closing(
                ALREADY_IDENTIFIED, "You are already Identified with the obs-websocket server."
            )
        if self.password:
            given = data.get("authentication")
            if not isinstance(given, str):
                raise _Closing(
                    AUTH_FAILED,
                    "Your payload's data is missing an `authentication` "
                    "string, however authentication is required.",
                )
            expected = auth_string(self.password, self.salt, session.challenge)
            if not secrets.compare_digest(given.encode(), expected.encode()):
                raise _Closing(AUTH_FAILED, "Authentication failed.")
        if "rpcVersion" not in data:
            raise _Closing(MISSING_DATA, "Your payload's data is missing an `rpcVersion`.")
        if not _unsigned(data["rpcVersion"]):
            raise _Closing(INVALID_TYPE, "Your `rpcVersion` is not an unsigned number.")
        if data["rpcVersion"] != 1:
            raise _Closing(
                UNSUPPORTED_RPC, "Your requested RPC version is not supported by this server."
            )
        self._subscribe(session, data)
        session.identified = True
        session.send({"op": 2, "d": {"negotiatedRpcVersion": 1}})

    @staticmethod
    def _subscribe(session: _Session, data: dict[str, Any]) -> None:
        if "eventSubscriptions" in data:
            if not _unsigned(data["eventSubscriptions"]):
                raise _Closing(INVALID_TYPE, "Your `eventSubscriptions` is not an unsigned number.")
            session.subscriptions = data["eventSubscriptions"]

    # ----- requests ----------------------------------------------------------------------------
    async def _result(
        self, session: _Session, request: dict[str, Any], *, in_batch: bool = False
    ) -> dict[str, Any]:
        """The request's RequestResponse `d` (without requestId)."""
        request_type = request.get("requestType")
        answer: dict[str, Any] = {"requestType": request_type}
        try:
            data = await self.requests.handle(
                request_type, request.get("requestData"), session.caller, in_batch=in_batch
            )
        except RequestError as exc:
            answer["requestStatus"] = {"result": False, "code": exc.code}
            if exc.comment:
                answer["requestStatus"]["comment"] = exc.comment
            return answer
        except Exception:
            log.exception("simulated request %s failed", request_type)
            answer["requestStatus"] = {
                "result": False,
                "code": 702,
                "comment": "The simulator failed to process it.",
            }
            return answer
        answer["requestStatus"] = {"result": True, "code": 100}
        if data is not None:
            answer["responseData"] = data
        return answer

    async def _request(self, session: _Session, data: dict[str, Any]) -> None:
        held: list[tuple[str, int, dict[str, Any] | None]] = []
        _held.set(held)
        answer = await self._result(session, data)
        answer["requestId"] = data["requestId"]
        session.send({"op": 7, "d": answer})
        self._release(held)

    async def _batch(self, session: _Session, data: dict[str, Any]) -> None:
        held: list[tuple[str, int, dict[str, Any] | None]] = []
        _held.set(held)
        try:
            requests, execution, halt, variables = self._batch_envelope(data)
        except _Closing as closing:
            session.close(closing.code, closing.reason)
            return
        results: list[dict[str, Any]] = []
        for request in requests:
            request = dict(request) if isinstance(request, dict) else {}
            request_data = dict(request.get("requestData") or {})
            for field, name in (request.get("inputVariables") or {}).items():
                if name in variables:
                    request_data[field] = variables[name]
            request["requestData"] = request_data
            if execution == 0 and "sleepFrames" in request_data:
                result: dict[str, Any] = {
                    "requestType": request.get("requestType"),
                    "requestStatus": {
                        "result": False,
                        "code": 300,
                        "comment": "Your request is missing the `sleepMillis` field.",
                    },
                }
            else:
                result = await self._result(session, request, in_batch=True)
            if "requestId" in request:
                result["requestId"] = request["requestId"]
            for name, field in (request.get("outputVariables") or {}).items():
                if field in (result.get("responseData") or {}):
                    variables[name] = result["responseData"][field]
            results.append(result)
            if halt and not result["requestStatus"]["result"]:
                break
        session.send({"op": 9, "d": {"requestId": data["requestId"], "results": results}})
        self._release(held)

    @staticmethod
    def _batch_envelope(data: dict[str, Any]) -> tuple[list[Any], int, bool, dict[str, Any]]:
        if "requests" not in data:
            raise _Closing(MISSING_DATA, "Your payload data is missing a `requests`.")
        if not isinstance(data["requests"], list):
            raise _Closing(INVALID_TYPE, "Your `requests` is not an array.")
        execution = data.get("executionType", 0)
        if execution is None:
            execution = 0
        if not isinstance(execution, int) or isinstance(execution, bool):
            raise _Closing(INVALID_TYPE, "Your `executionType` is not a number.")
        if execution not in (0, 1, 2):
            raise _Closing(INVALID_VALUE, "Your `executionType` has an invalid value.")
        variables = data.get("variables")
        if variables is not None and not isinstance(variables, dict):
            raise _Closing(INVALID_TYPE, "Your `variables` is not an object.")
        if variables and execution == 2:
            raise _Closing(UNSUPPORTED_FEATURE, "Variables are not supported in PARALLEL mode.")
        return data["requests"], execution, bool(data.get("haltOnFailure")), dict(variables or {})

    def _release(self, held: list[tuple[str, int, dict[str, Any] | None]]) -> None:
        _held.set(None)
        for event in held:
            self._emit(*event)


class SimulatorThread:
    """The simulator on a thread and loop of its own, so its work never weighs on the console's
    loop (and the console's never on it): the console only sees a socket, as with real OBS."""

    def __init__(self, simulator_factory: Callable[[], ObsSimulator]) -> None:
        self._factory = simulator_factory
        self.simulator: ObsSimulator | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    def start(self, timeout: float = 10.0) -> str:
        self._thread = threading.Thread(target=self._run, name="obs-simulator", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the OBS simulator did not start")
        if self._error is not None or self.simulator is None:
            raise RuntimeError(f"the OBS simulator could not start: {self._error}")
        return self.simulator.url

    def call(self, fn: Callable[[ObsSimulator], Any]) -> Any:
        """Run `fn(simulator)` on the simulator's loop and return its result."""
        assert self._loop is not None
        assert self.simulator is not None
        simulator = self.simulator

        async def run() -> Any:
            return fn(simulator)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result(5)

    def stop(self, timeout: float = 5.0) -> None:
        loop, simulator = self._loop, self.simulator
        if loop is None or simulator is None or loop.is_closed():
            return
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(simulator.stop(), loop).result(timeout)
        with contextlib.suppress(RuntimeError):
            loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        try:
            self.simulator = self._factory()
            loop.run_until_complete(self.simulator.start())
        except BaseException as exc:  # noqa: BLE001 - handed to start(), which raises it
            self._error = exc
            self._ready.set()
            loop.close()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            for task in asyncio.all_tasks(loop):
                task.cancel()
            with contextlib.suppress(Exception):
                loop.run_until_complete(loop.shutdown_default_executor())
            loop.close()
