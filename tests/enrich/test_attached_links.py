"""A link to a photo or video its author attached, or to another social post, is no link for
the model (bot.enrich.features._ATTACHED, features v82): the corpus's links are nearly all
spam's, so a complaint with its screenshot read as spam. The posts were written for these
tests, not taken from a labelled set."""

from __future__ import annotations

import pytest

from bot.enrich.features import prepare, spam_links
from tests.enrich.reading import predict

STATUS = "1863000000000000001"


@pytest.mark.parametrize("link", [
    f"https://x.com/jo/status/{STATUS}/photo/1",  # X's expanded_url of an attached photo
    f"https://twitter.com/jo/status/{STATUS}/video/1",
    f"https://x.com/acme/status/{STATUS}",  # a quoted post
    f"https://mobile.twitter.com/acme/status/{STATUS}?s=20",
    "https://pic.x.com/abc123",  # its display_url
    "pic.twitter.com/abc123",
    "https://imgur.com/a/pQ8r2",
    "https://i.imgur.com/f7Qk2Lp.png",
    "https://i.redd.it/abc123.jpeg",
    "https://cdn.bsky.app/img/feed_fullsize/plain/did:plc:abc/bafkrei@jpeg",
    "https://bsky.app/profile/jo.bsky.social/post/3kabcxyz",
    "https://mastodon.social/@acme/113456789012345678",
])
def test_an_attachment_is_no_link(link: str) -> None:
    prepared = prepare(f"Acme look at this {link} again")
    assert prepared.urls == 0, prepared
    assert prepared.text.split() == ["acme", "look", "at", "this", "again"]


@pytest.mark.parametrize("link", [
    "https://acme-verify-login.com/claim",
    "acme-gift.xyz",
    "bit.ly/3xR1a",
    "https://t.co/Xy7pQ2",  # unexpanded: anything
    f"https://x.com/jo/status/{STATUS}/analytics",
    "acme-login.com/@support/12345",  # a fediverse-like path without its scheme
    f"https://x.com.evil.example/jo/status/{STATUS}",
])
def test_other_links_stay_links(link: str) -> None:
    assert prepare(f"Acme look at this {link} again").urls == 1


@pytest.mark.parametrize(("text", "want"), [
    # read as spam/neutral before
    (f"Acme app keeps crashing, see screenshot https://x.com/jo/status/{STATUS}/photo/1",
     ("complaint", "negative")),
    ("@acme your app is trash, fix it https://pic.twitter.com/abc123", ("complaint", "negative")),
    (f"Love the new Acme update! https://x.com/jo/status/{STATUS}/photo/1",
     ("praise", "positive")),
    ("@Acme look how my parcel arrived https://imgur.com/a/pQ8r2", ("complaint", "negative")),
    # phishing keeps its link
    ("Your Acme account is suspended. Verify now at acme-verify-login.com", ("spam", "neutral")),
    ("Claim your free Acme gift card: https://acme-gift.xyz/claim", ("spam", "neutral")),
])
def test_a_post_with_its_screenshot_reads_as_without(text: str, want: tuple[str, str]) -> None:
    assert predict(text) == want


@pytest.mark.parametrize("text", [
    "orbis-veilig.nl",  # no scheme
    "www.reuters.com/technology/acme",
    "http://laptopdealz.example.biz",  # no TLS
    "https://bit.ly/3xR1a",  # a shortener
    "https://t.me/acme_airdrop",
    "https://acme-verify-login.com/claim",  # a hyphen in the domain's name
    "https://acme.xyz/claim",  # a cheap top-level domain
    "https://acme-refunds.co.uk/claim",  # a hyphen in the name bought under co.uk
    "https://acme-bonus.com.br",
    "see https://acme.com/terms and acme-gift.xyz",  # one of them is enough
])
def test_links_shaped_as_spam_s(text: str) -> None:
    assert spam_links(text)


@pytest.mark.parametrize("text", [
    "https://acme.com/terms",
    "https://www.reuters.com/technology/acme-fined-2026-12-04/",  # a hyphen in the path
    "https://help.acme.com/requests/88213",
    "https://www.acme.co.uk/returns",
    "https://help-center.acme.com.br/ticket/1",  # a hyphen in a name under the one bought
    f"https://x.com/jo/status/{STATUS}/photo/1 and https://acme.com",
    "no link at all",
])
def test_links_a_browser_gives(text: str) -> None:
    assert not spam_links(text)


@pytest.mark.parametrize(("text", "want"), [
    # model.TextModel.predict (2026-12-05): read spam/neutral before
    ("Acme's new terms are outrageous, read section 4: https://acme.com/terms",
     ("complaint", "negative")),
    ("Does this apply to EU customers too? https://acme.com/pricing", ("question", "neutral")),
    ("Great writeup from the Acme team on their outage https://acme.com/blog/postmortem",
     ("praise", "positive")),
    ("New blog post: how we migrated to Acme https://example.dev/blog/acme-migration",
     ("other", "neutral")),
    # spam-shaped links, or spam's words: spam still
    ("Claim your free Acme gift card: https://acme.com/claim-gift", ("spam", "neutral")),
    ("best cheap laptops 2024 review buy now discount coupon codes http://laptopdealz.example.biz",
     ("spam", "neutral")),
    ("Your Acme account is suspended, verify at https://acme-secure-login.com",
     ("spam", "neutral")),
    # a link and a word or two: nothing else to read
    ("https://promo.example/xyz", ("spam", "neutral")),
])
def test_a_link_a_browser_gives_is_no_spam_alone(text: str, want: tuple[str, str]) -> None:
    assert predict(text) == want
