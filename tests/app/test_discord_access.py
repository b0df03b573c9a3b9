"""What the bot may do in a Discord channel, as Discord works it out (topics/permissions:
the server owner and an administrator have every permission; then @everyone, the member's
roles together, the member itself), for `socialops check --online`."""

from __future__ import annotations

from bot.app.discord_access import NEEDED, lacking, permissions

GUILD, BOT, ROLE, OTHER = "100000000000000001", "100000000000000002", "100000000000000003", "9"
SEND, EMBED = 1 << 11, 1 << 14
ALL_NEEDED = sum(bit for _, bit in NEEDED)


def guild(role_bits: int, *, owner: str = OTHER) -> dict[str, object]:
    return {"id": GUILD, "owner_id": owner, "roles": [
        {"id": GUILD, "permissions": "1024"}, {"id": ROLE, "permissions": str(role_bits)}]}


def channel(*overwrites: tuple[str, int, int]) -> dict[str, object]:
    return {"id": "5", "permission_overwrites": [
        {"id": who, "allow": str(allow), "deny": str(deny)} for who, allow, deny in overwrites]}


def test_the_owner_and_an_administrator_lack_nothing() -> None:
    denied = channel((GUILD, 0, ALL_NEEDED), (ROLE, 0, ALL_NEEDED), (BOT, 0, ALL_NEEDED))
    assert lacking(permissions(channel=denied, guild=guild(0, owner=BOT), member_roles=[ROLE],
                               user_id=BOT)) == []
    assert lacking(permissions(channel=denied, guild=guild(1 << 3), member_roles=[ROLE],
                               user_id=BOT)) == []


def test_overwrites_apply_everyone_then_roles_then_the_member() -> None:
    def missing(*overwrites: tuple[str, int, int]) -> list[str]:
        return lacking(permissions(channel=channel(*overwrites), guild=guild(ALL_NEEDED),
                                   member_roles=[ROLE], user_id=BOT))

    assert missing() == []
    # @everyone's overwrite takes it from every role's server-wide permissions too, and a
    # role's overwrite gives it back
    assert missing((GUILD, 0, SEND)) == ["Send Messages"]
    assert missing((GUILD, 0, SEND), (ROLE, SEND, 0)) == []
    assert missing((ROLE, 0, SEND)) == ["Send Messages"]
    assert missing((GUILD, SEND, 0), (ROLE, 0, SEND)) == ["Send Messages"]  # roles last
    assert missing((ROLE, 0, SEND | EMBED), (BOT, SEND, 0)) == ["Embed Links"]
    # a role of someone else's, or a malformed bit set, changes nothing
    assert missing(("100000000000000004", 0, SEND)) == []
    assert lacking(permissions(channel=channel(), guild={"id": GUILD, "roles": [
        {"id": GUILD, "permissions": "lots"}]}, member_roles=[], user_id=BOT)) == [
        "View Channel"]  # nothing, so not even that


VIEW, IN_THREADS, THREADS = 1 << 10, 1 << 38, 1 << 35


def test_without_view_channel_only_view_channel_is_named() -> None:
    """Discord: a member without View Channel implicitly lacks every other permission there,
    so the one to give is View Channel, not the ones it would then have."""
    hidden = channel((GUILD, 0, VIEW))
    assert lacking(permissions(channel=hidden, guild=guild(ALL_NEEDED), member_roles=[ROLE],
                               user_id=BOT)) == ["View Channel"]
    # given back to the bot's role, the channel's other overwrites still count
    assert lacking(permissions(channel=channel((GUILD, 0, VIEW | SEND), (ROLE, VIEW, 0)),
                               guild=guild(ALL_NEEDED), member_roles=[ROLE],
                               user_id=BOT)) == ["Send Messages"]


def test_a_thread_needs_what_a_card_posted_there_needs() -> None:
    """A thread has its parent channel's permissions (the caller passes the parent); a card
    there needs Send Messages in Threads, not Send Messages nor Create Public Threads (its
    notes are replies beside it, which need Read Message History)."""
    parent = channel((ROLE, 0, SEND | THREADS))
    perms = permissions(channel=parent, guild=guild(ALL_NEEDED), member_roles=[ROLE],
                        user_id=BOT)
    assert lacking(perms, thread=True) == []
    assert lacking(perms) == ["Send Messages", "Create Public Threads"]
    denied = permissions(channel=channel((ROLE, 0, IN_THREADS)), guild=guild(ALL_NEEDED),
                         member_roles=[ROLE], user_id=BOT)
    assert lacking(denied, thread=True) == ["Send Messages in Threads"]


def test_a_categorys_overwrites_count_only_as_the_channel_copies_them() -> None:
    """A channel not synced with its category keeps its own overwrites: the category's deny
    (not in the channel object) takes nothing away. Guard: nothing is read from parent_id."""
    unsynced = {**channel(), "parent_id": "100000000000000009"}
    assert lacking(permissions(channel=unsynced, guild=guild(ALL_NEEDED), member_roles=[ROLE],
                               user_id=BOT)) == []
    # an administrator role with everything denied to it and @everyone has all
    everything_denied = channel((GUILD, 0, ALL_NEEDED | VIEW), (ROLE, 0, ALL_NEEDED | VIEW))
    assert lacking(permissions(channel=everything_denied, guild=guild(1 << 3),
                               member_roles=[ROLE], user_id=BOT)) == []
