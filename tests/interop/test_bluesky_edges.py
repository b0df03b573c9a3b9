"""The Bluesky adapter against the AT Protocol reference stack, at its edges: threads deeper
than one reply, replies the AppView will not show (a thread gate, a block), posts deleted
before the answer, posts whose ``createdAt`` lies behind the AppView's clock (a phone's clock
running slow), embeds (images, link cards, quotes) and declared languages.

The deployment, the other accounts and their XRPC writes are those of test_bluesky_real.py;
the stack is the session's (conftest.py).
"""

from __future__ import annotations

import base64
import re
from datetime import timedelta, timezone
from typing import TYPE_CHECKING, Any

import pytest

from bot.core.errors import NotThere, PublishError
from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    POST,
    SECRET,
    Deployer,
    Ref,
    World,
    deploy,
    ids,
    iso,
    uri_of,
    wall,
    world,
)

if TYPE_CHECKING:
    from tests.interop.conftest import Account, AtprotoStack

# a 1x1 PNG: the PDS stores any blob; the AppView only builds its CDN address
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


async def reply(net: World, who: Account, text: str, *, root: Ref, parent: Ref) -> Ref:
    return await net.create(who, POST, {"$type": POST, "text": text, "createdAt": iso(wall()),
                                        "reply": {"root": root.strong(),
                                                  "parent": parent.strong()}})


async def thread(net: World, atproto: AtprotoStack, root: str) -> dict[str, Any]:
    d = await net._xrpc(atproto.appview, "app.bsky.feed.getPostThread",
                        params={"uri": root, "depth": 10})
    return dict(d["thread"])


def replies_under(node: dict[str, Any]) -> dict[str, list[str]]:
    """parent uri -> the uris of the replies the AppView shows under it, the whole tree."""
    out: dict[str, list[str]] = {}
    for child in node.get("replies") or ():
        out.setdefault(node["post"]["uri"], []).append(child["post"]["uri"])
        out.update(replies_under(child))
    return out


# -- replies -----------------------------------------------------------------------------------


