"""Toponym resolution: rank gazetteer candidates by prior and document context."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

from geo.gazetteer import Gazetteer, haversine_km
from geo.gazetteer import fold as _fold
from geo.gazetteer._build import strip_accents, variant_of
from geo.recognize import Mention

# Weights, in the prior's units (log10 population + type bonus).
_W_COUNTRY = 3.0  # candidate lies in a country the document mentions
_W_ADMIN = 2.0  # candidate lies in a first-level division the document mentions
_W_NEAR = 2.0  # candidate within _NEAR_KM of another place of the document
_W_PATTERN = 6.0  # "City, Country" / "City, ST"
_NEAR_KM = 300.0
_ALT_PENALTY = 1.5  # matched through an alternate name, not the place's own name
_MIN_SCORE = 3.5  # below this a mention of an obscure place is dropped as noise


class Resolution:
    __slots__ = ("index", "score", "confidence")

    def __init__(self, index: int, score: float, confidence: float) -> None:
        self.index, self.score, self.confidence = index, score, confidence


def resolve(
    text: str, mentions: list[Mention], gz: Gazetteer
) -> list[tuple[Mention, Resolution | None]]:
    ix = gz.columns
    fcode, cc_of, admin_of, lat, lon = ix["fcode"], ix["cc"], ix["admin1"], ix["lat"], ix["lon"]

    # -- document context: countries and divisions it mentions -----------------------------
    countries: Counter[str] = Counter()  # weighted mentions
    admins: Counter[tuple[str, str]] = Counter()
    for m in mentions:
        if not m.candidates:
            if m.seat:
                countries[m.seat[0]] += 1
            continue
        top = m.candidates[0]
        if fcode[top] == "PCLI":
            # demonyms and abbreviations ("Russian", "U.S. officials") say less about locality
            weak = m.adjective or m.text.replace(".", "").isupper()
            countries[cc_of[top]] += 0.5 if weak else 1.0
        elif fcode[top] == "ADM1" and len(m.candidates) == 1:
            admins[(cc_of[top], ix["names"][top])] += 1
            countries[cc_of[top]] += 1

    pattern: dict[int, set[int]] = _patterns(text, mentions, gz)

    # -- pass 1: prior + country/admin context ---------------------------------------------
    names = ix["names"]

    keys = [fold(m.text.rstrip(".")) for m in mentions]

    def base(i: int, m_idx: int) -> float:
        s = gz.prior(i)
        key = keys[m_idx]
        if fcode[i] not in ("PCLI", "CONT", "ADM1") and not _primary(names[i], key):
            # a spelling ("Kiev") costs less than a nickname ("Victoria" for Hong Kong)
            s -= _ALT_PENALTY if variant_of(key, names[i]) else 2 * _ALT_PENALTY
        c = cc_of[i]
        if c and countries.get(c):
            s += _W_COUNTRY * min(1.0, 0.25 + 0.25 * countries[c])
        if admins.get((c, admin_of[i])):
            s += _W_ADMIN
        if m_idx in pattern and i in pattern[m_idx]:
            s += _W_PATTERN
        return s

    groups: dict[str, list[int]] = defaultdict(list)  # one sense per document
    for k, m in enumerate(mentions):
        if m.candidates and not m.adjective and not m.facility:
            groups[fold(m.text.rstrip("."))].append(k)

    chosen: dict[int, int] = {}
    scores: dict[int, list[tuple[float, int]]] = {}
    for ks in groups.values():
        cands = mentions[ks[0]].candidates[:60]
        ranked = sorted(
            ((max(base(i, k) for k in ks), i) for i in cands), key=lambda t: (-t[0], t[1])
        )
        scores[ks[0]] = ranked
        for k in ks:
            chosen[k] = ranked[0][1]

    # -- pass 2: nearness to the document's other (confident) places -------------------------
    anchors = [
        (chosen[k], key)
        for key, ks in groups.items()
        for k in ks[:1]
        if fcode[chosen[k]] not in ("PCLI", "CONT") and _margin(scores[ks[0]]) > 1.0
    ]
    if anchors:
        for key, ks in groups.items():
            ranked = scores[ks[0]]
            if len(ranked) < 2 or _margin(ranked) > 3.0:
                continue
            rescored = []
            for s, i in ranked:
                near = any(
                    other_key != key and haversine_km(lat[i], lon[i], lat[a], lon[a]) < _NEAR_KM
                    for a, other_key in anchors
                )
                rescored.append((s + (_W_NEAR if near else 0.0), i))
            rescored.sort(key=lambda t: (-t[0], t[1]))
            scores[ks[0]] = rescored
            for k in ks:
                chosen[k] = rescored[0][1]

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
        key = fold(m.text.rstrip("."))
        ranked = scores[groups[key][0]]
        best_score, best = ranked[0]
        if best_score < _MIN_SCORE or ("initial" in m.notes and best_score < _MIN_SCORE + 1.5):
            continue
        if not _evidenced(text, m, best, best_score, countries, k in pattern, gz):
            continue
        conf = _confidence(ranked)
        out.append((m, Resolution(best, best_score, conf)))

    # Facilities: at their named place when the name resolves in context ("Cuyahoga County",
    # "Mount Sinjar"), else at the document's main locality, with a low confidence.
    focus = _focus(out, countries, gz)
    for k, m in facilities:
        res = None
        region = _region_after(text, k, mentions, gz)
        if region is not None and k not in pattern:
            res = Resolution(region, 0.0, 0.5)  # "Buena Vista County, Iowa": at least Iowa
        elif m.candidates:
            ranked = sorted(
                ((base(i, k), i) for i in m.candidates[:60]), key=lambda t: (-t[0], t[1])
            )
            s, i = ranked[0]
            if s >= _MIN_SCORE + 1.0 and (countries.get(cc_of[i]) or gz.prior(i) >= _SMALL_PRIOR):
                res = Resolution(i, s, round(0.6 * _confidence(ranked), 3))
        if res is None and focus is not None:
            res = Resolution(focus, 0.0, FALLBACK_CONFIDENCE)
        if res is not None:
            out.append((m, res))
    out.sort(key=lambda mr: mr[0].start)
    return out


# Confidence of a facility placed only at the document's main locality (no evidence of its
# own): the layers never put a statement there.
FALLBACK_CONFIDENCE = 0.3

_LOCATIVE = re.compile(
    r"\b(?:in|at|near|from|to|into|outside|towards?|via|of|across|around|through|between|"
    r"and|off|across|suburb|town|city|village|county|province|region|district)\s+(?:the\s+)?$",
    re.I,
)
_SMALL_PRIOR = 5.5  # a town of ~30,000 with a few alternate names


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
    return bool(_LOCATIVE.search(text[max(0, m.start - 20) : m.start]))


def _focus(
    resolved: list[tuple[Mention, Resolution | None]], countries: Counter[str], gz: Gazetteer
) -> int | None:
    """The document's main locality: its most mentioned confident city or division, else its
    most mentioned country."""
    ix = gz.columns
    weight: Counter[int] = Counter()
    first: dict[int, int] = {}
    for k, (m, r) in enumerate(resolved):
        if r is None or m.adjective or not m.literal:
            continue
        i = r.index
        if ix["fclass"][i] in ("P", "A") and ix["fcode"][i] not in ("PCLI", "CONT"):
            weight[i] += r.confidence
            first.setdefault(i, k)
    if weight:
        return min(weight, key=lambda i: (-weight[i], first[i]))
    if countries:
        cc = min(countries, key=lambda c: (-countries[c], c))
        return gz.country_index(cc)
    return None


fold = lru_cache(maxsize=100_000)(_fold)
_ABBR = (("st. ", "saint "), ("ft. ", "fort "), ("mt. ", "mount "), ("st ", "saint "))


def _primary(name: str, key: str) -> bool:
    f = fold(name)
    for a, b in _ABBR:
        if key.startswith(a):
            key = b + key[len(a) :]
    return f == key or fold(strip_accents(name)) == key or f.startswith(key + " ")


def _margin(ranked: list[tuple[float, int]]) -> float:
    return ranked[0][0] - ranked[1][0] if len(ranked) > 1 else 10.0


def _confidence(ranked: list[tuple[float, int]]) -> float:
    margin = _margin(ranked)
    strength = 1.0 / (1.0 + math.exp(-(ranked[0][0] - 4.0)))
    sep = 1.0 / (1.0 + math.exp(-1.5 * margin))
    return round(min(0.99, 0.15 + 0.85 * strength * sep), 3)


_COMMA = re.compile(r"\s*,\s*$")


def _region_after(text: str, k: int, mentions: list[Mention], gz: Gazetteer) -> int | None:
    """The division or country named right after mention k ("…, Iowa"), if any."""
    nxt = mentions[k + 1] if k + 1 < len(mentions) else None
    if (
        nxt is None
        or not nxt.candidates
        or not _COMMA.match(text[mentions[k].end : nxt.start] or "x")
    ):
        return None
    r = nxt.candidates[0]
    return r if gz.columns["fcode"][r] in ("ADM1", "PCLI") else None


def _patterns(text: str, mentions: list[Mention], gz: Gazetteer) -> dict[int, set[int]]:
    """ "City, Country" and "City, ST": candidates of the first that lie in the second."""
    ix = gz.columns
    out: dict[int, set[int]] = {}
    postal = ix.get("postal", {})
    for k, m in enumerate(mentions):
        if not m.candidates or ix["fcode"][m.candidates[0]] in ("PCLI", "CONT") or m.adjective:
            continue
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        tail = text[m.end : m.end + 4]
        region = None
        if nxt is not None and _COMMA.match(text[m.end : nxt.start] or "x") and nxt.candidates:
            region = nxt.candidates[0]
        elif re.match(r",\s[A-Z]{2}\b", tail) and tail[2:4] in postal:
            region = postal[tail[2:4]]
        if region is None:
            continue
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
    return out
