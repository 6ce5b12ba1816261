"""Slash commands generated from their declarations (``Slash(options=…, subcommands=…)``
beside the command's handler): each option a real typed option of the app command, and
the values typed joined into the command's text as the declaration says, then handed to
the core like any other request. A command declared so needs no code here.

Discord wants a callback whose signature lists the options; it is built from the
declaration (``inspect.Signature``), and named as a method of the cog that carries it
so that discord.py binds it to the cog.
"""

from __future__ import annotations

import inspect
import shlex
from collections.abc import Callable, Coroutine
from typing import Any, Optional, Protocol, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.commands.command import Command, Slash, SlashOption
from bot.commands.table import COMMANDS

HOLDER = "DeclaredCommands"  # the cog class the generated commands belong to


class Relaying(Protocol):
    """What a generated callback needs of its cog."""

    async def relay(
        self, interaction: discord.Interaction, text: str, *, slow: bool = False
    ) -> None: ...

    async def story_choices(self, current: str) -> list[app_commands.Choice[str]]: ...


def command_text(head: str, options: tuple[SlashOption, ...], values: dict[str, Any]) -> str:
    """``head`` and the typed values, in the declared order, as the command reads them."""
    parts = [head]
    for option in options:
        value = values.get(option.name)
        if value is None or str(value).strip() == "":
            continue
        text = str(value).strip()
        parts.append(f"{option.prefix}{shlex.quote(text) if option.quote else text}")
    return " ".join(parts)


def _callback(
    attr: str, head: str, options: tuple[SlashOption, ...], slow: bool
) -> Callable[..., Coroutine[Any, Any, None]]:
    async def callback(cog: Relaying, interaction: discord.Interaction, **values: Any) -> None:
        await cog.relay(interaction, command_text(head, options, values), slow=slow)

    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = [
        inspect.Parameter("self", kind),
        inspect.Parameter("interaction", kind, annotation=discord.Interaction),
    ]
    # Discord lists the required options first; a signature wants them first as well.
    for option in sorted(options, key=lambda o: not o.required):
        text: Any = app_commands.Range[str, 1, option.max_length] if option.max_length else str
        params.append(
            inspect.Parameter(
                option.name,
                kind,
                annotation=text if option.required else Optional[text],  # noqa: UP045
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__name__ = attr
    callback.__qualname__ = f"{HOLDER}.{attr}"
    if options:
        app_commands.describe(**{o.name: o.description for o in options})(callback)
    return callback


def _with_choices(
    command: app_commands.Command[Any, ..., Any], options: tuple[SlashOption, ...]
) -> None:
    async def stories(
        cog: Relaying, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await cog.story_choices(current)

    stories.__qualname__ = f"{HOLDER}.story_choices_for_{command.name}"
    for option in options:
        if option.stories:
            command.autocomplete(option.name)(stories)


def _leaf(
    name: str, description: str, head: str, options: tuple[SlashOption, ...], attr: str
) -> app_commands.Command[Any, ..., Any]:
    # Starting a story reads its article: always deferred ("thinking…"), never hurried.
    slow = head.startswith("story new")
    command: app_commands.Command[Any, ..., Any] = app_commands.Command(
        name=name, description=description, callback=_callback(attr, head, options, slow)
    )
    _with_choices(command, options)
    return command


def _hinted(command: Command, target: Any) -> Any:
    """Admins' commands are hidden from members by default; only a hint (an admin can
    change it in the server's settings), so the core checks rights again."""
    if command.admin:
        return app_commands.default_permissions(manage_guild=True)(target)
    return target


def generated(command: Command) -> dict[str, Any]:
    """The app commands (or groups) generated for one declared command, by attribute."""
    spec = command.discord
    if not isinstance(spec, Slash) or not spec.generated:
        return {}
    out: dict[str, Any] = {}
    if spec.subcommands:
        group = app_commands.Group(name=command.name, description=spec.description)
        for sub in spec.subcommands:
            attr = f"{command.name}_{sub.name}"
            group.add_command(
                _leaf(sub.name, sub.description, f"{command.name} {sub.name}", sub.options, attr)
            )
        out[command.name] = _hinted(command, group)
    else:
        out[command.name] = _hinted(
            command,
            _leaf(command.name, spec.description, command.name, spec.options, command.name),
        )
    for alias, description in spec.also:
        out[alias] = _hinted(command, _leaf(alias, description, alias, (), alias))
    return out


def declared_commands() -> type[commands.Cog]:
    """A cog class holding every generated slash command; the newsbot cog inherits it."""
    attrs: dict[str, Any] = {"__module__": __name__, "__qualname__": HOLDER}
    for command in COMMANDS.values():
        attrs.update(generated(command))
    return cast(type[commands.Cog], commands.CogMeta(HOLDER, (commands.Cog,), attrs))
