"""Hand-made geoparsed documents for extractor tests: a small fixed gazetteer, so the
extractor is tested on its own, whatever the geoparser does."""

from __future__ import annotations

from geo.model import Document, ParsedDocument, Toponym

# name -> (lat, lon, feature_code, country_code)
PLACES = {
    "Armenia": (40.0, 45.0, "PCLI", "AM"),
    "Azerbaijan": (40.5, 47.5, "PCLI", "AZ"),
    "Baltic Sea": (58.0, 20.0, "SEA", ""),
    "Caracas": (10.49, -66.88, "PPLC", "VE"),
    "Caribbean": (15.0, -75.0, "SEA", ""),
    "Chicago": (41.88, -87.63, "PPL", "US"),
    "China": (35.0, 105.0, "PCLI", "CN"),
    "Colombia": (4.0, -72.0, "PCLI", "CO"),
    "Crimea": (45.3, 34.4, "DISP", "UA"),
    "Cuba": (21.5, -80.0, "PCLI", "CU"),
    "Denver": (39.74, -104.99, "PPL", "US"),
    "Dublin": (53.35, -6.26, "PPLC", "IE"),
    "Essequibo": (6.0, -59.0, "DISP", "GY"),
    "Europe": (50.0, 10.0, "CONT", ""),
    "Gaza": (31.5, 34.45, "PPLA", "PS"),
    "Germany": (51.0, 10.0, "PCLI", "DE"),
    "Guam": (13.44, 144.79, "TERR", "GU"),
    "Guyana": (5.0, -59.0, "PCLI", "GY"),
    "India": (21.0, 78.0, "PCLI", "IN"),
    "Iran": (32.0, 53.0, "PCLI", "IR"),
    "Israel": (31.5, 34.8, "PCLI", "IL"),
    "Jermuk": (39.84, 45.67, "PPL", "AM"),
    "Kaliningrad": (54.71, 20.51, "PPLA", "RU"),
    "Kharkiv": (49.99, 36.23, "PPLA", "UA"),
    "Kherson": (46.64, 32.62, "PPLA", "UA"),
    "Korean Peninsula": (37.5, 127.5, "PEN", ""),
    "Kyiv": (50.45, 30.52, "PPLC", "UA"),
    "Las Vegas": (36.17, -115.14, "PPL", "US"),
    "Lebanon": (33.9, 35.9, "PCLI", "LB"),
    "London": (51.5, -0.13, "PPLC", "GB"),
    "Madrid": (40.42, -3.7, "PPLC", "ES"),
    "Mali": (17.0, -4.0, "PCLI", "ML"),
    "Moscow": (55.75, 37.62, "PPLC", "RU"),
    "Nagorno-Karabakh": (39.9, 46.7, "DISP", "AZ"),
    "Niger": (17.0, 8.0, "PCLI", "NE"),
    "North Korea": (40.0, 127.0, "PCLI", "KP"),
    "Odesa": (46.48, 30.72, "PPLA", "UA"),
    "Ohio": (40.4, -82.9, "ADM1", "US"),
    "Paris": (48.86, 2.35, "PPLC", "FR"),
    "Philippines": (13.0, 122.0, "PCLI", "PH"),
    "Poland": (52.0, 19.0, "PCLI", "PL"),
    "Red Sea": (20.0, 38.0, "SEA", ""),
    "Russia": (60.0, 100.0, "PCLI", "RU"),
    "Sea of Japan": (40.0, 135.0, "SEA", ""),
    "Second Thomas Shoal": (9.73, 115.87, "SHOL", ""),
    "Sevastopol": (44.6, 33.52, "PPLA", "UA"),
    "South China Sea": (12.0, 114.0, "SEA", ""),
    "Spratly Islands": (10.0, 114.0, "ISLS", ""),
    "Syria": (35.0, 38.0, "PCLI", "SY"),
    "Taiwan": (23.7, 121.0, "PCLI", "TW"),
    "Taiwan Strait": (24.5, 119.5, "STRT", ""),
    "Tartus": (34.89, 35.89, "PPLA", "SY"),
    "Texas": (31.0, -99.0, "ADM1", "US"),
    "Ukraine": (49.0, 32.0, "PCLI", "UA"),
    "United States": (39.8, -98.6, "PCLI", "US"),
    "Venezuela": (8.0, -66.0, "PCLI", "VE"),
    "Yemen": (15.5, 47.5, "PCLI", "YE"),
}


def make(text: str, spec: list, *, published: str = "", doc_id: str = "d1") -> ParsedDocument:
    """spec items: "Name", or (mention, name, {"literal": ..., "adjective": ..., "nth": n})."""
    tops = []
    for item in spec:
        if isinstance(item, str):
            mention, name, opts = item, item, {}
        else:
            mention, name, opts = (*item, {})[:3] if len(item) == 2 else item
        start = -1
        for _ in range(opts.get("nth", 0) + 1):
            start = text.index(mention, start + 1)
        lat, lon, code, cc = PLACES[name]
        tops.append(
            Toponym(
                mention=mention,
                start=start,
                end=start + len(mention),
                name=name,
                lat=lat,
                lon=lon,
                feature_code=code,
                country_code=cc,
                gazetteer_id=f"test:{name}",
                confidence=opts.get("confidence", 0.9),
                literal=opts.get("literal", True),
                adjective=opts.get("adjective", False),
            )
        )
    tops.sort(key=lambda t: t.start)
    return ParsedDocument(
        Document(doc_id, text, title="T", url="http://x", published=published), tuple(tops)
    )
