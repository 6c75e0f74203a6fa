"""Places carried across sentences: anaphora and the current place of the discourse.

News names a place once and then says "the island", "the strait", "the area", "there" or
"the country". :class:`Discourse` walks a document's literal place mentions in order and
answers two questions for the extractor:

- :meth:`Discourse.anaphors`: definite noun phrases in a sentence that refer to the last named
  place of a fitting type ("the shoal" -> Scarborough Shoal, "the Nordic country" -> Norway);
- :meth:`Discourse.focus`: the place the previous sentences put their statements at, for a
  sentence that states something and names no place of its own;
- :meth:`Discourse.subjects`: where recent sentences put each kind of force, for "the
  destroyer", "these aircraft".

Both answers are weaker evidence than a name in the sentence; the extractor lowers the
confidence of what it places through them. Word lists live in ``layers/data/discourse.json``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from geo.geodesy import haversine_km
from geo.model import Toponym
from layers._sentence import _COUNTRY_CODES
from layers.borders import island_country
from layers.lexicon import Lexicon, normalize_phrase

__all__ = ["Anaphor", "Discourse", "anaphor_rules", "fits"]

# "there" used as an existential ("there are", "there was") is not a place.
_EXISTENTIAL = re.compile(r"\s+(?:is|are|was|were|has|have|had|will|would|may|might|could|seem)\b")


@dataclass(frozen=True)
class Anaphor:
    """A definite noun phrase at ``text[start:end]`` referring to ``antecedent``."""

    start: int
    end: int
    antecedent: Toponym


@dataclass(frozen=True)
class _AnaphorRules:
    pattern: re.Pattern[str] | None
    codes: dict[str, tuple[str, ...]]
    focus_sentences: int


# a place the sentence's movement starts from ("from the town of", "left", "departed")
# "about 110 km east of Taiwan": a reference point the distance is measured from
_MEASURED_FROM = re.compile(
    r"\b(?:km|kilomet(?:re|er)s|miles|nm)\s+(?:\(\d+\s+[a-z]+\)\s+)?(?:[a-z-]+\s+)?(?:of|from)\s+$"
)
_LEFT_FROM = re.compile(
    r"\b(?:from|left|leaving|departed|departing)\s+(?:the\s+)?(?:[a-z]+\s+of\s+(?:the\s+)?)?$"
)

# "its airspace", "their territory": the territory of a country the sentence has named
_OWN_TERRITORY = re.compile(
    r"\b(?:its|their)\s+(?:own\s+)?(?:airspace|air\s+space|territory|territorial\s+waters|soil)\b"
)

# "off its east coast", "along their coastline": the coast of a country the sentence has named
# (the anaphor is the pronoun alone, so the side after it still reads as the coast's side)
_OWN_COAST = re.compile(
    r"\b(?:its|their)(?=\s+(?:own\s+)?(?:[a-z-]+\s+)?(?:coast(?:line)?s?|shores?|seaboard)\b"
    r"(?![\s-]*guard))"
)

# "in international waters": the open sea the story last named ("the southern Caribbean")
_INTERNATIONAL = re.compile(r"\binternational\s+(?:waters|airspace|air\s+space)\b")
_NAMED_NEAR = 80
_OFF_NEXT = re.compile(r"\s+off\s")
_AROUND_NEXT = re.compile(r"\s+(?:around|surrounding)\s")

# "the port | town of Xyz": the noun is a modifier of the head noun that a name follows
# ("the island's main port of Visby": the name is the place)
_NAMED_NEXT = re.compile(
    r"\s+[a-z][\w-]*\s+of\s+(?:the\s+)?[A-Z]|['\u2019]s\s+(?:[a-z][\w-]*\s+){0,2}?"
    r"(?:port|city|town|village|capital|base|harbou?r|airport|island|region|province)\s+"
    r"(?:of\s+)?[A-Z]"
)

# "the Baltic island of ", "the port town of ": the class noun the text gives a name
_CALLED = re.compile(
    r"\b(?:the|a|an)\s+(?:[A-Za-z][\w-]*\s+){0,2}?(island|islands|archipelago|peninsula|port|"
    r"town|city|village|region|province|strait|enclave|territory)\s+of\s+$",
    re.I,
)

# A country after one of these is where the story is ("in South Korea", "to Norway").
_LOCATIVE = re.compile(r"\b(?:in|to|at|into|inside|across|near|toward|towards)\s+(?:the\s+)?$")


@lru_cache(maxsize=32)
def anaphor_rules(lex: Lexicon) -> _AnaphorRules:
    cfg = lex.config
    codes: dict[str, tuple[str, ...]] = {}
    for noun, prefixes in cfg.get("anaphors", {}).items():
        codes[normalize_phrase(noun)] = tuple(prefixes)
    for noun in cfg.get("country_anaphors", []):
        codes[normalize_phrase(noun)] = _COUNTRY_CODES
    nouns = sorted(codes, key=len, reverse=True)
    alt = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in nouns)
    # "the island", "the disputed waters", "the Nordic country", "this area"; one modifier.
    pattern = (
        re.compile(
            rf"\b(?:the|this|that)\s+(?:(?P<mod>[a-z][\w-]*)\s+)?(?P<noun>{alt})\b(?!\s+of\b)"
            r"|\bthere\b"
        )
        if alt
        else None
    )
    return _AnaphorRules(pattern, codes, int(cfg.get("focus_sentences", 2)))


@lru_cache(maxsize=32)
def _speaker_after(lex: Lexicon) -> re.Pattern[str] | None:
    """Right after a demonym: one of the speaker nouns ("Venezuelan President")."""
    nouns = sorted({normalize_phrase(n) for n in lex.config.get("speaker_nouns", [])}, key=len)
    if not nouns:
        return None
    alt = "|".join(re.escape(n) for n in reversed(nouns))
    return re.compile(rf"\s+(?:{alt})\b", re.IGNORECASE)


_ANY = ("",)  # every feature code starts with ""


def fits(top: Toponym, prefixes: Sequence[str], noun: str = "") -> bool:
    if noun and top.name.lower().endswith(noun):
        return True  # "the shoal" for Scarborough Shoal, whatever its feature code
    code = top.feature_code or ""
    if noun == " island" and code in _COUNTRY_CODES:
        return island_country(top.country_code)  # "the island" for Taiwan, not for Ukraine
    if "*" in prefixes:
        return code not in _COUNTRY_CODES
    return any(code.startswith(p) for p in prefixes)


# How far from a region's point a place named with its demonym may lie ("the Crimean port").
_REGION_KM = 250.0


def _inside(top: Toponym, region: Toponym) -> bool:
    """Whether ``top`` lies in the country, or near the region, that ``region`` names."""
    if top.country_code != region.country_code:
        return False
    if region.feature_code in _COUNTRY_CODES:
        return True
    return haversine_km(top.lat, top.lon, region.lat, region.lon) <= _REGION_KM


class Discourse:
    """Place memory of one document. ``places`` are its literal, non-adjective toponyms."""

    def __init__(
        self,
        lex: Lexicon,
        places: Sequence[Toponym],
        *,
        adjectives: Sequence[Toponym] = (),
        governments: Sequence[Toponym] = (),
        seas: Sequence[Toponym] = (),
        countries: Sequence[Toponym] = (),
        text: str | None = None,
    ) -> None:
        self._rules = anaphor_rules(lex)
        # every country named as a noun, place or government ("Russia's navy", "Venezuela
        # deployed"): whose coast "its coast" is
        self._countries = sorted(countries, key=lambda t: t.start)
        self._country_starts = [t.start for t in self._countries]
        # what the text calls a place: "the Baltic island of Gotland" is an island, whatever
        # its gazetteer type (a county), so "the island" may refer to it
        self._called: dict[int, str] = {}
        if text is not None:
            for t in places:
                got = _CALLED.search(text, max(0, t.start - 48), t.start)
                if got is not None:
                    self._called[t.start] = " " + got.group(1).lower()
        # demonyms by start: "the Crimean port" is a port in Crimea
        self._adjectives = {t.start: t for t in adjectives}
        # a country's people who speak or govern ("Venezuelan President Maduro ... across the
        # country"): the country "the country" after them means in their sentence
        self._leaders: list[Toponym] = []
        said = _speaker_after(lex)
        if text is not None and said is not None:
            self._leaders = sorted(
                (
                    t
                    for t in adjectives
                    if t.feature_code in _COUNTRY_CODES and said.match(text, t.end)
                ),
                key=lambda t: t.start,
            )
        self._leader_starts = [t.start for t in self._leaders]
        # countries named as governments ("The Solomon Islands has signed a pact"): what
        # "the Pacific island nation" after them refers to, as a place
        self._governments = sorted(governments, key=lambda t: t.start)
        # places that only describe an anaphor ("the Pacific island nation"): no antecedents
        self._described: set[int] = set()
        # places that are open sea, named as a sea or a region ("the southern Caribbean")
        self._seas = sorted(seas, key=lambda t: t.start)
        self._sea_starts = [t.start for t in self._seas]
        self._places = sorted(places, key=lambda t: t.start)
        self._starts = [t.start for t in self._places]
        # (place, sentence that last used it, sentence that named it)
        self._focus: tuple[Toponym, int, int] | None = None
        self._subjects: dict[str, tuple[Toponym, int]] = {}  # force kind -> (place, sentence)
        self._floor = 0  # where the current entry of a live blog begins

    def new_entry(self, pos: int) -> None:
        """A new entry of a live blog starts at ``pos`` ("09:14 GMT — ..."): its sentences go
        on from nothing the entries before them said."""
        self._floor = pos
        self._focus = None
        self._subjects = {}

    def add(self, places: Sequence[Toponym]) -> None:
        """Places the extraction found beyond the geoparser's (borders named by one side)."""
        for top in places:
            i = bisect_left(self._starts, top.start)
            self._starts.insert(i, top.start)
            self._places.insert(i, top)

    def _last(
        self,
        pos: int,
        prefixes: Sequence[str],
        floor: int,
        noun: str = "",
        within: Toponym | None = None,
    ) -> Toponym | None:
        i = bisect_left(self._starts, pos) - 1
        while i >= 0 and self._places[i].start >= floor:
            top = self._places[i]
            if (
                (fits(top, prefixes, noun) or (noun and self._called.get(top.start) == noun))
                and (within is None or _inside(top, within))
                and top.start not in self._described
            ):
                return top
            i -= 1
        return None

    def _last_sea(self, pos: int, floor: int) -> Toponym | None:
        i = bisect_left(self._sea_starts, pos) - 1
        return self._seas[i] if i >= 0 and self._sea_starts[i] >= floor else None

    def _named_at(self, pos: int) -> bool:
        """A known place starts at ``pos`` ("the Pacific island nation": a region's name)."""
        i = bisect_left(self._starts, pos)
        return i < len(self._places) and self._places[i].start == pos

    def _first(self, floor: int, pos: int, prefixes: Sequence[str]) -> Toponym | None:
        i = bisect_left(self._starts, floor)
        while i < len(self._places) and self._places[i].start < pos:
            if fits(self._places[i], prefixes):
                return self._places[i]
            i += 1
        return None

    def anaphors(
        self,
        norm: str,
        s0: int,
        s1: int,
        *,
        window: int = 1500,
        sentence: int | None = None,
        text: str | None = None,
    ) -> list[Anaphor]:
        """Anaphora in ``norm[s0:s1]`` with their antecedents: the current place of the
        discourse when it fits (``sentence`` is this sentence's number), else the last fitting
        place named before the anaphor, within ``window`` characters. With the original
        ``text``, a capitalised modifier that is no known adjective makes the phrase a name
        we could not resolve ("the Lakshadweep islands"), not an anaphor."""
        rx = self._rules.pattern
        if rx is None:
            return []
        out: list[Anaphor] = []
        for m in rx.finditer(norm, s0, s1):
            noun = m.group("noun")
            if noun is None:  # "there"
                if _EXISTENTIAL.match(norm, m.end()):
                    continue
                prefixes: Sequence[str] = ("*",)
            elif text is not None and _NAMED_NEXT.match(text, m.end()):
                continue  # "the port town of Mocimboa da Praia": a name follows, no anaphor
            elif noun == "waters" and _OFF_NEXT.match(norm, m.end()):
                continue  # "the waters off Venezuela": off the place named next
            elif _AROUND_NEXT.match(norm, m.end()):
                continue  # "the contiguous zone around the Senkakus": the place named next
            else:
                prefixes = self._rules.codes.get(re.sub(r"\s+", " ", noun), ())
            if not prefixes:
                continue
            noun = "" if m.group("noun") is None else " " + re.sub(r"\s+", " ", m.group("noun"))
            within = self._adjectives.get(m.start("mod")) if m.group("mod") else None
            if (
                within is None
                and m.group("mod")
                and text is not None
                and text[m.start("mod")].isupper()
                and not (prefixes == _COUNTRY_CODES and self._named_at(m.start("mod")))
            ):
                continue  # "the Qwertyabad islands": a name of its own
            if within is not None:
                # "the Crimean port": the last port in Crimea, whatever the story's place
                top = self._last(m.start(), prefixes, max(self._floor, s0 - window), noun, within)
                if top is not None:
                    out.append(Anaphor(m.start(), m.end(), top))
                if top is not None or prefixes != _COUNTRY_CODES:
                    continue
                # "the Pacific island nation", "the Baltic state": a sea or region is no
                # country to look inside; the country the story is about
            top = None
            if noun.endswith("s") and len(prefixes) > 1 and prefixes != _COUNTRY_CODES:
                # "the four islands": a group first (the Kuril Islands), a single one after
                top = self._antecedent(norm, m.start(), prefixes[:1], noun, s0, sentence, window)
            top = top or self._antecedent(norm, m.start(), prefixes, noun, s0, sentence, window)
            if prefixes == _COUNTRY_CODES and (m.group("mod") or top is None):
                # "The Solomon Islands has signed a pact ... the Pacific island nation": the
                # country last named, even as a government, is the one the phrase describes
                # ("Ecuador's military took control ... deployed across the country")
                floor = max(self._floor, s0 - window)
                gov = next(
                    (
                        g
                        for g in reversed(self._governments)
                        if floor <= g.start < m.start()
                        and ("island" not in noun or island_country(g.country_code))
                    ),
                    None,
                )
                if gov is not None and (top is None or gov.start > top.start):
                    top = replace(gov, literal=True)
            if top is not None:
                out.append(Anaphor(m.start(), m.end(), top))
                if m.group("mod") and self._named_at(m.start("mod")):
                    self._described.add(m.start("mod"))
        for m in _OWN_TERRITORY.finditer(norm, s0, s1):
            # "Ireland relies on Britain to answer bombers that approach its airspace": the
            # first country the sentence names (its subject, as a rule), never one from elsewhere
            top = self._first(max(s0, m.start() - window), m.start(), _COUNTRY_CODES)
            if top is not None:
                out.append(Anaphor(m.start(), m.end(), top))
        for m in _OWN_COAST.finditer(norm, s0, s1):
            # "North Korea fired missiles off its east coast": the sentence's first country
            i = bisect_left(self._country_starts, s0)
            if i < len(self._countries) and self._countries[i].start < m.start():
                out.append(Anaphor(m.start(), m.end(), self._countries[i]))
        for m in _INTERNATIONAL.finditer(norm, s0, s1):
            lo = bisect_left(self._starts, max(s0, m.start() - _NAMED_NEAR))
            if lo < len(self._starts) and self._starts[lo] < min(s1, m.end() + _NAMED_NEAR):
                continue  # "in international waters in the Strait of Hormuz": the named place
            top = self._last_sea(m.start(), max(self._floor, m.start() - window))
            if top is not None:
                out.append(Anaphor(m.start(), m.end(), top))
        if len(out) > 1:
            out.sort(key=lambda a: a.start)
        return out

    def _antecedent(
        self,
        norm: str,
        pos: int,
        prefixes: Sequence[str],
        noun: str,
        s0: int,
        sentence: int | None,
        window: int,
    ) -> Toponym | None:
        # "positions around Goma and a contingent based in the city": a fitting place
        # named earlier in the same sentence is nearer than the story's current place
        if "*" in prefixes and not noun:
            nearest = self._last(pos, _ANY, max(s0, pos - window))
            if nearest is not None and _MEASURED_FROM.search(
                norm, max(0, nearest.start - 40), nearest.start
            ):
                # "on Yonaguni, ..., about 110 km east of Taiwan, stationing troops there":
                # the place described, not the point it is measured from
                nearest = self._last(nearest.start, _ANY, max(s0, pos - window))
                if nearest is not None and nearest.feature_code not in _COUNTRY_CODES:
                    return nearest
            if nearest is not None and nearest.feature_code in _COUNTRY_CODES:
                # "replenishment in the Solomon Islands and ... send forces there": the
                # country just named, whose point would say too little; no older place
                return None
        top = self._last(pos, prefixes, max(s0, pos - window), noun)
        if top is not None and _LEFT_FROM.search(norm, max(s0, top.start - 40), top.start):
            top = None  # "sent north from the town of Kidal to retake the area": not there
        if top is None and prefixes == _COUNTRY_CODES:
            i = bisect_left(self._leader_starts, pos) - 1
            if i >= 0 and self._leader_starts[i] >= s0:
                # "Venezuelan President Maduro mobilised militia units across the country"
                top = replace(self._leaders[i], adjective=False)
        if top is None and sentence is not None:
            top = self._current(sentence, prefixes, noun)
        if top is None and prefixes == _COUNTRY_CODES and sentence is not None:
            top = self._country_of_focus(pos, sentence, max(self._floor, s0 - window))
        if top is None and prefixes == _COUNTRY_CODES:
            top = self._last_country(norm, pos, max(self._floor, s0 - window))
        return top or self._last(pos, prefixes, max(self._floor, s0 - window), noun)

    def _last_country(self, norm: str, pos: int, floor: int) -> Toponym | None:
        """ "the country": the last country the story was in, not the last one named ("the
        commitment of the United States"): a country after a locative preposition, or the
        country of the last place named (when the text names that country too)."""
        i = bisect_left(self._starts, pos) - 1
        while i >= 0 and self._places[i].start >= floor:
            top = self._places[i]
            if top.feature_code in _COUNTRY_CODES:
                if _LOCATIVE.search(norm, max(0, top.start - 16), top.start):
                    return top
            elif top.country_code:
                named = self._named_country(top.country_code, floor, pos)
                if named is not None:
                    return named
            i -= 1
        return None

    def _named_country(self, cc: str, floor: int, pos: int) -> Toponym | None:
        """The last mention before ``pos`` of the country ``cc``."""
        i = bisect_left(self._starts, pos) - 1
        while i >= 0 and self._places[i].start >= floor:
            top = self._places[i]
            if top.feature_code in _COUNTRY_CODES and top.country_code == cc:
                return top
            i -= 1
        return None

    def _country_of_focus(self, pos: int, sentence: int, floor: int) -> Toponym | None:
        """ "the country" while the story is at Busan: South Korea, if it was named."""
        here = self.focus(sentence)
        if here is None or not here.country_code:
            return None
        i = bisect_left(self._starts, pos) - 1
        while i >= 0 and self._places[i].start >= floor:
            top = self._places[i]
            if top.feature_code in _COUNTRY_CODES and top.country_code == here.country_code:
                return top
            i -= 1
        return None

    def _current(self, sentence: int, prefixes: Sequence[str], noun: str) -> Toponym | None:
        top = self.focus(sentence)
        if top is None:
            return None
        return top if fits(top, prefixes, noun) or self._called.get(top.start) == noun else None

    def note_subject(self, kind: str, place: Toponym, sentence: int) -> None:
        """A force of ``kind`` was placed at ``place`` in sentence number ``sentence``."""
        self._subjects[kind] = (place, sentence)

    def subjects(self, sentence: int) -> dict[str, Toponym]:
        """Where recent sentences put each kind of force ("the destroyer" -> its place)."""
        window = 3 * self._rules.focus_sentences
        return {k: p for k, (p, at) in self._subjects.items() if 0 < sentence - at <= window}

    def note(self, place: Toponym, sentence: int, *, carried: bool = False) -> None:
        """The statements of sentence number ``sentence`` are at ``place``; ``carried``: the
        sentence took it from the discourse (the story goes on there, but a place not named
        again fades: at most three times ``focus_sentences`` after it was named)."""
        named = sentence
        if carried and self._focus is not None and self._focus[0] is place:
            named = self._focus[2]
        self._focus = (place, sentence, named)

    def focus(self, sentence: int) -> Toponym | None:
        """The current place for sentence number ``sentence``, if a recent one set it."""
        if self._focus is None:
            return None
        place, at, named = self._focus
        n = self._rules.focus_sentences
        if 0 < sentence - at <= n and sentence - named <= 3 * n:
            return place
        return None
