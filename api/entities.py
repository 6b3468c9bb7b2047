"""Entity read model: search by name, full description, RDF description."""

from __future__ import annotations

import re
from typing import Any

import pyoxigraph as ox

from api.data import (
    ROLE_PROPS,
    Ids,
    best_labels,
    construct,
    lit,
    local,
    mentions,
    select,
    sentences,
    string,
    values,
)
from kg.errors import NotFoundError
from kg.store import OxigraphStore

CLASS_OF_KIND = {"person": "schema:Person", "organization": "schema:Organization",
                 "place": "schema:Place", "group": "nkg:GroupActor"}


def _counts(store: OxigraphStore, iris: list[str]) -> dict[str, tuple[int, int]]:
    """(mentions, articles) per entity IRI."""
    if not iris:
        return {}
    rows = select(store, "SELECT ?e (COUNT(DISTINCT ?m) AS ?nm) (COUNT(DISTINCT ?a) AS ?na) "
                  "WHERE { " + values("e", iris) + " { ?e gaf:denotedBy ?m } "
                  "UNION { ?e prov:wasDerivedFrom ?a } } GROUP BY ?e")
    found = {r["e"].value: (int(r["nm"].value), int(r["na"].value)) for r in rows}
    return {i: found.get(i, (0, 0)) for i in iris}


def _alt_labels(store: OxigraphStore, iris: list[str]) -> dict[str, list[str]]:
    out: dict[str, set[str]] = {}
    if iris:
        for r in select(store, "SELECT DISTINCT ?e ?l WHERE { " + values("e", iris)
                        + " { ?e skos:altLabel ?l } UNION { ?e rdfs:label ?l } }"):
            out.setdefault(r["e"].value, set()).add(r["l"].value)
    return {k: sorted(v) for k, v in out.items()}


def search(store: OxigraphStore, ids: Ids, q: str | None, kind: str | None,
           limit: int, offset: int) -> dict[str, Any]:
    """Entities whose label or alias has a word starting with ``q`` (case-insensitive).

    Ranked: exact name, then name prefix, then word prefix; then by mention count.
    Ranking, counting and paging happen in SPARQL; labels are fetched for the page only.
    """
    kinds = [kind] if kind else list(CLASS_OF_KIND)
    classes = " ".join(CLASS_OF_KIND[k] for k in kinds)
    needle = (q or "").strip()
    if needle:
        pattern = r"(^|[^\p{L}\p{N}])" + re.sub(r"([\\.^$|?*+()\[\]{}])", r"\\\1", needle)
        low = string(needle.lower())
        # names first, in a subquery: joined the other way round Oxigraph is ~8x slower
        where = ("{ SELECT DISTINCT ?e ?name WHERE { "
                 "{ ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } "
                 f'FILTER(REGEX(?name, {string(pattern)}, "i")) }} }} '
                 f"VALUES ?cls {{ {classes} }} ?e a ?cls . "
                 f"BIND(IF(LCASE(?name) = {low}, 0, IF(STRSTARTS(LCASE(?name), {low}), 1, 2))"
                 " AS ?r)")
    else:
        where = (f"{{ SELECT DISTINCT ?e WHERE {{ VALUES ?cls {{ {classes} }} ?e a ?cls }} }} "
                 "BIND(2 AS ?r)")
    total = select(store, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ {where} }}")
    rows = select(store, f"""SELECT ?e ?rank (COUNT(?m) AS ?nm) WHERE {{
        {{ SELECT ?e (MIN(?r) AS ?rank) WHERE {{ {where} }} GROUP BY ?e }}
        OPTIONAL {{ ?e gaf:denotedBy ?m }} }} GROUP BY ?e ?rank
        ORDER BY ?rank DESC(?nm) ?e LIMIT {int(limit)} OFFSET {int(offset)}""")
    page = [r["e"].value for r in rows]
    labels = best_labels(store, page)
    alts = _alt_labels(store, page)
    counts = _counts(store, page)
    items = []
    for iri in page:
        label = labels.get(iri, local(iri) or iri)
        items.append({
            "id": ids.id_of(iri), "iri": iri, "label": label, "type": ids.kind_of(iri),
            "alt_labels": [a for a in alts.get(iri, []) if a != label],
            "mentions": counts[iri][0], "articles": counts[iri][1],
        })
    return {"items": items, "total": lit(total[0]["n"]), "limit": limit, "offset": offset}


def exists(store: OxigraphStore, iri: ox.NamedNode) -> bool:
    return bool(store.raw.query(f"ASK {{ <{iri.value}> ?p ?o }}", use_default_graph_as_union=True))


