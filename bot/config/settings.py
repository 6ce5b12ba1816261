"""Settings from the environment (and a ``.env`` file in the working directory)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _admins(value: str | None) -> frozenset[str]:
    """``NEWSBOT_ADMINS=slack:U123,discord:4567,console:alice`` → {"slack:U123", ...}."""
    if not value:
        return frozenset()
    return frozenset(part.strip() for part in value.split(",") if part.strip())


def _shard_count(value: str | None) -> int | None:
    """``DISCORD_SHARD_COUNT``: unset → no sharding, ``auto`` → 0 (Discord decides), N → N."""
    if not value or not value.strip():
        return None
    if value.strip().lower() == "auto":
        return 0
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(
            f"DISCORD_SHARD_COUNT must be a whole number of shards or auto, not {value!r}"
        )
    return int(value)


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
    console_history: str = "~/.newsbot_history"  # the console's line history; "" keeps none
    timezone: str = "UTC"
    delivery_interval: float = 2.0
    delivery_max_attempts: int = 8
    digest_misfire_grace: int = 6 * 3600
    discord_token: str | None = None
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    log_level: str = "WARNING"
    # Discord: where the client talks to (an HTTP or gateway proxy, or a local fake in
    # tests), how it shards, and who else counts as an admin there.
    discord_api_url: str | None = None
    discord_gateway_url: str | None = None
    discord_shard_count: int | None = None
    discord_application_id: str | None = None
    discord_admin_roles: frozenset[str] = field(default_factory=frozenset)
    # Slack (see .env.example): HTTP mode + OAuth for many workspaces, Socket Mode for one.
    slack_api_url: str | None = None
    slack_http_host: str = "0.0.0.0"
    slack_http_port: int = 3000
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_scopes: str = "app_mentions:read,chat:write,commands,im:history,users:read"
    slack_redirect_uri: str | None = None
    slack_workspace_admins: bool = False

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or self.slack_app_token or self.slack_client_id)

    # Following the story (ingest): see .env.example.
    ingest_apply_threshold: float = 0.8
    fetch_allow_private: bool = False
    fetch_schemes: frozenset[str] = frozenset({"http", "https"})
    fetch_max_bytes: int = 5_000_000
    fetch_timeout: float = 20.0
    feed_interval_minutes: int = 30
    near_duplicate_threshold: float = 0.5
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
            console_history=env.get("NEWSBOT_CONSOLE_HISTORY", cls.console_history),
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
            discord_api_url=env.get("DISCORD_API_URL") or None,
            discord_gateway_url=env.get("DISCORD_GATEWAY_URL") or None,
            discord_shard_count=_shard_count(env.get("DISCORD_SHARD_COUNT")),
            discord_application_id=env.get("DISCORD_APPLICATION_ID") or None,
            discord_admin_roles=_admins(env.get("DISCORD_ADMIN_ROLES")),
            slack_api_url=env.get("SLACK_API_URL") or None,
            slack_http_host=env.get("SLACK_HTTP_HOST") or cls.slack_http_host,
            slack_http_port=int(env.get("SLACK_HTTP_PORT") or cls.slack_http_port),
            slack_client_id=env.get("SLACK_CLIENT_ID") or None,
            slack_client_secret=env.get("SLACK_CLIENT_SECRET") or None,
            slack_scopes=env.get("SLACK_SCOPES") or cls.slack_scopes,
            slack_redirect_uri=env.get("SLACK_REDIRECT_URI") or None,
            slack_workspace_admins=_flag(env.get("SLACK_WORKSPACE_ADMINS"), False),
            ingest_apply_threshold=float(
                env.get("NEWSBOT_INGEST_APPLY_THRESHOLD") or cls.ingest_apply_threshold
            ),
            fetch_allow_private=_flag(env.get("NEWSBOT_FETCH_ALLOW_PRIVATE"), False),
            fetch_schemes=frozenset(
                s.strip().lower()
                for s in (env.get("NEWSBOT_FETCH_SCHEMES") or "http,https").split(",")
                if s.strip()
            ),
            fetch_max_bytes=int(env.get("NEWSBOT_FETCH_MAX_BYTES") or cls.fetch_max_bytes),
            fetch_timeout=float(env.get("NEWSBOT_FETCH_TIMEOUT") or cls.fetch_timeout),
            feed_interval_minutes=int(
                env.get("NEWSBOT_FEED_INTERVAL_MINUTES") or cls.feed_interval_minutes
            ),
            near_duplicate_threshold=float(
                env.get("NEWSBOT_NEAR_DUPLICATE_THRESHOLD") or cls.near_duplicate_threshold
            ),
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
