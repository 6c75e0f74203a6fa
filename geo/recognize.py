"""Toponym recognition: gazetteer lookup over capitalised token runs, longest match wins,
then rejection of the usual false positives (people, ships, common words, sentence-initial
capitals)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from typing import NamedTuple

from geo._lexicon import RecognitionLexicon, recognition_lexicon
from geo.gazetteer import Gazetteer
from geo.gazetteer import fold as _fold
from geo.gazetteer._build import variant_of
from geo.text import sentence_starts

# A hyphen joins only capitalised parts ("Guinea-Bissau"): "Kyiv-based" and "Iran-backed"
# leave the place name as its own token.
# The Arabic article, also as assimilated to the next letter ("Deir ez-Zor", "Ras an-Naqura",
# "Dar es-Salaam", "Tell ash-Shihab"): a lowercase word of a name.
_ARTICLE_RE = r"(?:[aeu]l|[aeu][dnrstz]|[aeu](?:sh|th|dh))-"
_ARTICLE = re.compile(_ARTICLE_RE)
_WORD_TAIL = r"(?:[^\W_]|-(?=[^\W_a-z])|['’](?!s\b)(?=[^\W_]))*"
# Only what recognition looks at: capitalised words, abbreviations, name connectors and
# "al-"/"el-" prefixes. Skipped lowercase words break runs (their gap is not a plain space).
# (The word-start look-behind is checked once for the three word branches, and the
# abbreviation branch starts with a plain letter class: about twice as fast as one
# look-behind per branch, same tokens.)
_TOKEN = re.compile(
    r"[A-Z]\.(?:[A-Z]\.)+"
    r"|(?<![^\W_])(?:"
    + _ARTICLE_RE
    + r"[^\W_]"
    + _WORD_TAIL
    + r"|(?:of|de|del|della|di|da|do|dos|das|du|des|la|le|el"
    r"|al|the|on|upon|am|an|der|den|y|e|et|and|sur|en|im|in)\b(?![-'’])"
    r"|[^\W\d_a-z]" + _WORD_TAIL + ")"
)
_CONNECTORS = frozenset(
    "of de del della di da do dos das du des la le el al the on upon am an der den y e et and "
    "sur en im in".split()
)
_FUNCTION_WORDS = frozenset(
    """a an the in at on of to from for by with into onto over under near across around about
    after before during since until while when where whereas if as but and or nor so yet than
    that this these those there here it its he she they we you i his her their our your my
    is are was were be been has have had do does did will would can could may might must shall
    should not no yes all any each every some many most more much few both either neither
    also just only even still already then thus hence however meanwhile moreover furthermore
    although though because unless whether which who whom whose what why how between among
    against along amid beyond inside outside toward towards via per upon within without
    according despite including like unlike off out up down""".split()
)
_VESSEL_NOUNS = frozenset(
    """carrier destroyer frigate corvette cruiser submarine warship tanker freighter vessel
    ship boat trawler icebreaker flagship tug ferry yacht liner barge dredger cutter gunboat
    drillship minesweeper minehunter minelayer""".split()
)
_PREV_WORD = re.compile(r"\b([A-Za-z]+) $")
# Head nouns that make the capitalised words before them an organisation or a unit.
_ORG_HEADS = frozenset(
    """Regiment Brigade Battalion Division Corps Squadron Wing Company Party Foundation
    Institute Association Society Council Committee Group Club Inc Ltd LLC Corporation Corp
    Bank Trust Fund Agency Ministry Department Brothers Records Media Press News Times Post
    Herald Tribune Journal Gazette Airlines Airways Motors Energy Holdings Partners Capital
    Studios Entertainment Pharmaceuticals Technologies Systems Software Labs""".split()
)
# Two-word heads of a force's name whose first word may end a place name.
_TWO_WORD_HEADS = frozenset({("Coast", "Guard"), ("Coast", "Guards")})
# Direction words start place names only before a known place ("South Sudan"): the
# gazetteer decides, not the prefix list ("Central Government" is no place).
_HARDWARE_AFTER = re.compile(
    r"(?:[- ]\d{1,3}[A-Z]?)? (?:(?:ballistic|cruise|hypersonic|anti-[a-z]+|guided|attack|"
    r"surface-to-[a-z]+|air-to-[a-z]+|air[- ]defen[cs]e|main|battle|light|heavy|nuclear|"
    r"(?:long|medium|short|intermediate)[- ]range|armou?red|fighting|combat|multirole|stealth|"
    r"strategic|infantry) ){0,3}(?:missiles?|rockets?|drones?|tanks|howitzers?|launchers?|"
    r"interceptors?|warheads?|vehicles|jets|fighters|bombers|helicopters|gunships)\b"
)
_DIRECTIONS = frozenset(
    "north south east west central northern southern eastern western upper lower greater "
    "northeast northwest southeast southwest mid middle inner outer".split()
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|at|near|outside|into|from|"
    # "the nearby town of Leticia": a place noun names what follows
    r"(?:town|city|village|port|province|region|district|island)\s+of)\s$"
)
_LOWER_TAIL = re.compile(r" ([a-z]+)(?: ([a-z]+))?")
_NUMBER_BEFORE = re.compile(r"\d[\d,.]*\s?$")
_MEASURED_BEFORE = re.compile(
    r"\d[\d,.]*\s*(?:-\s*)?(?:km|kilomet(?:re|er)s?|(?:nautical\s+)?miles?|nm)\s+"
    r"(?:(?:north|south)(?:-?(?:east|west))?|east|west)(?:ward)?\s+of\s$",
    re.IGNORECASE,
)
_GAP_OK = {" ", "-", "'", "’", ". "}
_MAX_TOKENS = 7


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str
    candidates: tuple[int, ...]  # gazetteer indices, best prior first
    adjective: bool = False
    sentence_initial: bool = False
    literal: bool = True
    seat: tuple[str, float, float] | None = None  # seat of power: (cc, lat, lon)
    facility: str = ""  # feature code implied by a place noun ("Royal Street" -> ST)
    notes: list[str] = field(default_factory=list)


class _Tok(NamedTuple):
    start: int
    end: int
    text: str


def tokenize(text: str) -> list[_Tok]:
    make = _Tok._make
    return [make((*m.span(), m.group())) for m in _TOKEN.finditer(text)]


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


fold = lru_cache(maxsize=100_000)(_fold)


class _Doc:
    """One document's tokens as parallel lists (offsets, texts, capitalised or not) and the
    bound look-ups recognition makes for each of them: built once per document."""

    __slots__ = ("text", "S", "E", "T", "C", "aliases", "demonyms", "fcode", "seats")

    def __init__(self, text: str, gz: Gazetteer, lex: RecognitionLexicon) -> None:
        self.text = text
        aliases = getattr(gz, "_aliases", None)
        self.aliases = aliases.get if aliases is not None else _candidates_of(gz)
        self.demonyms = gz.demonyms.get
        self.fcode = gz.columns["fcode"]
        self.seats = lex.seats.get
        ms = list(_TOKEN.finditer(text))
        self.S = [m.start() for m in ms]
        self.E = [m.end() for m in ms]
        self.T = T = [m.group() for m in ms]
        if "-" in text:
            self._split_compounds(gz)
            T = self.T
        self.C = [_is_cap(t) for t in T]

    def _split_compounds(self, gz: Gazetteer) -> None:
        """Hyphenated tokens that are no name themselves but join names ("Kyiv-Moscow",
        "Russia-Ukraine", "Russian-Ukrainian") or a name and a designator number
        ("Engels-2"): one token per part, so that each part is looked up on its own."""
        S: list[int] = []
        E: list[int] = []
        T: list[str] = []
        for s, e, t in zip(self.S, self.E, self.T, strict=True):
            parts = _compound_parts(t, self, gz) if "-" in t else None
            if parts is None:
                S.append(s)
                E.append(e)
                T.append(t)
                continue
            for part in parts:
                S.append(s)
                E.append(s + len(part))
                T.append(part)
                s += len(part) + 1
        self.S, self.E, self.T = S, E, T


_DESIGNATOR = re.compile(r"\d{1,3}")
# What follows a dateline's place: an optional ", Region", an optional "(Agency)", then a
# dash or colon ("CAIRO -", "SEOUL, South Korea (CNN) -").
_DATELINE_TAIL = re.compile(
    r"(?:,[ \t]*[A-Z][\w.]*(?:[ \t][A-Z][\w.]*){0,2})?"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?:[\u2014\u2013:]|--?)[ \t]"
)


def _compound_parts(tok: str, d: _Doc, gz: Gazetteer) -> list[str] | None:
    """The parts of a hyphenated token to look up one by one, or ``None`` to keep it whole.

    Split when the token is no name of its own and every part is a place name or a
    demonym ("Kyiv-Moscow", "U.S." stays apart from "Mexico" already), or a place name of
    at least four letters followed by a number of at most three digits ("Engels-2",
    not "Su-35" or "AK-47"). Names that are words of a longer name ("Mercedes-Benz",
    "Jean-Pierre") keep the token whole: not every part is a place."""
    if "-" not in tok or tok[:3].lower() in ("al-", "el-") or _ARTICLE.match(tok):
        return None
    if d.aliases(fold(tok), ()) or d.demonyms(tok) is not None:
        return None
    parts = tok.split("-")
    if any(not p for p in parts):
        return None
    if len(parts) == 2 and _DESIGNATOR.fullmatch(parts[1]):
        name = parts[0]
        if len(name) >= 4 and not name.isupper() and _place_part(name, d, gz):
            return parts
        return None
    if all(_place_part(p, d, gz) or d.demonyms(p) is not None for p in parts):
        return parts
    return None


def _place_part(part: str, d: _Doc, gz: Gazetteer) -> bool:
    """A well-known place's name: a country, continent, first-level division, capital,
    curated area or a city of 100,000 ("Coca-Cola" is no compound of two Spanish towns)."""
    key = fold(part)
    cands = d.aliases(key, ()) if part[:1].isupper() else ()
    if not cands or not _caps_ok(part, key, gz):
        return False
    ix = gz.columns
    best = cands[0]
    return bool(
        ix["fcode"][best] in _WELL_KNOWN_CODES
        or ix["pop"][best] >= 100_000
        or not ix["ids"][best].startswith(("geonames:", "admin1:", "admin2:", "iso3166-2:"))
    )


_WELL_KNOWN_CODES = frozenset({"PCLI", "CONT", "ADM1", "PPLC"})


def _candidates_of(gz: Gazetteer):
    def get(key: str, default: tuple[int, ...] = ()) -> tuple[int, ...]:
        return gz.candidates(key) or default

    return get


def recognize(
    text: str, gazetteer: Gazetteer, *, lexicon: RecognitionLexicon | None = None
) -> list[Mention]:
    """Find place mentions in ``text``. Offsets index ``text`` directly."""
    lex = lexicon or recognition_lexicon()
    d = _Doc(text, gazetteer, lex)
    S, E, T, C = d.S, d.E, d.T, d.C
    n = len(T)
    first_tok_of_sentence = set()
    for s in sentence_starts(text):
        k = bisect_left(S, s)
        if k < n and S[k] - s <= 2:
            first_tok_of_sentence.add(k)

    persons = _person_names(d, lex)
    vessels = _vessel_names(d, lex)
    runs = _run_starts(d)
    variants: dict[str, tuple[int, ...]] = {}  # spelling variants accepted in this document
    mentions: list[Mention] = []
    no_facility_until = -1
    i = 0
    # only capitalised tokens and "al-"/"el-" names start a mention
    for i0 in [k for k in range(n) if C[k] or T[k][:3] in ("al-", "el-")]:
        if i0 < i:
            continue  # inside the previous mention
        i = i0
        found = _longest_match(d, i, gazetteer, lex)
        if found is not None and _names_less_than_its_run(d, i, found[0]):
            found = None  # "the town of Adan Yabaal" is no "Adan"
        fac = _facility(d, i, lex) if i > no_facility_until else None
        if fac is not None and not fac[1]:  # a title or organisation: no facility inside it
            no_facility_until, fac = fac[0], None
        if fac is not None and (found is None or fac[0] > found[0]):
            j, code, (na, nb) = fac
            name_cands: tuple[int, ...] = ()
            # a street named after a place is not in it ("Hampton Avenue", "Atlantic Avenue")
            if na <= nb and code != "ST":  # "Cuyahoga County" -> candidates for "Cuyahoga"
                name = text[S[na] : E[nb]]
                if name.lower() not in _FUNCTION_WORDS and name not in lex.common_words:
                    name_cands = d.aliases(fold(name), ())
                if not name_cands and nb > na:  # "Kent State University" -> "Kent"
                    name_cands = _leading_place(d, na, nb, gazetteer, lex)
            # "Chinese State Councilor", "Russian Embassy": a demonym before a facility noun,
            # no place name, says more than the facility does
            demonym_first = found is not None and found[4] and not name_cands
            if not demonym_first and not (
                i in first_tok_of_sentence and j == i + 1 and T[i].lower() in _FUNCTION_WORDS
            ):
                mentions.append(
                    Mention(
                        start=S[i],
                        end=E[j],
                        text=text[S[i] : E[j]],
                        candidates=name_cands,
                        facility=code,
                    )
                )
                i = j + 1
                continue
        if found is not None and text.startswith("-", found[2]):
            found = _hyphenated(d, i, found)  # "Pag-asa Island": one name, not "Pag"
        if found is None:
            found = _variant_match(d, i, gazetteer, variants)
        if found is None:
            state = _postal_after_place(d, i, mentions, gazetteer)
            if state is not None:  # "Horry County, SC", "Portland, OR"
                mentions.append(Mention(start=S[i], end=E[i], text=T[i], candidates=(state,)))
            i += 1
            continue
        j, start, end, cands, adjective, seat = found
        m = Mention(
            start=start,
            end=end,
            text=text[start:end],
            candidates=cands,
            adjective=adjective,
            sentence_initial=i in first_tok_of_sentence,
            seat=seat,
        )
        if (
            adjective
            and d.fcode[cands[0]] in ("PCLI", "ADM1")
            and _DEMONYM_NOUN_NEXT.match(text, end)
        ):
            # "in English.", "were British, sources said": a language or people, no place;
            # still a sign of where the story is
            m.literal = False
            m.notes.append("noun")
        prev_matched = bool(mentions) and i > 0 and mentions[-1].end >= E[i - 1]
        if _keep(m, d, i, j, gazetteer, lex, persons, prev_matched, runs, vessels):
            mentions.append(m)
        i = j + 1
    if " and " in text:
        mentions = _shared_heads(d, mentions)
    _mark_org_names(text, mentions, lex)
    if "D.C" in text or "DC" in text:
        mentions = _join_district(text, mentions, gazetteer)
    return mentions


# "the Chukchi and Bering seas", "the Black, Azov and Caspian seas", "the Kuril and Aleutian
# islands": names that share one plural head noun
_NAME = r"[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}"
_SHARED_HEAD = re.compile(
    rf"\b({_NAME})((?:,\s+{_NAME}){{0,3}}),?\s+and\s+({_NAME})\s+"
    r"((?i:seas|rivers|islands|straits|oceans|mountains))\b"
)
_PART = re.compile(_NAME)


def _shared_heads(d: _Doc, mentions: list[Mention]) -> list[Mention]:
    """Each name before a shared plural head as the place "<name> <head>" ("Chukchi" ->
    Chukchi Sea), replacing whatever was recognised inside it ("Azov" the town)."""
    text = d.text
    found: list[Mention] = []
    for m in _SHARED_HEAD.finditer(text):
        head = m.group(4).lower()
        heads = (head, head[:-1])  # "Kuril Islands" first, then "Bering Sea"
        spans = [m.span(1), *(x.span() for x in _PART.finditer(text, *m.span(2))), m.span(3)]
        for a, b in spans:
            if text.startswith("The ", a):
                a += 4  # sentence-initial "The Yellow and East China seas"
            for h in heads:
                cands = d.aliases(fold(f"{text[a:b]} {h}"), ())
                if cands:
                    found.append(Mention(start=a, end=b, text=text[a:b], candidates=cands))
                    break
    if not found:
        return mentions
    taken = [(x.start, x.end) for x in found]
    kept = [x for x in mentions if not any(a < x.end and x.start < b for a, b in taken)]
    return sorted(kept + found, key=lambda x: x.start)


# Lowercase parts after a hyphen ("-asa", "-on"), a hyphenated capitalised part ("-Don"),
# then up to two capitalised words ("Island")
_HYPHEN_TAIL = re.compile(
    r"-((?:[a-z]+-){0,2}[a-z]+)(-[A-Z][\w'\u2019]*)?((?:[ \t]+[A-Z][\w'\u2019]*){0,2})"
)


def _hyphenated(d: _Doc, i: int, found: tuple) -> tuple:  # type: ignore[type-arg]
    """The name that runs on past a hyphen and a lowercase part, when the gazetteer knows it
    ("Pag-asa Island"); else the match as found ("Kyiv-based": Kyiv)."""
    text = d.text
    tail = _HYPHEN_TAIL.match(text, found[2])
    if tail is None:
        return found
    base = tail.end(2) if tail.group(2) else tail.end(1)
    ends = [m.end() for m in re.finditer(r"[ \t]+[A-Z][\w'\u2019]*", tail.group(3))]
    for end in reversed(
        [tail.end(1), *([base] if tail.group(2) else []), *(base + e for e in ends)]
    ):
        cands = d.aliases(fold(text[found[1] : end]), ())
        if cands:
            j = bisect_left(d.S, end) - 1
            return (j, found[1], end, cands, False, None)
    return found


_DISTRICT = frozenset({"d.c.", "dc", "d.c"})


def _join_district(text: str, mentions: list[Mention], gz: Gazetteer) -> list[Mention]:
    """ "Washington, D.C." is one name, the city's: one mention, placed in the District (its
    own sense in the document: a bare "Washington" may still be the state)."""
    ix = gz.columns
    out: list[Mention] = []
    k = 0
    while k < len(mentions):
        m = mentions[k]
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if (
            nxt is not None
            and fold(nxt.text) in _DISTRICT
            and text[m.end : nxt.start] == ", "
            and not m.facility
            and not m.adjective
        ):
            inside = tuple(
                i
                for i in m.candidates
                if ix["cc"][i] == "US" and ix["admin1"][i] == "District of Columbia"
            )
            if inside:
                out.append(
                    Mention(
                        start=m.start,
                        end=nxt.end,
                        text=text[m.start : nxt.end],
                        candidates=inside,
                        sentence_initial=m.sentence_initial,
                        literal=m.literal,
                        notes=m.notes,
                    )
                )
                k += 2
                continue
        out.append(m)
        k += 1
    return out


_LEADING_PLACE_CODES = frozenset({"PCLI", "ADM1", "ADM2", "PPLC", "PPL"})


def _leading_place(
    d: _Doc, na: int, nb: int, gz: Gazetteer, lex: RecognitionLexicon
) -> tuple[int, ...]:
    """Candidates of the longest place name that starts a facility's name when the whole
    name is none ("Kent State University", "Arizona State University"): a country, a
    division or a town, never a demonym ("British International School" says nothing of
    where the school is)."""
    text, S, E, T = d.text, d.S, d.E, d.T
    for k in range(nb - 1, na - 1, -1):
        if T[k] in _CONNECTORS or not _joined(text, E[k], S[k + 1]):
            continue
        sub = text[S[na] : E[k]]
        if sub.lower() in _FUNCTION_WORDS or sub in lex.common_words or sub in lex.given_names:
            continue
        key = fold(sub)
        cands = d.aliases(key, ())
        if cands and _caps_ok(sub, key, gz) and d.fcode[cands[0]] in _LEADING_PLACE_CODES:
            return cands
    return ()


# "the Greek island of Kastellorizo": a place noun and "of" before an unknown name
_PLACE_OF = re.compile(
    r"\b(?P<noun>island|islet|islands|village|town|city|port|region|province|district|oblast|"
    r"settlement|enclave|atoll|reef|peninsula)\s+of\s+"
    r"(?:[A-Z][\w'\u2019-]*(?:\s*,\s*|\s+and\s+))*$"  # "the islands of X and Y"
)
# The name a place noun completes: "the island of Yeonpyeong" is "Yeonpyeong Island".
_COMPLETIONS = {
    "island": ("island",),
    "islands": ("island", "islands"),
    "islet": ("island", "islet"),
    "atoll": ("atoll",),
    "reef": ("reef",),
    "peninsula": ("peninsula",),
}


def _place_noun_before(text: str, pos: int) -> re.Match[str] | None:
    """The place noun and "of" before ``pos`` ("the islands of X and ..."), if any: the
    regex runs only from the last " of " (most tokens have none near them)."""
    k = text.rfind(" of ", max(0, pos - 80), pos)
    if k < 0:
        return None
    return _PLACE_OF.search(text, max(0, k - 12), pos)


_VARIANT_MIN = 7  # letters: shorter names have too many one-letter neighbours
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _variant_match(
    d: _Doc, i: int, gz: Gazetteer, variants: dict[str, tuple[int, ...]]
) -> tuple[int, int, int, tuple[int, ...], bool, None] | None:
    """An unknown name after a place noun ("the island of X"), taken there and wherever else
    this document names it: the name the noun completes ("the islands of Yeonpyeong" is
    "Yeonpyeong Island"), else a gazetteer name one letter away ("Kastellorizo" for
    "Kastellorizon", "Kurakhove" for "Kurakhovo"), a transliteration variant."""
    tok = d.T[i]
    key = fold(tok)
    if len(key) < 3 or not key.isalpha():
        return None
    if i + 1 < len(d.T) and d.S[i + 1] - d.E[i] == 1 and d.text[d.E[i]] in " -'’" and d.C[i + 1]:
        return None  # part of a longer capitalised name
    cands = variants.get(key)
    if cands is None:
        noun = _place_noun_before(d.text, d.S[i])
        if noun is None:
            return None
        for word in _COMPLETIONS.get(noun.group("noun"), ()):
            whole = d.aliases(f"{key} {word}", ())
            if whole:
                variants[key] = whole
                return i, d.S[i], d.E[i], whole, False, None
        if len(key) < _VARIANT_MIN:
            return None  # shorter names have too many one-letter neighbours
        hits = {c for k in _one_letter_away(key) if (c := d.aliases(k, ()))}
        if len(hits) != 1:
            return None  # none, or ambiguous between several places
        cands = next(iter(hits))
        variants[key] = cands
    return i, d.S[i], d.E[i], cands, False, None


# Capitalised words that end a name's run in wire style ("took the town of Bakhmut Monday").
_DATE_WORDS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December".split()
)


def _names_less_than_its_run(d: _Doc, i: int, j: int) -> bool:
    """After a place noun and "of" ("the town of X Y"), the capitalised run is the place's
    name: a match of tokens ``i..j`` that stops before the run ends names something else."""
    k = j + 1
    if not (k < len(d.T) and d.C[k] and d.T[k] not in _CONNECTORS and d.T[k] not in _DATE_WORDS):
        return False
    if not (d.S[k] - d.E[j] == 1 and d.text[d.E[j]] == " "):
        return False
    return _place_noun_before(d.text, d.S[i]) is not None


def _one_letter_away(word: str) -> Iterator[str]:
    """Every string one deletion, insertion, substitution or swap away from ``word`` that keeps
    its first letter (spellings of a name differ inside it: "Bakhmut"/"Bachmut"; "Balakot" is
    not "Jalakot")."""
    n = len(word)
    for k in range(1, n):
        yield word[:k] + word[k + 1 :]
        if k + 1 < n:
            yield word[:k] + word[k + 1] + word[k] + word[k + 2 :]
        for c in _LETTERS:
            if c != word[k]:
                yield word[:k] + c + word[k + 1 :]
    for k in range(1, n + 1):
        for c in _LETTERS:
            yield word[:k] + c + word[k:]


def _joined(text: str, end: int, start: int) -> bool:
    """Whether the gap text[end:start] between two tokens is one of :data:`_GAP_OK`."""
    gap = start - end
    if gap == 1:
        return text[end] in " -'’"
    return gap == 2 and text[end] == "." and text[end + 1] == " "


def _longest_match(d: _Doc, i: int, gz: Gazetteer, lex: RecognitionLexicon):
    text, S, E, T, C = d.text, d.S, d.E, d.T, d.C
    aliases, demonyms, seats = d.aliases, d.demonyms, d.seats
    n = len(T)
    last = i
    for j in range(i + 1, min(n, i + _MAX_TOKENS)):
        if not _joined(text, E[j - 1], S[j]):
            break
        tj = T[j]
        if not (C[j] or tj in _CONNECTORS or tj.isdigit() or _ARTICLE.match(tj)):
            break
        last = j
    start = S[i]
    for j in range(last, i - 1, -1):
        if j > i and T[j] in _CONNECTORS:
            continue
        if j > i and j + 1 < n and (T[j], T[j + 1]) in _TWO_WORD_HEADS:
            continue  # "China Coast Guard": China and its coast guard, not "China Coast"
        end = E[j]
        surface = text[start:end]
        if j == i and end < len(text) and text[end] == "." and T[j][-1:] != ".":
            # abbreviations: "Ill.", "Calif.", "St." (but not a sentence-final period)
            key_dot = fold(surface + ".")
            cands = aliases(key_dot, ())
            if cands and _caps_ok(surface + ".", key_dot, gz):
                return j, start, end + 1, cands, False, None
        seat = seats(surface)
        if seat is not None:
            return j, start, end, (), False, seat
        if j - i <= 1:  # "Russian", "Latin American"
            dm = demonyms(surface)
            if dm is not None:
                if surface.endswith("s") and demonyms(surface[:-1]) is not None:
                    return None  # "Mexicans": people, not a place modifier
                if d.fcode[dm] != "PCLI" and _noun_use(text, start, end):
                    return j, start, end, (dm,), False, None  # "in the Caribbean."
                return j, start, end, (dm,), True, None
        key = fold(surface)
        if (
            text[end : end + 1] == " "
            and text[end + 1 : end + 2].islower()
            and key not in _FUNCTION_WORDS  # "The falls" is no name
        ):
            ext = _LOWER_TAIL.match(text, end)  # "Lachin corridor", "Jenin camp", "X air base"
            if ext:
                # fold() of the extended name is the key plus the tail: the tail is lowercase
                # ASCII words one space apart, which folding leaves as they are
                for tail_end in (ext.end(), ext.end(1)):
                    tail_cands = aliases(key + text[end:tail_end], ())
                    if tail_cands:
                        return j, start, tail_end, tail_cands, False, None
                if ext.group(1) in _ADMIN_WORDS:
                    region = _region_of(gz, aliases(key, ()), key)
                    if region is not None:  # "the Odesa region": the oblast, not the city
                        return j, start, ext.end(1), (region,), False, None
        cands = aliases(key, ())
        if cands and (_caps_ok(surface, key, gz) or _in_dateline(d, start, end)):
            return j, start, end, cands, False, None
    return None


# Words after a city's name that make it the first-level division named after it.
_ADMIN_WORDS = frozenset("region oblast province governorate prefecture".split())


def _region_of(gz: Gazetteer, cands: tuple[int, ...], key: str) -> int | None:
    """The first-level division named after the town ``key`` names ("Odesa" -> the Odessa
    region), or None: the town's own division, when its name is close to the town's."""
    ix = gz.columns
    for i in cands[:3]:
        if ix["fclass"][i] != "P" or not ix["admin1"][i]:
            continue
        region = _admin1_rows(gz).get((ix["cc"][i], ix["admin1"][i]))
        if region is None:
            continue
        name = fold(ix["admin1"][i])
        if SequenceMatcher(None, name[: len(key) + 2], key).ratio() >= 0.75:
            return region
    return None


_ADMIN1_ROWS: dict[int, dict[tuple[str, str], int]] = {}


def _admin1_rows(gz: Gazetteer) -> dict[tuple[str, str], int]:
    """(country code, admin1 name) -> the row of that first-level division (built once)."""
    ix = gz.columns
    key = id(ix["fcode"])
    got = _ADMIN1_ROWS.get(key)
    if got is None:
        fcode, cc, admin1 = ix["fcode"], ix["cc"], ix["admin1"]
        got = {(cc[i], admin1[i]): i for i in range(len(fcode)) if fcode[i] == "ADM1"}
        _ADMIN1_ROWS.clear()
        _ADMIN1_ROWS[key] = got
    return got


def _postal_after_place(d: _Doc, i: int, mentions: list[Mention], gz: Gazetteer) -> int | None:
    """A US state's postal code right after a place and a comma ("Portland, OR"): the
    state's index, else None ("John Smith, MD" has no place before the comma)."""
    tok = d.T[i]
    if len(tok) != 2 or not tok.isupper() or not mentions:
        return None
    state = gz.columns.get("postal", {}).get(tok)
    prev = mentions[-1]
    if state is None or not prev.candidates or prev.adjective or prev.seat is not None:
        return None
    text, start = d.text, d.S[i]
    if text[prev.end : start] != ", " or text[d.E[i] : d.E[i] + 1].isalnum():
        return None
    return state


