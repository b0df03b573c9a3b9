"""Validate what ``bot.core.yamlfile`` read against a pydantic model, and say what is wrong in
one line a person can act on.

``validate`` runs a model over a ``YamlDoc``'s data and turns a ``ValidationError`` into a
``ConfigError`` whose message reads ``file:line: field.path: what is wrong``; ``validate_all``
does the same but returns every problem together with the best model it could still build, so
``socialops check`` can go on to the next stage instead of stopping at the first mistake.
``humane`` words pydantic's errors for people (``field_problem`` for other readers, such as the
replay source's JSON lines), and ``suggest`` offers the name a misspelt key or value was
probably meant to be.
"""

from __future__ import annotations

import copy
import difflib
import re
import types
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, Tag, ValidationError

from bot.core.durations import seconds
from bot.core.durations import written as span_text
from bot.core.errors import ConfigError, ConfigErrors
from bot.core.text import quoted_cut
from bot.core.yamlfile import Path_, YamlDoc, as_written

M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], doc: YamlDoc, *, data: Any = None, base: Path_ = ()) -> M:
    """Validate ``data`` (default: the whole document) found at ``base`` in ``doc``."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        raise errors_to_config_error(exc, doc, base, model=model) from None


def validate_all(model: type[M], doc: YamlDoc) -> tuple[M | None, list[ConfigError]]:
    """Every schema problem of the document, and a model built from what is left once the
    faulty values are dropped (None when nothing sensible remains), so later checks
    (references, files, rules) still run and report their own problems in the same pass."""
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        errors = _config_errors(exc, doc, (), model=model)
        first = exc
    # the document as written, a dropped list item marked where it stood (``_DROPPED``): each
    # round validates it swept of them, and ``kept`` turns that round's paths back into these
    data = copy.deepcopy(doc.data)
    kept: dict[Path_, tuple[int, ...]] = {}
    stood: set[Path_] = set()  # the values a stand-in took the place of, and kept
    for _ in range(4):
        # drop each faulty value (or, when that is not enough, the list item or section
        # holding it) and try again; later rounds only clear consequences of the first. A
        # faulty value with a stand-in (a token: ``StandIn``) takes it instead, so the section
        # holding it, its workspace, stays and its other checks run in this pass too
        changed = False
        for err in _causes(first.errors()):
            path = as_written(data_path(err["loc"], model), kept)
            if err["type"] != "missing" and _stand_in(data, path, model, err["loc"]):
                stood.add(path)
                changed = True
                continue
            stood.discard(path)  # the stand-in itself failed: pruned, with what holds it
            changed |= _prune(data, path, missing=err["type"] == "missing")
        if not changed:
            break
        swept, kept = _sweep(data)
        try:
            validated = model.model_validate(swept)
        except ValidationError as again:
            first = again
            continue
        fields = {(doc.file, doc.error(p, "").field) for p in stood}
        for e in errors:
            e.stood_in = (e.file, e.field) in fields
        # what is found in the model from now on is said where the file writes it
        doc.kept = kept
        return validated, errors
    return None, errors


def _causes(errors: list[Any]) -> list[Any]:
    """The errors minus a list's "needs at least one item" that is only there because its
    items were wrong: pruning that would drop the whole list (and what holds it) for a
    mistake in one value."""
    return [err for err in errors if not (err["type"] == "too_short" and any(
        len(o["loc"]) > len(err["loc"]) and o["loc"][:len(err["loc"])] == err["loc"]
        for o in errors))]


@dataclass(frozen=True)
class StandIn:
    """In a field's ``Annotated`` metadata: the value ``validate_all`` puts in place of a faulty
    one, rather than dropping it and, the field being required, what holds it. Only for values
    nothing else refers to (a token, a secret): the checks of that field itself wait for the
    fix (``without_follow_ons``), those of the rest run."""

    value: Any


def _stand_in(data: Any, path: Path_, model: Any, loc: tuple[int | str, ...]) -> bool:
    parent_model = model_at(model, loc[:-1]) if model is not None and loc else None
    field = parent_model.model_fields.get(str(loc[-1])) if parent_model is not None else None
    stand_in = next((m for m in field.metadata if isinstance(m, StandIn)), None) if field else None
    if stand_in is None or not path:
        return False
    parent: Any = data
    try:
        for part in path[:-1]:
            parent = parent[part]
    except (KeyError, IndexError, TypeError):
        return False
    if not isinstance(parent, dict) or path[-1] not in parent or (
            parent[path[-1]] == stand_in.value):
        return False  # not where it was written, or the stand-in itself failed: prune
    parent[path[-1]] = stand_in.value
    return True


def _prune(data: Any, path: Path_, *, missing: bool) -> bool:
    if not path:
        return False
    target = path[:-1] if missing else path
    while target:
        parent: Any = data
        try:
            for part in target[:-1]:
                parent = parent[part]
            last = target[-1]
            if isinstance(parent, dict) and last in parent:
                del parent[last]
                return True
            if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
                # keep indices stable for the other errors of this round; swept afterwards
                if parent[last] is _DROPPED:
                    return False
                parent[last] = _DROPPED
                return True
        except (KeyError, IndexError, TypeError):
            pass
        target = target[:-1]
    return False


_DROPPED = object()


def _sweep(data: Any) -> tuple[Any, dict[Path_, tuple[int, ...]]]:
    """``data`` without its dropped list items, and for each list that lost some (by its path
    as written) the index as written of each item left."""
    kept: dict[Path_, tuple[int, ...]] = {}

    def swept(value: Any, at: Path_) -> Any:
        if isinstance(value, dict):
            return {k: swept(v, (*at, k)) for k, v in value.items()}
        if isinstance(value, list):
            left = tuple(i for i, v in enumerate(value) if v is not _DROPPED)
            if len(left) != len(value):
                kept[at] = left
            return [swept(value[i], (*at, i)) for i in left]
        return value

    return swept(data, ()), kept


def data_path(loc: tuple[int | str, ...], model: Any = None) -> Path_:
    """pydantic's ``loc`` as the path a person wrote: union tags left out. With ``model`` (what
    validated the document) a part is a tag only where the loc stands at a union one of whose
    members it names, so a field or a key spelt like a tag (a channel named ``x``, a route's
    unknown ``slack:``) stays; where the model cannot tell, a part that is some union's tag
    is taken for one."""
    out: list[int | str] = []
    tp = model
    for part in loc:
        if tp is not None:
            field = _field_step(tp, part)
            if field is not None:
                out.append(part)
                tp = field
                continue
            member = _member_step(tp, part)
            if member is not None:
                tp = member  # the discriminator's value: not written where pydantic puts it
                continue
            out.append(part)  # written, but not in the model (an unknown field)
            tp = None
        elif isinstance(part, int) or not _is_union_tag(part):
            out.append(part)
    return tuple(out)


def _config_errors(exc: ValidationError, doc: YamlDoc, base: Path_, *,
                   model: type[BaseModel] | None = None) -> list[ConfigError]:
    out: list[ConfigError] = []
    errors = _causes(exc.errors())
    missing: dict[Path_, set[str]] = {}
    for err in errors:
        if err["type"] == "missing" and (loc := data_path(err["loc"], model)):
            missing.setdefault(loc[:-1], set()).add(str(loc[-1]))
    # a misspelt key and the field it misspells: said once, at the misspelling, with the
    # right name (not also "bot_token: missing")
    explained: set[Path_] = set()
    for err in errors:
        if err["type"] == "extra_forbidden" and (loc := data_path(err["loc"], model)):
            guess = misspelling_of(model, err["loc"], prefer=missing.get(loc[:-1], set()))
            if guess is not None:
                explained.add((*loc[:-1], guess))
    for err in errors:
        loc = data_path(err["loc"], model)
        path = (*base, *loc)
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            # point at the discriminating field itself (e.g. `type:`), not at its parent
            tag = str((err.get("ctx") or {}).get("discriminator", "")).strip("'\"")
            if tag:
                path = (*path, tag)
        if doc.follows_unset(path):
            continue  # said once, as the unset variable
        if err["type"] == "missing" and loc in explained:
            continue
        field = str(path[-1]) if path else ""
        msg = _span_out_of_range(err, written_at(doc.data, path), field=field)
        out.append(doc.error(path, msg or field_problem(
            err, model=model, prefer=missing.get(loc[:-1], set()))))
    return out


def written_at(data: Any, path: Path_) -> Any:
    """The value at ``path`` in a document's data, as the file writes it; None when absent."""
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


