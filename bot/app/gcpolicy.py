"""The garbage collector's settings for a socialops process, made once at start (``cli.main``;
``benchmarks/pipeline.py`` makes the same call, as it measures what ``socialops replay`` runs).

Reference counting frees almost everything the pipeline allocates; the cyclic collector only
matters for cycles, yet by default (a young collection every 700 net new container objects) it
runs dozens of times while one batch is decided: a batch of 500 mentions holds about ten
thousand objects (records, facts, effects) until its transaction commits. Each young collection
promotes what the batch holds, so a full collection, which walks every object of the process
(about 70,000 after start-up: modules, rules, models) and took 60-90 ms here, came every few
batches: 11-15 µs per mention, a tenth of the pipeline's cost (``benchmarks/pipeline.py``).
With the young generation at ``YOUNG`` a batch comes and goes between collections, and cyclic
garbage still goes within a few thousand allocations.

What start-up builds (modules, models, rules, the subscriptions and their router) lives as long
as the process, yet every full collection walked it again: with 100,000 subscriptions, 866,568
objects and a third of a second with the event loop standing still (no Slack acknowledgement,
no delivery). ``freeze_startup`` moves them out of the collector's sight (``gc.freeze``) before
``socialops run`` serves anything, so a full collection walks only what came later; the router
built next, with chat and /healthz answered, is frozen inside its own build
(``bot.core.collector.settled``), and the warmed models once start-up is done. Objects frozen that
later become cyclic garbage are never collected: a router replaced by a rules reload leaves
about two dozen such objects, nothing more.
"""

from __future__ import annotations

import gc

from bot.core import collector

YOUNG = 10_000  # CPython's default is 700; the older generations keep their defaults (10, 10)


def tune_collector() -> None:
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG, middle, old)


def freeze_startup() -> None:
    """Collect what start-up left behind, then freeze every object alive (see above). Called
    once, before any chat connection opens: the collection's pause is start-up's."""
    gc.collect()
    gc.freeze()
    collector.freezing = True  # the routers built from now on are frozen too
