"""Load YAML files so that every validation error can name the file, the line and the field.

``load_yaml`` returns the plain data plus a map from each key path to its line (``YamlDoc``);
``bot.core.validation`` runs a pydantic model over it and names file, line and field of each
problem.

The parser is ruamel.yaml in YAML 1.2 (core schema): ``18:18`` and ``22:00`` are strings, not
base-60 integers, and ``yes``/``no`` are strings, not booleans. Timestamps stay strings (pydantic
parses them where a field wants a time). A key given twice in one mapping is an error naming both
lines (YAML says keys are unique; PyYAML silently kept the last one). ``${NAME}`` in any string is
replaced by the environment variable NAME (``${NAME:-default}`` gives a default); a missing
variable is an error naming its line. Only plain YAML is read: a tag (``!!binary``,
``!custom``), a merge key (``<<``) or an infinite number is refused where it is written, and
what else is wrong there is not reported again. A syntax error is reported where the quote or
bracket that breaks it was opened, not where the parser gave up; a merge conflict left in the
file, at its first marker line.

Hostile files end in one ConfigError, quickly and in bounded memory: the file is read up to
``MAX_BYTES``; nesting deeper than ``MAX_DEPTH`` and more than ``MAX_NODES`` values (counted
after aliases are expanded, so an alias bomb is cut off early) are refused before anything
recursive runs; an alias inside the node it names (a recursive alias) is refused.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from bot.core.errors import ConfigError, ConfigErrors, prints
from bot.core.settings import environ
from bot.core.text import decode_file

Path_ = tuple[str | int, ...]

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
# a URL's scheme and authority as written (a ``${NAME}`` there names the host, not a secret)
_URL_AUTHORITY = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]*://[^/?#\s]*")

# A line git writes around an unresolved merge's two sides (and diff3's base): never YAML a
# person meant, and the parser would give up a line or two further on with advice about
# indentation and colons that the marker's line does not need
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?:[ \r]|$)", re.MULTILINE)

# Far above any hand-written config or rules file; low enough that a hostile one is refused
# in well under a second and a few tens of MB.
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000


def as_written(path: Path_, kept: dict[Path_, tuple[int, ...]]) -> Path_:
    """A path in what ``validate_all`` validated (``_sweep``), as the file writes it: an item
    after one the schema dropped stands one place earlier there than in the file."""
    if not kept:
        return tuple(path)
    out: list[int | str] = []
    for part in path:
        left = kept.get(tuple(out)) if isinstance(part, int) else None
        inside = left is not None and isinstance(part, int) and 0 <= part < len(left)
        out.append(left[part] if inside else part)  # type: ignore[index]
    return tuple(out)


@dataclass
class YamlDoc:
    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # problems that do not stop reading the file (duplicate keys, unset variables): callers
    # report them with the schema's
    problems: list[ConfigError] = field(default_factory=list)
    # where a ``${NAME}`` was unset (or a value was refused while reading: a YAML tag, a merge
    # key, an infinite number): whatever else is wrong there follows from it
    unset: set[Path_] = field(default_factory=set)
    # what an earlier occurrence of a key written twice held: the second replaced it, and the
    # names it declared are still "declared" for references (one mistake, one line)
    shadowed: dict[Path_, list[Any]] = field(default_factory=dict)
    # the file's lines as written: a problem on one where a hashtag became a comment says so
    written: list[str] = field(default_factory=list, repr=False)
    # set by ``validate_all`` when it dropped list items the schema refused: for each list
    # that lost some, the index in the file of each item the model kept. Paths given to
    # ``error`` and ``line_of`` after it are the model's, and are said as the file writes them
    kept: dict[Path_, tuple[int, ...]] = field(default_factory=dict)
    # the values a ``${NAME}`` put in a URL's path, query or fragment (a private feed's token,
    # as docs/networks.md says to write it): secrets a shown URL hides, whatever their name
    url_secrets: list[str] = field(default_factory=list)
    # where a whole value ``${NAME}`` read a variable set but empty (``NAME=`` in an env file):
    # a problem there says so, where "required: ... e.g. token: ${NAME}" named what was written
    empty_refs: dict[Path_, str] = field(default_factory=dict)  # path -> what to say

    def line_of(self, path: Path_) -> int | None:
        """Line of the longest prefix of ``path`` that the file spells out."""
        return self._line(self.written_path(path))

    def written_path(self, path: Path_) -> Path_:
        """A path in the model ``validate_all`` built, as the file writes it."""
        return as_written(path, self.kept)

    def _line(self, path: Path_) -> int | None:
        p = tuple(path)
        while p:
            if p in self.lines:
                return self.lines[p]
            p = p[:-1]
        return self.lines.get((), None)

    def error(self, path: Path_, message: str) -> ConfigError:
        path = self.written_path(path)
        for secret in sorted(self.url_secrets, key=len, reverse=True):
            if len(secret) >= 6:  # a URL quoted as wrong: the environment's secret in it hidden
                message = message.replace(secret, "***")
        if (note := self.empty_refs.get(tuple(path))) is not None:
            message += f" ({note})"
        line = self._line(path)
        if line is not None and "nothing (null)" in message:
            message = with_hashtag_hint(message, self.written, line)
        return ConfigError(message, file=self.file, line=line, field=dotted(path) or None)

    def refused(self, path: Path_, message: str) -> None:
        """A problem found while reading the value at ``path``; what else is wrong there
        follows from it."""
        self.unset.add(path)
        self.problems.append(self.error(path, message))

    def follows_unset(self, path: Path_) -> bool:
        """True when ``path`` is at or under a value whose ``${NAME}`` was unset: the empty
        string left there would only produce follow-on errors."""
        p = tuple(path)
        return any(p[:len(u)] == u for u in self.unset)

    def raise_problems(self) -> None:
        if self.problems:
            raise ConfigErrors(self.problems)


# a # that starts a comment where a value starts (after '- ', '[', ',', '{' or ': ') and is
# followed by a word, as a hashtag is written: `none: [job, #jobs]`, `- #jobs`, `hashtags: #acme`
_HASHTAG_COMMENT = re.compile(r"(?:^\s*-|[\[{,]|:(?=\s))\s*(#\w{1,40})")


def with_hashtag_hint(message: str, written: list[str], line: int) -> str:
    """``message`` with what to write when line ``line`` (1-based) of the file has a hashtag
    that YAML read as a comment: the value it was meant to be is missing, and the problem
    said of that (a list never closed, a null) names nothing the person wrote."""
    text = written[line - 1] if 0 < line <= len(written) else ""
    found = _HASHTAG_COMMENT.search(_outside_quotes(text))
    if found is None:
        return message
    tag = found.group(1)
    return (f"{message}; a # after a space, '[' or ',' starts a YAML comment, so {tag} and the "
            f"rest of the line were not read: quote a hashtag, '{tag}'")


def _outside_quotes(text: str) -> str:
    """``text`` with what is inside quotes blanked (a quoted '#acme' is a value)."""
    return re.sub(r"'[^']*'|\"(?:[^\"\\]|\\.)*\"", lambda m: " " * len(m.group()), text)


def dotted(path: Path_) -> str:
    """``path`` as a problem names its field (``routes[0].match``). A key holding a character
    that does not print (a line break, an escape sequence, a bidi override, a zero-width space)
    is quoted with it escaped (``'sto\\x1bre'``): written as it is, it split the problem's one
    line, did its escape sequence to the terminal, or read as the field it is not. A joiner
    that is part of how the key is drawn (👩‍💻, Persian's ZWNJ) is not such a character
    (``prints``)."""
    out = ""
    for part in path:
        name = part if isinstance(part, int) or prints(part) else repr(part)
        out += f"[{name}]" if isinstance(part, int) else (f".{name}" if out else str(name))
    return out


def _yaml() -> YAML:
    # pure: the C extension (when installed) parses YAML 1.1, where 22:00 is an integer
    y = YAML(typ="safe", pure=True)
    y.version = (1, 2)
    return y


# ruamel's wording for the mistakes people make most, and what to do about them
_FRIENDLY = (
    ("found character '\\t'", "a tab character: YAML indents with spaces only"),
    ("cannot start any token", "a character that cannot start a value here; quote the value"),
    ("mapping values are not allowed", "unexpected ':'; either this line is indented deeper "
     "than the key above it, or a value containing ': ' needs quotes"),
    ("expected <block end>", "bad indentation: this line does not line up with the keys above "
     "it (keys of one mapping start in the same column, and so do the '- ' of one list)"),
    ("did not find expected key", "bad indentation: this line does not line up with the keys "
     "above it (keys of one mapping start in the same column)"),
    ("could not find expected ':'", "expected 'key: value' here; check the indentation and the "
     "colon on this line or the one above"),
    ("did not find expected '-'", "bad indentation in a list: every item starts with '- ' in "
     "the same column"),
    ("found undefined alias", "an alias (*name) that no anchor (&name) above defines"),
    ("found unexpected end of stream", "the file ends inside a quoted value or a [ ] / { } "
     "list; a quote or bracket is not closed"),
    ("expected a single document", "more than one document ('---'); keep one"),
    ("but got '{'", "a '{' inside a { } mapping or [ ] list: write a ${VAR} there in quotes, "
     "\"${VAR}\" (unquoted, YAML reads its '{' as the start of another mapping)"),
)


def _friendly(exc: MarkedYAMLError) -> str:
    problem = str(exc.problem or exc.context or exc).strip()
    for needle, text in _FRIENDLY:
        if needle in problem or needle in str(exc.context or ""):
            return text
    return f"invalid YAML: {problem}"


def _yaml_error(exc: YAMLError, file: str, text: str = "") -> ConfigError:
    if isinstance(exc, ReaderError) and isinstance(exc.character, int):
        # a character YAML does not allow anywhere in a file (a control character, U+FFFE):
        # ruamel names it by its offset on a second line, which no editor shows
        line = text.count("\n", 0, exc.position) + 1 if text else None
        code = exc.character
        escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        return ConfigError(f"the character U+{code:04X} is not allowed in a YAML file; remove "
                           f"it, or write it as {escape} inside a double-quoted value",
                           file=file, line=line)
    if isinstance(exc, MarkedYAMLError):
        found = _opened_here(exc, text)
        if found is not None:
            return ConfigError(found[1], file=file, line=found[0])
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        if line is not None and text and line > len(text.splitlines()):
            line = len(text.splitlines()) or None  # never a line past the end of the file
        message = _friendly(exc)
        if line is not None and text:
            message = _misread_hint(message, text.splitlines()[:line])
        return ConfigError(message, file=file, line=line)
    return ConfigError(f"invalid YAML: {exc}", file=file)


# a keyword starting with a star (*kundendienst*, *은행), written bare: YAML's alias
_BARE_STAR = re.compile(r"(?:^\s*-|[\[{,]|:(?=\s))\s*(\*[^\s,\[\]{}]{1,40})")
# an anchor (&brand) where a value starts: a file that has them uses aliases on purpose
_ANCHOR = re.compile(r"(?:^\s*-|[\[{,]|:(?=\s))\s*&([^\s,\[\]{}]{1,40})")
# a value that starts with ':' written bare (`host: ::`, every IPv6 interface, as
# docs/operations.md says to set it): YAML reads the ':' as another key's
_COLON_VALUE = re.compile(r"(?:^\s*(?:-\s+)?|[{,]\s*)[^\s:,{}\[\]#]+:\s+(:[^\s,{}\[\]#]*)")
# c'est where a '-quoted value starts: the quote ends at the apostrophe, between two letters
# (a '' inside is the apostrophe written as YAML asks, and part of the value)
_APOSTROPHE = re.compile(
    r"(?:^\s*-|[\[{,]|:(?=\s))\s*'((?:[^'\n]|''){0,40}?\w)'(\w[^'\n]{0,40})'")


def _misread_hint(message: str, lines: list[str]) -> str:
    """What to write when the line YAML stopped at (the last of ``lines``, the file up to
    it) holds a star keyword it read as an alias, or an apostrophe that ended a '-quoted
    value. A misspelt alias in a file with anchors is one: their names are said instead."""
    written = lines[-1]
    if "alias" in message and (star := _BARE_STAR.search(_outside_quotes(written))):
        anchors = list(dict.fromkeys(
            m.group(1) for line in lines for m in _ANCHOR.finditer(_outside_quotes(line))))
        if anchors and not star.group(1).endswith("*"):
            return f"{message}; the anchors above: " + ", ".join(f"&{a}" for a in anchors[:5])
        return (f"{message}; a keyword that starts with * is read as one: quote it, "
                f"'{star.group(1)}'")
    if (bare := _COLON_VALUE.search(_outside_quotes(written))) is not None:
        # said instead of the message: "indented deeper ... or ': ' needs quotes" fits neither
        return (f"a value that starts with ':' (an IPv6 address such as ::) needs quotes: "
                f"write \"{bare.group(1)}\"")
    unquoted = re.sub(r"\"(?:[^\"\\]|\\.)*\"", lambda m: " " * len(m.group()), written)
    if (apostrophe := _APOSTROPHE.search(unquoted)) is not None:
        meant = f"{apostrophe.group(1)}''{apostrophe.group(2)}"
        return (f"{message}; a ' inside a value quoted with ' ends it: write it twice, "
                f"'{meant}', or quote the value with \" instead")
    return message


_CLOSER = {"[": "]", "{": "}"}
_WHAT_BRACKET = {"[": "a [ ] list", "{": "a { } mapping"}


def _opened_here(exc: MarkedYAMLError, text: str) -> tuple[int, str] | None:
    """Syntax errors whose cause is where something was opened, not where the parser gave up
    (often the end of the file): an unclosed quote or bracket, a bracket that closes nothing,
    and JSON lines given where YAML was expected. (line, message), or None."""
    problem, context = str(exc.problem or ""), str(exc.context or "")
    pmark, cmark = exc.problem_mark, exc.context_mark
    if "quoted scalar" in context and cmark is not None:
        quote = text[cmark.index] if 0 <= cmark.index < len(text) else '"'
        return cmark.line + 1, (f"a quoted string opened here ({quote}) is never closed; end "
                                f"it with {quote} on this line")
    runaway = _runaway_quote(text, before=pmark.line if pmark is not None else None)
    if runaway is not None:
        start, end, quote = runaway
        return start, (f"a quoted string opened here ({quote}) runs on to line {end}, where "
                       f"the next {quote} ends it; end it with {quote} on this line")
    first_json = _json_lines(text) if "expected '<document start>'" in problem else None
    if first_json is not None:
        return first_json, ("this looks like a mentions file (JSON lines: one JSON object per "
                            "line, what replay sources and `socialops replay` read), not a "
                            "config or rules file (YAML)")
    m = re.search(r"found '?([\]}])'?$", problem)
    if m and "expected <block end>" in problem and pmark is not None:
        opener = "[" if m.group(1) == "]" else "{"
        return pmark.line + 1, (f"a '{m.group(1)}' that closes no '{opener}' (nothing is open "
                                "here); remove it")
    unclosed = _unclosed_bracket(text)
    if unclosed is not None and ("<stream end>" in problem or "end of stream" in problem or (
            "expected ','" in problem and pmark is not None and pmark.line + 1 > unclosed[0])):
        line, bracket = unclosed
        if "but got '{'" in problem:
            return None  # an unquoted ${VAR} inside { }: _FRIENDLY says to quote it
        return line, with_hashtag_hint(f"{_WHAT_BRACKET[bracket]} opened here is never closed; "
                                       f"end it with '{_CLOSER[bracket]}'",
                                       text.splitlines(), line)
    return None


def _unclosed_bracket(text: str) -> tuple[int, str] | None:
    """The line and character of the innermost [ or { still open where the scanner stops."""
    from ruamel.yaml.tokens import (
        FlowMappingEndToken,
        FlowMappingStartToken,
        FlowSequenceEndToken,
        FlowSequenceStartToken,
    )

    stack: list[tuple[int, str]] = []
    try:
        for token in _yaml().scan(text):
            if isinstance(token, FlowSequenceStartToken | FlowMappingStartToken):
                stack.append((token.start_mark.line + 1,
                              "[" if isinstance(token, FlowSequenceStartToken) else "{"))
            elif isinstance(token, FlowSequenceEndToken | FlowMappingEndToken) and stack:
                stack.pop()
    except YAMLError:
        pass
    return stack[-1] if stack else None


def _runaway_quote(text: str, *, before: int | None) -> tuple[int, int, str] | None:
    """A quoted value that spans lines and ends on (or just above) the line (0-based) where
    the parser gave up: (first line, last line, quote), or None. YAML allows one, but ending
    where the file stops making sense it is a quote left open that the first quote of a
    later line closed, so the lines between read as part of the string."""
    from ruamel.yaml.tokens import ScalarToken

    found: tuple[int, int, str] | None = None
    try:
        for token in _yaml().scan(text):
            start, end = token.start_mark.line, token.end_mark.line
            if before is not None and start >= before:
                break
            if isinstance(token, ScalarToken) and token.style in ('"', "'") and end > start:
                found = (start + 1, end + 1, token.style)
    except YAMLError:
        pass
    if found is None or before is None or before + 1 - found[1] > 1:
        return None
    return found


def _json_lines(text: str) -> int | None:
    """The line of the first of two or more lines of JSON objects, or None."""
    import json

    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1)
             if line.strip() and not line.lstrip().startswith("#")]
    if len(lines) < 2 or not lines[0][1].lstrip().startswith("{"):
        return None
    try:
        return lines[0][0] if isinstance(json.loads(lines[0][1]), dict) else None
    except ValueError:
        return None


def _prescan(y: YAML, text: str, file: str) -> int:
    """Depth and size limits on the event stream, which the parser produces without recursion,
    before the composer (which recurses once per level) sees the file; the count of values."""
    depth = 0
    nodes = 0
    for event in y.parse(text):
        if isinstance(event, MappingStartEvent | SequenceStartEvent):
            depth += 1
            nodes += 1
            if depth > MAX_DEPTH:
                raise ConfigError(f"nested more than {MAX_DEPTH} levels deep; flatten it",
                                  file=file, line=event.start_mark.line + 1)
        elif isinstance(event, MappingEndEvent | SequenceEndEvent):
            depth -= 1
        elif isinstance(event, ScalarEvent | AliasEvent):
            nodes += 1
        if nodes > MAX_NODES:
            raise ConfigError(f"more than {MAX_NODES:,} values; this is not a config a person "
                              "wrote (split it, or keep the data elsewhere)",
                              file=file, line=event.start_mark.line + 1)
    return nodes


class _Builder:
    """Nodes to plain data (dict / list / str / int / float / bool / None), indexing lines,
    substituting ``${NAME}``, and refusing duplicate keys, recursive aliases and expansion
    past ``MAX_NODES``."""

    def __init__(self, doc: YamlDoc, env: Mapping[str, str], *, bare_refs: bool = False
                 ) -> None:
        self.doc = doc
        self.env = env
        self.bare_refs = bare_refs
        self.count = 0
        self.open: set[int] = set()

    def build(self, node: Node, path: Path_) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise ConfigError(f"aliases expand to more than {MAX_NODES:,} values (an alias "
                              "bomb?); write the values out", file=self.doc.file,
                              line=node.start_mark.line + 1)
        self.doc.lines.setdefault(path, node.start_mark.line + 1)
        tag = str(node.tag)
        if tag not in _PLAIN_TAGS:
            # !!binary, !!python/object, !custom: a constructor this file does not run
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.doc.refused(path, f"the YAML tag {shown} is not supported; write the value "
                             "without it (plain text, numbers, true/false, lists, mappings)")
            return None
        if isinstance(node, ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.open:
            raise ConfigError("recursive alias: an alias inside the value its anchor names",
                              file=self.doc.file, line=node.start_mark.line + 1)
        self.open.add(id(node))
        try:
            if isinstance(node, SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                return self.mapping(node, path)
        finally:
            self.open.discard(id(node))
        raise ConfigError(f"unsupported YAML node {type(node).__name__}", file=self.doc.file,
                          line=node.start_mark.line + 1)

    def mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, ScalarNode):
                raise ConfigError("a key must be a plain word or string, not a list or mapping",
                                  file=self.doc.file, line=line)
            if str(key_node.tag).endswith(":merge"):
                self.doc.lines.setdefault(path, line)
                self.doc.refused(path, "YAML merge keys (<<) are not supported; write the keys "
                                 "out")
                continue
            key = str(key_node.value)
            sub = (*path, key)
            if key in first_line:
                # in a { } mapping both are on one line: "lines 5 and 5" read as a slip
                where = (f"twice on line {line}" if first_line[key] == line
                         else f"lines {first_line[key]} and {line}")
                self.doc.problems.append(ConfigError(
                    f"duplicate key {key!r} ({where}); the second would silently replace the "
                    "first: keep one",
                    file=self.doc.file, line=line, field=dotted(sub)))
                self.doc.shadowed.setdefault(sub, []).append(out[key])
            first_line[key] = line
            self.doc.lines[sub] = line
            out[key] = self.build(value_node, sub)
            self.doc.lines[sub] = line
        return out

    def scalar(self, node: ScalarNode, path: Path_) -> Any:
        tag, value = str(node.tag), str(node.value)
        if tag.endswith(":null"):
            return None
        if tag.endswith(":bool"):
            return value.lower() == "true"
        if tag.endswith(":int"):
            try:
                return int(value.replace("_", ""), 0)
            except ValueError:
                return int(value.replace("_", ""), 10)
        if tag.endswith(":float"):
            low = value.lower().lstrip("+")
            number = float(value.replace("_", "")) if low not in (".inf", "-.inf", ".nan") else (
                float(low.replace(".", "")))
            if not math.isfinite(number):
                # nothing a setting means is infinite: a lease, a pace or a threshold of .inf
                # never ends, never paces or never fires
                self.doc.refused(path, f"{value} is not a number a setting can take; write a "
                                 "finite number")
            return number
        if _SURROGATE.search(value):
            # "\ud83d\ude4f" (an emoji as JSON spells it) is read as two halves of a character
            # that no text can hold: written in pairs they are that character; one alone
            # (half an emoji cut off in a copy) is refused here, not a traceback where the
            # value is printed or stored
            try:
                value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
            except UnicodeDecodeError as exc:
                half = value.encode("utf-16-le", "surrogatepass")[exc.start:exc.start + 2]
                code = int.from_bytes(half, "little")
                self.doc.refused(path, f"\\u{code:04x} is half of a character (a UTF-16 "
                                 "surrogate without its partner): write the character itself, "
                                 "or its \\U escape of 8 digits (\\U0001F64F for 🙏)")
                return _SURROGATE.sub("\ufffd", value)
        return self.substitute(value, path)

    def substitute(self, value: str, path: Path_) -> str:
        problem = malformed_reference(value, bare=self.bare_refs)
        if problem:
            # kept as written, and whatever else is wrong there follows from it
            self.doc.unset.add(path)
            self.doc.problems.append(self.doc.error(path, problem))
            return value

        authority = _URL_AUTHORITY.match(value)

        def repl(m: re.Match[str]) -> str:
            name, default = m.group(1), m.group(2)
            found = self.env.get(name, default)
            if found is not None and authority is not None and m.start() >= authority.end():
                self.doc.url_secrets.append(found)  # in the URL's path or query: a secret
            whole = m.group(0) == value.strip()
            if name in self.env:
                if not self.env[name] and whole:
                    self.doc.empty_refs[tuple(path)] = (
                        f"${{{name}}} is set but empty in the environment: give {name} its value")
                return self.env[name]
            if default is not None:
                if not default and whole:
                    self.doc.empty_refs[tuple(path)] = (
                        f"{name} is not set in the environment, and its default is empty")
                return default
            self.doc.unset.add(path)
            self.doc.problems.append(self.doc.error(
                path, f"environment variable {name} is not set; export it, or write "
                f"${{{name}:-default}}" + _set_beside(name, self.env)))
            return ""

        return _ENV.sub(repl, value)


def _set_beside(name: str, env: Mapping[str, str]) -> str:
    """The end of an unset variable's line when one of a close name is set: the config's
    ${MASTADON_TOKEN} beside an exported MASTODON_TOKEN, or ${SLACK_TOKEN} beside
    SLACK_BOT_TOKEN, was told only to export it."""
    names = [n for n in env if n != name and n.upper() == n and env[n]]
    close = [n for n in names if n == name.upper()] or difflib.get_close_matches(
        name.upper(), names, n=1, cutoff=0.8)
    return f"; did you mean ${{{close[0]}}}, which is set?" if close else ""


# a UTF-16 surrogate, which only a \u escape can put in a value
_SURROGATE = re.compile("[\ud800-\udfff]")

# tags the plain YAML this reads resolves by itself (``!!str`` written out is one of them)
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in (
    "str", "int", "float", "bool", "null", "timestamp", "map", "seq"))


# A whole value "$NAME" in capitals: a reference written without its braces. Capitals only, so
# a password such as "$ecret1" is not taken for one.
_BARE_REF = re.compile(r"\$([A-Z_][A-Z0-9_]*)")


def malformed_reference(value: str, *, bare: bool = False) -> str | None:
    """What to write instead when ``value`` looks like a ``${NAME}`` reference but is not one
    (``${NAME``, ``${ NAME }``, ``${name-with-dashes}``; with ``bare``, a whole ``$NAME``),
    which would otherwise be kept as the literal secret. A ``$`` elsewhere is left alone."""
    for start in (m.start() for m in re.finditer(r"\$\{", value)):
        if _ENV.match(value, start):
            continue
        inner = value[start + 2:].partition("}")[0]
        name, colon, default = inner.partition(":")
        name = re.sub(r"[^A-Za-z0-9_]+", "_", name.strip()).strip("_").upper() or "NAME"
        if name[0].isdigit():
            name = f"_{name}"
        fix = f"${{{name}:-{default.removeprefix('-')}}}" if colon else f"${{{name}}}"
        return f"looks like an environment reference but is not written as one; write {fix}"
    m = _BARE_REF.fullmatch(value.strip()) if bare else None
    if m:
        return f"looks like an environment reference; write ${{{m.group(1)}}}"
    return None


def parse_yaml(text: str, file: str, *, env: Mapping[str, str] | None = None,
               bare_refs: bool = False) -> YamlDoc:
    """Parse one YAML document. Syntax errors and the limits above raise a ConfigError; duplicate
    keys and unset variables are collected in ``doc.problems``. ``bare_refs``: a whole value
    ``$NAME`` is a reference missing its braces (the config's secrets; not a rules file, where
    ``$ACME`` is a cashtag)."""
    if len(text) > MAX_BYTES:
        raise ConfigError(f"larger than {MAX_BYTES // (1024 * 1024)} MB; this is not a config "
                          "a person wrote", file=file)
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        raise ConfigError(f"a merge conflict marker ({conflict.group(1)}): both sides of an "
                          "unresolved git merge are in the file; keep the lines you want, "
                          "delete the <<<<<<<, ======= and >>>>>>> lines",
                          file=file, line=text.count("\n", 0, conflict.start()) + 1)
    node = _compose(text, file)
    doc = YamlDoc(file=file, data=None, written=text.splitlines())
    if node is not None:
        doc.data = _Builder(doc, environ() if env is None else env,
                            bare_refs=bare_refs).build(node, ())
    return doc


# The same text composed once a process: the pure parser reads a file twice (the limits, then
# the nodes), 36 ms for a config of 120 lines, and the config and rules are read again by every
# `socialops` command, reload and app opened (hundreds of times in the tests). Only texts that
# composed are kept, at most _KEPT of them, each of at most _KEPT_NODES values (about 300 bytes
# a node: a few megabytes at most); the nodes are only read after.
_KEPT, _KEPT_NODES = 8, 5_000
_composed: OrderedDict[str, Node | None] = OrderedDict()
_composed_lock = threading.Lock()


def _compose(text: str, file: str) -> Node | None:
    with _composed_lock:
        if text in _composed:
            _composed.move_to_end(text)
            return _composed[text]
    y = _yaml()
    try:
        values = _prescan(y, text, file)
        node: Node | None = y.compose(text)
    except YAMLError as exc:
        raise _yaml_error(exc, file, text) from None
    except RecursionError:  # cannot happen within MAX_DEPTH; a one-line error if it does
        raise ConfigError("nested too deeply", file=file) from None
    if values <= _KEPT_NODES:
        with _composed_lock:
            _composed[text] = node
            while len(_composed) > _KEPT:
                _composed.popitem(last=False)
    return node


def not_a_file(path: Path) -> str | None:
    """What is wrong with reading ``path`` as a file when it exists but is no regular file
    (a folder, a named pipe, a device), else None. Reading a named pipe waits for a writer
    that never comes, and a device may never end: both are refused before anything opens
    them."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # missing or unreadable: the reader says which
    return _not_regular(mode)


def file_on_the_way(path: Path) -> Path | None:
    """The first folder of ``path`` that is there, when it is a file (``afile/x.jsonl``):
    nothing can be written under it."""
    folder = next((p for p in path.parents if p.exists()), None)
    return folder if folder is not None and not folder.is_dir() else None


def misplaced(written: object, path: Path, purpose: str = "", example: str = "") -> str | None:
    """Why no file can be appended to at ``path`` whatever the user (a folder, a pipe or a
    device there; a file where a folder of it should be), in one line that starts with the path
    ``written`` and names a file to write instead, for ``purpose`` (" to append the cards to")
    and, where the path is no file, ``example`` (", e.g. cards.jsonl"); else None."""
    if problem := not_a_file(path):
        return f"{written}: {problem}; name a file{purpose}{example}"
    if (file := file_on_the_way(path)) is not None:
        return f"{written}: {file} is a file, not a folder; name a file in a folder{purpose}"
    return None


# The kernel's own file systems: they hold no files a program may make
KERNEL_FILE_SYSTEMS = frozenset({
    "autofs", "binfmt_misc", "bpf", "cgroup", "cgroup2", "configfs", "debugfs", "devpts",
    "efivarfs", "fusectl", "mqueue", "nsfs", "proc", "pstore", "securityfs", "selinuxfs",
    "sysfs", "tracefs"})


def file_system_type(folder: Path) -> str | None:
    """The type of the file system holding ``folder`` (the mount it lies under, the deepest,
    from ``/proc/self/mountinfo``: ``proc``, ``ext4``), or None where that cannot be read."""
    try:
        lines = Path("/proc/self/mountinfo").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    real = os.path.realpath(folder)
    best: tuple[int, str] | None = None
    for line in lines:
        fields, _, after = line.partition(" - ")
        parts, kinds = fields.split(), after.split()
        if len(parts) < 5 or not kinds:
            continue
        # the mount point, with the kernel's octal escapes (a space is \040)
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), parts[4])
        if (real == point or real.startswith(point.rstrip("/") + "/")) and (
                best is None or len(point) >= best[0]):
            best = (len(point), kinds[0])
    return best[1] if best is not None else None


def append_problem(path: Path) -> str | None:
    """Why lines cannot be appended to ``path`` by this user, found without writing (a card
    log, the sandbox's posts), in one line that starts with the path and says what to change;
    else None. Each was a warning per card, or a traceback at the first write, with `check`
    passing the file."""
    if problem := misplaced(path, path):
        return problem
    folder = path if path.exists() else next((p for p in path.parents if p.exists()), None)
    if folder is None:
        return None
    try:
        read_only = bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only = False
    if (kind := file_system_type(folder)) in KERNEL_FILE_SYSTEMS:
        # /proc/cards.jsonl: ~2,000 lines of failed deliveries, then exit 0 (a review)
        return (f"{path}: cannot write there: a {kind} file system, the kernel's, which holds "
                "no files; name a file on a disk")
    if read_only:
        return (f"{path}: cannot write there: a read-only file system; name a file on one "
                "that is writable")
    if not os.access(folder, os.W_OK):
        what = "the file" if folder == path else f"the folder {folder}/"
        return (f"{path}: cannot write there: {what} is read-only to this user; make it "
                "writable, or name another file")
    return None


def unreadable(path: Path, *, key: str = "path") -> str | None:
    """Why a regular file cannot be read (its mode, its folder's), in one line saying what to
    change, the config's ``key`` naming it; else None. Opened without reading: a file checked
    is a file read later."""
    try:
        with path.open("rb"):
            return None
    except FileNotFoundError:
        return (f"{path}: file not found (moved or deleted since it was checked?); put it back, "
                f"or point {key} at where it is")
    except OSError as exc:
        return (f"{path}: cannot read: {exc.strerror or exc}; make it readable by the user "
                f"socialops runs as, or point {key} at a copy that is")


def near_name(path: Path) -> str:
    """``; did you mean rules.yaml?`` for a file not found whose name misspells one in the
    same folder (`rules test rules.yml` beside rules.yaml), as `-c socialops.yml` is said;
    "" when none is near or the folder cannot be read. The first 500 names only: a huge
    folder is not read through for a hint."""
    try:
        with os.scandir(path.parent if path.parent != Path() else ".") as entries:
            names = [e.name for _, e in zip(range(500), entries, strict=False)
                     if e.name != path.name]
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.75)
    if not close:
        return ""
    return f"; did you mean {path.parent / close[0] if path.parent != Path() else close[0]}?"


def read_problem(exc: OSError) -> str:
    """Why a file could not be read, as every file problem is said (not Python's ``[Errno 2]
    No such file or directory: 'rules.yaml'``): what follows it (what to do) is the
    caller's."""
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, IsADirectoryError):
        return "is a directory, not a file"
    return f"cannot read: {exc.strerror or exc}"


