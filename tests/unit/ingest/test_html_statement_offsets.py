"""An HTML body's quote is found, and its offsets point into the text stored with the
article (the cleaned text), so a search highlight lands on the quote."""

from quotewire_ingest.loaders import parse_article

HTML = '{"title": "Budget passes", "body": "<p>&ldquo;We balanced it,&rdquo; Mayor Jane Doe said.</p><figure><img src=\\"m.jpg\\"><figcaption>Photo: Staff</figcaption></figure><p>The council voted 5-2.</p>"}'


def test_mayor_jane_does_statement_with_offsets_into_the_stored_text(extractor):
    event = parse_article(HTML).to_event()
    assert (
        event.body == "\u201cWe balanced it,\u201d Mayor Jane Doe said.\n\nThe council voted 5-2."
    )
    text = event.text  # what extract reads and what the index stores (title + body)
    [statement] = [s for s in extractor.extract(text) if s.speaker_canonical == "Jane Doe"]
    start, end = statement.content_span
    assert text[start:end] == "We balanced it," or text[start:end] == "We balanced it"
    s_start, s_end = statement.speaker_span
    assert text[s_start:s_end] in ("Mayor Jane Doe", "Jane Doe")
    c_start, c_end = statement.cue_span
    assert text[c_start:c_end] == "said"
