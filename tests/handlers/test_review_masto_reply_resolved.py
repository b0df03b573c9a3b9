"""A reply drafted from a Mastodon account on another server than the one whose source read the
post: a status id is its server's own, so the draft keeps the post's address (its trace's
``url``) and the account's server resolves it to its own id when the reply publishes, as
Mastodon clients open a post of another server (``GET /api/v2/search?q=<url>&resolve=true&
type=statuses``: docs.joinmastodon.org/methods/search, "resolve: Attempt WebFinger lookup?
Requires a user token"; the status comes back under the server's own id, which
``in_reply_to_id`` takes). Before, such a draft was refused in one line whatever was known of
the post. A post whose address is not known (its trace without one), and a draft stored
without one by a release before, is refused in that line still.

The cases the server may answer: the post (replied to under its id there), nothing (resolve
found nothing: the post deleted, its server unreachable from there, or a server that ignores
``resolve`` and searches its own text: a post that links the address is not the post),
a refusal of the token (401: invalid; 403: without ``read:search``), a 429 (tried again after
it, posted once). A process dying between the resolve and the post, or after the post, leaves
it to the next try, which resolves again (the same id) and looks before posting: posted once.
The approvals handler on a real SQLite store, its publishers talking to two local Mastodon
servers (tests/support/fake_mastodon.py)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web

from bot.core.config import ApprovalsConfig, PersonConfig
from bot.core.models import Approval, Author, Decision, Mention
from bot.core.ports import DueTimer, PublishResult, Store
from bot.engine.effects import Applier, Effects
from bot.engine.pipeline import trace
from handlers.approvals import ApprovalService, content_hash
from handlers.audit import Audit
from handlers.identity import Directory
from integrations.social.mastodon.config import MastodonSourceConfig
from integrations.social.mastodon.source import MastodonPublisher
from tests.conftest import FakeClock
from tests.support.fake_mastodon import ACCOUNT_ID, FakeMastodon
from tests.support.netserver import NetServer

URL = "https://other.example/@kasia/113000000000000042"
TEXT = "@kasia@other.example Sorry, on it"
ON_B = "777000000000000001"  # the post's id on server b, which resolving it there gives


@pytest.fixture
def store(sqlite_store: Store) -> Store:
    return sqlite_store


@pytest.fixture
async def servers(clock: FakeClock) -> AsyncIterator[tuple[FakeMastodon, FakeMastodon]]:
    async with NetServer() as a, NetServer() as b:
        yield FakeMastodon(a, clock=clock), FakeMastodon(b, clock=clock, idempotency=False)


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as c:
        yield c


def remote_status() -> dict[str, Any]:
    """The post as server b has it once fetched: under its own id, addressed on its server."""
    return {"id": ON_B, "url": URL, "uri": "https://other.example/users/kasia/statuses/"
            "113000000000000042", "visibility": "public", "spoiler_text": "",
            "created_at": "2026-12-07T08:00:00.000Z", "content": "<p>where is it</p>",
            "account": {"id": "5", "username": "kasia", "acct": "kasia@other.example",
                        "url": "https://other.example/@kasia"}}


def publisher(name: str, server: FakeMastodon, client: httpx.AsyncClient,
              clock: FakeClock, token: str = "tok") -> MastodonPublisher:
    return MastodonPublisher(MastodonSourceConfig(
        id=name, type="mastodon", base_url=server.net.base, token=token, timeout=2),
        client=client, clock=clock)


async def read_by_a(store: Store, clock: FakeClock, *, url: str | None = URL) -> None:
    """The post, as source masto-a read it from server a (id 42 there)."""
    fx = Effects()
    fx.traces.append((trace(Mention(
        id="mastodon:42", network="mastodon", source="masto-a", text="where is it", url=url,
        author=Author(id="9", handle="kasia@other.example"), created_at=clock()), clock(),
        "unrouted"), 86400))
    assert await store.apply(fx)


def service(store: Store, clock: FakeClock, publishers: dict[str, Any]) -> ApprovalService:
    return ApprovalService(
        store, Applier(store), clock=clock, audit=Audit(clock=clock),
        directory=Directory([PersonConfig(id="alice"),
                             PersonConfig(id="dave", role="approver")]),
        config=ApprovalsConfig(expire_hours=24), channels={}, zones={},
        publishers=publishers)


async def drafted_and_approved(approvals: ApprovalService) -> tuple[Approval, Any]:
    draft, reply = await approvals.draft(text=TEXT, network="mastodon", account="masto-b",
                                         author="alice", reply_to="mastodon:42")
    assert draft is not None, reply.text
    return draft, await approvals.approve(draft.id, "dave", shown_hash=draft.content_hash[:16])


async def test_a_reply_from_another_server_answers_the_post_as_that_server_has_it(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient) -> None:
    a, b = servers
    b.add_remote(URL, remote_status())
    await read_by_a(store, clock)
    approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                       "masto-b": publisher("masto-b", b, client, clock)})
    draft, answer = await drafted_and_approved(approvals)
    assert draft.reply_url == URL
    assert answer.ok, answer.text
    final = await store.get_approval(draft.id)
    assert final is not None and final.status == "published", final
    [posted] = b.statuses
    assert posted["in_reply_to_id"] == ON_B  # b's id for the post, never a's 42
    assert a.statuses == []
    [asked] = b.net.requests_to("/api/v2/search")
    assert (asked.q("q"), asked.q("resolve"), asked.q("type")) == (URL, "true", "statuses")
    assert asked.headers.get("Authorization") == "Bearer tok"


@pytest.mark.parametrize("ignores_resolve", [False, True],
                         ids=["nothing-found", "server-ignores-resolve"])
async def test_a_post_the_server_cannot_resolve_fails_in_one_line_posting_nothing(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient, ignores_resolve: bool) -> None:
    a, b = servers
    # a post of b linking the address: what a full-text search of it finds
    b.add_status({"id": "5", "url": f"{b.net.base}/@bob/5", "visibility": "public",
                  "content": f"<p>look: {URL}</p>", "account": {"id": "8", "acct": "bob"}})
    if ignores_resolve:  # searches its own statuses' text, resolving nothing
        async def text_only(request: web.Request) -> web.Response:
            q = request.query.get("q", "")
            found = [s for s, _ in b.local.values() if q in str(s["content"])]
            return web.json_response({"accounts": [], "statuses": found, "hashtags": []})
        b.net.handler("GET", "/api/v2/search", text_only)
    await read_by_a(store, clock)
    approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                       "masto-b": publisher("masto-b", b, client, clock)})
    draft, _ = await drafted_and_approved(approvals)
    final = await store.get_approval(draft.id)
    assert final is not None and final.status == "failed", final
    host = b.net.base.split("://", 1)[1]
    assert final.error == (
        f"mastodon masto-b: {host} found no post at {URL} (GET /api/v2/search with "
        "resolve=true): it was deleted, or its server does not answer that one; nothing was "
        "posted: reply from an account on the server that read it"), final.error
    assert b.statuses == [] and a.statuses == []


@pytest.mark.parametrize(("status", "said"), [
    (401, "The access token is invalid"),
    (403, "This action is outside the authorized scopes")])
async def test_a_server_refusing_the_resolve_names_the_token_and_its_scope(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient, status: int, said: str) -> None:
    a, b = servers
    b.add_remote(URL, remote_status())

    async def refused(request: web.Request) -> web.Response:
        return web.json_response({"error": said}, status=status)

    b.net.handler("GET", "/api/v2/search", refused)
    await read_by_a(store, clock)
    approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                       "masto-b": publisher("masto-b", b, client, clock)})
    draft, _ = await drafted_and_approved(approvals)
    final = await store.get_approval(draft.id)
    assert final is not None and final.status == "failed", final
    assert final.error is not None and "\n" not in final.error
    assert final.error.startswith(
        f"mastodon masto-b: GET /api/v2/search refused the token ({status}) {said}; nothing "
        "was posted: resolving another server's post needs a token with read:search"), \
        final.error
    assert b.statuses == []


async def test_a_rate_limited_resolve_is_tried_again_after_it_and_posted_once(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient) -> None:
    a, b = servers
    b.add_remote(URL, remote_status())
    real = b.net._routes[("GET", "/api/v2/search")]
    reset = clock() + timedelta(minutes=3)

    async def limited(request: web.Request) -> web.Response:
        if clock() < reset:  # as Mastodon answers: no Retry-After, the reset header
            return web.json_response({"error": "Too many requests"}, status=429, headers={
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.000Z")})
        return await real(request)  # type: ignore[operator]

    b.net.handler("GET", "/api/v2/search", limited)
    await read_by_a(store, clock)
    approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                       "masto-b": publisher("masto-b", b, client, clock)})
    draft, _ = await drafted_and_approved(approvals)
    waiting = await store.get_approval(draft.id)
    assert waiting is not None and waiting.status == "approved", waiting
    assert waiting.next_try_at is not None and waiting.next_try_at >= reset
    assert b.statuses == []
    clock.advance(minutes=4)
    for timer in await store.take_due(clock(), lease_seconds=60):
        if timer.id.startswith("publish"):
            await approvals.publish_due(timer)
    final = await store.get_approval(draft.id)
    assert final is not None and final.status == "published", final
    [posted] = b.statuses
    assert posted["in_reply_to_id"] == ON_B


class Dying:
    """The first process's account on server b: it resolves, posts (or not), then the process
    dies before anything is recorded."""

    def __init__(self, real: MastodonPublisher, *, posts: bool) -> None:
        self.real, self.posts = real, posts
        self.network, self.home, self.server = real.network, real.home, real.server

    async def own_handle(self) -> str | None:
        return await self.real.own_handle()

    async def resolve(self, url: str) -> str:
        return await self.real.resolve(url)

    async def publish(self, text: str, *, reply_to: str | None, idempotency_key: str,
                      maybe_published: bool = False,
                      attempted_since: datetime | None = None) -> PublishResult:
        if self.posts:
            await self.real.publish(text, reply_to=reply_to, idempotency_key=idempotency_key)
        raise asyncio.CancelledError


@pytest.mark.parametrize("posted_before_dying", [False, True],
                         ids=["died-after-resolving", "died-after-posting"])
async def test_a_crash_between_resolve_and_record_publishes_once(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient, posted_before_dying: bool) -> None:
    a, b = servers  # b ignores Idempotency-Key: only the look keeps it once
    b.add_remote(URL, remote_status())
    await read_by_a(store, clock)
    first = service(store, clock, {
        "masto-a": publisher("masto-a", a, client, clock),
        "masto-b": Dying(publisher("masto-b", b, client, clock), posts=posted_before_dying)})
    with pytest.raises(asyncio.CancelledError):
        await drafted_and_approved(first)
    assert len(b.statuses) == (1 if posted_before_dying else 0)
    clock.advance(minutes=5)  # past the lease: another process takes it over
    second = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                    "masto-b": publisher("masto-b", b, client, clock)})
    timers: list[DueTimer] = [t for t in await store.take_due(clock(), lease_seconds=60)
                              if t.id.startswith("publish")]
    for timer in timers:
        await second.publish_due(timer)
    [draft] = await store.list_approvals()
    assert draft.status == "published", draft
    [posted] = b.statuses
    assert posted["in_reply_to_id"] == ON_B and draft.published_id == posted["id"]


async def test_a_post_without_a_known_address_and_a_draft_stored_before_are_refused(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient) -> None:
    a, b = servers
    await read_by_a(store, clock, url=None)
    approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                       "masto-b": publisher("masto-b", b, client, clock)})
    host = lambda f: f.net.base.split("://", 1)[1]  # noqa: E731
    line = (f"mastodon:42 was read by masto-a on {host(a)}, and masto-b posts on {host(b)}: "
            "a Mastodon status id is its server's own, so the reply would answer another "
            "post there, or none; draft it from masto-a, or from another account on "
            f"{host(a)}")
    draft, reply = await approvals.draft(text=TEXT, network="mastodon", account="masto-b",
                                         author="alice", reply_to="mastodon:42")
    assert draft is None and reply.text == f"{line} (nothing was drafted)"
    # a draft a release before stored (no address kept), approved now: refused, not posted
    fx = Effects()
    fx.create(Approval(id="A-9", text=TEXT, network="mastodon", account="masto-b",
                       reply_to="mastodon:42", author="alice", content_hash=content_hash(TEXT),
                       created_at=clock()))
    assert await store.apply(fx)
    await approvals.approve("A-9", "dave", shown_hash=content_hash(TEXT)[:16])
    final = await store.get_approval("A-9")
    assert final is not None and final.status == "failed", final
    assert final.error == f"{line} (nothing was posted)"
    assert b.statuses == []


async def test_a_post_gone_after_a_crash_that_posted_its_reply_is_not_said_unposted(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient) -> None:
    """The first try resolved the post, posted the reply and died before recording it; the
    post was then deleted, so the next try's resolve finds nothing. It was recorded failed,
    "nothing was posted: reply from an account on the server that read it", while the reply
    was out: someone drafting it again from that server answered twice (a chaos review,
    2026-12-07; failed before). An earlier try may have posted it: unconfirmed, tried again,
    and given up saying so, as any try that may have posted."""
    a, b = servers
    b.add_remote(URL, remote_status())
    await read_by_a(store, clock)
    first = service(store, clock, {
        "masto-a": publisher("masto-a", a, client, clock),
        "masto-b": Dying(publisher("masto-b", b, client, clock), posts=True)})
    with pytest.raises(asyncio.CancelledError):
        await drafted_and_approved(first)
    assert len(b.statuses) == 1
    del b.remote[URL]  # deleted on its server: server b finds it no more
    second = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                    "masto-b": publisher("masto-b", b, client, clock)})
    for _ in range(8):  # each try, after its wait, until it is given up
        clock.advance(minutes=30)
        for timer in await store.take_due(clock(), lease_seconds=60):
            if timer.id.startswith("publish"):
                await second.publish_due(timer)
    [draft] = await store.list_approvals()
    assert len(b.statuses) == 1
    assert draft.status == "failed" and draft.error is not None, draft
    assert "nothing was posted" not in draft.error, draft.error
    assert "may have posted it" in draft.error, draft.error


def resolve_failing(b: FakeMastodon, status: int = 503) -> None:
    """Server b answers every resolve of the post's address with ``status`` (its proxy while
    it is down): no try gets as far as posting."""
    async def down(request: web.Request) -> web.Response:
        return web.json_response({"error": "Service Unavailable"}, status=status)
    b.net.handler("GET", "/api/v2/search", down)


async def every_try(store: Store, clock: FakeClock, approvals: ApprovalService) -> None:
    for _ in range(8):  # each try, after its wait, until it is given up
        clock.advance(minutes=30)
        for timer in await store.take_due(clock(), lease_seconds=60):
            if timer.id.startswith("publish"):
                await approvals.publish_due(timer)


async def test_a_resolve_failing_on_every_try_is_given_up_saying_nothing_was_posted(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient) -> None:
    """The post's address resolved by server b answering 503 every time: each try failed
    before its post was sent, yet was counted as one that "may have posted", each retry
    looked for an earlier post first, and the draft was given up saying "any of them may have
    posted it" (a Mastodon client developer's review, 2026-12-07; failed before). A try that
    never reached its post posted nothing: given up saying so, no try looking first."""
    a, b = servers
    b.add_remote(URL, remote_status())
    resolve_failing(b)
    await read_by_a(store, clock)
    approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                       "masto-b": publisher("masto-b", b, client, clock)})
    draft, answer = await drafted_and_approved(approvals)
    waiting = await store.get_approval(draft.id)
    assert waiting is not None and waiting.status == "approved", waiting
    said = waiting.error or ""
    assert answer.text.endswith("(try 1 of 5)") and "looking first" not in answer.text, \
        answer.text
    await every_try(store, clock, approvals)
    final = await store.get_approval(draft.id)
    assert final is not None and final.status == "failed" and final.error, final
    assert "\n" not in final.error
    assert "may have posted" not in final.error, final.error
    assert final.error.startswith(said) and final.error.endswith(
        "; given up after 5 tries, none of which got as far as posting it: nothing was "
        "posted; draft it again once masto-b's server answers"), final.error
    assert b.statuses == [] and a.statuses == []
    assert b.net.requests_to(f"/api/v1/accounts/{ACCOUNT_ID}/statuses") == []  # never looked
    assert len(b.net.requests_to("/api/v2/search")) == 5


async def test_a_resolve_failing_after_a_crash_that_posted_still_looks_and_says_so(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient) -> None:
    """The first try posted the reply and died before recording it; then b's resolve answers
    503 on every try: an earlier try may have posted, so the draft is given up saying so
    (the guard beside the test above: it passed before and must still)."""
    a, b = servers
    b.add_remote(URL, remote_status())
    await read_by_a(store, clock)
    first = service(store, clock, {
        "masto-a": publisher("masto-a", a, client, clock),
        "masto-b": Dying(publisher("masto-b", b, client, clock), posts=True)})
    with pytest.raises(asyncio.CancelledError):
        await drafted_and_approved(first)
    resolve_failing(b, 502)
    second = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                    "masto-b": publisher("masto-b", b, client, clock)})
    await every_try(store, clock, second)
    [draft] = await store.list_approvals()
    assert len(b.statuses) == 1
    assert draft.status == "failed" and draft.error is not None, draft
    assert "nothing was posted;" not in draft.error, draft.error
    assert "any of them may have posted it" in draft.error, draft.error
    # nor "nothing was posted yet" before it (an X and Mastodon review, 2026-12-07: failed
    # before): that try posted nothing, an earlier one may have
    assert "nothing was posted" not in draft.error, draft.error
    assert "this try posted nothing (an earlier one may have)" in draft.error, draft.error


LOOKED_UP = f"the post at {URL}, looked up on masto-b's server when it publishes"


async def test_the_card_and_status_say_the_post_is_looked_up_on_the_account_s_server(
        store: Store, clock: FakeClock, servers: tuple[FakeMastodon, FakeMastodon],
        client: httpx.AsyncClient) -> None:
    """A reply from another server than the one that read the post answers the post at its
    address as the account's server finds it when it publishes, not the id read: its approval
    card (Slack and Discord) and ``status A-1`` did not say so, so an approver could not tell
    which post it answers, nor that it is found then (a Mastodon client developer's review,
    2026-12-07; failed before). A card at its fullest keeps the line within each platform's
    limits; a reply from the server that read it says nothing of it."""
    from handlers.cards import approval_card
    from handlers.queue import Found, TicketQueue
    from integrations.discord.render import FIELD_COUNT_LIMIT
    from integrations.discord.render import render as discord_render
    from integrations.slack.render import MAX_CARD_TEXT, render_card, text_size

    a, b = servers
    await read_by_a(store, clock)
    approvals = service(store, clock, {"masto-a": publisher("masto-a", a, client, clock),
                                       "masto-b": publisher("masto-b", b, client, clock)})
    draft, reply = await approvals.draft(text=TEXT, network="mastodon", account="masto-b",
                                         author="alice", reply_to="mastodon:42")
    assert draft is not None, reply.text
    queue = TicketQueue(store, clock=clock, directory=Directory([]), channels={})
    status = queue.describe(Found(approval=draft)).splitlines()
    assert f"answers {LOOKED_UP}" in status, status

    fullest = draft.model_copy(update={  # every field a card may carry, each at its longest
        "reply_context": "@kasia@other.example: " + "w" * 2_000, "ticket_id": "T-1",
        "error": "e" * 2_000, "publish_at": clock(), "text": "d" * 5_000,
        "decisions": tuple(Decision(at=clock(), person=f"p{n}", verdict="reject", step=0,
                                    comment="c" * 2_000, content_hash="0" * 64)
                           for n in range(3))})
    for shown in (draft, fullest):
        card = approval_card(shown)
        slack = render_card(card).blocks
        assert text_size(slack) <= MAX_CARD_TEXT
        values = [f["text"] for blk in slack for f in blk.get("fields", [])]
        assert LOOKED_UP in values, values
        embed = discord_render(card).embed
        assert len(embed) <= 6_000 and len(embed.fields) <= FIELD_COUNT_LIMIT
        said = [f.value for f in embed.fields if f.name == "Answers"]
        assert said and said[0] is not None and said[0].replace("\\", "") == LOOKED_UP, said
    same = draft.model_copy(update={"account": "masto-a", "reply_url": None})
    assert "Answers" not in {f.name for f in approval_card(same).fields}
    assert not any("looked up" in line for line in queue.describe(Found(approval=same))
                   .splitlines())
