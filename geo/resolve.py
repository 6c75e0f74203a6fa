"""Toponym resolution: rank gazetteer candidates by prior and document context."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

from geo.gazetteer import Gazetteer, haversine_km
from geo.gazetteer import fold as _fold
from geo.gazetteer._build import strip_accents, variant_of
from geo.rank import CLOSE_KM, NEAR_KM, Ranker, Region, default_ranker, load_ranker, softmax
from geo.recognize import Mention

# Thresholds, in the hand-set weights' units (log10 population + type bonus): see geo.rank.
_MIN_SCORE = 3.5  # below this a mention of an obscure place is dropped as noise
_ANCHOR_P = 0.7  # a place is an anchor for nearness when the ranker gives it this probability


class Resolution:
    __slots__ = ("index", "score", "confidence")

    def __init__(self, index: int, score: float, confidence: float) -> None:
        self.index, self.score, self.confidence = index, score, confidence


class DocumentContext:
    """What the document says about where it is: the countries and first-level divisions it
    names, its "City, ST" patterns, and its mentions grouped by name (one sense per document).
    Computes the ranker's features (:data:`geo.rank.FEATURES`) of each candidate."""

    def __init__(self, text: str, mentions: list[Mention], gz: Gazetteer) -> None:
        self.text, self.mentions, self.gz = text, mentions, gz
        ix = self.ix = gz.columns
        fcode, cc_of = ix["fcode"], ix["cc"]
        countries: Counter[str] = Counter()  # weighted mentions
        admins: Counter[tuple[str, str]] = Counter()
        admins_maybe: Counter[tuple[str, str]] = Counter()
        own: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
        for m in mentions:
            if not m.candidates:
                if m.seat:
                    countries[m.seat[0]] += 1
                continue
            top = m.candidates[0]
            if fcode[top] == "PCLI":
                # demonyms and abbreviations ("Russian", "U.S. officials") say less
                weak = m.adjective or m.text.replace(".", "").isupper()
                countries[cc_of[top]] += 0.5 if weak else 1.0
            elif fcode[top] == "ADM1" and _clear_division(m, gz) and not _generic(m.text):
                admins[(cc_of[top], ix["names"][top])] += 1
                countries[cc_of[top]] += 1
                if len(m.candidates) > 1:  # evidence for the other names, not its own
                    own[fold(m.text.rstrip("."))][(cc_of[top], ix["names"][top])] += 1
        for m in mentions:  # ambiguous division names: "Georgia", "Washington", "New York"
            if m.adjective or m.facility or len(m.candidates) < 2:
                continue
            for i in m.candidates[:60]:
                if fcode[i] == "ADM1" and countries.get(cc_of[i]):
                    admins_maybe[(cc_of[i], ix["names"][i])] += 1
        self.countries, self.admins, self.admins_maybe = countries, admins, admins_maybe
        self.own = own  # name -> the division evidence its own mentions gave
        self.admin_names: dict[str, set[str]] = defaultdict(set)  # country -> divisions named
        for c, name in admins:
            self.admin_names[c].add(name)
        self.top_country = min(countries, key=lambda c: (-countries[c], c)) if countries else ""
        self.top_count = countries[self.top_country] if countries else 0.0
        self.pattern: dict[int, set[int]] = _patterns(text, mentions, gz)
        self.names = [fold(m.text.rstrip(".")) for m in mentions]
        self.keys = _sense_keys(self.names, mentions, self.pattern)
        self.groups: dict[str, list[int]] = defaultdict(list)  # one sense per document
        for k, m in enumerate(mentions):
            if m.candidates and not m.adjective and not m.facility:
                self.groups[self.keys[k]].append(k)

    def features(
        self, i: int, ks: list[int], anchors: list[tuple[int, str]] | None = None
    ) -> list[float]:
        ix = self.ix
        code, c = ix["fcode"][i], ix["cc"][i]
        key = self.names[ks[0]]
        variant = other = 0.0
        if code not in ("PCLI", "CONT", "ADM1") and not _primary(ix["names"][i], key):
            # a spelling ("Kiev") costs less than a nickname ("Victoria" for Hong Kong)
            if variant_of(key, ix["names"][i]):
                variant = 1.0
            else:
                other = 1.0
        # a place of no country (a sea, a world region) never disagrees with the document's
        # countries: it gets the support of the most named one ("the Middle East" is not
        # outranked by a Baltimore neighbourhood in a US story)
        n = self.countries.get(c, 0.0) if c else self.top_count
        a = (c, ix["admin1"][i])
        n_admin = self.admins.get(a, 0)
        own = self.own.get(key)
        if own:  # "Virginia" is no evidence for "Virginia"
            n_admin -= own.get(a, 0)
            n -= sum(v for (oc, _), v in own.items() if oc == c)
        near = close = 0.0
        if anchors:
            lat, lon = ix["lat"][i], ix["lon"][i]
            d = min(
                (
                    haversine_km(lat, lon, ix["lat"][j], ix["lon"][j])
                    for j, other_key in anchors
                    if other_key.partition(_SENSE)[0] != key
                ),
                default=math.inf,
            )
            near, close = float(d < NEAR_KM), float(d < CLOSE_KM)
        fclass = ix["fclass"][i]
        return [
            self.gz.prior(i),
            min(1.0, 0.25 + 0.25 * n) if n else 0.0,
            float(bool(c) and c == self.top_country),
            float(n_admin > 0),
            float(bool(self.admins_maybe.get(a)) and not self.admins.get(a)),
            float(code == "ADM1" and len(self.admin_names.get(c, ())) >= 2),
            float(any(k in self.pattern and i in self.pattern[k] for k in ks)),
            near,
            close,
            variant,
            other,
            float(code == "PCLI"),
            float(code == "ADM1"),
            float(code == "ADM2"),
            float(code == "PPLC"),
            float(fclass == "P" and code != "PPLC"),
            float(fclass != "P" and code not in ("PCLI", "ADM1", "ADM2")),
        ]

    def candidates(self, ks: list[int]) -> tuple[int, ...]:
        return self.mentions[ks[0]].candidates[:60]

    def rank(
        self, ranker: Ranker, anchors: list[tuple[int, str]] | None = None
    ) -> dict[str, list[tuple[float, int, list[float]]]]:
        """Each group's candidates as (score, index, features), best first."""
        out = {}
        for key, ks in self.groups.items():
            scored = []
            for i in self.candidates(ks):
                x = self.features(i, ks, anchors)
                scored.append((ranker.score(x), i, x))
            scored.sort(key=lambda t: (-t[0], t[1]))
            out[key] = scored
        return out

    def anchors(self, ranked: dict[str, list[tuple[float, int, list[float]]]]) -> list:
        fcode = self.ix["fcode"]
        out = []
        for key, scored in ranked.items():
            i = scored[0][1]
            if fcode[i] in ("PCLI", "CONT"):
                continue
            if softmax([s for s, _, _ in scored])[0] >= _ANCHOR_P:
                out.append((i, key))
        return out


