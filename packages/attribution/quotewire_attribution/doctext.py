"""``doc_text(doc)``: a parsed Doc's text, joined once.

spaCy's ``Doc.text`` builds a ``Token`` object for every token and joins their texts on
each access; the rules ask for it many times per document (every reported frame), so it
is kept in ``doc.user_data`` after the first join. Same string, read-only use only.
"""

from __future__ import annotations

from spacy.tokens import Doc

#: ``doc.user_data`` key of the joined text
TEXT_KEY = "quotewire_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
