"""An X API v2 server for the publisher, on a ``NetServer``: what a post and the look before a
retry touch, with the shapes and limits of the documented endpoints.

* ``POST /2/tweets`` (user token) creates a tweet from ``{"text", "reply":
  {"in_reply_to_tweet_id"}}`` and answers ``201 {"data": {"id", "text"}}``. X has no idempotency
  key: every POST that reaches it is a tweet. ``lose_answers``: the next POSTs make their
  tweet, then their answer is lost (a 503 from a proxy).
* ``refuses_duplicates``: a tweet of the same text as one the account already has is refused,
  nothing made: ``403 {"detail": "You are not allowed to create a Tweet with duplicate
  content.", "type": "about:blank", "title": "Forbidden", "status": 403}`` (the body as
  akrherz/iembot#163 logged it, 2026; sferik/x-ruby#24). X documents no window for it: the
  whole timeline is compared here. ``deleted``: ids of tweets deleted (or not visible to the
  account); a reply to one is refused with ``403`` and "You attempted to reply to a Tweet that
  is deleted or not visible to you." (plhery/node-twitter-api-v2#366).
* Links are wrapped: "All URLs posted in Tweets are wrapped with t.co", so a tweet's ``text``
  names ``https://t.co/...`` where the author wrote the link, and the link as written is in
  ``entities.urls[].expanded_url`` (see fixtures/real/x/tweet_lookup_entities_urls_unwound_*).
* ``post_limit``: POSTs a 15-minute window, as X limits ``POST /2/tweets`` per user ("a user
  rate limit of 200 requests per 15 minutes for the POST method", developer.x.com, "Manage
  Posts"): every answer to a POST carries ``x-rate-limit-limit``, ``-remaining`` and ``-reset``
  (epoch seconds; docs.x.com, "Rate limits"), and one past the limit is ``429``, nothing made.
  ``post_requests`` counts the POSTs that reached the server, refused or not.
* ``GET /2/users/:id/tweets`` (the user's timeline, newest first) pages like X does:
  ``max_results`` from 5 to 100 (default 10), ``pagination_token`` from the previous page's
  ``meta.next_token``; ``text`` comes HTML-escaped (``&amp;``) as the API returns it;
  ``referenced_tweets``, ``entities`` and ``created_at`` only when ``tweet.fields`` asks for
  them; ``start_time`` (``YYYY-MM-DDTHH:mm:ssZ``, "the oldest UTC timestamp ... Posts will be
  provided" from, inclusive) leaves older tweets out, unless ``honours_start_time`` is False (a
  server that ignores it: the client's own check of ``created_at`` is what protects then), or
  ``start_time_answers_nothing`` is True: a timeline asked with ``start_time`` answers
  ``{"meta": {"result_count": 0}}`` though tweets of the span exist, as reported of X's user
  timeline (https://github.com/xdevplatform/samples/issues/93, 2022).
* ``GET /2/users/me`` (user token) answers the token's own account, ``{"data": {"id", "name",
  "username"}}`` (https://docs.x.com/x-api/users/lookup/integrate: user context only);
  ``401`` without a token. A second ``FakeX`` on the same server (another ``user_id`` and
  ``username``) is the operator's token swapped for another account's: from then on the posts
  and ``/2/users/me`` are that account's, the first one's timeline still readable.
* A tweet longer than 280 characters (a Premium account's long post) is, as X answers it, its
  first 280 characters and an ellipsis in ``text``, whole only in ``note_tweet.text`` (with
  its own ``entities``), which comes only when ``tweet.fields`` asks for ``note_tweet``
  (DocNow/twarc#702: "the existing text field only includes a truncated Tweet").
* An edit is a new tweet with a new id (``edit``): "Each edit creates a new post ID", and every
  version's ``edit_history_tweet_ids`` (a default field, answered unasked) lists "edit history
  (oldest first)", the original first and the version itself last; a never-edited tweet's
  lists its own id alone (docs.x.com, "Edit Posts"; fixtures/real/x/search_recent_tweets.json).
  The versions before stay readable tweets of their own.
* A retweet (``retweet``) is a tweet of its own whose ``text`` is "RT @<author>: " and the
  post it shares, that post cut at 140 characters with an ellipsis, whatever its length; its
  ``referenced_tweets`` names the post (``{"type": "retweeted", "id"}``), which comes whole in
  ``includes.tweets`` to a read asking ``expansions=referenced_tweets.id`` (``referenced``).
  DocNow/twarc#452: "The API itself delivers those tweets truncated"; tweepy/tweepy#1915: a
  v2 retweet's text is its post's first 140 characters and "…"; X's Andy Piper on
  xdevplatform/twitter-api-typescript-sdk#35: "you may need to request the
  ``referenced_tweets`` expansion" (fixtures/real/x/home_timeline_*: "RT @microbit_edu: The
  micro:bit continues ... students can see…").
* Tweet ids are snowflakes of their creation time (``clock``; ``add(..., at=)`` for an older
  tweet), as X's are, so a tweet without ``created_at`` still says when it was made.

Every tweet created is kept in ``tweets`` (oldest first), so a test counts what the network
received, whatever the bot believes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from tests.support.netserver import NetServer

USER_ID = "783214"
TWEPOCH_MS = 1288834974657  # X's snowflake epoch
_URL = re.compile(r"https?://[^\s]+")
LONG = 280  # a longer tweet's ``text`` is cut here; the whole is in ``note_tweet``
RETWEETED = 140  # a retweet's ``text`` carries this much of the post it shares


class FakeX:
    def __init__(self, net: NetServer, *, user_id: str = USER_ID, username: str = "acmesupport",
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 honours_start_time: bool = True,
                 start_time_answers_nothing: bool = False) -> None:
        self.net = net
        self.start_time_answers_nothing = start_time_answers_nothing
        self.user_id = user_id
        self.username = username
        self.clock = clock
        self.honours_start_time = honours_start_time
        self.lose_answers = 0
        self.refuses_duplicates = False
        self.deleted: set[str] = set()
        self.tweets: list[dict[str, Any]] = []  # every tweet created, oldest first
        self.post_limit: int | None = None
        # the POST window: 15 minutes ("200 requests per 15 minutes"), or a day for the per-user
        # "/24hrs" limits of X's rate-limit tables, named by the same headers
        self.post_window = timedelta(minutes=15)
        self.post_requests = 0
        self._window: tuple[datetime, int] | None = None  # (its reset, POSTs in it)
        net.handler("POST", "/2/tweets", self._post)
        net.handler("GET", f"/2/users/{user_id}/tweets", self._timeline)
        net.handler("GET", "/2/users/me", self._me)

    async def _me(self, request: web.Request) -> web.Response:
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"title": "Unauthorized", "status": 401}, status=401)
        return web.json_response({"data": {"id": self.user_id, "name": "Acme Support",
                                           "username": self.username}})

    async def _post(self, request: web.Request) -> web.Response:
        if not request.headers.get("Authorization", "").startswith("Bearer "):
            return web.json_response({"title": "Unauthorized", "status": 401}, status=401)
        self.post_requests += 1
        limits = self._count_post()
        if limits is not None and limits["x-rate-limit-remaining"] == "-1":
            limits["x-rate-limit-remaining"] = "0"
            return web.json_response({"title": "Too Many Requests", "detail": "Too Many "
                                      "Requests", "type": "about:blank", "status": 429},
                                     status=429, headers=limits)
        body = await request.json()
        reply = body.get("reply") or {}
        if reply.get("in_reply_to_tweet_id") in self.deleted:
            return _forbidden("You attempted to reply to a Tweet that is deleted or not visible "
                              "to you.")
        if self.refuses_duplicates and any(t["sent"] == body["text"] for t in self.tweets):
            return _forbidden("You are not allowed to create a Tweet with duplicate content.")
        tweet = self.add(str(body["text"]), in_reply_to=reply.get("in_reply_to_tweet_id"))
        if self.lose_answers:
            self.lose_answers -= 1
            return web.json_response({"title": "Service Unavailable", "status": 503},
                                     status=503)
        return web.json_response({"data": {"id": tweet["id"], "text": tweet["text"]}},
                                 status=201, headers=limits)

    def _count_post(self) -> dict[str, str] | None:
        """This POST counted in its window (``post_limit``): the headers X answers it with,
        remaining ``-1`` for one past the limit."""
        if self.post_limit is None:
            return None
        now = self.clock()
        if self._window is None or now >= self._window[0]:
            self._window = (now + self.post_window, 0)
        reset, used = self._window[0], self._window[1] + 1
        self._window = (reset, used)
        return {"x-rate-limit-limit": str(self.post_limit),
                "x-rate-limit-remaining": str(max(-1, self.post_limit - used)),
                "x-rate-limit-reset": str(int(reset.timestamp()))}

    def add(self, sent: str, *, in_reply_to: str | None = None,
            at: datetime | None = None) -> dict[str, Any]:
        """A tweet of the account, as X stores what was sent, made now (``clock``) or ``at``
        (add older ones first: the timeline is in the order they were added)."""
        text, urls = wrap_links(sent)
        made = at or self.clock()
        ms = int(made.timestamp() * 1000)
        snowflake = ((ms - TWEPOCH_MS) << 22) | (len(self.tweets) & 0xFFF)
        tweet = {"id": str(snowflake), "text": text, "urls": urls, "sent": sent,
                 "in_reply_to": in_reply_to, "created_at": made.astimezone(UTC)}
        tweet["history"] = [tweet["id"]]
        self.tweets.append(tweet)
        return tweet

    def edit(self, version: dict[str, Any], sent: str, *,
             at: datetime | None = None) -> dict[str, Any]:
        """``version`` edited by its author to ``sent``: a new tweet, made now (``clock``) or
        ``at``, whose history is ``version``'s and its own id last."""
        tweet = self.add(sent, in_reply_to=version["in_reply_to"], at=at)
        tweet["history"] = [*version["history"], tweet["id"]]
        return tweet

    def retweet(self, original: dict[str, Any], *, author: str,
                at: datetime | None = None) -> dict[str, Any]:
        """A retweet of ``original`` (whose author is @``author``), made now or ``at``."""
        tweet = self.add("", at=at)
        shared = original["text"]
        tweet.update(text=f"RT @{author}: " + (shared if len(shared) <= RETWEETED
                                               else shared[:RETWEETED] + "\u2026"),
                     urls=[], retweet_of=original)
        return tweet

    def referenced(self, items: list[dict[str, Any]], fields: set[str],
                   expansions: set[str]) -> list[dict[str, Any]]:
        """``includes.tweets`` of a page of ``items``: the posts they retweet, whole, when
        ``expansions`` asks ``referenced_tweets.id``."""
        if "referenced_tweets.id" not in expansions:
            return []
        by_id = {t["id"]: t for t in self.tweets}
        shared = [by_id[i["id"]]["retweet_of"] for i in items
                  if by_id.get(i["id"], {}).get("retweet_of") is not None]
        return [self.item(t, fields) for t in shared]

    def item(self, t: dict[str, Any], fields: set[str]) -> dict[str, Any]:
        """Tweet ``t`` as X answers it to a read asking ``fields`` (tweet.fields)."""
        item: dict[str, Any] = {"id": t["id"], "text": escape(t["text"]),
                                "edit_history_tweet_ids": list(t["history"])}
        if t.get("retweet_of") is not None and "referenced_tweets" in fields:
            item["referenced_tweets"] = [{"type": "retweeted", "id": t["retweet_of"]["id"]}]
        if t["in_reply_to"] and "referenced_tweets" in fields:
            item["referenced_tweets"] = [{"type": "replied_to", "id": t["in_reply_to"]}]
        if t["urls"] and "entities" in fields:
            item["entities"] = {"urls": t["urls"]}
        if len(t["text"]) > LONG:
            item["text"] = escape(t["text"][:LONG]) + "\u2026"
            if "entities" in item:  # a link cut off is no entity of the text
                item["entities"] = {"urls": [u for u in t["urls"] if u["end"] <= LONG]}
            if "note_tweet" in fields:
                item["note_tweet"] = {"text": escape(t["text"]),
                                      "entities": {"urls": t["urls"]}}
        if "created_at" in fields:
            made = t["created_at"]
            item["created_at"] = (f"{made:%Y-%m-%dT%H:%M:%S}."
                                  f"{made.microsecond // 1000:03d}Z")
        return item

    async def _timeline(self, request: web.Request) -> web.Response:
        try:
            size = int(request.query.get("max_results", "10"))
        except ValueError:
            size = 0
        if not 5 <= size <= 100:
            return web.json_response({"title": "Invalid Request", "status": 400, "detail":
                                      "max_results must be between 5 and 100"}, status=400)
        fields = set(request.query.get("tweet.fields", "").split(","))
        newest_first = list(reversed(self.tweets))
        if "start_time" in request.query and self.start_time_answers_nothing:
            return web.json_response({"meta": {"result_count": 0}})
        if (since := request.query.get("start_time")) is not None and self.honours_start_time:
            try:
                oldest = datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
            except ValueError:
                return web.json_response({"title": "Invalid Request", "status": 400, "detail":
                                          f"Invalid 'start_time':'{since}'"}, status=400)
            newest_first = [t for t in newest_first if t["created_at"] >= oldest]
        start = int(request.query.get("pagination_token") or 0)
        page = newest_first[start:start + size]
        data = [self.item(t, fields) for t in page]
        meta: dict[str, Any] = {"result_count": len(data)}
        if data:
            meta.update(newest_id=data[0]["id"], oldest_id=data[-1]["id"])
        if start + size < len(newest_first):
            meta["next_token"] = str(start + size)
        return web.json_response({"data": data, "meta": meta} if data else {"meta": meta})


