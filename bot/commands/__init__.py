"""Chat commands: parse a request, check rights, call the core, return documents.

``dispatch`` is the way in; ``COMMANDS`` is the table of what can be typed, each
command declared once next to its handler (see ``command.Command``). One module
per command or family (``items``: track, ``stances``, ``schedules``, ``subscriptions``,
``articles``, ``audit_log``, ``answers``: ask and digest, ``help``), over the grammar in
``parsing`` and the crontab handling in ``cron``.
"""

from bot.commands.articles import ARTICLE_USAGE
from bot.commands.command import CHAT_ONLY, Cli, Command, Outcome, Reply, Slash, author
from bot.commands.cron import MAX_CRON_CHARS, check_schedule, cron_for, time_zone
from bot.commands.dispatch import MAX_REQUEST_CHARS, dispatch
from bot.commands.items import TRACK_USAGE
from bot.commands.parsing import UsageError, clean_request_text, parse
from bot.commands.schedules import SCHEDULE_USAGE
from bot.commands.stances import STANCE_USAGE, STANCE_WORDS
from bot.commands.table import ALIASES, COMMANDS, lookup

__all__ = [
    "ALIASES",
    "ARTICLE_USAGE",
    "CHAT_ONLY",
    "COMMANDS",
    "MAX_CRON_CHARS",
    "MAX_REQUEST_CHARS",
    "SCHEDULE_USAGE",
    "STANCE_USAGE",
    "STANCE_WORDS",
    "TRACK_USAGE",
    "Cli",
    "Command",
    "Outcome",
    "Reply",
    "Slash",
    "UsageError",
    "author",
    "check_schedule",
    "clean_request_text",
    "cron_for",
    "dispatch",
    "lookup",
    "parse",
    "time_zone",
]
