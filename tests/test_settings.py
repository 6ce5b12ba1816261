"""Settings an operator can act on: a malformed variable is named with the form it
expects (exit 2, no traceback), a plain path is a SQLite file, a broken seed file is
reported by file and line, and the retry backoff follows its three settings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select

from bot.cli.main import main
from bot.config.settings import Settings, SettingsError, environment_names
from bot.delivery.outbox import backoff
from bot.storage.models import Actor

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    """No settings of the developer's: no .env, no NEWSBOT_/SLACK_/DISCORD_ variables."""
    import os

    monkeypatch.chdir(tmp_path)
    for key in list(os.environ):
        if key.startswith(("NEWSBOT_", "SLACK_", "DISCORD_", "DATABASE_URL")):
            monkeypatch.delenv(key)
    return monkeypatch


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("NEWSBOT_DELIVERY_WORKERS", "abc", "must be a whole number, got 'abc'"),
        ("NEWSBOT_DELIVERY_MAX_ATTEMPTS", "0", "must be a whole number, 1 or more, got '0'"),
        ("NEWSBOT_DELIVERY_INTERVAL", "soon", "must be a number of seconds, got 'soon'"),
        ("NEWSBOT_WEBHOOK_TIMEOUT", "-1", "must be a number of seconds, zero or more"),
        ("NEWSBOT_CONSOLE_ADMIN", "maybe", "must be true or false"),
        ("SLACK_HTTP_PORT", "70000", "must be a whole number from 0 to 65535"),
        ("NEWSBOT_LOG_FORMAT", "xml", "must be one of text, json, got 'xml'"),
        ("NEWSBOT_LOG_LEVEL", "loud", "must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL"),
        ("NEWSBOT_TIMEZONE", "Mars/Olympus", "must be a time zone name such as"),
        ("NEWSBOT_INGEST_APPLY_THRESHOLD", "80%", "must be a number from 0 to 1, got '80%'"),
        ("SLACK_API_URL", "slack.com/api", "must be an http:// or https:// URL"),
        ("DISCORD_GATEWAY_URL", "https://gw", "must be a ws:// or wss:// URL"),
        ("DISCORD_SHARD_COUNT", "many", "must be a whole number of shards or auto, got 'many'"),
        ("DISCORD_APPLICATION_ID", "newsbot", "must be the application's numeric id"),
        ("NEWSBOT_RETRY_FACTOR", "0.5", "must be a number, 1 or more"),
        ("DATABASE_URL", "postgresql+psycopg://u:pw@db:port/x", "must be a database URL"),
        ("NEWSBOT_ADMINS", "alice", "must be a comma-separated list of platform:user"),
        ("DISCORD_ADMIN_ROLES", "editors", "must be a comma-separated list of numeric role ids"),
        ("NEWSBOT_REPORT_CHANNELS", "slack:C0456", "must be a comma-separated list of platform:"),
    ],
)
def test_a_malformed_setting_is_named_with_the_form_it_expects(
    clean_env, capsys, name, value, says
):
    clean_env.setenv(name, value)

    assert main(["ask", "What is Germany's position?"]) == 2

    err = capsys.readouterr().err
    assert f"newsbot: bad setting: {name} {says}" in err, err
    assert "Traceback" not in err
    assert not Path("newsbot.db").exists()  # refused before anything was opened


def test_every_malformed_setting_is_reported_at_once_and_no_password_is_repeated(clean_env, capsys):
    clean_env.setenv("NEWSBOT_DELIVERY_WORKERS", "eight")
    clean_env.setenv("NEWSBOT_FETCH_ALLOW_PRIVATE", "perhaps")
    clean_env.setenv("DATABASE_URL", "postgresql+psycopg://newsbot:hunter2@db:nope/newsbot")

    assert main(["digest"]) == 2

    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 3
    assert any(line.startswith("newsbot: bad setting: NEWSBOT_DELIVERY_WORKERS") for line in lines)
    assert any("NEWSBOT_FETCH_ALLOW_PRIVATE must be true or false" in line for line in lines)
    assert any("newsbot:***@db:nope" in line for line in lines)
    assert "hunter2" not in "\n".join(lines)


def test_the_retry_ceiling_below_the_first_delay_is_refused():
    with pytest.raises(SettingsError) as caught:
        Settings.from_env(
            dotenv=False,
            environ={"NEWSBOT_RETRY_FIRST_DELAY": "30", "NEWSBOT_RETRY_MAX_DELAY": "10"},
        )
    assert "NEWSBOT_RETRY_MAX_DELAY (10 s) must be at least NEWSBOT_RETRY_FIRST_DELAY" in str(
        caught.value
    )


@pytest.mark.parametrize("how", ["--db", "DATABASE_URL"])
def test_a_plain_path_is_that_sqlite_file(clean_env, capsys, tmp_path, how):
    target = tmp_path / "data" / "x.db"
    target.parent.mkdir()
    args = ["ask", "--json", "What is Germany's position?"]
    if how == "--db":
        args = ["--db", str(target), *args]
    else:
        clean_env.setenv("DATABASE_URL", str(target))

    assert main(args) == 0

    assert '"actor": "Germany"' in capsys.readouterr().out
    assert target.exists() and not (tmp_path / "newsbot.db").exists()
    engine = create_engine(f"sqlite:///{target}")
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(Actor)) > 0
    engine.dispose()


