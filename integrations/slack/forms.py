"""Slack modals for the form verbs (``bot.core.forms``: reply, draft, subscribe).

A modal's ``callback_id`` is ``socialops:form:<verb>``; ``private_metadata`` names the channel it
was opened from (where the answer goes and a subscription binds) and the ``response_url`` of the
command or button that opened it, if any: an answer Slack refuses in that channel (the bot is
not a member) still reaches the person through it. Each field is an input block
whose ``block_id`` and ``action_id`` are the verb's argument name, so ``response_action:
errors`` is keyed by the field that is wrong. The subscribe modal has a **Preview** button
(``PREVIEW_ACTION``); the preview is shown in the modal through ``views.update``, as
``plain_text`` (it quotes social posts).

Limits (docs.slack.dev/reference/surfaces/views, block-kit/blocks and block-elements): a modal
title, submit and close label 24 characters, 100 blocks; input label 2,000, placeholder 150;
plain_text_input ``max_length`` 3,000; option text 75 and value 150; section text 3,000;
``private_metadata`` 3,000.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from bot.core.forms import FORMS, TITLES
from bot.core.text import isolates, utf16_prefix
from integrations.slack.escape import plain, plain_cut

FORM_CALLBACK = "socialops:form:"
PREVIEW_ACTION = "socialops_form:preview"
PREVIEW_BLOCK = "preview"
SUBMIT = {"reply": "Send for approval", "draft": "Send for approval", "subscribe": "Subscribe"}
INPUT_LIMIT = 3_000
HINT_LIMIT = 2_000  # an input block's hint (docs.slack.dev, block-kit/blocks#input)
# private_metadata holds 3,000 characters; a channel id and a response_url this long fit
RESPONSE_URL_LIMIT = 2_000


def _text(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": plain(text, limit), "emoji": False}


def _element(verb: str, arg: str, value: str | None) -> dict[str, Any]:
    field = next(f for f in FORMS[verb] if f.arg == arg)
    if field.choices:
        options = [{"text": _text(c, 75), "value": c[:150]} for c in field.choices]
        select: dict[str, Any] = {"type": "static_select", "action_id": arg,
                                  "options": options[:100]}
        chosen = next((o for o in options if o["value"] == value), None)
        if chosen is not None:
            select["initial_option"] = chosen
        return select
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": arg,
                               "multiline": field.multiline,
                               "max_length": min(field.max_length, INPUT_LIMIT)}
    if field.placeholder:
        element["placeholder"] = _text(field.placeholder, 150)
    if value:
        element["initial_value"] = utf16_prefix(value, element["max_length"])
    return element


def form_modal(verb: str, *, channel: str, values: Mapping[str, str | None] | None = None,
               preview: str | None = None, response_url: str | None = None,
               problems: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The modal for ``verb``, filled with ``values``; ``preview`` (an answer as
    ``Reply.marked`` gives it) is shown under the fields (subscribe), its right-to-left names
    isolated (``isolates``); ``problems`` (field -> what is wrong, marked as an answer is) are
    each said under their field, in its ``hint`` (a views.update cannot use ``response_action:
    errors``, a submission's answer); ``response_url`` is kept for the answer (see the module
    docstring)."""
    values = values or {}
    problems = problems or {}
    meta = {"channel": channel}
    if response_url and len(response_url) <= RESPONSE_URL_LIMIT:
        meta["response_url"] = response_url
    blocks: list[dict[str, Any]] = [{
        "type": "input", "block_id": f.arg, "optional": f.optional,
        "label": _text(f.label, 2_000), "element": _element(verb, f.arg, values.get(f.arg)),
    } for f in FORMS[verb]]
    for block in blocks:
        if problem := problems.get(block["block_id"]):
            # a hint holds 2,000 characters: its isolates closed once cut, as the preview's
            block["hint"] = {"type": "plain_text", "emoji": False,
                             "text": isolates(plain_cut(problem, HINT_LIMIT - 1)[0])}
    if verb == "subscribe":
        blocks.append({"type": "actions", "block_id": "preview_actions", "elements": [{
            "type": "button", "action_id": PREVIEW_ACTION,
            "text": _text("Preview the last 7 days", 75)}]})
        if preview:
            # its right-to-left names isolated once cut (2,900 and a closing PDI fit 3,000)
            body = isolates(plain_cut(preview, 2_900)[0])
            blocks.append({"type": "section", "block_id": PREVIEW_BLOCK,
                           "text": {"type": "plain_text", "text": body, "emoji": False}})
    return {
        "type": "modal",
        "callback_id": f"{FORM_CALLBACK}{verb}",
        "private_metadata": json.dumps(meta, separators=(",", ":")),
        "title": _text(TITLES[verb], 24),
        "submit": _text(SUBMIT[verb], 24),
        "close": _text("Cancel", 24),
        "blocks": blocks,
    }


def verb_of(view: Mapping[str, Any]) -> str | None:
    callback = str(view.get("callback_id") or "")
    verb = callback.removeprefix(FORM_CALLBACK)
    return verb if callback.startswith(FORM_CALLBACK) and verb in FORMS else None


def channel_of(view: Mapping[str, Any]) -> str | None:
    return _meta(view, "channel")


def response_url_of(view: Mapping[str, Any]) -> str | None:
    """The ``response_url`` the form was opened with (None for one opened without)."""
    url = _meta(view, "response_url")
    return url if url is not None and url.startswith(("https://", "http://")) else None


def _meta(view: Mapping[str, Any], key: str) -> str | None:
    try:
        meta = json.loads(str(view.get("private_metadata") or ""))
    except ValueError:
        return None
    value = meta.get(key) if isinstance(meta, dict) else None
    return value if isinstance(value, str) and value else None


def values_of(view: Mapping[str, Any]) -> dict[str, str | None]:
    """What the person entered, by field (``view.state.values``)."""
    verb = verb_of(view)
    state = ((view.get("state") or {}).get("values") or {}) if isinstance(view, dict) else {}
    out: dict[str, str | None] = {}
    for f in FORMS.get(verb or "", ()):
        entry = (state.get(f.arg) or {}).get(f.arg) if isinstance(state, dict) else None
        if not isinstance(entry, dict):
            continue
        if entry.get("type") == "static_select":
            chosen = entry.get("selected_option")
            out[f.arg] = str(chosen.get("value")) if isinstance(chosen, dict) else None
        else:
            value = entry.get("value")
            out[f.arg] = str(value) if isinstance(value, str) else None
    return out
