"""Two admins change one tracked item at the same moment: one wins, the other is told.

Both requests run at once in two threads of the real bot, on the test database. A
barrier holds each of them just before it writes, so both have read version 1 of the
item before either writes: the race is certain, not left to chance.
"""

from __future__ import annotations

import threading
from dataclasses import replace

from sqlalchemy import event, select

from bot.storage.models import ItemRevision, OutboxMessage, TrackedItem


def test_the_admin_who_loses_the_race_is_told_and_nothing_is_lost(bot, chat):
    chat.say("subscribe", channel="alerts")
    barrier = threading.Barrier(2, timeout=20)
    waited: set[int] = set()

    def hold_before_writing(session, _context, _instances):
        me = threading.get_ident()
        if me not in waited and any(isinstance(o, TrackedItem) for o in session.dirty):
            waited.add(me)
            barrier.wait()

    event.listen(bot.sessions, "before_flush", hold_before_writing)
    replies: dict[str, str] = {}

    def admin(user: str, status: str) -> None:
        replies[user] = chat.say(
            f'track update eumam-extension status={status} source="{user} desk"', user=user
        )

    bot.settings = replace(bot.settings, admins=bot.settings.admins | {"test:bob"})
    threads = [
        threading.Thread(target=admin, args=("alice", "agreed")),
        threading.Thread(target=admin, args=("bob", "blocked")),
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
    finally:
        event.remove(bot.sessions, "before_flush", hold_before_writing)

    winners = [u for u, r in replies.items() if r.startswith("Updated")]
    losers = [u for u, r in replies.items() if "changed meanwhile" in r]
    assert len(winners) == 1 and len(losers) == 1, replies
    winner, loser = winners[0], losers[0]
    won_status = "agreed" if winner == "alice" else "blocked"
    lost_status = "blocked" if winner == "alice" else "agreed"
    # The loser sees the item as it is now, and the version to retry against.
    assert f"now: EUMAM mandate extension — {won_status}" in replies[loser]
    assert "Nothing of yours was saved" in replies[loser]
    assert "version=2" in replies[loser]

    with bot.session() as session:
        item = session.scalar(select(TrackedItem).where(TrackedItem.key == "eumam-extension"))
        revisions = session.scalars(
            select(ItemRevision).where(ItemRevision.item_id == item.id)
        ).all()
        alerts = session.scalars(select(OutboxMessage)).all()
        assert (item.status, item.version) == (won_status, 2)
        assert [r.changed_by for r in revisions if r.changed_by.startswith("test:")] == [
            f"test:{winner}"
        ]
    assert len(alerts) == 1  # one change, one alert; the refused one alerts nobody

    # Nothing is lost: the loser retries knowingly, and both changes are in the history.
    retry = chat.say(
        f'track update eumam-extension status={lost_status} version=2 source="{loser} desk"',
        user=loser,
    )
    assert retry.startswith("Updated") and f"{won_status} → {lost_status}" in retry
    with bot.session() as session:
        item = session.scalar(select(TrackedItem).where(TrackedItem.key == "eumam-extension"))
        history = session.scalars(
            select(ItemRevision).where(ItemRevision.item_id == item.id).order_by(ItemRevision.id)
        ).all()
    assert [h.changed_by for h in history[-2:]] == [f"test:{winner}", f"test:{loser}"]
    assert item.version == 3
