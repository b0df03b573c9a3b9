"""A ``:name:`` inside an address that is a link's label (the author line's
``<author_url|@name>``): Slack draws shortcodes in a link's label (integrations send
``<url|:white_check_mark: Title>`` for that), and a label is no link target, so the colons
an address keeps elsewhere (for Slack's own link of it to open) have nothing to keep open
there. An author named ``https://x.example/a:100:b`` drew 💯 inside the card's author
link. A DID's method colons (``did:plc:``, ``did:web:``) stay: no shortcode, and a reader
copying the name copies the DID."""

from __future__ import annotations

import pytest

from bot.core.cards import Card
from integrations.slack.render import render_card

FULL = "\uff1a"


def _author_line(author: str, author_url: str) -> str:
    msg = render_card(Card(kind="alert", key="K", title="t", text="hello", author=author,
                           author_url=author_url))
    context = next(b for b in msg.blocks if b["type"] == "context")
    return str(context["elements"][0]["text"])


@pytest.mark.parametrize("code", ["100", "x", "smile", "plc"])
def test_a_shortcode_inside_an_address_in_a_link_label_is_not_drawn(code: str) -> None:
    line = _author_line(f"https://x.example/a:{code}:b", "https://x.example/profile")
    assert line.startswith("<https://x.example/profile|")  # still the author's link
    assert f":{code}:" not in line
    assert f"a{FULL}{code}{FULL}b" in line


@pytest.mark.parametrize(("did", "url"), [
    ("did:plc:abc234xyz", "https://bsky.app/profile/did:plc:abc234xyz"),
    ("did:web:acme.example", "https://acme.example/")])
def test_a_did_in_a_link_label_keeps_its_colons(did: str, url: str) -> None:
    assert _author_line(did, url) == f"<{url}|@{did}>"
