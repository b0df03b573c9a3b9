"""What readiness (``/readyz``) is decided on, beside liveness (``/healthz``).

Not ready while:
- any supervised loop is not healthy (``Runtime.paused``, from ``bot.engine.supervisor``): a
  source whose polls fail (backing off), one paused because its credentials were refused, a
  dead, ended or stuck loop;
- deliveries are being given up with none delivered since (``DeliveryWatch``, from the
  outbox's own counters): every card failing, not one bad channel among working ones;
- a workspace refuses the bot's token (``Outbox.refused``): its cards wait for someone to fix
  it.

Also here, read at scrape time: ``mentions_skipped_total`` from the sources' own skip logs
(``SkipCounter``), so no poll path has to remember it; ``chat_skipped_total`` is the Slack and
Discord connections' running counts, handed to ``Metrics`` as they are (``bot.app.http``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.core.errors import SkipLog
from bot.core.metrics import Metrics
from bot.engine.outbox import TokenHold, dead_hint


class DeliveryWatch:
    """Between two looks: some deliveries were given up and none succeeded. It stays so until
    a delivery succeeds."""

    def __init__(self, metrics: Metrics) -> None:
        self.metrics = metrics
        self._last = self._read()
        self._dead = False

    def _read(self) -> tuple[float, float]:
        return (self.metrics.value("outbox_dead_total"), self.metrics.value("delivered_total"))

    def dead(self) -> bool:
        now = self._read()
        gave_up, delivered = now[0] - self._last[0], now[1] - self._last[1]
        self._last = now
        if delivered > 0:
            self._dead = False
        elif gave_up > 0:
            self._dead = True
        return self._dead


def readiness_problems(unhealthy: Mapping[str, str], *, deliveries_dead: bool,
                       refused: Mapping[str, TokenHold] | None = None) -> list[str]:
    """Why this process is not ready, one line each; empty when it is."""
    out = [f"{name}: {why}" for name, why in sorted(unhealthy.items())]
    for workspace, r in sorted((refused or {}).items()):
        out.append(f"delivery to {workspace}: the workspace refuses the bot's token since "
                   f"{r.since.isoformat(timespec='seconds')} ({r.error}); its cards wait: "
                   f"{dead_hint(r.error)}")
    if deliveries_dead:
        out.append("deliveries: given up with none delivered since the last check "
                   "(socialops check --online tests the tokens and channels)")
    return out


class SkipCounter:
    """``mentions_skipped_total`` from each source's ``skipped`` log (newest last, bounded by
    the source): the growth of its ``total`` (``bot.core.errors.SkipLog``) since the last
    look, or, for a plain list of distinct objects (the replay's ``Skip`` records), the
    entries not seen at the last look."""

    def __init__(self) -> None:
        # the entries themselves are kept (a few hundred per source at most), so an id seen
        # here cannot be reused by a new entry
        self._seen: dict[str, list[object]] = {}

    def update(self, metrics: Metrics, sources: Mapping[str, Any]) -> None:
        for source_id, source in sources.items():
            skipped = getattr(source, "skipped", None)
            if isinstance(skipped, SkipLog):  # a running total: Metrics counts its growth
                metrics.set("mentions_skipped", skipped.total, source=source_id)
                continue
            if not isinstance(skipped, list):
                continue
            before = {id(entry) for entry in self._seen.get(source_id, [])}
            new = sum(1 for entry in skipped if id(entry) not in before)
            self._seen[source_id] = list(skipped)
            if new:
                metrics.inc("mentions_skipped_total", new, source=source_id)
