"""Answers about named actors: "What is Germany's position?", "Was the UK invited?",
"Compare France and Germany".

An actor's own rows come first; a person answers with the rows of whom they speak for,
a group with what is reported for it or, failing that, its members' rows. An actor the
table doesn't hold, or a subject its rows don't cover, gets "no position recorded".
"""

from __future__ import annotations

from digests.answer_lexicon import SPEAKING_WORDS
from digests.answer_records import Answer, StanceHit
from digests.compose import (
    history_line,
    join_names,
    names_of,
    no_record,
    quote,
    render_compact,
    render_items,
    short_date,
    verdict,
)
from digests.document import Context, Document, Heading, Paragraph
from digests.model import ActorRecord, FactKind, ItemRecord
from digests.question import Question
from digests.reason_answers import all_verdict, comparison_verdict
from digests.table_view import SourcedRow, TableView, fact_note
from digests.text import fold

STANCE_LABELS = {
    "supports": "supports",
    "opposes": "opposes",
    "undecided": "is undecided on",
    "mixed": "has a mixed position on",
    "unknown": "has no stated position on",
}


def about_actors(view: TableView, q: Question, items: list[ItemRecord]) -> Answer:
    doc = Document(kind="answer")
    hits: list[StanceHit] = []
    off_topic = q.off_topic(named=True)
    # Items one word of an off-topic subject matches ("extending … nuclear reactors" and a
    # mandate's extension) are not what it asks about either.
    shown_items = [] if off_topic else list(items)
    # "Germany's position on training in Ukraine": an actor the table doesn't hold,
    # named after the subject and a stance or topic word, is the object of the question.
    marker = q.subject_start
    subject_first = marker is not None and any(at <= marker for at in q.actor_at)
    plan: list[tuple[str, ActorRecord | None, list[SourcedRow]]] = []
    for match, at in zip(q.actors, q.actor_at, strict=True):
        if subject_first and marker is not None and not match.known and at > marker:
            continue
        actor = view.actors[match.key] if match.known and match.key else None
        plan.append((match.name, actor, view.rows_for(actor) if actor else []))
    headed = sum(len(rows) for _, _, rows in plan) > 1
    titles: list[str] = []
    for name, actor, rows in plan:
        if actor is None:
            doc.add(Paragraph(no_record(name, q)))
            titles.append(f"{name}: no position recorded")
            continue
        if off_topic and actor.kind != "mission":
            doc.add(Paragraph(_nothing_on_topic(view, actor, q)))
            titles.append(f"{actor.name}: no position recorded")
            continue
        if actor.kind == "mission" or (not rows and actor.description):
            if len(plan) > 1:
                doc.add(Heading(actor.name, 2))
            if actor.description:
                doc.add(Paragraph(actor.description))
            related = view.item_index.related(actor)
            shown_items.extend(i for i in related if i not in shown_items)
            titles.append(actor.name)
        if not rows:
            if actor.kind != "mission":
                doc.add(Paragraph(no_record(actor.name, q)))
                titles.append(f"{actor.name}: no position recorded")
            continue
        asked = {id(r) for r in view.on_asked_topic([r for r, _ in rows], q.topic_stems)}
        rows = [pair for pair in rows if id(pair[0]) in asked]
        rows.sort(key=lambda pair: -view.topic_score(pair[0], q.topic_stems))
        own = any(row.actor == actor.key for row, _ in rows)
        if not own and actor.kind != "person":
            # A group or body: its members' or spokespeople's rows, compactly.
            group_hits = [view.hit(r, why) for r, why in rows]
            hits.extend(group_hits)
            _render_group(doc, actor, group_hits, q)
            titles.append(_group_title(actor, group_hits, q))
            continue
        person = actor if actor.kind == "person" else None
        for row, why in rows:
            hit = view.hit(row, why)
            hits.append(hit)
            _render_hit(view, doc, hit, q, person=person, heading=headed)
            titles.append(_hit_title(hit, q))
    if not off_topic:
        for name in q.strangers:
            doc.add(Paragraph(no_record(name, q)))
            titles.append(f"{name}: no position recorded")
    if shown_items and (q.about_items or not hits):
        render_items(doc, shown_items, view)
    else:
        shown_items = []

    said = comparison_verdict(view, q) if q.compare else all_verdict(view, q)
    if said:
        doc.blocks.insert(0, Paragraph(said))
    if q.all_words[:1] in (["who"], ["wer"]):
        # "Who is the French chief of staff?": the person, then what they stand for.
        people = [view.actors[m.key] for m in q.actors if m.key in view.actors]
        for person in reversed([p for p in people if p.kind == "person" and p.description]):
            target = view.actors.get(person.speaks_for or "")
            tail = f"; speaks for {target.name}" if target else ""
            doc.blocks.insert(0, Paragraph(f"{person.name}: {person.description}{tail}."))
        if SPEAKING_WORDS & set(q.all_words):
            # "Who speaks for the US?": the people the sources quote for it.
            for actor in reversed([p for p in people if p.kind != "person"]):
                voices = [
                    f"{p.name} ({p.description})" if p.description else p.name
                    for p in view.table.actors
                    if p.kind == "person" and p.speaks_for == actor.key
                ]
                said = (
                    f"The sources quote for {actor.name}: {join_names(voices)}."
                    if voices
                    else f"The sources name no one who speaks for {actor.name}."
                )
                doc.blocks.insert(0, Paragraph(said))
    titles = list(dict.fromkeys(titles))
    if len(titles) == 1:
        doc.title = titles[0]
    elif 1 < len(titles) <= 3:
        doc.title = " · ".join(titles)
    elif titles:
        doc.title = f"Positions of {len(titles)} actors"
    return Answer(q.raw, doc, hits, shown_items)


