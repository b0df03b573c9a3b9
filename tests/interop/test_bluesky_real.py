"""The project's Bluesky adapter against the AT Protocol reference stack (dev-env: PLC, PDS,
AppView), configured as a user configures it: a ``socialops.yaml`` with the PDS and AppView URLs,
a handle and an app password from the environment, built by the project's registry.

Other people on the network write with plain XRPC and the official SDK's facets, as the Bluesky
app would. Every read of what the AppView indexed follows the fixture's ``process()``, never a
sleep. dev-env's search is a case-sensitive SQL LIKE (tests/interop/README.md), so every query
below is spelled exactly as the posts spell it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import cycle, islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pytest
import regex

from bot.app.compose import build_publisher, build_source
from bot.app.online import check_online
from bot.core.config import Config, StoreConfig, load_config
from bot.core.errors import NotThere, PublishError, RateLimited, SourceAuthError
from bot.core.models import Mention
from bot.core.ports import Store
from bot.engine.supervisor import Supervisor
from bot.store import open_store
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskyPublisher, BlueskySource, graphemes
from integrations.social.common.sessions import SessionVault

if TYPE_CHECKING:
    from tests.interop.conftest import Account, AtprotoStack

POST = "app.bsky.feed.post"
SECRET = "BLUESKY_APP_PASSWORD"


def wall() -> datetime:
    # the servers stamp records with the machine's clock: the adapters must share it
    return datetime.now(UTC)


def iso(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


# -- the deployment: config file, store, one HTTP client whose requests are recorded ----------


class Wire:
    """Every request the adapters send: where each went, and that none went at all."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    async def __call__(self, request: httpx.Request) -> None:
        self.requests.append(request)

    def methods(self, since: int = 0) -> list[str]:
        return [r.url.path.removeprefix("/xrpc/") for r in self.requests[since:]]


