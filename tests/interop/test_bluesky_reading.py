"""Reading Bluesky against the AT Protocol reference stack: posts deleted or rewritten between
polls, and posts a moderation service labelled, which the AppView still lists.

The deployment, the other accounts and their XRPC writes are those of test_bluesky_real.py;
the stack is the session's (conftest.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.interop.test_bluesky_real import (  # noqa: F401 (fixtures)
    POST,
    SECRET,
    Deployer,
    World,
    deploy,
    ids,
    iso,
    wall,
    world,
)

if TYPE_CHECKING:
    from tests.interop.conftest import AtprotoStack


async def test_a_notified_post_deleted_or_rewritten_before_the_poll_is_read_as_the_appview_has_it(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """Held: a mention deleted before the poll is no mention (the AppView drops its
    notification and its search entry); a post rewritten at its key (``putRecord``, as a
    client that "edits" does) is the same mention, not a new one."""
    bot, alice = atproto.account("rw-bot"), atproto.account("rw-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "queries": ["Gone Cloud"],
                       "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("bsky")
    [kept, gone] = await world.mentioning(alice, [f"@{bot.handle} Gone Cloud one",
                                                  f"@{bot.handle} Gone Cloud two"])
    atproto.process()
    await world._xrpc(atproto.pds, "com.atproto.repo.deleteRecord", who=alice,
                      json={"repo": alice.did, "collection": POST,
                            "rkey": gone.uri.rsplit("/", 1)[-1]})
    atproto.process()
    assert ids(await source.poll()) == [kept.uri]
    await world._xrpc(atproto.pds, "com.atproto.repo.putRecord", who=alice, json={
        "repo": alice.did, "collection": POST, "rkey": kept.uri.rsplit("/", 1)[-1],
        "record": {"$type": POST, "text": f"@{bot.handle} Gone Cloud one, edited",
                   "createdAt": iso(wall())}})
    atproto.process()
    assert await source.poll() == []


async def test_a_post_the_moderation_service_labels_hide_is_no_mention(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """A moderation service's ``!hide`` (global: "filters the content from listings", no user
    setting overrides it) leaves the post in searchPosts and listNotifications, with the label
    on the view: a post Bluesky shows to nobody was a card to answer. A ``spam`` label is
    informational and the post still comes; a negated ``!hide`` hides nothing. An account
    labelled ``!hide`` (the label on ``author.labels``) hides its posts alike."""
    bot, alice = atproto.account("label-bot"), atproto.account("label-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "queries": ["Label Cloud"],
                       "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("bsky")
    hidden, spam, negated = await world.mentioning(alice, [
        f"@{bot.handle} Label Cloud free followers", f"@{bot.handle} Label Cloud deals",
        f"@{bot.handle} Label Cloud is down"])
    searched = await world.post(alice, "Label Cloud hidden from search too")
    # the author's own !hide, a self-label in the record: the AppView shows it on the view,
    # and the app ignores it (no-self)
    text = f"@{bot.handle} Label Cloud self-labelled"
    selfish = await world.create(alice, POST, {
        "$type": POST, "text": text, "facets": atproto.facets([text], resolve=True)[0],
        "createdAt": iso(wall()), "labels": {"$type": "com.atproto.label.defs#selfLabels",
                                             "values": [{"val": "!hide"}]}})
    spammer = atproto.account("label-spammer")
    [by_hidden_account] = await world.mentioning(spammer, [f"@{bot.handle} Label Cloud promo"])
    atproto.process()
    atproto.label(spammer.did, "", create=["!hide"])  # the account, not a post
    for ref in (hidden, negated, searched):
        atproto.label(ref.uri, ref.cid, create=["!hide"])
    atproto.label(spam.uri, spam.cid, create=["spam"])
    views = await world.appview_posts([hidden.uri, negated.uri, searched.uri])
    assert [[x["val"] for x in v["labels"]] for v in views] == [["!hide"]] * 3
    atproto.label(negated.uri, negated.cid, negate=["!hide"])
    [view] = await world.appview_posts([negated.uri])
    assert not view.get("labels")  # the AppView serves no negated label
    # the AppView still lists them all, labelled
    assert set(await world.search("Label Cloud")) >= {hidden.uri, searched.uri}
    got = await source.poll()
    [view] = await world.appview_posts([selfish.uri])
    assert [(x["src"], x["val"]) for x in view["labels"]] == [(alice.did, "!hide")]
    assert sorted(ids(got)) == sorted([spam.uri, negated.uri, selfish.uri])
    # each hidden post skipped and counted where it was read (the first by search too)
    [view] = await world.appview_posts([by_hidden_account.uri])
    assert [x["val"] for x in view["author"]["labels"]] == ["!hide"]
    assert {r.split(": ")[0] for r in source.skipped} == {hidden.uri, searched.uri,
                                                          by_hidden_account.uri}
    assert all("labelled !hide" in reason for reason in source.skipped)
    assert await source.poll() == []


async def test_an_account_taken_down_after_it_was_read_is_gone_from_every_read(
    atproto: AtprotoStack, deploy: Deployer, world: World  # noqa: F811
) -> None:
    """Held: once the AppView takes an account down (``getProfile`` answers ``400
    AccountTakedown``), its posts leave notifications and search, and ``why`` on a card of
    one finds nothing, without an error."""
    bot, alice = atproto.account("td-bot"), atproto.account("td-alice")
    d = await deploy([{"id": "bsky", "handle": bot.handle, "app_password": SECRET,
                       "notifications": True, "queries": ["Down Cloud"],
                       "backfill_minutes": 5}],
                     BLUESKY_APP_PASSWORD=bot.app_password)
    source = d.source("bsky")
    await world.mentioning(alice, [f"@{bot.handle} Down Cloud one"])
    atproto.process()
    [first] = await source.poll()
    await world.mentioning(alice, [f"@{bot.handle} Down Cloud two"])
    atproto.process()
    atproto.takedown(alice.did)
    r = await world.http.get(f"{atproto.appview}/xrpc/app.bsky.actor.getProfile",
                             params={"actor": alice.did})
    assert (r.status_code, r.json()["error"]) == (400, "AccountTakedown")
    assert await source.poll() == []
    assert first.url is not None and await source.lookup(first.url) is None
