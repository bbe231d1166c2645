"""The attribution extractor of the service: :class:`quotewire_attribution.Extractor`
whose statements are the topic contract's :class:`~quotewire_contracts.events.Statement`.

A statement the contract rejects is dropped with a warning (never published half-valid).
"""

from __future__ import annotations

import logging

from pydantic import ValidationError
from quotewire_attribution import EXTRACTOR_NAME, MODEL_PACKAGE, ExtractionError, RawStatement
from quotewire_attribution import Extractor as AttributionExtractor
from quotewire_contracts.events import Statement

__all__ = ["EXTRACTOR_NAME", "MODEL_PACKAGE", "ExtractionError", "Extractor"]

log = logging.getLogger("quotewire.extract")


class Extractor(AttributionExtractor):
    """Statements as :class:`Statement` contract records."""

    def _record(self, statement: RawStatement) -> Statement | None:
        try:
            return Statement(**statement.as_dict())
        except ValidationError:
            log.warning("dropping an invalid statement record", exc_info=True)
            return None
