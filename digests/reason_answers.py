"""Why an actor holds its position, since when, and whether actors agree — each read
from the rows themselves: the summary and evidence give the reasons, the row's history
the date, the stances the verdict. Nothing here goes beyond what the rows say.
"""

from __future__ import annotations

from digests.answer_records import Answer, StanceHit
from digests.compose import HISTORY_LABELS, join_names, quote, short_date
from digests.document import Context, Document, Heading, Paragraph
from digests.question import Question
from digests.table_view import TableView

# How a stance reads after an actor's name in a verdict: "France supports".
VERDICT_LABELS = {
    "supports": "supports",
    "opposes": "opposes",
    "undecided": "is undecided",
    "mixed": "is divided",
    "unknown": "has no stated position",
}
_PLURAL = {
    "supports": "support",
    "opposes": "oppose",
    "undecided": "are undecided",
    "mixed": "are divided",
    "unknown": "have no stated position",
}
_FOR_WORDS = frozenset(("for", "pro", "dafur", "fur", "favour", "favor"))


def asked_rows(view: TableView, q: Question) -> list[tuple[str, list[StanceHit]]]:
    """Per named actor the table holds, its rows on the asked topic: (name, hits)."""
    out: list[tuple[str, list[StanceHit]]] = []
    seen: set[str] = set()
    for m in q.actors:
        if not (m.known and m.key) or m.key in seen or m.key not in view.actors:
            continue
        seen.add(m.key)
        actor = view.actors[m.key]
        rows = view.rows_for(actor)
        on_topic = {id(r) for r in view.on_asked_topic([r for r, _ in rows], q.topic_stems)}
        hits = [view.hit(r, why) for r, why in rows if id(r) in on_topic]
        out.append((actor.name, hits))
    return out


def reasons_answer(view: TableView, q: Question) -> Answer | None:
    """ "Why does Germany oppose it?", "What are Madrid's reasons?", "arguments for
    training in Ukraine": the summary and the quotes of the rows concerned. None when
    the question names no rows to give reasons from."""
    named = asked_rows(view, q)
    if named:
        groups = named
    else:
        stances = set(q.stances)
        if not stances and _FOR_WORDS & set(q.rest):
            stances = {"supports"}
        if not (stances or q.known):
            return None  # a bare "why?": reasons for what?
        rows = [r for r in view.table.stances if not stances or r.stance in stances]
        rows = view.on_asked_topic(rows, q.topic_stems)
        rows = [r for r in rows if r.stance in ("supports", "opposes", "mixed") or stances]
        if not rows:
            return None
        groups = [(view.actors[r.actor].name, [view.hit(r)]) for r in rows]
    hits = [h for _, hs in groups for h in hs]
    if not hits:
        return None
    side = ""
    if not named and q.stances | ({"supports"} if _FOR_WORDS & set(q.rest) else set()):
        stance = next(iter(q.stances), "supports")
        side = " for" if stance == "supports" else " against" if stance == "opposes" else ""
    title = (
        f"Reasons: {join_names([n for n, _ in groups])}"
        if named
        else f"The reasons given{side}: {join_names(list(dict.fromkeys(n for n, _ in groups)))}"
    )
    doc = Document(kind="answer", title=title[:140])
    for name, group_hits in groups:
        if not group_hits:
            doc.add(Paragraph(f"No position recorded for {name}, so no reasons either."))
            continue
        for hit in group_hits:
            row = hit.record
            doc.add(Heading(f"{hit.actor.name}: {row.stance}", 2))
            as_of = f" (as of {short_date(row.as_of)})" if row.as_of else ""
            doc.add(Paragraph(f"The reasons the sources give{as_of}: {row.summary}"))
            for e in row.evidence:
                doc.add(quote(e))
            for note in row.notes:
                doc.add(Paragraph(f"Note: {note.text}"))
            if hit.via:
                doc.add(Context(hit.via))
    doc.add(Context("Only what the sources say; the bot adds no reasons of its own."))
    return Answer(q.raw, doc, hits, [])


