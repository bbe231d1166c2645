"""The attribution extractor of the service: :class:`quotewire_attribution.Extractor`
whose statements are the topic contract's :class:`~quotewire_contracts.events.Statement`.

A statement the contract rejects is dropped with a warning (never published half-valid);
a statement whose only fault is in its mentions is kept without them (also warned).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from pydantic import ValidationError
from quotewire_attribution import EXTRACTOR_NAME, MODEL_PACKAGE, ExtractionError, RawStatement
from quotewire_attribution import Extractor as AttributionExtractor
from quotewire_common.metrics import EXTRACT_PARSED_CHARS, EXTRACT_PARSES, EXTRACT_TEXT_CHARS
from quotewire_contracts.events import Statement

__all__ = ["EXTRACTOR_NAME", "MODEL_PACKAGE", "BatchExtract", "ExtractionError", "Extractor"]

log = logging.getLogger("quotewire.extract")


class Extractor(AttributionExtractor):
    """Statements as :class:`Statement` contract records; how much of each article the
    model parsed is counted (``quotewire_extract_parses_total``, ``..._chars_total``)."""

    def _prepare(self, text):
        job = super()._prepare(text)
        sel = job.sel
        every_word = len(sel.segments) <= 1 and all(sel.copied)  # one verbatim copy
        EXTRACT_PARSES.labels("every_word" if every_word else "shortened").inc()
        EXTRACT_TEXT_CHARS.inc(len(job.text))
        EXTRACT_PARSED_CHARS.inc(len(sel.text))
        return job

    def _record(self, statement: RawStatement) -> Statement | None:
        fields = statement.as_dict()
        try:
            return Statement(**fields)
        except ValidationError:
            if fields["mentions"]:
                try:
                    record = Statement(**{**fields, "mentions": []})
                except ValidationError:
                    pass
                else:
                    log.warning("dropping the invalid mentions of a statement", exc_info=True)
                    return record
            log.warning("dropping an invalid statement record", exc_info=True)
            return None


class BatchExtract:
    """The extractor as the worker calls it: ``extract(text)`` for one text, and
    ``extract.many(texts)`` for the texts of a batch in one ``nlp.pipe`` (per text its
    statements, or the :class:`ExtractionError` that failed it)."""

    def __init__(self, extractor: Extractor) -> None:
        self.extractor = extractor

    def __call__(self, text: str) -> list[Statement]:
        return self.extractor.extract(text)

    def many(self, texts: Sequence[str]) -> list[list[Statement] | ExtractionError]:
        return list(
            self.extractor.extract_many(texts, batch_size=max(1, len(texts)), errors="return")
        )
