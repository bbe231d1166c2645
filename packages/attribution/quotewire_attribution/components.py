"""Registered spaCy components of the attribution extractor.

- ``quotewire_newline_sentences``: paragraph and line breaks always end a sentence
  (headlines, datelines and photo credits carry no final period); :class:`Extractor`
  places it before the parser, which respects preset boundaries.

The attribution itself is not a pipeline component: the extractor parses a shortened text
and types entities outside the pipeline (see :mod:`.fastpath`), then calls
:func:`extract_statements` on the Doc with what it learnt from the skipped text.
"""

from __future__ import annotations

from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc


@Language.component("quotewire_newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    # a token's trailing whitespace is one space at most (``whitespace_``): line breaks are
    # in space tokens of their own, the only tokens looked at (found in the Doc's array)
    if len(doc) < 2:
        return doc
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc
