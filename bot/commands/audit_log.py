"""audit [N]: the latest changes and refusals, newest first (admins only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.commands.command import Cli, Command, Slash
from bot.commands.parsing import UsageError
from bot.storage.models import AuditEntry
from bot.storage.reads import diff_text, display_names, who
from digests.document import Bullets, Document, Paragraph

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot
    from bot.core.request import Request


def audit_log(
    bot: NewsBot, request: Request, words: list[str], options: dict[str, str]
) -> list[Document]:
    limit = 20
    if words:
        if not (words[0].isascii() and words[0].isdigit()) or not 1 <= int(words[0]) <= 500:
            raise UsageError("`audit N` takes a number from 1 to 500.")
        limit = int(words[0])
    with bot.session() as session:
        rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)).all()
        names = display_names(session)
        doc = Document(title="Audit log (newest first)", kind="reply")
        doc.add(
            Bullets(
                tuple(
                    f"{r.at:%Y-%m-%d %H:%M} {who(f'{r.platform}:{r.user}', names)} {r.action}"
                    + (f" {r.target}" if r.target else "")
                    + ("" if r.allowed else " — REFUSED")
                    + (f" {_short(r.details)}" if r.details else "")
                    for r in rows
                )
            )
            if rows
            else Paragraph("The audit log is empty.")
        )
    return [doc]


def _short(details: dict[str, object]) -> str:
    """An entry's details in a line, as people read them: a change's diff as
    "status: due → agreed", never a Python dict; what a refused user typed can be long."""
    parts = []
    for key, value in details.items():
        if key == "diff" and isinstance(value, dict):
            parts.append(diff_text(value, empty="not set"))
        elif isinstance(value, dict):
            parts.append(", ".join(f"{k} {_plain(v)}" for k, v in value.items()))
        else:
            parts.append(f"{key} {_plain(value)}")
    text = "; ".join(p for p in parts if p)
    return text if len(text) < 200 else text[:197] + "…"


def _plain(value: object) -> str:
    if value in (None, ""):
        return "not set"
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value)
    return str(value)


AUDIT = Command(
    name="audit",
    run=audit_log,
    usage="audit [N]",
    example="audit 10",
    summary="The latest changes and refusals.",
    admin=True,
    private=True,
    discord=Slash("The latest changes and refusals (admins)"),
    cli=Cli("the audit log"),
    options=(),
)
