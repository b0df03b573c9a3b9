"""A marketing member and a support lead asking ``why`` of posts their subscriptions and the
rules saw or did not (a review with the Slack slash command and the real app on SQLite): the
answer says truly why, in words they can act on."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import pytest

from bot.core.models import Author, Mention, Network
from rules import load_rules
from rules.loader import inspect_rules
from tests.e2e.test_never_silent import status
from tests.e2e.test_queue import ask
from tests.e2e.test_why_differential import set_rules
from tests.e2e.world import DAVE, MARKETING, SUPPORT, World
from tests.rules.support import CHANNELS, ESCALATIONS

TWEET = "1858555260376832791"


@pytest.mark.parametrize("address", [
    f"https://nitter.net/tom/status/{TWEET}#m",
    f"https://xcancel.com/tom/status/{TWEET}",
    f"https://fxtwitter.com/tom/status/{TWEET}",
    f"https://vxtwitter.com/tom/status/{TWEET}",
    f"https://fixupx.com/tom/status/{TWEET}",
    f"https://fixvx.com/tom/status/{TWEET}",
])
async def test_why_finds_a_fetched_x_post_by_its_mirror_address(world: World,
                                                                 address: str) -> None:
    """An X post pasted from a front end that mirrors X (nitter, xcancel) or from the embed
    fixers Discord users paste (fxtwitter, vxtwitter, fixupx): the status id is in the address
    as on x.com. ``why`` answered 'socialops never fetched this post' and 'no configured
    source reads rss' of a post it had fetched and alerted on."""
    await world.slash(DAVE, MARKETING, "subscribe acmecloud")
    await world.until(lambda: world.a is not None and world.slack.responses, "subscribed")
    m = Mention(id=f"x:{TWEET}", network=cast(Network, "x"), source="masto",
                url=f"https://x.com/tom/status/{TWEET}", text="acmecloud sync is slow again",
                created_at=world.clock(), author=Author(id="9", handle="tom", followers=10))
    await world.a.pipeline.process(m)
    await world.a.outbox.drain()
    answer = await ask(world, DAVE, MARKETING, f"why {address}")
    assert answer.startswith(f"x:{TWEET} by @tom"), answer
    assert "fired (alert to #marketing)" in answer, answer


async def test_why_of_a_post_fetched_before_the_subscription_says_so(world: World) -> None:
    """A marketer subscribes to `logo` and asks why the post about the new logo from five
    minutes before never reached the channel. ``why`` said 'no route or subscription fired'
    and then '✔ S-1: fired' and 'alert sub:S-1 -> slack:CMKT', of a post no card showed:
    the subscription was made after the post was fetched, and a subscription takes posts
    fetched from then on (``preview`` shows the earlier ones)."""
    m = await world.mention("the new logo is great", n=2)
    world.clock.advance(minutes=5)
    made = await ask(world, DAVE, MARKETING, "subscribe logo")
    assert made.startswith("S-1 created"), made
    assert world.posts(MARKETING) == []
    answer = await ask(world, DAVE, MARKETING, f"why {m.url}")
    assert "no route or subscription fired" in answer, answer
    assert "S-1 was made" in answer and "after this post was fetched" in answer, answer


