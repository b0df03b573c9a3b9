"""One draft to several networks at once, as Hootsuite's composer picks several profiles
(`draft mastodon,bluesky main ...`): socialops drafts one network and account a draft, each
approved and published on its own. Before, the list was answered as one network's name
unknown (`unknown network 'mastodon,bluesky' (known: bluesky, ...)`), naming the very
networks typed as if they were not known, with no word of drafting each. Slack's signed
requests through bolt (the command line's --network:
tests/app/test_review_draft_several_networks_cli.py)."""

from __future__ import annotations

import pytest

from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, MARKETING, World


@pytest.mark.parametrize("typed", ["mastodon,bluesky", "Mastodon+Bluesky", "mastodon/bluesky"])
async def test_a_draft_to_several_networks_says_to_draft_each(world: World, typed: str) -> None:
    said = await ask(world, ALICE, MARKETING, f"draft {typed} masto at=2h Launch day")
    assert said == (f"'{typed.lower()}' names 2 networks (mastodon and bluesky), and a draft "
                    "goes to one network and account, approved and published on its own: "
                    "draft each (draft mastodon <account> <text>, then draft bluesky <account> "
                    "<text>); nothing was drafted"), said
    assert await world.a.store.list_approvals() == []


async def test_an_unknown_network_in_a_list_is_said_as_before(world: World) -> None:
    said = await ask(world, ALICE, MARKETING, "draft mastodon,myspace masto Launch day")
    assert said.startswith("unknown network 'mastodon,myspace' (known: "), said

