"""The speed rewrites (issue 10, item 0) give the same results as what they replaced."""

from __future__ import annotations

import dataclasses
import hashlib
import re

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from geo.gazetteer import fold
from geo.model import Toponym
from geo.recognize import _TOKEN, _WORD_TAIL, tokenize
from layers import copies
from layers.lexicon import _TRANS, normalize_text

# The token pattern before it was factored (one look-behind per branch), with the same words.
_REFERENCE_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"
    # the Arabic article, also assimilated ("ez-Zor", "es-Salaam", "ash-Sham")
    r"|(?<![^\W_])(?:[aeu]l|[aeu][dnrstz]|[aeu](?:sh|th|dh))-[^\W_]"
    + _WORD_TAIL
    + r"|(?<![^\W_])(?:of|de|del|della|di|da|do|dos|das|du|des|la|le|el|al|the|on|upon|am|an"
    r"|der|den|y|e|et|and|sur|en|im|in)\b(?![-'’])"
    r"|(?<![^\W_])[^\W\d_a-z]" + _WORD_TAIL
)

_NEWSY = [
    "U.S. and U.K. troops near al-Qaeda's base in Guinea-Bissau, the Isle of Man.",
    "Kyiv-based officials of the Iran-backed group; Saint-Étienne, Côte d'Ivoire",
    "de la Rue, del Monte y Cía, the Hague's court: 3.5 km, 10 AM, B.C. A.D.",
    "el-Sisi and al-Assad met in Sharm el-Sheikh (Egypt) on 12.05.2024.",
    "ÉTATS-UNIS, İstanbul, Straße, ΣΑΣ ΑΘΗΝΑ, O'Neill’s, x_Kyiv, _the of_ and_",
    "aB.C.D. xU.S. USA.UK. U.S.A.B and  the\u00a0Hague\tin\nOdesa",
]

_ALPHABET = st.sampled_from(
    list("aAbBeEdDlLoOtThHnNsSiIuUyYxX.-'’ _\n\t,;0123456789") + ["é", "É", "İ", "ß", "Σ", "ö"]
)


def _tokens(pattern: re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]


def test_token_pattern_matches_the_reference_on_news_text() -> None:
    for text in _NEWSY:
        assert _tokens(_TOKEN, text) == _tokens(_REFERENCE_TOKEN, text), text
        assert [tuple(t) for t in tokenize(text)] == _tokens(_REFERENCE_TOKEN, text)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_token_pattern_matches_the_reference(text: str) -> None:
    assert _tokens(_TOKEN, text) == _tokens(_REFERENCE_TOKEN, text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=12), min_size=1, max_size=4),
    st.lists(st.sampled_from([" ", "-", "'", "’", ". "]), min_size=4, max_size=4),
    st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=1, max_size=2),
)
def test_folding_a_name_with_a_lowercase_tail_appends_the_tail(parts, gaps, tail) -> None:
    """recognize looks up "Lachin corridor" as fold("Lachin") + " corridor": the same key,
    for any run of tokens joined by the gaps recognition allows."""
    toks = [t for p in parts for t in _TOKEN.findall(p)]
    assume(toks)
    surface = toks[0] + "".join(g + t for g, t in zip(gaps, toks[1:], strict=False))
    suffix = " " + " ".join(tail)
    assert fold(surface + suffix) == fold(surface) + suffix


def test_toponym_to_dict_is_asdict() -> None:
    t = Toponym("Kyiv", 3, 7, "Kyiv", 50.45, 30.52, "PPLC", "UA", "geonames:703448", 0.93)
    assert t.to_dict() == dataclasses.asdict(t)
    assert list(t.to_dict()) == [f.name for f in dataclasses.fields(Toponym)]


@given(st.text(alphabet=st.sampled_from([*map(chr, _TRANS), "a", "Z", " ", "İ", "x"])))
def test_normalize_text_is_the_translation(text: str) -> None:
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    assert normalize_text(text) == low.translate(_TRANS)


def _reference_fingerprint(text: str) -> dict[str, object]:
    """layers.copies.fingerprint as it was: per-document hashes, np.unique, a new array per
    mixing step."""
    words = copies._WORD.findall(text.casefold())
    norm = " ".join(words)
    prefix = ""
    if len(norm) >= copies.PREFIX_CHARS:
        prefix = hashlib.sha1(norm[: copies.PREFIX_CHARS].encode("utf-8")).hexdigest()
    if not words:
        return {"prefix": prefix, "minhash": b""}
    w = np.array([copies._word_hash(x) for x in words], dtype=np.uint64)
    n = max(1, len(w) - copies.SHINGLE + 1)
    with np.errstate(over="ignore"):
        s = w[:n].copy()
        for j in range(1, min(copies.SHINGLE, len(w))):
            s = copies._mix(s * copies._K + w[j : j + n])
        s = np.unique(s)
        sig = copies._mix(s[None, :] ^ copies._SEEDS[:, None]).min(axis=1)
    return {"prefix": prefix, "minhash": sig.astype(">u8").tobytes()}


def test_fingerprint_is_unchanged(monkeypatch) -> None:
    texts = [*_NEWSY, "", "one", "a a a a a a a a a a", " ".join(_NEWSY) * 3]
    for text in texts:
        assert copies.fingerprint(text) == _reference_fingerprint(text), text
    # the shared word-hash cache stays bounded and does not change results
    monkeypatch.setattr(copies, "_WORD_CACHE_MAX", 5)
    bound = 5 + max(len(set(copies._WORD.findall(t.casefold()))) for t in texts)
    for text in texts:
        assert copies.fingerprint(text) == _reference_fingerprint(text), text
        assert len(copies._word_hashes) <= bound


_REFERENCE_YEAR = re.compile(
    r"(?<![\d,.$£€#/-])\b((?:19|20)\d\d)\b"
    r"(?![\d,]\d|-\d|/\d|\s*(?:km|kilometres|kilometers|troops|soldiers|men|people))"
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from([*"12090 ,.$£€#/-a_é\n", "19", "20", " km", "2024"])))
def test_year_pattern_matches_the_reference(pieces: list[str]) -> None:
    text = "".join(pieces)
    from layers._dates import _PATTERNS

    name, year = _PATTERNS[-1]
    assert name == "year"
    spans = [(m.span(), m.groups()) for m in year.finditer(text)]
    assert spans == [(m.span(), m.groups()) for m in _REFERENCE_YEAR.finditer(text)]