async def test_why_of_a_post_fetched_longer_ago_than_traces_are_kept(world: World) -> None:
    """A support lead asks, nine days on, why a Mastodon post (of the server the source reads)
    was not seen. It was fetched and alerted on; its trace is gone after
    ``store.retention.traces_days`` (7). ``why <its address>`` looked it up and said
    'socialops never fetched this post', which is not true. The mention id form says it may
    have been fetched longer ago than the traces are kept; the address form, where the
    lookup gave the post's time, says so too."""
    post = status(world, "7171", "acme outage, nothing loads #acme")
    post["tags"] = [{"name": "acme", "url": f"{world.masto.base}/tags/acme"}]
    m = Mention(id="mastodon:7171", network="mastodon", source="masto",
                url=str(post["url"]), text="acme outage, nothing loads #acme",
                created_at=world.clock(), author=Author(id="acct-kasia", handle="kasia"),
                hashtags=("acme",))
    await world.a.pipeline.process(m)
    await world.a.outbox.drain()
    assert "ticket" in (await ask(world, DAVE, SUPPORT, "why mastodon:7171"))
    world.masto.json("GET", "/api/v1/statuses/7171", post)
    world.clock.advance(days=9)
    answer = await ask(world, DAVE, SUPPORT, f"why {post['url']}")
    assert "never fetched this post" not in answer, answer
    assert answer.startswith(f"{post['url']}: socialops has no record of this post. It was "
                             "posted longer ago than records are kept "
                             "(store.retention.traces_days, 7 days): if it was fetched then, "
                             "that record is gone"), answer


@pytest.mark.parametrize("typed", ["acme lang=en, pl", "acme lang=en ,pl", "lang=en, de acme"])
async def test_languages_typed_with_a_space_after_the_comma_are_refused(world: World,
                                                                        typed: str) -> None:
    """`lang=en, pl`, as people write lists: the subscription was made as `acme pl` for
    English posts only (`S-1: acme pl · realtime · lang en`): the word "pl" had to be in the
    post, and Polish posts were left out. The docs refuse each option typed so that it made a
    subscription other than the one typed; this one is refused saying how to write it."""
    answer = await ask(world, DAVE, MARKETING, f"subscribe {typed}")
    assert answer.startswith("write the languages without spaces: lang="), answer
    assert await world.a.store.list_subscriptions() == []


async def test_why_of_a_federated_post_fetched_through_two_servers_names_its_card(
        either: World) -> None:
    """Two Mastodon sources on two servers follow one hashtag: a post of a third server
    reaches both, numbered by each (mastodon:222 and mastodon:999), at one address (its `url`,
    the server it was posted on). The first makes the card; the second is a cross-post of it.
    ``why <that address>``, the link on the card, answered with the second's trace, 'not
    alerted: a cross-post of mastodon:222 (same author, same words on another network)': the
    post at that address was alerted on, and both copies are on one network."""
    world = either
    made = await ask(world, DAVE, MARKETING, "subscribe logo")
    assert made.startswith("S-1 created"), made
    url = "https://fosstodon.org/@bob/111"
    for mid, handle in (("mastodon:222", "bob@fosstodon.org"), ("mastodon:999", "bob")):
        m = Mention(id=mid, network="mastodon", source="masto", url=url,
                    text="the new acme logo is lovely, really", created_at=world.clock(),
                    author=Author(id=f"acct-{mid}", handle=handle))
        await world.a.pipeline.process(m)
        await world.a.outbox.drain()
    assert len(world.posts(MARKETING)) == 1
    answer = await ask(world, DAVE, MARKETING, f"why {url}")
    assert answer.startswith("mastodon:222 by @"), answer
    assert "• route sub:S-1 fired (alert to #marketing): alert" in answer, answer
    second = await ask(world, DAVE, MARKETING, "why mastodon:999")
    assert "a cross-post of mastodon:222" in second, second
    assert "another network" not in second, second


@pytest.mark.parametrize("prefix", ["/deck", "/web"])
async def test_why_reads_a_mastodon_address_of_the_advanced_web_interface(
        world: World, prefix: str) -> None:
    """Mastodon's advanced web interface shows a status at /deck/@user/<id> (4.0 on; /web/
    before), which is what a person copies from the address bar. ``why`` read it as a
    Mastodon address but the lookup found no status id in it, and said of a post fetched and
    alerted on that socialops never fetched it and that Mastodon did not return it (deleted,
    not public, or not readable)."""
    post = status(world, "8181", "the new acme logo is lovely")
    world.masto.json("GET", "/api/v1/statuses/8181", post)
    made = await ask(world, DAVE, MARKETING, "subscribe logo")
    assert made.startswith("S-1 created"), made
    m = Mention(id="mastodon:8181", network="mastodon", source="masto", url=str(post["url"]),
                text="the new acme logo is lovely", created_at=world.clock(),
                author=Author(id="acct-kasia", handle="kasia"))
    await world.a.pipeline.process(m)
    await world.a.outbox.drain()
    answer = await ask(world, DAVE, MARKETING, f"why {world.masto.base}{prefix}/@kasia/8181")
    assert answer.startswith("mastodon:8181 by @kasia"), answer
    assert "• route sub:S-1 fired (alert to #marketing): alert" in answer, answer