def _not_regular(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    kind = ("a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
    return f"not a regular file ({kind}); use a plain file"


def _read_file(p: Path) -> bytes:
    """At most ``MAX_BYTES + 1`` bytes of a regular file; never blocks on a pipe or device:
    the kind is checked before opening, and again on what was opened (non-blocking, so a
    named pipe put there meanwhile cannot hang the open)."""
    problem = not_a_file(p)
    if problem:
        raise ConfigError(problem, file=str(p))
    fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        problem = _not_regular(os.fstat(fd).st_mode)
        if problem:
            raise ConfigError(problem, file=str(p))
        os.set_blocking(fd, True)
        return fh.read(MAX_BYTES + 1)  # never more: a huge file is refused unread


def load_yaml(path: str | Path, *, env: Mapping[str, str] | None = None,
              bare_refs: bool = False) -> YamlDoc:
    p = Path(path)
    try:
        raw = _read_file(p)
    except OSError as exc:
        near = near_name(p) if isinstance(exc, FileNotFoundError) else ""
        raise ConfigError(read_problem(exc) + near, file=str(p)) from exc
    return parse_yaml_bytes(raw, str(p), env=env, bare_refs=bare_refs)


def parse_yaml_bytes(raw: bytes, file: str, *, env: Mapping[str, str] | None = None,
                     bare_refs: bool = False) -> YamlDoc:
    """A file's bytes as ``load_yaml`` reads them (at most ``MAX_BYTES``, UTF-8), wherever
    they came from: ``check -c -`` reads the config from stdin."""
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"larger than {MAX_BYTES // (1024 * 1024)} MB; this is not a config "
                          "a person wrote", file=file)
    try:
        # UTF-8, or UTF-16 by its byte order mark (YAML 1.2, 5.2; Windows Notepad's "Unicode")
        text = decode_file(raw)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ConfigError(f"not UTF-8 text (byte {exc.start + 1} of the file; an editor's "
                          "Latin-1 or Windows-1252?): save it as UTF-8", file=file,
                          line=line) from None
    return parse_yaml(text, file, env=env, bare_refs=bare_refs)
