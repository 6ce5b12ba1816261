"""Who is an admin on Discord, decided by the bot itself.

``default_permissions`` on a command is only a hint a server admin can change, so the
bot checks again on every request: Manage Server (or Administrator) in the guild, a user
listed in ``NEWSBOT_ADMINS`` as ``discord:USER_ID``, or a role in ``DISCORD_ADMIN_ROLES``.
"""

from __future__ import annotations

import discord

from bot.config.settings import Settings


def is_admin(
    settings: Settings,
    user: discord.abc.User,
    permissions: discord.Permissions | None,
) -> bool:
    if settings.is_admin("discord", str(user.id)):
        return True
    admin_roles = settings.discord_admin_roles
    # Only with admin roles configured: a member's roles are looked up in the guild's
    # cache and sorted on each access, work wasted on every request otherwise.
    if admin_roles:
        roles = getattr(user, "roles", None) or []  # None for a guild not cached yet
        if any(str(role.id) in admin_roles for role in roles):
            return True
    return permissions is not None and (permissions.manage_guild or permissions.administrator)


def interaction_is_admin(settings: Settings, interaction: discord.Interaction) -> bool:
    # Outside a guild (a DM) there is no Manage Server to have: only listed users count.
    permissions = interaction.permissions if interaction.guild_id else None
    return is_admin(settings, interaction.user, permissions)


def message_is_admin(settings: Settings, message: discord.Message) -> bool:
    author = message.author
    # A guild not in the cache yet (its GUILD_CREATE still to come) has no owner, roles or
    # channel overwrites to work permissions out from: until it arrives, only the users
    # listed in NEWSBOT_ADMINS count, and the member's changes are refused politely.
    permissions = None
    if isinstance(author, discord.Member) and getattr(author, "guild", None) is not None:
        permissions = author.guild_permissions
    return is_admin(settings, author, permissions)
