"""Lines of a text stream, each bounded: the console's typed commands and the Mastodon event
stream read through it.

asyncio's ``StreamReader.readline`` raises past its 64 KiB limit (and leaves the rest of the line
to be read as new lines), httpx's ``aiter_lines`` buffers a line that never ends without bound.
``bounded_lines`` ends lines at CRLF, LF or CR (the WHATWG event-stream rules; a terminal's
lines too), a line ended by CR at once even when its LF may come in the next piece, reports a
line longer than ``limit`` once as ``TOO_LONG`` and skips the rest of it to its end, and joins
text that arrives in small pieces only once a line ends, so the work stays linear in what was
received and memory near ``limit``.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Final


class TooLong:
    """The marker for a line over the bound (``TOO_LONG``, compared by identity)."""

    def __repr__(self) -> str:
        return "TOO_LONG"


TOO_LONG: Final = TooLong()
_EOL = re.compile(r"\r\n|\r|\n")


async def bounded_lines(texts: AsyncIterator[str], limit: int) -> AsyncIterator[str | TooLong]:
    """The lines of ``texts`` without their line ends; ``TOO_LONG`` once for each line over
    ``limit`` characters. A last line without a line end is a line too."""
    pending: list[str] = []
    size = 0
    skipping = False  # inside a line already reported too long
    after_cr = False  # the last piece ended a line with CR: an LF next is the rest of its CRLF
    async for piece in texts:
        if not piece:
            continue
        chunk = piece[1:] if after_cr and piece.startswith("\n") else piece
        after_cr = False
        if not chunk:
            continue
        if "\n" not in chunk and "\r" not in chunk:
            if skipping:
                continue
            pending.append(chunk)
            size += len(chunk)
            if size > limit:
                pending, size, skipping = [], 0, True
                yield TOO_LONG
            continue
        buffer = "".join(pending) + chunk
        # a CR ends its line at once, even last in a piece: a line (an event's blank line)
        # waited for the next piece, seconds away on a quiet stream, to see whether an LF
        # followed; that LF, when it comes, is dropped above
        after_cr = buffer.endswith("\r")
        start = 0
        for m in _EOL.finditer(buffer):
            line = buffer[start:m.start()]
            start = m.end()
            if skipping:
                skipping = False
                continue
            yield line if len(line) <= limit else TOO_LONG
        rest = buffer[start:]
        if not skipping and len(rest) > limit:
            skipping = True
            yield TOO_LONG
        if skipping:
            rest = ""
        pending, size = ([rest], len(rest)) if rest else ([], 0)
    if pending and not skipping:
        yield "".join(pending)
