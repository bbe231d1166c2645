"""Registered spaCy components of the attribution extractor.

- ``quotewire_newline_sentences``: paragraph and line breaks always end a sentence
  (headlines, datelines and photo credits carry no final period); place it before the
  parser, which respects preset boundaries.
- ``quotewire_attribution``: runs :func:`extract_statements` and stores the result on
  ``doc._.statements`` (a list of :class:`RawStatement`).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import extract_statements, load_lexicon

if not Doc.has_extension("statements"):
    Doc.set_extension("statements", default=None)
if not Doc.has_extension("known_names"):
    Doc.set_extension("known_names", default=())


@Language.component("quotewire_newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    for tok in doc[:-1]:
        if "\n" in tok.text_with_ws[len(tok.text):] or (tok.is_space and "\n" in tok.text):
            doc[tok.i + 1].is_sent_start = True
    return doc


class AttributionComponent:
    def __init__(self, nlp: Language, name: str):
        self.name = name
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.statements = extract_statements(doc, self.lexicon, tuple(doc._.known_names or ()))
        return doc


@Language.factory(
    "quotewire_attribution",
    assigns=["doc._.statements"],
    requires=["token.dep", "token.tag", "doc.ents"],
)
def make_attribution(nlp: Language, name: str) -> AttributionComponent:
    return AttributionComponent(nlp, name)