def _in_dateline(d: _Doc, start: int, end: int) -> bool:
    """A dateline's place in capitals: at the start of the text, of a line or of a sentence
    (after a byline), then what :data:`_DATELINE_TAIL` allows. Capitals there are the wire
    style, not an acronym."""
    text = d.text
    if end - start < 3:
        return False
    k = start
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    if k > 0 and text[k - 1] not in "\n." or (text[k - 1 : k] == "." and k == start):
        return False
    return _DATELINE_TAIL.match(text, end) is not None


def _facility(d: _Doc, i: int, lex: RecognitionLexicon) -> tuple[int, str, tuple[int, int]] | None:
    """A capitalised run ending in a place noun ("Royal Street", "Cuyahoga County") or
    starting with a place prefix ("Mount Sinjar", "Camp Lemonnier")."""
    nouns = lex.place_nouns
    if not nouns:
        return None
    text, S, E, T, C = d.text, d.S, d.E, d.T, d.C
    if T[i].lower() in _FUNCTION_WORDS:
        return None
    n = len(T)
    of_code = lex.place_prefixes.get(f"{T[i]} of") if i + 2 < n and T[i + 1] == "of" else None
    if of_code and C[i + 2] and S[i + 1] - E[i] == 1 and S[i + 2] - E[i + 1] == 1:
        # "Bay of Feodosia", "Port of Tartus": the prefix and the name after "of", not the
        # prefix alone (a "Bay" region elsewhere)
        j = i + 2
        while j + 1 < n and j - i < _MAX_TOKENS and S[j + 1] - E[j] == 1 and C[j + 1]:
            j += 1
        return (j, of_code, (i + 2, j))
    j = i
    while (
        j + 1 < n
        and j - i < _MAX_TOKENS
        and S[j + 1] - E[j] == 1
        and text[E[j]] == " "
        and (C[j + 1] or T[j + 1].isdigit())
    ):
        j += 1
    best = None
    for k in range(i + 1, j + 1):
        two = f"{T[k - 1]} {T[k]}"
        if two in nouns and k - 1 > i:
            best = (k, nouns[two], (i, k - 2))
        elif T[k] in nouns and not (k + 1 <= j and (T[k], T[k + 1]) in _TWO_WORD_HEADS):
            best = (k, nouns[T[k]], (i, k - 1))
    if best is not None and (
        best[0] - i >= 4 or any(T[k].isupper() and len(T[k]) > 1 for k in range(i, best[0] + 1))
    ):
        return (best[0], "", (i, i - 1))  # "Global Solar PV Inverter Market": a title
    if best is None and j > i and T[i].lower() not in _DIRECTIONS:
        code = lex.place_prefixes.get(T[i])
        if code:
            best = (j, code, (i + 1, j))
    return best


