"""A Mastodon reply whose try failed before its status was POSTed posted nothing, and is
recorded so (an X and Mastodon integration review, 2026-12-07).

Before the POST, the publisher reads the post it answers (``GET /api/v1/statuses/:id``: its
visibility, so a reply to a direct message stays direct, and its content warning, which the
reply keeps). That read answering 503, or timing out, was taken for a failure of the post
itself: the try was recorded ``publish unconfirmed`` ("may have posted"), the next try looked
for a post first (and the first try's line said it would, "looking first for the post"), and
the fifth gave up saying "any of them may have posted it: look at the account's posts", of a
reply no try sent. Only the address look-up of a post on another server was recorded
``publish not sent``. Now any step before the POST failing so is: counted towards the five
tries, no attempt, no look, given up saying nothing was posted; a try after one that may have
posted still looks first and says so. The approvals handler on a real SQLite store, its
publisher talking to a local Mastodon server (tests/support/fake_mastodon.py). Each test but
the guard failed before the fix."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from aiohttp import web

from bot.core.ports import Store
from handlers.approvals import ApprovalService
from handlers.cards import UNCONFIRMED, UNSENT
from tests.conftest import FakeClock
from tests.handlers.test_review_masto_reply_resolved import (
    Dying,
    client,
    every_try,
    publisher,
    read_by_a,
    service,
)
from tests.support.fake_mastodon import ACCOUNT_ID, FakeMastodon
from tests.support.netserver import NetServer

__all__ = ["client"]  # the fixture, as that module gives it
TEXT = "@kasia@other.example Sorry, on it"
PARENT = "/api/v1/statuses/42"


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


def parent_unreadable(server: FakeMastodon, how: str) -> None:
    """The server answers the read of the post the reply answers with a 503, or too late."""
    async def down(request: web.Request) -> web.Response:
        if how == "timeout":
            await asyncio.sleep(3)  # the publisher's timeout is 2 s
        return web.json_response({"error": "Service Unavailable"}, status=503)
    server.net.handler("GET", PARENT, down)


async def drafted_and_approved(approvals: ApprovalService) -> tuple[str, str]:
    draft, reply = await approvals.draft(text=TEXT, network="mastodon", account="masto-a",
                                         author="alice", reply_to="mastodon:42")
    assert draft is not None, reply.text
    answer = await approvals.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])
    return draft.id, answer.text


@pytest.mark.parametrize("how", ["503", "timeout"])
async def test_the_post_read_failing_on_every_try_is_given_up_saying_nothing_was_posted(
        store: Store, clock: FakeClock, client: httpx.AsyncClient, how: str) -> None:
    async with NetServer() as net:
        a = FakeMastodon(net, clock=clock)
        parent_unreadable(a, how)
        await read_by_a(store, clock, url=None)
        approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock)})
        draft_id, answer = await drafted_and_approved(approvals)
        waiting = await store.get_approval(draft_id)
        assert waiting is not None and waiting.status == "approved", waiting
        assert answer.endswith("(try 1 of 5)") and "looking first" not in answer, answer
        assert "nothing was posted yet" in answer, answer
        assert [e.action for e in waiting.history][-1] == UNSENT, waiting.history
        await every_try(store, clock, approvals)
        final = await store.get_approval(draft_id)
        assert final is not None and final.status == "failed" and final.error, final
        assert "\n" not in final.error and "may have posted" not in final.error, final.error
        assert final.error.endswith(
            "; given up after 5 tries, none of which got as far as posting it: nothing was "
            "posted; draft it again once masto-a's server answers"), final.error
        assert UNCONFIRMED not in [e.action for e in final.history]
        assert a.statuses == []
        assert net.requests_to(f"/api/v1/accounts/{ACCOUNT_ID}/statuses") == []  # no look
        assert len(net.requests_to(PARENT)) == 5


async def test_the_post_read_failing_after_a_crash_that_posted_still_looks_and_says_so(
        store: Store, clock: FakeClock, client: httpx.AsyncClient) -> None:
    """The first try posted and died before recording it; then the read fails on every try.
    An earlier try may have posted: given up saying so, each try looking first, and no line
    saying "nothing was posted yet" of it."""
    async with NetServer() as net:
        a = FakeMastodon(net, clock=clock)
        a.add_status({"id": "42", "url": f"{net.base}/@kasia/42", "visibility": "public",
                      "content": "<p>where is it</p>", "spoiler_text": "",
                      "account": {"id": "9", "acct": "kasia@other.example"}})
        await read_by_a(store, clock, url=None)
        first = service(store, clock, {
            "masto-a": Dying(publisher("masto-a", a, client, clock), posts=True)})
        with pytest.raises(asyncio.CancelledError):
            await drafted_and_approved(first)
        parent_unreadable(a, "503")
        second = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock)})
        await every_try(store, clock, second)
        [draft] = await store.list_approvals()
        assert len(a.statuses) == 1
        assert draft.status == "failed" and draft.error is not None, draft
        assert "any of them may have posted it" in draft.error, draft.error
        # not "nothing was posted yet" before it: that try's own words, an earlier one's post
        assert "nothing was posted" not in draft.error, draft.error
        assert "this try posted nothing (an earlier one may have)" in draft.error, draft.error


async def test_the_post_read_refused_after_a_crash_that_posted_is_not_said_unposted(
        store: Store, clock: FakeClock, client: httpx.AsyncClient) -> None:
    """The first try posted and died before recording it; the token is then refused on the
    read of the post (401, before the look). That failed at once saying "nothing was posted:
    make a new access token ..., then draft it again": drafted again, the reply went out twice.
    An earlier try may have posted: unconfirmed, said so with what the token needs, and given
    up saying any try may have posted it (failed before)."""
    async with NetServer() as net:
        a = FakeMastodon(net, clock=clock)
        a.add_status({"id": "42", "url": f"{net.base}/@kasia/42", "visibility": "public",
                      "content": "<p>where is it</p>", "spoiler_text": "",
                      "account": {"id": "9", "acct": "kasia@other.example"}})
        await read_by_a(store, clock, url=None)
        first = service(store, clock, {
            "masto-a": Dying(publisher("masto-a", a, client, clock), posts=True)})
        with pytest.raises(asyncio.CancelledError):
            await drafted_and_approved(first)

        async def refused(request: web.Request) -> web.Response:
            return web.json_response({"error": "The access token is invalid"}, status=401)
        net.handler("GET", PARENT, refused)
        second = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock)})
        await every_try(store, clock, second)
        [draft] = await store.list_approvals()
        assert len(a.statuses) == 1
        assert draft.status == "failed" and draft.error is not None, draft
        assert "\n" not in draft.error
        assert "nothing was posted" not in draft.error, draft.error
        assert "make a new access token" in draft.error, draft.error
        assert "any of them may have posted it" in draft.error, draft.error