_SENSE = "\x00"  # separates a name from its sense in a group key


def _sense_keys(
    names: list[str], mentions: list[Mention], pattern: dict[int, set[int]]
) -> list[str]:
    """Group keys, one sense per name and document, except where the text qualifies one name
    with different places ("PARIS, Texas ... unlike the original in Paris, France"): each
    qualified mention that disagrees with the name's first qualification is a sense of its
    own; the unqualified mentions follow the first."""
    keys = list(names)
    first: dict[str, set[int]] = {}
    for k in sorted(pattern):
        if mentions[k].adjective or mentions[k].facility:
            continue
        seen = first.setdefault(names[k], pattern[k])
        if pattern[k] != seen and not (pattern[k] & seen):
            keys[k] = f"{names[k]}{_SENSE}{min(pattern[k])}"
    return keys


def resolve(
    text: str,
    mentions: list[Mention],
    gz: Gazetteer,
    *,
    ranker: Ranker | None = None,
    region: Region | None = None,
) -> list[tuple[Mention, Resolution | None]]:
    ranker = ranker or load_ranker()
    hand = default_ranker()
    ix = gz.columns
    cc_of, lat, lon = ix["cc"], ix["lat"], ix["lon"]
    doc = DocumentContext(text, mentions, gz)
    countries, pattern = doc.countries, doc.pattern

    def base(i: int, k: int) -> float:  # the hand-set score, for the thresholds
        return hand.score(doc.features(i, [k]))

    # -- pass 1: prior + document context; pass 2: nearness to the confident places ----------
    ranked = doc.rank(ranker)
    anchors = doc.anchors(ranked)
    if anchors:
        ranked = doc.rank(ranker, anchors)
    chosen: dict[str, tuple[int, float, float]] = {}  # key -> (index, probability, hand score)
    for key, scored in ranked.items():
        pos = 0
        if region is not None:
            inside = [region.contains(cc_of[i], lat[i], lon[i]) for _, i, _ in scored]
            pos = region.prefer([(s, i) for s, i, _ in scored], inside)
        p = softmax([s for s, _, _ in scored])[pos]
        i, x = scored[pos][1], scored[pos][2]
        chosen[key] = (i, p, hand.score(x))

    # -- output ------------------------------------------------------------------------------
    out: list[tuple[Mention, Resolution | None]] = []
    facilities: list[tuple[int, Mention]] = []
    for k, m in enumerate(mentions):
        if m.facility:
            facilities.append((k, m))
            continue
        if m.adjective:
            out.append((m, Resolution(m.candidates[0], 10.0, 0.95)))
            continue
        if not m.candidates:
            out.append((m, None))
            continue
        best, p, best_score = chosen[doc.keys[k]]
        if best_score < _MIN_SCORE or ("initial" in m.notes and best_score < _MIN_SCORE + 1.5):
            continue
        if not _evidenced(text, m, best, best_score, countries, k in pattern, gz):
            continue
        if k not in pattern and _outside_container(text, k, mentions, best, gz):
            continue  # "Boni, in central Mali's Mopti region" is no Bonn: a place we lack
        if ix["fcode"][best] == "ADM1" and _generic(m.text) and not countries.get(cc_of[best]):
            continue  # "the Gulf", "the West Coast": a division only where its country is named
        out.append((m, Resolution(best, best_score, _probability_confidence(best_score, p))))

    # Facilities: at their named place when the name resolves in context ("Cuyahoga County",
    # "Mount Sinjar"), else at the document's main locality, with a low confidence.
    focus = _focus(out, countries, gz)
    resolved = {mr[0].start: mr[1] for mr in out if mr[1] is not None}
    placed: list[tuple[Mention, Resolution]] = []
    for k, m in facilities:
        res = None
        after = _region_after(text, k, mentions, gz)
        inside = _place_after(text, k, mentions, resolved)
        if after is not None and k not in pattern:
            res = Resolution(after, 0.0, 0.5)  # "Buena Vista County, Iowa": at least Iowa
        elif inside is not None:
            # "the Kirov Stadium in Kharkiv": where the text says it is, not the namesake
            res = Resolution(inside.index, 0.0, round(0.6 * inside.confidence, 3))
        elif m.candidates:
            pool = m.candidates[:60]
            if m.facility in _TOWN_FACILITIES:
                # "Port of Tartus", "Bay of Feodosia": the town's, not its province's
                towns = tuple(i for i in pool if ix["fclass"][i] == "P")
                pool = towns or pool
            ranked = sorted(((base(i, k), i) for i in pool), key=lambda t: (-t[0], t[1]))
            s, i = ranked[0]
            natural = m.facility in _NATURAL_FEATURES
            cc = cc_of[i]
            if natural:  # "Lancaster Sound" in a Canadian story naming a U.S. cutter once
                home = cc == doc.top_country or countries.get(cc, 0) >= 2
            else:
                home = bool(countries.get(cc)) or gz.prior(i) >= _SMALL_PRIOR
            if s >= _MIN_SCORE + 1.0 and home:
                res = Resolution(i, s, round(0.6 * _confidence(ranked), 3))
        if res is None and focus is not None:
            res = Resolution(focus, 0.0, FALLBACK_CONFIDENCE)
        if res is not None:
            placed.append((m, res))
    # one sense per document: a facility named twice is where its best-evidenced mention
    # puts it ("Sandy Cay, a group of sandbars near ... Thitu" places the headline's too)
    best_of: dict[str, Resolution] = {}
    for m, res in placed:
        key = _fold(m.text)
        if key not in best_of or res.confidence > best_of[key].confidence:
            best_of[key] = res
    out.extend((m, best_of[_fold(m.text)]) for m, res in placed)
    out.sort(key=lambda mr: mr[0].start)
    return _short_forms(out, gz)


