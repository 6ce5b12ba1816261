"""Settings from the environment (and a ``.env`` file in the working directory)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _admins(value: str | None) -> frozenset[str]:
    """``NEWSBOT_ADMINS=slack:U123,discord:4567,console:alice`` → {"slack:U123", ...}."""
    if not value:
        return frozenset()
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    """A numeric setting; a value that is not a non-negative number is named in the error."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a number") from None
    if value < 0 or value != value:
        raise ValueError(f"{name}={raw!r} must be zero or more")
    return value


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite:///newsbot.db"
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    admins: frozenset[str] = field(default_factory=frozenset)
    console_user: str = "console"
    console_admin: bool = True
    console_autosubscribe: bool = True
    timezone: str = "UTC"
    delivery_interval: float = 2.0
    delivery_max_attempts: int = 8
    digest_misfire_grace: int = 6 * 3600
    discord_token: str | None = None
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    log_level: str = "WARNING"
    # Delivery you can trust (see README "Running N processes").
    delivery_workers: int = 8
    report_channels: str = ""  # platform:workspace/channel,… — where permanent failures go
    webhook_url: str | None = None
    webhook_token: str | None = None
    webhook_timeout: float = 10.0
    ops_host: str = "127.0.0.1"
    ops_port: int | None = None  # /healthz and /metrics; off unless set
    log_format: str = "text"  # text | json
    leader_retry: float = 2.0
    schedule_sync_interval: float = 15.0
    delivery_processes: int = 1  # processes sharing the platforms' global rate limits

    @classmethod
    def from_env(cls, database_url: str | None = None, *, dotenv: bool = True) -> Settings:
        if dotenv:
            load_dotenv(Path.cwd() / ".env", override=False)
        env = os.environ
        return cls(
            database_url=database_url or env.get("DATABASE_URL") or cls.database_url,
            seeds_dir=Path(env.get("NEWSBOT_SEEDS_DIR") or cls.seeds_dir),
            admins=_admins(env.get("NEWSBOT_ADMINS")),
            console_user=env.get("NEWSBOT_CONSOLE_USER") or cls.console_user,
            console_admin=_flag(env.get("NEWSBOT_CONSOLE_ADMIN"), True),
            console_autosubscribe=_flag(env.get("NEWSBOT_CONSOLE_AUTOSUBSCRIBE"), True),
            timezone=env.get("NEWSBOT_TIMEZONE") or cls.timezone,
            delivery_interval=float(env.get("NEWSBOT_DELIVERY_INTERVAL") or cls.delivery_interval),
            delivery_max_attempts=int(
                env.get("NEWSBOT_DELIVERY_MAX_ATTEMPTS") or cls.delivery_max_attempts
            ),
            digest_misfire_grace=int(
                env.get("NEWSBOT_DIGEST_MISFIRE_GRACE") or cls.digest_misfire_grace
            ),
            discord_token=env.get("DISCORD_TOKEN") or None,
            slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
            slack_app_token=env.get("SLACK_APP_TOKEN") or None,
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
            log_level=env.get("NEWSBOT_LOG_LEVEL") or cls.log_level,
            delivery_workers=int(_number(env, "NEWSBOT_DELIVERY_WORKERS", cls.delivery_workers)),
            report_channels=env.get("NEWSBOT_REPORT_CHANNELS") or "",
            webhook_url=env.get("NEWSBOT_WEBHOOK_URL") or None,
            webhook_token=env.get("NEWSBOT_WEBHOOK_TOKEN") or None,
            webhook_timeout=_number(env, "NEWSBOT_WEBHOOK_TIMEOUT", cls.webhook_timeout),
            ops_host=env.get("NEWSBOT_OPS_HOST") or cls.ops_host,
            ops_port=int(_number(env, "NEWSBOT_OPS_PORT", -1))
            if env.get("NEWSBOT_OPS_PORT")
            else None,
            log_format=(env.get("NEWSBOT_LOG_FORMAT") or cls.log_format).strip().lower(),
            leader_retry=_number(env, "NEWSBOT_LEADER_RETRY", cls.leader_retry),
            schedule_sync_interval=_number(
                env, "NEWSBOT_SCHEDULE_SYNC_INTERVAL", cls.schedule_sync_interval
            ),
            delivery_processes=int(
                _number(env, "NEWSBOT_DELIVERY_PROCESSES", cls.delivery_processes)
            ),
        )

    def is_admin(self, platform: str, user: str) -> bool:
        if f"{platform}:{user}" in self.admins or f"{platform}:*" in self.admins:
            return True
        return platform == "console" and self.console_admin and user == self.console_user
