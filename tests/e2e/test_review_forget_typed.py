"""``/socialops forget <author> [dry-run]`` typed in Slack, through bolt's request path: an
admin erasing a person's data on request (GDPR Art. 17) as docs/storage.md says it is typed.
The command's parser took the author for an id (``'mastodon:@kasia@...' is not an id like
T-3``), so no author could be named from chat; the dispatcher's own tests called the handler
with the author already split out."""

from __future__ import annotations

from tests.e2e.test_queue import ask
from tests.e2e.world import BOB, ERIN, SUPPORT, World


async def test_an_admin_types_forget_with_an_author(world: World) -> None:
    await world.mention("@acme my order is broken again, this is terrible", n=1)
    author = "mastodon:acctkasia"  # network:author-id (the world's mention names no server)
    said = await ask(world, ERIN, SUPPORT, f"forget {author} dry-run")
    assert said.startswith(f"{author}: would erase "), said
    assert "nothing written (dry run)" in said, said
    # anyone else is told it is an admin's, in one line, as before
    said = await ask(world, BOB, SUPPORT, f"forget {author}")
    assert said == "only admins erase a person's data (`forget`); ask one", said


async def test_forget_with_more_than_an_author_says_what_it_takes(world: World) -> None:
    said = await ask(world, ERIN, SUPPORT, "forget kasia now please")
    assert "not an id" not in said and "forget <author> [dry-run]" in said, said
