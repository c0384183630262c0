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

Each message is read alone (youtube_items): one that is not what the API documents is refused
and counted, the rest of its page delivered; a message id already delivered (the same message on
two pages) is left out. The wait between polls is ``pollingIntervalMillis`` within
[``min_poll_s``, ``max_poll_s``], ``fallback_poll_s`` when the page gives none. Each answer is
read within bounds (youtube_http); one that is not a JSON object (a proxy's HTML page) is an error
to retry with backoff, never an empty page. The API busy (429, 5xx, ``rateLimitExceeded``) is
retried with backoff, and never sooner than the latest ``pollingIntervalMillis``. An exhausted
daily quota (``quotaExceeded``) is a wait until Google resets it, at midnight Pacific time: the
light says ``disconnected`` with when that is (``retry_in_s``), and polling goes on after it, where
it left off.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlparse
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import requests

from app.adapters.chat.base import (
    ChatSource,
    CommentSink,
    SourceDropped,
    SourceEnded,
    StatusSink,
)
from app.adapters.chat.youtube_http import DEADLINE_S, MAX_BODY_BYTES, ApiClient
from app.adapters.chat.youtube_items import (
    FALLBACK_POLL_S,
    MAX_POLL_S,
    comment_from_item,
    event_item,
    item_type,
    polling_interval_s,
    read_item,
    viewer_item,
)
from app.domain.audience import IncomingComment
from app.domain.chat_settings import ChatSettingProblem, youtube_video_id
from app.domain.ingest import parse_item
from app.domain.messages import Message
from app.domain.recent_ids import RecentIds
from app.services.supervisor import Backoff

log = logging.getLogger(__name__)

API_BASE = "https://www.googleapis.com/youtube/v3"
LIST_COST, VIDEOS_COST = 5, 1
KEPT_IDS = 5000  # message ids remembered: pages of a busy chat, a few hundred kB
QUOTA_RESET_MARGIN_S = 60.0  # the first poll after the quota's reset waits this much longer

__all__ = ["YouTubeChat", "classify_error", "comment_from_item", "event_item", "video_id_from"]


def video_id_from(video: str) -> str:
    """An 11-character video id from a watch/live/shorts/youtu.be URL, YouTube Studio's
    /video/ID/livestreaming link or the id itself (ChatSettingProblem, a ValueError, else)."""
    return youtube_video_id(video)


def _error_reason(body: Any) -> tuple[str, str]:
    error = body.get("error", {}) if isinstance(body, dict) else {}
    if not isinstance(error, dict):
        return "", str(error)
    message = str(error.get("message", ""))
    reasons = [e.get("reason", "") for e in error.get("errors", []) if isinstance(e, dict)]
    reasons += [d.get("reason", "") for d in error.get("details", []) if isinstance(d, dict)]
    return next((r for r in reasons if r), ""), message


def quota_reset(now: dt.datetime | None = None) -> dt.datetime:
    """When Google next resets the daily quota: midnight in America/Los_Angeles after `now`.
    Without a time zone database, midnight Pacific Standard Time: never early (an hour late while
    daylight saving time is on)."""
    try:
        pacific: dt.tzinfo = ZoneInfo("America/Los_Angeles")
    except ZoneInfoNotFoundError:
        pacific = dt.timezone(dt.timedelta(hours=-8), "PST")
    today = (now or dt.datetime.now(dt.UTC)).astimezone(pacific).date()
    return dt.datetime.combine(today + dt.timedelta(days=1), dt.time(0), tzinfo=pacific)


def _quota_exhausted(now: dt.datetime | None, margin_s: float) -> SourceDropped:
    """The daily quota is spent: polling waits for its reset (and `margin_s` more), then goes on."""
    now = now or dt.datetime.now(dt.UTC)
    reset = quota_reset(now)
    wait_s = (reset.astimezone(dt.UTC) - now.astimezone(dt.UTC)).total_seconds()
    hours, minutes = divmod(math.ceil(wait_s / 60), 60)
    here = reset.astimezone().strftime("%H:%M")  # the console's own time zone
    return SourceDropped("YouTube API quota is exhausted: polling resumes when it resets at "
                         f"midnight Pacific time ({here} here, in {hours} h {minutes:02d} min)",
                         retry_after_s=wait_s + margin_s)  # fmt: skip


def classify_error(
    status: int, body: Any, *, poll_interval_s: float = 0.0, now: dt.datetime | None = None,
    quota_margin_s: float = QUOTA_RESET_MARGIN_S,
) -> SourceEnded | SourceDropped:  # fmt: skip
    """An API error as terminal (SourceEnded) or worth retrying (SourceDropped): the API busy is
    retried no sooner than `poll_interval_s` (the last ``pollingIntervalMillis``), an exhausted
    quota `quota_margin_s` after it resets (at midnight Pacific time after `now`)."""
    reason, message = _error_reason(body)
    if reason in ("quotaExceeded", "dailyLimitExceeded"):
        return _quota_exhausted(now, quota_margin_s)
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
        return SourceDropped(f"YouTube API busy ({status} {reason}): {message}".strip(),
                             retry_after_s=poll_interval_s)  # fmt: skip
    return SourceEnded("error", f"YouTube API error {status} {reason}: {message}".strip())


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
        fallback_poll_s: float = FALLBACK_POLL_S,
        max_poll_s: float = MAX_POLL_S,
        max_results: int = 500,
        timeout_s: float = 15.0,
        request_deadline_s: float = DEADLINE_S,
        max_body_bytes: int = MAX_BODY_BYTES,
        viewers_every_s: float = 30.0,
        backoff: Backoff | None = None,
        wall_clock: Callable[[], dt.datetime] | None = None,
        quota_margin_s: float = QUOTA_RESET_MARGIN_S,
    ) -> None:
        super().__init__(name, on_comments, on_status, backoff=backoff)
        if not video and not live_chat_id:
            raise ChatSettingProblem(Message("chat.youtube.no_video"))
        self.video_id = video_id_from(video) if video else None
        self.live_chat_id = live_chat_id
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.skip_history = skip_history
        self.min_poll_s = min_poll_s
        self.fallback_poll_s = fallback_poll_s
        self.max_poll_s = max_poll_s
        self.max_results = max_results
        self.timeout_s = timeout_s  # each socket read
        self.request_deadline_s = request_deadline_s  # reading one whole answer
        self.max_body_bytes = max_body_bytes
        self.viewers_every_s = viewers_every_s
        self._wall_clock = wall_clock or (lambda: dt.datetime.now(dt.UTC))  # when is the reset
        self.quota_margin_s = quota_margin_s
        self._viewers_at: float | None = None  # monotonic time of the last videos.list
        self.quota_units = 0
        self.polls = 0
        self._page_token: str | None = None
        self._pending_viewers: dict[str, Any] | None = None
        self._first_page = True
        self._interval_s = 0.0  # the wait the latest page asked for (pollingIntervalMillis)
        self._delivered = RecentIds(KEPT_IDS)  # a message on two pages is delivered once
        self._told: set[str] = set()  # the kinds of refused item already logged
        self._executor: ThreadPoolExecutor | None = None
        self._client: ApiClient | None = None

    def peer(self) -> str:
        return urlparse(self.base_url).hostname or "YouTube"

    async def _get(self, path: str, cost: int, params: dict[str, Any]) -> dict[str, Any]:
        if self._executor is None or self._client is None:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix=f"chat-{self.name}")
            self._client = ApiClient(self.base_url, self.api_key, read_timeout_s=self.timeout_s,
                                     deadline_s=self.request_deadline_s,
                                     max_body_bytes=self.max_body_bytes)  # fmt: skip
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(self._executor, self._client.get, path, params)
        except requests.RequestException as exc:
            raise SourceDropped(self._unreachable(exc)) from exc
        except SourceDropped:
            self._charge(cost)  # an answer came, too big or too slow to read
            raise
        self._charge(cost)
        if answer.status == 200 and not isinstance(answer.body, dict):
            what = "a JSON value other than an object" if answer.is_json else "no JSON"
            raise SourceDropped(f"YouTube answered with {what} ({answer.head[:80]!r}); "
                                "a proxy or captive portal in the way?")  # fmt: skip
        if answer.status != 200:
            body = answer.body if answer.is_json else {"error": {"message": answer.head}}
            raise classify_error(answer.status, body, poll_interval_s=self._interval_s,
                                 now=self._wall_clock(),
                                 quota_margin_s=self.quota_margin_s)  # fmt: skip
        return dict(answer.body)

    def _unreachable(self, exc: requests.RequestException) -> Message:
        """Why the API could not be reached, in a sentence saying what to do."""
        said = str(exc)
        if isinstance(exc, requests.Timeout):
            return Message("chat.timed_out", host=self.peer())
        if "Failed to resolve" in said or "Name or service not known" in said:
            return Message("chat.unknown_host", host=self.peer())
        return Message("chat.network", host=self.peer(), detail=type(exc).__name__)

    def _charge(self, cost: int) -> None:
        self.quota_units += cost  # Google charges failed calls too
        self.extra["quota_units"] = self.quota_units

    async def _resolve_chat_id(self) -> str:
        if self.live_chat_id:
            return self.live_chat_id
        body = await self._get("videos", VIDEOS_COST,
                               {"part": "liveStreamingDetails", "id": self.video_id})  # fmt: skip
        self._viewers_at = time.monotonic()
        items = body.get("items")
        if not isinstance(items, list) or not items or not isinstance(items[0], dict):
            raise SourceEnded("error", f"YouTube has no video {self.video_id}")
        details = items[0].get("liveStreamingDetails")
        details = details if isinstance(details, dict) else {}
        self._pending_viewers = viewer_item(details, self.platform)
        chat_id = details.get("activeLiveChatId")
        if not chat_id or not isinstance(chat_id, str):
            if details.get("actualEndTime"):
                raise SourceEnded("stopped", "this YouTube stream has ended")
            raise SourceEnded("error", f"video {self.video_id} has no active live chat")
        self.live_chat_id = chat_id
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
            items = body.get("items", [])
            if not isinstance(items, list):
                raise SourceDropped("YouTube sent a page whose “items” is not a list")
            self.polls += 1
            interval = polling_interval_s(body.get("pollingIntervalMillis"), self.min_poll_s,
                                          self.fallback_poll_s, self.max_poll_s)  # fmt: skip
            self._interval_s = interval
            self.extra.update(polls=self.polls, poll_interval_s=interval)
            if not connected:
                connected = True
                self._connected(f"polling live chat {chat_id}", live_chat_id=chat_id)
            token = body.get("nextPageToken")
            if isinstance(token, str) and 0 < len(token) <= 2000:
                self._page_token = token
            if self._first_page and self.skip_history:
                self.extra["history_skipped"] = len(items)
                items = []
            self._first_page = False
            batch = [comment for item in items if (comment := self._read(item)) is not None]
            await self._poll_viewers(batch)
            self._deliver(self._new_only(batch))
            if body.get("offlineAt"):
                raise SourceEnded("stopped", "the YouTube stream went offline; the chat has ended")
            await asyncio.sleep(interval)

    def _read(self, item: object) -> IncomingComment | None:
        """One message of the page, alone: a bad one is counted and (once per kind) logged."""
        read = read_item(item, self.platform)
        if isinstance(read, str):
            self._refuse(item_type(item), read)
            return None
        return read

    def _refuse(self, kind: str, reason: str) -> None:
        self._reject(kind, reason)
        if kind not in self._told:
            self._told.add(kind)
            log.warning("%s: skipped a YouTube %s that could not be used (%s); later ones are "
                        "only counted", self.name, kind, reason)  # fmt: skip

    def _new_only(self, batch: list[IncomingComment]) -> list[IncomingComment]:
        fresh = self._delivered.new_only(batch)
        if self._delivered.repeats:
            self.extra["repeated"] = self._delivered.repeats
        return fresh

    def _add(self, item: dict[str, Any], batch: list[IncomingComment]) -> None:
        parsed = parse_item(item)
        if isinstance(parsed, IncomingComment):
            batch.append(parsed)
        else:  # a bad count or value: this item alone is refused
            self._refuse(str(item.get("kind")), parsed)

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
            videos = body.get("items")
            if isinstance(videos, list) and videos and isinstance(videos[0], dict):
                details = videos[0].get("liveStreamingDetails")
                if isinstance(details, dict):
                    item = viewer_item(details, self.platform)
        if item is not None:
            self._add(item, batch)

    async def _cleanup(self) -> None:
        executor, self._executor = self._executor, None
        client, self._client = self._client, None
        if client is not None:
            client.halt()  # the request under way (if any) ends now: nothing downloads on
        if executor is None:
            return
        if client is not None:
            executor.submit(client.close)
        executor.shutdown(wait=False)
