"""Settings from the environment (and a ``.env`` file in the working directory).

Each setting is declared once, below: its default, the variable that sets it, how that
variable is read, and whether it is a secret. ``Settings.from_env`` reads every variable
and collects every malformed one, each naming itself and the form it expects
(``NEWSBOT_DELIVERY_WORKERS must be a whole number, got 'abc'``), so an operator fixes
them all in one go. The log filter takes its list of values to hide from the fields
marked secret (``Settings.secrets``).

A frozen dataclass rather than a validation library's model: tests and the command line
derive variants with ``dataclasses.replace``, and the readers here are a few lines each.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from bot.config import readers
from bot.config.readers import Reader

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATABASE = "sqlite:///newsbot.db"


class SettingsError(ValueError):
    """One or more malformed settings; ``problems`` has one sentence per variable."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def setting(
    default: Any = None,
    env: str = "",
    read: Reader = readers.text,
    *,
    secret: bool = False,
    factory: Callable[[], Any] | None = None,
) -> Any:
    """A field read from the environment variable ``env`` with ``read``."""
    metadata = {"env": env, "read": read, "secret": secret}
    if factory is not None:
        return field(default_factory=factory, metadata=metadata)
    return field(default=default, metadata=metadata)


def database_url(value: str) -> str:
    """A SQLAlchemy URL as given; a plain path (``x.db``, ``/srv/x.db``) is that SQLite file."""
    value = value.strip()
    if not value or readers.is_url(value):
        return value or DEFAULT_DATABASE
    return f"sqlite:///{Path(value).expanduser()}"


def _shown(raw: str) -> str:
    """A value as an error may repeat it: a password inside a URL blanked."""
    return re.sub(r"(?<=://)([^:/@\s]+):[^@/\s]+(?=@)", r"\1:***", raw)


