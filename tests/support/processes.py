"""Child processes of a test: stopped the way an operator stops the bot."""

from __future__ import annotations

import asyncio
import shutil
import signal


async def stopped(proc: asyncio.subprocess.Process, *, within: float = 60) -> bytes:
    """SIGTERM (unless it already ended), then its stderr once it exits; killed after
    ``within`` seconds, so a hung shutdown fails the test instead of hanging the suite."""
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), within)
    except TimeoutError:
        proc.kill()
        _, err = await proc.communicate()
    return err


def die_with_parent(args: list[str], sig: str) -> list[str]:
    """Prefixes ``setpriv --pdeathsig`` (util-linux) so the process gets ``sig`` if pytest is
    killed before its teardown runs; unchanged where setpriv is missing."""
    setpriv = shutil.which("setpriv")
    return [setpriv, "--pdeathsig", sig, "--", *args] if setpriv else args