def _short_forms(
    out: list[tuple[Mention, Resolution | None]], gz: Gazetteer
) -> list[tuple[Mention, Resolution | None]]:
    """ "Scarborough" in a story about "Scarborough Shoal": a town's name that heads a natural
    feature named in the same document, and lies far from it, is the feature's short form
    (a town beside it, "Kerch" and "the Kerch Strait", keeps its own sense)."""
    ix = gz.columns
    fclass, fcode, lat, lon = ix["fclass"], ix["fcode"], ix["lat"], ix["lon"]
    longer: dict[str, Resolution] = {}
    for m, res in out:
        if res is None or " " not in m.text:
            continue
        if fcode[res.index] == "DISP" or fclass[res.index] not in ("P", "A", "S"):
            longer.setdefault(_fold(m.text.split()[0]), res)
    if not longer:
        return out
    fixed: list[tuple[Mention, Resolution | None]] = []
    for m, res in out:
        feature = longer.get(_fold(m.text)) if res is not None else None
        if (
            res is not None
            and feature is not None
            and fclass[res.index] == "P"
            and fcode[res.index] != "PPLC"
            and haversine_km(lat[res.index], lon[res.index], lat[feature.index], lon[feature.index])
            > _SHORT_FORM_KM
        ):
            res = Resolution(feature.index, feature.score, round(0.9 * feature.confidence, 3))
        fixed.append((m, res))
    return fixed