def _forbidden(detail: str) -> web.Response:
    return web.json_response({"detail": detail, "type": "about:blank", "title": "Forbidden",
                              "status": 403}, status=403)


def wrap_links(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text with each link replaced by its t.co form, and the ``entities.urls`` saying
    where each one is (start and end in characters of the wrapped text)."""
    out, urls, last = "", [], 0
    for m in _URL.finditer(text):
        short = "https://t.co/" + hashlib.sha256(m.group(0).encode()).hexdigest()[:10]
        out += text[last:m.start()]
        urls.append({"start": len(out), "end": len(out) + len(short), "url": short,
                     "expanded_url": m.group(0),
                     "display_url": _display(m.group(0))})
        out += short
        last = m.end()
    return out + text[last:], urls


def _display(url: str) -> str:
    shown = url.split("://", 1)[1]
    return shown if len(shown) <= 26 else shown[:26] + "…"


def escape(text: str) -> str:
    """How X returns tweet text: ``&``, ``<`` and ``>`` as HTML entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def stream_cursors(store: Any, source_id: str = "x1") -> dict[str, Any]:
    """An X source's stored cursor, each stream's id (and backlog), without the beginning and
    old posts each stream keeps for retweets (``<key>#retweets``, ``x.retweets``) and the
    rate-limit windows X said are spent (``#windows``)."""
    cursor = json.loads(store.values[source_id])
    return {k: v for k, v in cursor.items() if not k.endswith(("#retweets", "#windows"))}
