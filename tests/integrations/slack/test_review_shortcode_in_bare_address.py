"""A ``:name:`` inside a bare address in the mrkdwn a card or the Home tab shows (an author
with no profile link, a badge, a draft or a ticket line quoted on the Home tab). Every such
text object is sent ``verbatim``, and with ``verbatim: true`` Slack "won't modify any
plain-text content": it does not turn a bare URL into a link (docs.slack.dev/reference/
block-kit/composition-objects/text-object). So there is no link for the kept colons to keep
open, and Slack draws the shortcode: a draft saying ``https://x.example/a:100:b`` showed 💯
on the approver's Home tab, and an author named so showed it beside the card's own marks.
Every ``:name:`` gets fullwidth colons there, as in a link's label, but a DID's method's
(``did:plc:``): a reader copying it copies the DID."""

from __future__ import annotations

import json

import pytest

from bot.core.cards import Card
from bot.core.home import Home, HomeItem, HomeSection
from integrations.slack.escape import neutral
from integrations.slack.home import render_home
from integrations.slack.render import render_card

FULL = "\uff1a"
CODES = ["100", "smile", "x", "plc", "b8", "10"]


def _verbatim_mrkdwn(o: object) -> list[str]:
    """The text of every mrkdwn object sent verbatim, anywhere in ``o``."""
    if isinstance(o, dict):
        own = [o["text"]] if o.get("type") == "mrkdwn" and o.get("verbatim", True) else []
        return own + [t for v in o.values() for t in _verbatim_mrkdwn(v)]
    if isinstance(o, list):
        return [t for v in o for t in _verbatim_mrkdwn(v)]
    return []


@pytest.mark.parametrize("code", CODES)
def test_a_shortcode_inside_a_bare_address_on_a_card_is_not_drawn(code: str) -> None:
    address = f"https://x.example/a:{code}:b"
    msg = render_card(Card(kind="alert", key="K", title="t", text="hello", author=address,
                           badges=(f"see {address}",)))
    shown = _verbatim_mrkdwn(msg.blocks)
    assert any(f"a{FULL}{code}{FULL}b" in s for s in shown), shown
    assert not any(f":{code}:" in s for s in shown), shown


@pytest.mark.parametrize("code", CODES)
def test_a_shortcode_inside_a_bare_address_on_the_home_tab_is_not_drawn(code: str) -> None:
    draft = f"Mastodon as acme, by kasia: “our status: https://x.example/a:{code}:b”"
    view = render_home(Home(person="kasia", sections=(HomeSection(
        title="Approvals you may decide", items=(HomeItem(id="A-1", text=draft),)),)))
    shown = json.dumps(_verbatim_mrkdwn(view["blocks"]), ensure_ascii=False)
    assert f"a{FULL}{code}{FULL}b" in shown
    assert f":{code}:" not in shown


@pytest.mark.parametrize("text", [
    "did:plc:abc123xyz", "at://did:plc:abc123xyz/app.bsky.feed.post/3l4s5ktnw2k2y",
    "https://bsky.app/profile/did:web:acme.example/post/1", "did:web:acme.example"])
def test_a_did_s_method_keeps_its_colons(text: str) -> None:
    assert neutral(f"see {text} now") == f"see {text} now"
