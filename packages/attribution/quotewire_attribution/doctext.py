"""``doc_text(doc)``: a parsed Doc's text, joined once; ``token_offsets(doc)``: where its
tokens are, without a ``Token`` object each.

spaCy's ``Doc.text`` builds a ``Token`` object for every token and joins their texts on
each access; the rules ask for it many times per document (every reported frame), so it
is kept in ``doc.user_data`` after the first join. Same string, read-only use only.
"""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH
from spacy.tokens import Doc

#: ``doc.user_data`` key of the joined text
TEXT_KEY = "quotewire_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per Doc."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def token_offsets(doc: Doc) -> tuple[list[int], list[int]]:
    """Start and end character offsets of every token of ``doc`` (``t.idx`` and
    ``t.idx + len(t.text)``), read from the Doc's arrays without a ``Token`` object each."""
    if not len(doc):
        return [], []
    idx, length = doc.to_array([IDX, LENGTH]).T.tolist()
    return idx, [i + n for i, n in zip(idx, length)]