async def test_a_reply_deep_in_a_thread_names_its_root_and_shows_under_its_parent(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    bot, alice, bob = (atproto.account(h) for h in ("deep-bot", "deep-alice", "deep-bob"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    root = await world.post(alice, "Deep Cloud outage thread 🧵")
    one = await reply(world, bob, "same here", root=root, parent=root)
    two = await reply(world, alice, "still down for me", root=root, parent=one)
    atproto.process()
    result = await d.publisher("bsky").publish("Sorry! Looking into it now 🙏",
                                               reply_to=f"bluesky:{two.uri}",
                                               idempotency_key="deep-1")
    _, record = await world.record(uri_of(result.id))
    assert record["reply"] == {"root": root.strong(), "parent": two.strong()}
    atproto.process()
    assert replies_under(await thread(world, atproto, root.uri)) == {
        root.uri: [one.uri], one.uri: [two.uri], two.uri: [uri_of(result.id)]}


async def test_a_reply_to_a_deleted_post_fails_in_one_line_and_writes_nothing(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    bot, alice = atproto.account("gone-bot"), atproto.account("gone-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    post = await world.post(alice, "Gone Cloud is down")
    atproto.process()
    await world._xrpc(atproto.pds, "com.atproto.repo.deleteRecord", who=alice, json={
        "repo": alice.did, "collection": POST, "rkey": post.uri.rsplit("/", 1)[-1]})
    atproto.process()
    for _ in range(2):  # a retry of the approval says the same, and writes nothing either
        with pytest.raises(PublishError) as caught:
            await d.publisher("bsky").publish("On it!", reply_to=f"bluesky:{post.uri}",
                                              idempotency_key="gone-1")
        assert "\n" not in str(caught.value) and "gone" in str(caught.value)
    assert await world.own_posts(bot) == []


async def test_a_reply_the_appview_would_hide_is_refused_before_writing(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A post whose author lets nobody reply (a thread gate), and one by an author who blocks
    the bot: the PDS takes any reply record, but the AppView shows it to nobody. The post view
    says so to the bot (``viewer.replyDisabled``); writing would mark the approval published
    while no one ever sees the answer."""
    bot, alice, carol, dave = (atproto.account(h) for h in
                               ("gate-bot", "gate-alice", "gate-carol", "gate-dave"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    gated = await world.post(alice, "Gate Cloud lost my data. Not taking replies.")
    # a thread gate's record key is its post's; "allow": [] lets nobody reply
    await world._xrpc(atproto.pds, "com.atproto.repo.createRecord", who=alice, json={
        "repo": alice.did, "collection": "app.bsky.feed.threadgate",
        "rkey": gated.uri.rsplit("/", 1)[-1],
        "record": {"$type": "app.bsky.feed.threadgate", "post": gated.uri, "allow": [],
                   "createdAt": iso(wall())}})
    # the gate is the thread's: a reply in it (its author may reply) is gated too
    inside = await reply(world, alice, "(details below)", root=gated, parent=gated)
    blocked = await world.post(carol, "Gate Cloud again 🙄")
    await world.create(carol, "app.bsky.graph.block", {"$type": "app.bsky.graph.block",
                                                       "subject": bot.did,
                                                       "createdAt": iso(wall())})
    blocking = await world.post(dave, "Gate Cloud, hello?")  # the bot's account blocks dave
    await world.create(bot, "app.bsky.graph.block", {"$type": "app.bsky.graph.block",
                                                     "subject": dave.did,
                                                     "createdAt": iso(wall())})
    atproto.process()
    for i, (post, said) in enumerate(((gated, "does not let this account reply"),
                                      (inside, "does not let this account reply"),
                                      (blocked, "hidden from this account"),
                                      (blocking, "hidden from this account"))):
        with pytest.raises(PublishError) as caught:
            await d.publisher("bsky").publish("Sorry, DM us?", reply_to=f"bluesky:{post.uri}",
                                              idempotency_key=f"gate-{i}")
        message = str(caught.value)
        assert "\n" not in message and said in message, message
        assert message.endswith("nothing was posted"), message
    assert await world.own_posts(bot) == []


# -- reading -----------------------------------------------------------------------------------


async def test_a_mention_dated_behind_the_cursor_is_read_once(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A phone whose clock runs a few minutes slow writes ``createdAt`` in the past. The
    AppView sorts and dates notifications (and dev-env's search) by ``sortAt``, the earlier of
    ``createdAt`` and when it indexed the post: such a post comes dated before mentions already
    read. It is still new, and read once (within the lookback, and not from before the first
    run's backfill, which is what it reads of the past)."""
    bot, alice, bob = (atproto.account(h) for h in ("skew-bot", "skew-alice", "skew-bob"))
    d = await deploy([{"id": "notified", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "backfill_minutes": 10},
                      {"id": "search", "handle": bot.handle, "app_password": SECRET,
                       "queries": ["Skew Cloud"], "backfill_minutes": 10}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    sources = [d.source("notified"), d.source("search")]
    for source in sources:
        assert await source.poll() == []
    texts = [f"@{bot.handle} Skew Cloud is down", f"@{bot.handle} and now Skew Cloud billing"]
    facets = atproto.facets(texts, resolve=True)
    first = await world.post(alice, texts[0], facets=facets[0])
    atproto.process()
    for source in sources:
        assert ids(await source.poll()) == [first.uri]
    slow = await world.post(bob, texts[1], facets=facets[1],
                            created_at=wall() - timedelta(minutes=3))
    atproto.process()
    [view] = await world.appview_posts([slow.uri])
    assert view["indexedAt"] < (await world.appview_posts([first.uri]))[0]["indexedAt"]
    for source in sources:
        assert ids(await source.poll()) == [slow.uri]
        assert await source.poll() == []


async def test_posts_whose_clients_wrote_odd_times_are_read_as_the_appview_shows_them(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A client may write any ``createdAt`` (``validate: false``). What the reference AppView
    does with each, and what the adapter reads of it: times the lexicon allows in unusual
    spellings (nine fractional digits, an offset) are shown and read at their instant; a
    date before 1970 is shown dated so (its ``indexedAt`` too: the AppView's sort time, the
    earlier of the two), and is history to the poll, as any post dated before the backfill;
    times the lexicon refuses (a lower-case ``t``, no zone, words) this AppView does not index
    at all, so only Jetstream, which relays records unchecked, delivers them (read there,
    dated by the event: test_bluesky.py). None is counted as malformed."""
    bot, alice = (atproto.account(h) for h in ("odd-bot", "odd-alice"))
    d = await deploy([{"id": "search", "handle": bot.handle, "app_password": SECRET,
                       "queries": ["Odd Cloud"], "backfill_minutes": 10}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("search")
    assert await source.poll() == []
    at = wall().replace(microsecond=0) - timedelta(minutes=2)
    written = {
        "nanoseconds": at.strftime("%Y-%m-%dT%H:%M:%S.123456789Z"),
        "offset": (at.astimezone(timezone(timedelta(hours=5, minutes=45)))
                   .strftime("%Y-%m-%dT%H:%M:%S+05:45")),
        "before 1970": "1960-01-01T00:00:00.000Z",
        "lower case": at.strftime("%Y-%m-%dt%H:%M:%Sz"),
        "no zone": at.strftime("%Y-%m-%dT%H:%M:%S"),
        "words": "two minutes ago",
    }
    refs = {name: await world.create(alice, POST, {"$type": POST, "text": f"Odd Cloud {name}",
                                                   "createdAt": value}, validate=False)
            for name, value in written.items()}
    atproto.process()
    shown = {v["uri"]: v for v in await world.appview_posts([r.uri for r in refs.values()])}
    assert sorted(n for n, r in refs.items() if r.uri in shown) == \
        ["before 1970", "nanoseconds", "offset"]
    assert shown[refs["before 1970"].uri]["indexedAt"] == "1960-01-01T00:00:00.000Z"
    got = {m.native_id: m.created_at for m in await source.poll()}
    assert got == {refs["nanoseconds"].uri: at + timedelta(microseconds=123456),
                   refs["offset"].uri: at}
    assert source.skipped == []


async def test_images_link_cards_and_quotes_become_media_and_links(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    bot, alice = atproto.account("embed-bot"), atproto.account("embed-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "queries": ["Embed Cloud"], "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.repo.uploadBlob", content=PNG,
                              headers={"Authorization": f"Bearer {alice.access_jwt}",
                                       "Content-Type": "image/png"})
    assert r.status_code == 200, r.text
    blob = r.json()["blob"]
    images = {"$type": "app.bsky.embed.images",
              "images": [{"alt": "error screen", "image": blob}]}
    card = {"$type": "app.bsky.embed.external",
            "external": {"uri": "https://status.embed.example/incident/7", "title": "Incident 7",
                         "description": "Degraded"}}
    base = {"$type": POST, "createdAt": iso(wall())}
    pic = await world.create(alice, POST, {**base, "text": "Embed Cloud error 😩",
                                           "embed": images, "langs": ["pt-BR"]})
    link = await world.create(alice, POST, {**base, "text": "Embed Cloud status",
                                            "embed": card, "langs": ["ja"]})
    quote = await world.create(alice, POST, {**base, "text": "Embed Cloud, see this", "embed": {
        "$type": "app.bsky.embed.recordWithMedia",
        "record": {"$type": "app.bsky.embed.record", "record": link.strong()},
        "media": images}})
    atproto.process()
    got = {m.id.removeprefix("bluesky:"): m for m in await d.source("bsky").poll()}
    assert set(got) == {pic.uri, link.uri, quote.uri}
    [view] = await world.appview_posts([pic.uri])
    fullsize = view["embed"]["images"][0]["fullsize"]
    assert got[pic.uri].media == (fullsize,)
    assert got[pic.uri].language == "pt"
    assert got[link.uri].links == ("https://status.embed.example/incident/7",)
    assert got[link.uri].language == "ja"
    assert len(got[quote.uri].media) == 1


async def test_authors_have_their_follower_counts_whichever_way_a_post_was_found(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """The AppView's post views and notifications name an author without counts (its
    ``profileViewBasic``): a rule's ``min_followers`` and the influence tag saw "unknown"
    followers for every Bluesky author. The counts come from ``getProfiles``; a post found by
    search and by notification keeps its view's media."""
    bot, alice, bob, carol = (atproto.account(h) for h in
                              ("fame-bot", "fame-alice", "fame-bob", "fame-carol"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "queries": ["Fame Cloud"], "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    for fan in (bob, carol):
        await world.create(fan, "app.bsky.graph.follow", {"$type": "app.bsky.graph.follow",
                                                          "subject": alice.did,
                                                          "createdAt": iso(wall())})
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.repo.uploadBlob", content=PNG,
                              headers={"Authorization": f"Bearer {alice.access_jwt}",
                                       "Content-Type": "image/png"})
    text = f"@{bot.handle} Fame Cloud ate my invoice"
    [facets] = atproto.facets([text], resolve=True)
    both = await world.create(alice, POST, {
        "$type": POST, "text": text, "facets": facets, "createdAt": iso(wall()),
        "embed": {"$type": "app.bsky.embed.images",
                  "images": [{"alt": "", "image": r.json()["blob"]}]}})
    [mention_only] = await world.mentioning(bob, [f"@{bot.handle} help please"])
    atproto.process()
    got = {m.id.removeprefix("bluesky:"): m for m in await d.source("bsky").poll()}
    assert set(got) == {both.uri, mention_only.uri}
    assert got[both.uri].author.followers == 2 and got[mention_only.uri].author.followers == 0
    assert len(got[both.uri].media) == 1


async def test_an_author_who_changes_handle_between_polls_stays_one_customer(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """The customer is the DID: a handle is a name the author may change (and someone else may
    take). After ``updateHandle`` the next mention carries the new handle and address, the
    same author id and customer key; the earlier post's address by the old handle no longer
    leads anywhere, while its at-uri does."""
    bot, alice = atproto.account("rename-bot"), atproto.account("rename-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "queries": ["Rename Cloud"], "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("bsky")
    before = await world.post(alice, "Rename Cloud ticket 1")
    atproto.process()
    [first] = await source.poll()
    new_handle = "renamed-alice.test"
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.identity.updateHandle",
                              headers={"Authorization": f"Bearer {alice.access_jwt}"},
                              json={"handle": new_handle})
    assert r.status_code == 200, r.text  # an empty body
    after = await world.post(alice, "Rename Cloud ticket 2")
    atproto.process()
    [second] = await source.poll()
    assert second.id == f"bluesky:{after.uri}"
    assert (first.author.handle, second.author.handle) == (alice.handle, new_handle)
    assert second.author.id == first.author.id == alice.did
    assert second.customer_key == first.customer_key
    assert second.url.startswith(f"https://bsky.app/profile/{new_handle}/post/")
    gone = f"no account has the handle {re.escape(alice.handle)} now"
    with pytest.raises(NotThere, match=gone):
        await source.lookup(first.url)  # by the old handle: nobody's now, said so
    again = await source.lookup(before.uri)
    assert again is not None and again.author.handle == new_handle


async def test_a_mention_read_from_notifications_has_its_images_and_counts(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A notification holds the post's record, whose images are blob references: a mention
    with a screenshot had no media (a ``media`` rule never matched it) and no like or reply
    counts, where the same post found by search had both. Notified posts are read as views."""
    bot, alice, bob = (atproto.account(h) for h in ("pic-bot", "pic-alice", "pic-bob"))
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    r = await world.http.post(f"{atproto.pds}/xrpc/com.atproto.repo.uploadBlob", content=PNG,
                              headers={"Authorization": f"Bearer {alice.access_jwt}",
                                       "Content-Type": "image/png"})
    text = f"@{bot.handle} this error again"
    [facets] = atproto.facets([text], resolve=True)
    post = await world.create(alice, POST, {
        "$type": POST, "text": text, "facets": facets, "createdAt": iso(wall()),
        "embed": {"$type": "app.bsky.embed.images",
                  "images": [{"alt": "screenshot", "image": r.json()["blob"]}]}})
    await world.create(bob, "app.bsky.feed.like", {"$type": "app.bsky.feed.like",
                                                   "subject": post.strong(),
                                                   "createdAt": iso(wall())})
    atproto.process()
    [mention] = await d.source("bsky").poll()
    [view] = await world.appview_posts([post.uri])
    assert mention.id == f"bluesky:{post.uri}"
    assert mention.media == (view["embed"]["images"][0]["fullsize"],)
    assert mention.metrics["likes"] == 1 and mention.author.followers == 0
    assert mention.text == text and mention.handles == (bot.did,)


async def test_the_accounts_own_password_works_and_is_said_to_give_every_right(
    atproto: AtprotoStack, deploy: Deployer, world: World,  # noqa: F811
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The reference PDS makes a session from an account's own password as from an app
    password, and its token says which (``scope``: ``com.atproto.access`` against
    ``com.atproto.appPass``). A source given the account's password worked without a word,
    with every right of the account (its email, its password, deleting it). ``run`` (the
    source's first session) and ``check --online`` now say so in one warning line naming
    ``app_password``; an app password is said nothing of."""
    from bot.app.online import check_online
    from bot.core.config import load_config
    from bot.core.errors import ConfigError

    bot = atproto.account("owner-bot")
    for secret, warned in ((bot.password, True), (bot.app_password, False)):
        caplog.clear()
        d = await deploy([{"id": "own", "handle": bot.handle, "app_password": SECRET,
                           "queries": ["Own Cloud"], "publish": "network"}],
                         BLUESKY_APP_PASSWORD=secret)
        assert await d.source("own").poll() == []  # it works either way
        said = [r.getMessage() for r in caplog.records
                if "account's own password" in r.getMessage()]
        assert said == ([
            "bluesky own: app_password is the account's own password, which lets socialops do "
            "anything the account can (change its email and password, delete it); make an app "
            "password for it (Settings → Privacy and security → App passwords) and set that "
            "instead"] if warned else []), said
        loaded = load_config(deploy.tmp / f"socialops-{len(deploy.opened) - 1}.yaml",
                             env=d.env)
        warnings: list[ConfigError] = []
        problems = await check_online(loaded, warnings=warnings, deadline=60)
        assert problems == []
        lines = [str(w) for w in warnings]
        assert [("sources[0].app_password" in w and "the account's own password" in w)
                for w in lines] == ([True] if warned else []), lines