@pytest.mark.parametrize("tail", ["?utm_source=share", "/", "#replies"])
async def test_why_finds_a_fetched_mastodon_post_by_its_address_with_a_tracking_tail(
        world: World, tail: str) -> None:
    """A status of a server the source does not read (a remote post on a hashtag timeline),
    fetched and alerted on, pasted with what sharing adds (`?utm_source=share`, a last `/`,
    an anchor). Its trace is kept under its address; the lookup goes through the source's
    server's search, which resolves nothing here (as when the remote server is down, or the
    source has no user token). ``why`` said 'socialops never fetched this post' and that
    Mastodon did not return it (deleted, not public...), of a post carded minutes before: a
    status's path names it whole, so what follows the path names nothing else."""
    made = await ask(world, DAVE, MARKETING, "subscribe logo")
    assert made.startswith("S-1 created"), made
    m = await world.mention("the new logo is great", n=2)
    assert len(world.posts(MARKETING)) == 1
    answer = await ask(world, DAVE, MARKETING, f"why {m.url}{tail}")
    assert answer.startswith("mastodon:2 by @kasia"), answer
    assert "• route sub:S-1 fired (alert to #marketing): alert" in answer, answer


def test_a_route_named_like_a_subscription_is_refused_by_check(tmp_path: Path) -> None:
    """A route of the rules file named `sub:S-1` (as the card of the chat subscription it
    replaces said, "route: sub:S-1") was taken: its cards and `why` said `route sub:S-1`,
    the subscription S-1 of #marketing to whoever read them there, a `sub:*` silence matched
    it, and `unsubscribe S-1` or `mute S-1` left it posting. `socialops check` refuses the
    name; `run` and a reload keep the file, with one warning, as for the other mistakes
    earlier releases took."""
    path = tmp_path / "rules.yaml"
    path.write_text("routes:\n  - name: sub:S-1\n    match: {any: [pricing]}\n"
                    "    channel: marketing\n", encoding="utf-8")
    _, problems = inspect_rules(path, channels=CHANNELS, escalations=ESCALATIONS)
    assert [str(p) for p in problems] == [
        f"{path}:2: routes[0].name: route name 'sub:S-1' begins with sub:, which names chat "
        "subscriptions (sub:S-2 is the subscription S-2); rename the route"], problems
    assert [r.name for r, *_ in load_rules(path, channels=CHANNELS,
                                           escalations=ESCALATIONS).walk()] == ["sub:S-1"]


async def test_unsubscribe_by_the_query_removes_the_subscription_the_channel_follows_it_as(
        world: World) -> None:
    """A Hootsuite user removes a stream by what it follows: `unsubscribe logo`. The answer
    was "'logo' is not an id like S-2 / usage: unsubscribe <subscription id>", where the
    channel follows `logo` as S-1 and the bot knows it (subscribing again names it: "this
    channel already follows `logo` as S-1")."""
    made = await ask(world, DAVE, MARKETING, "subscribe logo")
    assert made.startswith("S-1 created"), made
    answer = await ask(world, DAVE, MARKETING, "unsubscribe logo")
    assert answer == "S-1 removed", answer
    assert (await ask(world, DAVE, MARKETING, "unsubscribe logo")).startswith(
        "no subscription of this channel follows `logo`")
    for line in ("subscribe Logo lang=en", "subscribe logo digest=hourly"):
        assert (await ask(world, DAVE, MARKETING, line)).startswith("S-")
    two = await ask(world, DAVE, MARKETING, "unsubscribe LOGO")
    assert two.startswith("2 subscriptions of this channel follow `LOGO`: S-2, S-3"), two


