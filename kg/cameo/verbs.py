"""Read a PETRARCH/TABARI-format verbs dictionary.

The format as we read it (one item per line; ``#`` starts a comment outside ``[...]``,
``<!-- ... -->`` comments may span lines, blank lines are skipped):

- ``&NAME`` starts a synset; the following ``+member`` lines are its members. A member
  may be several words (``+AUSTRIAN FLORIN``, ``+GOLDEN_GOBLIN_GALLEONS``) or another
  synset (``+&TIETYPES``). A trailing ``_`` on the name is ignored (``&PREPOSIT1_``).
- ``--- NAME [code] ---`` starts a verb block with its default code.
- Inside a block, lines that are not patterns list the verbs of the block: ``WORD
  [code] {FORM FORM}``. The first is the primary verb; a verb line with its own code
  uses it instead of the block's. A multi-word verb joins its words with ``_`` or a
  space and marks the inflected word with ``+`` (``KLM_NOP_+RST``, ``+BREAK_DOWN``);
  without ``+`` the first word is the verb. ``{...}`` lists irregular forms; regular
  forms (-S, -ED, -ING) are generated.
- ``- words * words [code] # comment`` is a pattern: ``*`` stands for the verb, the words
  before it must occur before the verb in that order, the words after it after the verb.
  Words joined by ``_`` (``IN_*``, ``WOULD_*_TALKS``) must be adjacent; a space allows
  other words between them. ``$`` marks the source actor, ``+`` the target actor, ``%``
  a compound actor (source and target at once), ``^`` skips one noun phrase,
  ``&NAME`` matches any member of a synset. Any other token (including ``@`` forms, which
  the validation dictionaries do not use) is a literal word; it matches a word of the
  same form or lemma, and a literal of five letters or more also matches words it begins
  ("CONTRIBUT" matches "contributions"), as the dictionaries use stems.
- Codes: ``[---]`` means "matched, but no event"; ``[a:b]`` is read as ``a`` (the second
  code is the one the other side of a symmetric event would get); other text is kept as
  written, so dictionaries with non-CAMEO codes are coded as they say (the coder treats
  codes made only of punctuation, ``[+++]`` and ``[###]``, as placeholders).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError

_XML_COMMENT = re.compile(r"<!\s*--.*?-->", re.S)
_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")
_MARKERS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
STEM_MIN = 5


@dataclass(frozen=True)
class Element:
    """One pattern element; ``joined`` means it must touch the element nearer the verb."""

    kind: str  # word | synset | source | target | compound | skip
    value: str = ""
    joined: bool = False


@dataclass(frozen=True)
class Pattern:
    """A pattern of a verb block; element tuples run outward from the verb."""

    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: str | None
    line: int
    text: str

    @property
    def weight(self) -> int:
        """How specific the pattern is: the number of its elements."""
        return len(self.before) + len(self.after)


@dataclass(frozen=True)
class Verb:
    """A verb of a block: its words, which of them inflects, and its forms."""

    words: tuple[str, ...]
    head: int
    code: str | None
    block: str
    forms: tuple[str, ...]
    line: int


@dataclass
class Block:
    """A ``--- NAME [code] ---`` block: default code and patterns."""

    name: str
    code: str | None
    line: int
    patterns: list[Pattern] = field(default_factory=list)


@dataclass
class VerbDictionary:
    """A parsed verbs dictionary."""

    path: str
    synsets: dict[str, tuple[tuple[str, ...], ...]]
    blocks: dict[str, Block]
    verbs: list[Verb]
    index: dict[str, list[Verb]] = field(default_factory=dict)
    stems: list[Verb] = field(default_factory=list)

    def lookup(self, *words: str) -> list[Verb]:
        """Verbs whose head form is one of ``words`` (uppercase), best first."""
        for w in words:
            if w in self.index:
                return self.index[w]
        for w in words:
            found = [v for v in self.stems if len(w) > len(v.words[v.head]) and w.startswith(v.words[v.head])]
            if found:
                return found
        return []


def strip_comments(text: str) -> list[str]:
    """Lines with XML and ``#`` comments removed (line numbers preserved)."""
    text = _XML_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    out = []
    for line in text.split("\n"):
        depth, cut = 0, len(line)
        for i, ch in enumerate(line):
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth = max(0, depth - 1)
            elif ch == "#" and depth == 0:
                cut = i
                break
        out.append(line[:cut].rstrip())
    return out


