"""The cyclic garbage collector around big builds that live long (the router at 100,000
subscriptions: about 700,000 small objects, none of them in a cycle).

``paused()``: while such a build allocates, the collector would walk the young objects again
and again (it was half of a router build's time) and promote them, so the collections that
follow walk them once more: at 100,000 subscriptions, 15-45 ms for each middle collection during
the parse and 35-40 ms for the young one after it, all of it with the event loop standing
(the collector runs under the GIL, whichever thread calls it). The pause is process-wide and
nests: the outermost ``paused()`` turns the collector back on.

``settled()``: called at the end of such a build, inside the pause, in a process that froze
what it built at start-up (``bot.app.gcpolicy.freeze_startup``, which ``socialops run`` calls
and which sets ``freezing``), it moves every object alive into the permanent generation
(``gc.freeze``), so no collection walks the new build, however long it lives. The build it
replaces is freed by reference counting when it is dropped; what would only go by the
collector (about two dozen objects of a router in cycles, and any cyclic garbage the process
held at that moment) stays frozen: a few kilobytes per rebuild, and rebuilds are rare (a rules
reload, a silence, thousands of subscription changes). A process that never froze (a replay,
the test suite, which builds hundreds of routers) leaves the collector to do its work: frozen
there, the garbage of every test before a build stayed for good (115 MB more over the app
tests).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


freezing = False  # set once the process froze its start-up (see above)


def settled() -> None:
    if freezing:
        gc.freeze()
