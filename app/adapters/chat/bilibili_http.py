"""Bilibili's HTTP APIs as the danmaku source reads them: JSON bodies of bounded size, and the
answers that are not JSON (the risk-control page of HTTP 412, a login or error page) said in
words, with no traceback: the source retries with backoff either way."""

from __future__ import annotations

import html
import json
import re
from typing import Any

import aiohttp

from app.adapters.chat.base import SourceDropped
from app.domain.text import clean_text

MAX_API_BODY = 1024 * 1024  # getDanmuInfo and nav answer a few KB
_TITLE = re.compile(r"<title[^>]{0,200}>([^<]{0,500})", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]{0,2000}>|<!--.{0,2000}?-->", re.DOTALL)
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_RISK_CONTROL = ("its risk control blocked the request (too many requests from this address, or "
                 "they look automated); LiveDesk tries again, and a SESSDATA cookie in Settings "
                 "may help")  # fmt: skip


async def get_json(http: aiohttp.ClientSession, url: str, params: dict[str, Any]) -> dict[str, Any]:
    """The JSON object at ``url``; SourceDropped saying what came instead."""
    try:
        async with http.get(url, params=params, timeout=aiohttp.ClientTimeout(total=15)) as resp:
            status = resp.status
            if status >= 500 or status == 429:
                raise SourceDropped(f"the Bilibili API answered HTTP {status}")
            raw = bytearray()
            async for chunk in resp.content.iter_chunked(65536):
                raw += chunk
                if len(raw) > MAX_API_BODY:
                    raise SourceDropped(f"the Bilibili API sent more than {MAX_API_BODY:,} bytes")
    except aiohttp.ClientError as exc:
        if isinstance(exc, OSError):  # refused, unreachable: the run loop says so
            raise
        raise SourceDropped(f"the Bilibili API could not be read ({type(exc).__name__})") from None
    try:
        body = json.loads(raw)
    except (ValueError, RecursionError):
        raise SourceDropped(not_json(status, bytes(raw))) from None
    if not isinstance(body, dict):
        raise SourceDropped(f"the Bilibili API sent no JSON object (HTTP {status})")
    return body


def not_json(status: int, raw: bytes) -> str:
    """What an answer that is not JSON was, in words."""
    text = raw[:8192].decode("utf-8", "replace")
    if not text.lstrip().startswith("<"):
        return (
            f"Bilibili answered with something that is not JSON (HTTP {status}, {len(raw):,} bytes)"
        )
    said = f"Bilibili answered with a web page, not JSON (HTTP {status})"
    if status == 412:
        return f"{said}: {_RISK_CONTROL}"
    found = _TITLE.search(text)  # its title, else the start of what it says
    words = found.group(1) if found else _TAGS.sub(" ", text)
    words = " ".join(clean_text(html.unescape(words), single_line=True).split())[:80]
    return f"{said}: “{words}”" if words else said


def wbi_keys(nav: dict[str, Any]) -> tuple[str, str] | None:
    """img_key and sub_key from the nav API's ``data.wbi_img`` (the file names of two URLs)."""
    data = nav.get("data")
    img = data.get("wbi_img") if isinstance(data, dict) else None
    if not isinstance(img, dict):
        return None
    keys = [str(img.get(k, "")).rsplit("/", 1)[-1].split(".")[0] for k in ("img_url", "sub_url")]
    return (keys[0], keys[1]) if len(keys[0] + keys[1]) == 64 else None


def danmu_servers(body: dict[str, Any], secure: bool) -> tuple[str, list[str]]:
    """getDanmuInfo's token and the danmaku servers' websocket URLs (``/sub``), those with a
    host name and port that make one; SourceDropped when there is no token or server."""
    data = body.get("data")
    data = data if isinstance(data, dict) else {}
    token, hosts = data.get("token"), data.get("host_list")
    urls = [url for host in (hosts if isinstance(hosts, list) else [])
            if (url := _server_url(host, secure)) is not None]  # fmt: skip
    if not isinstance(token, str) or not token or not urls:
        raise SourceDropped("getDanmuInfo returned no token or servers")
    return token, urls


def _server_url(host: Any, secure: bool) -> str | None:
    if not isinstance(host, dict):
        return None
    name = host.get("host")
    scheme, key, default = ("wss", "wss_port", 443) if secure else ("ws", "ws_port", 80)
    port = host.get(key, default)
    if not isinstance(name, str) or _HOST.fullmatch(name) is None:
        return None
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        return None
    return f"{scheme}://{name}:{port}/sub"
