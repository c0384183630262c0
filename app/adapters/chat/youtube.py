"""YouTube live chat through the Data API v3 (liveChatMessages.list), polled with ``requests`` on
a one-thread executor, never on the loop.

The chat id comes from ``videos.list(part=liveStreamingDetails)`` (1 unit) unless given; each
liveChatMessages.list call costs 5 units of the project's daily 10,000, so one chat polled every
5 s uses the day's quota in about 2.8 h. ``status.extra["quota_units"]`` counts what this source
spent.

Besides text messages the chat's ``snippet.type`` says what else happened, each item checked as
/ingest checks its own: ``superChatEvent`` (a super chat worth ``amountMicros`` / 10^6 in
``currency``; its text is ``userComment``, or the amount shown when there is none),
``superStickerEvent`` (a gift named by the sticker's alt text), ``newSponsorEvent`` and
``memberMilestoneChatEvent`` (a membership, its level as the gift name) and
``membershipGiftingEvent`` (``giftMembershipsCount`` memberships for the gifter). Each
``giftMembershipReceivedEvent`` is one of those gifted memberships reaching a viewer: counted with
the gifting already. With a video id, ``videos.list`` is asked again every ``viewers_every_s``
(1 unit each) for ``liveStreamingDetails.concurrentViewers``: a viewer count.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlparse

import requests

from app.adapters.chat.base import (
    ChatSource,
    CommentSink,
    SourceDropped,
    SourceEnded,
    StatusSink,
)
from app.domain.audience import IncomingComment, Kind
from app.domain.ingest import parse_item
from app.services.supervisor import Backoff

log = logging.getLogger(__name__)

API_BASE = "https://www.googleapis.com/youtube/v3"
LIST_COST, VIDEOS_COST = 5, 1
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def video_id_from(video: str) -> str:
    """An 11-character video id from a watch/live/shorts/youtu.be URL or the id itself."""
    video = video.strip()
    if _VIDEO_ID.match(video):
        return video
    url = urlparse(video if "://" in video else "https://" + video)
    host = (url.hostname or "").lower()
    candidate = ""
    if host.endswith("youtu.be"):
        candidate = url.path.strip("/").split("/")[0]
    elif "youtube.com" in host:
        candidate = parse_qs(url.query).get("v", [""])[0]
        parts = url.path.strip("/").split("/")
        if not candidate and len(parts) >= 2 and parts[0] in ("live", "shorts", "embed", "v"):
            candidate = parts[1]
    if not _VIDEO_ID.match(candidate):
        raise ValueError(f"not a YouTube video URL or id: {video!r}")
    return candidate


def _error_reason(body: Any) -> tuple[str, str]:
    error = body.get("error", {}) if isinstance(body, dict) else {}
    if not isinstance(error, dict):
        return "", str(error)
    message = str(error.get("message", ""))
    reasons = [e.get("reason", "") for e in error.get("errors", []) if isinstance(e, dict)]
    reasons += [d.get("reason", "") for d in error.get("details", []) if isinstance(d, dict)]
    return next((r for r in reasons if r), ""), message


def _until_midnight_pacific(now: dt.datetime | None = None) -> str:
    try:
        from zoneinfo import ZoneInfo

        pacific = ZoneInfo("America/Los_Angeles")
    except (ImportError, KeyError):  # no tz database (ZoneInfoNotFoundError is a KeyError)
        return ""
    now = (now or dt.datetime.now(dt.UTC)).astimezone(pacific)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    left = midnight - now
    hours, minutes = divmod(int(left.total_seconds()) // 60, 60)
    return f" (in {hours} h {minutes:02d} min)"


def classify_error(status: int, body: Any) -> SourceEnded | SourceDropped:
    """An API error as terminal (SourceEnded) or worth retrying (SourceDropped)."""
    reason, message = _error_reason(body)
    if reason in ("quotaExceeded", "dailyLimitExceeded"):
        when = _until_midnight_pacific()
        return SourceEnded("error", "YouTube API quota is exhausted: polling stops until the "
                           f"quota resets at midnight Pacific time{when}")  # fmt: skip
    if reason == "liveChatEnded":
        return SourceEnded("stopped", "the YouTube live chat has ended")
    if reason == "liveChatDisabled":
        return SourceEnded("error", "live chat is disabled for this YouTube broadcast")
    if reason == "liveChatNotFound":
        return SourceEnded("error", "YouTube cannot find this live chat (wrong id, or deleted)")
    if reason in ("keyInvalid", "API_KEY_INVALID") or "api key not valid" in message.lower():
        return SourceEnded("error", "the YouTube API key is not valid: check it in Settings")
    if reason in ("accessNotConfigured", "SERVICE_DISABLED"):
        return SourceEnded("error", "YouTube Data API v3 is not enabled for this API key's "
                           "Google Cloud project")  # fmt: skip
    if reason in ("forbidden", "insufficientPermissions") or status == 401:
        return SourceEnded("error", f"YouTube refused access ({reason or status}): {message}")
    if status == 429 or status >= 500 or reason in ("rateLimitExceeded", "backendError"):
        return SourceDropped(f"YouTube API busy ({status} {reason}): {message}".strip())
    return SourceEnded("error", f"YouTube API error {status} {reason}: {message}".strip())


def _parse_time(value: Any) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def comment_from_item(item: dict[str, Any], platform: str = "youtube") -> IncomingComment | None:
    """A textMessageEvent as a comment; None for other events (event_item reads those)."""
    snippet = item.get("snippet") or {}
    author = item.get("authorDetails") or {}
    if snippet.get("type") != "textMessageEvent":
        return None
    text = (snippet.get("textMessageDetails") or {}).get("messageText")
    text = text or snippet.get("displayMessage")
    if not isinstance(text, str) or not text:
        return None
    return IncomingComment(
        platform=platform,
        user=str(author.get("displayName") or author.get("channelId") or "?"),
        text=text,
        native_id=str(item["id"]) if item.get("id") else None,
        user_id=author.get("channelId") or None,
        ts=_parse_time(snippet.get("publishedAt")),
    )


def _micros(value: Any) -> Any:
    """amountMicros (a string of digits in the API's JSON) as a number of the currency; anything
    else is passed on for parse_item to refuse."""
    if isinstance(value, str) and value.isdigit():
        return int(value) / 1_000_000
    if isinstance(value, int) and not isinstance(value, bool):
        return value / 1_000_000
    return value


def event_item(item: dict[str, Any], platform: str = "youtube") -> dict[str, Any] | None:
    """A paid or membership message as an /ingest item (checked by parse_item after); None for
    text messages and what counts nothing (deletions, bans, polls, received gift memberships)."""
    snippet = item.get("snippet") or {}
    author = item.get("authorDetails") or {}
    base = {"platform": platform, "id": str(item["id"]) if item.get("id") else None,
            "user": str(author.get("displayName") or author.get("channelId") or "?"),
            "user_id": author.get("channelId") or snippet.get("authorChannelId") or None,
            "ts": _parse_time(snippet.get("publishedAt"))}  # fmt: skip
    kind = snippet.get("type")
    if kind == "superChatEvent":
        details = snippet.get("superChatDetails") or {}
        text = details.get("userComment") or details.get("amountDisplayString") or "Super Chat"
        return {**base, "kind": Kind.SUPERCHAT.value, "text": text,
                "value": _micros(details.get("amountMicros")),
                "currency": details.get("currency")}  # fmt: skip
    if kind == "superStickerEvent":
        details = snippet.get("superStickerDetails") or {}
        sticker = (details.get("superStickerMetadata") or {}).get("altText") or "Super Sticker"
        return {**base, "kind": Kind.GIFT.value, "gift": sticker, "count": 1,
                "value": _micros(details.get("amountMicros")),
                "currency": details.get("currency")}  # fmt: skip
    if kind == "newSponsorEvent":
        details = snippet.get("newSponsorDetails") or {}
        return {**base, "kind": Kind.MEMBER.value, "count": 1,
                "gift": details.get("memberLevelName") or None}  # fmt: skip
    if kind == "memberMilestoneChatEvent":
        details = snippet.get("memberMilestoneChatDetails") or {}
        return {**base, "kind": Kind.MEMBER.value, "count": 1,
                "gift": details.get("memberLevelName") or None,
                "text": details.get("userComment") or ""}  # fmt: skip
    if kind == "membershipGiftingEvent":
        details = snippet.get("membershipGiftingDetails") or {}
        return {**base, "kind": Kind.MEMBER.value,
                "count": details.get("giftMembershipsCount"),
                "gift": details.get("giftMembershipsLevelName") or None}  # fmt: skip
    return None


class YouTubeChat(ChatSource):
    platform = "youtube"

    def __init__(
        self,
        api_key: str,
        on_comments: CommentSink,
        on_status: StatusSink | None = None,
        *,
        video: str | None = None,
        live_chat_id: str | None = None,
        name: str = "youtube",
        base_url: str = API_BASE,
        skip_history: bool = False,
        min_poll_s: float = 0.2,
        max_results: int = 500,
        timeout_s: float = 15.0,
        viewers_every_s: float = 30.0,
        backoff: Backoff | None = None,
    ) -> None:
        super().__init__(name, on_comments, on_status, backoff=backoff)
        if not video and not live_chat_id:
            raise ValueError("give a video URL/id or a live chat id")
        self.video_id = video_id_from(video) if video else None
        self.live_chat_id = live_chat_id
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.skip_history = skip_history
        self.min_poll_s = min_poll_s
        self.max_results = max_results
        self.timeout_s = timeout_s
        self.viewers_every_s = viewers_every_s
        self._viewers_at: float | None = None  # monotonic time of the last videos.list
        self.quota_units = 0
        self.polls = 0
        self._page_token: str | None = None
        self._pending_viewers: dict[str, Any] | None = None
        self._first_page = True
        self._executor: ThreadPoolExecutor | None = None
        self._http: requests.Session | None = None

    async def _get(self, path: str, cost: int, params: dict[str, Any]) -> dict[str, Any]:
        if self._executor is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"chat-{self.name}")
        loop = asyncio.get_running_loop()
        try:
            status, body = await loop.run_in_executor(self._executor, self._fetch, path, params)
        except requests.RequestException as exc:
            raise SourceDropped(f"YouTube API unreachable: {type(exc).__name__}") from exc
        self.quota_units += cost  # Google charges failed calls too
        self.extra["quota_units"] = self.quota_units
        if status != 200 or not isinstance(body, dict):
            raise classify_error(status, body)
        return body

    def _fetch(self, path: str, params: dict[str, Any]) -> tuple[int, Any]:
        """Runs on the executor thread."""
        if self._http is None:
            self._http = requests.Session()
        # the key goes in a header, never the URL: URLs end up in logs (urllib3 logs each one)
        resp = self._http.get(f"{self.base_url}/{path}", params=params,
                              headers={"X-Goog-Api-Key": self.api_key},
                              timeout=(5.0, self.timeout_s))  # fmt: skip
        try:
            body = resp.json()
        except ValueError:
            body = {"error": {"message": resp.text[:200]}}
        return resp.status_code, body

    async def _resolve_chat_id(self) -> str:
        if self.live_chat_id:
            return self.live_chat_id
        body = await self._get("videos", VIDEOS_COST,
                               {"part": "liveStreamingDetails", "id": self.video_id})  # fmt: skip
        self._viewers_at = time.monotonic()
        items = body.get("items") or []
        if not items:
            raise SourceEnded("error", f"YouTube has no video {self.video_id}")
        details = items[0].get("liveStreamingDetails") or {}
        self._pending_viewers = self._viewer_item(details)
        chat_id = details.get("activeLiveChatId")
        if not chat_id:
            if details.get("actualEndTime"):
                raise SourceEnded("stopped", "this YouTube stream has ended")
            raise SourceEnded("error", f"video {self.video_id} has no active live chat")
        self.live_chat_id = str(chat_id)
        self.extra["live_chat_id"] = self.live_chat_id
        return self.live_chat_id

    async def _session(self) -> None:
        chat_id = await self._resolve_chat_id()
        connected = False
        while True:
            params: dict[str, Any] = {"liveChatId": chat_id, "part": "id,snippet,authorDetails",
                                      "maxResults": self.max_results}  # fmt: skip
            if self._page_token:
                params["pageToken"] = self._page_token
            body = await self._get("liveChat/messages", LIST_COST, params)
            self.polls += 1
            interval = max(self.min_poll_s, float(body.get("pollingIntervalMillis") or 0) / 1000)
            self.extra.update(polls=self.polls, poll_interval_s=interval)
            if not connected:
                connected = True
                self._connected(f"polling live chat {chat_id}", live_chat_id=chat_id)
            self._page_token = body.get("nextPageToken") or self._page_token
            items = [i for i in body.get("items") or [] if isinstance(i, dict)]
            if self._first_page and self.skip_history:
                self.extra["history_skipped"] = len(items)
                items = []
            self._first_page = False
            batch: list[IncomingComment] = []
            for item in items:
                try:
                    comment = comment_from_item(item, self.platform)
                    event = None if comment is not None else event_item(item, self.platform)
                except (TypeError, AttributeError, KeyError):
                    self._reject("item", item.get("id"))
                    continue
                if comment is not None:
                    batch.append(comment)
                elif event is not None:
                    self._add(event, batch)
            await self._poll_viewers(batch)
            self._deliver(batch)
            if body.get("offlineAt"):
                raise SourceEnded("stopped", "the YouTube stream went offline; the chat has ended")
            await asyncio.sleep(interval)

    def _add(self, item: dict[str, Any], batch: list[IncomingComment]) -> None:
        parsed = parse_item(item)
        if isinstance(parsed, IncomingComment):
            batch.append(parsed)
        else:  # a bad count or value: this item alone is refused
            self._reject(str(item.get("kind")), parsed)

    def _viewer_item(self, details: dict[str, Any]) -> dict[str, Any] | None:
        """concurrentViewers (a string of digits; absent when the owner hides the count)."""
        raw = details.get("concurrentViewers")
        if raw is None:
            return None
        count = int(raw) if isinstance(raw, str) and raw.isdigit() else raw
        return {"platform": self.platform, "kind": Kind.VIEWERS.value, "count": count}

    async def _poll_viewers(self, batch: list[IncomingComment]) -> None:
        """The viewer count from videos.list: the one read with the chat id, then one every
        ``viewers_every_s``. A failed call is logged and tried again at the next interval."""
        item, self._pending_viewers = self._pending_viewers, None
        due = self._viewers_at is None or \
            time.monotonic() - self._viewers_at >= self.viewers_every_s  # fmt: skip
        if item is None and self.video_id and due and self.viewers_every_s > 0:
            self._viewers_at = time.monotonic()
            try:
                body = await self._get("videos", VIDEOS_COST, {"part": "liveStreamingDetails",
                                                               "id": self.video_id})  # fmt: skip
            except (SourceDropped, SourceEnded) as exc:
                log.info("%s: no viewer count this time: %s", self.name, exc)
                return
            videos = body.get("items") or []
            if videos and isinstance(videos[0], dict):
                item = self._viewer_item(videos[0].get("liveStreamingDetails") or {})
        if item is not None:
            self._add(item, batch)

    async def _cleanup(self) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        http, self._http = self._http, None
        if http is not None:
            executor.submit(http.close)
        executor.shutdown(wait=False)
