"""Grow a graph cheaply for scale runs: replicate real extractions with perturbed names.

Method (recorded in every result file): a modest synthetic corpus goes through the
real extraction path once. Copy ``k`` of each extraction gets a new article id and URL,
and every person, organisation and group gets a name variant ``"<name> <tag>"`` where
the tag is drawn from ``variants`` (= the number of copies) choices, so a name variant
recurs in about one copy's worth of articles, with random collisions giving some more. Places are kept as they are (the gazetteer is finite, so
countries and big cities become the hubs they are in real news). The copies then go
through the real IRI minting (:func:`kg.rdf.extraction_to_quads`), so event IRIs,
posts and mentions are minted exactly as for real articles.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator

from pyoxigraph import Quad

from kg.rdf import IriMinter, extraction_to_quads
from kg.records import Entity, Extraction

METHOD = (
    "real extraction of a synthetic corpus, then copies with new article ids and "
    "perturbed person/organisation/group names (places unchanged), re-minted through "
    "kg.rdf.extraction_to_quads"
)


def _tag(n: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = letters[r] + out
    return out.capitalize()


def _variant(canonical: str, copy: int, variants: int) -> int:
    digest = hashlib.blake2b(f"{canonical}\x1f{copy}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big") % max(1, variants)


def perturb(extraction: Extraction, copy: int, variants: int) -> Extraction:
    """Copy ``copy`` of an extraction (copy 0 is the original)."""
    if copy == 0:
        return extraction
    art = extraction.article
    article = dataclasses.replace(
        art, id=f"{art.id}-r{copy}", url=f"{art.url}-r{copy}" if art.url else None
    )
    entities: list[Entity] = []
    for ent in extraction.entities:
        if ent.kind == "place":
            entities.append(ent)
            continue
        tag = _tag(_variant(ent.canonical, copy, variants))
        entities.append(dataclasses.replace(
            ent, label=f"{ent.label} {tag}", canonical=f"{ent.canonical} {tag}",
            alt_labels={f"{a} {tag}" for a in ent.alt_labels},
        ))
    return dataclasses.replace(extraction, article=article, entities=entities)


def replicated_quads(
    extractions: list[Extraction], minter: IriMinter, target_quads: int, variants_per_copy: float = 1.0
) -> Iterator[list[Quad]]:
    """Yield per-article quad lists until about ``target_quads`` quads were produced."""
    produced = 0
    copy = 0
    # estimate the copies needed from the first pass, to size the variant pool
    per_pass = sum(len(extraction_to_quads(e, minter)) for e in extractions[:20]) / max(
        1, min(20, len(extractions))
    ) * len(extractions)
    copies = max(1, int(target_quads / max(per_pass, 1)) + 1)
    variants = max(1, int(copies * variants_per_copy))
    while produced < target_quads:
        for ext in extractions:
            quads = extraction_to_quads(perturb(ext, copy, variants), minter)
            produced += len(quads)
            yield quads
            if produced >= target_quads:
                return
        copy += 1
