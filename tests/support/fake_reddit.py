"""Reddit's comment API for the publisher, on a ``NetServer``: what a reply and the look before a
retry touch.

* ``POST /api/v1/access_token`` (the script app's password grant) answers a bearer token.
* ``POST /api/comment`` adds a comment and answers with the recorded ``api_type=json``
  envelope (tests/fixtures/real/reddit/editusertext_response.json) around it. Reddit has no
  idempotency key: every POST that reaches it is a comment. A text over 10,000 code points is
  refused and not kept, as Reddit's ``VMarkdownLength(['text', 'comment'], max_length=10000)``
  refuses it (``len(text) > max_length``: TOO_LONG "this is too long (max: 10000)", field
  ``text``; reddit-archive/reddit r2/r2/controllers/api.py, POST_comment).
* ``GET /user/<name>/comments`` lists the account's comments newest first, as a Listing that
  pages like Reddit's: ``limit`` (default 25, at most 100) and ``after`` (the fullname the
  previous page's ``data.after`` named).

* ``GET /api/v1/me`` answers the account the password grant logged in (``{"name", "id",
  ...}``, Reddit's ``identity`` scope). A second ``Reddit`` on the same server (another
  ``username``) is the operator's credentials swapped for another account's: from then on the
  comments and ``/api/v1/me`` are that account's, the first one's comments still readable.

``refusals`` makes the next posts refused in Reddit's ``json.errors`` shape (``[code, message,
field]``, e.g. ``["THREAD_LOCKED", ...]``, ``["RATELIMIT", "you are doing that too much. try
again in 7 minutes.", "ratelimit"]``): answered 200, nothing kept, as Reddit answers them.
``limited_until`` refuses every post before that time with ``RATELIMIT``, naming the time left
as Reddit does, its largest unit rounded down ("try again in 9 minutes" of 9 minutes 30
seconds: reddit-archive/reddit r2/r2/lib/utils/utils.py, ``timetext``, ``math.floor(since /
seconds)``).
``fail_after_landing`` makes the next posts land and then answer 500, hang or answer garbage
(``garbled``: an HTML page; ``jquery``: the JSON Reddit answers a form without ``api_type=json``,
reddit-archive/reddit r2/r2/lib/jsonresponses.py, ``JQueryResponse``; ``no_thing``: the
``json`` envelope with no errors and no thing).
Every comment is kept in ``comments`` (newest first), stamped ``created_utc`` (epoch seconds,
as Reddit's things are) by ``clock``; ``add`` puts one there as if made at a given time. The
listing takes no time bound (Reddit's has none).
``budget`` (a ``Reads``) makes the comment and the look spend the budget of the OAuth client that
the reads spend, and answer with its headers (a 429 once it is spent): Reddit counts every
request of an OAuth client against one budget, whichever part of socialops sends it ("100
queries per minute per OAuth client id ... These headers will update to reflect this new policy
based on client id only": r/modnews, "API Update: Continued access to our API for moderators",
2023-05-31; the headers, github.com/reddit/reddit/wiki/API). This fake serves one client.
"""

from __future__ import annotations

import asyncio
import copy
import json
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from aiohttp import web

from tests.support.netserver import NetServer

REDDIT = Path(__file__).parents[1] / "fixtures" / "real" / "reddit"
TOKEN = "/api/v1/access_token"
MAX_COMMENT = 10_000  # POST_comment's VMarkdownLength max_length (module docstring)


def real(name: str) -> Any:
    return json.loads((REDDIT / name).read_text(encoding="utf-8"))


