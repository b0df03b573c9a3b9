"""A reply's own addresses (``Reply.links``: a published post's) on Slack: replies are
plain_text, which Slack never links (docs.slack.dev/reference/block-kit/composition-objects/
text-object: markup is read in mrkdwn only), so each is added after the text as ``<url>``;
what the reply quotes (a draft, a server's words) still links nothing."""

from __future__ import annotations

from bot.core.config import SlackWorkspaceConfig
from integrations.slack.render import render_text
from integrations.slack.workspace import SlackWorkspace
from tests.support.fake_slack import FakeSlack

URL = "https://mastodon.example/@acme/9001"


def links_of(text: str, links: tuple[str, ...]) -> list[str]:
    blocks = render_text(text, links=links).blocks
    assert all(s["text"]["type"] == "plain_text" for s in blocks if s["type"] == "section")
    return [e["text"] for b in blocks if b["type"] == "context" for e in b["elements"]]


def test_an_own_address_standing_as_a_word_is_a_link() -> None:
    assert links_of(f"A-1 approved and published: {URL}", (URL,)) == [f"<{URL}>"]
    assert links_of(f"A-1 is published: {URL}; delete the post", (URL,)) == [f"<{URL}>"]
    assert links_of(f"at {URL}.", (URL,)) == [f"<{URL}>"]


def test_an_address_glued_to_other_words_or_absent_links_nothing() -> None:
    assert links_of(f"see {URL}evil.example/x", (URL,)) == []
    assert links_of("A-1 approved; it is being published now", (URL,)) == []
    assert links_of(f"quoted: {URL}", ()) == []


def test_an_address_slack_would_read_as_markup_is_escaped_or_refused() -> None:
    odd = "https://mastodon.example/@acme/1?a=1&b=<!channel>"
    shown = links_of(f"published: {odd}", (odd,))
    assert shown in ([], ["<https://mastodon.example/@acme/1?a=1&amp;b=&lt;!channel&gt;>"]), shown
    assert links_of("published: javascript:alert(1)", ("javascript:alert(1)",)) == []


async def test_an_own_address_as_long_as_slack_takes_still_answers(
        fake_slack: FakeSlack, slack_config: SlackWorkspaceConfig) -> None:
    """A context element holds 3,000 characters (docs.slack.dev/reference/block-kit/blocks/
    context-block), an address up to 3,000 too: ``<`` and ``>`` around the longest made the
    answer ``invalid_blocks``, and the approver got no answer at all. It stays text then."""
    ws = SlackWorkspace(slack_config)
    for size in (2_990, 3_000):
        url = "https://mastodon.example/" + "a" * (size - 25)
        await ws.post_ephemeral("C111", "U111", f"A-1 approved and published: {url}",
                                links=(url,))
    assert len(fake_slack.ephemerals) == 2
    assert [e["text"] for b in fake_slack.ephemerals[0]["blocks"] if b["type"] == "context"
            for e in b["elements"]] == [f"<https://mastodon.example/{'a' * 2_965}>"]