def parse_code(raw: str) -> str | None:
    """``"064"`` -> "064", ``"031:032"`` -> "031", ``"---"`` -> None."""
    code = raw.strip().split(":")[0].strip()
    return None if not code or code == "---" else code


def regular_forms(word: str) -> tuple[str, ...]:
    """Regular English inflections of an uppercase verb."""
    vowels = "AEIOU"
    if word.endswith("E"):
        return word, word + "S", word + "D", word[:-1] + "ING"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in vowels:
        return word, word[:-1] + "IES", word[:-1] + "IED", word + "ING"
    if word.endswith(("S", "SH", "CH", "X", "Z")):
        return word, word + "ES", word + "ED", word + "ING"
    return word, word + "S", word + "ED", word + "ING"


def _split_verb(name: str, where: str) -> tuple[tuple[str, ...], int]:
    parts = [p for p in re.split(r"[_\s]+", name.strip().upper()) if p]
    if not parts:
        raise InputError(f"{where}: empty verb")
    head = next((i for i, p in enumerate(parts) if p.startswith("+")), 0)
    return tuple(p.lstrip("+") for p in parts), head


def _pattern(text: str, code: str | None, line: int, where: str) -> Pattern:
    flat: list[tuple[str, bool]] = []  # (token, joined to the next token)
    for chunk in text.split():
        parts = chunk.upper().split("_")
        for j, part in enumerate(parts):
            if part:
                flat.append((part, j < len(parts) - 1))
            elif j == 0 and flat:
                flat[-1] = (flat[-1][0], True)
    stars = [i for i, (t, _) in enumerate(flat) if t == "*"]
    if len(stars) != 1:
        raise InputError(f"{where}: a pattern needs exactly one '*' for the verb: {text.strip()!r}")
    s = stars[0]

    def element(tok: str, joined: bool) -> Element:
        if tok in _MARKERS:
            return Element(_MARKERS[tok], "", joined)
        if tok.startswith("&"):
            if len(tok) < 2:
                raise InputError(f"{where}: '&' without a synset name")
            return Element("synset", tok[1:].rstrip("_"), joined)
        return Element("word", tok, joined)

    before = tuple(element(flat[i][0], flat[i][1]) for i in range(s - 1, -1, -1))
    after = tuple(element(flat[i][0], flat[i - 1][1]) for i in range(s + 1, len(flat)))
    return Pattern(before, after, code, line, text.strip())


