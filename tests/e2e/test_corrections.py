"""Corrections from chat, end to end through Slack (signed slash commands, the local Slack): an
agent relabels a ticket's post; the signal, the ticket's card and the audit log change at
once; the next post of the same kind gets the corrected label, in this process and in a second
process on the same store; `socialops model eval --stored` measures the deployment's
corrections."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from bot.app.cli import main as cli
from bot.app.compose import open_app
from bot.core.config import load_config
from bot.core.models import Signal
from handlers.audit import Audit
from handlers.labels import Labels
from tests.conftest import FakeClock
from tests.e2e.world import ALICE, BOB, MALLORY, RULES, SUPPORT, World
from tests.support.fake_slack import FakeSlack
from tests.support.netserver import NetServer


async def test_a_correction_teaches_every_process(world: World) -> None:
    await world.a.start()
    await world.mention("Does Acme Drive support SSO with Okta?", n=1)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    signal = await world.a.store.get_signal(ticket.signal_id)
    assert signal is not None and signal.intent == "question"
    card_ts = str(world.posts(SUPPORT)[0]["ts"])
    azure = signal.mention.model_copy(update={
        "id": "mastodon:2", "text": "Does Acme Drive support SSO with Azure AD?"})
    assert world.a.enricher.facts(azure).intent() == "question"  # before the correction

    assert await world.slash(ALICE, SUPPORT, f"label {ticket.id} lead") == 200
    await world.until(lambda: any("intent is now lead" in str(m)
                                  for m in world.slack.responses), "the public answer")
    relabelled = await world.a.store.get_signal(ticket.signal_id)
    assert relabelled is not None and relabelled.intent == "lead"
    await world.a.outbox.drain()
    card = world.slack.message(SUPPORT, card_ts)
    assert card is not None and "lead" in str(card.get("blocks")).lower()
    thread = world.slack.thread(SUPPORT, card_ts)
    assert any("alice relabelled the intent: question → lead" in str(m) for m in thread)
    audit = [e for e in await world.a.store.audit_since(None)
             if e.action == "signal.relabelled"]
    assert [(e.actor, e.object_id) for e in audit] == [("alice", ticket.signal_id)]

    # the next post of the same kind is a lead now, in this process: the support route (for
    # complaints and questions) no longer opens a ticket for it...
    nxt = await world.mention("Does Acme Drive support SSO with Azure AD?", n=2)
    assert world.a.enricher.facts(nxt).intent() == "lead"
    assert len(await world.a.store.list_tickets()) == 1
    # ...and in another process on the same store, which learns it from the shared log
    async with open_app(load_config(world.tmp / "socialops.yaml"), clock=world.clock,
                        env={}, owner="second") as other:
        await other.start()
        assert other.enricher.facts(nxt).intent() == "lead"
    # an unrelated post keeps its label
    await world.mention("acme drive is down again and support ignores me", n=4, handle="ola")
    unrelated = await world.a.store.get_signal("mastodon:4")
    assert unrelated is not None and unrelated.intent == "complaint"


async def test_label_refusals_are_one_line(world: World) -> None:
    await world.mention("Does Acme Drive support SSO with Okta?", n=1)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    for user, text, expected in (
            (BOB, f"label {ticket.id} sarcastic", "is not a label"),
            (BOB, f"label {ticket.id} question", "question already"),
            (BOB, "label T-999 lead", "no ticket T-999"),
            (BOB, "label mastodon:404 lead", "no post mastodon:404"),
            (MALLORY, f"label {ticket.id} lead", "link")):
        before = len(world.said_to(user))
        assert await world.slash(user, SUPPORT, text) == 200
        await world.until(lambda u=user, b=before: len(world.said_to(u)) > b, text)
        answer = world.said_to(user)[-1]
        assert expected in answer and "\n" not in answer.strip(), answer


async def test_model_eval_on_the_stored_corrections(world: World) -> None:
    await world.mention("Does Acme Drive support SSO with Okta?", n=1)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    assert world.a.labels is not None
    assert (await world.a.labels.label(ticket.id, "lead", "alice")).ok

    def run() -> tuple[int, str]:
        out = io.StringIO()
        with redirect_stdout(out):
            rc = cli(["-c", str(world.tmp / "socialops.yaml"), "model", "eval", "--stored"])
        return rc, out.getvalue()

    rc, text = await asyncio.to_thread(run)
    assert rc == 0, text
    assert "1 corrected post" in text and "lead" in text


class _Meanwhile:
    """The store as one process's label decision reads it, where another process relabels the
    post right after this one read it (the last inch: two decisions interleaving)."""

    def __init__(self, store: Any, meanwhile: Callable[[], Awaitable[object]]) -> None:
        self.store = store
        self.meanwhile: Callable[[], Awaitable[object]] | None = meanwhile

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    async def get_signal(self, signal_id: str) -> Signal | None:
        got = await self.store.get_signal(signal_id)
        if self.meanwhile is not None:
            meanwhile, self.meanwhile = self.meanwhile, None
            await meanwhile()
        return got


async def test_two_people_relabelling_one_post_at_once_each_change_what_it_says(
        world: World) -> None:
    """Alice (this process) and Bob (another process on the same store) relabel one post at
    the same moment: Bob's lands first; Alice's decision, made from the label it read,
    meets his mark and is decided again from his label. Before, both were told it "was
    question", two corrections from question were kept, and the model learned Alice's
    question -> lead while the post had said praise."""
    await world.mention("Does Acme Drive support SSO with Okta?", n=1)
    ticket = (await world.a.store.list_tickets(status="open"))[0]
    async with open_app(load_config(world.tmp / "socialops.yaml"), clock=world.clock,
                        env={}, owner="second") as other:
        await other.start()
        bob = other.labels
        assert bob is not None
        bobs: list[str] = []

        async def bob_relabels() -> None:
            bobs.append((await bob.label(ticket.id, "praise", "bob")).text)

        alice = Labels(_Meanwhile(world.a.store, bob_relabels), world.a.applier,
                       clock=world.clock, audit=Audit(clock=world.clock), signal_ttl=3600)
        answer = (await alice.label(ticket.id, "lead", "alice")).text
    assert bobs and "(was question)" in bobs[0], bobs
    assert "intent is now lead (was praise)" in answer, answer
    changes = [e.detail.split(" (")[0] for e in await world.a.store.audit_since(None)
               if e.action == "signal.relabelled"]
    assert changes == ["intent: question -> praise", "intent: praise -> lead"], changes
    signal = await world.a.store.get_signal(ticket.signal_id)
    assert signal is not None and signal.intent == "lead"


# every Acme post is stored (an alert in support) as well as complaints becoming tickets, so a
# post read as `other` can be relabelled by its mention id
WATCH_RULES = RULES + """
  - name: watch
    match: {brand: [acme]}
    action: alert
    channel: support