def since_when_answer(view: TableView, q: Question) -> Answer | None:
    """ "Since when?": the date the current position is first recorded, and what it was
    before if the history holds it."""
    named = asked_rows(view, q)
    if not named:
        return None
    doc = Document(kind="answer", title=f"Since when: {join_names([n for n, _ in named])}")
    hits: list[StanceHit] = []
    for name, group_hits in named:
        if not group_hits:
            doc.add(Paragraph(f"No position recorded for {name}."))
            continue
        for hit in group_hits:
            hits.append(hit)
            row = hit.record
            # The earliest date of the run of records holding this same position (the
            # history is newest first, but dates come from the sources, not the order).
            held = [d for d in [row.as_of] if d]
            before = None
            for past in row.previous:
                if past.stance != row.stance:
                    before = past
                    break
                if past.as_of:
                    held.append(past.as_of)
            since = min(held) if held else None
            label = VERDICT_LABELS.get(row.stance, row.stance)
            when = f"since {short_date(since)}" if since else "with no date on record"
            text = f"{hit.actor.name} {label} {when} (the earliest record of this position)."
            if before is not None:
                text += f" Before that: {HISTORY_LABELS.get(before.stance, before.stance)}"
                text += f" (as of {short_date(before.as_of)})." if before.as_of else "."
            else:
                text += " No earlier position is recorded."
            doc.add(Paragraph(text))
            if row.evidence:
                doc.add(quote(row.evidence[0]))
            if hit.via:
                doc.add(Context(hit.via))
    return Answer(q.raw, doc, hits, [])


def comparison_verdict(view: TableView, q: Question) -> str | None:
    """ "No — France supports, Germany opposes." for two actors or more; None when fewer
    than two named actors have rows on the asked topic."""
    named = _members_apart([(n, hs) for n, hs in asked_rows(view, q) if hs])
    if len(named) < 2:
        return None
    stances: list[tuple[str, set[str]]] = [(n, {h.record.stance for h in hs}) for n, hs in named]
    all_stances = set().union(*(s for _, s in stances))
    clear = all(len(s) == 1 for _, s in stances)
    same = clear and len(all_stances) == 1
    if same:
        stance = next(iter(all_stances))
        detail = f"{join_names([n for n, _ in stances])} {'both' if len(stances) == 2 else 'all'}"
        detail += f" {_PLURAL.get(stance, stance)}"
    else:
        detail = _grouped(stances)
    vague = all_stances & {"unknown", "undecided"}
    if not q.yes_no or q.compare == "compare":
        # "What's the difference between …?", "Germany vs France": no yes or no asked.
        lead = "They agree" if same else "They differ"
        if vague and same:
            lead = "None has taken a side"
        return f"{lead}: {detail}."
    agree = same and not vague
    # Two who take opposite sides disagree, whatever the others have not said.
    split = len(all_stances - {"unknown", "undecided"}) > 1
    if vague and not agree and not split:
        word = "Not clearly"
    elif q.compare == "differ":
        word = "No" if agree else "Yes"
    else:
        word = "Yes" if agree else "No"
    return f"{word} — {detail}."


def all_verdict(view: TableView, q: Question) -> str | None:
    """ "Do Germany, Italy and Spain all oppose it?" → "Yes — Germany, Italy and Spain
    all oppose." or "Not all — …": one answer for a yes/no question about several."""
    if not q.yes_no or len(q.stances) != 1 or q.fact is not None:
        return None
    named = [(n, hs) for n, hs in asked_rows(view, q) if hs]
    if len(named) < 2:
        return None
    target = next(iter(q.stances))
    held = [(n, {h.record.stance for h in hs}) for n, hs in named]
    yes = [n for n, s in held if s == {target}]
    if len(yes) == len(held):
        every = "both" if len(held) == 2 else "all"
        return f"Yes — {join_names(yes)} {every} {_PLURAL.get(target, target)}."
    return f"{'No' if not yes else 'Not all'} — {_grouped(held)}."


def _members_apart(
    named: list[tuple[str, list[StanceHit]]],
) -> list[tuple[str, list[StanceHit]]]:
    """A group answered by its members ("Is the G7 united?") compares its members."""
    out: list[tuple[str, list[StanceHit]]] = []
    for name, hits in named:
        if hits and all(h.via and h.via.startswith("member of") for h in hits):
            members: dict[str, list[StanceHit]] = {}
            for h in hits:
                members.setdefault(h.actor.name, []).append(h)
            out.extend(members.items())
        else:
            out.append((name, hits))
    return out


def _grouped(held: list[tuple[str, set[str]]]) -> str:
    """ "France supports, Germany and Italy oppose": actors that hold alike, together."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for name, held_stances in held:
        groups.setdefault(tuple(sorted(held_stances)), []).append(name)
    parts = []
    for key, names in groups.items():
        labels = _PLURAL if len(names) > 1 else VERDICT_LABELS
        parts.append(f"{join_names(names)} {' / '.join(labels.get(x, x) for x in key)}")
    return ", ".join(parts)
