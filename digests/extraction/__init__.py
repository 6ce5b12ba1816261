"""From a new article to what it changes: who it names, what they said, and candidate
updates to the stance table and the tracked items, each with its sentence and a confidence.

Pure: the caller passes the article and the table; nothing here reads or writes storage.
"""

from digests.extraction.article_input import ArticleInput, InputError, from_html, from_text
from digests.extraction.extract import Extraction, extract
from digests.extraction.model import (
    ItemProposal,
    MentionedActor,
    ProposalEvidence,
    StanceProposal,
    Statement,
)

__all__ = [
    "ArticleInput",
    "Extraction",
    "InputError",
    "ItemProposal",
    "MentionedActor",
    "ProposalEvidence",
    "StanceProposal",
    "Statement",
    "extract",
    "from_html",
    "from_text",
]
