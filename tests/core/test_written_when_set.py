"""Fields a record writes only when set (``bot.core.models.unset``): left out of its JSON and of
``model_dump`` at their default, written when set, and read back the same either way."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.cards import Card, CardField
from bot.core.models import Author, Mention

AT = datetime(2026, 12, 7, tzinfo=UTC)
REVISION = ("revision", "revised_at", "edits", "removed_by")


def post(**fields: object) -> Mention:
    return Mention(id="mastodon:1", network="mastodon", source="feed", text="acme is down",
                   author=Author(id="u1", handle="u1@mastodon.example"), created_at=AT,
                   **fields)  # type: ignore[arg-type]


def test_a_posts_revision_fields_are_left_out_at_their_defaults() -> None:
    plain = post(edits=0, revision=None)
    for dumped in (plain.model_dump(), plain.model_dump(mode="json")):
        assert not set(REVISION) & dumped.keys()
    assert not any(f'"{name}"' in plain.model_dump_json() for name in REVISION)
    assert Mention.model_validate_json(plain.model_dump_json()) == plain


def test_a_posts_revision_fields_are_written_when_set() -> None:
    edited = post(revision="edit", revised_at=AT, edits=2)
    removed = post(revision="delete", revised_at=AT, removed_by="moderator")
    assert {"revision", "revised_at", "edits"} <= edited.model_dump().keys()
    assert "removed_by" not in edited.model_dump()
    assert {"revision", "revised_at", "removed_by"} <= removed.model_dump().keys()
    assert "edits" not in removed.model_dump()
    for m in (edited, removed):
        assert Mention.model_validate_json(m.model_dump_json()) == m


def test_a_card_fields_names_are_written_only_when_set() -> None:
    card = Card(kind="alert", key="k", title="t",
                fields=(CardField(name="Matched", value="acme"),
                        CardField(name="People", value="@a", names=("a",))))
    plain, named = card.model_dump(mode="json")["fields"]
    assert plain == {"name": "Matched", "value": "acme"}
    assert named == {"name": "People", "value": "@a", "names": ["a"]}
    assert Card.model_validate_json(card.model_dump_json()) == card
