"""Shared fixtures. The gazetteer index is built once per machine (user cache) and reused."""

from __future__ import annotations

import pytest

from geo.gazetteer import Gazetteer, get_gazetteer
from geo.model import Document


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return get_gazetteer()


@pytest.fixture(scope="session")
def geoparser(gazetteer):
    from geo.parse import Geoparser

    return Geoparser(gazetteer=gazetteer)


@pytest.fixture
def parse(geoparser):
    """Geoparse a snippet of text: parse("Troops moved to Kherson.") -> list[Toponym]."""

    def _parse(text: str):
        return list(geoparser.parse(Document(doc_id="t", text=text)).toponyms)

    return _parse
