"""Prometheus metrics for one bot process, on a registry of its own (no globals), served at
``/metrics``. docs/operations.md lists every exposed name.

Conventions (prometheus.io/docs/practices/naming): counters are exposed with ``_total``, times
in seconds, timestamps as ``_timestamp_seconds``. Label values are bounded: a chat subscription
is a route named ``sub:<id>``, and there can be 100,000 of them, so every ``sub:*`` route is
counted under ``route="subscription"``. The process collector (CPU, memory, file descriptors,
start time) and ``socialops_build_info`` come with every registry.
"""

from __future__ import annotations

import platform
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.exposition import choose_encoder

# labelled series looked up by the values a caller passes (``Metrics._labelled``): a route's
# label is one per subscription before ``bounded`` folds them into one series, so the look-up
# table is emptied, not grown, past this
SERIES_KEPT = 4096

_COUNTERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "mentions_in_total": ("Mentions read from sources", ("source",)),
    "mentions_duplicate_total": ("Mentions dropped as duplicates", ("kind",)),
    "revisions_total": ("Posts' edits and deletes by their authors that their cards followed",
                        ("kind",)),
    "mentions_skipped_total": ("Items sources skipped (malformed, or out of place on a page) "
                               "or read with a field refused (an address on another site, a "
                               "date past the fetch; one an item, however many of its "
                               "fields)", ("source",)),
    "chat_skipped_total": ("Malformed or foreign Slack and Discord requests and events a chat "
                           "workspace acknowledged or refused without acting",
                           ("workspace",)),
    "chat_refused_total": ("Slack and Discord requests a chat workspace refused before trusting "
                           "them (a bad signature, a stale timestamp, a replay, a body too large "
                           "or slow) or because they came from another workspace, by reason",
                           ("workspace", "reason")),
    "chat_answer_errors_total": ("Interactions whose first answer socialops's own code failed "
                                 "to build (an ERROR line with its traceback; the person is "
                                 "told one line)", ("workspace",)),
    "http_token_refused_total": ("Requests for /metrics, /healthz or /readyz that bore a "
                                 "token other than http.metrics_token (refused: 403, or the "
                                 "status alone)", ("path",)),
    "mentions_routed_total": ("Route hits (subscriptions as route=\"subscription\")",
                              ("route",)),
    "mentions_suppressed_total": (
        "Route hits suppressed (silence, quiet hours, inhibit)",
        ("route",),
    ),
    "outbox_enqueued_total": ("Items queued for delivery", ()),
    "delivered_total": ("Messages delivered to workspaces", ("workspace",)),
    "outbox_retries_total": ("Delivery retries, by reason and lane (posts: new cards; "
                             "edits: edits of cards shown)", ("reason", "lane")),
    "outbox_dead_total": ("Deliveries given up", ()),
    "outbox_unroutable_total": ("Items for an unknown workspace", ()),
    "outbox_rate_limit_waits_total": ("Waits for a channel's rate limit, by lane (posts: new "
                                      "cards; edits: edits of cards shown)", ("lane",)),
    "source_errors_total": ("Source poll errors", ("source", "kind")),
    "source_polls_total": ("Source polls", ("source", "outcome")),
    "interactions_total": ("Interactions handled", ("action", "outcome")),
    "tickets_opened_total": ("Tickets opened", ()),
    "escalations_total": ("Escalation steps fired", ()),
    "tickets_overdue_total": ("Tickets whose SLA passed unresolved", ()),
    "rules_reloads_total": ("Rules file reloads", ("outcome",)),
    "model_endpoint_calls_total": ("Calls of the optional model endpoint (model_endpoint, "
                                   "digest_summary) by outcome: ok, no_answer, error, "
                                   "timeout, rate_limited, held (not asked: the endpoint is "
                                   "left alone after a timeout or a Retry-After)",
                                   ("outcome",)),
    # cumulative counts the runtime reads from the Redis queue and hands over with set()
    "queue_reclaimed_total": ("Mentions this process took over from dead consumers", ()),
    "queue_dead_lettered_total": (
        "Mentions this process moved to the dead-letter stream", ()),
    "store_records_unreadable_total": (
        "Stored records a listing skipped because they cannot be read (damaged)", ("kind",)),
    "store_conflicts_total": ("Decisions made again after a concurrent change", ("what",)),
    "mentions_dead_total": ("Mentions set aside after failing repeatedly", ("source",)),
    "router_updates_total": ("Router catch-ups with the shared routing state", ("kind",)),
    "task_failures_total": ("Failures of the supervised loops", ("task", "kind")),
    "timers_dead_total": ("Timers set aside after failing repeatedly", ("kind",)),
    "timers_lost_total": ("Timer runs whose lease lapsed before they decided (another process "
                          "took the timer over; nothing of theirs was written)", ("kind",)),
    "timers_abandoned_total": ("Timer runs still going when their lease ended, cancelled (the "
                               "timer fires again)", ("kind",)),
}
_GAUGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "outbox_depth": ("Items in the outbox by status", ("status",)),
    "store_up": ("1 when the store answered this process's last look (/metrics, /healthz, "
                 "/readyz), 0 when it did not", ()),
    "source_paused": ("1 while a source is paused", ("source",)),
    "outbox_workspace_refused": ("1 while a workspace refuses the bot's token (cards wait)",
                                 ("workspace",)),
    "source_lag_seconds": ("Age of the newest mention of the last poll that returned any",
                           ("source",)),
    "source_last_success_timestamp_seconds": ("When the source last polled without error",
                                              ("source",)),
    "source_last_poll_age_seconds": ("Seconds since any process last polled the source (read "
                                     "from the store at each scrape)", ("source",)),
    "queue_depth": ("Mentions in the shared stream not yet processed (Redis)", ()),
    "queue_lag_seconds": ("Age of the oldest unprocessed mention in the stream (Redis)", ()),
    "rules_last_reload_success_timestamp_seconds": (
        "When the rules file was last (re)loaded successfully", ()),
    "rules_last_reload_success": ("1 when the last reload attempt succeeded, 0 when it failed",
                                  ()),
}
_HISTOGRAMS: dict[str, tuple[str, tuple[str, ...], tuple[float, ...]]] = {
    "delivery_latency_seconds": (
        "From a card's decision to its delivery, by lane (posts: new cards; edits: edits of "
        "cards shown)",
        ("lane",),
        (0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800),
    ),
}
# names handed over as running totals (set, with their labels); exposed as counters
_MIRRORED = {"queue_reclaimed": "queue_reclaimed_total",
             "queue_dead_lettered": "queue_dead_lettered_total",
             "mentions_skipped": "mentions_skipped_total",  # a source's SkipLog.total
             "chat_skipped": "chat_skipped_total",  # a chat connection's Chat.skipped()
             "chat_refused": "chat_refused_total",  # a chat connection's Chat.refused()
             "chat_answer_errors": "chat_answer_errors_total",  # Chat.broke()
             # the store's Store.unreadable_records()
             "store_records_unreadable": "store_records_unreadable_total"}