_NOUN_USE_NEXT = re.compile(
    r"\s*(?:[.,;:!?)\]”\"'’]|$|\s(?:as|is|are|was|were|and|or|to|with|"
    r"in|on|at|for|from|by|has|have|had|will|would|could|can|may|might|increases?|"
    r"remains?|becomes?)\b)"
)


# After a country's demonym: what ends a noun phrase, so the demonym modifies nothing
# ("speaks English.", "English is", "were British, sources said", "the Irish need"); not
# "and"/"or" or a comma before the next name ("German, Irish and French settlers").
_DEMONYM_NOUN_NEXT = re.compile(
    r"(?:\s*[.;:!?)\]”\"—–]|\s*,(?!\s*[A-Z])|\s*$|\s(?:is|are|was|were|will|would|can|could|may|might|"
    r"must|should|has|have|had|need|needs|who|whose|which|that|as|to|in|on|at|for|from|by|"
    r"with|than|language)\b)"
)


def _noun_use(text: str, start: int, end: int) -> bool:
    """A regional adjective used as the region's name ("in the Caribbean")."""
    return text[max(0, start - 4) : start].lower() == "the " and bool(
        _NOUN_USE_NEXT.match(text, end)
    )


def _caps_ok(surface: str, key: str, gz: Gazetteer) -> bool:
    letters = surface.replace(".", "")
    if key in gz.caps_only:
        return letters.isupper()
    if letters.isupper() and len(letters) <= 5:
        return False  # "IT", "OR", "NATO": codes and acronyms, not names
    return True