# the unit a time span's field counts in, by its name's ending (bot.core.config's spans)
_UNIT_SUFFIX = {"_seconds": 1.0, "_minutes": 60.0, "_hours": 3600.0, "_days": 86400.0}


def _span_out_of_range(err: Any, written: Any, *, field: str) -> str | None:
    """A duration written as text (``8d``) that is out of range, said in the units it was
    written in (``8d is too long: at most 7d``): pydantic only sees the number the field's
    unit made of it (691200.0 seconds, or 11520.0 minutes)."""
    kind, got = err["type"], err.get("input")
    if (kind not in _NUMBER_LIMITS or not isinstance(written, str) or isinstance(got, bool)
            or not isinstance(got, int | float)):
        return None
    try:
        total = seconds(written)
    except ValueError:
        return None
    limit = (err.get("ctx") or {}).get(_NUMBER_LIMITS[kind][1])
    unit = next((size for end, size in _UNIT_SUFFIX.items() if field.endswith(end)),
                total / got if got else None)
    if not isinstance(limit, int | float) or (unit is None and limit):
        return None  # 0 of a unit that cannot be told
    bound = span_text(limit * unit) if limit and unit else "0"
    text = written.strip()
    if kind.startswith("less"):
        return f"{text} is too long: " + ("at most " if kind.endswith("equal") else (
            "less than ")) + bound
    return f"{text} is too short: " + ("at least " if kind.endswith("equal") else (
        "more than ")) + bound


