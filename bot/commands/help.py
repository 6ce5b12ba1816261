"""help: every command with its usage and an example, or one command in full."""

from __future__ import annotations

from collections.abc import Mapping

from bot.commands.command import Command
from digests.document import Bullets, Context, Document, Fields, Paragraph


def help_for(commands: Mapping[str, Command], words: list[str]) -> list[Document]:
    """The help for ``help [COMMAND]``; the table is passed in because it lists help too."""
    if words and words[0].lower() in commands:
        c = commands[words[0].lower()]
        doc = Document(title=f"help {c.name}", kind="reply")
        doc.add(Paragraph(c.summary), Fields((("Usage", c.usage), ("Example", c.example))))
        if c.admin:
            doc.add(Context("Admins only."))
        return [doc]
    doc = Document(title="newsbot — commands", kind="reply")
    doc.add(Paragraph("Ask a question in plain words, or use a command:"))
    lines = []
    for c in commands.values():
        lock = " (admin)" if c.admin else ""
        lines.append(f"{c.usage}{lock} — {c.summary} Example: {c.example}")
    doc.add(Bullets(tuple(lines)))
    doc.add(
        Context(
            "`help COMMAND` shows one command. Options take key=value; quote values with spaces."
        )
    )
    return [doc]