@pytest.mark.parametrize("query", ["covid-19", "iphone 15", '"new logo"', "wi-fi",
                                   "acme OR t-mobile"])
async def test_unsubscribe_by_a_query_holding_a_digit_a_dash_or_quotes(world: World,
                                                                      query: str) -> None:
    """`unsubscribe covid-19` (or `iphone 15`, a quoted phrase) was read as an id typed amiss
    ("'covid-19' is not an id like S-2"; `covid-19` an id of no kind: "no subscription
    COVID-19"), though the channel followed it: only a query of letters alone was looked up."""
    made = await ask(world, DAVE, MARKETING, f"subscribe {query}")
    assert made.startswith("S-1 created"), made
    answer = await ask(world, DAVE, MARKETING, f"unsubscribe {query}")
    assert answer == "S-1 removed", answer


@pytest.mark.parametrize("typed", ["sub2", "S2", '"S-2', "S-."])
async def test_an_id_typed_amiss_is_still_said_as_one(world: World, typed: str) -> None:
    """Guard for the query reading: a word shaped as an id is answered as an id."""
    answer = await ask(world, DAVE, MARKETING, f"unsubscribe {typed}")
    said = ("is not an id: its letter and number are joined by a hyphen; write S-2"
            if typed == "S2" else "is not an id like S-2")
    assert answer.startswith(f"{typed!r} {said}\nusage: unsubscribe"), answer


async def test_a_digest_subscription_removed_before_its_digest_was_due_posts_nothing(
        either: World) -> None:
    """`subscribe logo digest=hourly`, a post, then `unsubscribe S-1`: an hour later the
    digest "Digest for sub:S-1: 1 mention" was posted in the channel, of a subscription
    removed (docs/rules.md: once unsubscribed, nothing of it shows). ``why`` says the post
    was collected and not posted, and why."""
    world = either
    made = await ask(world, DAVE, MARKETING, "subscribe logo digest=hourly")
    assert made.startswith("S-1 created"), made
    m = await world.mention("the new logo is here", n=1)
    assert (await ask(world, DAVE, MARKETING, "unsubscribe S-1")) == "S-1 removed"
    world.clock.advance(hours=1, minutes=1)
    await world.timers()
    assert world.posts(MARKETING) == [], world.posts(MARKETING)
    answer = await ask(world, DAVE, MARKETING, f"why {m.id}")
    assert "not posted: the subscription was removed before the digest was due" in answer, \
        answer


@pytest.mark.parametrize(("text", "language"), [("new logo", "; language en"),
                                                 ("logo!", "; language unknown: let through")])
async def test_an_english_subscription_takes_a_short_english_post(world: World, text: str,
                                                                  language: str) -> None:
    """`subscribe logo lang=en`, as a Hootsuite stream filtered to English: a post the network
    sent without its language ("new logo", "logo!": a Reddit title, a Hacker News comment) was
    read as Polish or Portuguese and left out; `why` said `language: pl not in ['en']`. "new
    logo" is English by its word "new"; "logo!" is no language (one word, any language's), and
    a language filter lets such a post through, as a Mastodon timeline's chosen languages let
    posts of no language through."""
    made = await ask(world, DAVE, MARKETING, "subscribe logo lang=en")
    assert made.startswith("S-1 created"), made
    await world.mention(text, n=1)
    answer = await ask(world, DAVE, MARKETING, "why mastodon:1")
    assert "• route sub:S-1 fired (alert to #marketing): alert" in answer, answer
    explained = await ask(world, DAVE, MARKETING, "explain mastodon:1")
    assert language in explained, explained


