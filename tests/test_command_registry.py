"""A command is declared once (``bot.commands.command.Command`` beside its handler) and
every way in reads that declaration: help, the dispatcher, the command line, Slack's
private replies, the button allow-list and the Discord slash commands. These tests fail
when a command exists in one of those places and not in the others."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import pkgutil

import discord
import pytest
from discord import app_commands
from discord.ext import commands

import bot.commands as commands_package
from bot.cli.main import CLI_ONLY, build_parser
from bot.commands import buttons
from bot.commands.command import CHAT_ONLY, Command, Slash
from bot.commands.table import ALIASES, COMMANDS, lookup, slash_commands
from bot.ingest.proposals import decision_buttons
from bot.platforms.discord.cog import NewsbotCog
from bot.platforms.slack.app import PRIVATE_COMMANDS


def _declared_anywhere() -> list[Command]:
    """Every Command object at the top of a module of ``bot.commands``."""
    found = []
    for info in pkgutil.iter_modules(commands_package.__path__):
        module = importlib.import_module(f"bot.commands.{info.name}")
        found.extend(v for v in vars(module).values() if isinstance(v, Command))
    return found


def test_every_declared_command_is_in_the_table():
    missing = {c.name for c in _declared_anywhere()} - set(COMMANDS)
    assert missing == set()
    for declared in _declared_anywhere():
        assert COMMANDS[declared.name] is declared


def test_every_name_and_alias_reaches_its_command_and_no_word_means_two():
    words = [n for c in COMMANDS.values() for n in c.names]
    assert len(words) == len(set(words))
    for command in COMMANDS.values():
        for word in command.names:
            assert lookup(word) is command
            assert lookup(word.upper()) is command
    assert set(ALIASES) == {a for c in COMMANDS.values() for a in c.aliases}


def test_typed_commands_are_routed_to_their_declared_handler(chat):
    # "help NAME" shows each command's own usage: the help reads the declaration.
    for command in COMMANDS.values():
        reply = chat.say(f"help {command.name}")
        assert reply.startswith(f"help {command.name}")
        assert f"Usage: {command.usage}" in reply


async def _tree(bot) -> dict[str, app_commands.Command | app_commands.Group]:
    client = commands.Bot(command_prefix=[], intents=discord.Intents.none())
    await client.add_cog(NewsbotCog(bot, client))
    return {c.name: c for c in client.tree.get_commands()}


def test_every_command_is_a_slash_command_or_declared_chat_only(bot):
    tree = asyncio.run(_tree(bot))
    assert all(isinstance(c.discord, Slash) or c.discord is CHAT_ONLY for c in COMMANDS.values())
    assert set(tree) == set(slash_commands())
    for name, offered in tree.items():
        declared = slash_commands()[name]
        assert isinstance(declared.discord, Slash)
        descriptions = {declared.name: declared.discord.description, **dict(declared.discord.also)}
        assert offered.description == descriptions[name]
        # Admins' commands are hidden from members by default (the core checks again).
        hidden = (
            offered.default_permissions is not None and offered.default_permissions.manage_guild
        )
        assert hidden == declared.admin, name


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _help_lines(parser: argparse.ArgumentParser) -> dict[str, str]:
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return {a.dest: a.help for a in action._choices_actions}


def test_every_cli_subcommand_of_a_chat_command_comes_from_its_declaration():
    parser = build_parser()
    subs = _subparsers(parser)
    lines = _help_lines(parser)
    declared = {c.name: c for c in COMMANDS.values() if c.cli is not None}
    assert set(subs) == set(declared) | set(CLI_ONLY)
    for name, command in declared.items():
        assert command.cli is not None
        assert lines[name] == command.cli.help
        takes_remainder = any(a.nargs == argparse.REMAINDER for a in subs[name]._actions)
        assert takes_remainder == command.cli.passthrough, name


@pytest.mark.parametrize("name", ["subscribe", "schedule"])
def test_a_command_declared_for_one_channel_needs_channel_on_the_command_line(name, bot, capsys):
    from bot.cli.main import main

    assert main(["--db", bot.settings.database_url, name]) == 2
    assert "--channel" in capsys.readouterr().err


def test_slack_private_replies_are_the_commands_declared_private():
    assert {n for c in COMMANDS.values() if c.private for n in c.names} == PRIVATE_COMMANDS
    assert {"help", "audit", "subscriptions"} <= PRIVATE_COMMANDS


def test_buttons_run_exactly_the_commands_declared_for_buttons():
    for command in COMMANDS.values():
        assert buttons.allowed(f"{command.name} 12") == bool(command.button), command.name
        for alias in command.aliases:
            assert not buttons.allowed(f"{alias} 12")
    # The buttons the core puts under a proposal are all runnable.
    for button in decision_buttons(7).buttons:
        assert buttons.allowed(button.command)
    assert not buttons.allowed("approve all")
    assert not buttons.allowed("track update eumam-revision status=agreed")
