"""Articles: stored once (by their content), cleaned, split into sentences, audited."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.domain.audit import audit
from bot.domain.author import Author
from bot.domain.checks import check_text, slugify, strip_invisible
from bot.domain.errors import ChangeError
from bot.storage.models import Article
from bot.storage.seed import content_hash
from bot.storage.stories import first_story
from digests.sentences import split_sentences


def clean_body(body: str) -> str:
    """Article text as stored. Pasted or extracted text often carries stray control codes
    (form feeds, NULs): they are noise, not content, and PostgreSQL refuses NUL outright."""
    body = strip_invisible(body.replace("\r\n", "\n"))
    return "".join(
        " " if unicodedata.category(ch) == "Cc" and ch not in "\n\t" else ch for ch in body
    ).strip()


def add_article(
    session: Session,
    who: Author,
    *,
    title: str,
    source: str,
    body: str,
    published: date | None,
    url: str | None = None,
    sentences: Sequence[str] | None = None,
) -> Article:
    """Stores an article. ``sentences``: the body already split (ingest splits it to read
    it), used when the body needs no cleaning; otherwise it is split here."""
    title = check_text("title", title, required=True)
    source = check_text("source", source, required=True, limit=200)
    if url:
        url = check_text("url", url, limit=2000)
        if url and not url.startswith(("http://", "https://")):
            raise ChangeError(f"“{url[:80]}” is not a web address: it should start with https://.")
    url = url or None
    if published is not None and published > who.at.date():
        raise ChangeError(f"The publication date {published.isoformat()} is in the future.")
    cleaned = clean_body(body)
    if cleaned != body:
        sentences = None  # split for another text: split again
    body = cleaned
    if len(body.split()) < 5:
        raise ChangeError("The article text is too short: paste the whole article.")
    if len(body) > 200_000:
        raise ChangeError("The article is over 200,000 characters; that is not a news article.")
    digest = content_hash(body)
    duplicate = session.scalar(select(Article).where(Article.content_hash == digest))
    if duplicate is not None:
        raise ChangeError(f"That article is already stored as “{duplicate.title}”.")
    slug = base = slugify(f"{published or who.at.date()}-{title}")[:180] or "article"
    n = 1
    while session.scalar(select(Article.id).where(Article.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    article = Article(
        slug=slug,
        title=title,
        source=source,
        url=url,
        published=published,
        body=body,
        sentences=list(sentences) if sentences is not None else split_sentences(body),
        content_hash=digest,
        added_by=who.label,
        added_at=who.at,
        # The first story's until its caller files it (ingest files it where it fits).
        story_id=first.id if (first := first_story(session)) is not None else None,
    )
    session.add(article)
    session.flush()
    audit(session, who, "article.add", slug, {"title": title, "source": source})
    return article