#: Farther than this from the feature its name heads, a town is not what the story means.
_SHORT_FORM_KM = 500.0


# Islands, reefs and waters named like a town ("Sandy Cay", "Lancaster Sound"): at that town
# only in a story set in its country.
_NATURAL_FEATURES = frozenset(
    {"ISL", "ISLS", "RF", "SHOL", "ATOL", "LGN", "SD", "BAY", "GULF", "STRT", "CHN"}
)
# Facilities named after the town they serve or lie off ("Port of X", "Bay of X").
_TOWN_FACILITIES = frozenset({"PRT", "BAY", "HBR", "ANCH", "CHN"})

# Confidence of a facility placed only at the document's main locality (no evidence of its
# own): the layers never put a statement there.
FALLBACK_CONFIDENCE = 0.3

_LOCATIVE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|towards?|via|of|across|around|through|between|"
    r"and|off|across|suburb|town|city|village|county|province|region|district)\s+(?:the\s+)?$",
    re.I,
)
_SMALL_PRIOR = 5.5  # a town of ~30,000 with a few alternate names
_ELSEWHERE = 3.0  # weighted mentions of one country that set a story there


def _evidenced(
    text: str,
    m: Mention,
    i: int,
    score: float,
    countries: Counter[str],
    pattern: bool,
    gz: Gazetteer,
) -> bool:
    """Obscure places need support: their country is in the document, a "City, ST" pattern,
    or a locative word before them. Keeps "More", "Police", "David" (villages) out."""
    ix = gz.columns
    key = fold(m.text.rstrip("."))
    alternate = not _primary(ix["names"][i], key) and not variant_of(key, ix["names"][i])
    if ix["fclass"][i] != "P" or ix["fcode"][i] == "PPLC":
        return True
    if gz.prior(i) >= _SMALL_PRIOR and not (alternate and ix["pop"][i] < 1_000_000):
        return True
    if pattern or countries.get(ix["cc"][i]):
        return True
    if " " in m.text and gz.prior(i) >= _SMALL_PRIOR - 1.0:
        return True
    if countries and max(countries.values()) >= _ELSEWHERE:
        return False  # a village abroad in a story set firmly in another country
    return bool(_LOCATIVE.search(text[max(0, m.start - 20) : m.start]))


