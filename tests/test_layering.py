"""The dependency rule: the engine knows nothing of platforms or storage, and no module
imports another that imports it back (import-linter's contracts in pyproject.toml keep
the layers; this keeps the cycles out, function-level imports included)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("bot", "discord", "slack_bolt", "slack_sdk", "sqlalchemy", "alembic", "apscheduler")


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_digests_never_imports_platforms_storage_or_bot():
    offenders = {
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "digests").rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert offenders == set()


def test_the_check_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlalchemy.orm\nfrom bot.core import NewsBot\n")
    assert {"sqlalchemy.orm", "bot.core"} <= imported_modules(sample)
