"""What the matching stages hand to the mute stage: a ``Fired`` route or subscription, and the
label values of a hit that ``group_by`` and the ``equal`` of inhibit rules compare.

The route tree (``rules.tree``) and the subscription postings (``rules.postings``) each build
``Fired`` records; the mute stage (``rules.mute``) reads only what is here, so it does not
depend on how either stage is compiled.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from bot.core.models import Mention, RouteHit
from rules.conditions import Context
from rules.timeintervals import CompiledTimeInterval

Labels = tuple[tuple[str, str], ...]


@dataclass(slots=True)
class Fired:
    """A route or subscription that matched this post, before silences, quiet hours and
    inhibition decide whether it is delivered."""

    name: str  # the route name, or ``sub:<id>``
    hit: RouteHit
    terms: frozenset[str]  # its keywords: those found become the decision's keywords
    labels: Labels = ()  # a route's own labels (``label:<name>`` in group_by / equal)
    quiet: tuple[CompiledTimeInterval, ...] = ()  # a route's quiet hours
    muted_until: datetime | None = None  # a subscription muted from chat


def label_values(
    name: str, route: str, ctx: Context, labels: Mapping[str, str]
) -> tuple[str, ...]:
    """The values of label ``name`` for a hit of ``route`` on this post (a post names several
    brands, so a label can have several values; an unknown one has none)."""
    m: Mention = ctx.mention
    if name == "brand":
        return ctx.brands()
    if name == "author":
        return (m.customer_key,)
    if name == "network":
        return (m.network,)
    if name == "source":
        return (m.source,)
    if name == "conversation":
        return (m.conversation_key,)
    if name == "language":
        return (ctx.language() or "",)
    if name == "route":
        return (route,)
    value = labels.get(name.removeprefix("label:"))
    return (value,) if value is not None else ()


def label_keys(
    equal: tuple[str, ...], route: str, ctx: Context, labels: Mapping[str, str]
) -> frozenset[tuple[str, ...]]:
    """Every combination of the values of the ``equal`` labels: two hits agree when their
    sets share a combination."""
    values = [label_values(e, route, ctx, labels) or ("",) for e in equal]
    return frozenset(itertools.product(*values))