def _focus(
    resolved: list[tuple[Mention, Resolution | None]],
    countries: Counter[str],
    gz: Gazetteer,
) -> int | None:
    """The document's main locality: its most mentioned confident city or division, else its
    most mentioned country. Where the document names first-level divisions by name
    ("Louisiana", "Va."; not a demonym: "English pianist"), a town in one of them is its
    locality before any town outside them: a namesake abroad mentioned more often ("Marigny"
    in a story about New Orleans' Faubourg Marigny) says less about where the story is than
    the division it names."""
    ix = gz.columns
    named = {
        (ix["cc"][r.index], ix["names"][r.index])
        for m, r in resolved
        if r is not None and m.literal and not m.adjective and ix["fcode"][r.index] == "ADM1"
    }
    weight: Counter[int] = Counter()
    first: dict[int, int] = {}
    for k, (m, r) in enumerate(resolved):
        if r is None or m.adjective or not m.literal:
            continue
        i = r.index
        if ix["fclass"][i] in ("P", "A") and ix["fcode"][i] not in ("PCLI", "CONT"):
            weight[i] += r.confidence
            first.setdefault(i, k)
    # a town says where a facility is better than a division does
    towns = {i: w for i, w in weight.items() if ix["fclass"][i] == "P"}
    inside = {i: w for i, w in towns.items() if (ix["cc"][i], ix["admin1"][i]) in named}
    if inside:
        towns = inside
    if towns:
        return min(towns, key=lambda i: (-towns[i], first[i]))
    if weight:
        return min(weight, key=lambda i: (-weight[i], first[i]))
    if countries:
        cc = min(countries, key=lambda c: (-countries[c], c))
        return gz.country_index(cc)
    return None


fold = lru_cache(maxsize=100_000)(_fold)

# Words of division names that are also what any coast, gulf or side is called.
_GENERIC_WORDS = frozenset(
    "north south east west central northern southern eastern western middle upper lower "
    "capital coast coastal gulf bay island islands lakes valley delta plains mountains "
    "highlands lowlands interior border frontier far the".split()
)


# A division is what its name says when it outranks every namesake by this much prior
# (ten times the population): "Louisiana" the state, not the Missouri town.
_CLEAR_DIVISION = 1.0


def _clear_division(m: Mention, gz: Gazetteer) -> bool:
    """The division is the mention's only candidate, or outranks the others by far."""
    c = m.candidates
    if len(c) == 1:
        return True
    top, second = gz.prior(c[0]), max(gz.prior(i) for i in c[1:60])
    return top - second >= _CLEAR_DIVISION and not m.sentence_initial


@lru_cache(maxsize=4096)
def _generic(name: str) -> bool:
    """A name made only of generic words ("Gulf", "West Coast", "North West")."""
    words = fold(name).replace("-", " ").split()
    return bool(words) and all(w in _GENERIC_WORDS for w in words)


_ABBR = (("st. ", "saint "), ("ft. ", "fort "), ("mt. ", "mount "), ("st ", "saint "))


def _primary(name: str, key: str) -> bool:
    f = fold(name)
    for a, b in _ABBR:
        if key.startswith(a):
            key = b + key[len(a) :]
    return f == key or fold(strip_accents(name)) == key or f.startswith(key + " ")


def _probability_confidence(score: float, p: float) -> float:
    strength = 1.0 / (1.0 + math.exp(-(score - 4.0)))
    return round(min(0.99, 0.15 + 0.85 * strength * p), 3)


