"""``kg eval geo --gold FILE``: toponym resolution against LGL / GeoWebNews / TR-News XML.

Each article's ``<text>`` goes through the real pipeline (spaCy + our entity extraction);
a gold toponym counts as *resolved* when one of our place mentions overlaps its span and
that place has coordinates (an exact span match is preferred, else the shortest
overlapping mention: a nested "Alachua County" beats "Alachua County Sheriff's Office").
Reported: accuracy@161 km (share of resolved toponyms within 161 km of the gold point),
mean error in km over resolved toponyms, and coverage (resolved / gold toponyms with
coordinates; gold toponyms without coordinates are not counted). With ``--gold-spans`` the gold phrases
are linked directly (with the article's context from the pipeline), which scores the
linker alone, without recognition errors. Gold formats: LGL and TR-News
(``<gaztag><lat/><lon/>``), GeoWebNews (``<latitude>/<longitude>``).
"""

from __future__ import annotations

import argparse
import json
import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import InputError

if TYPE_CHECKING:
    from kg.config import Settings
    from kg.records import Entity

ACC_KM = 161.0


@dataclass(frozen=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float
    lon: float


def _float(node: ET.Element | None) -> float | None:
    if node is None or not (node.text or "").strip():
        return None
    try:
        return float(node.text)  # type: ignore[arg-type]
    except ValueError:
        return None


def read_gold(path: Path) -> list[tuple[str, list[GoldToponym]]]:
    """(article text, toponyms with coordinates) for each article of the XML file."""
    if not path.is_file():
        raise InputError(f"gold file {path} does not exist")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{path}: not valid XML: {exc}") from exc
    out = []
    for art in root.iter("article"):
        text = art.findtext("text") or ""
        tops = []
        for t in art.iter("toponym"):
            gaz = t.find("gaztag")
            lat = _float(gaz.find("lat")) if gaz is not None else _float(t.find("latitude"))
            lon = _float(gaz.find("lon")) if gaz is not None else _float(t.find("longitude"))
            start, end = t.findtext("start"), t.findtext("end")
            if lat is None or lon is None or start is None or end is None:
                continue
            phrase = t.findtext("phrase") or t.findtext("extractedName") or ""
            tops.append(GoldToponym(int(start), int(end), phrase, lat, lon))
        out.append((text, tops))
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km.

    >>> round(haversine_km(50.45, 30.52, 49.98, 36.25))
    412
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


BUCKETS = ("right", "wrong_link", "place_unlinked", "wrong_type", "not_recognised")


def _bucket(entities: list[Entity], top: GoldToponym, error: float | None) -> str:
    """Where a gold toponym ended: within 161 km, placed too far, recognised as a place
    but not placed, recognised as a person/organisation/group, or not recognised."""
    if error is not None:
        return "right" if error <= ACC_KM else "wrong_link"
    kinds = {e.kind for e in entities for m in e.mentions if m.start < top.end and m.end > top.start}
    if "place" in kinds:
        return "place_unlinked"
    return "wrong_type" if kinds else "not_recognised"


def evaluate(articles: list[tuple[str, list[GoldToponym]]], nlp: object, resources: object,
             gold_spans: bool = False) -> dict[str, object]:
    """Score the pipeline; with ``gold_spans`` only the linker (gold toponym phrases linked
    with the article's own context from the pipeline). ``buckets`` counts where each gold
    toponym ended (see :func:`_bucket`)."""
    from kg.extract.entities import extract_entities

    errors: list[float] = []
    buckets = dict.fromkeys(BUCKETS, 0)
    n_gold = sum(len(t) for _, t in articles)
    texts = [text for text, _ in articles]
    for (_, tops), doc in zip(articles, nlp.pipe(texts, batch_size=16), strict=True):  # type: ignore[attr-defined]
        entities, _ = extract_entities(doc, resources)  # type: ignore[arg-type]
        placed = [(m.start, m.end, e) for e in entities if e.kind == "place" and e.lat is not None
                  for m in e.mentions]
        for top in tops:
            hit = _best_overlap(placed, top)
            if gold_spans:
                point = _link_phrase(top.phrase, entities, resources)
            else:
                point = (hit.lat, hit.lon) if hit is not None and hit.lon is not None else None  # type: ignore[assignment]
            error = haversine_km(point[0], point[1], top.lat, top.lon) if point is not None else None
            if error is not None:
                errors.append(error)
            buckets[_bucket(entities, top, error)] += 1
    n_resolved = len(errors)
    return {
        "acc_161km": round(sum(e <= ACC_KM for e in errors) / n_resolved, 4) if n_resolved else 0.0,
        "coverage": round(n_resolved / n_gold, 4) if n_gold else 0.0,
        "mean_error_km": round(sum(errors) / n_resolved, 1) if n_resolved else 0.0,
        "n_gold": n_gold,
        "n_resolved": n_resolved,
        "buckets": buckets,
    }


def _best_overlap(placed: list[tuple[int, int, Entity]], top: GoldToponym) -> Entity | None:
    """The placed mention that best matches the gold span: exact first, else the shortest
    overlapping one ("Alachua County" inside "Alachua County Sheriff's Office")."""
    over = [(s != top.start or en != top.end, en - s, i, e)
            for i, (s, en, e) in enumerate(placed) if s < top.end and en > top.start]
    return min(over, key=lambda o: o[:3])[3] if over else None


def _link_phrase(phrase: str, entities: list, resources: object) -> tuple[float, float] | None:
    """Link a gold phrase with the article's context (countries, states, places we placed)."""
    from kg.link import LinkContext

    gaz = resources.gazetteer  # type: ignore[attr-defined]
    lex = resources.lexicons  # type: ignore[attr-defined]
    ctx = LinkContext()
    for e in entities:
        if e.kind == "place" and e.lat is not None and e.country_code:
            ctx.countries.add(e.country_code)
            place = gaz.by_id(e.geonames_id) if e.geonames_id else None
            if place is not None and place.feature == "admin1" and place.admin1:
                ctx.admin1.add((place.country_code, place.admin1))
            elif place is not None and place.feature == "city":
                ctx.points.append((place.lat, place.lon))
    if phrase.lower() in lex.demonyms:
        country = gaz.country(lex.demonyms[phrase.lower()])
        return (country.lat, country.lon) if country else None
    link = gaz.link(lex.aliases.get(("place", phrase.lower()), phrase), ctx)
    return (link.place.lat, link.place.lon) if link else None


def run(args: argparse.Namespace, settings: Settings) -> int:
    from kg.extract.entities import EntityResources
    from kg.nlp import load_pipeline

    articles = read_gold(Path(args.gold))
    result = evaluate(articles, load_pipeline(settings.spacy_model), EntityResources.load(settings.cache_dir),
                      gold_spans=args.gold_spans)
    buckets = result.pop("buckets")
    if args.errors:
        result["buckets"] = buckets
    if args.json:
        print(json.dumps(result))
    else:
        print(f"accuracy@161km  {result['acc_161km']:.3f}\ncoverage        {result['coverage']:.3f}\n"
              f"mean error km   {result['mean_error_km']:.1f}\n"
              f"toponyms        {result['n_resolved']} resolved of {result['n_gold']}")
        if args.errors:
            for name, count in buckets.items():  # type: ignore[attr-defined]
                print(f"  {name:16} {count}")
    return 0


def register(tasks: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = tasks.add_parser("geo", help="toponym resolution vs LGL / GeoWebNews / TR-News XML")
    p.add_argument("--gold", required=True, help="LGL, GWN or TR-News XML file")
    p.add_argument("--gold-spans", action="store_true",
                   help="link the gold toponym phrases (scores the linker alone)")
    p.add_argument("--errors", action="store_true",
                   help="also count where each gold toponym ended: right, wrong_link, "
                        "place_unlinked, wrong_type, not_recognised (JSON key \"buckets\")")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)
