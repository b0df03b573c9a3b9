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
        name for name, _ in NEEDED]