def _margin(ranked: list[tuple[float, int]]) -> float:
    return ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 10.0


def _confidence(ranked: list[tuple[float, int]]) -> float:
    margin = _margin(ranked)
    strength = 1.0 / (1.0 + math.exp(-(ranked[0][0] - 4.0)))
    sep = 1.0 / (1.0 + math.exp(-1.5 * margin))
    return round(min(0.99, 0.15 + 0.85 * strength * sep), 3)


_COMMA = re.compile(r"\s*,\s*$")
_LISTED = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*)")
_LIST_GOES_ON = re.compile(r"\s*(?:,|and\b|or\b|&)\s*[A-Z]")


def _region_after(text: str, k: int, mentions: list[Mention], gz: Gazetteer) -> int | None:
    """The division or country named right after mention k ("…, Iowa"), if any."""
    nxt = mentions[k + 1] if k + 1 < len(mentions) else None
    if (
        nxt is None
        or not nxt.candidates
        or bool(nxt.facility)  # a list of facilities: "X University, Y State University"
        or not _COMMA.match(text[mentions[k].end : nxt.start] or "x")
    ):
        return None
    r = nxt.candidates[0]
    return r if gz.columns["fcode"][r] in ("ADM1", "PCLI") else None


# "X, Country", "X, in central Country's ...": the container the text names for X
_CONTAINER_GAP = re.compile(
    r"\s*,\s*(?:(?:(?:a|an)\s+(?:[a-z-]+\s+){0,2}?(?:town|city|village|port|district|county)"
    r"\s+)?in\s+(?:the\s+)?(?:(?:north|south|east|west|central|north-?east|"
    r"north-?west|south-?east|south-?west)(?:ern)?\s+)?)?"
)
# a division or region named as the container is ruled out only this far from the place
_CONTAINER_KM = 1500.0


# what may follow a container: its possessive, punctuation, or the next word of the clause
_CONTAINER_END = re.compile(
    r"['’]s\b|\s*(?:[,.;:)\]—–]|$)|\s+(?:on|in|at|near|and|or|where|after|before|when|during"
    r"|last|this|said|says)\b"
)


def _outside_container(
    text: str, k: int, mentions: list[Mention], best: int, gz: Gazetteer
) -> bool:
    """Mention k's place lies outside the country the text names for it right after it
    ("Boni, in central Mali's Mopti region": no candidate of "Boni" is in Mali)."""
    nxt = mentions[k + 1] if k + 1 < len(mentions) else None
    if nxt is None or not nxt.candidates or nxt.adjective or nxt.facility:
        return False
    if not _CONTAINER_GAP.fullmatch(text, mentions[k].end, nxt.start):
        return False
    ix = gz.columns
    if ix["fclass"][best] == "A":
        return False  # "Cyprus, Greece": a list of countries or divisions
    region = nxt.candidates[0]
    code = ix["fcode"][region]
    if code not in ("PCLI", "ADM1", "RGN") or _LIST_GOES_ON.match(text, nxt.end):
        return False  # "Mariupol, Ukraine and Russia": a list, not a container
    if not _CONTAINER_END.match(text, nxt.end):
        return False  # "Latakia, U.S. officials said": the country names other people
    if code != "PCLI":
        # "Yadong, a town in Tibet's Chumbi valley": no candidate anywhere near Tibet
        return all(
            haversine_km(ix["lat"][i], ix["lon"][i], ix["lat"][region], ix["lon"][region])
            > _CONTAINER_KM
            for i in mentions[k].candidates
        )
    cc = ix["cc"][region]
    return ix["cc"][best] != cc and not any(ix["cc"][i] == cc for i in mentions[k].candidates)


# "<facility> in the southern city of <place>", "<facility> near <place>"
_IN_PLACE = re.compile(
    r"\s+(?:in|at|near|outside)\s+(?:the\s+)?"
    r"(?:(?!(?:with|of|to|from|and|or|by|for|on|at|in|between)\b)[a-z-]+\s+){0,2}?"
    r"(?:(?:city|town|village|port|region|province|district|county)\s+of\s+(?:the\s+)?)?"
)


