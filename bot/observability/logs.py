"""Logging: plain lines or JSON lines, never a token or a password.

``SecretFilter`` sits on the handler, so it sees every record (ours and the libraries')
after its message is formatted. It blanks the secrets this process knows (the settings'
tokens, the webhook token, the database password) and anything shaped like a platform
token or a credential, wherever it appears: message, arguments or traceback.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.config.settings import Settings

REDACTED = "[redacted]"

# Values that look like credentials, wherever they stand, whether or not this process
# was told them (a legacy verification token in a request body Bolt logs, a token in an
# OAuth response, a password in a URL); each with what replaces it.
_PATTERNS = [
    (re.compile(r"\bxox[abeposr]-[A-Za-z0-9-]+"), REDACTED),  # Slack bot/user/refresh tokens
    (re.compile(r"\bxapp-[A-Za-z0-9-]+"), REDACTED),  # Slack app-level tokens
    (
        re.compile(r"\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,}"),
        REDACTED,
    ),  # Discord bot tokens
    (re.compile(r"(?i)(?<=\bbearer )[A-Za-z0-9._~+/=-]{4,}"), REDACTED),
    (re.compile(r"(?i)(?<=\bbasic )[A-Za-z0-9+/=]{8,}"), REDACTED),  # client_id:client_secret
    (re.compile(r"(?i)(?<=\bbot )[A-Za-z0-9._-]{40,}"), REDACTED),  # "Authorization: Bot …"
    (re.compile(r"(?<=://)([^:/@\s]+):[^@/\s]+(?=@)"), rf"\1:{REDACTED}"),  # user:password@
    # key=value, "key": "value" and 'key': 'value' for any key naming a credential
    # (token, access_token, client_secret, signing_secret, password, api_key …).
    (
        re.compile(
            r"""(?ix)
            ( \b[\w-]*(?:token|secret|password|passwd|api[_-]?key)["']? \s* [=:] \s* ["']? )
            (?! \[redacted\] | none\b | null\b | bot\b | user\b | ["'] )
            [^"'&\s,;)}\]]+
            """
        ),
        rf"\1{REDACTED}",
    ),
]


class SecretFilter(logging.Filter):
    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        # Longest first, so a secret containing another is blanked whole.
        self.secrets = sorted(
            {s for s in secrets or [] if s and len(s) >= 4}, key=len, reverse=True
        )

    def scrub(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: log it as it came
            message = str(record.msg)
        record.msg = self.scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        record.exc_info = None  # the scrubbed text above is what gets printed
        return True


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
            "thread": record.threadName,
        }
        if record.exc_text:
            out["exception"] = record.exc_text
        return json.dumps(out, ensure_ascii=False)


def known_secrets(settings: Settings) -> list[str]:
    """The values to blank: every setting marked secret (``Settings.secrets``)."""
    return settings.secrets()


def configure_logging(settings: Settings, stream: Any = None) -> logging.Handler:
    """Replaces the root logger's handlers with one that filters secrets."""
    handler = logging.StreamHandler(stream or sys.stderr)
    if settings.log_format == "json":
        handler.setFormatter(JSONFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter(known_secrets(settings)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(getattr(logging, settings.log_level.upper(), logging.WARNING))
    return handler
