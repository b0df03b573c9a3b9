"""A `socialops forget` that decides, then holds its one write until ``GO`` exists, for
``test_forget_races.py``: two of them let go at once write their decisions together.

``python -m tests.chaos.forget_race_proc CONFIG AUTHOR GO``: once decided (everything of the
author's read, the write built), it writes ``GO.<pid>`` and waits for ``GO``; then it prints
its reply as JSON."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sys
from pathlib import Path
from typing import Any

from bot.app.compose import open_app
from bot.core.config import load_config


async def main(config: Path, author: str, go: Path) -> None:
    async with open_app(load_config(config), out=io.StringIO()) as app:
        assert app.erasure is not None
        store: Any = app.store
        write = store.apply
        held = False

        async def apply(fx: Any) -> bool:
            nonlocal held
            if not held:  # the erasure's write, decided: held until both are
                held = True
                go.with_suffix(f".{os.getpid()}").touch()
                while not go.exists():
                    await asyncio.sleep(0.005)
            done: bool = await write(fx)
            return done

        store.apply = apply
        reply = await app.erasure.reply(author, actor="dpo")
        print(json.dumps({"ok": reply.ok, "text": reply.text}))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])))
