"""The `socialops` command's entry point, kept free of imports.

A SIGTERM must stop `socialops run` with exit 0 from its first instants, as a stop once running
does: a supervisor reads exit 143 as a crash. Python takes about 0.3 s to import the command's
modules (pydantic models, the rules engine), and a handler set by ``bot.app.cli`` comes after
them. This module sets it before importing anything else (in the interpreter's own start-up
before it runs, some 40 ms here, nothing of ours can take the signal); ``bot.app.cli`` keeps
it while the config is read, and the event loop takes the signal over from there
(``bot.app.serve``).

A SIGHUP (reload the rules) must never stop it, and its default effect ends the process: until
the running bot takes it over it does nothing (``reload_while_starting``), since the rules file
is read at start-up and checked again before the first poll anyway.

Ctrl-C (SIGINT) while the modules are imported ends any command as it ends one running: exit
130 and nothing printed (``bot.app.cli.main`` takes it over once imported); it was a
KeyboardInterrupt traceback through the import machinery for the first 0.3 s or so.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

STOPPED_STARTING = "stopped while starting (SIGTERM)"


class StopWhileStarting(BaseException):
    """SIGTERM before `run` is running: nothing is in hand yet, so the process exits 0."""


def stop_while_starting(signum: int, frame: object) -> None:
    raise StopWhileStarting


def reload_while_starting(signum: int, frame: object) -> None:
    """SIGHUP before the rules are watched: they are read, and checked again before the first
    poll, in any case."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if "run" in args:  # another command keeps the default: SIGTERM ends it, exit 143
        signal.signal(signal.SIGTERM, stop_while_starting)
        signal.signal(signal.SIGHUP, reload_while_starting)
    try:
        from bot.app.cli import main as cli_main

        return cli_main(args)
    except StopWhileStarting:  # while importing, before logging is set up
        print(STOPPED_STARTING, file=sys.stderr)
        return 0
    except KeyboardInterrupt:  # Ctrl-C while importing: as bot.app.cli.main ends on it
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