def bounded(label: str, value: str) -> str:
    """The label value to expose: every chat subscription counts as one route."""
    if label == "route" and value.startswith("sub:"):
        return "subscription"
    return value


class Metrics:
    def __init__(self, *, version: str | None = None) -> None:
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
            name: Histogram(f"socialops_{name}", doc, labels, buckets=buckets,
                            registry=self.registry)
            for name, (doc, labels, buckets) in _HISTOGRAMS.items()
        }
        self._mirrored: dict[tuple[object, ...], float] = {}
        # each labelled series as prometheus_client hands it out: its ``labels()`` checks the
        # names and takes a lock at every call (6-8 µs, three a routed mention); the series
        # themselves never change once made, so one per name and label values is kept
        self._series: dict[tuple[object, ...], Any] = {}
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        Info("socialops_build", "Version of socialops and Python",
             registry=self.registry).info({"version": version or _version(),
                                           "python": platform.python_version()})

    def inc(self, name: str, amount: float = 1.0, **labels: str) -> None:
        c = self._counters[name]
        (self._labelled(c, name, labels) if labels else c).inc(amount)

    def set(self, name: str, value: float, **labels: str) -> None:
        if name in _MIRRORED:
            # a running total read elsewhere: count what it grew by since last time
            key = (name, *sorted(labels.items()))
            last = self._mirrored.get(key, 0.0)
            self._mirrored[key] = value
            if value > last:
                self.inc(_MIRRORED[name], value - last, **labels)
            return
        g = self._gauges[name]
        (self._labelled(g, name, labels) if labels else g).set(value)

    def observe(self, name: str, value: float, **labels: str) -> None:
        h = self._histograms[name]
        (self._labelled(h, name, labels) if labels else h).observe(value)

    def _labelled(self, metric: Any, name: str, labels: dict[str, str]) -> Any:
        """``metric``'s series for ``labels``, made by ``labels()`` the first time only."""
        key = (name, *labels.items())
        series = self._series.get(key)
        if series is None:
            if len(self._series) >= SERIES_KEPT:  # label values not bounded (``bounded``)
                self._series.clear()
            series = self._series[key] = metric.labels(**_bound(labels))
        return series

    def value(self, name: str, **labels: str) -> float:
        """Current value of a counter or gauge (for summaries and tests); a histogram's count."""
        name = _MIRRORED.get(name, name)
        metric_name = f"socialops_{name.removesuffix('_total')}"
        wanted = _bound(labels)
        total = 0.0
        for metric in self.registry.collect():
            if metric.name != metric_name:
                continue
            for sample in metric.samples:
                if sample.name.endswith(("_created", "_bucket", "_sum")):
                    continue
                if all(sample.labels.get(k) == v for k, v in wanted.items()):
                    total += sample.value
        return total

    def render(self) -> bytes:
        return generate_latest(self.registry)

    def exposition(self, accept: str | None) -> tuple[bytes, str]:
        """The registry in the format a scraper's ``Accept`` header picks, and its content
        type: OpenMetrics for Prometheus (it asks for it first; a counter's ``_created`` is
        then its own sample, not a gauge series beside it), the text format for a request
        that asks for neither (curl), by the client library's own negotiation."""
        encode, content_type = choose_encoder(accept or "")
        return encode(self.registry), content_type


def _bound(labels: dict[str, str]) -> dict[str, str]:
    return {k: bounded(k, v) for k, v in labels.items()}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("socialops")
    except PackageNotFoundError:
        return "unknown"