def _person_names(d: _Doc, lex: RecognitionLexicon) -> set[str]:
    """Surnames introduced by a given name or title ("Donald Trump", "Gen. Makarevich")."""
    S, E, T, C = d.S, d.E, d.T, d.C
    given, titles = lex.given_names, lex.titles
    out: set[str] = set()
    ends: list[int] | None = None
    for k in range(len(T) - 1):
        if not C[k + 1] or S[k + 1] - E[k] > 2:
            continue
        a = T[k]
        if S[k + 1] - E[k] == 2 and a not in titles:
            continue  # "Raymond. BOSTON": a sentence ends after a name, not inside it
        if a in given or a in titles:
            # the surname is the last capitalised token of the run (run ends found once)
            if ends is None:
                ends = _run_ends(d)
            j = ends[k + 1]
            if T[j] not in titles:
                out.add(T[j])
    return out


_TOWARD_BEFORE = re.compile(r"\b(?:to|toward|towards|off|via|of)\s$")


def _vessel_names(d: _Doc, lex: RecognitionLexicon) -> frozenset[str]:
    """One-word ship names given after a hull prefix ("HMS Montrose", "INS Kolkata"): the
    same word later in the story is the ship, unless a locative word governs it."""
    S, E, T, C = d.S, d.E, d.T, d.C
    out = set()
    n = len(T)
    for k in range(n - 1):
        if T[k] in lex.vessel_prefixes and C[k + 1] and S[k + 1] - E[k] == 1:
            if k + 2 >= n or not (C[k + 2] and S[k + 2] - E[k + 1] == 1):
                out.add(T[k + 1])
    return frozenset(out)