def describe(store: OxigraphStore, ids: Ids, iri: ox.NamedNode) -> dict[str, Any]:
    """The contract's full entity description (types, posts, coordinates, events, ...)."""
    if not exists(store, iri):
        raise NotFoundError(f"no entity {ids.id_of(iri.value)}")
    e = iri.value
    type_rows = select(store, "SELECT DISTINCT ?t WHERE { ?e a ?t }", e=iri)
    types = sorted(r["t"].value for r in type_rows)
    facts = select(store, """SELECT ?lat ?lon ?gn ?cc WHERE {
        OPTIONAL { ?e wgs:lat ?lat ; wgs:long ?lon }
        OPTIONAL { ?e owl:sameAs ?gn FILTER(STRSTARTS(STR(?gn), "https://sws.geonames.org/")) }
        OPTIONAL { ?e nkg:countryCode ?cc } } LIMIT 1""", e=iri)[0]
    post_rows = select(store, """SELECT DISTINCT ?post ?pl ?role ?org WHERE { ?e org:holds ?post .
            OPTIONAL { ?post rdfs:label ?pl } OPTIONAL { ?post org:role/skos:prefLabel ?role }
            OPTIONAL { ?post org:postIn ?org } }""", e=iri)
    orgs = sorted({r["org"].value for r in post_rows if r["org"] is not None})
    labels = best_labels(store, [e, *orgs])  # the entity's and its posts' organisations'
    label = labels.get(e, local(e) or e)
    posts = []
    for r in post_rows:
        org = r["org"].value if r["org"] is not None else None
        posts.append({"label": lit(r["pl"]), "role": lit(r["role"]),
                      "organization": {"id": ids.id_of(org), "label": labels.get(org, local(org))}
                      if org else None})
    n_mentions, n_articles = _counts(store, [e])[e]
    dates = select(store, """SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {
        ?e prov:wasDerivedFrom ?a . ?a schema:datePublished ?d }""", e=iri)[0]
    return {
        "id": ids.id_of(e), "iri": e, "label": label, "type": ids.kind_of(e), "types": types,
        "alt_labels": [a for a in _alt_labels(store, [e]).get(e, []) if a != label],
        "posts": posts,
        "lat": lit(facts["lat"]), "lon": lit(facts["lon"]),
        "geonames": lit(facts["gn"]), "country_code": lit(facts["cc"]),
        "mention_count": n_mentions, "article_count": n_articles,
        "first_seen": lit(dates["first"]), "last_seen": lit(dates["last"]),
        "events": entity_events(store, ids, iri),
        "statements": statements(store, ids, iri),
        "mentions": mentions(store, iri, ids),
    }


def entity_events(store: OxigraphStore, ids: Ids, iri: ox.NamedNode) -> list[dict[str, Any]]:
    roles = ", ".join(f"nkg:{r}" for r in ROLE_PROPS)
    rows = select(store, f"""SELECT ?ev ?role ?type ?label ?date ?fact WHERE {{
        ?ev a sem:Event . ?ev ?r ?e .
        FILTER(?r IN ({roles}, sem:hasPlace, sem:hasActor, prov:wasAttributedTo))
        BIND(IF(?r = sem:hasPlace, "place", IF(?r = prov:wasAttributedTo, "attributed",
             REPLACE(STR(?r), "^.*[#/]", ""))) AS ?role)
        OPTIONAL {{ ?ev sem:eventType ?type }} OPTIONAL {{ ?ev rdfs:label ?label }}
        OPTIONAL {{ ?ev sem:hasTimeStamp ?date }} OPTIONAL {{ ?ev nkg:factuality ?fact }}
    }}""", e=iri)
    events: dict[str, dict[str, Any]] = {}
    for r in rows:
        ev = events.setdefault(r["ev"].value, {
            "id": ids.short_id(r["ev"].value), "type": local(lit(r["type"])),
            "label": lit(r["label"]), "date": lit(r["date"]),
            "factuality": (local(lit(r["fact"])) or "").lower() or None, "role": None})
        role = lit(r["role"])
        if ev["role"] is None or ev["role"] == "hasActor":
            ev["role"] = role
    for ev in events.values():
        if ev["role"] == "hasActor":
            ev["role"] = "actor"
    return sorted(events.values(), key=lambda ev: (ev["date"] or "9999", ev["id"]))


def statements(store: OxigraphStore, ids: Ids, iri: ox.NamedNode) -> list[dict[str, Any]]:
    rows = select(store, """SELECT ?st ?date ?content ?art ?title ?url ?m WHERE {
        ?st nkg:speaker ?e . ?st a nkg:Statement .
        OPTIONAL { ?st sem:hasTimeStamp ?date } OPTIONAL { ?st nkg:content ?content }
        OPTIONAL { ?st prov:wasDerivedFrom ?art } OPTIONAL { ?art dcterms:title ?title }
        OPTIONAL { ?art schema:url ?url } OPTIONAL { ?st gaf:denotedBy ?m }
    } ORDER BY ?date ?st""", e=iri)
    sent = sentences(store, sorted({r["m"].value for r in rows if r["m"] is not None}))
    out: dict[str, dict[str, Any]] = {}
    for r in rows:
        art = r["art"].value if r["art"] is not None else None
        item = out.setdefault(r["st"].value, {
            "id": ids.short_id(r["st"].value), "date": lit(r["date"]),
            "content": lit(r["content"]), "sentence": None,
            "article": {"id": ids.short_id(art), "title": lit(r["title"]), "url": lit(r["url"])}
            if art else None,
        })
        if item["sentence"] is None and r["m"] is not None:
            item["sentence"] = sent.get(r["m"].value)
    return list(out.values())


def rdf_description(store: OxigraphStore, iri: ox.NamedNode) -> list[ox.Triple]:
    """A CBD-like description: the resource's own statements plus those of its geometry,
    posts and quantities, and the statements whose object it is (events it is in)."""
    triples = construct(store, """CONSTRUCT { ?e ?p ?o . ?x ?p2 ?o2 . ?in ?pi ?e } WHERE {
        { ?e ?p ?o }
        UNION { ?e geo:hasGeometry|org:holds|nkg:quantity ?x . ?x ?p2 ?o2 }
        UNION { ?in ?pi ?e FILTER(?pi != gaf:denotedBy) } }""", e=iri)
    if not triples:
        raise NotFoundError(f"nothing is known about {iri.value}")
    return triples
