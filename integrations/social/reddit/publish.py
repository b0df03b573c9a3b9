"""The Reddit publisher: an approved reply goes out as a comment (``POST /api/comment`` with
``thing_id`` = the parent's fullname, ``text``, ``api_type=json``).

Reddit has no idempotency key, so a retry could post twice. After an ambiguous failure (a
timeout, a transport error, a 5xx, a 200 of no shape ``_read_answer`` knows: the comment may or may
not exist; a 4xx says Reddit refused it, ``Refused``: nothing was posted) the publisher reads
the account's newest comments
(``/user/<name>/comments?sort=new``, paging back with ``after`` past what the account posted
since) and looks for one with the same parent and the same text;
if it is there, that comment is the result and nothing is posted again. A publish whose key is
still marked ambiguous does the same check before posting. Only a comment made since the
publish was first attempted (less ``CLOCK_SKEW``, by its ``created_utc``) counts: the same
thank-you posted in the thread last week is not this one (the listing takes no time bound, so
the check is ours alone, and paging stops at the first older comment).
``/api/info?id=<parent>`` cannot answer this (it describes the parent, not its replies).

Posting needs a user: a script app (``username`` and ``password``). Reddit's ``json.errors``
envelope becomes PublishError with Reddit's words, except ``RATELIMIT``, which becomes
RateLimited with the wait Reddit names ("try again in 5 minutes"), one of its unit more: Reddit
rounds the time left down (reddit-archive/reddit r2/r2/lib/utils/utils.py, ``timetext``).

A comment is at most 10,000 characters: ``POST_comment`` validates its text with
``VMarkdownLength(['text', 'comment'], max_length=10000)``, whose ``VLength`` refuses
``len(text) > max_length`` with ``TOO_LONG`` (reddit-archive/reddit r2/r2/controllers/api.py and
validator/validator.py). ``len`` of a Python unicode string counts code points: an emoji ZWJ
family is as many as it has code points, not one. ``limit_problem`` says so when a draft is
written (``NETWORK.limit``), and the publisher refuses such a text before sending it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.core.errors import (
    MalformedPayload,
    PublishError,
    PublishNotSent,
    PublishUncertain,
    RateLimited,
    SourceAuthError,
    SourceError,
)
from bot.core.networks import DELETED, gone_how
from bot.core.ports import Clock, PublishResult
from bot.core.text import one_line
from integrations.social.common.publish import (
    LookBeforeRetry,
    LookFailed,
    Poster,
    PublishMemo,
    Whoami,
    is_ours,
)
from integrations.social.common.said import Logged
from integrations.social.reddit.api import RedditApi, Refused
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.parse import (
    left_by_reddit,
    parse_envelope,
    parse_listing,
    removed,
    site_address,
    taken_down_by,
    thread_address,
)

log = logging.getLogger(__name__)

MAX_COMMENT = 10_000  # code points (the module docstring)
PAGE = 100  # Reddit's largest listing page
LOOK_PAGES = 5  # the look before a retry reads our newest 500 comments at most
# "try again in 7 minutes", "Take a break for 528 milliseconds before trying again" (Reddit
# names waits "anywhere from milliseconds to minutes": PRAW's docs, Ratelimits)
_WAIT = re.compile(r"(?<!\d)(\d++)\s*+(millisecond|second|minute|hour)", re.I)  # linear
_UNITS = {"millisecond": 0.001, "second": 1.0, "minute": 60.0, "hour": 3600.0}
# Reddit's refusals of a reply whose reason is the thing replied to, not the text: what the
# approver is told to do ({what}: "post" or "comment"; r2/r2/lib/errors.py names them)
_REFUSED = {
    "THREAD_LOCKED": ("its thread is locked", "a moderator of the subreddit must unlock it, "
                      "or answer the customer another way (a message, a new post)"),
    "TOO_OLD": ("its thread is archived (too old to reply to)", "Reddit takes no reply there "
                "any more: answer the customer another way (a message, a new post)"),
    "DELETED_LINK": ("the post was deleted by its author", "draft a reply elsewhere if it is "
                     "still due"),
    "DELETED_COMMENT": ("the comment was deleted by its author", "draft a reply elsewhere if "
                        "it is still due"),
    "SUBREDDIT_NOTALLOWED": ("the account may not post in its subreddit (banned there, or the "
                             "subreddit takes posts from its approved users only)",
                             "a moderator of the subreddit must unban the account or make it "
                             "an approved user, or answer the customer another way"),
}


class _TokenFailed(SourceError):
    """The token request before the comment failed (a timeout, a 5xx): no comment was sent."""


def limit_problem(text: str) -> str | None:
    """Why ``text`` cannot be a Reddit comment (longer than Reddit takes), in one line, or None."""
    count = len(text)
    if count <= MAX_COMMENT:
        return None
    return (f"Reddit comments are at most {MAX_COMMENT:,} characters (each code point counts: "
            f"an emoji sequence may be several); this one has {count:,} "
            f"({count - MAX_COMMENT:,} over)")


def _same_text(a: str, b: str) -> bool:
    # reddit trims the body and stores \n line ends
    return a.replace("\r\n", "\n").strip() == b.replace("\r\n", "\n").strip()


class RedditPublisher:
    network = "reddit"

    def __init__(self, config: RedditSourceConfig, *, client: httpx.AsyncClient, clock: Clock,
                 web_url: str | None = None, api: RedditApi | None = None) -> None:
        self.config = config
        self.api = api or RedditApi(config, client=client, clock=clock)
        self.web_url = web_url or config.web_url  # an argument: tests' local site
        self._guard = LookBeforeRetry(clock)  # Reddit has no idempotency key
        self._done = PublishMemo()
        # a field of an answer refused (a permalink off the site): said, no poll's to count
        self._said = Logged(log, f"reddit publisher {config.id}")
        self._who = Whoami(self._whoami, who=f"reddit publisher {config.id}")

    async def posted_as(self) -> str | None:
        """Who the script app's username and password post as (``SignedPublisher``): the
        account's name (``GET /api/v1/me``, asked once it answers), recorded with each
        publishing claim before its comment. The look before a retry reads one account's
        comments: an operator who swapped the credentials for another account's between an
        attempt's comment and its retry had the retry find nothing there and comment again,
        from the other account (``earlier_posters``). None when Reddit does not say."""
        return await self._who.posted_as()

    async def _whoami(self) -> Poster:
        payload = await self.api.call("GET", "/api/v1/me")
        name = payload.get("name") if isinstance(payload, Mapping) else None
        # Reddit's usernames: 3 to 20 letters, digits, _ and -
        if not isinstance(name, str) or not re.fullmatch(r"[\w-]{1,50}", name, re.ASCII):
            raise MalformedPayload(f"reddit: /api/v1/me answered no account name: "
                                   f"{one_line(str(payload), 120)}")
        return Poster(name, name=f"u/{name}")

    def _result(self, data: Mapping[str, Any]) -> PublishResult:
        name = data.get("name") if isinstance(data.get("name"), str) else f"t1_{data.get('id')}"
        # the parser's check: "https://evil.example/x" was joined as
        # https://www.reddit.com/https://evil.example/x, our reply's address shown in chat
        url = site_address(data, "permalink", self.web_url, post=f"reddit:{name}",
                           said=self._said)
        if url is None:  # the parser's check too: the answer's subreddit was joined as sent
            url = thread_address(data, data.get("id"), self.web_url)
        return PublishResult(id=str(name), url=url)

    async def _already_posted(self, text: str, parent: str, *,
                              since: datetime | None) -> PublishResult | None:
        await self._who.check(now="the username and password now post")
        params = {"sort": "new", "limit": str(PAGE)}
        for _ in range(LOOK_PAGES):  # the account may have commented a lot since the attempt
            payload = await self.api.call("GET", f"/user/{self.config.username}/comments",
                                          params=params)
            data = payload.get("data") if isinstance(payload, Mapping) else None
            children = data.get("children") if isinstance(data, Mapping) else None
            oldest: datetime | None = None
            for child in children if isinstance(children, list) else []:
                item = child.get("data") if isinstance(child, Mapping) else None
                if not isinstance(item, Mapping):
                    continue
                made = oldest = _created(item)
                if (item.get("parent_id") == parent and isinstance(item.get("body"), str)
                        and _same_text(item["body"], text)
                        and is_ours(made, since, what=f"reddit: comment {item.get('name')}")):
                    return self._result(item)
            if since is not None and oldest is not None and oldest < since:
                return None  # newest first: the rest is older still
            after = data.get("after") if isinstance(data, Mapping) else None
            if not isinstance(after, str) or not after:
                return None
            params["after"] = after
        if since is None:  # nobody knows when publishing began: as many as it reads
            return None
        # not back to the first attempt yet: ours may be further back, so 'not seen' is not
        # 'not posted' (posting again would make it twice); the try stays unconfirmed
        raise SourceError(f"reddit: the look for the comment read the account's newest "
                          f"{LOOK_PAGES * PAGE} comments without reaching the first attempt")

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        return await self._done.once(idempotency_key, lambda: self._publish(
            text, reply_to, idempotency_key, maybe_published, attempted_since))

    async def _publish(self, text: str, reply_to: str | None, idempotency_key: str,
                       maybe_published: bool, attempted_since: datetime | None,
                       ) -> PublishResult:
        if not reply_to:
            raise PublishError("reddit: only replies are published (a new post needs a "
                               "subreddit and a title)")
        if not (self.config.username and self.config.password):
            raise PublishError("reddit: publishing needs a script app (username and password)")
        parent = reply_to.removeprefix("reddit:")
        if not re.fullmatch(r"t[13]_[a-z0-9]+", parent):
            raise PublishError(f"reddit: cannot reply to {reply_to!r}: not a comment or post")
        if (problem := limit_problem(text)) is not None:  # drafted before the limit was known
            raise PublishError(f"reddit: {problem}")
        async def post() -> Any:
            if (gone := await self._gone(parent)) is not None:
                raise PublishError(gone)
            try:  # the token first: its request failing (a 503, a timeout) sent no comment
                await self.api.ready()
            except (RateLimited, SourceAuthError):
                raise
            except SourceError as exc:
                raise _TokenFailed(str(exc)) from exc
            return self._read_answer(await self.api.call("POST", "/api/comment", data={
                "thing_id": parent, "text": text, "api_type": "json"}), parent)

        # a timeout, a 5xx or a 200 of no known shape may still have posted: look before
        # anyone retries
        try:
            answer = await self._guard.send(
                idempotency_key, post=post,
                look=lambda since: self._already_posted(text, parent, since=since),
                certain=(RateLimited, SourceAuthError, Refused, _TokenFailed),
                maybe_published=maybe_published, attempted_since=attempted_since)
        except RateLimited:
            raise
        except _TokenFailed as exc:  # before POST /api/comment: this try posted nothing (it
            # was unconfirmed, looked for at every later try, given up as "may have posted")
            earlier = maybe_published or idempotency_key in self._guard.ambiguous
            raise PublishNotSent(
                f"reddit: publish failed before its comment was sent: {exc}; "
                + ("this try posted nothing (an earlier one may have)" if earlier
                   else "nothing was posted yet")) from exc
        except (SourceAuthError, Refused) as exc:  # final: Reddit took nothing (a 4xx was
            # looked for, tried four times more and given up as "may have posted" before)
            raise PublishError(f"reddit: publish failed: {exc}; nothing was posted") from exc
        except SourceError as exc:  # a timeout, a 5xx, and the look found none: the same key
            # again later, looking first. The look before the POST failing: this try sent
            # nothing (an earlier one may have, which is why it looked), so "publish not sent"
            failed = PublishNotSent if isinstance(exc, LookFailed) else PublishUncertain
            raise failed(f"reddit: publish failed: {exc}") from exc
        return answer

    async def _gone(self, parent: str) -> str | None:
        """Why a reply to ``parent`` would reach nobody, read from the thing as it is now
        (``/api/info``), in one line, or None. Reddit takes a comment on a post a moderator
        removed (only the subreddit's moderators see it) and, from a moderator, on a removed
        comment: the approval was marked published, its link shown, while nobody would read
        the answer; a thing its author deleted Reddit refuses in its own words only. A thing
        the answer does not hold (a private subreddit) or a read that fails tells nothing:
        Reddit's answer to the comment decides (a 429 waits, nothing posted)."""
        try:
            payload = await self.api.call("GET", "/api/info", params={"id": parent})
            things = parse_listing(payload).things
        except RateLimited:
            raise
        except (SourceError, ValueError) as exc:
            log.info("reddit publisher %s: cannot read %s before replying (%s); replying",
                     self.config.id, parent, exc)
            return None
        for thing in things:
            data = thing.get("data") if isinstance(thing, Mapping) else None
            if not isinstance(data, Mapping) or data.get("name") != parent:
                continue
            words = data.get("body" if parent.startswith("t1_") else "selftext")
            if not (removed(data) or (isinstance(words, str) and left_by_reddit(data, words))):
                return None
            how = gone_how("reddit", taken_down_by(data))
            what = "comment" if parent.startswith("t1_") else "post"
            return (f"reddit: the {what} to reply to ({parent}) was {how}; nothing was posted"
                    + (": draft a reply elsewhere if it is still due" if how == DELETED else
                       ": a reply there is read by nobody but the subreddit's moderators; if "
                       "a moderator approves it again, draft the reply again"))
        return None

    def _read_answer(self, payload: Any, parent: str) -> PublishResult:
        """The comment Reddit's answer names. Its ``json.errors`` (``[code, message, field]``)
        say nothing was posted: ``RateLimited`` for ``RATELIMIT``, else ``PublishError``. An
        answer of no other known shape (JSON without the ``json`` envelope, as Reddit answers
        a form without ``api_type=json``; the envelope without errors or a thing) says
        nothing of the comment: ``MalformedPayload``, so the publish looks for it before
        anyone posts again. Both were "nothing was posted", failed for good, while the
        comment may have been there (a review, 2026-12-07)."""
        body = payload.get("json") if isinstance(payload, Mapping) else None
        if not isinstance(body, Mapping):
            raise MalformedPayload(f"reddit: /api/comment answered no json envelope: "
                                   f"{one_line(str(payload), 120)}")
        errors = body.get("errors")
        if isinstance(errors, list):
            for error in errors:
                if isinstance(error, list) and error and error[0] == "RATELIMIT":
                    m = _WAIT.search(str(error[1]) if len(error) > 1 else "")
                    # Reddit names the time left rounded down to its unit ("9 minutes" of
                    # 9:59: r2 timetext's math.floor): one unit more is past it, so the try
                    # then is not refused again (it was, and put off a second time)
                    wait = (int(m.group(1)) + 1) * _UNITS[m.group(2).lower()] if m else 600.0
                    raise RateLimited(f"reddit: {error[1] if len(error) > 1 else 'RATELIMIT'}",
                                      retry_after=wait)
        try:
            things = parse_envelope(payload)
        except ValueError as exc:
            # Reddit's json.errors: nothing was posted; the approver is told so, and what to
            # do when the reason is the thing replied to (said as Reddit's words alone before)
            said = one_line(str(exc), 300)
            code = next((e[0] for e in errors or () if isinstance(e, list) and e
                         and e[0] in _REFUSED), None)
            if code is None:
                raise PublishError(f"{said}; nothing was posted") from exc
            why, todo = _REFUSED[code]
            raise PublishError(f"reddit: cannot reply to {parent}: {why} ({said}); nothing "
                               f"was posted: {todo}") from exc
        for thing in things:
            data = thing.get("data")
            if isinstance(data, Mapping) and isinstance(data.get("id"), str):
                return self._result(data)
        raise MalformedPayload(f"reddit: /api/comment answered no comment: "
                               f"{one_line(str(payload), 120)}")


def _created(item: Mapping[str, Any]) -> datetime | None:
    """A thing's ``created_utc`` (epoch seconds), or None when it has none that reads."""
    value = item.get("created_utc")
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        return datetime.fromtimestamp(float(value), tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