def parse_verbs(text: str, path: str = "<verbs>") -> VerbDictionary:
    """Parse a verbs dictionary; raise InputError naming the line of any malformed entry.

    >>> d = parse_verbs("--- MEET [031] ---\\nMEET\\n- * TALKS [032]\\n")
    >>> d.lookup("MET", "MEET")[0].code
    '031'
    """
    synsets: dict[str, list[tuple[str, ...]]] = {}
    synset_lines: dict[str, int] = {}
    blocks: dict[str, Block] = {}
    verbs: list[Verb] = []
    state, current_syn, block = "", "", None
    for n, line in enumerate(strip_comments(text), 1):
        where = f"{path} line {n}"
        s = line.strip()
        if not s:
            if state == "synset":
                state = ""
            continue
        if s.startswith("---"):
            m = _CODE.search(s)
            if m is None:
                raise InputError(f"{where}: verb block header without a [code]: {s!r}")
            name = s[3 : m.start()].strip().rstrip("-").strip().upper()
            if not name:
                raise InputError(f"{where}: verb block header without a name: {s!r}")
            block = Block(name, parse_code(m.group(1)), n)
            blocks[f"{name}@{n}"] = block
            state = "block"
        elif s.startswith("&"):
            current_syn = s[1:].split()[0].rstrip("_").upper() if len(s) > 1 else ""
            if not current_syn:
                raise InputError(f"{where}: synset without a name")
            synsets.setdefault(current_syn, [])
            synset_lines[current_syn] = n
            state = "synset"
        elif state == "synset" and s.startswith("+"):
            member = s[1:].strip()
            if not member:
                raise InputError(f"{where}: empty synset member")
            synsets[current_syn].append(tuple(p for p in re.split(r"[_\s]+", member.upper()) if p))
        elif s.startswith("-"):
            if block is None or state != "block":
                raise InputError(f"{where}: pattern outside a verb block: {s!r}")
            m = _CODE.search(s)
            if m is None:
                raise InputError(f"{where}: pattern without a [code]: {s!r}")
            block.patterns.append(_pattern(s[1 : m.start()], parse_code(m.group(1)), n, where))
        else:
            if block is None or state != "block":
                raise InputError(f"{where}: unexpected line outside a verb block or synset: {s!r}")
            if s.count("{") != s.count("}"):
                raise InputError(f"{where}: unbalanced '{{' in verb forms: {s!r}")
            fm, cm = _FORMS.search(s), _CODE.search(s)
            name = _CODE.sub("", _FORMS.sub("", s)).strip()
            words, head = _split_verb(name, where)
            forms: list[str] = []
            if fm:
                for form in fm.group(1).split():
                    fw, fh = _split_verb(form, where)
                    forms.append(fw[fh])
            code = parse_code(cm.group(1)) if cm else block.code
            verbs.append(Verb(words, head, code, f"{block.name}@{block.line}", tuple(forms), n))
    resolved = _resolve_synsets(synsets, synset_lines, path)
    for b in blocks.values():
        for p in b.patterns:
            for e in p.before + p.after:
                if e.kind == "synset" and e.value not in resolved:
                    raise InputError(f"{path} line {p.line}: unknown synset &{e.value}")
    d = VerbDictionary(path, resolved, blocks, verbs)
    _index(d)
    return d


def _resolve_synsets(
    raw: dict[str, list[tuple[str, ...]]], lines: dict[str, int], path: str
) -> dict[str, tuple[tuple[str, ...], ...]]:
    out: dict[str, tuple[tuple[str, ...], ...]] = {}

    def expand(name: str, seen: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        if name in out:
            return out[name]
        if name in seen:
            raise InputError(f"{path} line {lines[name]}: synset &{name} refers to itself")
        members: list[tuple[str, ...]] = []
        for m in raw[name]:
            if len(m) == 1 and m[0].startswith("&"):
                ref = m[0][1:].rstrip("_")
                if ref not in raw:
                    raise InputError(f"{path} line {lines[name]}: synset &{name} uses unknown &{ref}")
                members.extend(expand(ref, (*seen, name)))
            else:
                members.append(m)
        # longest members first so "AUSTRIAN GOLD FLORIN" wins over a shorter prefix
        out[name] = tuple(sorted(members, key=len, reverse=True))
        return out[name]

    for name in raw:
        expand(name, ())
    return out


def _index(d: VerbDictionary) -> None:
    explicit: dict[str, list[Verb]] = {}
    generated: dict[str, list[Verb]] = {}
    for v in d.verbs:
        head = v.words[v.head]
        explicit.setdefault(head, []).append(v)
        for f in v.forms:
            explicit.setdefault(f, []).append(v)
        for f in regular_forms(head)[1:]:
            generated.setdefault(f, []).append(v)
        if len(head) >= STEM_MIN:
            d.stems.append(v)
    for form, vs in generated.items():
        if form not in explicit:
            d.index[form] = vs
    for form, vs in explicit.items():
        # multi-word verbs first: "BREAK DOWN" is tried before "BREAK"
        d.index[form] = sorted(vs, key=lambda v: -len(v.words))


def load_verbs(path: Path) -> VerbDictionary:
    """Read and parse a verbs dictionary file."""
    if not path.is_file():
        raise InputError(f"verbs dictionary not found: {path}")
    return parse_verbs(path.read_text(encoding="utf-8", errors="replace"), str(path))
