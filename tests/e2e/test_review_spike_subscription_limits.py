"""A subscription's own spike thresholds: a review as an on-call engineer who runs Grafana
OnCall and PagerDuty (2026-12-07). A route could carry ``spikes: {min_count, threshold,
max_p}`` since the last review, while a subscription's series, made from chat, was judged by
the bot-wide ones alone: a team following a recall, where three posts out of nothing are the
news, was never warned (the bot-wide test asks for seven). ``subscribe <query>
spikes.min_count=3 spikes.max_p=0.1`` (the names of a route's ``spikes:``) now sets its own,
kept with the subscription in the store; a bad value is refused in one line naming the
option. Signed requests into the bolt app, the local Slack, a SQLite file or a real
redis-server, an injected clock."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from bot.core.errors import ConfigError, flatten
from rules.cli import permissive_channels, rules_test
from tests.conftest import FakeClock
from tests.e2e.spikeworld import CRISIS, post, spike_cards, spike_world, steady
from tests.e2e.test_queue import ask
from tests.e2e.world import ALICE, SUPPORT, redis_url_if
from tests.rules.support import CountingFacts


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> tuple[str, str | None]:
    return request.param, redis_url_if(request)


@pytest.mark.parametrize("own", [True, False], ids=["own", "bot-wide"])
async def test_a_subscriptions_own_thresholds_judge_its_series(
        tmp_path: Path, clock: FakeClock, backend: tuple[str, str | None], own: bool) -> None:
    store, redis_url = backend
    async with spike_world(tmp_path, clock, store=store, redis_url=redis_url) as w:
        line = "subscribe recall" + (" spikes.min_count=3 spikes.max_p=0.1" if own else "")
        said = await ask(w, ALICE, SUPPORT, line)
        assert said.startswith("S-1 created"), said
        sub = await w.a.store.get_subscription("S-1")
        assert sub is not None
        want = {"min_count": 3, "threshold": None, "max_p": 0.1} if own else None
        assert sub.model_dump().get("spikes") == want
        await steady(w, minutes=120, per_minute=0.5)  # the subscription's warm-up, and more
        for i in range(3):  # three posts of a recall, out of nothing
            clock.advance(seconds=60)
            await post(w, f"recall of charger batch {i}: do not use it")
            await w.timers()
        mine = [c for c in spike_cards(w, SUPPORT) if "Spike on subscription S-1" in c]
        assert len(mine) == (1 if own else 0)  # before: never, own thresholds or not
        # the keyword's series keeps the bot's: three are no spike there
        assert [c for c in spike_cards(w, CRISIS) if "keyword recall" in c] == []


@pytest.mark.parametrize(("line", "said"), [
    ("subscribe recall spikes.threshold=1",
     "spikes.threshold: 1 is out of range: must be greater than 1"),
    ("subscribe recall spikes.min_count=0",
     "spikes.min_count: 0 is out of range: must be from 1 to 1,000,000"),
    # above the bounds the config and a route's spikes: take, said with them (before: "must
    # be 1 or more" of 2000000, "greater than 1" of an infinity)
    ("subscribe recall spikes.min_count=2000000",
     "spikes.min_count: 2000000 is out of range: must be from 1 to 1,000,000"),
    ("subscribe recall spikes.threshold=1e999",
     "spikes.threshold: 1e999 is out of range: must be greater than 1 and at most 1,000"),
    # digits Python's int() reads and pydantic does not (an input method's full-width ３, an
    # Arabic-Indic ٣): before, a pydantic dump, "1 validation error for SpikeLimits ..."
    ("subscribe recall spikes.min_count=\uff13",
     "spikes.min_count: '\uff13' is not a whole number (write it in the digits 0-9)"),
    ("subscribe recall spikes.max_p=\u0660.1",
     "spikes.max_p: '\u0660.1' is not a number (write it in the digits 0-9)"),
    ("subscribe recall spikes.max_p=2",
     "spikes.max_p: 2 is out of range: must be above 0 and at most 1"),
    ("subscribe recall spikes.max_p=often", "spikes.max_p: 'often' is not a number"),
    ("subscribe recall spikes.treshold=3",
     "spikes.treshold is no option; spikes.min_count, spikes.threshold or spikes.max_p"),
    ("subscribe recall spikes.min_count=3 spikes.min_count=4",
     "spikes.min_count is given twice; keep one"),
    # written as a route's spikes: names them, with spaces around '=', or spike. for spikes.:
    # before, the first listed the options without the spikes. ones, the second and fourth
    # were told a keyword of '=' alone matches nearly every post, and the third made a
    # subscription to the query "recall spike.max_p=0.1", which no post holds
    ("subscribe recall min_count=3",
     "'min_count=3' is a spike threshold: write spikes.min_count=3"),
    ("subscribe recall spikes.min_count = 3",
     "write spikes.min_count=3, without spaces around '='"),
    ("subscribe recall spike.max_p=0.1", "'spike.max_p=0.1' is a spike threshold: write "
     "spikes.max_p=0.1"),
    ("subscribe recall digest = daily", "write digest=daily, without spaces around '='"),
    ("subscribe recall mode=digest", "spikes.min_count=3, spikes.threshold=2, spikes.max_p=0.1"),
])
async def test_a_bad_threshold_is_one_line(tmp_path: Path, clock: FakeClock, line: str,
                                           said: str) -> None:
    async with spike_world(tmp_path, clock) as w:
        answer = await ask(w, ALICE, SUPPORT, line)
        first, *after = answer.strip().splitlines()
        assert said in first and "Traceback" not in answer, answer
        assert all(a.startswith("usage: ") for a in after), answer
        assert await w.a.store.get_subscription("S-1") is None


@pytest.mark.parametrize(("spikes", "field", "said"), [
    ("{threshold: 0.5}", "subscriptions[0].spikes.threshold", "greater than 1"),
    ("{min_count: 0}", "subscriptions[0].spikes.min_count", "greater than or equal to 1"),
    ("{treshold: 3}", "subscriptions[0].spikes.treshold", "unknown field"),
])
def test_a_cases_files_subscription_takes_them_and_a_bad_one_is_one_line(
        tmp_path: Path, spikes: str, field: str, said: str) -> None:
    """The YAML a subscription is written in (``rules test``'s cases file) takes the same
    ``spikes:`` as a route; a bad value is refused naming the file, line and field."""
    rules = tmp_path / "rules.yaml"
    rules.write_text("routes:\n  - {name: r, match: {any: [acme]}, channel: support}\n",
                     encoding="utf-8")
    cases = tmp_path / "cases.yaml"

    def run(spikes: str) -> int:
        cases.write_text("subscriptions:\n  - id: S-1\n    query: recall\n"
                         f"    spikes: {spikes}\n"
                         "cases:\n  - {name: x, mention: {text: acme recall}, "
                         "expect: [r, 'sub:S-1']}\n", encoding="utf-8")
        return rules_test(rules, cases, channels=permissive_channels(), escalations=(),
                          facts_factory=CountingFacts, out=io.StringIO())

    assert run("{min_count: 3, max_p: 0.1}") == 0
    with pytest.raises(ConfigError) as info:
        run(spikes)
    err = info.value
    assert len(flatten(err)) == 1 and "\n" not in str(err), str(err)
    assert str(err).startswith(f"{cases}:4: {field}: ") and said in str(err), str(err)
