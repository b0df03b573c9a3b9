"""An X, Reddit or Bluesky publish whose outcome was unclear, retried after the operator swapped
the credentials for another account's (the Mastodon guard of debaf2f3, for the three others).

A try posted and its process died before recording the post (killed at the network's answer);
the operator set another account's token (X), username and password (Reddit) or handle and app
password (Bluesky) and restarted; the retry looked for the post among the new account's posts,
found none and posted again: the company posted twice, once from each account. Each publishing
claim now records, before its post, who the publisher posts as (X ``GET /2/users/me``, Reddit
``GET /api/v1/me``, Bluesky the session's DID and handle); a retry whose earlier claim recorded
another account posts nothing and stays unconfirmed, naming that account. Against each
network's local server (the new credentials' account answers its posts and ``me`` from the
swap on, as the network does for the new token), on a real SQLite file and a real Redis; the
transport in front of the server holds the answer to the post (the process dies there), the
one thing no server does on cue.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from bot.core.config import StoreConfig
from bot.core.ports import Publisher
from bot.store import open_store
from handlers.cards import UNCONFIRMED, UNSENT
from integrations.social.bluesky.config import BlueskySourceConfig
from integrations.social.bluesky.source import BlueskyPublisher
from integrations.social.common.publish import Poster, read_poster
from integrations.social.reddit.config import RedditSourceConfig
from integrations.social.reddit.publish import RedditPublisher
from integrations.social.x.config import XSourceConfig
from integrations.social.x.source import XPublisher
from tests.integrations.test_review_mastodon_token_swapped import DiesAtPost, due_publishes
from tests.support.clock import FakeClock
from tests.support.fake_atproto import POST, FakeAppView, FakePds
from tests.support.fake_reddit import Reddit
from tests.support.fake_x import USER_ID, FakeX
from tests.support.lost_claim import service
from tests.support.netserver import NetServer

TEXT = "Thanks, we are on it: updates at https://status.example.com"
ACME_DID = "did:plc:acmeacmeacmeacmeacmeacme"
OTHER_DID = "did:plc:otherotherotherotherothe"


@dataclass
class Accounts:
    """One network with the company's two accounts: the publisher of the first (a new one is a
    new process), ``swap()`` making the network answer the second's credentials (its publisher
    then ``second()``), how many posts both made, the path a post goes to, the reply target and
    how the first account is named to the operator."""

    first: Callable[[httpx.AsyncClient], Publisher]
    second: Callable[[httpx.AsyncClient], Publisher]
    swap: Callable[[], None]
    posts: Callable[[], int]
    post_path: str
    reply_to: str | None
    first_named: str


def x_accounts(net: NetServer, clock: FakeClock) -> Accounts:
    acme = FakeX(net, clock=clock)
    others: list[FakeX] = []
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user-a", user_id=USER_ID, timeout=2.0)
    swapped = cfg.model_copy(update={"user_token": "user-b", "user_id": None})
    return Accounts(
        first=lambda client: XPublisher(cfg, client=client, clock=clock),
        second=lambda client: XPublisher(swapped, client=client, clock=clock),
        swap=lambda: others.append(FakeX(net, user_id="901234", username="acmehelp",
                                         clock=clock)),
        posts=lambda: len(acme.tweets) + sum(len(o.tweets) for o in others),
        post_path="/2/tweets", reply_to="x:42", first_named="@acmesupport")


def reddit_accounts(net: NetServer, clock: FakeClock) -> Accounts:
    botuser = Reddit(net, clock=clock)
    others: list[Reddit] = []
    cfg = RedditSourceConfig(id="rd", type="reddit", base_url=net.base, auth_url=net.base,
                             client_id="cid", client_secret="sec", username="botuser",
                             password="pw", timeout=1.0)
    swapped = cfg.model_copy(update={"username": "otherbot", "password": "pw2"})
    return Accounts(
        first=lambda client: RedditPublisher(cfg, client=client, clock=clock),
        second=lambda client: RedditPublisher(swapped, client=client, clock=clock),
        swap=lambda: others.append(Reddit(net, username="otherbot", clock=clock)),
        posts=lambda: len(botuser.comments) + sum(len(o.comments) for o in others),
        post_path="/api/comment", reply_to="reddit:t1_parent1", first_named="u/botuser")


def bluesky_accounts(net: NetServer, clock: FakeClock) -> Accounts:
    pds = FakePds(net, FakeAppView(net))
    pds.add_account(ACME_DID, "acme.test", "app-pass")
    pds.add_account(OTHER_DID, "other.test", "other-pass")
    cfg = BlueskySourceConfig(id="bsky", type="bluesky", base_url=net.base, pds_url=net.base,
                              handle="acme.test", app_password="app-pass", queries=("acme",),
                              timeout=2)
    swapped = cfg.model_copy(update={"handle": "other.test", "app_password": "other-pass"})
    return Accounts(
        first=lambda client: BlueskyPublisher(cfg, client=client, clock=clock),
        second=lambda client: BlueskyPublisher(swapped, client=client, clock=clock),
        swap=lambda: None,  # both accounts are on the PDS: the new app password says which
        posts=lambda: sum(1 for key in pds.records if key[1] == POST),
        post_path="/xrpc/com.atproto.repo.putRecord", reply_to=None, first_named="@acme.test")


NETWORKS = {"x": x_accounts, "reddit": reddit_accounts, "bluesky": bluesky_accounts}


async def killed_then_retried(net: NetServer, clock: FakeClock, network: str,
                              config: StoreConfig, redis_url: str | None, *,
                              swapped: bool) -> tuple[Accounts, str, list[tuple[str, str]]]:
    """A reply drafted, approved and posted by a process killed at the network's answer; the
    credentials swapped for the other account's (``swapped``) or left; a restart 5 minutes
    later whose publish timer fires. The accounts, the approval's status then and its failed
    tries (action, detail)."""
    accounts = NETWORKS[network](net, clock)
    transport = DiesAtPost(accounts.post_path)
    async with httpx.AsyncClient(transport=transport) as client:
        store = await open_store(config, redis_url=redis_url, clock=clock)
        dying = service(store, clock, network, accounts.first(client))
        draft, said = await dying.draft(text=TEXT, network=network, account=network,
                                        author="alice", reply_to=accounts.reply_to)
        assert draft is not None, said
        publishing = asyncio.create_task(
            dying.approve(draft.id, "dave", shown_hash=draft.content_hash[:16]))
        await asyncio.wait_for(transport.posted.wait(), 30)
        publishing.cancel()  # the process is killed after the post, before its record
        await asyncio.gather(publishing, return_exceptions=True)
        await store.close()
        assert accounts.posts() == 1

        if swapped:
            accounts.swap()
        clock.advance(minutes=5)  # past the claim's lease: the publish timer is due
        store = await open_store(config, redis_url=redis_url, clock=clock)
        try:
            later = service(store, clock, network,
                            (accounts.second if swapped else accounts.first)(client))
            await due_publishes(store, later, clock)
            done = await store.get_approval(draft.id)
        finally:
            await store.close()
    assert done is not None
    return accounts, done.status, [(e.action, e.detail) for e in done.history
                                   if e.action in (UNCONFIRMED, UNSENT)]


@pytest.mark.parametrize("network", list(NETWORKS))
async def test_a_retry_after_the_credentials_were_swapped_posts_nothing_and_names_the_account(
        net: NetServer, clock: FakeClock, tmp_path: Path, network: str) -> None:
    config = StoreConfig(backend="sqlite", path=str(tmp_path / "socialops.db"))
    accounts, status, failed = await killed_then_retried(net, clock, network, config, None,
                                                         swapped=True)
    assert accounts.posts() == 1, f"{network} posted again from the other account"
    assert status == "approved", status  # unconfirmed: tried again later, looking first
    [(_, said)] = failed
    assert accounts.first_named in said and "look at that account's posts" in said, said
    assert "\n" not in said


async def test_on_redis_the_same(net: NetServer, clock: FakeClock, redis_url: str) -> None:
    accounts, status, failed = await killed_then_retried(
        net, clock, "x", StoreConfig(backend="redis"), redis_url, swapped=True)
    assert accounts.posts() == 1 and status == "approved", status
    [(_, said)] = failed
    assert "@acmesupport" in said, said


@pytest.mark.parametrize("network", list(NETWORKS))
async def test_the_same_account_after_a_restart_finds_its_post(
        net: NetServer, clock: FakeClock, tmp_path: Path, network: str) -> None:
    config = StoreConfig(backend="sqlite", path=str(tmp_path / "socialops.db"))
    accounts, status, failed = await killed_then_retried(net, clock, network, config, None,
                                                         swapped=False)
    assert accounts.posts() == 1 and status == "published" and not failed, (status, failed)


async def test_a_retry_whose_claims_recorded_nobody_looks_as_before(
        net: NetServer, client: httpx.AsyncClient, clock: FakeClock) -> None:
    """Claims an earlier release made (``attempt 2`` alone) record nobody: the retry's look
    compares with the token in use and asks X nothing more than it did."""
    fake = FakeX(net, clock=clock)
    landed = fake.add(TEXT, in_reply_to="42", at=clock())
    cfg = XSourceConfig(id="x1", type="x", base_url=net.base, bearer_token="app",
                        user_token="user-a", user_id=USER_ID, timeout=2.0)
    found = await XPublisher(cfg, client=client, clock=clock).publish(
        TEXT, reply_to="x:42", idempotency_key="k", maybe_published=True,
        attempted_since=clock())
    assert found.id == landed["id"] and len(fake.tweets) == 1
    assert not net.requests_to("/2/users/me")


def test_a_record_reads_back_and_mastodons_of_the_last_release_still_read() -> None:
    said = Poster("783214", name="@acmesupport").record()
    assert read_poster(said) == Poster("783214", name="@acmesupport")
    assert read_poster('{"app":"socialops","account":"1","server":"m.example"}') == Poster(
        "1", server="m.example", app="socialops")
    assert read_poster('{"app":null,"account":"1","server":"m.example"}') == Poster(
        "1", server="m.example")
    for damaged in ("", "attempt 2", "[1]", '{"account": 7}', "{", "null"):
        assert read_poster(damaged) is None, damaged
