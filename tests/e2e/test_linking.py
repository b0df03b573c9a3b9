"""Self-service linking through Slack: `/socialops link <email>` from an account the config does
not name. Slack vouches for the address (users.lookupByEmail on the local Slack names the person
asking as its holder), or an admin confirms it
from a card in the approvals channel (this config has no ops_channel); links are audited,
reach a restarted process, and `unlink` takes them back."""

from __future__ import annotations

import asyncio
from urllib.parse import urlencode

from bot.core import keys as K
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, APPROVALS, ERIN, MALLORY, SUPPORT, World


async def open_ticket(world: World) -> str:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    (ticket,) = await world.a.store.list_tickets()
    return ticket.id


async def test_an_unlinked_user_is_told_how_to_link(world: World) -> None:
    ticket_id = await open_ticket(world)
    answer = await ask(world, MALLORY, SUPPORT, f"claim {ticket_id}")
    assert "/socialops link <your email>" in answer


async def test_slack_vouches_for_the_email_and_the_link_is_made_at_once(world: World) -> None:
    world.slack.add_user(MALLORY, "Mallory@Acme.test")
    ticket_id = await open_ticket(world)
    answer = await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")
    assert answer == "linked: slack user WMALLORY acts as mallory now"
    (lookup,) = world.slack.calls_to("users.lookupByEmail")
    assert lookup.args["email"] == "mallory@acme.test"
    assert world.slack.calls_to("users.info") == []  # one call answered it
    assert (await ask(world, MALLORY, SUPPORT, f"claim {ticket_id}")) == f"{ticket_id} claimed"
    ticket = await world.a.store.get_ticket(ticket_id)
    assert ticket is not None and ticket.claimer == "mallory"
    (event,) = [e for e in await world.a.store.audit_since(None) if e.action == "person.linked"]
    assert event.object_id == "mallory" and "the slack workspace" in event.detail
    # the link is in the store: a restarted process knows it (and pings mallory by Slack id)
    await world.restart()
    await world.a.router.refresh(force=True)
    assert world.a.directory.platform_ids("slack", ["mallory"]) == (MALLORY,)
    assert "already linked" in await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")


async def test_an_address_slack_gives_to_someone_else_goes_to_an_admin(world: World) -> None:
    world.slack.add_user(ALICE, "mallory@acme.test")  # Slack says it is alice's address
    world.slack.add_user(MALLORY, "m@elsewhere.test")
    answer = await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")
    assert "L-1" in answer and "an admin" in answer
    assert world.slack.calls_to("users.lookupByEmail")[-1].args["email"] == "mallory@acme.test"
    assert world.slack.calls_to("users.info")[-1].args["user"] == MALLORY
    assert [e.action for e in await world.a.store.audit_since(None)
            if e.action.startswith("person.")] == ["person.link_requested"]



async def test_an_address_that_only_folds_to_the_persons_is_not_vouched_for(
        world: World) -> None:
    """Slack verified 'mallory@acme.teſt' (a long s) for this account: casefold() made it
    mallory@acme.test, and the account was linked as mallory at once. Letter case aside, for
    ASCII only, an address is the same address; this one goes to an admin."""
    world.slack.add_user(MALLORY, "mallory@acme.te\u017ft")
    answer = await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")
    assert "L-1" in answer and "an admin" in answer, answer
    assert [e.action for e in await world.a.store.audit_since(None)
            if e.action.startswith("person.")] == ["person.link_requested"]

async def test_without_the_email_scope_an_admin_confirms_from_the_card(world: World) -> None:
    world.slack.add_user(MALLORY, "mallory@acme.test")
    world.slack.scopes.discard("users:read.email")  # Slack then leaves the email out
    answer = await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")
    assert "L-1" in answer and "an admin" in answer
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(APPROVALS) if "L-1" in str(m)]
    assert "mallory@acme.test" in str(card)
    # asking again does not make a second request
    assert "already asked" in await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")
    # not an admin: refused; the admin's Confirm links once, however often it is pressed
    await world.click(ALICE, "link", "L-1", channel=APPROVALS, message_ts=str(card["ts"]))
    await world.until(lambda: any("only an admin" in t for t in world.said_to(ALICE)),
                      "alice's refusal")
    for _ in range(2):
        await world.click(ERIN, "link", "L-1", channel=APPROVALS, message_ts=str(card["ts"]))
    await world.until(lambda: any("confirmed already" in t for t in world.said_to(ERIN)),
                      "the second confirm's answer")
    links = [e for e in await world.a.store.audit_since(None) if e.action == "person.linked"]
    assert len(links) == 1 and links[0].actor == "erin"
    await world.a.outbox.drain()
    shown = str(world.slack.message(APPROVALS, str(card["ts"])))
    assert "linked by erin" in shown and "socialops:link" not in shown  # buttons gone
    ticket_id = await open_ticket(world)
    assert (await ask(world, MALLORY, SUPPORT, f"claim {ticket_id}")) == f"{ticket_id} claimed"


