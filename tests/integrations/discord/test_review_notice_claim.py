"""An escalation notice on Discord carries a Claim button for each ticket it names, as on
Slack (tests/e2e/test_review_notice_claim.py): posted through the outbox, a SQLite file and
discord.py's own client against the local Discord, its buttons are the ones a click or an
:eyes: reaction on it claims by (a review, 2026-12-07: the notice had none)."""

from __future__ import annotations

from bot.core.cards import OutboxItem
from bot.core.config import DiscordWorkspaceConfig
from bot.core.effects import Effects
from bot.core.ports import Store
from bot.engine.outbox import Outbox
from handlers.cards import notice_card
from integrations.discord.reactions import several_on, target_for
from integrations.discord.workspace import DiscordWorkspace
from tests.conftest import FakeClock
from tests.support.fake_discord import FakeDiscord


async def test_a_notice_on_discord_has_a_claim_button_for_each_ticket(
        fake: FakeDiscord, sqlite_store: Store, clock: FakeClock,
        ws_config: DiscordWorkspaceConfig) -> None:
    outbox = Outbox(sqlite_store, {"discord": DiscordWorkspace(ws_config)}, clock=clock,
                    owner="t")
    fx = Effects()
    for n, claims in ((1, ("T-1",)), (2, ("T-2", "T-3"))):
        card = notice_card(f"escnote:{n}", "Escalation", "T-1 has been unclaimed for 16 min",
                           claims=claims)
        fx.send(OutboxItem.new(key=f"escnote:{n}@{fake.channel_id}", workspace="discord",
                               channel=fake.channel_id, card=card, now=clock()))
    assert await sqlite_store.apply(fx)
    await outbox.drain()
    one, two = fake.in_channel(fake.channel_id)
    assert target_for(one, "claim") == "T-1"  # what an :eyes: reaction on it claims
    labels = [(c["label"], c["custom_id"]) for row in two["components"]
              for c in row["components"]]
    assert [label for label, _ in labels] == ["Claim T-2", "Claim T-3"], labels
    assert [cid.rsplit(":", 1)[1] for _, cid in labels] == ["T-2", "T-3"], labels
    # a reaction on the notice of two does not say which: it claims none, and says so
    # (it claimed T-2, the first, without a word: a review, 2026-12-07)
    assert several_on(two, "claim") == (
        "T-2, T-3 each have a Claim button on this message: a reaction does not say which; "
        "press the button of the one you mean")
    assert several_on(one, "claim") is None