def field_problem(err: Any, *, model: type[BaseModel] | None = None,
                  prefer: Collection[str] = ()) -> str:
    """One pydantic error as the words after ``field:`` (an unknown field's hint or its
    likely spelling, else ``humane``); for any reader of validated files, YAML or JSON.
    ``prefer``: the fields missing beside an unknown one, the likelier meant."""
    if err["type"] == "extra_forbidden":
        loc = data_path(err["loc"], model)
        return _hint(str(loc[-1]) if loc else "", model, err["loc"]) or _unknown_field(
            model, err["loc"], prefer=prefer)
    return humane(err, model=model)


# fields people write that do not exist, and what to write instead (under the model named, if
# one is: "item_url" means something only under a hackernews source)
_HINTS: dict[str, tuple[str, type[BaseModel] | None]] = {}


def add_hint(field_name: str, message: str, *, under: type[BaseModel] | None = None) -> None:
    """Say more than 'unknown field' when someone writes ``field_name`` (a removed setting);
    ``under``: only where that model is validated."""
    _HINTS[field_name] = (message, under)


def _hint(name: str, model: type[BaseModel] | None, loc: tuple[int | str, ...]) -> str | None:
    message, under = _HINTS.get(name, ("", None))
    if not message:
        return None
    if under is not None:  # where that model (or a schema built on it: config_model's) reads
        found = model_at(model, loc[:-1]) if model is not None else None
        if found is None or not issubclass(found, under):
            return None
    return message