async def test_a_short_post_in_the_language_its_network_declared_is_not_let_through(
        world: World) -> None:
    """A short post lets a language filter through only when its language is unknown: "logo!"
    from a network that declared it Portuguese (Bluesky's `langs`, Mastodon's `language`) is
    Portuguese, and `subscribe logo lang=en` leaves it out; `lang=und` takes only posts of no
    language, and `lang=pl` leaves an English "new logo" out. `why` of the Portuguese post,
    which explains it again, read it without the language its network declared: "language
    unknown", and every subscription fired."""
    for line in ("subscribe logo lang=en", "subscribe logo lang=und digest=hourly",
                 "subscribe logo lang=pl digest=daily"):
        made = await ask(world, DAVE, MARKETING, line)
        assert made.startswith("S-"), made
    m = Mention(id="mastodon:7", network="mastodon", source="masto", language="pt-BR",
                url="https://mastodon.example/@ana/7", text="logo!", created_at=world.clock(),
                author=Author(id="acct-ana", handle="ana"))
    await world.a.pipeline.process(m)
    await world.a.outbox.drain()
    answer = await ask(world, DAVE, MARKETING, "why mastodon:7")
    assert "language: pt not in ['en']" in answer, answer
    assert "language: pt not in ['und']" in answer, answer
    await world.mention("new logo", n=8)
    answer = await ask(world, DAVE, MARKETING, "explain mastodon:8")
    assert "language: en not in ['pl']" in answer, answer
    assert "language: en not in ['und']" in answer, answer


async def test_a_muted_digest_subscription_posts_no_digest_while_muted(world: World) -> None:
    """`subscribe pricing digest=hourly`, a post, then `mute S-1 3h launch week`: an hour
    later, with the mute on for two more hours, "Digest for sub:S-1: 1 mention" was posted in
    the channel. A mute that silences a subscription for a while (docs/workflows.md), as an
    Alertmanager silence, lets nothing of it be posted until it ends."""
    made = await ask(world, DAVE, MARKETING, "subscribe pricing digest=hourly")
    assert made.startswith("S-1 created"), made
    await world.mention("what is your pricing for teams?", n=1)
    muted = await ask(world, DAVE, MARKETING, "mute S-1 3h launch week")
    assert muted.startswith("S-1 muted until"), muted
    world.clock.advance(hours=1, minutes=1)
    await world.timers()
    assert world.posts(MARKETING) == [], [p.get("text") for p in world.posts(MARKETING)]
    # held, not dropped: the first digest after the mute posts what it collected before
    world.clock.advance(hours=3)  # the mute's end, then its digest window's
    await world.timers()
    posted = [p.get("text") or "" for p in world.posts(MARKETING)]
    assert len(posted) == 1 and "Digest for sub" in posted[0] and "S-1" in posted[0] \
        and "1 mention" in posted[0], posted


async def test_explain_of_a_dropped_post_does_not_say_no_subscription_shares_its_keyword(
        world: World) -> None:
    """A drop route stops the subscriptions before any is checked. `explain` of a post holding
    the subscription's keyword said 'keywords found: giveaway, logo' and then
    'subscriptions: 0 of 1 share a keyword with this post'."""
    await set_rules(world, "routes:\n  - name: spam\n    match: {any: [giveaway]}\n"
                           "    action: drop\n")
    made = await ask(world, DAVE, MARKETING, "subscribe logo")
    assert made.startswith("S-1 created"), made
    await world.mention("logo giveaway, click here", n=1)
    answer = await ask(world, DAVE, MARKETING, "explain mastodon:1")
    assert "keywords found: giveaway, logo" in answer, answer
    assert "0 of 1 share a keyword" not in answer, answer
    assert "subscriptions: 1, none checked\n  ? *: not checked: a drop route fired" in answer, \
        answer
