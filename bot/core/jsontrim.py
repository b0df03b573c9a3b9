"""A JSON page too heavy to decode on the event loop, decoded in a process of its own and cut
down to what the loop may decode.

``json.loads`` holds the event loop, and the GIL (a worker thread does not help), for the
whole decode, and its cost follows a page's arrays, objects and values: 10 MB of
``[[],[],...]`` is 0.7 s, a 1 MB AT Protocol record (any JSON, 128 Ki elements an array) can
hold a million. The caller (``integrations.social.common.jsonpage.json_page``) decodes a page
within its budget on the loop as before; a page over it comes here: ``python -m
bot.core.jsontrim SIZE CONTAINERS VALUES KEEP`` reads the body on stdin and decodes it as any
page is read (``bot.core.jsonbody.loads``: too deep a part cut, invalid UTF-8 replaced). A
container of more than ``BREADTH`` elements below the root is cut to ``"…"`` (no field of the
networks read holds that many; a page is at most 100 items). Then, while the page weighs more
than half the budget, its heaviest part is cut: from the root the walk goes to the child
holding more than half of its parent's weight while there is one; there, a container of
scalars only is cut whole, any other loses its heaviest child; no part ``KEEP`` levels deep
or less is cut by the walk. A hostile field goes; the item holding it and the rest of the page
are read; an item cut whole is skipped by its normaliser as any malformed item is. The page is
written back compact on stdout, after one line: the number of parts cut.

Weights are counted as the caller counts a body (bytes, ``[`` and ``{``, ``,`` and ``:``,
strings' own included), each a fraction of its bound, so what comes back passes the budget.
Exit status 2: the body is not JSON.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from bot.core.jsonbody import CUT, loads

BREADTH = 1_000  # elements a container may hold and be kept (a page: at most 100 items)
FIT = 0.5  # of the budget: what a cut page may weigh, room for the re-encoding's own bytes


class Budget:
    """The bounds a page is weighed against (``capped.PageBudget``'s three numbers)."""

    def __init__(self, size: int, containers: int, values: int) -> None:
        self.size, self.containers, self.values = size, containers, values

    def text(self, text: str) -> float:
        data = text.encode("utf-8", "surrogatepass")
        return (len(data) + 3) / self.size + (
            (data.count(b"[") + data.count(b"{")) / self.containers
            + (data.count(b",") + data.count(b":") + 1) / self.values)

    def scalar(self, value: object) -> float:
        if isinstance(value, str):
            return self.text(value)
        return (len(json.dumps(value)) + 1) / self.size + 1 / self.values


class _Node:
    __slots__ = ("children", "value", "weight")

    def __init__(self, value: Any, weight: float, children: list[tuple[Any, _Node]]) -> None:
        self.value = value
        self.weight = weight
        self.children = children  # (key or index, node) of the containers within


def _weigh(doc: Any, budget: Budget) -> tuple[_Node, int]:
    """The tree of ``doc``'s containers, each with its weight (its scalars' included),
    built without recursion (a repaired page is up to ``MAX_NESTING`` deep), and the number
    of containers below the root of more than ``BREADTH`` elements, cut on the way."""
    root = _Node(doc, 0.0, [])
    order = [root]
    stack = [root]
    cuts = 0
    while stack:
        node = stack.pop()
        value = node.value
        weight = 1 / budget.containers + 1 / budget.values + 2 / budget.size
        keyed = isinstance(value, dict)
        for key in list(value) if keyed else range(len(value)):
            if keyed:
                weight += budget.text(str(key))
            child = value[key]
            if isinstance(child, dict | list) and len(child) > BREADTH:
                child = value[key] = CUT
                cuts += 1
            if isinstance(child, dict | list):
                sub = _Node(child, 0.0, [])
                node.children.append((key, sub))
                order.append(sub)
                stack.append(sub)
            else:
                weight += budget.scalar(child)
        node.weight = weight
    for node in reversed(order):  # children after their parents: add them up from the leaves
        node.weight += sum(child.weight for _, child in node.children)
    return root, cuts


def fit(doc: Any, budget: Budget, *, keep: int = 0) -> tuple[Any, int]:
    """``doc`` with its heaviest parts cut (see the module docstring) till it weighs at most
    ``FIT`` of ``budget``, and how many parts were cut. The page's root itself is never
    cut, nor, by the walk, a part ``keep`` levels deep or less (2: a page's items and an
    item's fields, for a caller that would rather ask again for fewer items; a field of more
    than ``BREADTH`` elements is cut at any depth). A page still over (a root of more than
    ``BREADTH`` elements, or of scalars only, or heavy only in what is kept) comes back over,
    and the caller refuses it."""
    if not isinstance(doc, dict | list) or len(doc) > BREADTH:
        return doc, 0
    root, cuts = _weigh(doc, budget)
    cut_weight = budget.scalar(CUT)
    while root.weight > FIT:
        path = [root]
        while True:  # down to where the weight is spread
            node = path[-1]
            heaviest = max(node.children, key=lambda kc: kc[1].weight, default=None)
            if heaviest is None or heaviest[1].weight * 2 <= node.weight:
                break
            path.append(heaviest[1])
        node = path[-1]
        if len(path) > 1 and not node.children:
            parent = path[-2]  # the spread part itself
            key = next(k for k, child in parent.children if child is node)
        elif node.children:
            parent = node  # its heaviest part
            key, node = max(node.children, key=lambda kc: kc[1].weight)
            path.append(node)
        else:
            break
        if len(path) - 1 <= keep:  # the depth of the part to cut
            break
        parent.value[key] = CUT
        parent.children = [(k, c) for k, c in parent.children if c is not node]
        lost = node.weight - cut_weight
        for above in path[:-1]:
            above.weight -= lost
        cuts += 1
    return doc, cuts


def trim(body: bytes, budget: Budget, *, keep: int = 0) -> tuple[bytes, int]:
    """``body`` decoded, cut to fit ``budget`` (``keep``: as for ``fit``) and encoded again
    (compact), and the number of parts cut. Raises ``ValueError`` when it is not JSON."""
    doc, cuts = fit(loads(body), budget, keep=keep)
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8", "surrogatepass"), cuts


def main() -> int:
    size, containers, values, keep = (int(a) for a in sys.argv[1:5])
    try:
        page, cuts = trim(sys.stdin.buffer.read(), Budget(size, containers, values), keep=keep)
    except ValueError as exc:
        print(f"not JSON: {exc}"[:300], file=sys.stderr)
        return 2
    sys.stdout.buffer.write(b"%d\n" % cuts + page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
