"""Place mentions that are not where a statement happens.

The geoparser says where a name is; this stage says what the name does in its sentence. A
mention is not the place of a posture statement when it is

- a **dateline** ("MOSCOW —", "TAIPEI (Taiwan News) —", "KYIV, Ukraine (AP) -"),
- a **speaker's place** ("told reporters in Brussels", "said at the White House on Tuesday",
  "officials in Washington said"), or the place of a meeting ("a summit in Helsinki"),
- part of an **organisation or unit name** ("China Coast Guard", "Pakistan Air Force",
  "the 16 Bihar regiment", "Russia's Baltic Sea fleet"): the owner, an actor,
- a **maker** before a model designation ("Shenyang J-16", "Chengdu J-10"),
- a **news outlet** ("Telegram channel Baza", "TV company Rustavi 2").

    rules = mention_rules(lexicon)
    role = non_place_role(rules, text, start, end)   # "" when the mention may be a place

Word lists live in ``layers/data/discourse.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from layers._rules import _alt as alt
from layers.lexicon import Lexicon, normalize_phrase, normalize_text

__all__ = ["MentionRules", "datelines", "mention_rules", "non_place_role"]

# Uppercase place words, an optional ", Country" and "(Agency)", then a dash or colon.
_DATELINE = re.compile(
    # "MOSCOW", "NEW DELHI", "7TH FLEET"
    r"(?m)^[ \t]*(?:(?:\d{1,3}(?:ST|ND|RD|TH)|[A-Z][A-Z.'\u2019]+)"
    r"(?:[ \t-][A-Z][A-Z.'\u2019]+){0,3})"
    # ", Ukraine", ", Aug 8", ", 12 June 2023" (Reuters: a date after the town)
    r"(?:,[ \t]*(?:[A-Z][\w.]*|\d{1,2})(?:,?[ \t](?:[A-Z][\w.]*|\d{1,4}(?:st|nd|rd|th)?)){0,3})?"
    r"(?:[ \t]*\([^()\n]{1,40}\))?[ \t]*(?:[\u2014\u2013:]|--?)[ \t]"
)
_MAKER = re.compile(r"[ \t\u00a0]+[A-Z][A-Za-z]{0,3}-?\d")


@dataclass(frozen=True)
class MentionRules:
    speaker_before: re.Pattern[str] | None
    speaker_to: re.Pattern[str] | None
    addressee: re.Pattern[str] | None
    speaker_noun_before: re.Pattern[str] | None
    speaker_after: re.Pattern[str] | None
    meeting_before: re.Pattern[str] | None
    org_after: re.Pattern[str] | None
    unit_after: re.Pattern[str] | None
    media_before: re.Pattern[str] | None
    speaker_verb_re: re.Pattern[str] | None


def _alt(words: list[str]) -> str:
    return alt([normalize_phrase(w) for w in words])


@lru_cache(maxsize=32)
def mention_rules(lex: Lexicon) -> MentionRules:
    cfg = lex.config

    def words(key: str) -> str:
        return _alt(list(cfg.get(key, [])))

    verbs, fill = words("speaker_verbs"), words("speaker_fillers")
    nouns, after = words("speaker_nouns"), words("speaker_after")
    meet, media = words("meeting_nouns"), words("media_nouns")
    heads = sorted({h for h in cfg.get("org_heads", []) if h.strip()}, key=len, reverse=True)
    units = words("unit_heads_lower")
    gov = r"(?:in|at|from)\s+(?:the\s+)?$"
    return MentionRules(
        speaker_before=(
            re.compile(rf"\b(?:{verbs})\s+(?:(?:{fill}|\d+)\s+){{0,5}}{gov}") if verbs else None
        ),
        # "confirmed to The Hill", "told to Reuters"
        speaker_to=re.compile(rf"\b(?:{verbs})\s+(?:it\s+)?to\s+(?:the\s+)?$") if verbs else None,
        addressee=(
            # "appeals to Russia and China": the second party too
            re.compile(
                rf"\b(?:{words('appeal_verbs')})\s+(?:the\s+)?"
                r"(?:[\w.-]+(?:\s+[\w.-]+)?\s*(?:,\s*|\s+and\s+)){0,2}$"
            )
            if cfg.get("appeal_verbs")
            else None
        ),
        # "officials in Brussels", "a deputy commander of rebel forces in Syria": the noun
        # phrase of a speaker, when a speech verb follows the place
        speaker_noun_before=(
            re.compile(rf"\b(?:{nouns})\s+(?:(?:of|for)\s+(?:[\w'-]+\s+){{1,4}}?)?{gov}")
            if nouns
            else None
        ),
        speaker_after=(
            re.compile(rf"\s*(?:,\s*)?(?:[a-z]+\s+){{0,2}}(?:{after})\b") if after else None
        ),
        meeting_before=(
            re.compile(rf"\b(?:{meet})\s+(?:(?:on|of|with|held)\s+)?{gov}") if meet else None
        ),
        org_after=(
            re.compile(
                # "China Coast Guard", "the U.S. 7th Fleet", "Russia's 58th Combined Arms Army"
                r"^(?:['\u2019]s)?(?:[ \t]+(?:of[ \t]+)?(?:[A-Z][\w'\u2019-]*|\d+(?:st|nd|rd|th)))"
                r"{0,3}?[ \t]+(?:" + "|".join(map(re.escape, heads)) + r")\b"
            )
            if heads
            else None
        ),
        unit_after=re.compile(rf"(?:'s)?\s+(?:{units})\b") if units else None,
        media_before=(
            re.compile(rf"\b(?:{media})\s+(?:(?:called|named)\s+)?(?:the\s+)?$") if media else None
        ),
        speaker_verb_re=re.compile(rf"\b(?:{verbs})\b") if verbs else None,
    )


def datelines(text: str, *, limit: int = 4000) -> list[tuple[int, int]]:
    """Spans of datelines at the start of the text or of a paragraph (within ``limit``)."""
    return [(m.start(), m.end()) for m in _DATELINE.finditer(text, 0, min(len(text), limit))]


# A photo credit ("Photo: TASS", "(Image: Getty)", "AP Photo", "photo by X", ".../AFP") or a
# credit glued after a caption's full stop ("... last year., Norwegian Armed Forces").
_CREDIT = re.compile(
    r"(?i)\b(?:photos?|photograph|image|picture|file\s+photo)\s*(?:by\b|:|credit)|\((?:photo|image|"
    r"picture)\b|getty\s+images|/\s?(?:afp|reuters|ap|tass|epa|anadolu|sputnik)\b|\bap\s+photo\b"
)
_GLUED_CREDIT = re.compile(r"\.,\s+[A-Z][^.\n]{0,60}$")


def caption(text: str, start: int, end: int) -> bool:
    """The sentence ``text[start:end]`` is (or carries) a photo caption: it describes a picture,
    often of another time or place, so the discourse neither reaches it nor leaves it."""
    return (
        _CREDIT.search(text, start, end) is not None
        or _GLUED_CREDIT.search(text, start, end) is not None
    )


def non_place_role(
    rules: MentionRules,
    text: str,
    start: int,
    end: int,
    *,
    norm: str | None = None,
    sentence_start: int = 0,
) -> str:
    """Why the mention ``text[start:end]`` is not the place of a statement, or ``""``.

    Roles: ``speaker``, ``meeting``, ``owner`` (organisation or unit name), ``maker``,
    ``media``, ``addressee`` ("urged Russia to"). ``norm`` is ``normalize_text(text)`` when
    the caller has it.
    """
    if norm is None:
        norm = normalize_text(text)
    lo = max(sentence_start, start - 80)
    before = norm[lo:start]
    tail = text[end : end + 60]
    if rules.org_after is not None and rules.org_after.match(tail):
        return "owner"
    if rules.unit_after is not None and rules.unit_after.match(norm, end, end + 30):
        return "owner"
    if _MAKER.match(tail):
        return "maker"
    if rules.media_before is not None and rules.media_before.search(before[-40:]):
        return "media"
    if rules.meeting_before is not None and rules.meeting_before.search(before[-40:]):
        return "meeting"
    if rules.speaker_before is not None and rules.speaker_before.search(before):
        return "speaker"
    if rules.speaker_to is not None and rules.speaker_to.search(before[-40:]):
        return "speaker"
    if rules.addressee is not None and rules.addressee.search(before[-40:]):
        return "addressee"  # "called on Russia to ...": a party
    if (
        rules.speaker_noun_before is not None
        and rules.speaker_noun_before.search(before[-70:])
        and rules.speaker_after is not None
        and rules.speaker_after.match(norm, end, end + 40)
    ):
        return "speaker"
    return ""
