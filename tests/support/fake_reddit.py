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

``fail_after_landing`` makes the next posts land and then answer 500, hang or answer garbage.
Every comment is kept in ``comments`` (newest first), stamped ``created_utc`` (epoch seconds,
as Reddit's things are) by ``clock``; ``add`` puts one there as if made at a given time. The
listing takes no time bound (Reddit's has none).
"""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import web

from tests.support.netserver import NetServer

REDDIT = Path(__file__).parents[1] / "fixtures" / "real" / "reddit"
TOKEN = "/api/v1/access_token"
MAX_COMMENT = 10_000  # POST_comment's VMarkdownLength max_length (module docstring)


def real(name: str) -> Any:
    return json.loads((REDDIT / name).read_text(encoding="utf-8"))


class Reddit:
    def __init__(self, net: NetServer | None = None, *, username: str = "botuser",
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.clock = clock
        self.comments: list[dict[str, Any]] = []  # newest first
        self.fail_after_landing: list[str] = []
        self._template = real("editusertext_response.json")["json"]["data"]["things"][0]
        if net is not None:
            net.json("POST", TOKEN, {"access_token": "tok", "token_type": "bearer",
                                     "expires_in": 3600, "scope": "*"})
            net.handler("POST", "/api/comment", self.comment)
            net.handler("GET", f"/user/{username}/comments", self.mine)

    async def comment(self, request: web.Request) -> web.Response:
        form = await request.post()
        if len(str(form["text"])) > MAX_COMMENT:
            return web.json_response({"json": {"errors": [
                ["TOO_LONG", f"this is too long (max: {MAX_COMMENT})", "text"]]}})
        thing = self.add(str(form["text"]), parent=str(form["thing_id"]))
        if self.fail_after_landing:
            kind = self.fail_after_landing.pop(0)
            if kind == "hang":
                await asyncio.sleep(1.5)
            if kind == "garbled":
                return web.Response(status=200, text="<html>cdn error</html>",
                                    content_type="text/html")
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
