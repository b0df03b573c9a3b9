"""A slash command's text as the person typed it, though Slack hands its links on as markup:
`<https://x>` for a URL, `<http://x|x>` for a bare domain, `<mailto:a@b|a@b>` for an address
(docs.slack.dev/messaging/formatting-message-text). Kept, the markup went to the customer in a
reply, and a subscription to a brand's domain was refused as a regular expression. From a
review of the Slack paths (2026-12-05), through the signed request path."""

from __future__ import annotations

import asyncio

import pytest

from integrations.slack.escape import typed
from tests.e2e.test_approvals import status_of
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, APPROVALS, DAVE, SUPPORT, World


async def test_a_url_in_a_reply_typed_in_slack_is_published_as_a_url(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    text = ("reply T-1 See <https://acme.example/help?a=1&amp;b=2> or "
            "<http://acme.example|acme.example>, or mail "
            "<mailto:help@acme.example|help@acme.example> &lt;3")
    assert (await ask(world, ALICE, SUPPORT, text)).startswith("A-1 drafted")
    await world.a.outbox.drain()
    [card] = [m for m in world.posts(APPROVALS) if "A-1" in str(m)]
    assert await world.click(DAVE, "approve", "A-1", channel=APPROVALS,
                             message_ts=str(card["ts"])) == 200
    for _ in range(300):
        if await status_of(world, "A-1") == "published":
            break
        await asyncio.sleep(0.01)
    assert [s["form"]["status"] for s in world.statuses] == [
        "See https://acme.example/help?a=1&b=2 or acme.example, or mail help@acme.example <3"]


async def test_subscribing_to_a_domain_typed_in_slack_is_not_called_a_regex(
        world: World) -> None:
    said = await ask(world, ALICE, SUPPORT, "subscribe <http://acme.example|acme.example>")
    assert said.startswith("S-1 created: S-1: acme.example"), said


@pytest.mark.parametrize(("sent", "meant"), [
    ("<https://acme.example/help>", "https://acme.example/help"),
    ("<http://acme.example|acme.example>", "acme.example"),
    ("<https://acme.example/|acme.example>", "acme.example"),
    ("<mailto:a@acme.example|a@acme.example>", "a@acme.example"),
    ("<mailto:a@acme.example>", "a@acme.example"),
    ("<https://acme.example/x|our help page>", "our help page (https://acme.example/x)"),
    # Slack's other markup is left for the commands that read it
    ("to=<@U123|bob> <#C1|support> <!here>", "to=<@U123|bob> <#C1|support> <!here>"),
    ("&lt;https://typed.example&gt;", "<https://typed.example>"),
])
def test_slacks_links_are_read_as_typed(sent: str, meant: str) -> None:
    assert typed(sent) == meant
