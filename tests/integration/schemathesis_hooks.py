"""Schemathesis hooks of the contract tests (``SCHEMATHESIS_HOOKS``).

``format=`` on the ingest routes names the body's format (ninjs, wordpress, a feed ...)
when its Content-Type does not; the OpenAPI document describes the JSON bodies as
quotewire's article JSON only. A generated article sent as another format is rightly
refused, so generated requests do not name another format: those formats have tests of
their own (tests/unit/ingest/test_ingest_formats.py and the feed tests). Values that
are no format at all are still sent, and must be refused.
"""

import schemathesis
from quotewire_ingest.formats import ALIASES, ARTICLE, FORMATS

OTHER_FORMATS = (set(FORMATS) | set(ALIASES)) - {ARTICLE}


@schemathesis.hook
def map_case(context, case):
    """Every phase's cases (the coverage phase builds its own, past ``map_query``)."""
    fmt = (case.query or {}).get("format")
    if isinstance(fmt, str) and fmt in OTHER_FORMATS:
        case.query = {k: v for k, v in case.query.items() if k != "format"}
    return case
