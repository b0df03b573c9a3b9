"""A review of spike warnings as a Grafana alerting user (2026-12-07): the thresholds were the
bot's alone (``spikes:`` in socialops.yaml), while an alert rule carries its own. A brand's
route that takes bursts of a few dozen every day rang each time, and a product-recall route,
where three posts in ten minutes out of nothing are the news, never did: the bot-wide Poisson
test asks for seven out of nothing. A route's ``spikes:`` (``min_count``, ``threshold``,
``max_p``) now judges its own series, its children's too unless they say otherwise; what it
leaves out, and every other series, keeps the bot-wide setting."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.errors import ConfigError, flatten
from rules import load_rules
from tests.conftest import FakeClock
from tests.e2e.spikeworld import post, spike_cards, spike_world, steady
from tests.e2e.world import SUPPORT
from tests.rules.support import CHANNELS, ESCALATIONS

RULES = """
brands:
  acme: [acme]
routes:
  - name: recall
    match: {any: [recall]}
    channel: support
    continue: true<recall>
  - name: mentions
    match: {brand: [acme]}
    channel: support<mentions>
"""
OWN = {"recall": "\n    spikes: {min_count: 3, max_p: 0.1}",
       "mentions": "\n    spikes: {min_count: 100}"}


@pytest.mark.parametrize("own", [True, False])
async def test_a_routes_own_thresholds_judge_its_series(tmp_path: Path, clock: FakeClock,
                                                        own: bool) -> None:
    rules = RULES
    for name, spikes in OWN.items():
        rules = rules.replace(f"<{name}>", spikes if own else "")
    async with spike_world(tmp_path, clock, rules=rules) as w:
        await steady(w, minutes=120, per_minute=0.5, text="acme works fine")
        for i in range(3):  # three posts of a recall, out of nothing
            clock.advance(seconds=60)
            await post(w, f"acme recall of batch {i}: do not use the charger")
            await w.timers()
        recall = [c for c in spike_cards(w, SUPPORT) if "Spike on route recall" in c]
        clock.advance(minutes=40)
        await w.timers()
        for i in range(30):  # the brand's busy moment: its route's own bar is higher
            clock.advance(seconds=10)
            await post(w, f"acme launch day, loving it {i}")
            await w.timers()
        mentions = [c for c in spike_cards(w, SUPPORT) if "Spike on route mentions" in c]
        # before: the recall unsaid, the brand's launch rang
        assert (len(recall), len(mentions)) == ((1, 0) if own else (0, 1))


def _load(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    load_rules(path, channels=CHANNELS, escalations=ESCALATIONS)


@pytest.mark.parametrize(("spikes", "field", "said"), [
    ("{threshold: 0.5}", "routes[0].spikes.threshold", "greater than 1"),
    ("{min_count: 0}", "routes[0].spikes.min_count", "greater than or equal to 1"),
    ("{max_p: 2}", "routes[0].spikes.max_p", "less than or equal to 1"),
    ("{treshold: 3}", "routes[0].spikes.treshold", "unknown field"),
    ("3", "routes[0].spikes", ""),
])
def test_a_routes_thresholds_wrong_are_one_line(tmp_path: Path, spikes: str, field: str,
                                                said: str) -> None:
    text = f"routes:\n  - name: r\n    channel: support\n    spikes: {spikes}\n"
    with pytest.raises(ConfigError) as info:
        _load(tmp_path, text)
    err = info.value
    assert len(flatten(err)) == 1 and "\n" not in str(err), str(err)
    assert (err.line, err.field) == (4, field), str(err)
    assert str(err).startswith(f"{tmp_path / 'rules.yaml'}:4: {field}: ") and said in str(err)


def test_a_child_takes_its_parents_thresholds_field_by_field(tmp_path: Path) -> None:
    from rules.loader import parse_rules
    rs = parse_rules("routes:\n  - name: p\n    channel: support\n"
                     "    spikes: {min_count: 3, threshold: 2}\n"
                     "    routes:\n      - name: c\n        spikes: {threshold: 4}\n"
                     "  - name: other\n    channel: support\n",
                     channels=CHANNELS, escalations=ESCALATIONS)
    got = {r.name: s.spikes for r, s, _, _ in rs.walk()}
    assert got["p"] is not None and (got["p"].min_count, got["p"].threshold) == (3, 2)
    assert got["c"] is not None and (got["c"].min_count, got["c"].threshold) == (3, 4)
    assert got["other"] is None
