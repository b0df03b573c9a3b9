"""An X ``created_at`` whose UTC is outside datetime's years 1-9999 (``9999-12-31T23:59:59-01:00``
is 10000-01-01 in UTC; ``0001-01-01T00:00:00+01:00`` is year 0): ``astimezone(UTC)`` raised
OverflowError, which ``tweet_time`` did not catch, though it falls back to the time the tweet's
snowflake id embeds for any other ``created_at`` it cannot read. ``why <x.com address>`` of such
a tweet answered a traceback (``look_up`` turns only our own errors into a line), a poll skipped
a tweet whose id says when it was made, and the publisher's look for its own tweet before a
retry raised out of ``publish``."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.app.compose import look_up
from integrations.social.x.parse import snowflake_time
from tests.integrations.test_mutated_lookups import CASES
from tests.integrations.test_mutated_payloads import X
from tests.support.polling import World, opened_world

OUT_OF_RANGE = ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00",
                # in datetime's years, outside a post's (bot.core.models.PostTime): the
                # Mention refused them, and the tweet was skipped and why answered a
                # validation error, though its id says when it was made
                "3000-01-01T00:00:00Z", "1969-12-31T23:59:59+00:00"]
LOOKUP = next(c for c in CASES if c.name == "x")


@pytest.fixture(scope="module")
def world() -> Iterator[World]:
    with opened_world() as w:
        yield w


@pytest.mark.parametrize("created", OUT_OF_RANGE)
def test_why_of_a_tweet_dated_out_of_range_reads_it_by_its_id(world: World,
                                                               created: str) -> None:
    doc = copy.deepcopy(LOOKUP.doc)
    doc["data"]["created_at"] = created
    world.net.bytes("GET", LOOKUP.route, json.dumps(doc).encode(),
                    headers={"Content-Type": "application/json"})
    config = LOOKUP.config(world)
    found = world.run(look_up(LOOKUP.url(world),
                              {config.id: LOOKUP.make(world, config)}, [config]))
    assert found.post is not None, found.why_not
    assert found.post.created_at == snowflake_time(doc["data"]["id"])
    assert found.post.created_at.year == 2020


@pytest.mark.parametrize("created", OUT_OF_RANGE)
def test_a_polled_tweet_dated_out_of_range_is_read_by_its_id(world: World,
                                                              created: str) -> None:
    doc = copy.deepcopy(X.doc)
    doc["data"][3]["created_at"] = created
    whole = X.poll(world, json.dumps(X.doc).encode())
    out = X.poll(world, json.dumps(doc).encode())
    assert out.error is None and out.mentions is not None and whole.mentions is not None
    assert out.skips == 0
    assert {m.id for m in out.mentions} == {m.id for m in whole.mentions}
    tweet = next(m for m in out.mentions if m.native_id == doc["data"][3]["id"])
    assert tweet.created_at == snowflake_time(doc["data"][3]["id"])
    assert tweet.created_at < datetime(2023, 1, 1, tzinfo=UTC)
