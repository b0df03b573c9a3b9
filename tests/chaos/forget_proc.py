"""A `socialops forget` that dies (``os._exit``, as SIGKILL leaves it: no close, no flush) at
its one write, for ``test_forget_kill.py``.

``python -m tests.chaos.forget_proc CONFIG AUTHOR AT``: ``AT`` is ``before`` (the erasure
decided, its write not begun), ``after`` (its write committed, the answer not given) or, on a
SQLite file, ``audit`` (inside its write's transaction: the outbox cards written over, the audit
log's rewrite about to run)."""

from __future__ import annotations

import asyncio
import io
import os
import sys
from pathlib import Path
from typing import Any

from bot.app.compose import open_app
from bot.core.config import load_config
from bot.store import layout as L

DIED = 137


async def main(config: Path, author: str, at: str) -> None:
    async with open_app(load_config(config), out=io.StringIO()) as app:
        assert app.erasure is not None
        store: Any = app.store
        write = store.apply

        async def apply(fx: Any) -> bool:
            if at == "before":
                os._exit(DIED)
            done: bool = await write(fx)
            os._exit(DIED)
            return done

        if at == "audit":
            store._pool.submit(store._db.set_trace_callback, _dies_at_audit_rewrite).result()
        else:
            store.apply = apply
        await app.erasure.reply(author, actor="dpo")


def _dies_at_audit_rewrite(statement: str) -> None:
    """SQLite's trace of each statement its connection runs, in the store's thread: dies as
    the audit rewrite begins, the cards' statements run, nothing committed."""
    if statement.startswith(f"UPDATE {L.T_AUDIT} SET json = replace("):
        os._exit(DIED)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
