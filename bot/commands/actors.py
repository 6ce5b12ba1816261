"""Which actor (country, organisation, person…) a typed name means, for the stance commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.commands.parsing import UsageError
from bot.domain.checks import check_text, slugify
from bot.domain.stances import ACTOR_KINDS
from bot.storage.models import Actor
from digests.actors import country_code

if TYPE_CHECKING:
    from bot.core.newsbot import NewsBot


def resolve_actor(
    bot: NewsBot,
    session: Session,
    name: str,
    create_kind: str | None = None,
    *,
    write: bool = False,
) -> Actor:
    """The actor a typed name means. For a change (``write``) only an exact name counts:
    "Sweden Democrats" must not set Sweden's stance, and a typo must not set another's."""
    if create_kind is not None:
        create_kind = create_kind.strip().lower()
        if create_kind not in ACTOR_KINDS:
            raise UsageError(
                f"kind={create_kind} is not a kind; use one of {', '.join(ACTOR_KINDS)}."
            )
    match = bot.answerer().resolver.resolve(name)
    exact = (
        match is not None
        and match.score >= 100
        and " ".join(match.text.split()).casefold() == " ".join(name.split()).casefold()
    )
    if match is not None and (exact or not write):
        if match.key:
            actor = session.scalar(select(Actor).where(Actor.key == match.key))
            if actor is not None:
                return actor.speaks_for if actor.kind == "person" and actor.speaks_for else actor
        elif not match.known and write:
            # A real country the story has not mentioned yet (Japan): add it.
            import pycountry

            code: str | None
            try:
                code = pycountry.countries.lookup(match.name).alpha_2
            except LookupError:
                code = country_code(match.name)
            return _new_actor(session, match.name, create_kind or "country", code)
    if write and create_kind:
        return _new_actor(session, name, create_kind, None)
    hint = f" Did you mean {match.name}?" if match is not None and not exact else ""
    raise UsageError(
        f"I don't know an actor called “{name}”.{hint} Use the name exactly as "
        "`stance list` shows it, or, to add a new actor, repeat the command with "
        f"kind=… ({', '.join(ACTOR_KINDS)})."
    )


def _new_actor(session: Session, name: str, kind: str, code: str | None) -> Actor:
    """The actor with this name, added last in the table unless it already exists."""
    name = check_text("name", name, required=True)
    key = slugify(name)
    if not key:
        raise UsageError(f"An actor's name needs at least one letter or digit (got “{name}”).")
    existing = session.scalar(select(Actor).where(Actor.key == key))
    if existing is not None:
        return existing
    position = (session.scalar(select(func.max(Actor.position))) or 0) + 1
    actor = Actor(key=key, name=name, kind=kind, country_code=code, position=position)
    session.add(actor)
    session.flush()
    return actor
