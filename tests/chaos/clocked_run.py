"""``socialops run`` as a real process whose clock starts at a time the test names.

``python -m tests.chaos.clocked_run ISO ARGS...`` is ``socialops ARGS...`` (``run --config
FILE ...``) started by the command line (``bot.app.cli.main``: the config read, its logging
and signals, the one-process lock, the exit status), its ``serve`` given a clock that reads
``ISO`` when the process starts and runs at the wall clock's speed from there: the rules, the
store (done marks, leases, timers), the sources' backfill windows all read it. A test then
restarts a process hours "later" at once, instead of sleeping until the wall clock gets there;
everything else is the real process's.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from functools import partial


def running_from(start: datetime) -> datetime:
    """Now on a clock that read ``start`` when this process started."""
    return start + timedelta(seconds=time.monotonic() - STARTED)


STARTED = time.monotonic()


def main(argv: list[str]) -> int:
    start = datetime.fromisoformat(argv[0])
    from bot.app import cli, serve

    # the command line imports serve where it dispatches `run`: it finds this one
    serve.serve = partial(serve.serve, clock=partial(running_from, start))  # type: ignore[assignment]
    return cli.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
