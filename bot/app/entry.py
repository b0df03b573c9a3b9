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

Each of those handlers also notes the signal (``TAKEN``) before raising, and the start-up looks
at the note, not only at the exception: an exception raised in a signal handler goes wherever
Python happens to be, and code we did not write can turn it into another one or drop it.
pydantic-core wraps an interrupt raised while it builds a model's validator in a
``SchemaError`` (a traceback, exit 1, where Ctrl-C means exit 130 and SIGTERM exit 0), and one
raised in a finaliser is printed and dropped ("Exception ignored in ..."), so `run` ran on,
deaf to the Ctrl-C that was meant to end it. Python prints such a dropped exception ("Exception
ignored in: <function _get_module_lock.<locals>.cb ...>: StopWhileStarting", when the signal came
as the import machinery let go of a module's lock): the stop is noted, so it is dropped quietly
(``quiet_dropped_stops``), leaving the one line a stop while starting prints.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Sequence

STOPPED_STARTING = "stopped while starting (SIGTERM)"
INTERRUPTED = 130  # the exit status of a command ended by Ctrl-C, as a shell reports it

TAKEN: list[int] = []  # the stop signals taken while starting, first first


class StopWhileStarting(BaseException):
    """SIGTERM before `run` is running: nothing is in hand yet, so the process exits 0."""


def stop_while_starting(signum: int, frame: object) -> None:
    TAKEN.append(signum)
    raise StopWhileStarting


def interrupt_while_starting(signum: int, frame: object) -> None:
    """Ctrl-C while the modules are imported: noted, then raised as Python's own handler
    does."""
    TAKEN.append(signum)
    raise KeyboardInterrupt


def taken_while_starting() -> int | None:
    """The exit status for a stop signal taken while starting, whatever became of its
    exception (None: none taken): 0 for SIGTERM (saying so), 130 for Ctrl-C."""
    if not TAKEN:
        return None
    if TAKEN[0] == signal.SIGINT:
        return INTERRUPTED
    print(STOPPED_STARTING, file=sys.stderr)
    return 0


def quiet_dropped_stops() -> None:
    """Python's report of an exception dropped in a finaliser or callback stays unsaid when it is
    one these handlers raised (they noted it); any other is reported as before."""
    report = sys.unraisablehook

    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        ours = unraisable.exc_type is StopWhileStarting or (
            unraisable.exc_type is KeyboardInterrupt and signal.SIGINT in TAKEN)
        if not ours:
            report(unraisable)

    sys.unraisablehook = hook


def reload_while_starting(signum: int, frame: object) -> None:
    """SIGHUP before the rules are watched: they are read, and checked again before the first
    poll, in any case."""


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    quiet_dropped_stops()  # over Python's own report, then over the redacted one
    if "run" in args:  # another command keeps the default: SIGTERM ends it, exit 143
        signal.signal(signal.SIGTERM, stop_while_starting)
        signal.signal(signal.SIGHUP, reload_while_starting)
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored
        signal.signal(signal.SIGINT, interrupt_while_starting)
    try:
        # the hooks first: a warning raised while the command's modules are imported (a
        # library's, at import) or the config is read is printed redacted by the rules then
        # (the config's secrets are not known yet); the logs module imports little
        from bot.app.logs import hook_output

        hook_output()
        quiet_dropped_stops()
        from bot.app.cli import main as cli_main
    except BaseException:  # a stop signal's exception, as raised or as another one
        code = taken_while_starting()
        if code is None:
            raise
        return code
    code = taken_while_starting()  # its exception dropped on the way
    if code is not None:
        return code
    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
