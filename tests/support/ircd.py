"""A real IRC server (Debian's ngircd) for the Twitch chat tests, and small IRC peers.

* ``Ngircd``: starts ngircd on a free port with a config in a temp dir (nicks up to 30 chars for
  ``justinfanNNNNN``, no flood penalties, no DNS/ident lookups); ``stop()``/``kill()``/``start()``
  again on the same port simulate an outage. Optional TLS with a self-signed certificate.
* ``IrcPoster``: a "broadcaster" client that joins a channel and posts PRIVMSGs. ngircd adds no
  Twitch tags, so the adapter must cope without them.
* ``ScriptedTmi``: a one-connection-at-a-time TCP peer that speaks Twitch's dialect (tags,
  RECONNECT) for what no stock IRC server sends.

``require_ngircd()`` fails (never skips) under ``CI=true`` when ngircd is missing.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

NGIRCD = "ngircd"
_STARTED: set[subprocess.Popen[bytes]] = set()


@atexit.register
def _kill_leftovers() -> None:
    for proc in list(_STARTED):
        with contextlib.suppress(OSError):
            proc.kill()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes", "on"}


def find_ngircd() -> str | None:
    return shutil.which(NGIRCD) or next(
        (p for p in ("/usr/sbin/ngircd", "/usr/local/sbin/ngircd") if os.access(p, os.X_OK)), None
    )


def require_ngircd() -> str:
    """The ngircd binary; pytest.fail under CI=true (or LIVEDESK_REQUIRE_IRCD=1), else skip."""
    path = find_ngircd()
    if path:
        return path
    import pytest

    msg = "ngircd is not installed (apt-get install ngircd, or `make system-deps`)"
    if _in_ci() or os.environ.get("LIVEDESK_REQUIRE_IRCD", "") not in {"", "0"}:
        pytest.fail(f"{msg} (CI=true: not skipping)", pytrace=False)
    pytest.skip(msg)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


class Ngircd:
    def __init__(
        self, workdir: Path, *, binary: str | None = None, tls: bool = False,
        ping_timeout: int = 120, pong_timeout: int = 20,
    ) -> None:  # fmt: skip
        self.workdir = workdir
        self.ping_timeout, self.pong_timeout = ping_timeout, pong_timeout
        self.binary = binary or require_ngircd()
        self.plain_port = free_port()
        self.port = free_port() if tls else self.plain_port  # the one clients use
        self.tls = tls
        self.cert = workdir / "cert.pem"
        self.log_path = workdir / "ngircd.log"
        self.proc: subprocess.Popen[bytes] | None = None
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "conf.d").mkdir(exist_ok=True)
        if tls:
            self._make_cert()
        self.config = workdir / "ngircd.conf"
        self.config.write_text(self._config_text(), encoding="utf-8")

    def _make_cert(self) -> None:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
             "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
             "-keyout", str(self.workdir / "key.pem"), "-out", str(self.cert)],
            check=True, capture_output=True,
        )  # fmt: skip
        (self.workdir / "key.pem").chmod(0o644)

    def _config_text(self) -> str:
        ssl = (
            f"[SSL]\n\tCertFile = {self.cert}\n\tKeyFile = {self.workdir / 'key.pem'}\n"
            f"\tPorts = {self.port}\n"
            if self.tls
            else ""
        )
        return (
            "[Global]\n\tName = irc.livedesk.test\n\tInfo = LiveDesk test IRC server\n"
            f'\tListen = 127.0.0.1\n\tPorts = {self.plain_port}\n\tMotdPhrase = "LiveDesk test"\n'
            "[Limits]\n\tMaxNickLength = 30\n\tMaxConnectionsIP = 0\n\tMaxPenaltyTime = 0\n"
            f"\tPingTimeout = {self.ping_timeout}\n\tPongTimeout = {self.pong_timeout}\n"
            "[Options]\n\tDNS = no\n\tIdent = no\n\tPAM = no\n"
            f"\tIncludeDir = {self.workdir / 'conf.d'}\n" + ssl
        )

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [self.binary, "--nodaemon", "--config", str(self.config)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        log.close()
        _STARTED.add(self.proc)
        deadline = time.monotonic() + timeout
        while not port_open(self.port):
            if self.proc.poll() is not None:
                raise RuntimeError(f"ngircd exited ({self.proc.returncode}): {self.log_tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"ngircd did not open port {self.port}: {self.log_tail()}")
            time.sleep(0.02)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server (SIGTERM: it says ERROR to clients and closes; SIGKILL: just gone)."""
        proc, self.proc = self.proc, None
        if proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(sig)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
        _STARTED.discard(proc)

    def kill(self) -> None:
        self.stop(signal.SIGKILL)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def __enter__(self) -> Ngircd:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class IrcPoster:
    """An IRC client that registers, joins ``channel`` and posts messages to it."""

    def __init__(self, port: int, channel: str, nick: str = "broadcaster") -> None:
        self.port, self.channel, self.nick = port, "#" + channel.lstrip("#"), nick
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def connect(self, timeout: float = 5.0) -> None:
        self._reader, self._writer = await asyncio.open_connection("127.0.0.1", self.port)
        self.send_raw(f"NICK {self.nick}")
        self.send_raw(f"USER {self.nick} 0 * :{self.nick}")
        await self._wait_for(" 001 ", timeout)
        self.send_raw(f"JOIN {self.channel}")
        await self._wait_for(" 366 ", timeout)

    async def _wait_for(self, marker: str, timeout: float) -> None:
        assert self._reader is not None
        async with asyncio.timeout(timeout):
            while True:
                line = (await self._reader.readline()).decode("utf-8", "replace")
                if not line:
                    raise ConnectionError("the IRC server closed the connection")
                if line.startswith("PING"):
                    self.send_raw("PONG" + line[4:].rstrip())
                if marker in line:
                    return

    def send_raw(self, line: str) -> None:
        assert self._writer is not None
        self._writer.write(line.encode("utf-8") + b"\r\n")

    async def say(self, text: str) -> None:
        self.send_raw(f"PRIVMSG {self.channel} :{text}")
        assert self._writer is not None
        await self._writer.drain()

    async def action(self, text: str) -> None:
        await self.say(f"\x01ACTION {text}\x01")

    async def close(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(OSError):
                self.send_raw("QUIT :bye")
                self._writer.close()
                await self._writer.wait_closed()
            self._writer = None

    async def __aenter__(self) -> IrcPoster:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


class ScriptedTmi:
    """Speaks just enough of Twitch's IRC to get a client joined, then sends what the test says.

    ``lines_from_client`` keeps everything clients sent; ``connections`` counts accepted ones."""

    def __init__(self) -> None:
        self.port = 0
        self.connections = 0
        self.lines_from_client: list[str] = []
        self._server: asyncio.base_events.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self.joined = asyncio.Event()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._client, "127.0.0.1", 0)
        self.port = self._server.sockets[0].getsockname()[1]

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        self._writers.append(writer)
        nick = "justinfan"
        try:
            while line := (await reader.readline()).decode().rstrip("\r\n"):
                self.lines_from_client.append(line)
                if line.startswith("CAP REQ"):
                    writer.write(f":tmi.twitch.tv CAP * ACK :{line.split(':', 1)[1]}\r\n".encode())
                elif line.startswith("NICK "):
                    nick = line[5:]
                    writer.write(f":tmi.twitch.tv 001 {nick} :Welcome, GLHF!\r\n".encode())
                elif line.startswith("JOIN "):
                    chan = line[5:]
                    writer.write(f":{nick}!{nick}@{nick}.tmi.twitch.tv JOIN {chan}\r\n"
                                 f":{nick}.tmi.twitch.tv 366 {nick} {chan} :End of /NAMES list\r\n"
                                 .encode())  # fmt: skip
                    self.joined.set()
                await writer.drain()
        except (ConnectionError, asyncio.CancelledError):
            pass
        finally:
            writer.close()

    async def send(self, line: str) -> None:
        """Send a raw line to the most recent client."""
        await self.send_bytes(line.encode("utf-8") + b"\r\n")

    async def send_bytes(self, data: bytes) -> None:
        """Send `data` as it is (part of a line, several lines) to the most recent client."""
        writer = self._writers[-1]
        writer.write(data)
        await writer.drain()

    async def close(self) -> None:
        for writer in self._writers:
            writer.close()
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
