"""The geoparser: documents in, resolved toponyms out."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from geo._lexicon import RecognitionLexicon, recognition_lexicon
from geo.gazetteer import Gazetteer, get_gazetteer
from geo.metonymy import is_metonymic, is_modifier
from geo.model import Document, ParsedDocument, Place, Toponym
from geo.rank import Ranker, Region, default_region
from geo.recognize import recognize
from geo.resolve import resolve

__all__ = ["Geoparser", "geoparse"]

logger = logging.getLogger(__name__)


def _slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


class Geoparser:
    """Finds and resolves the place mentions of documents, offline.

    Parameters
    ----------
    gazetteer : Gazetteer, optional
        The places to resolve against; default :func:`geo.gazetteer.get_gazetteer`.
    lexicon : RecognitionLexicon, optional
        The words that make or break a mention; default the shipped one.
    resolver : callable, optional
        Resolves mentions the gazetteer does not know (e.g. an online geopy geocoder, see
        :mod:`geo.geocoders`); never needed.
    region : Region or str, optional
        Where the documents are expected to be about ("US", "US,MX", a
        "west,south,east,north" box, or a :class:`geo.rank.Region`): it only breaks near
        ties between same-name places.
    ranker : Ranker, optional
        Replaces the shipped candidate ranker (see :mod:`geo.rank`).

    Examples
    --------
    >>> from geo.model import Document
    >>> parsed = Geoparser().parse(Document(doc_id="a", text="Troops moved to Kharkiv."))
    >>> [t.name for t in parsed.toponyms]
    ['Kharkiv']
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        lexicon: RecognitionLexicon | None = None,
        resolver: Callable[..., Place | None] | None = None,
        region: Region | str | None = None,
        ranker: Ranker | None = None,
    ) -> None:
        self.gazetteer = gazetteer or get_gazetteer()
        self.lexicon = lexicon or recognition_lexicon()
        self.resolver = resolver
        self.region = Region.parse(region) if isinstance(region, str) else region
        self.ranker = ranker

    def parse(self, document: Document) -> ParsedDocument:
        """The resolved place mentions of one document.

        Parameters
        ----------
        document : Document
            The document to read.

        Returns
        -------
        ParsedDocument
            The document and its toponyms, in text order.

        Raises
        ------
        TypeError
            When ``document`` is not a :class:`geo.model.Document`.
        """
        if not isinstance(document, Document):
            raise TypeError(f"expected a geo.model.Document, got {type(document).__name__}")
        return ParsedDocument(document=document, toponyms=tuple(self.toponyms(document.text)))

    def toponyms(self, text: str) -> list[Toponym]:
        gz, lex = self.gazetteer, self.lexicon
        ix = gz.columns
        mentions = recognize(text, gz, lexicon=lex)
        out: list[Toponym] = []
        region = self.region if self.region is not None else default_region()
        for m, r in resolve(text, mentions, gz, ranker=self.ranker, region=region):
            if m.seat is not None:
                cc, lat, lon = m.seat
                out.append(
                    Toponym(
                        mention=m.text,
                        start=m.start,
                        end=m.end,
                        name=m.text.removeprefix("the "),
                        lat=lat,
                        lon=lon,
                        feature_code="SEAT",
                        country_code=cc,
                        gazetteer_id=f"seat:{_slug(m.text)}",
                        confidence=0.9,
                        literal=not is_metonymic(text, m.start, m.end, "SEAT", lex),
                    )
                )
                continue
            if r is None:
                continue
            i = r.index
            code = ix["fcode"][i]
            # a place inside an organisation's name is named literally, though no event is there
            embedded = "org" in m.notes
            literal = embedded or (
                m.literal and (m.adjective or not is_metonymic(text, m.start, m.end, code, lex))
            )
            adjective = m.adjective or (
                literal
                and not embedded
                and code == "PCLI"
                and is_modifier(text, m.start, m.end, lex)
            )
            out.append(
                Toponym(
                    mention=m.text,
                    start=m.start,
                    end=m.end,
                    name=ix["names"][i],
                    lat=ix["lat"][i],
                    lon=ix["lon"][i],
                    feature_code=code,
                    country_code=ix["cc"][i],
                    gazetteer_id=ix["ids"][i],
                    confidence=r.confidence,
                    literal=literal,
                    adjective=adjective,
                    embedded=embedded,
                )
            )
        if self.resolver is not None:
            out = [self._online(t) for t in out]
        out.sort(key=lambda t: (t.start, t.end))
        return out

    def _online(self, t: Toponym) -> Toponym:
        """Re-resolve a literal place with the chosen online geocoder (country as a hint)."""
        if t.adjective or t.embedded or not t.literal or t.feature_code in ("PCLI", "CONT", "SEAT"):
            return t
        if self.resolver is None:
            return t
        place = self.resolver(t.mention, country_code=t.country_code or None)
        if place is None:
            return t
        return replace(
            t,
            name=place.name,
            lat=place.lat,
            lon=place.lon,
            feature_code=place.feature_code or t.feature_code,
            country_code=place.country_code or t.country_code,
            gazetteer_id=place.id,
        )


def geoparse(
    documents: Iterable[Document], *, geoparser: Geoparser | None = None
) -> Iterator[ParsedDocument]:
    """Geoparse documents lazily, in order."""
    gp = geoparser or Geoparser()
    for doc in documents:
        yield gp.parse(doc)
