"""audit [N]: the latest changes and refusals, newest first (admins only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from bot.commands.command import Cli, Command, Slash
from bot.commands.parsing import UsageError
from bot.storage.models import AuditEntry
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
        doc = Document(title="Audit log (newest first)", kind="reply")
        doc.add(
            Bullets(
                tuple(
                    f"{r.at:%Y-%m-%d %H:%M} {r.platform}:{r.user} {r.action}"
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
    """An entry's details in a line; what a refused user typed can be long."""
    text = ", ".join(f"{k}={v}" for k, v in details.items())
    return text if len(text) < 200 else text[:197] + "…"


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
)
