"""Bilibili's danmaku packets: a 16-byte big-endian header (total length, header length,
protocol version, operation, sequence) and a body; protover 2 (zlib) and 3 (brotli) bodies are
containers that inflate to plain packets, one level deep.

What a hostile or broken server can send is bounded here: a websocket frame is at most
MAX_FRAME bytes (the connection's limit), the containers of one frame inflate to at most
MAX_INFLATED bytes together (a few hundred bytes of zlib can claim hundreds of MB), and a
container inside a container is refused (Bilibili nests one level). A container that cannot be
inflated is skipped alone: the packets after it are read on.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable, Iterator

import brotli

HEADER = struct.Struct(">IHHII")  # total length, header length, protover, op, sequence
OP_HEARTBEAT, OP_HEARTBEAT_REPLY, OP_MESSAGE, OP_AUTH, OP_AUTH_REPLY = 2, 3, 5, 7, 8
MAX_FRAME = 2 * 1024 * 1024  # one websocket frame; a batch of danmaku is a few KB
MAX_INFLATED = 4 * 1024 * 1024  # what the containers of one frame may inflate to, together
MAX_NESTING = 1  # a container's packets are plain ones
_BROTLI_STEP = 64  # input bytes per call when the brotli module cannot limit its output


def encode_packet(op: int, body: bytes | str, protover: int = 1, seq: int = 1) -> bytes:
    data = body.encode() if isinstance(body, str) else body
    return HEADER.pack(HEADER.size + len(data), HEADER.size, protover, op, seq) + data


class BadPacket(ValueError):
    pass


def _ignore(_reason: str) -> None:
    pass


def iter_packets(
    data: bytes, on_skip: Callable[[str], None] | None = None, *, limit: int = MAX_INFLATED
) -> Iterator[tuple[int, bytes]]:
    """(op, body) for each packet in ``data``, the packets of protover 2 (zlib) and 3 (brotli)
    containers in their place. Never raises for what the server sent: ``on_skip(reason)`` is
    called for each container skipped (broken, nested, or inflating beyond what is left of
    ``limit`` for this frame) and for a broken header, which ends the frame (or the
    container) it is in, as the packets after it cannot be found."""
    budget = [limit]
    yield from _packets(data, 0, budget, on_skip or _ignore)


def _packets(
    data: bytes, depth: int, budget: list[int], on_skip: Callable[[str], None]
) -> Iterator[tuple[int, bytes]]:
    offset = 0
    while offset < len(data):
        if len(data) - offset < HEADER.size:
            on_skip("truncated header")
            return
        total, head, ver, op, _seq = HEADER.unpack_from(data, offset)
        if head < HEADER.size or total < head or offset + total > len(data):
            on_skip(f"bad lengths total={total} header={head}")
            return
        body = data[offset + head : offset + total]
        offset += total
        if ver not in (2, 3) or op != OP_MESSAGE:
            yield op, body
            continue
        if depth >= MAX_NESTING:
            on_skip(f"a protover {ver} container inside a container")
            continue
        try:
            inner = inflate(ver, body, budget[0])
        except BadPacket as exc:
            on_skip(str(exc))
            continue
        budget[0] -= len(inner)
        yield from _packets(inner, depth + 1, budget, on_skip)


def inflate(ver: int, body: bytes, limit: int) -> bytes:
    """A container's body inflated (2: zlib, 3: brotli); BadPacket when it is broken,
    incomplete, or inflates to more than ``limit`` bytes (found out without inflating more
    than about that)."""
    if ver == 2:
        return _unzlib(body, limit)
    return _unbrotli(body, limit)


def _too_big(ver: int, limit: int) -> BadPacket:
    return BadPacket(f"protover {ver} container inflates beyond {limit:,} bytes")


def _unzlib(body: bytes, limit: int) -> bytes:
    inflater = zlib.decompressobj()
    try:
        out = inflater.decompress(body, limit + 1)
    except zlib.error as exc:
        raise BadPacket(f"cannot inflate protover 2: {exc}") from None
    if len(out) > limit:
        raise _too_big(2, limit)
    if not inflater.eof:
        raise BadPacket("cannot inflate protover 2: the stream is incomplete")
    return out


def _unbrotli(body: bytes, limit: int) -> bytes:
    decoder = brotli.Decompressor()
    try:
        try:
            out = decoder.process(body, output_buffer_limit=limit + 1)
        except TypeError:  # brotli < 1.2 cannot limit its output: feed it a little at a time
            out = _unbrotli_stepwise(decoder, body, limit)
    except brotli.error as exc:
        raise BadPacket(f"cannot inflate protover 3: {exc}") from None
    if len(out) > limit:
        raise _too_big(3, limit)
    if not decoder.is_finished():  # more output waiting (beyond the limit), or cut short
        raise BadPacket("cannot inflate protover 3: the stream is incomplete or too large")
    return bytes(out)


def _unbrotli_stepwise(decoder: brotli.Decompressor, body: bytes, limit: int) -> bytes:
    out = bytearray()
    for start in range(0, len(body), _BROTLI_STEP):
        out += decoder.process(body[start : start + _BROTLI_STEP])
        if len(out) > limit:
            raise _too_big(3, limit)
    return bytes(out)
