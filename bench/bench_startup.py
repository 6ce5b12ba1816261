"""Start-up time of ``newsbot ask`` and resident memory of an idle ``newsbot run``.

1. ``newsbot --db URL ask "What is Germany's position?"`` as a subprocess, timed
   from spawn to exit. The first run creates, migrates and seeds the database and
   is reported on its own; the median is over the runs after it.
2. ``newsbot --db URL run`` (the console, with the scheduler) as a subprocess with
   stdin kept open and no platform tokens in its environment: once the prompt
   ``you> `` is on its stdout, wait ~2 s and read VmRSS (and VmHWM, the peak) from
   /proc/PID/status; then close stdin, which ends the console.

Subprocesses run in a scratch directory (no ``.env`` or ``newsbot.db`` from the
repository) with ``PYTHONDONTWRITEBYTECODE=1``.

Headline (last line): the median ``newsbot ask`` divided by the median bare interpreter
(``python -c pass``) timed between the asks, the floor any Python command pays; the line
before it gives the median in milliseconds.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

NEWSBOT = Path(sys.executable).with_name("newsbot")
QUESTION = "What is Germany's position?"
TOKENS = ("DISCORD_TOKEN", "SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET")


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in TOKENS and k != "DATABASE_URL"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["NEWSBOT_LOG_LEVEL"] = "WARNING"
    return env


def time_ask(url: str, cwd: Path) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(
        [str(NEWSBOT), "--db", url, "ask", QUESTION],
        cwd=cwd,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0 or "Germany" not in proc.stdout:
        raise SystemExit(f"newsbot ask failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return elapsed


def proc_status(pid: int) -> dict[str, int]:
    out = {}
    with open(f"/proc/{pid}/status", encoding="utf-8") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
    return out


class EarlyExit(Exception):
    pass


def idle_run_memory(url: str, cwd: Path, settle: float) -> tuple[float, dict[str, int]]:
    proc = subprocess.Popen(
        [str(NEWSBOT), "--db", url, "run"],
        cwd=cwd,
        env=child_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdin is not None
    t0 = time.perf_counter()
    seen = b""
    try:
        while b"you> " not in seen:
            if time.perf_counter() - t0 > 60:
                raise SystemExit(f"no prompt after 60 s; output so far: {seen[-500:]!r}")
            ready, _, _ = select.select([proc.stdout], [], [], 0.5)
            if ready:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    last = err.strip().splitlines()[-1] if err.strip() else "no output"
                    raise EarlyExit(f"exited with {proc.wait()} before the prompt: {last}")
                seen += chunk
        to_prompt = time.perf_counter() - t0
        time.sleep(settle)
        status = proc_status(proc.pid)
    finally:
        proc.stdin.close()  # end of input: the console returns, the scheduler shuts down
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return to_prompt, status


def compiled_modules() -> tuple[int, int]:
    """How many of bot/ and digests/ modules have bytecode newer than their source."""
    import importlib.util

    sources = [p for d in ("bot", "digests") for p in (_common.ROOT / d).rglob("*.py")]
    current = 0
    for source in sources:
        compiled = Path(importlib.util.cache_from_source(str(source)))
        if compiled.exists() and compiled.stat().st_mtime >= source.stat().st_mtime:
            current += 1
    return current, len(sources)


def main() -> int:
    p = _common.parser(__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5, help="timed runs after the first (default 5)")
    p.add_argument("--settle", type=float, default=2.0, help="seconds idle before reading RSS")
    args = p.parse_args()
    if not NEWSBOT.exists():
        raise SystemExit(f"{NEWSBOT} not found: run with the project's .venv/bin/python")
    print(f"bench_startup — {_common.machine()}")
    current, modules = compiled_modules()
    print(
        f"project bytecode: {current} of {modules} modules compiled and current "
        "(`make bytecode`; children run with PYTHONDONTWRITEBYTECODE=1 and write none)"
    )

    env = child_env()

    def bare_interpreter() -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], env=env, check=True)
        return time.perf_counter() - t0

    with _common.temp_database(args.db) as url, _common.scratch_dir() as cwd:
        print(f"database: {_common.describe_db(url)}")
        first = time_ask(url, cwd)
        # The floor, a bare interpreter, is timed between the asks: a busy machine slows
        # both alike, and their ratio is the headline.
        times = []
        bare = []
        for _ in range(args.runs):
            bare.append(bare_interpreter())
            times.append(time_ask(url, cwd))
        bare.append(bare_interpreter())
        try:
            to_prompt, status = idle_run_memory(url, cwd, args.settle)
        except EarlyExit as exc:
            raise SystemExit(f"newsbot run {exc}") from exc

    # The imports alone, for scale.
    imports = []
    for _ in range(3):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import bot.cli.main, bot.core"], env=env, check=True, cwd="/"
        )
        imports.append(time.perf_counter() - t0)

    med = _common.median(times)
    bare_med = _common.median(bare)
    print()
    print(f"newsbot ask, first run (creates, migrates, seeds the db): {first * 1000:.0f} ms")
    print(
        f"newsbot ask, next {len(times)} runs: median {med * 1000:.0f} ms, "
        f"min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
    )
    print(
        f"  for scale: bare interpreter {bare_med * 1000:.0f} ms (between the asks); "
        f"python -c 'import bot.cli.main, bot.core' {_common.median(imports) * 1000:.0f} ms"
    )
    print(
        f"newsbot run: prompt after {to_prompt * 1000:.0f} ms; after {args.settle:.0f} s idle "
        f"VmRSS {status['VmRSS'] / 1024:.1f} MiB, VmHWM (peak) {status['VmHWM'] / 1024:.1f} MiB, "
        f"{status['Threads']} threads"
    )
    print(f"idle_rss_run: {status['VmRSS'] / 1024:.1f} MiB")
    print(f"startup_ask_median: {med * 1000:.0f} ms")
    print(
        f"startup_ask_vs_bare_interpreter: {med / bare_med:.1f} ratio "
        f"(newsbot ask {med * 1000:.0f} ms, bare interpreter {bare_med * 1000:.0f} ms, same run)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