@dataclass
class Deployment:
    config: Config
    env: dict[str, str]
    store: Store
    client: httpx.AsyncClient
    wire: Wire
    path: Path  # its socialops.yaml

    def cfg(self, source_id: str) -> BlueskySourceConfig:
        cfg = self.config.source(source_id)
        assert isinstance(cfg, BlueskySourceConfig)
        return cfg

    def source(self, source_id: str, sessions: SessionVault | None = None) -> BlueskySource:
        """``sessions``: where sessions are kept (the app's vault over its store), or None:
        each object logs in by itself."""
        src = build_source(self.cfg(source_id), store=self.store, client=self.client, clock=wall,
                           peers=self.config.sources, sessions=sessions)
        assert isinstance(src, BlueskySource)
        return src

    def publisher(self, source_id: str,
                  sessions: SessionVault | None = None) -> BlueskyPublisher:
        pub = build_publisher(self.cfg(source_id), client=self.client, clock=wall,
                              sessions=sessions)
        assert isinstance(pub, BlueskyPublisher)
        return pub

    def started(self) -> SessionVault:
        """What a new process on this deployment's store keeps its sessions in."""
        return SessionVault(self.store)

    async def rewrite_kept(self, account: Account,
                           change: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        """The session the store keeps for ``account`` (source "bsky"), changed by ``change``."""
        vault = SessionVault(self.store)
        place = await vault.place("bluesky", server=self.cfg("bsky").pds_url,
                                  account=account.handle, password=account.app_password)
        kept = await vault.load(place, who="test")
        assert kept is not None
        await vault.save(place, change(kept), who="test")


@dataclass
class Deployer:
    atproto: AtprotoStack
    tmp: Path
    opened: list[Deployment] = field(default_factory=list)

    async def __call__(self, sources: Sequence[dict[str, Any]], **env: str) -> Deployment:
        """``sources``: the YAML fields of each Bluesky source beyond URLs; ``app_password``
        values are names of variables in ``env`` (a secret never sits in the file)."""
        lines = ["sources:"]
        for s in sources:
            lines += [f"  - id: {s['id']}", "    type: bluesky",
                      f"    pds_url: {self.atproto.pds}", f"    base_url: {self.atproto.appview}",
                      # a refused session looks up which PDS hosts the account: in the stack
                      f"    plc_url: {self.atproto.plc}"]
            lines += [f"    {key}: {_yaml(key, value)}" for key, value in s.items() if key != "id"]
        path = self.tmp / f"socialops-{len(self.opened)}.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        config = load_config(path, env=env).config
        store = await open_store(StoreConfig(backend="sqlite",
                                             path=str(self.tmp / f"store-{len(self.opened)}.db")),
                                 redis_url=None, clock=wall)
        wire = Wire()
        client = httpx.AsyncClient(event_hooks={"request": [wire]})
        deployment = Deployment(config, dict(env), store, client, wire, path)
        self.opened.append(deployment)
        return deployment


    async def searching(self, name: str, query: str) -> tuple[Account, Deployment]:
        """A new account ``name`` and a deployment of one source searching ``query`` as it."""
        account = self.atproto.account(name)
        d = await self([{"id": "bsky", "handle": account.handle, "app_password": SECRET,
                         "queries": [query]}], BLUESKY_APP_PASSWORD=account.app_password)
        return account, d


def _yaml(key: str, value: Any) -> str:
    if key == "app_password":
        return "${" + str(value) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(f'"{v}"' for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


@pytest.fixture
async def deploy(atproto: AtprotoStack, tmp_path: Path) -> AsyncIterator[Deployer]:
    deployer = Deployer(atproto, tmp_path)
    yield deployer
    for d in deployer.opened:
        await d.client.aclose()
        await d.store.close()


# -- the rest of the network: people posting with plain XRPC ----------------------------------


@dataclass(frozen=True)
class Ref:
    uri: str
    cid: str

    def strong(self) -> dict[str, str]:
        return {"uri": self.uri, "cid": self.cid}


class World:
    """Other accounts, writing as any client would: createRecord on their PDS, facets from the
    official SDK. Reads for checking go to the AppView and PDS without credentials."""

    def __init__(self, atproto: AtprotoStack, http: httpx.AsyncClient) -> None:
        self.atproto = atproto
        self.http = http

    async def _xrpc(self, base: str, nsid: str, *, who: Account | None = None,
                    json: Any = None, params: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {who.access_jwt}"} if who else {}
        r = await self.http.request("POST" if json is not None else "GET", f"{base}/xrpc/{nsid}",
                                    headers=headers, json=json, params=params)
        assert r.status_code == 200, f"{nsid}: {r.status_code} {r.text}"
        return r.json()

    async def create(self, who: Account, collection: str, record: dict[str, Any], *,
                     validate: bool | None = None) -> Ref:
        """``validate=False``: the PDS writes the record unchecked against its lexicon, as it
        does for any client that asks so."""
        body: dict[str, Any] = {"repo": who.did, "collection": collection, "record": record}
        if validate is not None:
            body["validate"] = validate
        d = await self._xrpc(self.atproto.pds, "com.atproto.repo.createRecord", who=who,
                             json=body)
        return Ref(d["uri"], d["cid"])

    async def post(self, who: Account, text: str, *, facets: list[dict[str, Any]] | None = None,
                   reply_to: Ref | None = None, quote: Ref | None = None,
                   created_at: datetime | None = None) -> Ref:
        record: dict[str, Any] = {"$type": POST, "text": text,
                                  "createdAt": iso(created_at or wall())}
        if facets:
            record["facets"] = facets
        if reply_to is not None:
            record["reply"] = {"root": reply_to.strong(), "parent": reply_to.strong()}
        if quote is not None:
            record["embed"] = {"$type": "app.bsky.embed.record", "record": quote.strong()}
        return await self.create(who, POST, record)

    async def mentioning(self, who: Account, texts: Sequence[str]) -> list[Ref]:
        """Posts whose mentions the SDK resolved (a mention without a facet notifies nobody)."""
        return [await self.post(who, t, facets=f)
                for t, f in zip(texts, self.atproto.facets(texts, resolve=True), strict=True)]

    async def posts_in_one_commit(self, who: Account, texts: Sequence[str]) -> list[Ref]:
        base = wall()
        writes = [{"$type": "com.atproto.repo.applyWrites#create", "collection": POST,
                   "value": {"$type": POST, "text": t,
                             "createdAt": iso(base + timedelta(milliseconds=i))}}
                  for i, t in enumerate(texts)]
        d = await self._xrpc(self.atproto.pds, "com.atproto.repo.applyWrites", who=who,
                             json={"repo": who.did, "writes": writes})
        return [Ref(r["uri"], r["cid"]) for r in d["results"]]

    async def record(self, uri: str) -> tuple[str, dict[str, Any]]:
        """(cid, value) of a record, from its repo on the PDS."""
        did, collection, rkey = uri.removeprefix("at://").split("/")
        d = await self._xrpc(self.atproto.pds, "com.atproto.repo.getRecord",
                             params={"repo": did, "collection": collection, "rkey": rkey})
        return str(d["cid"]), dict(d["value"])

    async def own_posts(self, who: Account) -> list[dict[str, Any]]:
        d = await self._xrpc(self.atproto.pds, "com.atproto.repo.listRecords",
                             params={"repo": who.did, "collection": POST, "limit": 100})
        return list(d["records"])

    async def appview_posts(self, uris: Sequence[str]) -> list[dict[str, Any]]:
        d = await self._xrpc(self.atproto.appview, "app.bsky.feed.getPosts",
                             params={"uris": list(uris)})
        return list(d["posts"])

    async def search(self, q: str) -> list[str]:
        d = await self._xrpc(self.atproto.appview, "app.bsky.feed.searchPosts",
                             params={"q": q, "limit": 100})
        return [p["uri"] for p in d["posts"]]


@pytest.fixture
async def world(atproto: AtprotoStack) -> AsyncIterator[World]:
    # other people are not rate limited by our PDS (as on the network, where each has their
    # own): the PDS's bypass key; the project's adapters are
    async with httpx.AsyncClient(timeout=60, headers={
            "x-ratelimit-bypass": atproto.info["ratelimit_bypass"]}) as http:
        yield World(atproto, http)


def ids(mentions: Iterable[Mention]) -> list[str]:
    return [m.id.removeprefix("bluesky:") for m in mentions]


def uris(refs: Iterable[Ref]) -> list[str]:
    return [r.uri for r in refs]


def uri_of(result_id: str) -> str:
    return result_id.removeprefix("bluesky:")


# -- sessions ----------------------------------------------------------------------------------


async def test_session_is_created_refreshed_and_recreated_on_the_pds(
    atproto: AtprotoStack, deploy: Deployer
) -> None:
    bot = atproto.account("sess-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "queries": ["SessionProbe"],
                       # names the AppView the PDS forwards to (atproto-proxy), as docs allow
                       "appview_proxy": f"{atproto.info['appview_did']}#bsky_appview"}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("bsky")

    assert await source.poll() == []
    assert source.api.sessions == 1 and source.api.did == bot.did
    assert d.wire.methods() == [
        "com.atproto.server.createSession", "com.atproto.identity.resolveHandle",
        "app.bsky.feed.searchPosts", "app.bsky.notification.listNotifications"]
    # with credentials nothing goes to the AppView: it refuses a PDS token (issue 13)
    assert {str(r.url).split("/xrpc/")[0] for r in d.wire.requests} == {atproto.pds}

    # Access tokens live two hours and dev-env cannot shorten them: the control server re-signs
    # the session's own token with a past expiry, which takes the PDS's real verification path.
    assert source.api.access is not None and source.api.refresh is not None
    old_refresh = source.api.refresh
    source.api.access = atproto.expire_token(source.api.access)
    mark = len(d.wire.requests)
    assert await source.poll() == []
    assert d.wire.methods(mark) == [
        "app.bsky.feed.searchPosts", "com.atproto.server.refreshSession",
        "app.bsky.feed.searchPosts", "app.bsky.notification.listNotifications"]
    assert source.api.sessions == 1 and source.api.refresh != old_refresh

    # both tokens expired: the refresh is refused (400 ExpiredToken), a new session follows
    source.api.access = atproto.expire_token(source.api.access or "")
    source.api.refresh = atproto.expire_token(source.api.refresh or "")
    mark = len(d.wire.requests)
    assert await source.poll() == []
    assert d.wire.methods(mark)[:4] == [
        "app.bsky.feed.searchPosts", "com.atproto.server.refreshSession",
        "com.atproto.server.createSession", "app.bsky.feed.searchPosts"]
    assert source.api.sessions == 2

    # the publisher's writes take the same path
    publisher = d.publisher("bsky")
    await publisher.publish("SessionProbe one", reply_to=None, idempotency_key="sess-1")
    publisher.api.access = atproto.expire_token(publisher.api.access or "")
    mark = len(d.wire.requests)
    second = await publisher.publish("SessionProbe two", reply_to=None, idempotency_key="sess-2")
    assert "com.atproto.server.refreshSession" in d.wire.methods(mark)
    assert publisher.api.sessions == 1
    assert second.id.startswith(f"bluesky:at://{bot.did}/{POST}/")


async def test_revoked_app_password_pauses_the_source_and_fails_the_publish(
    atproto: AtprotoStack, deploy: Deployer
) -> None:
    bot = atproto.account("revoked-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True}], BLUESKY_APP_PASSWORD=bot.app_password)
    source, publisher = d.source("bsky"), d.publisher("bsky")
    assert await source.poll() == []
    await publisher.publish("Before the revocation", reply_to=None, idempotency_key="rev-1")

    atproto.revoke(bot.handle, bot.app_password_name)
    # issued before the revocation, the access token is a stateless JWT: still accepted
    assert await source.poll() == []

    # Once it expires, the refresh is refused (revoked) and so is a new session: the project's
    # supervision pauses the source and reports it once; nothing crashes.
    source.api.access = atproto.expire_token(source.api.access or "")
    reports: list[tuple[str, str, str]] = []

    async def report(task: str, what: str, why: str) -> None:
        reports.append((task, what, why))

    async def step() -> float:
        await source.poll()
        return d.cfg("bsky").interval

    supervisor = Supervisor(stop=asyncio.Event(), clock=wall, report=report)
    delay = await supervisor.run_once("source:bsky", step)
    assert delay == supervisor.auth_pause
    assert supervisor.health["source:bsky"].state == "paused"
    assert reports == [("source:bsky", "paused",
                        "bluesky com.atproto.server.createSession: 401 AuthenticationRequired")]
    assert await supervisor.run_once("source:bsky", step) == supervisor.auth_pause
    assert len(reports) == 1  # reported once, not every poll

    # a process started after the revocation cannot log in at all
    with pytest.raises(SourceAuthError, match="401 AuthenticationRequired"):
        await d.source("bsky").poll()

    # the publisher: a PublishError (the approval is marked failed), not an escaping exception
    publisher.api.access = atproto.expire_token(publisher.api.access or "")
    with pytest.raises(PublishError, match="401 AuthenticationRequired"):
        await publisher.publish("After the revocation", reply_to=None, idempotency_key="rev-2")


async def test_restarts_keep_one_session_where_the_pds_refuses_the_31st_in_5_minutes(
    atproto: AtprotoStack, deploy: Deployer
) -> None:
    # Without the vault each start logs in: the PDS, its rate limits on as Bluesky's are,
    # refuses the 31st session of a handle in 5 minutes, and says when it will accept again.
    _, d = await deploy.searching("locked-bot", "LimitProbe")
    for _ in range(30):
        assert await d.source("bsky").poll() == []
    with pytest.raises(RateLimited) as refused:
        await d.source("bsky").poll()
    assert 60 < refused.value.retry_after <= 300
    assert d.wire.methods().count("com.atproto.server.createSession") == 31
    # check --online says until when, by the PDS's own RateLimit-Reset and -Policy headers
    [problem] = await check_online(load_config(d.path, env=d.env))
    assert regex.fullmatch(
        r".*:\d+: sources\[0\]\.handle: bluesky bsky: http://127\.0\.0\.1:\d+ makes no more "
        r"sessions for locked-bot\.test until 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d UTC \(its limit: "
        r"30 in 5 min\); a bot already running is not affected \(its session is kept in "
        r"the store\); run socialops check --online again then", str(problem)), problem

    # With it: forty starts, each with its source and publisher, one session.
    _, d = await deploy.searching("kept-bot", "KeptProbe")
    for start in range(40):
        vault = d.started()
        assert await d.source("bsky", vault).poll() == []
        if start % 10 == 0:
            await d.publisher("bsky", vault).publish(f"KeptProbe {start}", reply_to=None,
                                                     idempotency_key=f"kept-{start}")
    assert d.wire.methods().count("com.atproto.server.createSession") == 1


async def test_processes_refreshing_one_kept_session_at_once_keep_one_that_works(
    atproto: AtprotoStack, deploy: Deployer
) -> None:
    bot, d = await deploy.searching("rotate-bot", "RotateProbe")
    a, b = d.source("bsky", d.started()), d.source("bsky", d.started())
    assert await a.poll() == [] and await b.poll() == []
    # two hours on, both access tokens have expired at once: both refresh with the same
    # refresh token, which the PDS rotates (the second use is in its grace period)
    expired = atproto.expire_token(a.api.access or "")
    a.api.access = b.api.access = expired
    await d.rewrite_kept(bot, lambda kept: {**kept, "accessJwt": expired})
    await asyncio.gather(a.poll(), b.poll())
    methods = d.wire.methods()
    assert methods.count("com.atproto.server.createSession") == 1
    assert 1 <= methods.count("com.atproto.server.refreshSession") <= 2
    # a third process takes what was kept, and it works
    c = d.source("bsky", d.started())
    mark = len(d.wire.requests)
    assert await c.poll() == []
    assert "com.atproto.server.createSession" not in d.wire.methods(mark)
    assert "com.atproto.server.refreshSession" not in d.wire.methods(mark)


async def test_a_kept_session_the_pds_refuses_is_replaced_without_pausing_the_source(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot, d = await deploy.searching("refused-bot", "RefusedProbe")
    first = d.source("bsky", d.started())
    assert await first.poll() == []
    # The kept session is one the PDS no longer honours: signed with another key (the PDS's
    # key changed) and its refresh token deleted (com.atproto.server.deleteSession).
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.server.deleteSession",
                              headers={"Authorization": f"Bearer {first.api.refresh}"})
    assert r.status_code == 200, r.text
    await d.rewrite_kept(bot, lambda kept: {
        **kept, "accessJwt": str(kept["accessJwt"]).rsplit(".", 1)[0] + ".AAAA"})

    other = atproto.account("refused-poster")
    [post] = await world.mentioning(other, ["RefusedProbe after the reset"])
    atproto.process()
    source = d.source("bsky", d.started())
    mark = len(d.wire.requests)
    assert ids(await source.poll()) == [post.uri]
    assert d.wire.methods(mark)[:5] == [
        "com.atproto.identity.resolveHandle", "app.bsky.feed.searchPosts",
        "com.atproto.server.refreshSession", "com.atproto.server.createSession",
        "app.bsky.feed.searchPosts"]
    # what was made is kept: the next start logs in no more
    mark = len(d.wire.requests)
    assert await d.source("bsky", d.started()).poll() == []
    assert "com.atproto.server.createSession" not in d.wire.methods(mark)


# -- reading: search and notifications across polls ------------------------------------------


async def test_search_quiet_first_run_then_each_new_post_once_across_polls(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot, alice, bob = (atproto.account(h) for h in ("search-bot", "search-alice", "search-bob"))
    d = await deploy([
        {"id": "quiet", "handle": bot.handle, "app_password": SECRET,
         "queries": ["Acme Cloud"], "backfill_minutes": 0},
        {"id": "recent", "handle": bot.handle, "app_password": SECRET,
         "queries": ["Acme Cloud"]},  # the default: the last 60 minutes
    ], BLUESKY_APP_PASSWORD=bot.app_password)
    quiet, recent = d.source("quiet"), d.source("recent")

    # dev-env's post views report indexedAt as min(indexed, createdAt), so a backdated post
    # sits outside the backfill window like history does
    await world.post(alice, "Acme Cloud was down last night",
                     created_at=wall() - timedelta(hours=3))
    fresh = await world.post(alice, "Acme Cloud is slow again this morning ☕")
    atproto.process()
    assert await quiet.poll() == []
    assert ids(await recent.poll()) == [fresh.uri]

    a = await world.post(alice, "Acme Cloud checkout broken 🛒 ตะกร้าสินค้าเสีย")
    b = await world.post(bob, "Is Acme Cloud billing down? 請求書が見えない")
    await world.post(bob, "unrelated: lunch was great")
    atproto.process()
    for src in (quiet, recent):
        got = await src.poll()
        assert ids(got) == [a.uri, b.uri]
        assert got[0].author.handle == alice.handle and got[1].author.id == bob.did
        assert await src.poll() == []

    # A post sharing the cursor's instant exactly (same createdAt, hence the same indexedAt
    # here): found, while the post already seen at that instant is not repeated.
    _, b_record = await world.record(b.uri)
    same = await world.post(alice, "Acme Cloud status page agrees",
                            created_at=datetime.fromisoformat(b_record["createdAt"]))
    atproto.process()
    for src in (quiet, recent):
        assert ids(await src.poll()) == [same.uri]

    # More than a page (100) between two polls, all in one commit: read back to the cursor
    # across pages, nothing lost, nothing doubled.
    batch = await world.posts_in_one_commit(bob, [f"Acme Cloud report {i}" for i in range(110)])
    atproto.process()
    mark = len(d.wire.requests)
    got = await quiet.poll()
    assert ids(got) == uris(batch)
    pages = [r for r in d.wire.requests[mark:] if r.url.path.endswith("searchPosts")]
    assert len(pages) == 2 and "cursor" in pages[1].url.params
    assert await quiet.poll() == []
    assert ids(await recent.poll()) == uris(batch)


async def test_notifications_mentions_replies_quotes_across_polls(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot, alice, bob = (atproto.account(h) for h in ("notif-bot", "notif-alice", "notif-bob"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "queries": ["Bolt Cloud"],
                       "backfill_minutes": 0}], BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("bsky")
    await world.mentioning(alice, [f"@{bot.handle} hello from before the bot started"])
    atproto.process()
    assert await source.poll() == []  # quiet first run

    ours = await d.publisher("bsky").publish("Bolt Cloud status: all systems normal ✅",
                                             reply_to=None, idempotency_key="status-1")
    ours_cid, _ = await world.record(uri_of(ours.id))
    status = Ref(uri_of(ours.id), ours_cid)
    # The AppView makes a reply's notification from the parent it has indexed: a reply
    # indexed before its parent (other repos index in parallel) notifies nobody
    atproto.process()

    reply = await world.post(alice, "Still broken here 😞 ที่กรุงเทพฯ", reply_to=status)
    quote = await world.post(bob, "Not for me. 東京でもダメ", quote=status)
    await world.create(bob, "app.bsky.feed.like", {"$type": "app.bsky.feed.like",
                                                   "subject": status.strong(),
                                                   "createdAt": iso(wall())})
    await world.create(alice, "app.bsky.graph.follow", {"$type": "app.bsky.graph.follow",
                                                        "subject": bot.did,
                                                        "createdAt": iso(wall())})
    # matches the search as well: one mention, not two
    [mention] = await world.mentioning(bob, [f"@{bot.handle} Bolt Cloud is down in 🇹🇭"])
    atproto.process()

    got = await source.poll()
    assert ids(got) == [reply.uri, quote.uri, mention.uri]  # no like, no follow, no own post
    assert got[0].reply_to == status.uri and got[0].thread_id == status.uri
    assert got[2].handles == (bot.did,)
    assert f"own post: {ours.id}" in source.skipped  # our status matched "Bolt Cloud" too
    assert await source.poll() == []

    [again] = await world.mentioning(alice, [f"@{bot.handle} any update? 🙏"])
    atproto.process()
    assert ids(await source.poll()) == [again.uri]
    assert await source.poll() == []


# -- looking one post up (``why`` for a post never fetched) -------------------------------------


async def test_lookup_by_address_finds_the_post_search_finds_and_none_once_deleted(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot, alice = (atproto.account(h) for h in ("lookup-bot", "lookup-alice"))
    d = await deploy([
        {"id": "bsky", "handle": bot.handle, "app_password": SECRET, "queries": ["Quartz Cloud"]},
        # no credentials: public reads, unauthenticated, straight to the AppView
        {"id": "public", "queries": ["Quartz Cloud"]},
    ], BLUESKY_APP_PASSWORD=bot.app_password)
    source, public = d.source("bsky"), d.source("public")
    text = "Quartz Cloud billing is down 💸 https://status.quartz.example #outage"
    ref = await world.post(alice, text, facets=atproto.facets([text])[0])
    atproto.process()
    [polled] = await source.poll()
    rkey = ref.uri.rsplit("/", 1)[-1]

    mark = len(d.wire.requests)
    by_handle = await source.lookup(f"https://bsky.app/profile/{alice.handle}/post/{rkey}")
    assert by_handle == polled  # the very Mention the search gave, raw view and all
    # the author's profile (follower count) is remembered from the poll: no getProfiles
    assert d.wire.methods(mark) == ["com.atproto.identity.resolveHandle",
                                    "app.bsky.feed.getPosts"]
    assert {str(r.url).split("/xrpc/")[0] for r in d.wire.requests[mark:]} == {atproto.pds}
    assert by_handle.links == ("https://status.quartz.example",)
    assert by_handle.hashtags == ("outage",) and by_handle.author.id == alice.did
    for address in (f"https://bsky.app/profile/{alice.did}/post/{rkey}", ref.uri):
        assert await source.lookup(address) == polled

    # without credentials the AppView answers (its view has no viewer state: raw differs)
    mark = len(d.wire.requests)
    unauthenticated = await public.lookup(f"https://bsky.app/profile/{alice.handle}/post/{rkey}")
    assert unauthenticated is not None
    assert unauthenticated.model_dump(exclude={"raw", "source"}) == polled.model_dump(
        exclude={"raw", "source"})
    assert d.wire.methods(mark)[-1] == "app.bsky.actor.getProfiles"  # a source of its own
    assert {str(r.url).split("/xrpc/")[0] for r in d.wire.requests[mark:]} == {atproto.appview}
    assert all("authorization" not in r.headers for r in d.wire.requests[mark:])

    # a handle nobody has, and the post once its author deleted it
    for src in (source, public):
        with pytest.raises(NotThere, match=r"no account has the handle nobody-here\.test"):
            await src.lookup(f"https://bsky.app/profile/nobody-here.test/post/{rkey}")
    await world._xrpc(atproto.pds, "com.atproto.repo.deleteRecord", who=alice,
                      json={"repo": alice.did, "collection": POST, "rkey": rkey})
    atproto.process()
    for src in (source, public):
        assert await src.lookup(ref.uri) is None


# -- publishing --------------------------------------------------------------------------------


def canonical_dicts(facets: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(facets, key=lambda f: f["index"]["byteStart"])


def canonical(facets: Iterable[dict[str, Any]]) -> list[tuple[int, int, list[dict[str, Any]]]]:
    """Facets in a comparable form: sorted by position, without the optional top-level
    ``$type`` the SDK puts on mention facets only."""
    return [(f["index"]["byteStart"], f["index"]["byteEnd"], f["features"])
            for f in canonical_dicts(facets)]


async def test_facets_match_the_official_sdk_and_survive_publish_index_search(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot, alice, bob, watcher = (atproto.account(h) for h in
                                ("facet-bot", "facet-alice", "facet-bob", "facet-watch"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    # someone else's deployment reads them back (in ours they would be own posts, dropped)
    other = await deploy([{"id": "watch", "handle": watcher.handle, "app_password": SECRET,
                           "queries": ["FacetCheck"]}], BLUESKY_APP_PASSWORD=watcher.app_password)
    publisher = d.publisher("bsky")
    texts = [
        f"FacetCheck สวัสดีครับ 👋 @{alice.handle} ดูที่ https://status.acme.example/เหตุการณ์/42 "
        "#บริการ",
        f"FacetCheck 日本語のテスト🎌 #障害情報。 詳しくは https://example.com/ja?q=テスト&x=1 "
        f"@{bob.handle} さん",
        "FacetCheck 👨‍👩‍👧‍👦🇹🇭1️⃣ first, then #Node.js and #covid-19, see "
        "https://en.wikipedia.org/wiki/Mercury_(planet)!",
        f"FacetCheck हिन्दी पाठ @{alice.handle}: #समाचार https://example.com/हिन्दी",
        f"FacetCheck (@{bob.handle}) #123 is no tag but #ü is; https://example.com/a.",
        "FacetCheck 한국어 #태그! 中文 #标签， (https://example.com/paren) 👋@nobody.test",
    ]
    sdk = atproto.facets(texts, resolve=True)
    for text, expected in zip(texts, sdk, strict=True):
        assert canonical(await publisher.facets(text)) == canonical(expected), text

    # posts and replies: alice asks, the bot answers in a thread of two replies
    question = await world.post(alice, "Where is the status page? 🤔")
    atproto.process()  # reply refs come from the AppView (getPosts): it must know the post
    results = [
        await publisher.publish(texts[0], reply_to=f"bluesky:{question.uri}",
                                idempotency_key="facet-0"),
    ]
    atproto.process()
    results.append(await publisher.publish(texts[1], reply_to=results[0].id,
                                           idempotency_key="facet-1"))
    for i, text in enumerate(texts[2:], start=2):
        results.append(await publisher.publish(text, reply_to=None,
                                               idempotency_key=f"facet-{i}"))
    atproto.process()

    views = {p["uri"]: p for p in await world.appview_posts([uri_of(r.id) for r in results])}
    for result, text, expected in zip(results, texts, sdk, strict=True):
        record = views[uri_of(result.id)]["record"]
        assert record["text"] == text
        assert canonical(record.get("facets", [])) == canonical(expected), text
    first, second = (views[uri_of(r.id)]["record"]["reply"] for r in results[:2])
    assert first == {"root": question.strong(), "parent": question.strong()}
    assert second["root"] == question.strong()
    assert second["parent"] == {"uri": uri_of(results[0].id),
                                "cid": views[uri_of(results[0].id)]["cid"]}

    # back through search, as another account's source reads them: the byte offsets read
    # back to the same links, tags and mentions
    found = {m.id: m for m in await other.source("watch").poll()}
    assert set(found) == {r.id for r in results}
    for result, text, expected in zip(results, texts, sdk, strict=True):
        m = found[result.id]
        assert m.text == text and m.author.id == bot.did
        feats = [f["features"][0] for f in canonical_dicts(expected)]
        assert list(m.links) == [f["uri"] for f in feats if f["$type"].endswith("#link")]
        assert list(m.hashtags) == [f["tag"].lower() for f in feats
                                    if f["$type"].endswith("#tag")]
        assert list(m.handles) == [f["did"] for f in feats
                                   if f["$type"].endswith("#mention") and f["did"]]
    assert found[results[0].id].reply_to == question.uri
    assert found[results[1].id].thread_id == question.uri


class LoseFirstWriteAnswer(httpx.AsyncBaseTransport):
    """Delivers every request to the real PDS, but loses the answer to the first putRecord
    after the PDS has written it: a timeout at the worst moment."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport()
        self.lost = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path.endswith("/com.atproto.repo.putRecord") and not self.lost:
            self.lost += 1
            await response.aread()
            await response.aclose()
            raise httpx.ReadTimeout("the answer was lost", request=request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


async def test_a_retried_publish_leaves_one_record_with_its_cid_and_created_at(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot, alice = atproto.account("retry-bot"), atproto.account("retry-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    question = await world.post(alice, "Retry? 🔁")
    atproto.process()
    text = "We're on it 🙏 ตอบกลับแล้ว #support"
    reply_to = f"bluesky:{question.uri}"

    async with httpx.AsyncClient(transport=LoseFirstWriteAnswer()) as flaky:
        publisher = build_publisher(d.cfg("bsky"), client=flaky, clock=wall)
        assert publisher is not None
        with pytest.raises(PublishError, match="timed out"):
            await publisher.publish(text, reply_to=reply_to, idempotency_key="approval-7")
        [written] = await world.own_posts(bot)  # the PDS did write it
        cid, record = await world.record(written["uri"])
        # the approval handler retries with maybe_published once an attempt was made
        first = await publisher.publish(text, reply_to=reply_to, idempotency_key="approval-7",
                                        maybe_published=True)
    assert uri_of(first.id) == written["uri"]
    assert await world.record(written["uri"]) == (cid, record)

    # later retries run in fresh publishers, as after a crash or in another process
    for maybe in (False, True):
        again = await d.publisher("bsky").publish(text, reply_to=reply_to,
                                                  idempotency_key="approval-7",
                                                  maybe_published=maybe)
        assert again == first
        assert await world.record(uri_of(first.id)) == (cid, record)  # same CID, createdAt
    assert [r["uri"] for r in await world.own_posts(bot)] == [uri_of(first.id)]
    atproto.process()
    [view] = await world.appview_posts([question.uri])
    assert view["replyCount"] == 1

    # another approval is another post
    other = await d.publisher("bsky").publish(text, reply_to=reply_to,
                                              idempotency_key="approval-8")
    assert other.id != first.id and len(await world.own_posts(bot)) == 2


async def test_an_approved_reply_found_by_search_is_not_a_mention(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot, alice, watcher = (atproto.account(h) for h in ("own-bot", "own-alice", "own-watch"))
    d = await deploy([
        {"id": "bsky", "handle": bot.handle, "app_password": SECRET,
         "queries": ["Orbit Cloud"], "notifications": True},
        # a search-only source on another account drops the publishing account's posts too
        {"id": "watch", "handle": watcher.handle, "app_password": "WATCHER_APP_PASSWORD",
         "queries": ["Orbit Cloud"], "backfill_minutes": 0},
    ], BLUESKY_APP_PASSWORD=bot.app_password, WATCHER_APP_PASSWORD=watcher.app_password)
    source, watch = d.source("bsky"), d.source("watch")
    assert await watch.poll() == []

    complaint = await world.post(alice, "Orbit Cloud login fails 😡 ログインできない")
    atproto.process()
    [mention] = await source.poll()
    assert mention.id == f"bluesky:{complaint.uri}"

    reply = await d.publisher("bsky").publish(
        f"@{alice.handle} Orbit Cloud support here: fixed now, sorry! 🙇", reply_to=mention.id,
        idempotency_key=f"approve:{mention.id}")
    atproto.process()
    # the AppView does return our reply for the query...
    assert uri_of(reply.id) in await world.search("Orbit Cloud")
    # ...and neither source turns it into a mention
    assert await source.poll() == []
    assert f"own post: {reply.id}" in source.skipped
    assert ids(await watch.poll()) == [complaint.uri]
    assert f"own post: {reply.id}" in watch.skipped


# -- limits ------------------------------------------------------------------------------------


def clusters(sample: str, n: int) -> str:
    """``n`` extended grapheme clusters cycled from ``sample``."""
    return "".join(islice(cycle(regex.findall(r"\X", sample)), n))


LIMIT_SAMPLES = {
    "thai": "ภาษาไทยน้ำใจกำลังดี ",  # marks above and below, SARA AM
    "hindi": "क्षत्रिय नमस्ते ",  # conjuncts (UAX #29 rule GB9c)
    "flags": "🇹🇭🇯🇵🇮🇳🇺🇦",
    "keycaps": "1️⃣2️⃣#️⃣*️⃣",
}


async def test_grapheme_and_byte_limits_agree_with_the_pds(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    bot = atproto.account("limits-bot")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    publisher = d.publisher("bsky")
    family = "👨‍👩‍👧‍👦"  # one grapheme, 25 bytes
    at_limit = {name: clusters(sample, 300) for name, sample in LIMIT_SAMPLES.items()}
    at_limit["bytes"] = family * 120  # 3,000 bytes, 120 graphemes
    for name, text in at_limit.items():
        assert graphemes(text) <= 300 and len(text.encode()) <= 3000, name
        result = await publisher.publish(text, reply_to=None, idempotency_key=f"limit-{name}")
        assert (await world.record(uri_of(result.id)))[1]["text"] == text, name

    over = {name: clusters(sample, 301) for name, sample in LIMIT_SAMPLES.items()}
    over["bytes"] = family * 120 + "!"
    for name, text in over.items():
        mark = len(d.wire.requests)
        with pytest.raises(PublishError) as caught:
            await publisher.publish(text, reply_to=None, idempotency_key=f"over-{name}")
        message = str(caught.value)
        assert "\n" not in message and "(1 over)" in message, message
        assert ("3,000 bytes" if name == "bytes" else "300 graphemes") in message
        assert len(d.wire.requests) == mark, f"{name}: sent before checking the limit"
        # the PDS draws the line in the same place
        r = await world.http.post(
            f"{atproto.pds}/xrpc/com.atproto.repo.createRecord",
            headers={"Authorization": f"Bearer {bot.access_jwt}"},
            json={"repo": bot.did, "collection": POST,
                  "record": {"$type": POST, "text": text, "createdAt": iso(wall())}})
        assert r.status_code == 400, f"{name}: {r.text}"
        assert ("maximum 3000" if name == "bytes" else "maximum 300,") in r.json()["message"]


async def test_a_flood_past_the_pages_of_a_poll_is_finished_by_the_next_polls_once_each(
    atproto: AtprotoStack, deploy: Deployer, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More new posts than a poll reads (here 2 pages of 5, where a poll reads 10 of 100): the
    next poll goes on from the AppView's page cursor, while newer posts come meanwhile. Every
    post is read once: the old gap first, then what came during it, the cursor at the newest
    at the end. The page cursor is the real AppView's, kept in the cursor between polls."""
    from integrations.social.bluesky import source as bluesky_source

    monkeypatch.setattr(bluesky_source, "LIMIT", 5)
    monkeypatch.setattr(bluesky_source, "MAX_PAGES", 2)
    bot, alice = atproto.account("flood-bot"), atproto.account("flood-alice")
    d = await deploy([{"id": "flood", "handle": bot.handle, "app_password": SECRET,
                       "queries": ["Acme Flood"], "backfill_minutes": 0}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    src = d.source("flood")
    assert await src.poll() == []
    first = [await world.post(alice, f"Acme Flood {i}") for i in range(23)]
    atproto.process()
    polls = [ids(await src.poll())]
    assert polls[0] == uris(first[-10:])
    during = [await world.post(alice, f"Acme Flood during {i}") for i in range(4)]
    atproto.process()
    for _ in range(4):
        polls.append(ids(await src.poll()))
    assert polls[1:] == [uris(first[3:13]), uris(first[:3]), uris(during), []]


async def test_a_configured_language_is_the_records_langs_on_the_pds_and_appview(
    atproto: AtprotoStack, deploy: Deployer, world: World
) -> None:
    """``language: de`` on the source: the PDS takes the record with ``langs: ["de"]`` (the
    lexicon's field, as the Bluesky app writes it) and the AppView indexes it so."""
    bot, alice = atproto.account("lang-bot"), atproto.account("lang-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "language": "de"}], BLUESKY_APP_PASSWORD=bot.app_password)
    question = await world.post(alice, "Geht das? 🤔")
    atproto.process()
    result = await d.publisher("bsky").publish("Ja, danke! 🙏", reply_to=f"bluesky:{question.uri}",
                                               idempotency_key="approval-lang")
    _, record = await world.record(uri_of(result.id))
    assert record["langs"] == ["de"] and record["reply"]["parent"]["uri"] == question.uri
    atproto.process()
    [view] = await world.appview_posts([uri_of(result.id)])
    assert view["record"]["langs"] == ["de"]
