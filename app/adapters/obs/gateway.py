"""The ObsGateway port over obs-websocket-py: calls on executor threads, events onto the loop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlparse

import websocket
from obswebsocket.exceptions import ConnectionFailure

from app.adapters.obs import problems
from app.adapters.obs.socket import CLOSE_AUTH_FAILED, HandshakeRefused, NoHello, ObsSocket
from app.services.errors import ObsRequestFailed, ObsUnavailable
from app.services.ports import ConnectProblem, ObsConnectError, ObsEventHandler, ObsVersion

log = logging.getLogger(__name__)

DEFAULT_URL = "ws://127.0.0.1:4455"
MIN_OBS_MAJOR = 28
_PROBE_INTERVAL = 0.25  # how often a lost OBS's port is probed between reconnect attempts
# Reads that may run beside the ordered control lane (health figures, thumbnails).
_BACKGROUND_REQUESTS = {"GetStats", "GetStreamStatus", "GetRecordStatus", "GetSourceScreenshot"}


# A handshake answered, but not by a WebSocket server: an HTTP page, another app's port.
_NOT_WEBSOCKET = (
    websocket.WebSocketBadStatusException,
    websocket.WebSocketProtocolException,
    websocket.WebSocketPayloadException,
)


def parse_obs_url(url: str) -> tuple[str, int]:
    """(host, port) of ws://HOST:PORT, HOST:PORT or ws://[IPv6]:PORT (port 4455 if none is
    given); for anything else a ValueError that says what is expected."""
    text = url.strip()
    refused = ValueError(f"not an OBS WebSocket address: {url!r} (expected ws://HOST:PORT)")
    try:
        parsed = urlparse(text if "://" in text else f"ws://{text}")
        port = parsed.port  # raises for a port that is no number or out of range
    except ValueError as exc:
        raise refused from exc
    if parsed.scheme not in ("ws", "") or not parsed.hostname or port == 0:
        raise refused
    return parsed.hostname, port or 4455


class ObsWebsocketGateway:
    """One connection at a time. Control requests run in order on one thread (the order of scene
    switches matters); background reads use a second thread so a screenshot never delays a cue.
    Events are handed to the loop at once; nothing ever calls OBS from the receive thread."""

    def __init__(
        self,
        url: str,
        password: str,
        *,
        request_timeout: float = 5.0,
        connect_timeout: float = 3.0,
        watchdog_interval: float = 0.5,
    ) -> None:
        try:
            host, port = parse_obs_url(url)
            problem = None
        except ValueError as exc:  # the console starts all the same, and says so
            log.warning("%s", exc)
            host, port = parse_obs_url(DEFAULT_URL)
            problem = problems.bad_address(url)
        self.host, self.port = host, port
        # an address that cannot be read: every attempt fails with it until a new one is set
        self._address_problem: ConnectProblem | None = problem
        # whether OBS's port accepted the last failed attempt (see wait_reachable)
        self._port_was_open = False
        self.password = password
        self._request_timeout = request_timeout
        self._connect_timeout = connect_timeout
        self._watchdog_interval = watchdog_interval
        self._control = ThreadPoolExecutor(1, thread_name_prefix="obs-control")
        self._background = ThreadPoolExecutor(1, thread_name_prefix="obs-background")
        self._socket: ObsSocket | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._lost = asyncio.Event()
        self._handler: ObsEventHandler = lambda _name, _data: None
        self._watchdog: asyncio.Task[None] | None = None

    @property
    def host(self) -> str:
        return self._host

    @host.setter
    def host(self, host: str) -> None:  # a new address (settings, the connection wizard)
        self._host, self._address_problem = host, None

    @property
    def port(self) -> int:
        return self._port

    @port.setter
    def port(self, port: int) -> None:
        self._port, self._address_problem = port, None

    @property
    def connected(self) -> bool:
        return self._socket is not None and not self._lost.is_set()

    def set_event_handler(self, handler: ObsEventHandler) -> None:
        self._handler = handler

    # ----- connection ------------------------------------------------------------------------
    async def connect(self) -> ObsVersion:
        self._loop = asyncio.get_running_loop()
        await self.close()
        if self._address_problem is not None:
            raise ObsConnectError(self._address_problem)
        self._lost = asyncio.Event()
        self._port_was_open = False
        sock = await self._loop.run_in_executor(self._control, self._open)
        self._port_was_open = True  # a connection that goes later went through an open port
        self._socket = sock
        self._watchdog = self._loop.create_task(self._watch(sock), name="obs-watchdog")
        try:
            info = await self.call("GetVersion")
        except (ObsUnavailable, ObsRequestFailed) as exc:
            await self.close()
            raise ObsConnectError(problems.protocol(str(exc))) from exc
        version = ObsVersion(
            obs_version=str(info.get("obsVersion", "?")),
            websocket_version=str(info.get("obsWebSocketVersion", sock.server_version or "?")),
            rpc_version=int(info.get("rpcVersion", 1)),
        )
        if _major(version.obs_version) < MIN_OBS_MAJOR:
            await self.close()
            raise ObsConnectError(problems.too_old(f"OBS {version.obs_version}", self.port))
        log.info(
            "connected to OBS %s (obs-websocket %s)", version.obs_version, version.websocket_version
        )
        return version

    def _open(self) -> ObsSocket:
        """Runs on the control thread."""
        sock = ObsSocket(
            self.host,
            self.port,
            self.password,
            request_timeout=self._request_timeout,
            connect_timeout=self._connect_timeout,
            on_gone=lambda: self._from_thread(self._mark_lost, sock),
        )
        sock.register(lambda event: self._from_thread(self._deliver, event))
        try:
            sock.connect()
        except Exception as exc:
            self._port_was_open = not _port_closed(exc)
            raise ObsConnectError(self._problem(exc)) from exc
        return sock

    def _problem(self, exc: Exception) -> ConnectProblem:
        """Why the attempt failed, in words the user can act on."""
        host, port = self.host, self.port
        if isinstance(exc, HandshakeRefused):
            if exc.code == CLOSE_AUTH_FAILED:
                return problems.auth_failed()
            return problems.too_old(str(exc), port)
        if isinstance(exc, NoHello):
            return problems.too_old(str(exc), port)
        if isinstance(exc, socket.gaierror | websocket.WebSocketAddressException):
            return problems.unknown_host(host)
        if isinstance(exc, TimeoutError | websocket.WebSocketTimeoutException):
            return problems.no_answer(host, port, self._connect_timeout)
        if isinstance(exc, _NOT_WEBSOCKET) or type(exc) is websocket.WebSocketException:
            return problems.not_obs(host, port)  # e.g. "Handshake status 200 OK"
        if isinstance(exc, ValueError):  # an address websocket-client cannot use
            return problems.bad_address(f"ws://{host}:{port}")
        if isinstance(exc, OSError | ConnectionFailure | websocket.WebSocketException):
            return problems.refused(host, port)
        raise exc

    async def wait_lost(self) -> None:
        await self._lost.wait()

    async def wait_reachable(self, timeout: float) -> None:
        """Wait up to `timeout`, returning early when OBS's port opens. A port that was open at
        the failed attempt and still is wakes nothing: what failed there is not a closed port
        (another server answers, the connection was dropped), and trying again at once would
        only fail again, as fast as it can."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if self._address_problem is not None:
            await asyncio.sleep(timeout)
            return
        opening_is_news = not self._port_was_open
        while (left := deadline - loop.time()) > 0:
            started = loop.time()
            try:
                _, writer = await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.port), timeout=min(left, 1.0)
                )
            except (TimeoutError, OSError):
                opening_is_news = True
                await asyncio.sleep(max(0.0, min(_PROBE_INTERVAL - (loop.time() - started), left)))
                continue
            writer.close()
            if not opening_is_news:  # open all along: wait out the backoff
                await asyncio.sleep(max(0.0, deadline - loop.time()))
            return

    async def close(self) -> None:
        sock, self._socket = self._socket, None
        if self._watchdog is not None:
            self._watchdog.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watchdog
            self._watchdog = None
        if sock is not None:
            self._lost.set()
            sock.wake_all()
            sock.abort()

    def shutdown(self) -> None:
        """Release the threads (at exit)."""
        if self._socket is not None:
            self._socket.abort()
        self._control.shutdown(wait=False, cancel_futures=True)
        self._background.shutdown(wait=False, cancel_futures=True)

    # ----- requests --------------------------------------------------------------------------
    async def call(self, request_type: str, **data: Any) -> dict[str, Any]:
        """Issue the request on its lane (so requests keep their order) and await the answer,
        which the receive thread hands straight to the loop."""
        sock = self._socket
        if sock is None or self._lost.is_set():
            raise ObsUnavailable("OBS is not connected")
        loop = asyncio.get_running_loop()
        answered: asyncio.Future[Any] = loop.create_future()

        def deliver(answer: Any) -> None:  # on the receive thread (or the lane, if send failed)
            with contextlib.suppress(RuntimeError):  # loop already closed at exit
                loop.call_soon_threadsafe(_settle, answered, answer)

        lane = self._background if request_type in _BACKGROUND_REQUESTS else self._control
        try:
            lane.submit(sock.send_request, request_type, data, deliver)
        except RuntimeError as exc:  # executor shut down
            raise ObsUnavailable("OBS is not connected") from exc
        timeout = TimeoutError(f"no answer within {self._request_timeout:g} s")
        timer = loop.call_later(self._request_timeout, _settle, answered, timeout)
        try:
            answer = await answered
        finally:
            timer.cancel()
        if answer is None or isinstance(answer, BaseException):
            self._mark_lost(sock)
            reason = answer or "the connection closed"
            raise ObsUnavailable(f"OBS did not answer {request_type}: {reason}")
        status = answer.get("requestStatus")
        if not isinstance(status, dict):
            raise ObsRequestFailed(request_type, None, "OBS answered without a request status")
        if status.get("result") is not True:
            code, comment = status.get("code"), status.get("comment")
            raise ObsRequestFailed(
                request_type,
                code if isinstance(code, int) and not isinstance(code, bool) else None,
                str(comment)[:300] if comment is not None else None,
            )
        result = answer.get("responseData") or {}
        if not isinstance(result, dict):
            raise ObsRequestFailed(request_type, None, "OBS answered with no response data")
        return result

    # ----- from the receive thread -----------------------------------------------------------
    def _from_thread(self, fn: Any, *args: Any) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # loop closing at exit
                loop.call_soon_threadsafe(fn, *args)

    def _deliver(self, event: Any) -> None:
        name = getattr(event, "name", None) or type(event).__name__
        data = getattr(event, "datain", None)
        try:
            self._handler(name, dict(data) if isinstance(data, dict) else {})
        except Exception:
            log.exception("handling OBS event %s failed", name)

    def _mark_lost(self, sock: ObsSocket) -> None:
        if sock is not self._socket or self._lost.is_set():
            return
        log.info("OBS connection to %s:%s is gone", self.host, self.port)
        self._lost.set()
        sock.wake_all()
        sock.abort()

    async def _watch(self, sock: ObsSocket) -> None:
        """The library does not notice every dead connection; check its receive thread."""
        while True:
            await asyncio.sleep(self._watchdog_interval)
            thread = sock.thread_recv
            if thread is None or not thread.is_alive():
                self._mark_lost(sock)
                return


def _port_closed(exc: Exception) -> bool:
    """Whether a failed attempt found nothing listening (or no way to the host at all)."""
    if isinstance(exc, ConnectionRefusedError | ConnectionFailure | socket.gaierror):
        return True
    if isinstance(exc, websocket.WebSocketAddressException):
        return True
    return isinstance(exc, OSError) and not isinstance(exc, ConnectionError | TimeoutError)


def _settle(future: asyncio.Future[Any], answer: Any) -> None:
    if not future.done():
        future.set_result(answer)


def _major(version: str) -> int:
    try:
        return int(version.split(".")[0])
    except ValueError:
        return MIN_OBS_MAJOR
