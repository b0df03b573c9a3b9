"""Today's ticket and approval texts as a Slack workspace admin sees them, end to end: signed
requests into the bolt app, the local Slack (tests/support/fake_slack.py) answering as Slack's
Web API does, a SQLite file (a review of the Slack side, 2026-12-06)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from integrations.social.mastodon.parse import tombstone
from tests.e2e.test_queue import ask
from tests.e2e.test_tickets import open_ticket
from tests.e2e.world import ALICE, APPROVALS, BOB, CAROL, DAVE, ESCALATIONS, SUPPORT, World


def card_of(world: World, ticket_id: str) -> dict[str, Any]:
    return next(m for m in world.posts(SUPPORT) if f"{ticket_id}:" in json.dumps(m))


def status_lines(card: dict[str, Any]) -> list[str]:
    """Every place a ticket card says its status: the context line's ``status: *…*`` and a
    field labelled Status (its value, the plain_text after the ``*Status*`` label)."""
    out = []
    for block in card["blocks"]:
        if block["type"] == "context":
            out += [e["text"] for e in block["elements"] if "status:" in e.get("text", "")]
        for label, value in zip(block.get("fields", [])[::2], block.get("fields", [])[1::2],
                                strict=True):
            if label["text"] == "*Status*":
                out.append(value["text"])
    return out


async def test_a_ticket_card_says_its_status_once(world: World) -> None:
    """Discord's card said its status twice and was fixed (integrations/discord/render.py,
    the handler's Status field takes the bare status's place); Slack's said it twice too: a
    context line ``status: *claimed*`` above a Status field ``claimed by alice``."""
    ticket_id, ts = await open_ticket(world)
    assert status_lines(card_of(world, ticket_id)) == ["open"], card_of(world, ticket_id)
    assert await world.click(ALICE, "claim", ticket_id, channel=SUPPORT, message_ts=ts) == 200
    for _ in range(500):  # the click's work runs after Slack's HTTP ack
        ticket = await world.a.store.get_ticket(ticket_id)
        if ticket is not None and ticket.claimer == "alice":
            break
        await asyncio.sleep(0.01)
    await world.a.outbox.drain()
    assert status_lines(card_of(world, ticket_id)) == ["claimed by alice"], \
        card_of(world, ticket_id)["blocks"]


def answer_to(world: World, user: str) -> dict[str, Any]:
    """The last private answer ``user`` got (a slash command's, by its response_url)."""
    mine = [r for r in world.slack.responses if r.get("rid") == world.last_rid]
    return mine[-1] if mine else [e for e in world.slack.ephemerals if e.get("user") == user][-1]


def linked(blocks: list[dict[str, Any]]) -> list[str]:
    """The ``<url>`` links Slack draws in ``blocks``: mrkdwn only (plain_text takes no markup:
    docs.slack.dev/reference/block-kit/composition-objects/text-object)."""
    out: list[str] = []
    for block in blocks:
        for obj in [block.get("text"), *block.get("elements", []), *block.get("fields", [])]:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                out += [part.split(">")[0].split("|")[0]
                        for part in obj["text"].split("<")[1:]]
    return out


async def test_a_published_drafts_address_is_a_link_on_slack(world: World) -> None:
    """Discord's approve answer and Published field were made links today (Reply.links,
    integrations/discord/render.py ``_field_value``); on Slack both stayed plain_text, which
    Slack never links: the approver copied the address by hand. The post's own text stays
    plain (a URL in the draft links nothing)."""
    assert (await ask(world, ALICE, SUPPORT,
                      "draft mastodon masto See https://evil.example/x <!channel>")
            ).startswith("A-1 drafted")
    (draft,) = await world.a.store.list_approvals()
    answer = await ask(world, DAVE, APPROVALS, f"approve A-1 {draft.content_hash[:16]}")
    assert answer.startswith("A-1 approved and published: "), answer
    (approval,) = await world.a.store.list_approvals()
    url = approval.published_url
    assert url and url in answer
    assert linked(answer_to(world, DAVE)["blocks"]) == [url], answer_to(world, DAVE)
    await world.a.outbox.drain()
    card = next(m for m in world.posts(APPROVALS) if "A-1" in json.dumps(m))
    assert linked(card["blocks"]) == [url], card["blocks"]


async def step_two(world: World) -> str:
    """The escalation notice of step 2 (notify_users: carol) for a ticket left unclaimed."""
    ticket_id, _ = await open_ticket(world)
    for minutes in (15, 1, 30, 1):
        world.clock.advance(minutes=minutes)
        await world.timers()
    notices = [json.dumps(m) for m in world.posts(ESCALATIONS) if "Escalation" in json.dumps(m)]
    assert len(notices) == 1 and ticket_id in notices[0], notices
    return notices[0]


async def test_users_info_rate_limited_pings_as_before(world: World) -> None:
    """users.info is Tier 4; a 429 with Retry-After (docs.slack.dev/apis/web-api/rate-limits)
    says nothing of the account: carol is pinged, the notice is not held for the wait."""
    world.slack.users[CAROL] = "carol@acme.test"
    world.slack.deactivated.add(CAROL)
    world.slack.fail(times=50, method="users.info", status=429, error="ratelimited",
                     retry_after=120)
    notice = await step_two(world)
    assert world.slack.calls_to("users.info"), "users.info was never asked"
    assert f"<@{CAROL}>" in notice and "not pinged" not in notice, notice


async def test_a_deactivated_enterprise_grid_account_is_said_not_pinged(world: World) -> None:
    """An Enterprise Grid user object has no team_id, its workspaces under
    ``enterprise_user.teams`` (docs.slack.dev/reference/objects/user-object); ``deleted`` is
    read all the same."""
    world.slack.enterprise_id = "E111"
    world.slack.org_members[CAROL] = [world.slack.team_id]
    world.slack.users[CAROL] = "carol@acme.test"
    world.slack.deactivated.add(CAROL)
    notice = await step_two(world)
    assert f"<@{CAROL}>" not in notice and "carol was not pinged" in notice, notice


async def test_a_user_slack_does_not_know_is_said_not_pinged_with_the_id_to_fix(
        world: World) -> None:
    """users.info answering user_not_found (an id typed wrong under identities:, which
    `socialops check --online` reports, or a member removed from the workspace) says nothing
    of a departure, and names the id to change; ``<@WCAROL>`` of no member notifies nobody, so
    it is not pinged (it was, without a word, before 2026-12-07:
    tests/e2e/test_review_person_left.py)."""
    world.slack.users.pop(CAROL, None)
    notice = await step_two(world)
    assert f"<@{CAROL}>" not in notice, notice
    assert "deactivated" not in notice and f"Slack has no member {CAROL}" in notice, notice
    assert "put carol's member ID in this workspace under identities:" in notice, notice


async def test_a_deleted_posts_card_on_slack_links_nowhere_near_the_post(world: World) -> None:
    """The post's author deleted it: its card drops the 'Open on Mastodon' button (a 404)
    and keeps the author's profile link; the words are gone from the card."""
    _, ts = await open_ticket(world)
    world.clock.advance(minutes=1)
    await world.a.pipeline.process(tombstone("1", source="masto", at=world.clock()))
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, ts)
    assert card is not None
    shown = json.dumps(card["blocks"])
    assert "https://mastodon.example/@kasia/1" not in shown, shown
    assert "my order is broken" not in shown, shown
    assert "deleted by its author" in shown, shown
    buttons = [e for b in card["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert not [b for b in buttons if "url" in b], buttons
    assert any(b["action_id"] == "socialops:claim" for b in buttons), buttons


def mrkdwn_texts(blocks: list[dict[str, Any]]) -> list[str]:
    out = []
    for block in blocks:
        for obj in [block.get("text"), *block.get("elements", []), *block.get("fields", [])]:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                out.append(str(obj["text"]))
    return out


async def test_a_follow_up_field_quoting_a_hostile_note_pings_nobody(world: World) -> None:
    """The note an agent resolved with is quoted in the next ticket's Follow-up field: plain
    text there, so ``<!channel>``, a forged link or ``*bold*`` show as typed and the only
    mrkdwn is the card's own layout; a long note is cut to a field's 2,000."""
    first, _ = await open_ticket(world)
    note = "<!channel> <!subteam^S123> <https://evil.example|acme.com> *fixed* " + "x" * 2_500
    assert "resolved" in await ask(world, BOB, SUPPORT, f"resolve {first} {note}")
    world.clock.advance(hours=20)
    await world.mention("@acme it is broken again, the order page fails", n=2)
    card = next(m for m in world.posts(SUPPORT) if "follows" in json.dumps(m))
    for text in mrkdwn_texts(card["blocks"]):
        assert "<!" not in text and "evil.example" not in text, text
    values = [f["text"] for b in card["blocks"] for f in b.get("fields", [])]
    follow = next(v for v in values if f"follows {first}" in v)
    assert "<!channel>" in follow and len(follow) <= 2_000, follow
