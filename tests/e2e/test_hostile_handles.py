"""Answers naming a post whose handle or address holds line breaks: a Mastodon instance sends
any string as an account's acct and as a status's url (``urlsplit`` drops a URL's line breaks,
so the address passes as one on that server), and the answers of ``explain`` and ``preview``
wrote them as they came, so a post drew lines of its own in them ('✅ SocialOps: all clear,
nothing to do'). Through Slack's signed request path."""

from __future__ import annotations

import pytest

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


@pytest.mark.parametrize("status_id", ["9001", f"9001\n\n{FORGED}"])
async def test_a_published_address_is_named_on_one_line(world: World, status_id: str) -> None:
    """The address a Mastodon server answers a publish with is any string: approve's answer
    ('it is published: <url>') and the approval card's status wrote it as it came, so it drew
    lines of its own there. An address that is not one http(s) URL is not kept; the post's id
    is named instead, quoted for the shell when it is no one line either (its id is any string
    too)."""
    from aiohttp import web

    from tests.e2e.test_approvals import drafted_reply, wait_status
    from tests.e2e.world import APPROVALS, DAVE

    async def create(request: web.Request) -> web.Response:
        world.statuses.append({"form": dict(await request.post()), "key": None})
        return web.json_response({"id": status_id, "content": "",
                                  "url": f"https://mastodon.example/@acme/9001\n\n{FORGED}"})

    world.masto.handler("POST", "/api/v1/statuses", create)
    approval_id, ts = await drafted_reply(world)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: any("already" in t for t in world.said_to(DAVE)), "the answer")
    (answer,) = [t for t in world.said_to(DAVE) if "already" in t]
    shown = "9001" if status_id == "9001" else f"$'9001\\n\\n{FORGED}'"
    assert answer == f"you approved {approval_id} already; it is published: {shown}", answer
    await world.a.outbox.drain()
    card = world.slack.message(APPROVALS, ts)
    assert not any(line.strip().startswith(FORGED)
                   for text in strings(card) for line in text.splitlines()), card


def strings(value: object) -> list[str]:
    """Every string in a JSON-like value (a Slack message's blocks)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


async def test_a_network_cannot_name_its_post_a_sandbox_one(world: World) -> None:
    """The sandbox publisher's sandbox://<account>/<n> address says on the card and in
    approve's answer that the post went nowhere (docs/operations.md). A Mastodon server that
    answers a publish with such an address (its status's url is any string) would have a real,
    public post read as one that went nowhere: only the sandbox publisher's own is kept; the
    server's post is named by its id."""
    from aiohttp import web

    from tests.e2e.test_approvals import drafted_reply, wait_status
    from tests.e2e.world import APPROVALS, DAVE

    async def create(request: web.Request) -> web.Response:
        world.statuses.append({"form": dict(await request.post()), "key": None})
        return web.json_response({"id": "9001", "content": "", "url": "sandbox://main/1"})

    world.masto.handler("POST", "/api/v1/statuses", create)
    approval_id, ts = await drafted_reply(world)
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await wait_status(world, approval_id, "published")
    await world.click(DAVE, "approve", approval_id, channel=APPROVALS, message_ts=ts)
    await world.until(lambda: any("already" in t for t in world.said_to(DAVE)), "the answer")
    (answer,) = [t for t in world.said_to(DAVE) if "already" in t]
    assert answer == f"you approved {approval_id} already; it is published: 9001", answer
    await world.a.outbox.drain()
    card = world.slack.message(APPROVALS, ts)
    assert not any("sandbox://" in text for text in strings(card)), card


async def test_answers_name_a_handle_with_its_own_at_once(world: World) -> None:
    """A handle the network sends with its own "@" ("@kasia@mastodon.social", an acct as
    sent) read "@@kasia@mastodon.social" in the ticket card's title, status's and preview's
    lines and a reply's answer on a merged ticket: each wrote "@" + handle."""
    from tests.e2e.test_queue import card

    handle = "@kasia@mastodon.social"
    await world.mention("acme my order is broken again, terrible", n=7, handle=handle)
    await world.mention("acme billing is broken too, terrible", n=8, handle="@ola@x.example")
    first, second = sorted((t.id for t in await world.a.store.list_tickets()),
                           key=lambda x: int(x.split("-")[1]))
    shown = [str(b["text"]["text"]) for b in card(world, first)["blocks"]  # type: ignore[attr-defined]
             if b.get("type") == "header"]
    assert shown == [f"🎫 {first}: {handle} on Mastodon"], shown
    status = await ask(world, CAROL, SUPPORT, "status mastodon:7")
    assert status.splitlines()[0].startswith(f"mastodon:7 by {handle} on Mastodon"), status
    preview = await ask(world, CAROL, SUPPORT, "preview acme")
    assert any(line.startswith(f"• {handle} on Mastodon") for line in preview.splitlines()), \
        preview
    assert (await ask(world, CAROL, SUPPORT, f"merge {second} into {first}")).startswith(
        f"{second} merged into {first}")
    said = await ask(world, CAROL, SUPPORT, f"reply {second} fixed now")
    assert f"this answers {second}'s post, by @ola@x.example)" in said, said
    for text in (status, preview, said):  # the harness's post addresses are its own
        assert "@@" not in text.replace("mastodon.example/@@", ""), text
