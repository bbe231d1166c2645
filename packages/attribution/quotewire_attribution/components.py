"""Registered spaCy components of the attribution extractor.

- ``quotewire_newline_sentences``: paragraph and line breaks always end a sentence
  (headlines, datelines and photo credits carry no final period); :class:`Extractor`
  places it before the parser, which respects preset boundaries.

The attribution itself is not a pipeline component: the extractor parses a shortened text
and types entities outside the pipeline (see :mod:`.fastpath`), then calls
:func:`extract_statements` on the Doc with what it learnt from the skipped text.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("quotewire_newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws[len(tok.text) :] or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc
