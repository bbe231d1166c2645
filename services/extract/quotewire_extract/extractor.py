"""The attribution extractor of the service: :class:`quotewire_attribution.Extractor`
whose statements are the topic contract's :class:`~quotewire_contracts.events.Statement`.

A statement the contract rejects is dropped with a warning (never published half-valid);
a statement whose only fault is in its mentions is kept without them (also warned).
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
