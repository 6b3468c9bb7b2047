"""Trigger lookup on hand-built parses: tagger slips the dependency parse corrects.

The Docs carry exactly the tags, dependencies and entities a statistical model sometimes
gives, so each rule is tested without depending on what the model does today.
"""

from __future__ import annotations

from typing import Any

from kg.extract.triggers import find_triggers


def parsed(blank: Any, words: list[str], tags: list[str], deps: list[str], heads: list[int],
           ents: list[str] | None = None) -> Any:
    """A Doc with the given fine tags (coarse POS derived), dependencies, absolute heads
    and IOB entity tags; lemmas are the lower-cased words."""
    from spacy.tokens import Doc

    coarse = {"NN": "NOUN", "NNS": "NOUN", "NNP": "PROPN", "DT": "DET", "IN": "ADP", "VBP": "VERB",
              "VBN": "VERB", "VBD": "VERB", "CD": "NUM", "RB": "ADV", "JJ": "ADJ", ".": "PUNCT"}
    return Doc(
        blank.vocab, words=words, tags=tags, pos=[coarse[t] for t in tags], deps=deps,
        heads=heads, lemmas=[w.lower() for w in words], ents=ents,
    )


def test_event_noun_tagged_as_a_verb_in_a_noun_slot_is_found(blank, resources) -> None:
    words = ["Aleppo", "was", "hit", "following", "a", "government", "airstrike", "on", "markets", "."]
    tags = ["NNP", "VBD", "VBN", "VBG", "DT", "NN", "VBP", "IN", "NNS", "."]
    tags[1], tags[3] = "VBD", "IN"  # "was" and "following" as the parser saw them
    deps = ["nsubjpass", "auxpass", "ROOT", "prep", "det", "compound", "pobj", "prep", "pobj", "punct"]
    heads = [2, 2, 2, 2, 6, 6, 3, 6, 7, 2]
    doc = parsed(blank, words, tags, deps, heads)
    assert "airstrike" in [t.span.text for t in find_triggers(doc, resources.events)]


def test_event_word_inside_a_real_date_is_not_an_event(blank, resources) -> None:
    # the tagger took "an airstrike" for a date: no date word in it, so still an event
    words = ["She", "was", "wounded", "in", "an", "airstrike", "in", "Idlib", "."]
    tags = ["NN", "VBD", "VBN", "IN", "DT", "NN", "IN", "NNP", "."]
    deps = ["nsubjpass", "auxpass", "ROOT", "prep", "det", "pobj", "prep", "pobj", "punct"]
    heads = [2, 2, 2, 2, 5, 3, 2, 6, 2]
    ents = ["O", "O", "O", "O", "B-DATE", "I-DATE", "O", "B-GPE", "O"]
    doc = parsed(blank, words, tags, deps, heads, ents)
    assert "airstrike" in [t.span.text for t in find_triggers(doc, resources.events)]
    # "the attack anniversary" is a date: the attack word names the day, not an event
    words = ["They", "met", "on", "the", "attack", "anniversary", "."]
    tags = ["NN", "VBD", "IN", "DT", "NN", "NN", "."]
    deps = ["nsubj", "ROOT", "prep", "det", "compound", "pobj", "punct"]
    heads = [1, 1, 1, 5, 5, 2, 1]
    ents = ["O", "O", "O", "B-DATE", "I-DATE", "I-DATE", "O"]
    doc = parsed(blank, words, tags, deps, heads, ents)
    assert "attack" not in [t.span.text for t in find_triggers(doc, resources.events)]


def test_opening_fire_read_as_a_noun_compound_is_a_shooting(blank, resources) -> None:
    # the tagger reads "opening" as a noun modifying "fire": still "open fire", a shooting
    words = ["Video", "shows", "troops", "opening", "fire", "on", "a", "crowd", "."]
    tags = ["NN", "VBP", "NNS", "NN", "NN", "IN", "DT", "NN", "."]
    deps = ["nsubj", "ROOT", "compound", "compound", "dobj", "prep", "det", "pobj", "punct"]
    heads = [1, 1, 4, 4, 1, 4, 7, 5, 1]
    doc = parsed(blank, words, tags, deps, heads)
    found = {(t.span.text, t.type) for t in find_triggers(doc, resources.events)}
    assert ("opening fire", "shooting") in found
