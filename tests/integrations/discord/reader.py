"""Reads a stored Discord message the way a Discord client would show it, for the contract
suite and the hostile-text tests.

- Text: backslash escapes resolved (``\\X`` shows ``X`` for ASCII punctuation).
- Pings: mentions in ``content`` that ``allowed_mentions`` lets through (no
  ``allowed_mentions`` at all means Discord's default: everything named pings). Stricter than
  Discord, unescaped mention syntax in embed text is counted too, because it renders as a
  highlighted mention and would ping the moment it moved into content.
- Links: unescaped masked links ``[x](url)``, ``<url>`` and bare ``http(s)://`` autolinks in
  markdown-rendering parts, the embed and author URLs, link buttons.
- Styles: markdown Discord would apply in markdown-rendering parts (bold, italics, underline,
  strikes, spoilers, code, quotes, headings, subtext, lists), escaped characters excepted.
- Problems: every Discord limit (content 2,000; title 256; description 4,096; ≤25 fields of
  256/1,024; footer 2,048; author 256; 6,000 total; custom_id ≤100; label ≤80; link button
  url ≤512; ≤5 buttons a row, ≤5 rows; unique custom_ids).
"""

from __future__ import annotations

import re
import string
from typing import Any

from tests.integrations.workspaces.contract import Rendered

_PUNCT = set(string.punctuation)
_HIDDEN = "\x00"  # stands for an escaped character while looking for syntax
_MASKED = re.compile(r"\[[^\]\x00]*\]\(<?([^)\s>\x00]+)>?(?:\s+\"[^\"]*\")?\)")
_ANGLE = re.compile(r"<(https?://[^\s>\x00]+)>")
_AUTO = re.compile(r"https?://[^\s<\x00]+[^\s<.,:;\"')\]\x00]")
_USER = re.compile(r"<@!?(\d+)>")
_ROLE = re.compile(r"<@&(\d+)>")
_BROADCAST = re.compile(r"@(everyone|here)\b")
_CODE = (("codeblock", re.compile(r"```.+?```", re.S)), ("code", re.compile(r"`[^`\n]+`")))
_FORMATS = (
    ("bold", re.compile(r"\*\*(?=\S)[^\n]+?\*\*")),
    ("underline", re.compile(r"__(?=\S)[^\n]+?__")),
    ("strike", re.compile(r"~~(?=\S)[^\n]+?~~")),
    ("spoiler", re.compile(r"\|\|[^\n]+?\|\|")),
    ("italic", re.compile(r"(?<![*\w])\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*(?![*\w])")),
    ("italic", re.compile(r"(?<![_\w])_(?=[^\s_])[^_\n]*?(?<=[^\s_])_(?![_\w])")),
    ("quote", re.compile(r"^>{1,3} ", re.M)),
    ("heading", re.compile(r"^#{1,3} \S", re.M)),
    ("subtext", re.compile(r"^-# \S", re.M)),
    ("list", re.compile(r"^\s*(?:[-*+]|\d+\.) \S", re.M)),
)


def markdown_styles(syntax: str) -> list[str]:
    out: list[str] = []
    for name, pattern in _CODE:
        out += [name] * len(pattern.findall(syntax))
        syntax = pattern.sub(" ", syntax)
    for name, pattern in _FORMATS:
        out += [name] * len(pattern.findall(syntax))
    return out


def unescape(text: str) -> tuple[str, str]:
    """(what is shown, the same with every escaped character hidden for syntax matching)."""
    shown: list[str] = []
    syntax: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text) and text[i + 1] in _PUNCT:
            shown.append(text[i + 1])
            syntax.append(_HIDDEN)
            i += 2
            continue
        shown.append(ch)
        syntax.append(ch)
        i += 1
    return "".join(shown), "".join(syntax)


