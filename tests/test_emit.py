"""layers.emit: quotes capped around the mention; quote_start stays the sentence's offset."""

from __future__ import annotations

from _features import quote_fits

from layers.emit import ELLIPSIS, QUOTE_CONTEXT, quote_window


def test_short_sentence_is_the_whole_quote():
    text = "Intro. Russia moved S-300 batteries to Sevastopol. Outro."
    s0, s1 = 7, 50
    start = text.index("Sevastopol")
    assert quote_window(text, s0, s1, start, start + 10) == text[s0:s1]


def test_long_sentence_is_cut_around_the_mention():
    filler = "and then more words " * 5000
    text = "Start " + filler + "ships reached Sevastopol today " + filler + "end."
    start = text.index("Sevastopol")
    end = start + len("Sevastopol")
    quote = quote_window(text, 0, len(text), start, end)
    assert quote.startswith(ELLIPSIS) and quote.endswith(ELLIPSIS)
    assert len(quote) == 2 * QUOTE_CONTEXT + (end - start) + 2
    assert quote[1 + QUOTE_CONTEXT : 1 + QUOTE_CONTEXT + end - start] == "Sevastopol"
    assert quote_fits(quote, text)


def test_carried_place_and_long_line_stay_bounded():
    text = "x" * 5000
    quote = quote_window(text, 1000, 5000, 10, 20)  # named in an earlier sentence
    assert quote.startswith("x") and len(quote) == QUOTE_CONTEXT + 1
    quote = quote_window(text, 0, 5000, 100, 4900)  # a movement line over the sentence
    assert len(quote) <= 4 * QUOTE_CONTEXT + 2


def test_a_one_line_document_gives_small_quotes_and_exact_offsets():
    from geo.model import Document
    from layers import build_layers

    filler = "and officials kept talking about the weather in general " * 2000
    text = "Russia moved S-300 batteries to Sevastopol " + filler + "today."
    frames = build_layers([Document(doc_id="long", text=text)], workers=1)
    assets = frames["assets"]
    assert len(assets)
    for _, f in assets.iterrows():
        assert len(f["quote"]) <= 2 * QUOTE_CONTEXT + len(f["mention"]) + 2
        assert text[f["start"] : f["end"]] == f["mention"]
        assert f["mention"] in f["quote"]
