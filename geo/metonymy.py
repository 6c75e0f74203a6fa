"""Metonymy: a capital, country or seat of power standing for its government."""

from __future__ import annotations

import re

from geo._lexicon import RecognitionLexicon

# After the mention: a possessive noun, or the next word skipping auxiliaries, adverbs,
# a coordinated partner ("China and Russia hope") and a ", which" clause opener.
_NEXT_WORDS = re.compile(
    r"[’']s\s+(?:\w+(?:ing|ed|al|ive|ic)\s+)?(\w+)"
    r"|(?:\s+and\s+(?:the\s+)?[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?,?"
    r"\s+(?:(?:has|had|have|also|now|then|still|again|already|yet|so\s+far|which|who|\w+ly|"
    r"long|just|never|often|even|once|not|further|"
    r"on\s\w+day|,)\s+)*"
    r"(\w+)"
)
# Before the mention: an agentive verb ("Britain blames Russia", "blamed on Russia") or a
# relationship noun ("cooperation with Russia", "relations between Russia and the West");
# the words are in geo/data/lexicon/metonymy.txt.
_PREV_WORDS = re.compile(r"(\w+)\s+(?:on\s+|upon\s+|to\s+)?(?:the\s+)?$")
_GOVERNMENTAL = ("PCLI", "PPLC")
# The object of "of" after a noun that is no government word (those are matched before)
_OF_OBJECT = re.compile(r"\b[a-z]{3,}\s+of\s+(?:the\s+)?$")
# Going somewhere: a motion verb or noun, then "to" ("flew to Moscow", "a visit to Beijing").
_MOTION_TO = re.compile(
    r"\b(?:back|home|return\w*|travel\w*|fl(?:y|ies|ew|own|ying|ights?)|mov(?:e|ed|es|ing)"
    r"|sen[dt]\w*|deport\w*|extradit\w*|go(?:es|ne|ing)?|went|came|come|coming|arriv\w*"
    r"|head(?:ed|ing|s)?|relocat\w*|fle(?:e|es|d|eing)|escap\w*|trips?|visits?|journeys?"
    r"|voyages?|routes?)\s+to\s+(?:the\s+)?$",
    re.I,
)


# Leaving or shooting from somewhere: "fired from Lebanon", "launched from Yemen".
_FIRED_FROM = re.compile(
    r"\b(?:fired|launched|shot|flew|flown|sailed|departed|withdr[ae]wn?|retreated|pulled\s+out|"
    r"evacuated|fled|expelled|deported|smuggled|infiltrated|crossed|coming|came)\s+"
    r"(?:[a-z]+\s+){0,2}?from\s+(?:the\s+)?$",
    re.I,
)