def test_a_relative_path_is_relative_to_the_working_directory(clean_env, tmp_path):
    assert Settings.from_env("x.db", dotenv=False).database_url == "sqlite:///x.db"
    assert Settings(database_url="/srv/news/x.db").database_url == "sqlite:////srv/news/x.db"
    assert Settings().database_url == "sqlite:///newsbot.db"
    assert Settings(database_url="sqlite://").database_url == "sqlite://"  # in memory


def test_api_base_urls_are_normalised():
    settings = Settings.from_env(
        dotenv=False,
        environ={"SLACK_API_URL": "https://slack-gov.com/api", "DISCORD_API_URL": "http://p/v10/"},
    )
    assert settings.slack_api_url == "https://slack-gov.com/api/"
    assert settings.discord_api_url == "http://p/v10"


def test_retry_backoff_follows_its_settings():
    settings = Settings.from_env(
        dotenv=False,
        environ={
            "NEWSBOT_RETRY_FIRST_DELAY": "4",
            "NEWSBOT_RETRY_FACTOR": "3",
            "NEWSBOT_RETRY_MAX_DELAY": "50",
        },
    )
    assert (settings.retry_first_delay, settings.retry_factor, settings.retry_max_delay) == (
        4.0,
        3.0,
        50.0,
    )
    waits = [[backoff(n, settings=settings) for _ in range(50)] for n in (1, 2, 3, 4, 9)]
    # About 4 s, 12 s, 36 s, then the 50 s ceiling; jitter only ever shortens a wait, by
    # at most half.
    for wait, nominal in zip(waits, (4, 12, 36, 50, 50), strict=True):
        assert all(nominal / 2 <= w <= nominal for w in wait), (nominal, min(wait), max(wait))
    assert backoff(3, 7.5, settings=settings) == 7.5  # the platform's Retry-After wins
    defaults = Settings()
    assert all(0.5 <= backoff(1, settings=defaults) <= 1.0 for _ in range(20))


# ---------------------------------------------------------------- broken seed files
@pytest.fixture
def seeds(tmp_path):
    copy = tmp_path / "seeds"
    shutil.copytree(ROOT / "seeds", copy)
    return copy


def _start_with(clean_env, capsys, seeds, tmp_path):
    clean_env.setenv("NEWSBOT_SEEDS_DIR", str(seeds))
    code = main(["--db", str(tmp_path / "x.db"), "ask", "What is Germany's position?"])
    return code, capsys.readouterr().err


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_invalid_toml_is_reported_with_file_line_and_column(clean_env, capsys, seeds, tmp_path):
    story = seeds / "story.toml"
    lines = story.read_text().splitlines()
    lines.insert(3, "this is not toml")
    story.write_text("\n".join(lines))

    code, err = _start_with(clean_env, capsys, seeds, tmp_path)

    assert code == 2
    assert f"newsbot: cannot load the seeds: {story}, line 4, column" in err
    assert "not valid TOML" in err
    assert "cannot open the database" not in err and "Traceback" not in err


def test_an_entry_without_a_required_key_is_named_by_line(clean_env, capsys, seeds, tmp_path):
    story = seeds / "story.toml"
    text = story.read_text()
    second_actor = text.index("[[actors]]", text.index("[[actors]]") + 1)
    key_line = text.index("key =", second_actor)
    end = text.index("\n", key_line)
    story.write_text(text[:key_line] + text[end + 1 :])
    expected_line = text[:second_actor].count("\n") + 1

    code, err = _start_with(clean_env, capsys, seeds, tmp_path)

    assert code == 2
    assert f"{story}, line {expected_line}: the actors entry lacks the required key 'key'" in err
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    with engine.connect() as conn:  # nothing of the seeds was written
        assert conn.scalar(select(func.count()).select_from(Actor)) == 0
    engine.dispose()


def test_a_stance_naming_an_unknown_actor_is_named_by_line(clean_env, capsys, seeds, tmp_path):
    story = seeds / "story.toml"
    text = story.read_text()
    first_stance = text.index("[[stances]]")
    actor_line = text.index("actor =", first_stance)
    end = text.index("\n", actor_line)
    story.write_text(text[:actor_line] + 'actor = "atlantis"' + text[end:])

    code, err = _start_with(clean_env, capsys, seeds, tmp_path)

    assert code == 2
    line = _line(story, "[[stances]]")
    assert f"line {line}: the stances entry names 'atlantis', which no entry" in err


def test_a_missing_article_file_is_named(clean_env, capsys, seeds, tmp_path):
    article = next((seeds / "articles").iterdir())
    article.unlink()

    code, err = _start_with(clean_env, capsys, seeds, tmp_path)

    assert code == 2
    assert f"line {_line(seeds / 'story.toml', '[[articles]]')}: the articles entry" in err
    assert f"cannot read {article}" in err


def test_every_setting_is_documented_in_the_example_file():
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    documented = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    assert set(environment_names()) <= documented


def test_the_secrets_are_the_fields_marked_secret_and_the_database_password():
    settings = Settings(
        database_url="postgresql+psycopg://newsbot:db-pass@db/newsbot",
        slack_client_secret="client-s",
        slack_signing_secret="signing-s",
        webhook_token="hook-t",
        discord_token="disc-t",
        slack_bot_token="xoxb-1",
        slack_app_token="xapp-1",
    )
    assert set(settings.secrets()) == {
        "db-pass",
        "client-s",
        "signing-s",
        "hook-t",
        "disc-t",
        "xoxb-1",
        "xapp-1",
    }