def timetext(seconds: float) -> str:
    """Time left as Reddit says it: its largest unit, rounded down (r2 ``timetext``)."""
    for size, unit in ((3600, "hour"), (60, "minute"), (1, "second")):
        if (count := int(seconds // size)) != 0:
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return "0 seconds"


class Reddit:
    def __init__(self, net: NetServer | None = None, *, username: str = "botuser",
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                 budget: Reads | None = None) -> None:
        self.clock = clock
        self.budget = budget  # the OAuth client's, shared with the reads (module docstring)
        self.comments: list[dict[str, Any]] = []  # newest first
        self.fail_after_landing: list[str] = []
        self.refusals: list[list[str]] = []  # the next posts' json.errors (module docstring)
        self.limited_until: datetime | None = None  # RATELIMIT till then (module docstring)
        self._template = real("editusertext_response.json")["json"]["data"]["things"][0]
        if net is not None:
            net.json("POST", TOKEN, {"access_token": "tok", "token_type": "bearer",
                                     "expires_in": 3600, "scope": "*"})
            net.handler("POST", "/api/comment", self.comment)
            net.handler("GET", f"/user/{username}/comments", self.mine)
            net.json("GET", "/api/v1/me", {"name": username, "id": f"id{len(username)}",
                                           "is_suspended": False})

    async def comment(self, request: web.Request) -> web.Response:
        if self.budget is not None:
            status, headers = self.budget.spend()
            if status == 429:
                return web.json_response({"message": "Too Many Requests", "error": 429},
                                         status=429, headers=headers)
            response = await self._comment(request)
            response.headers.update(headers)
            return response
        return await self._comment(request)

    async def _comment(self, request: web.Request) -> web.Response:
        form = await request.post()
        if len(str(form["text"])) > MAX_COMMENT:
            return web.json_response({"json": {"errors": [
                ["TOO_LONG", f"this is too long (max: {MAX_COMMENT})", "text"]]}})
        if self.refusals:
            return web.json_response({"json": {"errors": [self.refusals.pop(0)]}})
        left = (self.limited_until - self.clock()).total_seconds() if self.limited_until else 0
        if left > 0:
            return web.json_response({"json": {"errors": [[
                "RATELIMIT", f"you are doing that too much. try again in {timetext(left)}.",
                "ratelimit"]]}})
        thing = self.add(str(form["text"]), parent=str(form["thing_id"]))
        if self.fail_after_landing:
            kind = self.fail_after_landing.pop(0)
            if kind == "hang":
                await asyncio.sleep(1.5)
            if kind == "garbled":
                return web.Response(status=200, text="<html>cdn error</html>",
                                    content_type="text/html")
            if kind == "jquery":  # the answer without api_type=json (``JQueryResponse``)
                return web.json_response({"jquery": [[0, 1, "call", ["body"]]],
                                          "success": True})
            if kind == "no_thing":  # the envelope, no error and no thing
                return web.json_response({"json": {"errors": []}})
            return web.Response(status=500, text="<html>internal</html>")
        return web.json_response({"json": {"errors": [], "data": {"things": [thing]}}})

    def add(self, body: str, *, parent: str, at: datetime | None = None) -> dict[str, Any]:
        """A comment of the account, made now (``clock``) or ``at``: add older ones first."""
        thing: dict[str, Any] = copy.deepcopy(self._template)
        n = len(self.comments)
        made = (at or self.clock()).timestamp()
        # link_id names the thread, a t3_ (a reply to a comment is in its comment's thread:
        # the recording's, here)
        thread = parent if parent.startswith("t3_") else self._template["data"]["link_id"]
        thing["data"].update(id=f"abc{n}", name=f"t1_abc{n}", body=body, parent_id=parent,
                             link_id=thread, subreddit="socialops", created=made,
                             created_utc=made)
        self.comments.insert(0, thing)
        return thing

    async def mine(self, request: web.Request) -> web.Response:
        limit = max(1, min(100, int(request.query.get("limit") or 25)))
        start = 0
        if after := request.query.get("after"):
            names = [c["data"]["name"] for c in self.comments]
            start = names.index(after) + 1 if after in names else len(names)
        page = self.comments[start:start + limit]
        more = start + limit < len(self.comments)
        return web.json_response({"kind": "Listing", "data": {
            "after": page[-1]["data"]["name"] if page and more else None, "before": None,
            "dist": len(page), "children": page}})


INFO_LIMIT = 100  # GET /api/info's ``VByName('id', multiple=True, limit=100)`` (see ``Reads``)


class Reads:
    """What the Reddit source reads of one subreddit, as Reddit answers it:

    * ``GET /r/<sub>/new`` and ``GET /r/<sub>/comments``: its posts and comments, newest
      first, a Listing paged as Reddit's: ``limit`` (at most 100), ``before=X`` the things just
      newer than X and ``after=X`` those just older, either empty when X is not listed.
    * ``GET /api/info?id=<fullnames>``: a Listing of the things it holds of the comma-separated
      fullnames asked, deleted and removed ones too, as they are now (the recorded answer for a
      deleted comment: tests/fixtures/real/reddit/comment_info_deleted.json); none for a name it
      does not hold, and none at all past ``INFO_LIMIT`` names (reddit-archive/reddit
      r2/r2/lib/validator/validator.py, ``VByName``: "if self.limit and len(items) >
      self.limit: return self.set_error(errors.TOO_MANY_THING_IDS)"). ``info_asked``: the
      names of each request.
    * Every answer carries ``X-Ratelimit-Used``, ``-Remaining`` and ``-Reset`` (r/redditdev,
      "Formal ratelimiting headers"): ``remaining`` is spent by one a request, ``reset`` the
      seconds left of the window; a 429 or a 403/404 is queued with ``NetServer.fault``, or
      (``refuse_spent``) answers every request once ``remaining`` is spent. The budget is the
      OAuth client's: a publisher's ``Reddit(budget=reads)`` spends it too.

    ``post``/``comment`` add a thing made at a time (oldest first), shaped as the recorded
    /new page's and /comments page's; ``edit`` changes its words as Reddit does (``edited``:
    the edit's epoch seconds, the recorded editusertext answer's); ``delete`` is its author's
    (author and body ``[deleted]``; a post's ``selftext`` and ``removed_by_category``
    ``deleted``); ``remove`` a moderator's, a filter's or Reddit's (``[removed]``;
    ``removed_by_category``; ``banned_by`` with the words, as a moderator reads it);
    ``edit_undated`` an edit whose ``edited`` is ``true``; ``approve`` a removal reverted.

    The logic is plain (``answer``), served on a ``NetServer`` (``serve``) or, for real
    processes, on a thread (``thread_server``)."""

    def __init__(self, subreddit: str = "socialops", *, remaining: float = 600.0,
                 reset: float = 300.0) -> None:
        self.subreddit = subreddit
        self.posts: list[dict[str, Any]] = []  # newest first
        self.comments: list[dict[str, Any]] = []
        self.remaining, self.reset = remaining, reset
        self.used = 0
        # a request once the budget is spent is answered 429, as Reddit does; off by default,
        # the tests before it counted the headers only
        self.refuse_spent = False
        self.refused = 0  # requests answered 429 for the spent budget
        # what the token endpoint's own host (www.reddit.com) answers the token request with:
        # none of the OAuth client's budget (its requests are counted on oauth.reddit.com)
        self.token_headers: dict[str, str] = {}
        self.info_asked: list[list[str]] = []
        self._kept: dict[str, dict[str, Any]] = {}  # what ``remove`` blanked, for ``approve``
        self._post = real("subreddit_new_listing_100_after_cursor.json")["data"]["children"][0]
        self._comment = real("subreddit_comments_stream_page.json")["data"]["children"][0]
        self._n = 0

    def _next_id(self, base: int) -> str:
        self._n += 1
        n, out = base + self._n, ""
        while n:
            n, r = divmod(n, 36)
            out = "0123456789abcdefghijklmnopqrstuvwxyz"[r] + out
        return out

    def post(self, title: str, text: str = "", *, at: datetime) -> str:
        thing = copy.deepcopy(self._post)
        native = self._next_id(1_000_000_000)
        thing["data"].update(id=native, name=f"t3_{native}", title=title, selftext=text,
                             is_self=True, url=f"/r/{self.subreddit}/comments/{native}/x/",
                             subreddit=self.subreddit, created_utc=at.timestamp(),
                             created=at.timestamp(), edited=False, removed_by_category=None,
                             permalink=f"/r/{self.subreddit}/comments/{native}/x/")
        self.posts.insert(0, thing)
        return str(thing["data"]["name"])

    def comment(self, body: str, *, at: datetime, on: str | None = None) -> str:
        thing = copy.deepcopy(self._comment)
        native = self._next_id(30_000_000_000)
        link = on or (self.posts[-1]["data"]["name"] if self.posts else "t3_1")
        thing["data"].update(id=native, name=f"t1_{native}", body=body, link_id=link,
                             parent_id=link, subreddit=self.subreddit,
                             created_utc=at.timestamp(), created=at.timestamp(), edited=False)
        thing["data"].pop("permalink", None)
        self.comments.insert(0, thing)
        return str(thing["data"]["name"])

    def thing(self, name: str) -> dict[str, Any]:
        return next(t for t in (*self.posts, *self.comments) if t["data"]["name"] == name)

    def edit(self, name: str, text: str, *, at: datetime) -> None:
        data = self.thing(name)["data"]
        data["body" if name.startswith("t1_") else "selftext"] = text
        data["edited"] = at.timestamp()

    def delete(self, name: str) -> None:
        data = self.thing(name)["data"]
        data.update(author="[deleted]", author_fullname=None)
        if name.startswith("t1_"):
            data["body"] = "[deleted]"
        else:
            data.update(selftext="[deleted]", removed_by_category="deleted")

    def remove(self, name: str, category: str = "moderator", *,
               as_moderator: bool = False) -> None:
        """Taken down by a moderator (``moderator``), a subreddit's filters
        (``automod_filtered``) or Reddit (``reddit``, its spam filter; ``anti_evil_ops``,
        ``copyright_takedown``). Everyone else reads a post's ``selftext`` ``[removed]`` (the
        title stays) and a comment's ``body`` ``[removed]`` (``[ Removed by Reddit ]`` when
        Reddit's admins took it), and a post's ``removed_by_category``; an account that
        moderates the subreddit (``as_moderator``) still reads the words, with ``banned_by``
        naming who removed it (``true`` for Reddit's spam filter). Reddit blanks a removed
        comment's author with its words (reddit-archive/reddit, r2/r2/models/link.py,
        ``Comment.add_props``: ``item.author = DeletedUser()``)."""
        data = self.thing(name)["data"]
        self._kept[name] = {k: data.get(k) for k in ("body", "selftext", "author",
                                                      "author_fullname")}
        by: str | bool = "acme_mod" if category in ("moderator", "automod_filtered") else True
        if as_moderator:
            data.update(banned_by=by, removed=True)
        elif name.startswith("t1_"):
            data.update(body=("[ Removed by Reddit ]" if category == "anti_evil_ops"
                              else "[removed]"), author="[deleted]", author_fullname=None)
        else:
            data["selftext"] = "[removed]"
        if name.startswith("t3_"):
            data["removed_by_category"] = category

    def approve(self, name: str, *, at: datetime, as_moderator: bool = False) -> None:
        """A thing ``remove`` took down, approved again by a moderator ("Approving a comment
        or submission reverts a removal ... and sets the approved_by attribute": praw,
        CommentModeration.approve): its words and author back, ``removed_by_category`` and
        ``banned_by`` null; ``approved_by`` and ``approved_at_utc`` as a moderator reads them.
        Reddit lists an approved post again at the front of ``/new`` (r/changelog,
        2012-04-18, "Approved links move to the top of the new listing")."""
        thing = self.thing(name)
        data = thing["data"]
        data.update({k: v for k, v in self._kept.pop(name).items() if k in data})
        data.update(banned_by=None, removed=False)
        if name.startswith("t3_"):
            data["removed_by_category"] = None
            self.posts.remove(thing)
            self.posts.insert(0, thing)
        if as_moderator:
            data.update(approved_by="acme_mod", approved_at_utc=at.timestamp(), approved=True)

    def approved_at(self, name: str) -> datetime:
        """When ``approve`` approved ``name`` again, as its ``approved_at_utc`` says."""
        return datetime.fromtimestamp(self.thing(name)["data"]["approved_at_utc"], UTC)

    def edit_undated(self, name: str, text: str) -> None:
        """An edit of a thing whose ``edited`` is ``true``, not a date ("some old edited
        comments" carry it: reddit-archive/reddit wiki, JSON)."""
        data = self.thing(name)["data"]
        data["body" if name.startswith("t1_") else "selftext"] = text
        data["edited"] = True

    def _listing(self, things: list[dict[str, Any]], query: Mapping[str, str]) -> Any:
        limit = max(1, min(100, int(query.get("limit") or 25)))
        names = [t["data"]["name"] for t in things]
        if before := query.get("before"):
            idx = names.index(before) if before in names else 0
            page = things[max(0, idx - limit):idx]
        elif after := query.get("after"):
            idx = names.index(after) + 1 if after in names else len(names)
            page = things[idx:idx + limit]
        else:
            page = things[:limit]
        more = bool(page) and page[-1] is not things[-1]
        return {"kind": "Listing", "data": {
            "after": page[-1]["data"]["name"] if more else None, "before": None,
            "dist": len(page), "children": copy.deepcopy(page)}}

    def spend(self) -> tuple[int, dict[str, str]]:
        """One request of the OAuth client: 200 and the budget's headers, or 429 (nothing
        done) when an earlier request spent its last one (``refuse_spent``)."""
        if self.refuse_spent and self.remaining < 1:
            self.refused += 1
            return 429, {"x-ratelimit-used": str(self.used), "x-ratelimit-remaining": "0.0",
                         "x-ratelimit-reset": str(int(self.reset))}
        self.used += 1
        self.remaining = max(0.0, self.remaining - 1)
        return 200, {"x-ratelimit-used": str(self.used),
                     "x-ratelimit-remaining": f"{self.remaining:.1f}",
                     "x-ratelimit-reset": str(int(self.reset))}

    def answer(self, method: str, path: str, query: Mapping[str, str]
               ) -> tuple[int, dict[str, str], Any]:
        """The status, headers and JSON body Reddit gives ``method path?query``."""
        if method == "POST" and path == TOKEN:
            return 200, self.token_headers, {"access_token": "tok", "token_type": "bearer",
                             "expires_in": 3600, "scope": "*"}
        status, headers = self.spend()
        if status == 429:
            return 429, headers, {"message": "Too Many Requests", "error": 429}
        if method == "GET" and path == f"/r/{self.subreddit}/new":
            return 200, headers, self._listing(self.posts, query)
        if method == "GET" and path == f"/r/{self.subreddit}/comments":
            return 200, headers, self._listing(self.comments, query)
        if method == "GET" and path == "/api/info":
            asked = [n for n in (query.get("id") or "").split(",") if n]
            self.info_asked.append(asked)
            held = {t["data"]["name"]: t for t in (*self.posts, *self.comments)}
            found = [] if len(asked) > INFO_LIMIT else [held[n] for n in asked if n in held]
            return 200, headers, {"kind": "Listing", "data": {
                "after": None, "before": None, "dist": len(found),
                "children": copy.deepcopy(found)}}
        return 404, headers, {"message": "Not Found", "error": 404}

    def serve(self, net: NetServer) -> None:
        """Every route of ``answer`` on ``net`` (its faults are served first)."""
        async def handle(request: web.Request) -> web.Response:
            status, headers, body = self.answer(request.method, request.path,
                                                dict(request.query))
            return web.json_response(body, status=status, headers=headers)

        net.handler("POST", TOKEN, handle)
        for path in (f"/r/{self.subreddit}/new", f"/r/{self.subreddit}/comments",
                     "/api/info"):
            net.handler("GET", path, handle)

    def thread_server(self) -> tuple[ThreadingHTTPServer, str]:
        """``answer`` on a loopback HTTP server on its own thread (for real processes, whose
        test does not run an event loop); the server and its base URL. ``lock`` guards the
        things between the test and the server."""
        reads = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, method: str) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                with reads.lock:
                    status, headers, body = reads.answer(
                        method, url.path, {k: v[0] for k, v in parse_qs(url.query).items()})
                raw = json.dumps(body).encode()
                self.send_response(status)
                for key, value in {**headers, "Content-Type": "application/json; charset=UTF-8",
                                   "Content-Length": str(len(raw))}.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                self._answer("GET")

            def do_POST(self) -> None:
                self._answer("POST")

            def log_message(self, *args: object) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server, f"http://127.0.0.1:{server.server_address[1]}"

    lock = threading.Lock()
