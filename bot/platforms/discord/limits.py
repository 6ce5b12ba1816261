"""Discord's message limits (https://discord.com/developers/docs/resources/message)."""

from __future__ import annotations

CONTENT = 2000
EMBEDS_PER_MESSAGE = 10
EMBED_TITLE = 256
EMBED_DESCRIPTION = 4096
EMBED_FIELDS = 25
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
AUTHOR_NAME = 256
# Title, description, field names and values, footer and author of every embed in one
# message together.
EMBEDS_TOTAL = 6000
# App command option choices (autocomplete): how many, and how long a name or value.
CHOICES = 25
CHOICE_TEXT = 100