# "<facility>, a group of sandbars near the Philippine-held island of <place>"
_APPOSED_PLACE = re.compile(
    r",\s+(?:a|an)\s+(?:[\w'-]+\s+){0,4}?(?:near|in|off|outside)\s+(?:the\s+)?"
    r"(?:[\w'-]+\s+){0,2}?(?:(?:city|town|village|port|region|province|district|county|"
    r"island|islands|coast)\s+of\s+(?:the\s+)?)?"
)


def _place_after(
    text: str, k: int, mentions: list[Mention], resolved: dict[int, Resolution]
) -> Resolution | None:
    """The resolved place named right after facility k, as where it is ("in Kharkiv")."""
    nxt = mentions[k + 1] if k + 1 < len(mentions) else None
    if nxt is None or nxt.facility:
        return None
    if nxt.adjective:
        # "Sandy Cay, a group of sandbars near the Philippine-held island of Thitu": the
        # demonym is part of the phrase that locates it
        nxt = mentions[k + 2] if k + 2 < len(mentions) else None
        if nxt is None or nxt.facility or nxt.adjective:
            return None
        if not _APPOSED_PLACE.fullmatch(text, mentions[k].end, nxt.start):
            return None
    elif not (
        _IN_PLACE.fullmatch(text, mentions[k].end, nxt.start)
        or _APPOSED_PLACE.fullmatch(text, mentions[k].end, nxt.start)
    ):
        return None
    return resolved.get(nxt.start)


def _patterns(text: str, mentions: list[Mention], gz: Gazetteer) -> dict[int, set[int]]:
    """ "City, Country" and "City, ST": candidates of the first that lie in the second, and
    the second's candidate that holds them ("Tacoma, Washington": the state, not the
    capital; "Atlanta, Georgia": the US state, not the country)."""
    ix = gz.columns
    out: dict[int, set[int]] = {}
    postal = ix.get("postal", {})
    for k, m in enumerate(mentions):
        if not m.candidates or ix["fcode"][m.candidates[0]] in ("PCLI", "CONT") or m.adjective:
            continue
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        tail = text[m.end : m.end + 4]
        regions: tuple[int, ...] = ()
        named = False
        if nxt is not None and _COMMA.match(text[m.end : nxt.start] or "x") and nxt.candidates:
            # in a list ("Mariupol, Donetsk and Luhansk") the second is a town like the first
            listed = _LIST_GOES_ON.match(text, nxt.end) is not None
            regions, named = nxt.candidates[: 1 if listed else 60], True
        elif re.match(r",\s[A-Z]{2}\b", tail) and tail[2:4] in postal:
            regions = (postal[tail[2:4]],)
        for region in regions:
            rc, rcode, rname = ix["cc"][region], ix["fcode"][region], ix["names"][region]
            if rcode not in ("PCLI", "ADM1"):
                continue
            inside = {
                i
                for i in m.candidates
                if ix["cc"][i] == rc and (rcode == "PCLI" or ix["admin1"][i] == rname)
            }
            if inside:
                out[k] = inside
                if named and region != nxt.candidates[0]:  # type: ignore[union-attr]
                    out[k + 1] = {region}
                break
    # "states such as California or Washington": a name listed beside a division takes its
    # namesake division of the same country
    for k in range(len(mentions) - 1):
        a, b = mentions[k], mentions[k + 1]
        if not (a.candidates and b.candidates) or not _LISTED.fullmatch(text[a.end : b.start]):
            continue
        for j, other in ((k, b), (k + 1, a)):
            top = other.candidates[0]
            if j in out or ix["fcode"][top] != "ADM1" or other.adjective:
                continue
            mine = mentions[j].candidates
            same = [
                i for i in mine[:60] if ix["fcode"][i] == "ADM1" and ix["cc"][i] == ix["cc"][top]
            ]
            if same and same[0] != mine[0]:
                out[j] = {same[0]}
    return out