def _run_starts(d: _Doc) -> list[int]:
    """For each token, the first token of the run of capitalised tokens, one space apart,
    that it ends: computed once, in one pass, so that no mention walks back over a run."""
    text, S, E, C = d.text, d.S, d.E, d.C
    starts: list[int] = []
    for k in range(len(S)):
        joined = k > 0 and S[k] - E[k - 1] == 1 and text[E[k - 1]] == " " and C[k - 1]
        starts.append(starts[k - 1] if joined else k)
    return starts


def _run_ends(d: _Doc) -> list[int]:
    """For each token, the last token of the run of capitalised tokens at most one character
    apart that it starts (one pass from the end)."""
    S, E, C = d.S, d.E, d.C
    ends = list(range(len(S)))
    for k in range(len(S) - 2, -1, -1):
        if C[k + 1] and S[k + 1] - E[k] <= 1:
            ends[k] = ends[k + 1]
    return ends


def _keep(
    m: Mention,
    d: _Doc,
    i: int,
    j: int,
    gz: Gazetteer,
    lex,
    persons,
    prev_matched: bool,
    runs: list[int],
    vessels: frozenset[str] = frozenset(),
) -> bool:
    if m.seat is not None:
        return True
    text, S, E, T, C = d.text, d.S, d.E, d.T, d.C
    surface = m.text.rstrip(".")
    best = m.candidates[0]
    ix = gz.columns
    code = ix["fcode"][best]
    strong = (
        code in ("PCLI", "CONT", "ADM1", "PPLC")
        or ix["fclass"][best] in "HLTS"
        and not ix["ids"][best].startswith("geonames")
    )
    prev = T[i - 1] if i > 0 else ""
    prev_gap = text[E[i - 1] : m.start] if i > 0 else ""
    if m.adjective or _in_org_name(text, m, lex, leading=True):
        return True  # "the New York Times": a place inside a name (marked so afterwards)
    if m.text.replace(".", "").isupper() and _NUMBER_BEFORE.search(
        text, max(0, m.start - 8), m.start
    ):
        return False  # "300 BC", "10 AM": a number's unit, not a place
    if j == i and surface.lower() in _FUNCTION_WORDS and not surface.isupper():
        return False  # "Most observers", "May", "As"
    if (
        surface in lex.common_words
        and not strong
        and not _MEASURED_BEFORE.search(text, max(0, m.start - 60), m.start)
    ):
        return False  # "Eden", "Hope" -- unless measured from ("340 nautical miles east of Eden")
    if len(surface) > 2 and surface.isupper() and j == i and not strong:
        word = surface.title()  # "MORE:", "UPDATE -": a heading, not a place
        if word in lex.common_words or word.lower() in _FUNCTION_WORDS:
            return False
    if j == i and surface in lex.titles and code not in ("PCLI", "CONT"):
        return False  # "Secretary", "General"
    n = len(T)
    if j == i and surface in lex.given_names and code not in ("PCLI", "CONT"):
        locative = _LOCATIVE_BEFORE.search(text, max(0, m.start - 14), m.start)
        if ix["pop"][best] < 100_000 and not locative:
            return False  # a first name on its own ("David", "Mary") is a person
        if (
            j + 1 < n
            and text[m.end : S[j + 1]] == " "
            and C[j + 1]
            and T[j + 1] not in lex.place_nouns
            and T[j + 1].lower() not in _FUNCTION_WORDS
        ):
            return False  # "Vladimir Putin"
    if (
        j == i
        and (code == "PPL" or code == "PPLC" and ix["pop"][best] < 1_000_000)  # not London
        and surface in lex.place_like_names
        and j + 1 < n
        and text[m.end : S[j + 1]] == " "
        and _surname_like(T[j + 1], d, gz, lex)
    ):
        return False  # "Charlotte Smith", "Eugene Tian": a town that is also a first name
    if i > 0 and prev_gap in (" ", ". ") and (prev in lex.titles or prev.rstrip(".") in lex.titles):
        if code not in ("PCLI", "CONT"):
            return False  # "President Jackson", "Gen. Ford"
        if (
            j == i
            and j + 1 < n
            and text[m.end : S[j + 1]] == " "
            and _surname_like(T[j + 1], d, gz, lex)
        ):
            return False  # "Defence Minister Israel Katz": a person named like a country
    if i > 0 and prev_gap == " " and prev in lex.given_names and C[i - 1] and code != "PCLI":
        return False  # "Jack London", "Maria Machado"
    # ship names after a vessel noun: "the aircraft carrier Liaoning", "oil tanker Marlin Luanda"
    if i > 0 and code not in ("PCLI", "CONT") and _named_vessel(d, runs, i):
        return False
    # ship names: a vessel prefix earlier in the same capitalised run
    k = i - 1
    while k >= 0 and k >= i - 6:
        if text[E[k] : S[k + 1]] not in (" ", ". "):
            break  # "The SAS soldier ... with US Special Forces": not one run
        if T[k] in lex.vessel_prefixes:
            return False
        if not (C[k] or T[k].endswith(".")):
            break
        k -= 1
    if surface in persons and code not in ("PCLI", "CONT", "ADM1"):
        return False
    if (
        surface in vessels
        and code not in ("PCLI", "CONT", "ADM1")
        and not _LOCATIVE_BEFORE.search(text, max(0, m.start - 14), m.start)
        and not _TOWARD_BEFORE.search(text, max(0, m.start - 10), m.start)
    ):
        return False  # "HMS Montrose ... sent HMS Duncan to join Montrose": the ship again
    # the head of a unit or organisation name: "Parachute Regiment", "Liberty Party"
    has_next = j + 1 < n
    nxt = T[j + 1] if has_next else ""
    if not strong and has_next and text[m.end : S[j + 1]] == " " and nxt in _ORG_HEADS:
        return False
    # a weapon's name: "Tomahawk missiles", "Dongfeng ballistic missiles", "Warrior armoured
    # fighting vehicles" (towns of those names are not what the text means)
    if code in ("PPL", "PPLX", "PPLL") and _HARDWARE_AFTER.match(text, m.end):
        return False
    # a small place heading a longer name: "Mega Millions", "Lombard Odier", "Dang Dang"
    if (
        j == i
        and not strong
        and has_next
        and ix["pop"][best] < 100_000
        and text[m.end : S[j + 1]] == " "
        and C[j + 1]
        and nxt.lower() not in _FUNCTION_WORDS
        and nxt not in lex.place_nouns
        and d.demonyms(nxt) is None
        and not d.aliases(fold(nxt), ())
    ):
        return False
    # the tail of a longer proper name: "European Union", "Brands Hatch", "Trump Tower"
    if (
        i > 0
        and not strong
        and prev_gap == " "
        and C[i - 1]
        and not m.sentence_initial
        and (not prev_matched or ix["pop"][best] < 10_000)  # "Louisiana Purchase"
        and prev.lower() not in _FUNCTION_WORDS
    ):
        return False
    # followed by a surname-like capitalised token and preceded by nothing place-like
    if m.sentence_initial and j == i and not strong and _alternate(gz, best, surface):
        return False  # "Rapid developments": a sentence-initial word matching a nickname
    if m.sentence_initial and j == i and not strong:
        gz_prior = gz.prior(best)
        if gz_prior < 5.0:
            m.notes.append("initial")
    return True


