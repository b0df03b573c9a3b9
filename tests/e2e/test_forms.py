"""Slack modals for reply, draft and subscribe, end to end (issue #18): a form verb typed
without its arguments opens a modal (``views.open`` with the command's trigger_id); a wrong
submission comes back as ``response_action: errors`` keyed by the wrong field; a right one runs
as the typed command would, through the same dispatcher. The subscribe modal previews the last
7 days of stored posts (``views.update``) before anything is saved."""

from __future__ import annotations

from typing import Any

from tests.e2e.world import ALICE, MALLORY, MARKETING, SUPPORT, World


async def opened(world: World, user: str, channel: str, text: str) -> dict[str, Any]:
    before = len(world.slack.views)
    assert await world.slash(user, channel, text) == 200
    await world.until(lambda: len(world.slack.views) > before, f"the modal for {text!r}")
    view = world.slack.views[-1]
    opened_by = world.slack.calls_to("views.open")[-1]
    assert str(opened_by.args["trigger_id"]).startswith("1.2.")  # the command's own trigger
    return view


def field(view: dict[str, Any], block_id: str) -> dict[str, Any]:
    return next(b for b in view["blocks"] if b.get("block_id") == block_id)


async def test_reply_form_refuses_by_field_and_drafts_through_the_dispatcher(
        world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    view = await opened(world, ALICE, SUPPORT, "reply t-1")
    assert view["callback_id"] == "socialops:form:reply"
    assert field(view, "ticket")["element"]["initial_value"] == "T-1"

    assert await world.submit(ALICE, view, {"ticket": "T-1", "text": "  "}) == (
        200, {"response_action": "errors", "errors": {"text": "Required."}})
    # a text that draws nothing (a braille blank, Hangul fillers) is none either: it closed
    # the modal and was refused after, in an ephemeral line, the field no longer in view
    for blank in ("\u2800", "\u3164\n\u3164", "\u200b"):
        assert await world.submit(ALICE, view, {"ticket": "T-1", "text": blank}) == (
            200, {"response_action": "errors", "errors": {"text": "Required."}})
    status, answer = await world.submit(ALICE, view, {"ticket": "order 1", "text": "Hi"})
    assert answer == {"response_action": "errors",
                      "errors": {"ticket": "'order' is not an id like T-3"}}
    assert await world.a.store.list_approvals() == []

    status, answer = await world.submit(ALICE, view, {"ticket": "T-1",
                                                      "text": "Sorry!\nWe are on it."})
    assert status == 200 and answer is None  # the modal closes
    await world.until(lambda: any("A-1 drafted as a reply to T-1" in t
                                  for t in world.said_to(ALICE)), "the draft's answer")
    (approval,) = await world.a.store.list_approvals()
    assert (approval.text, approval.ticket_id, approval.author) == (
        "Sorry!\nWe are on it.", "T-1", "alice")
    # a refusal of the dispatcher's about one field is shown under it, the form open
    # (tests/e2e/test_review_form_refusal_fields.py)
    assert await world.submit(ALICE, view, {"ticket": "T-9", "text": "Hello"}) == (
        200, {"response_action": "errors", "errors": {"ticket": "no ticket T-9"}})


async def test_draft_form_picks_a_network_and_checks_the_account(world: World) -> None:
    view = await opened(world, ALICE, SUPPORT, "draft")
    network = field(view, "network")["element"]
    assert network["type"] == "static_select"
    assert "mastodon" in [o["value"] for o in network["options"]]
    assert (await world.submit(ALICE, view, {"network": "myspace", "account": "masto",
                                             "text": "x"}))[1]["errors"].keys() == {"network"}
    _, answer = await world.submit(ALICE, view, {"network": "mastodon", "account": "nobody",
                                                 "text": "Our status page moved"})
    assert answer is not None and "nobody" in answer["errors"]["account"]  # the dispatcher's
    await world.submit(ALICE, view, {"network": "mastodon", "account": "masto",
                                     "text": "Our status page moved"})
    await world.until(lambda: any("A-1 drafted" in t for t in world.said_to(ALICE)),
                      "the draft")
    (approval,) = await world.a.store.list_approvals()
    assert (approval.network, approval.account) == ("mastodon", "masto")


async def test_subscribe_form_previews_seven_days_of_stored_posts_before_saving(
        world: World) -> None:
    posts = [(0, "@acme the new dark mode is broken on android"),
             (0, "@acme dark mode makes my order page unreadable"),
             (2, "@acme where is my refund, this is terrible"),
             (3, "@acme dark mode please in the desktop app?"),
             (9, "@acme dark mode ate my order history")]  # older than 7 days: not counted
    day = 0
    for n, (days_ago, text) in enumerate(sorted(posts, key=lambda p: -p[0]), 1):
        world.clock.advance(days=day - days_ago if n > 1 else 0)
        day = days_ago
        await world.mention(text, n=n, handle=f"c{n}")
    world.clock.advance(days=day)
    view = await opened(world, ALICE, MARKETING, "subscribe")
    assert field(view, "preview_actions")["elements"][0]["action_id"] == \
        "socialops_form:preview"
    values: dict[str, str | None] = {"query": '"dark mode"', "digest": "daily", "lang": ""}
    updates = len(world.slack.calls_to("views.update"))
    assert await world.press_in_modal(ALICE, view, "socialops_form:preview", values) == 200
    await world.until(lambda: len(world.slack.calls_to("views.update")) > updates,
                      "the preview")
    shown = field(world.slack.views[-1], "preview")["text"]
    assert shown["type"] == "plain_text" and shown["emoji"] is False
    lines = shown["text"].splitlines()
    assert lines[0] == '"dark mode": 3 of 4 posts in the last 7 days would have matched'
    counts = [int(x.rsplit(" ", 1)[1]) for x in lines[1].split("  ", 1)[1].split(", ")]
    assert counts == [0, 0, 0, 0, 1, 0, 0, 2]  # 8 days: a week back and today
    assert lines[2] == "latest matches:" and len(lines) == 6
    assert "dark mode is broken on android" in shown["text"]
    # the same facts as the typed command (one dispatcher, one preview service)
    assert await world.slash(ALICE, MARKETING, 'preview "dark mode"') == 200
    await world.until(lambda: any(t.startswith('"dark mode": 3 of 4')
                                  for t in world.said_to(ALICE)), "the typed preview")
    assert await world.a.store.list_subscriptions() == []  # a preview saves nothing

    refused = await world.submit(ALICE, view, {"query": '"dark mode', "lang": "english"})
    assert refused == (200, {"response_action": "errors", "errors": {
        "query": "a quote is not closed",
        "lang": "lang takes language codes like en,pl: 'english' is not an ISO 639-1 language "
                "code; use en"}})
    await world.submit(ALICE, world.slack.views[-1], values)
    await world.until(lambda: any("S-1 created" in t for t in world.said_to(ALICE)),
                      "the subscription")
    (sub,) = await world.a.store.list_subscriptions()
    assert (sub.channel, sub.query, sub.digest_interval) == (MARKETING, '"dark mode"', "daily")


async def test_unlinked_people_get_the_link_hint_not_a_form(world: World) -> None:
    before = len(world.slack.views)
    assert await world.slash(MALLORY, SUPPORT, "subscribe") == 200
    await world.until(lambda: any("not linked" in t for t in world.said_to(MALLORY)),
                      "the hint")
    assert len(world.slack.views) == before


async def test_the_ticket_cards_reply_button_opens_the_reply_form(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    card = next(m for m in world.posts(SUPPORT) if "T-1:" in str(m.get("text")))
    assert world.button_value(SUPPORT, str(card["ts"]), "reply") == "T-1"
    before = len(world.slack.views)
    assert await world.click(ALICE, "reply", "T-1", channel=SUPPORT,
                             message_ts=str(card["ts"])) == 200
    await world.until(lambda: len(world.slack.views) > before, "the reply form")
    view = world.slack.views[-1]
    assert view["callback_id"] == "socialops:form:reply"
    assert field(view, "ticket")["element"]["initial_value"] == "T-1"
    assert str(world.slack.calls_to("views.open")[-1].args["trigger_id"]).startswith("9.9.")
    await world.submit(ALICE, view, {"ticket": "T-1", "text": "On it!"})
    await world.until(lambda: any("A-1 drafted as a reply to T-1" in t
                                  for t in world.said_to(ALICE)), "the draft")


async def test_a_field_never_spills_into_another(world: World) -> None:
    """Each one-word field is one word: "T-1 T-2" in the ticket field used to draft a reply to
    T-1 reading "T-2 hi", and "en digest=daily" in the languages switched on a daily digest.
    Free text is taken whole, never read for options."""
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    one = "Only one {} here, without spaces or line breaks."
    reply = await opened(world, ALICE, SUPPORT, "reply")
    assert await world.submit(ALICE, reply, {"ticket": "T-1 T-2", "text": "hi"}) == (
        200, {"response_action": "errors", "errors": {"ticket": one.format("ticket id")}})
    draft = await opened(world, ALICE, SUPPORT, "draft")
    assert await world.submit(ALICE, draft, {"network": "mastodon", "account": "masto masto",
                                             "text": "hi"}) == (
        200, {"response_action": "errors", "errors": {"account": one.format("account")}})
    subscribe = await opened(world, ALICE, MARKETING, "subscribe")
    for lang in ("en\nxx", "en digest=daily"):
        assert await world.submit(ALICE, subscribe, {"query": "acme", "lang": lang}) == (
            200, {"response_action": "errors",
                  "errors": {"lang": one.format("list of language codes (en,pl)")}})
    _, answer = await world.submit(ALICE, subscribe, {"query": "acme digest=daily"})
    assert answer == {"response_action": "errors", "errors": {"query": (
        "digest=daily is not part of a query: write only the query here (the form has its own "
        "fields for the options)")}}
    assert await world.a.store.list_approvals() == []
    assert await world.a.store.list_subscriptions() == []

    text = "lang=en T-2 «merci»\ndigest=daily"
    await world.submit(ALICE, reply, {"ticket": "t-1", "text": text})
    await world.until(lambda: any("A-1 drafted as a reply to T-1" in t
                                  for t in world.said_to(ALICE)), "the draft")
    (approval,) = await world.a.store.list_approvals()
    assert (approval.text, approval.ticket_id) == (text, "T-1")
