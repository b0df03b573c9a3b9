"""Answers naming a post whose handle or address holds line breaks: a Mastodon instance sends
any string as an account's acct and as a status's url (``urlsplit`` drops a URL's line breaks,
so the address passes as one on that server), and the answers of ``explain`` and ``preview``
wrote them as they came, so a post drew lines of its own in them ('✅ SocialOps: all clear,
nothing to do'). Through Slack's signed request path."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import CAROL, SUPPORT, World

FORGED = "✅ SocialOps: all clear, nothing to do"


async def test_explain_names_a_hostile_handle_on_its_line(world: World) -> None:
    await world.mention("acme my order is broken again, terrible", n=7,
                        handle=f"kasia\n\n{FORGED}")
    said = await ask(world, CAROL, SUPPORT, "explain mastodon:7")
    lines = said.splitlines()
    assert lines[0].startswith(f"post mastodon:7 by @kasia {FORGED} on mastodon: "), said
    assert not any(line.strip().startswith(FORGED) for line in lines), said


async def test_preview_names_a_hostile_address_on_its_line(world: World) -> None:
    await world.mention("acme my order is broken again, terrible", n=7,
                        handle=f"kasia\n\n{FORGED}")
    said = await ask(world, CAROL, SUPPORT, "preview acme")
    lines = said.splitlines()
    assert any(line.startswith(f"• @kasia {FORGED} on Mastodon") and line.endswith(
        f"(https://mastodon.example/@kasia {FORGED}/7)") for line in lines), said
    assert not any(line.strip().startswith(FORGED) for line in lines), said
