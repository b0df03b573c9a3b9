"""The shape of the Slack payloads socialops reads, checked before bolt sees them.

bolt indexes into a payload without looking at the types (``body["actions"][0]["action_id"]``
matched with a regex, ``"id" in body["user"]`` while building the request's context,
``"callback_id" in body["view"]``, ``body.get("event", {}).get("bot_id")`` on every request), and
so do parts of our listeners. A correctly signed body that Slack would never send used to raise
inside bolt and come back as a 500, which Slack retries. ``check`` raises ``Malformed`` naming
the first field that does not have the type Slack documents; ``SlackBot.handle_http`` answers
400 and counts a skip.

Only what bolt or our listeners read is checked, and only for the payload types we handle (plus
the few fields bolt reads on every payload). Slack adds fields over time and sends ``null`` for
some absent ones (``team`` on an org-wide install, ``enterprise`` outside Enterprise Grid, the
``value`` of an empty optional input or of a deselected option), so an optional field may be
absent or null and unknown fields are ignored.

What Slack documents (the types below follow these pages):

- the Events API envelope, https://api.slack.com/types/event: ``event`` is a required object
  whose ``type`` is a string; ``authorizations`` a list of objects;
- ``reaction_added``, https://api.slack.com/events/reaction_added: ``user`` and ``reaction``
  strings, ``item`` an object; a message item has string ``channel`` and ``ts``;
- ``app_home_opened``, https://api.slack.com/events/app_home_opened: ``user``, ``channel``,
  ``tab`` strings, ``view`` an object;
- ``url_verification``, https://api.slack.com/events/url_verification: ``challenge`` a string;
- ``block_actions``, https://api.slack.com/reference/interaction-payloads/block-actions:
  ``user`` an object with a string ``id``; ``actions`` a list of action objects, each with a
  string ``action_id`` (and ``block_id``, ``value``); ``container``, ``channel``, ``message``,
  ``view`` objects; ``trigger_id`` and ``response_url`` strings;
- ``view_submission``, https://api.slack.com/reference/interaction-payloads/views: ``user`` and
  ``view`` required objects; the view has a string ``callback_id``, ``private_metadata``,
  ``hash``, and ``state.values`` maps block ids to action ids to input objects;
- slash commands, https://api.slack.com/interactivity/slash-commands: form fields, all strings
  (``command``, ``text``, ``user_id``, ``channel_id``, ``trigger_id``, ``response_url``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The payload types whose own fields are checked; any other type gets the common checks only.
HANDLED = frozenset({"block_actions", "view_submission", "event_callback", "url_verification"})
# The types some listener takes (ours or the catch-alls: events, shortcuts, actions, views,
# options; docs.slack.dev/reference/interaction-payloads), and app_rate_limited, which
# SlackBot answers itself. bolt answers any other type 404 with a WARNING of its own.
LISTENED = frozenset({
    "event_callback", "url_verification", "app_rate_limited", "block_actions",
    "block_suggestion", "view_submission", "view_closed", "shortcut", "message_action",
    "interactive_message", "dialog_submission", "dialog_cancellation", "dialog_suggestion",
    "workflow_step_edit"})


# Slack's documented lengths for what comes back in an interaction: nothing longer comes from
# Slack (docs.slack.dev/reference/block-kit/block-elements: button ``value`` 2,000,
# ``action_id`` 255; blocks: ``block_id`` 255; surfaces/views: ``callback_id`` 255,
# ``private_metadata`` 3,000; plain_text_input ``max_length`` at most 3,000)
LIMITS = {"action_id": 255, "block_id": 255, "callback_id": 255, "private_metadata": 3_000}
# Ids and timestamps Slack sends (users, channels, teams, views, triggers, events, message ts):
# a dozen to a few dozen characters, and Slack documents no longer ones. 255 leaves room for
# ids to grow; a 100 KB user or channel id reached the handler whole, as the interaction's
# person and channel, and from there every line, audit row and store key that names them.
ID_LIMIT = 255
LIMITS |= dict.fromkeys(("id", "user", "channel", "team", "enterprise", "user_id",
                         "channel_id", "team_id", "enterprise_id", "item_user", "trigger_id",
                         "event_id", "ts", "message_ts"), ID_LIMIT)
VALUE_LIMIT, INPUT_LIMIT = 2_000, 3_000


class Malformed(ValueError):
    """An authentic payload that is not what Slack sends; the message names the field."""


_NAMES: dict[Any, str] = {str: "a string", dict: "an object", list: "a list",
                          (str, dict): "a string or an object"}


def _field(obj: Mapping[str, Any], where: str, key: str, kind: Any, *,
           required: bool = False) -> Any:
    """``obj[key]`` when it is of ``kind``; None when absent or null (unless ``required``)."""
    value = obj.get(key)
    if value is None:
        if required:
            raise Malformed(f"{where}{key} is missing")
        return None
    if not isinstance(value, kind):
        raise Malformed(f"{where}{key} is not {_NAMES[kind]}")
    if isinstance(value, str) and len(value) > LIMITS.get(key, len(value)):
        raise Malformed(f"{where}{key} is longer than {LIMITS[key]:,} characters")
    return value


def _longest(obj: Mapping[str, Any], where: str, key: str, limit: int) -> None:
    """``obj[key]``, a string or absent, holds at most ``limit`` characters."""
    value = _field(obj, where, key, str)
    if value is not None and len(value) > limit:
        raise Malformed(f"{where}{key} is longer than {limit:,} characters")


def _objects(obj: Mapping[str, Any], where: str, key: str, *, required: bool = False,
             non_empty: bool = False) -> list[dict[str, Any]]:
    items = _field(obj, where, key, list, required=required) or []
    if non_empty and not items:
        raise Malformed(f"{where}{key} is empty")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise Malformed(f"{where}{key}[{i}] is not an object")
    return items


def _ids(obj: Mapping[str, Any], where: str) -> None:
    """The fields bolt reads from a payload, its event and its first authorization while it
    builds the request's context (``slack_bolt.request.internals.build_context``): each a
    string id or an object with a string ``id``."""
    for key in ("user", "channel", "team", "enterprise"):
        value = _field(obj, where, key, (str, dict))
        if isinstance(value, dict):
            _field(value, f"{where}{key}.", "id", str)


def _common(payload: dict[str, Any]) -> None:
    _ids(payload, "")
    # an event's team, which bolt's authorization sends to auth.test as team_id: a 100 KB one
    # made a request no server takes (414), and bolt logged an ERROR with a traceback
    for key in ("team_id", "enterprise_id"):
        _field(payload, "", key, str)
    for i, auth in enumerate(_objects(payload, "", "authorizations")):
        _ids(auth, f"authorizations[{i}].")
    if "response_urls" in payload:  # bolt takes len() of it when the key is there
        _objects(payload, "", "response_urls", required=True)
    _field(payload, "", "response_url", str)
    for key in ("callback_id", "action_id"):  # bolt matches these against our patterns
        _field(payload, "", key, str)
    if "event" in payload:  # bolt reads body.get("event", {}).get("bot_id") on every request
        event = _field(payload, "", "event", dict, required=True)
        _ids(event, "event.")
        for key in ("item", "message", "previous_message", "assistant_thread"):
            inner = _field(event, "event.", key, dict)
            if inner is not None:
                _ids(inner, f"event.{key}.")
    view = _field(payload, "", "view", dict)
    if view is not None:
        _view(view, required=payload.get("type") == "view_submission")


def _user(payload: dict[str, Any]) -> None:
    user = _field(payload, "", "user", dict, required=True)
    _field(user, "user.", "id", str, required=True)


def _view(view: dict[str, Any], *, required: bool) -> None:
    _field(view, "view.", "callback_id", str, required=required)
    for key in ("id", "hash", "private_metadata"):
        _field(view, "view.", key, str)
    state = _field(view, "view.", "state", dict)
    values = _field(state, "view.state.", "values", dict) if state is not None else None
    for block in (values or {}).values():
        if not isinstance(block, dict):
            raise Malformed("view.state.values.<block> is not an object")
        for entry in block.values():
            if not isinstance(entry, dict):
                raise Malformed("view.state.values.<block>.<action> is not an object")
            where = "view.state.values.<block>.<action>."
            _field(entry, where, "type", str)
            _longest(entry, where, "value", INPUT_LIMIT)
            chosen = _field(entry, where, "selected_option", dict)
            if chosen is not None:
                _field(chosen, f"{where}selected_option.", "value", str)


def _block_actions(payload: dict[str, Any]) -> None:
    _user(payload)
    for i, action in enumerate(_objects(payload, "", "actions", required=True,
                                        non_empty=True)):
        where = f"actions[{i}]."
        _field(action, where, "action_id", str, required=True)
        for key in ("block_id", "value", "type"):
            _field(action, where, key, str)
        _longest(action, where, "value", VALUE_LIMIT)
    container = _field(payload, "", "container", dict)
    if container is not None:
        for key in ("channel_id", "message_ts"):
            _field(container, "container.", key, str)
    message = _field(payload, "", "message", dict)
    if message is not None:
        _field(message, "message.", "ts", str)
    _field(payload, "", "trigger_id", str)


def _view_submission(payload: dict[str, Any]) -> None:
    _user(payload)
    _field(payload, "", "view", dict, required=True)  # its fields: _common
    _field(payload, "", "trigger_id", str)


def _event_callback(payload: dict[str, Any]) -> None:
    event = _field(payload, "", "event", dict, required=True)
    kind = _field(event, "event.", "type", str, required=True)
    _field(payload, "", "event_id", str)
    if kind == "reaction_added":
        _field(event, "event.", "user", str, required=True)
        _field(event, "event.", "reaction", str, required=True)
        _field(event, "event.", "item_user", str)
        item = _field(event, "event.", "item", dict, required=True)
        if _field(item, "event.item.", "type", str, required=True) == "message":
            _field(item, "event.item.", "channel", str, required=True)
            _field(item, "event.item.", "ts", str, required=True)
    elif kind == "app_home_opened":
        _field(event, "event.", "user", str, required=True)
        for key in ("channel", "tab"):
            _field(event, "event.", key, str)


def _url_verification(payload: dict[str, Any]) -> None:
    _field(payload, "", "challenge", str, required=True)


def _command(payload: dict[str, Any]) -> None:
    for key in ("command", "user_id", "channel_id"):
        _field(payload, "", key, str, required=True)
    for key in ("text", "trigger_id", "response_url"):
        _field(payload, "", key, str)


_BY_TYPE = {
    "block_actions": _block_actions,
    "view_submission": _view_submission,
    "event_callback": _event_callback,
    "url_verification": _url_verification,
}


def check(payload: object, *, interactive: bool = False) -> None:
    """Raise ``Malformed`` unless ``payload`` is an object with the shape Slack documents for
    the fields bolt and our listeners read. ``interactive``: it came as ``payload=`` (an
    interaction, which always names its ``type``)."""
    if not isinstance(payload, dict):
        raise Malformed("the payload is not an object")
    try:
        kind = _field(payload, "", "type", str, required=interactive)
        _common(payload)
        if kind in _BY_TYPE:
            _BY_TYPE[kind](payload)
        elif kind is None and "command" in payload:
            _command(payload)
        elif kind is None and "ssl_check" not in payload:  # Slack's check of a command URL
            raise Malformed("neither an event, an interaction nor a slash command")
    except Malformed as exc:
        raise Malformed(f"{type_of(payload)}: {exc}") from None


def unlistened(payload: dict[str, Any]) -> str | None:
    """The payload's type when no listener takes it (a type Slack added since), else None."""
    kind = payload.get("type")
    return kind if isinstance(kind, str) and kind not in LISTENED else None


def type_of(payload: object) -> str:
    """The payload's type for a log line: one of ours, the event type under event_callback,
    a slash command, or "other" (never the sender's text)."""
    if not isinstance(payload, dict):
        return "other"
    kind = payload.get("type")
    if kind == "event_callback":
        event = payload.get("event")
        inner = event.get("type") if isinstance(event, dict) else None
        return f"event_callback/{inner}" if inner in ("reaction_added", "app_home_opened") \
            else "event_callback"
    if isinstance(kind, str) and kind in HANDLED:  # a list or object is unhashable
        return kind
    if kind is None and "command" in payload:
        return "slash command"
    return "other"
