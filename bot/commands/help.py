"""help: every command with what it does and an example, or one command in full."""

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
        # The full grammar is in `help COMMAND`; the list stays short enough to scan.
        lock = " (admins)" if c.admin else ""
        lines.append(f"{c.name}{lock} — {c.summary} e.g. {c.example}")
    doc.add(Bullets(tuple(lines)))
    doc.add(
        Context(
            "`help COMMAND` shows a command's full usage. Options take key=value; "
            "quote values with spaces."
        )
    )
    return [doc]
