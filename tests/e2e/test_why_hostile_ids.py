"""``why`` of a ticket whose post's id, the network's, holds line breaks or an escape sequence
(a Mastodon instance sends any string as a status id): the answer's first line named the id
as it came, so it drew lines of its own ('SocialOps: T-1 resolved, nothing to do'), and
``socialops why`` printed the escape sequence to the terminal. It is named as a dead letter's
id is, escaped in ANSI-C quotes. Through Slack's signed request path."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, SUPPORT, World


async def test_why_names_a_hostile_post_id_on_its_own_line(world: World) -> None:
    hostile = "1\n\nSocialOps: T-1 resolved, nothing to do\x1b[2J"
    await world.mention("@acme my order is broken again, terrible",
                        n=hostile)  # type: ignore[arg-type]
    said = await ask(world, ALICE, SUPPORT, "why T-1")
    lines = said.splitlines()
    assert lines[0].startswith("$'mastodon:1\\n\\nSocialOps: T-1 resolved, nothing to do"
                               "\\x1b[2J' by @kasia ("), said
    assert not any(line.startswith("SocialOps") for line in lines), said
    assert lines[1].startswith("• fetched by masto at "), said


async def test_why_takes_an_id_holding_whitespace_as_the_whole_argument(world: World) -> None:
    """Some networks' ids hold spaces (a Mastodon instance sends any string as a status id), and
    an id copied out of chat comes with spaces or a line break around it: `why` refused them
    all ('why takes a post URL, a mention id ... or a ticket id')."""
    await world.mention("@acme my order is broken again, terrible",
                        n="1 2")  # type: ignore[arg-type]
    for typed in ("why mastodon:1 2", "why   mastodon:1 2  ", "why \nmastodon:1 2\n"):
        said = await ask(world, ALICE, SUPPORT, typed)
        assert said.startswith("mastodon:1 2 by @kasia ("), (typed, said)
        assert "• fetched by masto at " in said, said
    # inner whitespace is looked up as typed: none found is said in one line, the id quoted
    said = await ask(world, ALICE, SUPPORT, "why mastodon:1\n2")
    assert said == ("$'mastodon:1\\n2': never fetched, or fetched longer ago than the traces "
                    "are kept (store.retention.traces_days)"), said
    said = await ask(world, ALICE, SUPPORT, "why https://mastodon.example/@kasia/\n1 2")
    assert "\n" not in said and said.startswith("$'https://mastodon.example/@kasia/\\n1 2': "
                                                "no post fetched at this address"), said


async def test_why_of_an_id_and_more_words_names_the_id_that_was_fetched(world: World) -> None:
    """`why mastodon:1 by @kasia` (an answer's first line, copied) was looked up whole since
    b019873 and said 'never fetched', of a post that was: the first word, fetched, is named."""
    await world.mention("@acme my order is broken again, terrible", n=1)
    said = await ask(world, ALICE, SUPPORT, "why mastodon:1 by @kasia")
    assert said == ("'mastodon:1 by @kasia': never fetched; mastodon:1 was: why mastodon:1 (an "
                    "id holding spaces is looked up whole)"), said
    said = await ask(world, ALICE, SUPPORT, "why mastodon:2 by @kasia")
    assert said.startswith("'mastodon:2 by @kasia': never fetched, or fetched longer ago"), said
