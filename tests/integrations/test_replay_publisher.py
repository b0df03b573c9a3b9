"""The replay publisher (the quick start's and the demo's stand-in for a network): a post's
address is the same in every process for one post and differs between posts. It numbered
posts in one process's memory, so after each restart the first post published was
https://replay.invalid/post/1 again, and `status` showed four approvals published at one
address (a newcomer's find, 2026-12-04)."""

from __future__ import annotations

from integrations.replay.source import ReplayPublisher


async def test_each_post_has_its_own_address_across_restarts_and_a_retry_the_same() -> None:
    first_run, second_run = ReplayPublisher(), ReplayPublisher()  # two processes' publishers
    one = await first_run.publish("hi", reply_to=None, idempotency_key="approval:A-1")
    two = await second_run.publish("hello", reply_to=None, idempotency_key="approval:A-2")
    assert one.url != two.url and one.id != two.id
    assert one.url is not None and one.url.startswith("https://replay.invalid/post/")
    # a publish retried after a restart (the answer lost with the process) is the same post
    again = await second_run.publish("hi", reply_to=None, idempotency_key="approval:A-1",
                                     maybe_published=True)
    assert (again.id, again.url) == (one.id, one.url)
