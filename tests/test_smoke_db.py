from sqlalchemy import func, select

from bot.storage.models import Actor, Stance, TrackedItem


def test_empty_database_is_created_and_seeded(bot):
    with bot.session() as session:
        assert session.scalar(select(func.count(Stance.id))) >= 15
        assert session.scalar(select(func.count(TrackedItem.id))) == 3
        assert session.scalar(select(Actor.name).where(Actor.key == "germany")) == "Germany"