# a list of names goes on: "the gunboats Berdyansk and Nikopol", "frigates A, B and C"
_LIST_BEFORE = re.compile(r"(?:,\s*(?:and\s+)?|\s+and\s+)$")


def _named_vessel(d: _Doc, runs: list[int], i: int) -> bool:
    """Token i is in a vessel's name: the capitalised run after a vessel noun ("the tug
    Berdyansk", "the aircraft carrier Liaoning"), or a later name in a list after a plural
    one ("the gunboats Berdyansk and Nikopol")."""
    text, S, C = d.text, d.S, d.C
    r = runs[i]  # start of the capitalised run this mention is in
    for hop in range(4):
        pw = _PREV_WORD.search(text, max(0, S[r] - 24), S[r])
        if pw is None:
            return False
        word = pw.group(1).lower()
        plural = word.endswith("s") and word[:-1] in _VESSEL_NOUNS
        if plural or (hop == 0 and word in _VESSEL_NOUNS):
            return True
        gap = _LIST_BEFORE.search(text, max(0, S[r] - 8), S[r])
        if gap is None:
            return False
        # the list's previous name: the capitalised run that ends right before the gap
        k = bisect_left(S, gap.start()) - 1
        if k < 0 or not C[k]:
            return False
        r = runs[k]
    return False


