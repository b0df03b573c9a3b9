"""Reading a network's JSON answer so that one hostile item cannot make its whole page unreadable.

A page of posts is one JSON document, and ``json.loads`` refuses a document for a fault inside
a single post: bytes that are not UTF-8 (``UnicodeDecodeError``), an array or object nested
deeper than its reader can recurse (``RecursionError`` near 1,000 levels; an AT Protocol record
takes any JSON in an unknown field, ``createRecord`` with ``validate: false``), or an integer
of more digits than Python converts (a ``ValueError``, past 4,300 digits). Refusing the
page refused every later poll too: the cursor cannot move past a page that is never read, so
the source stopped for good on one post.

``loads`` reads such a document anyway: an invalid UTF-8 sequence becomes U+FFFD (RFC 8259
§8.1: JSON exchanged between systems is UTF-8), and an array or object deeper than
``MAX_NESTING`` becomes the string ``"…"`` (as ``bot.core.text.scrub_deep`` cuts a kept
payload), and an integer too long to convert stays its digits, a string, so the item holding
it is read, or skipped as malformed by its normaliser, and the
rest of the page is read as usual. The repair runs only after ``json.loads`` failed, so a
well-formed page costs exactly what ``json.loads`` costs.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

MAX_NESTING = 200  # levels kept when a document is too deep to read whole (real pages: ~10)
# what lies before the next bracket outside a string (text, whole strings, and a quote that
# opens no string, skipped alone), then that bracket
_BRACKETS = re.compile(r'(?:[^"\[\]{}]++|"(?:[^"\\]++|\\.)*+"|")*+([\[\]{}])', re.S)
CUT = "…"


def loads(body: bytes | str) -> Any:
    """``json.loads(body)``, repaired as the module docstring says when only invalid UTF-8,
    too deep a nesting or too long an integer stops it. Raises ``ValueError`` for anything
    else that is not JSON."""
    try:
        return json.loads(body)
    except UnicodeDecodeError:
        assert isinstance(body, bytes)  # only bytes are decoded
        text = body.decode("utf-8-sig", errors="replace")
    except RecursionError:
        text = body if isinstance(body, str) else body.decode("utf-8-sig", errors="replace")
        text = shallow(text)  # not tried again whole: that costs a decode to the deep part
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer longer than Python converts (the only other ValueError)
        text = body if isinstance(body, str) else body.decode("utf-8-sig", errors="replace")
    return _repaired(text)


def _repaired(text: str) -> Any:
    """``text`` read after a first try failed: cut where too deep, and with ``integer`` for
    every integer only when one is too long (a Python call per integer of the page: at a
    million of them, seconds of the event loop)."""
    cut = long_integers = False
    while True:
        try:
            return json.loads(text, parse_int=integer if long_integers else None)
        except RecursionError:
            if cut:
                raise
            text, cut = shallow(text), True
        except json.JSONDecodeError:
            raise
        except ValueError:
            if long_integers:
                raise
            long_integers = True


def integer(digits: str) -> int | str:
    """An integer of the document; past the digits Python converts (``int`` refuses more than
    ``sys.get_int_max_str_digits()``, 4,300 by default) it stays its digits, a string, which
    the item's normaliser reads as it reads any value of the wrong type."""
    limit = sys.get_int_max_str_digits()
    return int(digits) if not limit or len(digits.lstrip("-")) <= limit else digits


def shallow(text: str, limit: int = MAX_NESTING) -> str:
    """``text`` (JSON) with every array or object that opens deeper than ``limit`` levels
    replaced by ``"…"``. Strings are skipped whole, so a bracket inside one is text. A
    document whose deep part never closes comes back cut there (``json.loads`` then says it
    is not JSON). The steps in Python are one a bracket: everything between two brackets,
    strings included, is passed over inside the regular expression."""
    out: list[str] = []
    done = 0
    depth = 0
    cut_at: int | None = None
    pos = 0
    while (m := _BRACKETS.match(text, pos)) is not None:
        pos = m.end()
        token, at = m.group(1), m.start(1)
        if token in "[{":
            depth += 1
            if depth == limit + 1:
                cut_at = at
        elif depth > 0:
            if depth == limit + 1 and cut_at is not None:
                out += (text[done:cut_at], json.dumps(CUT))
                done, cut_at = pos, None
            depth -= 1
    out.append(text[done:cut_at])
    return "".join(out)
