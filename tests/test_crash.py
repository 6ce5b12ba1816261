"""kill -9 during a fan-out: every alert arrives, none twice beyond the documented window.

Real ``newsbot run --headless`` processes deliver over HTTP (the webhook platform) to a
fake platform API that enforces 1 message/s per channel and 50 requests/s, and keeps
each idempotency key once while counting repeated attempts.
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.domain.alerts import enqueue_alert
from bot.storage.models import OutboxMessage, Subscription
from digests.document import message
from tests.fakes.platform_api import FakePlatformAPI

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 8  # NEWSBOT_DELIVERY_WORKERS of the processes: at most this many rows in flight


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Headless:
    """One ``newsbot run --headless`` process; its stderr is kept for the failure report."""

    def __init__(self, db_url: str, api: FakePlatformAPI, cwd: Path, **env: str) -> None:
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DISCORD_", "SLACK_", "NEWSBOT_", "DATABASE_URL"))
        }
        environment.update(
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            DATABASE_URL=db_url,
            NEWSBOT_WEBHOOK_URL=api.url,
            NEWSBOT_WEBHOOK_TIMEOUT="5",
            NEWSBOT_DELIVERY_INTERVAL="0.2",
            NEWSBOT_DELIVERY_WORKERS=str(WORKERS),
            NEWSBOT_LEADER_RETRY="0.5",
            NEWSBOT_DELIVERY_PROCESSES=env.pop("NEWSBOT_DELIVERY_PROCESSES", "1"),
            NEWSBOT_LOG_LEVEL="WARNING",
            **env,
        )
        self.ops_port = int(env["NEWSBOT_OPS_PORT"]) if "NEWSBOT_OPS_PORT" in env else None
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", "--headless"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=environment,
        )
        self.err: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)
            if "running headless" in line:
                self.ready.set()

    def wait_ready(self, timeout: float = 60) -> None:
        if not self.ready.wait(timeout):
            self.kill()
            raise AssertionError("newsbot did not start:\n" + "".join(self.err))

    def kill(self) -> None:
        """kill -9: no clean-up of any kind."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.kill()
            return -9

    def health(self) -> dict | None:
        import json
        import urllib.request

        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{self.ops_port}/healthz", timeout=2
            ) as r:
                return json.loads(r.read())
        except OSError:
            return None


def wait_for(condition: Callable[[], bool], timeout: float = 120.0) -> bool:
    """Polls ``condition``: an upper bound so a broken build fails instead of hanging."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def fan_out(bot, channels: int, alerts: int) -> set[str]:
    """``alerts`` changes, each to ``channels`` subscribed webhook channels; their keys."""
    with bot.session() as session:
        for i in range(channels):
            session.add(
                Subscription(
                    platform="webhook", workspace="team", channel=f"ch{i:04d}", created_by="test"
                )
            )
    for n in range(alerts):
        with bot.session() as session:
            enqueue_alert(
                session,
                message(f"Alert {n}: the mandate moved", kind="alert"),
                f"change:{n}",
                at=bot.clock(),
            )
    with bot.session() as session:
        return set(session.scalars(select(OutboxMessage.dedupe_key)))


def outbox_status(bot) -> dict[str, int]:
    from collections import Counter

    with bot.session() as session:
        return dict(Counter(session.scalars(select(OutboxMessage.status))))


@pytest.fixture
def api():
    with FakePlatformAPI(per_channel=1, channel_window=1.0, global_rate=50) as fake:
        yield fake


def test_kill_9_during_a_fan_out_loses_nothing_and_repeats_nothing(bot, api, tmp_path):
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    keys = fan_out(bot, channels=120, alerts=2)
    assert len(keys) == 240
    kills = 0
    # Three kills at random moments of the fan-out: after a random number of messages
    # (so mid-send, mid-commit, mid-claim), then a restart that is left to finish.
    for _ in range(3):
        proc = Headless(bot.settings.database_url, api, tmp_path)
        proc.wait_ready()
        target = min(len(api.snapshot()) + rng.randint(5, 60), len(keys) - 1)
        wait_for(lambda: len(api.snapshot()) >= target, timeout=90)  # noqa: B023
        time.sleep(rng.uniform(0, 0.3))
        proc.kill()
        kills += 1
    proc = Headless(bot.settings.database_url, api, tmp_path)
    proc.wait_ready()
    try:
        done = wait_for(lambda: outbox_status(bot) == {"delivered": 240}, timeout=180)
    finally:
        code = proc.stop()
    got = api.snapshot()
    assert done, f"seed {seed}: outbox {outbox_status(bot)}, received {len(got)}"
    assert code == 0, "".join(proc.err)
    # Every alert arrived, each once.
    assert {m.key for m in got} == keys, f"seed {seed}"
    assert len(got) == len(keys)
    # A re-send happens only for a row that was in flight when its process died (sent,
    # not yet marked): the platform saw its key again and dropped it.
    print(f"seed {seed}: {kills} kills, {api.duplicate_attempts()} repeated attempts")
    assert api.duplicate_attempts() <= kills * WORKERS, f"seed {seed}"
    assert "Traceback" not in "".join(proc.err)


def test_a_clean_stop_finishes_what_it_sent(bot, api, tmp_path):
    """SIGTERM (a supervisor's restart): no message is sent twice, none is lost."""
    keys = fan_out(bot, channels=150, alerts=1)
    proc = Headless(bot.settings.database_url, api, tmp_path, NEWSBOT_OPS_PORT=str(free_port()))
    proc.wait_ready()
    wait_for(lambda: len(api.snapshot()) >= 20, timeout=90)
    health = proc.health()
    assert health is not None and health["status"] == "ok"
    assert health["scheduler"] == "leader"  # the only process
    assert 0 < health["outbox_depth"] <= 150  # the fan-out under way
    assert proc.stop() == 0, "".join(proc.err)
    assert len(api.snapshot()) < 150  # stopped in the middle of the fan-out
    assert outbox_status(bot)["delivered"] == len(api.snapshot())  # each one sent was marked
    proc = Headless(bot.settings.database_url, api, tmp_path)
    proc.wait_ready()
    try:
        assert wait_for(lambda: outbox_status(bot) == {"delivered": 150}, timeout=120)
    finally:
        proc.stop()
    assert {m.key for m in api.snapshot()} == keys
    assert api.duplicate_attempts() == 0  # a clean stop leaves nothing half-done
    assert "Traceback" not in "".join(proc.err)


# ---------------------------------------------------------------- Discord
class DiscordRun:
    """One ``newsbot run`` serving Discord against the fake (REST and gateway)."""

    def __init__(self, db_url: str, fake, cwd: Path) -> None:
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DISCORD_", "SLACK_", "NEWSBOT_", "DATABASE_URL"))
        }
        environment.update(
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            DATABASE_URL=db_url,
            DISCORD_TOKEN="fake-token",
            DISCORD_API_URL=fake.api_url,
            DISCORD_GATEWAY_URL=fake.gateway_url,
            NEWSBOT_DELIVERY_INTERVAL="0.2",
            NEWSBOT_DELIVERY_WORKERS=str(WORKERS),
            NEWSBOT_LEADER_RETRY="0.5",
            NEWSBOT_LOG_LEVEL="WARNING",
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=cwd,
            env=environment,
        )
        self.err: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.err.append(line)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)