# a movement that came close to the place ("sources close to Moscow" is the government's)
_MOVED_CLOSE = re.compile(
    r"\b(?:flew|flown|flying|sail(?:ed|ing)|came|coming|pass(?:ed|ing)|operat(?:ed|ing)|"
    r"mov(?:ed|ing)|ventur(?:ed|ing)|stray(?:ed|ing)|approach(?:ed|ing)|got|getting)\s+"
    r"(?:very\s+|dangerously\s+|too\s+)?close\s+to\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def is_metonymic(text: str, start: int, end: int, fcode: str, lex: RecognitionLexicon) -> bool:
    """True when the mention at text[start:end] is used for a government, not a place.

    "Moscow warned", "Washington's tone", "the Kremlin said", "Beijing has repeatedly denied".
    """
    if fcode not in _GOVERNMENTAL and fcode != "SEAT":
        return False
    before = text[max(0, start - 60) : start]
    if _MOVED_CLOSE.search(before):
        return False  # "flew close to Norway": where the aircraft went, not the government
    if lex.government_re.search(before):
        return True
    if re.search(
        r"\b(in|near|at|into|across|over|outside|around|inside|within|towards?|via)\s+(the\s+)?$",
        before[-14:],
        re.I,
    ):
        return False  # a locative preposition makes it a location
    if _MOTION_TO.search(before[-40:]):
        return False  # "back to Russia", "travelling to the United Kingdom": a destination
    if _FIRED_FROM.search(before[-40:]):
        return False  # "a rocket fired from Lebanon", "troops withdrew from Syria": a place
    if _OF_OBJECT.search(before[-24:]):
        # "a blockade of Taiwan would begin": the verb after is the head noun's
        return fcode == "SEAT"
    if lex.relation_re.search(before):
        return True
    pm = _PREV_WORDS.search(before)
    if pm and pm.group(1).lower().startswith(lex.agent_verbs):
        return True
    m = _NEXT_WORDS.match(text, end)
    if not m:
        return fcode == "SEAT"
    if m.group(1):  # possessive
        return m.group(1).lower() in lex.possessed or fcode == "SEAT"
    word = (m.group(2) or "").lower()
    if word in _COPULAS and _PREDICATE_NOUN.match(text, m.end()):
        return False  # "London is the second destination", "Turkey is one of our markets"
    if word in lex.speech_verbs:
        return True
    if fcode == "PPLC" and _ACTS.match(text, end) and _SUBJECT_SLOT.search(before):
        return True  # "Beijing rehearsed such an operation", "that Belgrade had any role"
    return fcode == "SEAT"


# A copula and a noun phrase after the name: the sentence says what the place is, not what
# its government does ("Slovenia is a specific case", "London is the second destination").
_COPULAS = frozenset({"is", "was"})
_PREDICATE_NOUN = re.compile(r"\s+(?:a|an|the|one|home|among)\s")


# A capital as a clause's subject (sentence start, "that", "but", "and") ...
# or a verb of saying with its "that" left out ("said Tehran had no plans to attack")
_SUBJECT_SLOT = re.compile(
    r"(?:^|[.!?\n]\s*|\b(?:that|but|while|as|and|said|says|added|insisted|stated|argued)\s+)$"
)
# ... doing something: a past or present verb with an object, not a passive or a place verb
_ACTS = re.compile(
    r"\s+(?:"
    r"(?:(?:has|have|had)(?=\s+(?:any|no)\b)|(?:(?:has|have|had)\s+)?(?!(?:was|were|is|are|"
    r"lies|lay|sits|sat|"
    r"stands|stood|remains|remained|woke|shook|trembled|burned|suffered|experienced|saw|"
    r"recorded|received|hosted|hosts|became|becomes|fell|falls|has|had|have)\b)[a-z]+(?:ed|s))"
    # a verb particle ("handed over") and an object: a determiner, a quantity
    r"(?:\s+(?:over|out|up|back|down|off|in))?"
    r"\s+(?:(?:the|a|an|any|its|their|no|parts?|what|that|to|more|new|two|three|several|some|"
    r"all|about|around|nearly|almost|roughly|over)\b|\d)"
    # a verb that only a state does to forces, whatever its object ("Moscow held large drills",
    # "Moscow deployed troops")
    r"|(?:(?:has|have|had)\s+)?(?:kept|sent|held|deployed|dispatched|stationed|massed|"
    r"mobilized|mobilised|redeployed)\s+[a-z0-9]"
    r")"
)


_NEXT_WORD = re.compile(r" ([A-Za-z][a-z-]*)\b")
_NOT_NOUN = frozenset(
    """is are was were be been being has have had do does did will would can could may might
    must shall should and or but nor to of in on at by for from with as than that which who
    whose when where while if also now then still not no so yet has""".split()
)


def is_modifier(text: str, start: int, end: int, lex: RecognitionLexicon) -> bool:
    """A country name used as a noun modifier: "U.S. officials", "UK forces", "Iran-backed".

    Full names rarely modify a noun ("Russia troops"), so there only hyphenated compounds
    count; abbreviations count before any noun.
    """
    mention = text[start:end]
    if text[end : end + 1] == "-" and text[end + 1 : end + 2].islower():
        return True  # "U.S.-made", "Iran-backed", "Russia-led"
    if not mention.replace(".", "").isupper():
        return False
    m = _NEXT_WORD.match(text, end)
    if not m:
        return False
    word = m.group(1)
    low = word.lower()
    return low not in _NOT_NOUN and low not in lex.speech_verbs
