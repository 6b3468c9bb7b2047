"""Event read model: filtered lists and full event descriptions; places with coordinates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyoxigraph as ox

from api.data import ROLE_PROPS, Ids, best_labels, lit, local, mentions, select, values
from kg.errors import InputError, NotFoundError
from kg.store import OxigraphStore
from kg.vocab import EVENT_TYPES_IRI


def _date(value: str | None, name: str) -> str | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise InputError(f"{name} must be a date YYYY-MM-DD, got {value!r}") from None


def list_events(store: OxigraphStore, ids: Ids, *, type_: str | None = None,
                actor: str | None = None, place: str | None = None, since: str | None = None,
                until: str | None = None, limit: int = 50, offset: int = 0) -> dict[str, Any]:
    """Events filtered by type, actor, place and date range, in date order."""
    clauses, bind = ["?ev a sem:Event ."], {}
    if type_:
        bind["type"] = ox.NamedNode(EVENT_TYPES_IRI + type_.rsplit("/", 1)[-1])
        clauses.append("?ev sem:eventType ?type .")
    if actor:
        bind["actor"] = ids.entity_id(actor)
        roles = ", ".join(f"nkg:{r}" for r in ROLE_PROPS)
        clauses.append(f"?ev ?ar ?actor . FILTER(?ar IN ({roles}, sem:hasActor, "
                       "prov:wasAttributedTo))")
    if place:
        bind["place"] = ids.entity_id(place)
        clauses.append("?ev sem:hasPlace ?place .")
    clauses.append("OPTIONAL { ?ev sem:hasTimeStamp ?date }")
    since_d, until_d = _date(since, "since"), _date(until, "until")
    if since_d:
        clauses.append(f'FILTER(BOUND(?date) && ?date >= "{since_d}"^^xsd:date)')
    if until_d:
        clauses.append(f'FILTER(BOUND(?date) && ?date <= "{until_d}"^^xsd:date)')
    where = " ".join(clauses)
    total = select(store, f"SELECT (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ {where} }}", **bind)
    rows = select(store, f"""SELECT ?ev (MIN(?date) AS ?d) WHERE {{ {where} }} GROUP BY ?ev
        ORDER BY (!BOUND(?d)) ?d ?ev LIMIT {int(limit)} OFFSET {int(offset)}""", **bind)
    items = describe_many(store, ids, [r["ev"].value for r in rows])
    return {"items": items, "total": lit(total[0]["n"]), "limit": limit, "offset": offset}


def describe_many(store: OxigraphStore, ids: Ids, iris: list[str]) -> list[dict[str, Any]]:
    """The list-item description of each event, in the order given."""
    if not iris:
        return []
    vals = values("ev", iris)
    out: dict[str, dict[str, Any]] = {}
    for r in select(store, f"""SELECT ?ev ?type ?tlabel ?label ?date ?prec ?fact ?conf WHERE {{
            {vals} OPTIONAL {{ ?ev sem:eventType ?type
                              OPTIONAL {{ ?type skos:prefLabel ?tlabel }} }}
            OPTIONAL {{ ?ev rdfs:label ?label }} OPTIONAL {{ ?ev sem:hasTimeStamp ?date }}
            OPTIONAL {{ ?ev nkg:datePrecision ?prec }} OPTIONAL {{ ?ev nkg:factuality ?fact }}
            OPTIONAL {{ ?ev nkg:confidence ?conf }} }}"""):
        iri = r["ev"].value
        if iri in out:
            continue
        out[iri] = {
            "id": ids.short_id(iri), "iri": iri, "type": local(lit(r["type"])),
            "type_label": lit(r["tlabel"]) or ids.type_labels.get(lit(r["type"]) or "")
                          or local(lit(r["type"])),
            "label": lit(r["label"]), "date": lit(r["date"]), "precision": lit(r["prec"]),
            "factuality": (local(lit(r["fact"])) or "").lower() or None,
            "confidence": lit(r["conf"]), "places": [], "actors": [], "quantities": [],
        }
    places = select(store, f"""SELECT DISTINCT ?ev ?p ?lat ?lon WHERE {{ {vals}
        ?ev sem:hasPlace ?p OPTIONAL {{ ?p wgs:lat ?lat ; wgs:long ?lon }} }}""")
    roles = ", ".join(f"nkg:{r}" for r in ROLE_PROPS)
    actors = select(store, f"""SELECT DISTINCT ?ev ?a ?r WHERE {{ {vals}
        ?ev ?r ?a FILTER(?r IN ({roles}, sem:hasActor)) }}""")
    labels = best_labels(store, sorted({r["p"].value for r in places}
                                       | {r["a"].value for r in actors}))
    for r in places:
        ev = out.get(r["ev"].value)
        if ev is not None and all(p["iri"] != r["p"].value for p in ev["places"]):
            ev["places"].append({"id": ids.id_of(r["p"].value), "iri": r["p"].value,
                                 "label": labels.get(r["p"].value, local(r["p"].value)),
                                 "lat": lit(r["lat"]), "lon": lit(r["lon"])})
    specific: set[tuple[str, str]] = {(r["ev"].value, r["a"].value) for r in actors
                                      if not r["r"].value.endswith("hasActor")}
    for r in actors:
        key = (r["ev"].value, r["a"].value)
        role = local(r["r"].value)
        if role == "hasActor":
            if key in specific:
                continue
            role = "actor"
        out[key[0]]["actors"].append({"id": ids.id_of(key[1]), "label": labels.get(key[1]),
                                      "role": role})
    # one item per quantity node: a count two linked articles both give is one node in
    # each article graph; it is exact when no article gives it as a bound
    counts: dict[tuple[str, str], dict[str, Any]] = {}
    for r in select(store, f"""SELECT DISTINCT ?ev ?q ?kind ?count ?thing ?exact WHERE {{
            {vals} ?ev nkg:quantity ?q . ?q nkg:quantityKind ?kind ; nkg:count ?count
            OPTIONAL {{ ?q nkg:countedThing ?thing }} OPTIONAL {{ ?q nkg:countExact ?exact }}
            }}"""):
        item = counts.get((r["ev"].value, r["q"].value))
        if item is None:
            item = counts[(r["ev"].value, r["q"].value)] = {
                "kind": lit(r["kind"]), "count": lit(r["count"]), "thing": lit(r["thing"]),
                "exact": True}
            out[r["ev"].value]["quantities"].append(item)
        item["exact"] = item["exact"] and lit(r["exact"]) is not False
    return [out[i] for i in iris if i in out]


def describe_event(store: OxigraphStore, ids: Ids, iri: ox.NamedNode) -> dict[str, Any]:
    items = describe_many(store, ids, [iri.value])
    if not items or not select(store, "SELECT ?t WHERE { ?e a sem:Event BIND(1 AS ?t) }", e=iri):
        raise NotFoundError(f"no event {ids.short_id(iri.value)}")
    item = items[0]
    extra = select(store, """SELECT ?content ?speaker ?attr WHERE {
        OPTIONAL { ?e nkg:content ?content } OPTIONAL { ?e nkg:speaker ?speaker }
        OPTIONAL { ?e prov:wasAttributedTo ?attr } } LIMIT 1""", e=iri)[0]
    speaker = extra["speaker"].value if extra["speaker"] is not None else None
    attr = extra["attr"].value if extra["attr"] is not None else None
    labels = best_labels(store, [i for i in (speaker, attr) if i])
    item["content"] = lit(extra["content"])
    item["speaker"] = {"id": ids.id_of(speaker), "label": labels.get(speaker)} if speaker else None
    item["attributed_to"] = ({"id": ids.id_of(attr), "label": labels.get(attr)}
                             if attr else None)
    item["mentions"] = mentions(store, iri, ids)
    return item


def places(store: OxigraphStore, ids: Ids, limit: int = 1000) -> dict[str, Any]:
    """Places that have coordinates, with how many events happen there and mentions."""
    rows = select(store, f"""SELECT ?p (SAMPLE(?la) AS ?lat) (SAMPLE(?lo) AS ?lon)
        (COUNT(DISTINCT ?ev) AS ?events) (COUNT(DISTINCT ?m) AS ?mentions) WHERE {{
        ?p a schema:Place ; wgs:lat ?la ; wgs:long ?lo .
        {{ ?ev sem:hasPlace ?p }} UNION {{ ?p gaf:denotedBy ?m }} UNION {{ BIND(1 AS ?one) }}
    }} GROUP BY ?p ORDER BY DESC(?events) DESC(?mentions) ?p LIMIT {int(limit)}""")
    labels = best_labels(store, [r["p"].value for r in rows])
    return {"items": [
        {"id": ids.id_of(r["p"].value), "iri": r["p"].value,
         "label": labels.get(r["p"].value, local(r["p"].value)),
         "lat": lit(r["lat"]), "lon": lit(r["lon"]), "events": lit(r["events"]),
         "mentions": lit(r["mentions"])}
        for r in rows
    ]}
