"""obs-websocket-py's `obsws`, with its traps closed (no reconnect of its own, a deadlock when
a callback calls OBS, …).

- `connect()` has a connect/handshake timeout (the library has none) and classifies failures.
- Identify asks for every non-high-volume event category, Ui included (the library sends 1023,
  which drops StudioModeStateChanged).
- `request()` returns the whole RequestResponse, status code and comment included (the library's
  `call()` throws them away), and takes request ids under a lock.
- The receive thread never dies with a traceback: a reset connection ends it quietly, and
  `on_gone` is called whatever the reason, so the owner always learns the connection is over.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
from collections.abc import Callable
from typing import Any

import websocket
from obswebsocket import obsws
from obswebsocket.core import RecvThread

log = logging.getLogger(__name__)

# General..Ui (bits 0-10); the high-volume events (bits 16-19) stay off.
EVENT_SUBSCRIPTIONS_ALL = (1 << 11) - 1
CLOSE_AUTH_FAILED = 4009
AnswerCallback = Callable[[dict[str, Any] | BaseException | None], None]
CLOSE_UNSUPPORTED_RPC = 4010


class HandshakeRefused(Exception):
    """The server closed the socket during Hello/Identify; `code` is its close code."""

    def __init__(self, code: int | None, reason: str) -> None:
        super().__init__(reason or f"closed with code {code}")
        self.code = code


class NoHello(Exception):
    """The server accepted the socket but never spoke obs-websocket v5 (v4 plugin, other server)."""


class ObsSocket(obsws):
    def __init__(
        self,
        host: str,
        port: int,
        password: str,
        *,
        request_timeout: float,
        connect_timeout: float,
        on_gone: Callable[[], None],
    ) -> None:
        super().__init__(host, port, password, legacy=False, timeout=request_timeout)
        self.connect_timeout = connect_timeout
        self.on_gone = on_gone
        self._id_lock = threading.Lock()

    # ----- connecting ------------------------------------------------------------------------
    def connect(self) -> None:
        self.ws = websocket.WebSocket(enable_multithread=True)
        host = f"[{self.host}]" if ":" in self.host else self.host  # an IPv6 literal
        self.ws.connect(f"ws://{host}:{self.port}", timeout=self.connect_timeout)
        try:
            self._auth()
        except BaseException:
            self.ws.shutdown()
            raise
        self.ws.settimeout(None)
        self.thread_recv = _RecvThread(self)
        self.thread_recv.daemon = True
        self.thread_recv.start()

    def _receive_handshake(self) -> dict[str, Any]:
        try:
            opcode, frame = self.ws.recv_data_frame(True)
        except websocket.WebSocketTimeoutException as exc:
            raise NoHello("no obs-websocket v5 Hello") from exc
        except websocket.WebSocketConnectionClosedException as exc:
            raise HandshakeRefused(None, "connection closed during the handshake") from exc
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            data = frame.data or b""
            code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            raise HandshakeRefused(code, data[2:].decode("utf-8", "replace"))
        try:
            message: dict[str, Any] = json.loads(frame.data)
        except ValueError as exc:
            raise NoHello("the server did not speak obs-websocket JSON") from exc
        return message

    def _auth(self) -> None:
        hello = self._receive_handshake()
        if hello.get("op") != 0 or not isinstance(hello.get("d"), dict):
            raise NoHello("the first message was not an obs-websocket v5 Hello")
        self.server_version = hello["d"].get("obsWebSocketVersion")
        challenge = hello["d"].get("authentication")
        auth = (
            self._build_auth_string(challenge["salt"], challenge["challenge"]) if challenge else ""
        )
        identify = {
            "op": 1,
            "d": {
                "rpcVersion": 1,
                "authentication": auth,
                "eventSubscriptions": EVENT_SUBSCRIPTIONS_ALL,
            },
        }
        self.ws.send(json.dumps(identify))
        identified = self._receive_handshake()
        if identified.get("op") != 2:
            raise NoHello("no Identified answer")

    # ----- requests --------------------------------------------------------------------------
    def send_request(
        self, request_type: str, data: dict[str, Any], on_answer: AnswerCallback
    ) -> None:
        """Send one request; `on_answer` gets its RequestResponse `d` on the receive thread, None
        if the connection goes first, or the exception if sending fails (then on this thread)."""
        with self._id_lock:
            message_id = str(self.id)
            self.id += 1
        self.events[message_id] = _Answer(self, message_id, on_answer)
        payload = {
            "op": 6,
            "d": {"requestId": message_id, "requestType": request_type, "requestData": data},
        }
        try:
            self.ws.send(json.dumps(payload))
        except Exception as exc:  # noqa: BLE001 - whatever failed is the request's answer
            if self.events.pop(message_id, None) is not None:
                on_answer(exc)

    def wake_all(self) -> None:
        """Answer every request still waiting with None: the connection is gone."""
        for pending in list(self.events.values()):
            pending.set()

    def disconnect(self) -> None:
        """The library's disconnect() joins the receive thread, which fails when the receive thread
        itself calls it on a lost connection; shutting the socket down is all that is needed."""
        self.abort()

    def abort(self) -> None:
        """End the connection now. `abort()` shuts the socket down, which wakes a receive thread
        blocked in recv(); closing the descriptor alone would leave it blocked and send no FIN."""
        if self.thread_recv is not None:
            self.thread_recv.running = False
        if self.ws is not None:
            with contextlib.suppress(OSError):
                self.ws.abort()
                self.ws.shutdown()


class _Answer:
    """Stands where obsws keeps a `threading.Event` per request: the library's receive loop stores
    the answer and calls `set()`, which hands it to the caller's callback instead of waking a
    blocked thread. Each answer is delivered once, whoever calls `set()` first."""

    __slots__ = ("callback", "core", "message_id")

    def __init__(self, core: ObsSocket, message_id: str, callback: AnswerCallback) -> None:
        self.core, self.message_id, self.callback = core, message_id, callback

    def set(self) -> None:
        if self.core.events.pop(self.message_id, None) is None:
            return
        self.callback(self.core.answers.pop(self.message_id, None))


class _RecvThread(RecvThread):
    """The library's receive loop for v5, except that a message it cannot read (not JSON, not an
    object, an answer without a request id, an event without a name) is logged and skipped: one
    malformed frame must not end the connection, as an uncaught KeyError in the library's loop
    would."""

    running: bool  # set by the library's __init__; False asks the loop to end

    def __init__(self, core: ObsSocket) -> None:
        super().__init__(core)
        self.name = f"obs-recv-{core.port}"

    def run(self) -> None:
        core: ObsSocket = self.core
        try:
            while self.running:
                try:
                    message = self.ws.recv()
                except websocket.WebSocketConnectionClosedException:
                    if self.running:
                        log.info("OBS closed the connection")
                        core.disconnect()
                    break
                if message:
                    self._dispatch(message)
        except Exception as exc:  # noqa: BLE001 - a reset, or the socket closed: the end anyway
            if getattr(self, "running", False):
                log.info("OBS connection ended: %s", exc.__class__.__name__)
        finally:
            self.running = False
            core.on_gone()

    def _dispatch(self, message: str | bytes) -> None:
        core: ObsSocket = self.core
        try:
            result = json.loads(message)
            data = result.get("d") if isinstance(result, dict) else None
            if not isinstance(data, dict):
                raise ValueError("not an obs-websocket message")
            if result.get("op") == 5:  # Event
                name = data.get("eventType")
                if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
                    raise ValueError("an event without a valid eventType")
                if not isinstance(data.get("eventData", {}), dict):
                    data = {**data, "eventData": {}}  # what the event says is unusable
                core.eventmanager.trigger(self.build_event(data))
            elif result.get("op") == 7:  # RequestResponse
                request_id = data.get("requestId")
                if isinstance(request_id, str) and request_id in core.events:
                    core.answers[request_id] = data
                    core.events[request_id].set()
        except Exception as exc:  # noqa: BLE001 - whatever OBS sent, the connection goes on
            text = message if isinstance(message, str) else repr(message)
            log.warning(
                "skipped a message from OBS that LiveDesk cannot read (%s): %.200s",
                exc.__class__.__name__,
                text,
            )
