"""Who a cross-post's author is, fourth review of the de-duplication (held4 pairs q401 to
q414). Two accounts of one network showing one name (chris@infosec.exchange and chris@mas.to,
both "Chris"; mia.bsky.social and mia.dev) were one person, so the second's complaint, the same
words within the hour, was merged into the first's and never seen: a network that shows both
accounts is itself saying they are two. Across networks the name is still all a post tells
(X's "Nina" and nina_dev.bsky.social's "Nina" are one person)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.core.models import Author, Mention
from bot.core.ports import Store
from bot.engine.crosspost import fingerprint
from tests.conftest import FakeClock
from tests.engine.test_pipeline import Harness

WORDS = "Acme deleted my workspace during the downgrade and the export is broken too"
AT = datetime(2026, 12, 1, 13, 0, tzinfo=UTC)


def post(network: str, n: int, handle: str, name: str, minutes: int = 0,
         reply_to: str | None = None, text: str = WORDS) -> Mention:
    return Mention(id=f"{network}:{n}", network=network, source="test",  # type: ignore[arg-type]
                   text=text, reply_to=reply_to, created_at=AT + timedelta(minutes=minutes),
                   author=Author(id=f"{handle}-id", handle=handle, display_name=name))


@pytest.mark.parametrize(("first", "second"), [
    (post("mastodon", 1, "chris@infosec.exchange", "Chris"),
     post("mastodon", 2, "chris@mas.to", "Chris", 25)),
    (post("bluesky", 1, "mia.bsky.social", "Mia"), post("bluesky", 2, "mia.dev", "Mia", 18)),
    (post("x", 1, "jay", "Jay Patel he/him"), post("bluesky", 2, "jay.bsky.social",
                                                    "Jay Moreno (he/him)", 11)),
], ids=["two-mastodon-servers", "two-bluesky-handles", "two-names-one-pronoun"])
async def test_two_people_one_name_on_one_network_or_two_names_are_two_cards(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is not None, "the namesake's complaint was merged"
    assert h.pipeline.tally.crossposts == 0


@pytest.mark.parametrize(("first", "second"), [
    (post("x", 1, "nina_dev", "Nina"), post("bluesky", 2, "nina_dev.bsky.social", "Nina", 1)),
    (post("mastodon", 1, "kasia@mastodon.social", "Kasia"),
     post("mastodon", 2, "kasia@mastodon.social", "Kasia", 0)),  # read through two servers
    # the pronouns one profile shows and the other does not (a person's, not a second name)
    (post("x", 1, "dana_k", "Dana K (she/her)"), post("bluesky", 2, "dana_k.bsky.social",
                                                      "Dana K", 1)),
    (post("mastodon", 1, "lin@mastodon.social", "Lin [they/them] :verified:"),
     post("bluesky", 2, "lin.bsky.social", "Lin · they/them", 1)),
    # one account as two servers name it: its own (a local account, no server; or its web
    # domain beside its account domain) and another's
    (post("mastodon", 1, "bob@fosstodon.org", "Bob"), post("mastodon", 2, "bob", "Bob")),
    (post("mastodon", 1, "bob", "Bob"), post("mastodon", 2, "bob@fosstodon.org", "Bob")),
    (post("mastodon", 1, "bob@example.com", "Bob"),
     post("mastodon", 2, "bob@social.example.com", "Bob")),
], ids=["one-name-two-networks", "one-account-two-servers", "pronouns-shown-once",
        "pronouns-shown-twice", "remote-then-local", "local-then-remote", "web-domain"])
async def test_one_persons_cross_post_is_still_one_card(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(first) is not None
    assert await h.pipeline.process(second) is None
    assert h.pipeline.tally.crossposts == 1


REPLY = "@acmesupport still no invoices in the portal since the migration, the export is broken"


@pytest.mark.parametrize(("native", "copy"), [
    (post("mastodon", 1, "tomek@mastodon.social", "Tomek", reply_to="1135", text=REPLY),
     post("bluesky", 2, "tomek.mastodon.social.ap.brid.gy", "Tomek", 2, text=REPLY,
          reply_to="at://did:plc:acmebridged/app.bsky.feed.post/3lp")),
    (post("bluesky", 1, "ines.bsky.social", "Inês", text=REPLY,
          reply_to="at://did:plc:acme/app.bsky.feed.post/3lp"),
     post("mastodon", 2, "ines.bsky.social@bsky.brid.gy", "", 4, reply_to="1135", text=REPLY)),
], ids=["mastodon-reply-bridged-to-bluesky", "bluesky-reply-bridged-to-mastodon"])
async def test_a_replys_bridged_copy_is_the_reply(
        store: Store, clock: FakeClock, tmp_path: Path, native: Mention, copy: Mention) -> None:
    # the copy answers the bridge's copy of the parent, which nothing in it ties to the
    # parent: it was a second card of the same reply
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(native) is not None
    assert await h.pipeline.process(copy) is None, "the bridged copy was carded again"
    assert h.pipeline.tally.crossposts == 1
    # another account's copy of the same words is its own reply
    other = post("bluesky", 3, "tom.mastodon.social.ap.brid.gy", "Tom", 5, text=REPLY,
                 reply_to="at://did:plc:acmebridged/app.bsky.feed.post/3lp")
    assert await h.pipeline.process(other) is not None


def entry(n: int, site: str, minutes: int) -> Mention:
    link = f"https://{site}/markets/acme-shares-slide/"
    return Mention(id=f"rss:{n}", network="rss", source="test", text=WORDS, url=link,
                   links=(link,), created_at=AT + timedelta(minutes=minutes),
                   author=Author(id=f"{site}:Reuters", handle="Reuters", display_name="Reuters"))


@pytest.mark.parametrize(("first", "second"), [
    (entry(1, "harbour-times.example", -30), entry(2, "www.valleypost.example", -20)),
    (entry(1, "harbour-times.example", -30), post("mastodon", 2, "reuters@journa.host",
                                                  "Reuters", -25)),
    (post("mastodon", 1, "chris@infosec.exchange", "Chris", -30),
     post("mastodon", 2, "chris@mas.to", "Chris", -20)),
], ids=["two-outlets", "a-byline-and-an-account", "namesakes-on-one-network"])
async def test_the_first_hours_look_at_the_release_befores_claims_takes_this_releases_rule(
        store: Store, clock: FakeClock, tmp_path: Path, first: Mention, second: Mention) -> None:
    # the release before claimed by the handle's name alone (a byline taken for an account,
    # two namesakes one person); what its claim holds is read by who its trace names
    clock.now = AT
    before = Harness(store, clock, tmp_path / "before.jsonl", rules="routes: []\n")
    await before.pipeline.process(first)
    fp = fingerprint(first)
    assert fp is not None and fp.earlier is not None
    await store.claim_values([(k, first.id) for k in fp.earlier_keys(first.created_at)[1:]],
                             72 * 3600)
    h = Harness(store, clock, tmp_path / "record.jsonl")
    assert await h.pipeline.process(second) is not None, "merged by the release before's rule"
