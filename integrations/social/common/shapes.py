"""What a network's JSON holds where its schema promises an array of objects: a payload is
hostile input, and a number or a string there must leave that part out, not the post."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def objects(value: object) -> list[Mapping[str, Any]]:
    """The objects of ``value`` when it is a JSON array; nothing for any other value (a
    number, ``true``, a string, an object), and an array's other items are left out."""
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, Mapping)]