def errors_to_config_error(exc: ValidationError, doc: YamlDoc, base: Path_ = (), *,
                           model: type[BaseModel] | None = None) -> ConfigError:
    errors = _config_errors(exc, doc, base, model=model)
    if not errors:  # every one followed from an unset variable
        return ConfigErrors(list(doc.problems)) if doc.problems else doc.error(base, "invalid")
    return ConfigErrors(errors) if len(errors) > 1 else errors[0]


def without_follow_ons(checks: list[ConfigError], schema: list[ConfigError]
                       ) -> list[ConfigError]:
    """The checks that run after the schema, less what only repeats a schema problem: a field
    the schema refused is reported once ("interval: -1h" is not also "a digest route needs an
    interval"; "mode: sockets" not also "http mode needs signing_secret"), and a mapping with a
    misspelt key ("actoin: drop") or a refused value ("action: dropp") has lost the very
    setting a check misses there: its default stands in ("action alert needs a channel"), so
    those checks wait for the fix. Only those naming the setting lost (as written, or the key
    a misspelt one means): a check of the same mapping about another of its settings stands
    alone ("mode: http needs the bot's HTTP server" beside a refused signing_secret or
    timezone was said only by the next run)."""
    refused = {(p.file, p.field) for p in schema if p.field}
    lost: dict[tuple[str | None, str], set[str]] = {}
    for p in schema:
        if p.field and not p.stood_in:
            parent, _, key = p.field.rpartition(".")
            names = lost.setdefault((p.file, parent), set())
            names.add(_INDEX.sub("", key))
            names.update(_MEANT.findall(p.message))
    return [p for p in checks if (p.file, p.field) not in refused
            and not (any(word in p.message for word in _OF_A_DEFAULT)
                     and any(_names(name, p.message) for name in lost.get(
                         (p.file, (p.field or "").rpartition(".")[0]), ())))]


# a list item's index after its key ("steps[0]"), and the key an unknown one most likely
# misspells, as ``_unknown_field`` says it ("did you mean action?")
_INDEX = re.compile(r"\[\d+\]")
_MEANT = re.compile(r"did you mean '?([A-Za-z_][\w]*)'?\?")


def _names(key: str, message: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(key)}(?![\w])", message) is not None


# what a check says of a setting that a default may stand in for: "action alert needs a
# channel", and "route 'support' opens no ticket (action alert)" of the sla beside a refused
# `action: tiket` (a newcomer's review, 2026-12-06: two lines blaming keys that were right)
_OF_A_DEFAULT = (" needs ", " opens no ticket ")


# --- pydantic's wording, in the words of someone editing a YAML file --------------------------


def _close(word: str, known: list[str]) -> str | None:
    found = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
    return found[0] if found else None


def suggest(word: str, known: Iterable[str], *, prefer: Collection[str] = ()) -> str | None:
    """The name ``word`` most likely misspells, or None: a close spelling (``chanels``), two
    letters swapped (``di`` for ``id``), or, for a required field left out beside it
    (``prefer``), one part of its name (``token`` for ``bot_token``, ``after`` for
    ``after_minutes``; not ``path`` for an optional ``sandbox_path``)."""
    names = [k for k in known if k != word]
    close = difflib.get_close_matches(word, names, n=1, cutoff=0.75)
    if close:
        return close[0]
    low = word.lower()
    swapped = [k for k in names if len(k) == len(low) and sorted(k) == sorted(low) and sum(
        a != b for a, b in zip(k, low, strict=True)) == 2]
    parts = [k for k in names if "_" in k and low in k.split("_") and k in prefer]
    for group in (swapped, parts):
        preferred = [k for k in group if k in prefer]
        if len(preferred) == 1:
            return preferred[0]
        if len(group) == 1:
            return group[0]
    return None