@dataclass(frozen=True)
class Settings:
    database_url: str = setting(DEFAULT_DATABASE, "DATABASE_URL", readers.database)
    # ``setting`` returns a dataclasses.field (ruff cannot see that for a Path field).
    seeds_dir: Path = setting(  # noqa: RUF009
        env="NEWSBOT_SEEDS_DIR", read=readers.path, factory=lambda: PROJECT_ROOT / "seeds"
    )
    admins: frozenset[str] = setting(env="NEWSBOT_ADMINS", read=readers.admins, factory=frozenset)
    console_user: str = setting("console", "NEWSBOT_CONSOLE_USER")
    console_admin: bool = setting(True, "NEWSBOT_CONSOLE_ADMIN", readers.flag)
    console_autosubscribe: bool = setting(True, "NEWSBOT_CONSOLE_AUTOSUBSCRIBE", readers.flag)
    # The console's line history, kept between runs; "off" keeps none.
    console_history: str = setting("~/.newsbot_history", "NEWSBOT_CONSOLE_HISTORY")
    timezone: str = setting("UTC", "NEWSBOT_TIMEZONE", readers.timezone)
    delivery_interval: float = setting(2.0, "NEWSBOT_DELIVERY_INTERVAL", readers.seconds)
    delivery_max_attempts: int = setting(8, "NEWSBOT_DELIVERY_MAX_ATTEMPTS", readers.whole(1))
    digest_misfire_grace: int = setting(6 * 3600, "NEWSBOT_DIGEST_MISFIRE_GRACE", readers.whole(0))
    discord_token: str | None = setting(None, "DISCORD_TOKEN", readers.optional, secret=True)
    slack_bot_token: str | None = setting(None, "SLACK_BOT_TOKEN", readers.optional, secret=True)
    slack_app_token: str | None = setting(None, "SLACK_APP_TOKEN", readers.optional, secret=True)
    slack_signing_secret: str | None = setting(
        None, "SLACK_SIGNING_SECRET", readers.optional, secret=True
    )
    log_level: str = setting("WARNING", "NEWSBOT_LOG_LEVEL", readers.log_level)
    # Discord: where the client talks to (an HTTP or gateway proxy, or a local fake in
    # tests), how it shards, and who else counts as an admin there.
    discord_api_url: str | None = setting(None, "DISCORD_API_URL", readers.http_url)
    discord_gateway_url: str | None = setting(None, "DISCORD_GATEWAY_URL", readers.ws_url)
    discord_shard_count: int | None = setting(None, "DISCORD_SHARD_COUNT", readers.shard_count)
    discord_application_id: str | None = setting(None, "DISCORD_APPLICATION_ID", readers.snowflake)
    discord_admin_roles: frozenset[str] = setting(
        env="DISCORD_ADMIN_ROLES", read=readers.role_ids, factory=frozenset
    )
    # Slack (see .env.example): HTTP mode + OAuth for many workspaces, Socket Mode for one.
    slack_api_url: str | None = setting(None, "SLACK_API_URL", readers.http_url)
    slack_http_host: str = setting("0.0.0.0", "SLACK_HTTP_HOST")
    slack_http_port: int = setting(3000, "SLACK_HTTP_PORT", readers.port)
    slack_client_id: str | None = setting(None, "SLACK_CLIENT_ID", readers.optional)
    slack_client_secret: str | None = setting(
        None, "SLACK_CLIENT_SECRET", readers.optional, secret=True
    )
    slack_scopes: str = setting(
        "app_mentions:read,channels:read,chat:write,commands,files:write,groups:read,"
        "im:history,users:read",
        "SLACK_SCOPES",
    )
    slack_redirect_uri: str | None = setting(None, "SLACK_REDIRECT_URI", readers.http_url)
    slack_workspace_admins: bool = setting(False, "SLACK_WORKSPACE_ADMINS", readers.flag)

    @property
    def slack_enabled(self) -> bool:
        return bool(self.slack_bot_token or self.slack_app_token or self.slack_client_id)

    # Following the story (ingest): see .env.example.
    ingest_apply_threshold: float = setting(0.8, "NEWSBOT_INGEST_APPLY_THRESHOLD", readers.fraction)
    fetch_allow_private: bool = setting(False, "NEWSBOT_FETCH_ALLOW_PRIVATE", readers.flag)
    fetch_schemes: frozenset[str] = setting(
        frozenset({"http", "https"}), "NEWSBOT_FETCH_SCHEMES", readers.lower_names
    )
    fetch_max_bytes: int = setting(5_000_000, "NEWSBOT_FETCH_MAX_BYTES", readers.whole(1))
    fetch_timeout: float = setting(20.0, "NEWSBOT_FETCH_TIMEOUT", readers.seconds)
    feed_interval_minutes: int = setting(30, "NEWSBOT_FEED_INTERVAL_MINUTES", readers.whole(1))
    near_duplicate_threshold: float = setting(
        0.5, "NEWSBOT_NEAR_DUPLICATE_THRESHOLD", readers.fraction
    )
    # Delivery you can trust (see README "Running N processes").
    delivery_workers: int = setting(8, "NEWSBOT_DELIVERY_WORKERS", readers.whole(0))
    # platform:workspace/channel,… — where permanent failures go
    report_channels: str = setting("", "NEWSBOT_REPORT_CHANNELS", readers.channels)
    webhook_url: str | None = setting(None, "NEWSBOT_WEBHOOK_URL", readers.http_url)
    webhook_token: str | None = setting(
        None, "NEWSBOT_WEBHOOK_TOKEN", readers.optional, secret=True
    )
    webhook_timeout: float = setting(10.0, "NEWSBOT_WEBHOOK_TIMEOUT", readers.seconds)
    ops_host: str = setting("127.0.0.1", "NEWSBOT_OPS_HOST")
    # /healthz and /metrics; off unless set
    ops_port: int | None = setting(None, "NEWSBOT_OPS_PORT", readers.port)
    log_format: str = setting("text", "NEWSBOT_LOG_FORMAT", readers.choice("text", "json"))
    leader_retry: float = setting(2.0, "NEWSBOT_LEADER_RETRY", readers.seconds)
    schedule_sync_interval: float = setting(15.0, "NEWSBOT_SCHEDULE_SYNC_INTERVAL", readers.seconds)
    # processes sharing the platforms' global rate limits
    delivery_processes: int = setting(1, "NEWSBOT_DELIVERY_PROCESSES", readers.whole(1))
    # Digests carry a map of who stands where (Slack upload, Discord attachment, a file here).
    digest_chart: bool = setting(True, "NEWSBOT_DIGEST_CHART", readers.flag)
    # Where the console and `newsbot digest` save the pictures they show.
    chart_dir: Path = setting(  # noqa: RUF009
        env="NEWSBOT_CHART_DIR", read=readers.path, factory=lambda: Path("charts")
    )
    # Retries of a failed send: the first waits about this long, each next one `factor`
    # times longer, never longer than the ceiling (a platform's Retry-After wins).
    retry_first_delay: float = setting(1.0, "NEWSBOT_RETRY_FIRST_DELAY", readers.seconds)
    retry_factor: float = setting(2.0, "NEWSBOT_RETRY_FACTOR", readers.factor)
    retry_max_delay: float = setting(900.0, "NEWSBOT_RETRY_MAX_DELAY", readers.seconds)
    # A second reader (README "A language model as a second reader"): nothing is sent
    # anywhere unless llm_base_url is set. reader unset: both once a model is set.
    reader: str | None = setting(None, "NEWSBOT_READER", readers.choice("rules", "llm", "both"))
    llm_base_url: str | None = setting(None, "NEWSBOT_LLM_BASE_URL", readers.http_url)
    llm_model: str | None = setting(None, "NEWSBOT_LLM_MODEL", readers.optional)
    llm_api_key: str | None = setting(None, "NEWSBOT_LLM_API_KEY", readers.optional, secret=True)
    llm_timeout: float = setting(30.0, "NEWSBOT_LLM_TIMEOUT", readers.seconds)

    def __post_init__(self) -> None:
        # The same meaning however a value arrives (environment, --db, a test's replace()).
        object.__setattr__(self, "database_url", database_url(self.database_url))
        if self.slack_api_url and not self.slack_api_url.endswith("/"):
            # slack_sdk appends the method name to the base URL as it is.
            object.__setattr__(self, "slack_api_url", self.slack_api_url + "/")
        if self.discord_api_url:
            object.__setattr__(self, "discord_api_url", self.discord_api_url.rstrip("/"))

    @classmethod
    def from_env(
        cls,
        database_url: str | None = None,
        *,
        dotenv: bool = True,
        environ: Mapping[str, str] | None = None,
    ) -> Settings:
        """The settings the environment gives; ``database_url`` (``--db``) wins over
        ``DATABASE_URL``. Raises ``SettingsError`` naming every malformed variable."""
        dotenv_file = Path.cwd() / ".env"
        if dotenv and environ is None and dotenv_file.is_file():
            # python-dotenv only when there is a file to read: most starts have none.
            from dotenv import load_dotenv

            load_dotenv(dotenv_file, override=False)
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        problems: list[str] = []
        for f in fields(cls):
            name, read = f.metadata["env"], f.metadata["read"]
            raw = env.get(name, "")
            if name == "DATABASE_URL" and database_url:
                name, raw = "--db", database_url
            if not raw.strip():
                continue  # unset or empty: the default
            try:
                values[f.name] = read(raw.strip())
            except readers.Malformed as exc:
                shown = "(hidden: a secret)" if f.metadata["secret"] else repr(_shown(raw))
                problems.append(f"{name} must be {exc}, got {shown}")
        first = values.get("retry_first_delay", cls.retry_first_delay)
        ceiling = values.get("retry_max_delay", cls.retry_max_delay)
        if ceiling < first:
            problems.append(
                f"NEWSBOT_RETRY_MAX_DELAY ({ceiling:g} s) must be at least "
                f"NEWSBOT_RETRY_FIRST_DELAY ({first:g} s)"
            )
        reader = values.get("reader")
        if reader in ("llm", "both") and not values.get("llm_base_url"):
            problems.append(
                f"NEWSBOT_READER={reader} needs NEWSBOT_LLM_BASE_URL (the model to ask)"
            )
        if problems:
            raise SettingsError(problems)
        return cls(**values)

    def secrets(self) -> list[str]:
        """Every secret value set: the fields marked secret, and the database password."""
        out = [getattr(self, f.name) for f in fields(self) if f.metadata.get("secret")]
        password = readers.url_password(self.database_url)
        if password:
            out.append(password)
        return [s for s in out if isinstance(s, str) and s]

    def is_admin(self, platform: str, user: str) -> bool:
        if f"{platform}:{user}" in self.admins or f"{platform}:*" in self.admins:
            return True
        return platform == "console" and self.console_admin and user == self.console_user


def environment_names() -> list[str]:
    """Every variable a setting reads, in declaration order (for docs and checks)."""
    return [f.metadata["env"] for f in fields(Settings)]