"""


async def test_a_correction_wins_over_the_company_reply_rule(
        tmp_path: Path, clock: FakeClock) -> None:
    # a customer quoting the canned reply without quotation marks: the company-reply rule
    # (bot/enrich/model.py as_company_reply) reads it as the company's reply, `other`
    quoting = ("Sorry to hear that, please DM us your order number - that's all Acme ever "
               "says. Still no refund after 3 weeks")
    async with FakeSlack() as slack, NetServer() as masto:
        world = await World(tmp_path, clock, slack, masto, rules=WATCH_RULES).start()
        try:
            await world.mention(quoting, n=1)
            signal = await world.a.store.get_signal("mastodon:1")
            assert signal is not None and signal.intent == "other"

            assert await world.slash(ALICE, SUPPORT, "label mastodon:1 complaint") == 200
            await world.until(lambda: any("intent is now complaint" in str(m)
                                          for m in world.slack.responses), "the answer")

            # the same complaint from another customer is one now, in this process (a ticket
            # of the support route) and in another process on the same store
            near = await world.mention(quoting.replace("3 weeks", "5 weeks"), n=2,
                                       handle="ola")
            assert world.a.enricher.facts(near).intent() == "complaint"
            assert [t.signal_id for t in await world.a.store.list_tickets()] == ["mastodon:2"]
            async with open_app(load_config(tmp_path / "socialops.yaml"), clock=clock,
                                env={}, owner="second") as other:
                await other.start()
                assert other.enricher.facts(near).intent() == "complaint"
            # a company's own reply with the very formula the customer quoted is still `other`
            reply = await world.mention("Sorry to hear that, please DM us your order number and "
                                        "we'll look into it.", n=3, handle="acme")
            assert world.a.enricher.facts(reply).intent() == "other"
        finally:
            await world.stop()
