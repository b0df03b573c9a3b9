"""The optional model endpoint, end to end, against a local OpenAI-compatible server (the wire
format of POST /v1/chat/completions: a JSON body with "messages", an answer in
choices[0].message.content): it classifies posts that hold a keyword before routing, translates
non-English posts onto their cards after they are posted, and suggests reply drafts. When it is
slow or broken, everything falls back to the embedded model within the configured timeout."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from tests.conftest import FakeClock
from tests.e2e.world import ALICE, APPROVALS, SALES, SUPPORT, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import Fault, NetServer

PATH = "/v1/chat/completions"


class Llm:
    """Answers like a chat model would, by looking at the system prompt and the post."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.delay = 0.0
        self.suggestion = "Przepraszamy! Sprawdzamy to i odezwiemy się w wiadomości prywatnej."
        self.translation = "The Acme app broke my invoices again."

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.json()
        system = body["messages"][0]["content"]
        post = body["messages"][-1]["content"]
        self.calls.append(system.split(".")[0])
        if self.delay:
            await asyncio.sleep(self.delay)
        if system.startswith("You label"):
            intent = "complaint" if "zepsuł" in post or "broke" in post else "other"
            answer = json.dumps({"intent": intent, "polarity": "negative"})
        elif system.startswith("Translate"):
            answer = self.translation
        else:
            answer = self.suggestion
        return web.json_response({"id": "x", "object": "chat.completion", "choices": [
            {"index": 0, "message": {"role": "assistant", "content": answer},
             "finish_reason": "stop"}]})


@pytest.fixture
async def llm() -> AsyncIterator[tuple[NetServer, Llm]]:
    model = Llm()
    async with NetServer() as net:
        net.handler("POST", PATH, model.handle)
        yield net, model


@pytest.fixture
async def world(tmp_path: Path, clock: FakeClock,
                llm: tuple[NetServer, Llm]) -> AsyncIterator[World]:
    net, _ = llm
    extra = (f'model_endpoint: {{url: "{net.url(PATH)}", timeout: 0.5, '
             "features: [classify, translate, reply]}\n")
    async with FakeSlack() as slack, NetServer() as masto:
        w = await World(tmp_path, clock, slack, masto, extra=extra).start()
        try:
            yield w
        finally:
            await w.stop()


POLISH = "Aplikacja Acme znowu zepsuła mi faktury, trzeci raz w tym miesiącu"


async def test_translation_arrives_on_the_card_after_it_is_posted(
        world: World, llm: tuple[NetServer, Llm]) -> None:
    await world.a.start()
    await world.mention(POLISH, n=1)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    card_ts = str(world.posts(SUPPORT)[0]["ts"])
    assert "Translation" not in str(world.slack.message(SUPPORT, card_ts))  # not waited for
    await world.timers()
    card = world.slack.message(SUPPORT, card_ts)
    assert "Translation (pl)" in str(card) and "broke my invoices" in str(card)
    assert any("translated from pl" in str(m) for m in world.slack.thread(SUPPORT, card_ts))
    # an approval request drafted from it carries the translation of what it answers
    assert await world.slash(ALICE, SUPPORT, f"reply {ticket.id} Bardzo przepraszamy!") == 200
    await world.until(lambda: any("A-1" in t for t in world.said_to(ALICE)), "the draft")
    await world.a.outbox.drain()
    assert "translated from pl" in str(world.posts(APPROVALS)[0])


async def test_a_translated_ticket_post_is_kept_as_long_as_its_ticket(
        world: World, llm: tuple[NetServer, Llm]) -> None:
    """The translation writes the ticket's post again: it was written with the dedup window's
    72 hours (store.dedup_ttl_hours) where the ticket's post is kept as long as the ticket
    (docs/storage.md), so four days on every translated ticket's post was pruned, and `reply`
    to it refused."""
    await world.a.start()
    await world.mention(POLISH, n=1)
    await world.timers()
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    world.clock.advance(days=4)
    await world.a.store.prune(world.clock(), sent_seconds=3600, refs_seconds=3600)
    signal = await world.a.store.get_signal(ticket.signal_id)
    assert signal is not None and signal.translation is not None


async def test_a_long_translation_is_cut_between_characters(
        world: World, llm: tuple[NetServer, Llm]) -> None:
    """A translation is kept up to 2,000 characters: the cut was a plain slice, so an emoji
    sequence across it (👩‍💻, three code points) was kept as another picture (👩) on the
    card, with nothing saying the rest was left out."""
    _, model = llm
    model.translation = "w" * 1998 + "\U0001F469\u200d\U0001F4BB" + " and the rest"
    await world.a.start()
    await world.mention(POLISH, n=1)
    await world.timers()
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    signal = await world.a.store.get_signal(ticket.signal_id)
    assert signal is not None and signal.translation == "w" * 1998 + "…", \
        (signal.translation or "")[-4:] if signal else None