def _surname_like(tok: str, d: _Doc, gz: Gazetteer, lex: RecognitionLexicon) -> bool:
    """A capitalised word that can follow a first name: no well-known place, place noun,
    demonym, organisation head or function word ("Charlotte Smith", not "Victoria Falls")."""
    return (
        _is_cap(tok)
        and not tok.isupper()
        and tok.lower() not in _FUNCTION_WORDS
        and tok not in lex.place_nouns
        and tok + "." not in lex.place_nouns  # "Victoria St."
        and tok not in _ORG_HEADS
        and d.demonyms(tok) is None
        and not _place_part(tok, d, gz)
    )


def _alternate(gz: Gazetteer, i: int, surface: str) -> bool:
    """Matched through a nickname or truncation, not the place's name or a spelling of it."""
    return not variant_of(surface, gz.columns["names"][i])


def _in_org_name(text: str, m: Mention, lex: RecognitionLexicon, *, leading: bool = False) -> bool:
    """The mention is part of a well-known organisation's name ("Washington Post"); with
    ``leading``, the words that begin it (not "Post", "Madrid" in "Real Madrid")."""
    for org, offset in _orgs_by_word(lex.org_names).get(m.text, ()):
        s = m.start - offset
        if (not leading or offset == 0) and s >= 0 and text.startswith(org, s):
            return True
    return False


def _mark_org_names(text: str, mentions: list[Mention], lex: RecognitionLexicon) -> None:
    """Places inside well-known organisation names ("Washington Post") name no place of the
    story's: not literal for resolution, reported as embedded."""
    for m in mentions:
        if _in_org_name(text, m, lex):
            m.literal = False
            m.notes.append("org")


@lru_cache(maxsize=4)
def _orgs_by_word(names: tuple[str, ...]) -> dict[str, list[tuple[str, int]]]:
    """Every capitalised word run of each organisation name -> (name, offset of the run)."""
    out: dict[str, list[tuple[str, int]]] = {}
    for org in names:
        toks = list(_TOKEN.finditer(org))
        for a in range(len(toks)):
            for b in range(a, len(toks)):
                run = org[toks[a].start() : toks[b].end()]
                out.setdefault(run, []).append((org, toks[a].start()))
    return out