def _nothing_on_topic(view: TableView, actor: ActorRecord, q: Question) -> str:
    what = " ".join(q.foreign_topic)
    covered = sorted({view.topic_name(r.topic) for r, _ in view.rows_for(actor)})
    tail = (
        f" The sources record {actor.name}'s position only on: {'; '.join(covered)}."
        if covered
        else ""
    )
    return f"No position recorded for {actor.name} on “{what}”.{tail}"


def _hit_title(hit: StanceHit, q: Question) -> str:
    if q.fact and not q.fact_reply:
        note = fact_note(hit.record, q.fact.key)
        if note is not None:
            return f"{hit.actor.name}: {q.fact.yes if note.value else q.fact.no}"
        return f"{hit.actor.name}: whether {q.fact.yes} not recorded"
    return f"{hit.actor.name}: {hit.record.stance}"


def _group_title(group: ActorRecord, hits: list[StanceHit], q: Question) -> str:
    if q.fact:
        values = {(n.value if (n := fact_note(h.record, q.fact.key)) else None) for h in hits}
        if values == {True}:
            return f"{group.name}: {q.fact.yes}"
        if values == {False}:
            return f"{group.name}: {q.fact.no}"
        return f"{group.name}: {q.fact.label}"
    stances = list(dict.fromkeys(h.record.stance for h in hits))
    return f"{group.name}: {' / '.join(stances)}"


def _render_hit(
    view: TableView,
    doc: Document,
    hit: StanceHit,
    q: Question,
    person: ActorRecord | None = None,
    *,
    heading: bool = True,
) -> None:
    row, actor = hit.record, hit.actor
    topic = view.topic_name(row.topic)
    if heading:
        doc.add(Heading(f"{actor.name}: {row.stance}", 2))
    if q.fact:
        note = fact_note(row, q.fact.key)
        if note is None:
            doc.add(Paragraph(f"The sources don't say whether {actor.name} was {q.fact.yes}."))
        elif q.fact_reply:
            # Being invited is not accepting: state the fact, then the position on record.
            state = q.fact.yes if note.value else q.fact.no
            reply = (
                "the sources record no answer from it"
                if row.stance in ("unknown", "undecided")
                else "its answer is its position below"
            )
            doc.add(Paragraph(f"{actor.name} was {state}; {reply}. {note.text}"))
            if note.evidence:
                doc.add(quote(note.evidence))
        else:
            # "Wasn't Germany invited?" — "Yes" agrees with the question, not with the fact.
            said = note.value is not q.fact_negated
            state = q.fact.yes if note.value else q.fact.no
            doc.add(Paragraph(f"{'Yes' if said else 'No'}: {actor.name} was {state}. {note.text}"))
            if note.evidence:
                doc.add(quote(note.evidence))
    lead = f"{actor.name} {STANCE_LABELS.get(row.stance, row.stance)} {topic}"
    if q.yes_no and len(q.stances) == 1 and (not q.fact or q.fact_reply):
        lead = f"{verdict(row.stance, q.stances)} {lead}"
    as_of = f" (as of {short_date(row.as_of)})" if row.as_of else ""
    doc.add(Paragraph(f"{lead}{as_of}. {row.summary}"))
    evidence = list(row.evidence)
    if person is not None:
        # A spokesperson's own words first.
        names = [fold(n) for n in (person.name, *person.aliases)]
        evidence.sort(key=lambda e: not any(n in fold(e.quote) for n in names))
    for e in evidence:
        doc.add(quote(e))
    if not q.fact:
        for note in row.notes:
            doc.add(Paragraph(f"Note: {note.text}"))
            if note.evidence:
                doc.add(quote(note.evidence))
    history = history_line(row, view.table.facts)
    if history:
        doc.add(Context(history[0].upper() + history[1:] + "."))
    if hit.via:
        doc.add(Context(hit.via))


def _render_group(doc: Document, group: ActorRecord, hits: list[StanceHit], q: Question) -> None:
    if q.fact:
        doc.add(Paragraph(_group_fact_line(hits, q.fact, negated=q.fact_negated)))
    else:
        names = join_names(names_of(hits))
        how = (
            "its members"
            if all(h.actor.key in group.members for h in hits)
            else "those reported for it"
        )
        text = f"No position of {group.name} as a whole is recorded; for {how} ({names}):"
        if q.yes_no and len(q.stances) == 1:
            verdicts = {verdict(h.record.stance, q.stances) for h in hits}
            said = verdicts.pop() if len(verdicts) == 1 else "Not all:"
            text = f"{said} n{text[1:]}"
        doc.add(Paragraph(text))
    render_compact(doc, hits, q)


def _group_fact_line(hits: list[StanceHit], fact: FactKind, *, negated: bool) -> str:
    """ "Yes: Estonia, Latvia and Lithuania were invited" — or who was, who wasn't, and
    for whom the sources are silent."""
    yes: list[str] = []
    no: list[str] = []
    silent: list[str] = []
    for h in hits:
        note = fact_note(h.record, fact.key)
        (silent if note is None else yes if note.value else no).append(h.actor.name)
    parts = []
    if yes:
        parts.append(f"{join_names(yes)} {'was' if len(yes) == 1 else 'were'} {fact.yes}")
    if no:
        parts.append(f"{join_names(no)} {'was' if len(no) == 1 else 'were'} {fact.no}")
    if silent:
        parts.append(f"the sources don't say for {join_names(silent)}")
    if yes and not no and not silent:
        said = "No: " if negated else "Yes: "
    elif no and not yes and not silent:
        said = "Yes: " if negated else "No: "
    else:
        said = ""
    text = "; ".join(parts)
    return f"{said}{text[0].upper()}{text[1:]}."