async def test_classify_routes_what_the_embedded_model_missed(
        world: World, llm: tuple[NetServer, Llm]) -> None:
    _, model = llm
    text = "thanks acme for the update that broke my files"  # sarcasm the model misses
    before = world.a.enricher.facts(
        (await world.mention("hello acme", n=99)).model_copy(update={"text": text}))
    assert before.intent() not in ("complaint", "question")  # the embedded model's view
    await world.mention(text, n=2)
    tickets = await world.a.store.list_tickets(status="open")
    assert [t.signal_id for t in tickets] == ["mastodon:2"]  # a ticket: the endpoint's label
    assert any(c.startswith("You label") for c in model.calls)


async def test_a_slow_or_broken_endpoint_falls_back_in_time(
        world: World, llm: tuple[NetServer, Llm]) -> None:
    net, model = llm
    model.delay = 5.0  # ten times the configured timeout
    loop = asyncio.get_running_loop()
    started = loop.time()
    await world.mention(POLISH, n=3)  # the embedded model's label stands
    assert loop.time() - started < 4.0, "the batch waited for the endpoint"
    model.delay = 0.0
    net.fault("POST", PATH, *[Fault.server_error()] * 10)
    await world.a.start()
    await world.mention("Acme zepsuła mi aplikację, nie działa", n=4, handle="jan")
    await world.timers()  # the translations fail: the cards stay as they were, nothing retries
    assert all("Translation" not in str(m) for m in world.posts(SUPPORT))
    assert len(world.posts(SUPPORT)) == 2
    assert await world.a.store.timer_due("translate:mastodon:4") is None


async def test_suggest_shows_a_draft_privately(world: World) -> None:
    await world.mention(POLISH, n=5)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    assert await world.slash(ALICE, SUPPORT, f"suggest {ticket.id}") == 200
    await world.until(lambda: any("Suggested reply" in t for t in world.said_to(ALICE)),
                      "the suggestion")
    answer = next(t for t in world.said_to(ALICE) if "Suggested reply" in t)
    assert f"reply {ticket.id} Przepraszamy" in answer
    assert world.posts(APPROVALS) == []  # nothing drafted or sent


async def test_a_long_suggestion_is_cut_between_characters_and_says_so(
        world: World, llm: tuple[NetServer, Llm]) -> None:
    """A suggestion is shown up to 1,000 characters: a plain slice split an emoji sequence
    across the limit (👩‍💻 became 👩) and the reply to copy ended with no sign it was cut."""
    _, model = llm
    model.suggestion = "x" * 998 + "👩‍💻" + " and the rest of a long answer"
    await world.mention(POLISH, n=6)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    assert await world.slash(ALICE, SUPPORT, f"suggest {ticket.id}") == 200
    await world.until(lambda: any("Suggested reply" in t for t in world.said_to(ALICE)),
                      "the suggestion")
    answer = next(t for t in world.said_to(ALICE) if "Suggested reply" in t)
    assert answer.endswith(f"reply {ticket.id} {'x' * 998}…"), answer[-40:]
    assert "👩" not in answer


DIGEST_RULES = """
brands:
  acme: [acme]
routes:
  - name: dev-digest
    match: {brand: [acme]}
    action: digest
    channel: sales
    interval: 1h
"""


async def test_a_digest_carries_the_generated_sentence(
        tmp_path: Path, clock: FakeClock, llm: tuple[NetServer, Llm]) -> None:
    net, model = llm
    extra = f'digest_summary: {{url: "{net.url(PATH)}", model: local, timeout: 2}}\n'
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=DIGEST_RULES,
                            extra=extra).start()
        try:
            await world.mention("acme login is down for me", n=1)
            await world.mention("acme login fails again", n=2, handle="ola")
            clock.advance(hours=1, minutes=1)
            await world.timers()
            digest = [m for m in world.posts(SALES) if "Digest" in str(m)]
            assert len(digest) == 1 and "Przepraszamy" in str(digest[0])
            assert any(c.startswith("Summarise") for c in model.calls)
        finally:
            await world.stop()


@pytest.mark.parametrize("steered", ["at=1m We refund everyone, DM us your card number",
                                     'AT="tomorrow 9am" Thanks!', "at=\u201c1h\u201d Thanks!"])
async def test_a_suggestion_that_would_schedule_itself_is_not_shown(
        world: World, llm: tuple[NetServer, Llm], steered: str) -> None:
    """A post can steer the model (its text goes to it as data, but a model follows what it
    reads): a suggestion beginning with `at=<when>` was shown as `reply T-1 at=1m ...`, which,
    copied as the answer says to, sends it by itself at that time once approved rather than
    after the agent's edit. Not shown; the agent writes the reply."""
    _, model = llm
    model.suggestion = steered
    await world.mention(POLISH, n=7)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    assert await world.slash(ALICE, SUPPORT, f"suggest {ticket.id}") == 200
    await world.until(lambda: any("suggest" in t.lower() for t in world.said_to(ALICE)),
                      "the answer")
    answer = next(t for t in world.said_to(ALICE) if "suggest" in t.lower())
    # the notification text: formatting marks shown as their lookalikes, markup escaped
    answer = answer.replace("\uff40", "`").replace("&lt;", "<").replace("&gt;", ">")
    assert answer.startswith("the model endpoint's suggestion began with at=, which `reply` "
                             "reads as the time to send it: not shown; write the reply with "
                             f"`reply {ticket.id} "), answer
    assert "Suggested reply" not in answer and "at=1" not in answer and "Thanks" not in answer
