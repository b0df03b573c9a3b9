"""Routing rules and subscriptions (DESIGN §7): which routes fire for a post, and why.

Public API (what the pipeline, CLI and handlers call):

- ``load_rules(path, *, channels, escalations) -> RuleSet``: parse and check a rules file.
- ``compile_router(ruleset, subscriptions=(), *, silences=(), state=None) -> CompiledRouter``:
  one immutable router; ``route(facts, now)`` and ``explain(facts, now)``.
- ``validate_query(query)``: raises ``ValueError`` with the reason for an unusable query.
- ``canonical_query(query)``: one spelling for every query that matches the same posts by its
  form (case, spacing, order of AND/OR operands): what makes two subscriptions the same.
- ``empty_ruleset()``: a rule set with no routes (subscriptions only).

Everything here is pure: no I/O while matching and no clock reads (time is passed in). Loading
files happens only in ``rules.loader`` and ``rules.reload``.
"""

from rules.explain import Explanation, SubscriptionTrace, Trace
from rules.loader import RuleSet, empty_ruleset, load_rules, parse_rules
from rules.query import QueryError, canonical_query, validate_query
from rules.router import CompiledRouter, InhibitState, compile_router
from rules.schema import Silence

__all__ = [
    "CompiledRouter",
    "Explanation",
    "InhibitState",
    "QueryError",
    "RuleSet",
    "Silence",
    "SubscriptionTrace",
    "Trace",
    "canonical_query",
    "compile_router",
    "empty_ruleset",
    "load_rules",
    "parse_rules",
    "validate_query",
]