class _Reader:
    def __init__(self) -> None:
        self.text: list[str] = []
        self.pings: set[str] = set()
        self.links: set[str] = set()
        self.problems: list[str] = []
        self.styles: list[str] = []

    def limit(self, what: str, value: Any, limit: int) -> None:
        if value is not None and len(value) > limit:
            self.problems.append(f"{what}: {len(value)} > {limit}")

    def markdown(self, raw: str | None) -> None:
        if not raw:
            return
        shown, syntax = unescape(raw)
        # ``<https://…>`` shows the address without its angle brackets (shown and syntax
        # are aligned character by character)
        brackets = {i for m in _ANGLE.finditer(syntax) for i in (m.start(), m.end() - 1)}
        self.text.append("".join(ch for i, ch in enumerate(shown) if i not in brackets))
        self.styles += markdown_styles(syntax)
        for pattern in (_MASKED, _ANGLE):
            self.links.update(m.group(1) for m in pattern.finditer(syntax))
        # a bare address inside ``<…>`` is that one link, not one ending in ">"
        bare = _ANGLE.sub(lambda m: " " * len(m.group(0)), syntax)
        self.links.update(m.group(0) for m in _AUTO.finditer(bare))
        self.pings.update(m.group(1) for m in _USER.finditer(syntax))
        self.pings.update(m.group(1) for m in _ROLE.finditer(syntax))
        self.pings.update(m.group(1) for m in _BROADCAST.finditer(syntax))

    def plain(self, raw: str | None) -> None:
        if raw:
            self.text.append(raw)


def _content_pings(content: str, allowed: dict[str, Any] | None) -> set[str]:
    _, syntax = unescape(content)
    parse = set(allowed.get("parse", [])) if allowed is not None else {"users", "roles",
                                                                         "everyone"}
    users = {str(u) for u in (allowed or {}).get("users", [])}
    roles = {str(r) for r in (allowed or {}).get("roles", [])}
    out = set()
    for m in _USER.finditer(syntax):
        if "users" in parse or m.group(1) in users:
            out.add(m.group(1))
    for m in _ROLE.finditer(syntax):
        if "roles" in parse or m.group(1) in roles:
            out.add(m.group(1))
    if "everyone" in parse:
        out.update(m.group(1) for m in _BROADCAST.finditer(syntax))
    return out


def discord_view(message: dict[str, Any], *,
                 allowed_mentions: dict[str, Any] | None) -> Rendered:
    r = _Reader()
    content = message.get("content") or ""
    r.limit("content", content, 2_000)
    r.markdown(content)
    r.pings = _content_pings(content, allowed_mentions)  # content pings obey allowed_mentions
    embeds = message.get("embeds") or []
    r.limit("embeds", embeds, 10)
    for e in embeds:
        total = 0
        for key, limit in (("title", 256), ("description", 4_096)):
            r.limit(key, e.get(key), limit)
            total += len(e.get(key) or "")
            r.markdown(e.get(key))
        author = e.get("author") or {}
        r.limit("author", author.get("name"), 256)
        total += len(author.get("name") or "")
        r.plain(author.get("name"))
        for url in (e.get("url"), author.get("url")):
            if url:
                r.links.add(url)
        fields = e.get("fields") or []
        r.limit("fields", fields, 25)
        for f in fields:
            r.limit("field name", f.get("name"), 256)
            r.limit("field value", f.get("value"), 1_024)
            total += len(f.get("name") or "") + len(f.get("value") or "")
            r.markdown(f.get("name"))
            r.markdown(f.get("value"))
        footer = (e.get("footer") or {}).get("text")
        r.limit("footer", footer, 2_048)
        total += len(footer or "")
        r.plain(footer)
        if total > 6_000:
            r.problems.append(f"embed total {total} > 6000")
    actions: list[tuple[str, str]] = []
    ids: list[str] = []
    rows = message.get("components") or []
    r.limit("action rows", rows, 5)
    for row in rows:
        buttons = row.get("components") or []
        r.limit("buttons in a row", buttons, 5)
        for b in buttons:
            r.limit("label", b.get("label"), 80)
            r.plain(b.get("label"))
            if b.get("style") == 5:
                r.limit("button url", b["url"], 512)
                r.links.add(b["url"])
                continue
            cid = b.get("custom_id") or ""
            r.limit("custom_id", cid, 100)
            ids.append(cid)
            parts = cid.split(":", 2)
            if len(parts) == 3 and parts[0] == "socialops":
                actions.append((parts[1], parts[2].split("#", 1)[0]))
    if len(ids) != len(set(ids)):
        r.problems.append("duplicate custom_id")
    return Rendered(text="\n".join(r.text), pings=frozenset(r.pings), links=frozenset(r.links),
                    actions=tuple(actions), problems=tuple(r.problems), styles=tuple(r.styles))