def test_kill_9_during_a_discord_fan_out_shows_no_message_twice(bot, tmp_path):
    """Discord enforces the nonce each outbox row's message carries: a row re-sent after
    a crash gets the first message back instead of a second one in the channel."""
    from collections import Counter

    from fakes.discord_thread import FakeDiscordThread

    seed = random.randrange(10**6)
    rng = random.Random(seed)
    with FakeDiscordThread(channels_per_guild=80) as discord:
        fake = discord.fake
        with bot.session() as session:
            for cid in fake.guild.channels:
                session.add(
                    Subscription(
                        platform="discord",
                        workspace=str(fake.guild.id),
                        channel=str(cid),
                        created_by="test",
                    )
                )
        for n in range(2):
            with bot.session() as session:
                enqueue_alert(
                    session,
                    message(f"Alert {n}: the mandate moved", kind="alert"),
                    f"change:{n}",
                    at=bot.clock(),
                )
        total = 2 * len(fake.guild.channels)
        kills = 0
        for _ in range(3):
            proc = DiscordRun(bot.settings.database_url, fake, tmp_path)
            target = min(len(discord.creates()) + rng.randint(5, 40), total - 1)
            reached = wait_for(lambda: len(discord.creates()) >= target, timeout=90)  # noqa: B023
            assert reached, "".join(proc.err)
            time.sleep(rng.uniform(0, 0.3))
            proc.kill()
            kills += 1
        proc = DiscordRun(bot.settings.database_url, fake, tmp_path)
        try:
            done = wait_for(lambda: outbox_status(bot) == {"delivered": total}, timeout=180)
        finally:
            proc.kill()
        created = discord.created()
        repeats = fake.nonce_repeats

    assert done, f"seed {seed}: outbox {outbox_status(bot)}; " + "".join(proc.err)
    shown = Counter(
        (r.path, r.body["embeds"][0].get("description") or r.body["embeds"][0].get("title"))
        for r in created
    )
    print(f"seed {seed}: {kills} kills, {repeats} re-sends answered with the first message")
    assert len(shown) == total, f"seed {seed}"  # every alert in every channel
    assert max(shown.values()) == 1, f"seed {seed}: {shown.most_common(3)}"  # none twice
    assert repeats <= kills * WORKERS, f"seed {seed}"
    assert "Traceback" not in "".join(proc.err)