def misspelling_of(model: type[BaseModel] | None, loc: tuple[int | str, ...], *,
                   prefer: Collection[str] = ()) -> str | None:
    """The field an unknown field at pydantic's ``loc`` most likely misspells."""
    parent = model_at(model, loc[:-1]) if model is not None and loc else None
    if parent is None:
        return None
    return suggest(str(loc[-1]), _field_names(parent), prefer=prefer)


def _unknown_field(model: type[BaseModel] | None, loc: tuple[int | str, ...], *,
                   prefer: Collection[str] = ()) -> str:
    parent = model_at(model, loc[:-1]) if model is not None else None
    if parent is None:
        return "unknown field"
    known = _field_names(parent)
    guess = suggest(str(loc[-1]), known, prefer=prefer)
    if guess:
        return f"unknown field; did you mean {guess}?"
    return f"unknown field (known: {', '.join(known)})"


def _field_names(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _members(tp: Any) -> list[Any]:
    """The types ``tp`` may be: Annotated, Optional and unions unwrapped."""
    return [m for m, _ in _tagged_members(tp)]


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _tags(model: type[BaseModel]) -> tuple[Any, ...]:
    f = model.model_fields.get("type")
    return get_args(f.annotation) if f is not None and get_origin(f.annotation) is Literal else ()


def _step(tp: Any, part: int | str) -> Any:
    found = _field_step(tp, part)
    return found if found is not None else _member_step(tp, part)


def _field_step(tp: Any, part: int | str) -> Any:
    """The type of the field, key or item ``part`` of a value of type ``tp``, if it has one."""
    for m in _members(tp):
        if _is_model(m) and isinstance(part, str):
            for name, f in m.model_fields.items():
                if part in (name, f.alias):
                    return f.annotation
        origin = get_origin(m)
        if origin in (tuple, list, set, frozenset) and isinstance(part, int):
            return get_args(m)[0]
        if origin is dict and isinstance(part, str):
            return get_args(m)[1]
    return None


def _member_step(tp: Any, part: int | str) -> Any:
    """The member of the union ``tp`` that ``part`` names (a discriminator's value: its
    ``type`` literal, its class's name or the ``Tag`` it is annotated with), if any."""
    for m, tags in _tagged_members(tp):
        if _is_model(m) and (part == m.__name__ or part in _tags(m) or part in tags):
            return m
    return None


def _tagged_members(tp: Any, tags: tuple[str, ...] = ()) -> list[tuple[Any, tuple[str, ...]]]:
    """``_members`` with the pydantic ``Tag``s each member is annotated with."""
    origin = get_origin(tp)
    if origin is Annotated:
        inner, *meta = get_args(tp)
        return _tagged_members(inner, (*tags, *(m.tag for m in meta if isinstance(m, Tag))))
    if origin is Union or origin is types.UnionType:
        return [found for arg in get_args(tp) for found in _tagged_members(arg)]
    return [(tp, tags)]


def model_at(model: Any, loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class that validates the value at ``loc`` (pydantic's loc, union tags
    included), when it can be told."""
    tp = model
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return None
    found = [m for m in _members(tp) if _is_model(m)]
    return found[0] if len(found) == 1 else None


def _union_tags(model: Any, loc: tuple[int | str, ...]) -> list[str]:
    """The ``type:`` values the union at ``loc`` takes, in declaration order."""
    tp = model
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return []
    return [str(t) for m in _members(tp) if _is_model(m) for t in _tags(m)]


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return quoted_cut(value, 60) if isinstance(value, str) else str(value)[:60]


_NUMBER_LIMITS = {
    "greater_than": ("greater than", "gt"),
    "greater_than_equal": ("greater than or equal to", "ge"),
    "less_than": ("less than", "lt"),
    "less_than_equal": ("less than or equal to", "le"),
}


def humane(err: Any, *, model: Any = None) -> str:
    """One pydantic error as what is wrong with the value and what it should be."""
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    got = _kind(value)
    if kind == "missing":
        return "missing: this field is required"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        target = model_at(model, err["loc"]) if model is not None else None
        fields = _field_names(target) if target is not None else []
        if not fields:
            return f"should be a mapping (key: value lines, or {{key: value}}), not {got}"
        shape = ("{" + ", ".join(f"{f}: ..." for f in fields[:4])
                 + (", ..." if len(fields) > 4 else "") + "}")
        return f"should be a mapping like {shape}, not {got}"
    if kind in ("list_type", "tuple_type", "set_type", "frozen_set_type", "iterable_type"):
        return f"should be a list ([a, b], or one '- ' item per line), not {got}"
    if kind == "string_type":
        if isinstance(value, int | float) and not isinstance(value, bool):
            # a Discord or Slack id written bare: YAML read it as a number
            return f"should be text, not the number {value}; quote it: '{value}'"
        return f"should be text, not {got}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{got} is not a whole number"
    if kind in ("float_type", "float_parsing", "finite_number"):
        return f"{got} is not a number"
    if kind in ("bool_type", "bool_parsing"):
        return f"{got} is not true or false"
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"{got} is not one of: {expected}"
    if kind in _NUMBER_LIMITS:
        words, key = _NUMBER_LIMITS[kind]
        limit = ctx.get(key)
        # a float limit of a whole number (a span's 604800.0) as it would be written: 604800
        shown = int(limit) if isinstance(limit, float) and limit.is_integer() else limit
        return f"{got} is out of range: must be {words} {shown}"
    if kind in ("datetime_type", "datetime_parsing", "datetime_from_date_parsing",
                "timezone_aware", "date_parsing", "date_type"):
        return _date_problem(value) or (f"{got} is not a date and time with a time zone; "
                                        "write e.g. 2027-01-01T00:00:00Z")
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        if isinstance(value, str):  # a constrained string reports itself as a sequence
            return f"is too long: at most {ctx.get('max_length')} characters"
        return f"has more than {ctx.get('max_length')} item(s)"
    if kind == "string_too_short":
        return "is empty" if ctx.get("min_length") == 1 else (
            f"is too short: at least {ctx.get('min_length')} characters")
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return f"{got} is not in the form this field takes"
    if kind == "union_tag_not_found":  # a workspace without `type:`
        tags = _union_tags(model, err["loc"]) if model is not None else []
        return "missing" + (f"; one of {', '.join(tags)}" if tags else
                            ": this field is required")
    if kind == "union_tag_invalid":  # a workspace's `type: slak`
        known = [t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",") if t.strip()]
        tag = str(ctx.get("tag", value))
        near = _close(tag, known)
        return (f"unknown {ctx.get('discriminator', 'type').strip(chr(39))} {tag!r} (known: "
                f"{', '.join(known)})" + (f"; did you mean {near}?" if near else ""))
    return str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")


def _date_problem(value: Any) -> str | None:
    """What is wrong with a date that has the right shape: a day its month does not have
    (``2099-02-30``), a month past 12, or no time zone."""
    import calendar
    from datetime import datetime

    m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", value) if isinstance(value, str) else None
    if m is None:
        return None
    year, month, day = (int(g) for g in m.groups())
    shown = value.strip()[:40]
    if not 1 <= month <= 12:
        return f"{shown!r}: there is no month {month} (01-12)"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        return (f"{shown!r}: {_MONTH_NAMES[month - 1]} {year} has no day {day} (it has "
                f"{last} days)")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        return (f"{shown!r} has no time zone; add one: {shown}Z for UTC, or an offset such "
                "as +01:00" if "T" in shown else None)
    return None


def _is_union_tag(part: str) -> bool:
    # pydantic puts the chosen union member / discriminator value into loc, e.g.
    # ('sources', 0, 'mastodon', 'token'); those are not fields the user wrote.
    return part in _UNION_TAGS


_UNION_TAGS: set[str] = set()


def register_union_tags(*tags: str) -> None:
    _UNION_TAGS.update(tags)
