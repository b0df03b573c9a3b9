"""Prometheus metrics for one bot process, on a registry of its own (no globals), served at
``/metrics``. Names are documented in the README's Observability section."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

_COUNTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "mentions_in_total": ("Mentions read from sources", ("source",)),
    "mentions_duplicate_total": ("Mentions dropped as duplicates", ("kind",)),
    "mentions_skipped_total": ("Malformed items skipped", ("source",)),
    "mentions_routed_total": ("Route hits", ("route",)),
    "mentions_suppressed_total": (
        "Route hits suppressed (silence, quiet hours, inhibit)",
        ("route",),
    ),
    "outbox_enqueued_total": ("Items queued for delivery", ()),
    "delivered_total": ("Messages delivered to workspaces", ("workspace",)),
    "outbox_retries_total": ("Delivery retries", ("reason",)),
    "outbox_dead_total": ("Deliveries given up", ()),
    "outbox_unroutable_total": ("Items for an unknown workspace", ()),
    "outbox_rate_limit_waits_total": ("Waits for a channel's rate limit", ()),
    "source_errors_total": ("Source poll errors", ("source", "kind")),
    "interactions_total": ("Interactions handled", ("action", "outcome")),
    "tickets_opened_total": ("Tickets opened", ()),
    "escalations_total": ("Escalation steps fired", ()),
    "store_conflicts_total": ("Decisions made again after a concurrent change", ("what",)),
    "mentions_dead_total": ("Mentions set aside after failing repeatedly", ("source",)),
    "router_updates_total": ("Router catch-ups with the shared routing state", ("kind",)),
    "task_failures_total": ("Failures of the supervised loops", ("task", "kind")),
    "timers_dead_total": ("Timers set aside after failing repeatedly", ("kind",)),
}
_HISTOGRAMS: dict[str, tuple[str, tuple[float, ...]]] = {
    "delivery_latency_seconds": (
        "From a card's decision to its delivery",
        (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800),
    ),
}
_GAUGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "outbox_depth": ("Items in the outbox by status", ("status",)),
    "source_paused": ("1 while a source is paused", ("source",)),
    "source_lag_seconds": ("Age of the newest mention at poll time", ("source",)),
    "queue_depth": ("Mentions in the shared stream not yet processed (Redis)", ()),
    "queue_lag_seconds": ("Age of the oldest unprocessed mention in the stream (Redis)", ()),
    "queue_reclaimed": ("Mentions this process took over from dead consumers", ()),
    "queue_dead_lettered": ("Mentions moved to the dead-letter stream by this process", ()),
}


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._counters = {
            name: Counter(
                f"socialops_{name.removesuffix('_total')}", doc, labels, registry=self.registry
            )
            for name, (doc, labels) in _COUNTERS.items()
        }
        self._gauges = {
            name: Gauge(f"socialops_{name}", doc, labels, registry=self.registry)
            for name, (doc, labels) in _GAUGES.items()
        }
        self._histograms = {
            name: Histogram(f"socialops_{name}", doc, buckets=buckets, registry=self.registry)
            for name, (doc, buckets) in _HISTOGRAMS.items()
        }

    def observe(self, name: str, value: float) -> None:
        self._histograms[name].observe(value)

    def inc(self, name: str, amount: float = 1.0, **labels: str) -> None:
        c = self._counters[name]
        (c.labels(**labels) if labels else c).inc(amount)

    def set(self, name: str, value: float, **labels: str) -> None:
        g = self._gauges[name]
        (g.labels(**labels) if labels else g).set(value)

    def value(self, name: str, **labels: str) -> float:
        """Current value of a counter or gauge (for summaries and tests)."""
        metric_name = f"socialops_{name.removesuffix('_total')}"
        total = 0.0
        for metric in self.registry.collect():
            if metric.name != metric_name:
                continue
            for sample in metric.samples:
                if sample.name.endswith("_created"):
                    continue
                if all(sample.labels.get(k) == v for k, v in labels.items()):
                    total += sample.value
        return total

    def render(self) -> bytes:
        return generate_latest(self.registry)
