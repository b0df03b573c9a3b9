"""Child processes of a test: stopped the way an operator stops the bot."""

from __future__ import annotations

import asyncio
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
