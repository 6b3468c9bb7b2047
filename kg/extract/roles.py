"""People in their posts (W3C ORG): titles before a name and appositions after it.

Patterns (titles from ``kg/data/entities/roles.tsv``):

* ``[ORG | Country's | Demonym] TITLE PERSON`` - "Kremlin spokesman Dmitry Peskov",
  "Russian Defence Ministry spokesman Igor Konashenkov", "Ukrainian Foreign Minister
  Dmytro Kuleba";
* ``PERSON , [the] [ORG | Country's | Demonym] TITLE [of ORG | Country]`` - "Sergei Shoigu,
  Russia's defence minister".

The organisation is the entity of the name right before the title (an organisation, or a
country named or implied by a nationality); a title without one gives a post without
``postIn``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kg.extract.coref import Clustering
from kg.extract.lexicon import Lexicons, Role
from kg.extract.repair import Cand
from kg.extract.spans import mention_of
from kg.records import Entity, Post

if TYPE_CHECKING:
    from spacy.tokens import Doc

_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})


def _title_ending_at(doc: Doc, end: int, lex: Lexicons) -> tuple[int, Role] | None:
    for n in range(min(lex.max_role_len, end), 0, -1):
        role = lex.roles.get(tuple(t.lower_ for t in doc[end - n:end]))
        if role is not None:
            return end - n, role
    return None


def _title_starting_at(doc: Doc, start: int, lex: Lexicons) -> tuple[int, Role] | None:
    for n in range(min(lex.max_role_len, len(doc) - start), 0, -1):
        role = lex.roles.get(tuple(t.lower_ for t in doc[start:start + n]))
        if role is not None:
            return start + n, role
    return None


def _owner_ending_at(doc: Doc, end: int, by_end: dict[int, int]) -> int | None:
    """Index of the cand (org, country, demonym) ending at ``end``, allowing a possessive."""
    if end in by_end:
        return by_end[end]
    if end > 0 and doc[end - 1].text in _POSSESSIVE and end - 1 in by_end:
        return by_end[end - 1]
    return None


_SMALL = frozenset({"of", "the", "and", "for"})


def _title_case(text: str) -> str:
    """"secretary of state" -> "Secretary of State"."""
    return " ".join(w if w in _SMALL else w[:1].upper() + w[1:] for w in text.split())


def _label(role: Role, owner: Entity | None) -> str:
    if owner is None:
        return _title_case(role.role)
    if owner.kind == "place":
        return f"{_title_case(role.role)} of {owner.label}"
    return f"{owner.label} {role.role}"


def find_posts(doc: Doc, cands: list[Cand], clustering: Clustering, lex: Lexicons) -> list[Post]:
    """Posts held by the people of this article (one per person, role and organisation)."""
    ents = {e.key: e for e in clustering.entities}
    owners = {c.end: i for i, c in enumerate(cands)
              if c.kind in ("organization", "place") and ents[clustering.of_cand[i]].kind in
              ("organization", "place")}
    by_start = {c.start: i for i, c in enumerate(cands)}
    posts: dict[tuple[str, str, str | None], Post] = {}
    for i, c in enumerate(cands):
        if c.kind != "person":
            continue
        holder = clustering.of_cand[i]
        found = _before(doc, c, cands, owners, lex) or _after(doc, c, owners, by_start, lex)
        if found is None:
            continue
        begin, end, role, owner_i = found
        owner = ents[clustering.of_cand[owner_i]] if owner_i is not None else None
        key = (holder, role.role, owner.key if owner else None)
        if key not in posts:
            posts[key] = Post(holder=holder, role=role.role, label=_label(role, owner),
                              organization=owner.key if owner else None,
                              mention=mention_of(doc[begin:end]))
    placed = {(p.holder, p.role) for p in posts.values() if p.organization is not None}
    return [p for p in posts.values()
            if p.organization is not None or (p.holder, p.role) not in placed]


def _before(doc: Doc, c: Cand, cands: list[Cand], owners: dict[int, int], lex: Lexicons
            ) -> tuple[int, int, Role, int | None] | None:
    title = _title_ending_at(doc, c.start, lex)
    if title is None:
        return None
    t_start, role = title
    owner_i = _owner_ending_at(doc, t_start, owners)
    begin = t_start if owner_i is None else cands[owner_i].start
    return begin, c.start, role, owner_i


def _after(doc: Doc, c: Cand, owners: dict[int, int], by_start: dict[int, int], lex: Lexicons
           ) -> tuple[int, int, Role, int | None] | None:
    i = c.end
    if i >= len(doc) or doc[i].text != ",":
        return None
    i += 1
    if i < len(doc) and doc[i].lower_ in ("the", "a"):
        i += 1
    begin = i
    owner_i: int | None = None
    if i in by_start:
        j = by_start[i]
        owner_end = next((e for e, k in owners.items() if k == j), None)
        if owner_end is not None:
            owner_i = j
            i = owner_end
            if i < len(doc) and doc[i].text in _POSSESSIVE:
                i += 1
    title = _title_starting_at(doc, i, lex)
    if title is None:
        return None
    t_end, role = title
    if owner_i is None and t_end + 1 < len(doc) and doc[t_end].lower_ == "of":
        k = t_end + 1 + (1 if doc[t_end + 1].lower_ == "the" else 0)
        if k in by_start and any(v == by_start[k] for v in owners.values()):
            owner_i = by_start[k]
            t_end = next(e for e, v in owners.items() if v == owner_i)
    return begin, t_end, role, owner_i


def add_role_mentions(doc: Doc, cands: list[Cand], clustering: Clustering, posts: list[Post],
                      lex: Lexicons) -> None:
    """"the minister", "the spokesman": a mention of the one person holding such a post.

    A definite role phrase (not right before a name) joins a person only when exactly one
    person of the article holds a post whose role ends with that title's role word(s).
    """
    if not posts:
        return
    ents = {e.key: e for e in clustering.entities}
    covered = {i for c in cands for i in range(c.start, c.end)}
    for tok in doc:
        if tok.lower_ != "the" or tok.i + 1 >= len(doc):
            continue
        found = _title_starting_at(doc, tok.i + 1, lex)
        if found is None or any(i in covered for i in range(tok.i + 1, found[0])):
            continue
        end, role = found
        if end < len(doc) and (doc[end].i in covered or doc[end].text[:1].isupper()
                               or doc[end].lower_ == "of"):
            continue  # a title before a name, or "the minister of X" (another post)
        holders = {p.holder for p in posts if p.role == role.role
                   or p.role.endswith(" " + role.role)}
        if len(holders) == 1:
            person = ents[holders.pop()]
            person.mentions.append(mention_of(doc[tok.i + 1:end]))
            person.mentions.sort(key=lambda m: m.start)