async def test_an_admin_refuses_a_request_and_unlinks_a_link(world: World) -> None:
    world.slack.add_user(MALLORY, "someone.else@acme.test")  # Slack says another address
    await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")
    await world.a.outbox.drain()
    (card,) = [m for m in world.posts(APPROVALS) if "L-1" in str(m)]
    await world.click(ERIN, "unlink", "L-1", channel=APPROVALS, message_ts=str(card["ts"]))

    async def refused() -> bool:
        return any(e.action == "person.link_refused"
                   for e in await world.a.store.audit_since(None))

    for _ in range(300):
        if await refused():
            break
        await asyncio.sleep(0.01)
    assert await refused()
    ticket_id = await open_ticket(world)
    assert "not linked" in await ask(world, MALLORY, SUPPORT, f"claim {ticket_id}")

    # a second request, confirmed, then unlinked by the admin: refused again at once
    await ask(world, MALLORY, SUPPORT, "link mallory@acme.test")
    assert "linked" in await ask(world, ERIN, APPROVALS, "link L-2")
    assert "only an admin" in await ask(world, ALICE, SUPPORT, "unlink mallory")
    assert (await ask(world, ERIN, APPROVALS, "unlink mallory")).startswith(
        "unlinked: slack user WMALLORY (was mallory)")
    assert "not linked" in await ask(world, MALLORY, SUPPORT, f"claim {ticket_id}")
    actions = [e.action for e in await world.a.store.audit_since(None)
               if e.action.startswith("person.")]
    assert actions == ["person.link_requested", "person.link_refused",
                       "person.link_requested", "person.linked", "person.unlinked"]


async def test_mistakes_get_one_line_saying_what_to_fix(world: World) -> None:
    assert "usage: link <your email>" in await ask(world, MALLORY, SUPPORT, "link mallory")
    nobody = await ask(world, MALLORY, SUPPORT, "link nobody@acme.test")
    assert "no person in socialops.yaml has the email nobody@acme.test" in nobody
    assert "\n" not in nobody
    taken = await ask(world, MALLORY, SUPPORT, "link unknown@x.test")
    assert "email:" in taken
    assert "no chat link" in await ask(world, ERIN, APPROVALS, "unlink nobody")
    assert "no link request L-9" in await ask(world, ERIN, APPROVALS, "link L-9")


async def test_a_person_keeps_one_chat_account_per_workspace(world: World) -> None:
    """Two Slack accounts ask to be mallory before either is linked; the admin confirms the
    first, and the second confirm is refused in one line (the request stays pending, for the
    admin to refuse or to confirm once the first link is gone)."""
    for user in ("WX1", "WX2"):
        assert "an admin" in await ask(world, user, SUPPORT, "link mallory@acme.test")
    assert (await ask(world, ERIN, APPROVALS, "link L-1")) == \
        "linked: slack user WX1 acts as mallory now"
    second = await ask(world, ERIN, APPROVALS, "link L-2")
    assert second == ("mallory is already linked to slack user WX1; `unlink WX1` first, or "
                      "`unlink L-2` refuses this request")
    assert "already linked to another slack account" in \
        await ask(world, "WX3", SUPPORT, "link mallory@acme.test")
    links = [e.detail for e in await world.a.store.audit_since(None)
             if e.action == "person.linked"]
    assert len(links) == 1 and links[0].startswith("slack user WX1 ")
    ticket_id = await open_ticket(world)
    assert "not linked" in await ask(world, "WX2", SUPPORT, f"claim {ticket_id}")
    # once WX1 is unlinked, the pending request can be confirmed
    assert (await ask(world, ERIN, APPROVALS, "unlink WX1")).startswith("unlinked: slack user WX1")
    assert (await ask(world, ERIN, APPROVALS, "link L-2")) == \
        "linked: slack user WX2 acts as mallory now"


# not shaped like a Slack user id (U/W and capitals or digits): a mention, a backtick, a quote
# and a line break, and 200 characters more (past 255 the request is refused with a 400 first:
# tests/integrations/slack/test_hostile_inbound.py)
ODD = '<!channel> `x` "y"\n' + "A" * 200


async def test_a_user_id_not_shaped_like_one_is_never_quoted_back(world: World) -> None:
    """Slack never sends such an id, but a request carrying one got the 'not linked' answer
    with the id quoted in the line to paste into socialops.yaml, and `link <email>` made a
    link request quoting it on the admins' card."""
    ticket_id = await open_ticket(world)
    for n, text in enumerate((f"claim {ticket_id}", "link mallory@acme.test")):
        form = {"command": "/socialops", "text": text, "user_id": ODD, "channel_id": SUPPORT,
                "team_id": world.slack.team_id, "trigger_id": f"7.7.{n}", "api_app_id": "A1",
                "response_url": world.slack.response_url(f"odd-{n}")}
        assert await world._post("/slack/commands", urlencode(form),
                                 "application/x-www-form-urlencoded") == 200
        rid = f"odd-{n}"
        await world.until(lambda rid=rid: any(r["rid"] == rid for r in world.slack.responses),
                          f"the answer to {text!r}")
    unlinked, link = [str(r.get("text")) + str(r.get("blocks")) for r in world.slack.responses
                      if r["rid"].startswith("odd-")]
    assert "not linked" in unlinked and "your slack user id" in unlinked.lower()
    assert "cannot be linked" in link
    for answer in (unlinked, link):
        assert "channel>" not in answer and "`x`" not in answer and "AAAA" not in answer
    assert await world.a.store.list_raw(K.LINK_REQUEST) == []
    # an id shaped like one is still quoted: the line an admin pastes
    assert f'slack: "{MALLORY}"' in await ask(world, MALLORY, SUPPORT, f"claim {ticket_id}")
