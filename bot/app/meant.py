"""The command a user meant by one `socialops` does not have, said after argparse's refusal.

A misspelling has its close spelling (``chek``: check). A newcomer also guesses: a word other
tools use (``status``, ``start``, ``setup``), a command that lives under another (``explain``
is ``rules explain``), or a chat verb typed at the shell (``claim T-3``). argparse listed the
18 commands for each and named none (a newcomer's review, 2026-12-07); these are named here.
A word none of these reads as keeps the list alone: a guess named for it would mislead.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bot.core.text import one_line
from bot.core.validation import suggest

# Words other command-line tools use for what socialops calls otherwise. `status` is the
# chat's verb for the bot's state; at the shell, check says whether it can run (--online: its
# accounts and its store).
GUESSED = {
    "status": "check", "health": "check", "healthcheck": "check", "doctor": "check",
    "validate": "check", "verify": "check", "lint": "check", "config": "check",
    "start": "run", "serve": "run", "server": "run", "up": "run", "daemon": "run",
    "web": "run --role web", "worker": "run --role worker",
    "setup": "init", "new": "init", "create": "init", "configure": "init",
    "quickstart": "init",
    "log": "audit", "logs": "audit", "history": "audit",
    "help": "--help", "version": "--version",
    "post": "draft", "publish": "draft", "poll": "fetch", "import": "replay",
    "erase": "forget", "delete": "forget", "gdpr": "forget",
    "sample": "demo", "try": "demo",
}


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def command_meant(typed: str, *, parser: argparse.ArgumentParser,
                  root: argparse.ArgumentParser | None, given: Sequence[str]) -> str:
    """What follows argparse's "unknown command 'typed' (choose from ...)" at ``parser``
    (``root``: the `socialops` parser, None when ``parser`` is it): "; did you mean X?" and, for
    a chat verb, where it is typed; "" when nothing reads as meant."""
    here = _commands(parser)
    top = _commands(root) if root is not None else here
    said: list[str] = []
    # a command of another group, by its very name: `explain` is `rules explain`, `invite`
    # `discord invite` (not init, spelt close to it), `rules check` is `check`
    whole = root is None
    under = sorted(f"{name} {typed}" for name, group in top.items()
                   if typed in _commands(group) and group is not parser)
    if not whole and typed in top:
        under.insert(0, typed)
    if under:
        said.extend(under if whole else [f"socialops {u}" for u in under])
    elif (near := suggest(typed, here)) is not None:
        said.append(near)
    elif whole and typed.lower() in GUESSED:
        said.append(GUESSED[typed.lower()])
    message = f"; did you mean {' or '.join(said)}?" if said else ""
    from bot.core.verbs import VERBS  # the chat's table: read only on this error's path

    if typed in VERBS and typed not in top and not under:
        # a chat verb at the shell (not one a command here has as well): where it is typed,
        # with what came after it
        after = list(given[given.index(typed) + 1:]) if typed in given else []
        words = one_line(" ".join([typed, *[w for w in after if not w.startswith("-")]]), 60)
        message += (f"; `{words}` is typed in the chat (/socialops {words} in Slack or "
                    "Discord, or at the console of `socialops run`)")
    return message
