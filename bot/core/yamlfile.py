"""Load YAML files so that every validation error can name the file, the line and the field.

``load_yaml`` returns the plain data plus a map from each key path to its line. ``validate``
runs a pydantic model over the data and turns a ``ValidationError`` into a ``ConfigError`` whose
message reads ``file:line: field.path: what is wrong``. ``${NAME}`` in any string is replaced by the
environment variable NAME (``${NAME:-default}`` gives a default); a missing variable is an error
naming its line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.core.errors import ConfigError

Path_ = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


@dataclass
class YamlDoc:
    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Line of the longest prefix of ``path`` that the file spells out."""
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)

    def error(self, path: Path_, message: str) -> ConfigError:
        return ConfigError(
            message, file=self.file, line=self.line_of(path), field=dotted(path) or None
        )


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _index_lines(node: yaml.Node, path: Path_, lines: dict[Path_, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            sub = (*path, key)
            lines[sub] = key_node.start_mark.line + 1
            _index_lines(value_node, sub, lines)
            lines[sub] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), lines)


def parse_yaml(text: str, file: str, *, env: Mapping[str, str] | None = None) -> YamlDoc:
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ConfigError(f"invalid YAML: {exc.problem or exc}", file=file, line=line) from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"invalid YAML: {exc}", file=file) from exc
    doc = YamlDoc(file=file, data=data)
    if node is not None:
        _index_lines(node, (), doc.lines)
    doc.data = _substitute(doc, data, (), os.environ if env is None else env)
    return doc


def load_yaml(path: str | Path, *, env: Mapping[str, str] | None = None) -> YamlDoc:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError("file not found", file=str(p)) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read: {exc}", file=str(p)) from exc
    return parse_yaml(text, str(p), env=env)


def _substitute(doc: YamlDoc, value: Any, path: Path_, env: Mapping[str, str]) -> Any:
    if isinstance(value, str):

        def repl(m: re.Match[str]) -> str:
            name, default = m.group(1), m.group(2)
            if name in env:
                return env[name]
            if default is not None:
                return default
            raise doc.error(path, f"environment variable {name} is not set")

        return _ENV.sub(repl, value)
    if isinstance(value, dict):
        return {k: _substitute(doc, v, (*path, k), env) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(doc, v, (*path, i), env) for i, v in enumerate(value)]
    return value


def validate(model: type[M], doc: YamlDoc, *, data: Any = None, base: Path_ = ()) -> M:
    """Validate ``data`` (default: the whole document) found at ``base`` in ``doc``."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        raise errors_to_config_error(exc, doc, base) from None


def errors_to_config_error(exc: ValidationError, doc: YamlDoc, base: Path_ = ()) -> ConfigError:
    messages: list[str] = []
    first: ConfigError | None = None
    for err in exc.errors():
        loc: Path_ = tuple(p for p in err["loc"] if isinstance(p, int) or not _is_union_tag(str(p)))
        path = (*base, *loc)
        msg = err["msg"]
        if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
            # point at the discriminating field itself (e.g. `type:`), not at its parent
            tag = str((err.get("ctx") or {}).get("discriminator", "")).strip("'\"")
            if tag:
                path = (*path, tag)
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        one = doc.error(path, msg)
        first = first or one
        messages.append(str(one))
    assert first is not None
    return _multi(first, messages) if len(messages) > 1 else first


def _multi(first: ConfigError, messages: list[str]) -> ConfigError:
    err = ConfigError(first.message, file=first.file, line=first.line, field=first.field)
    err.args = ("\n".join(messages),)
    return err


def _is_union_tag(part: str) -> bool:
    # pydantic puts the chosen union member / discriminator value into loc, e.g.
    # ('sources', 0, 'mastodon', 'token'); those are not fields the user wrote.
    return part in _UNION_TAGS


_UNION_TAGS: set[str] = set()


def register_union_tags(*tags: str) -> None:
    _UNION_TAGS.update(tags)
