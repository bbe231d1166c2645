"""Limits every service applies alike, so what ingest accepts the others can store.

* ids: Elasticsearch refuses an ``_id`` over 512 **bytes**; article ids are used as
  ``_id`` as they are, so ingest limits them in UTF-8 bytes, not characters
  (:func:`max_utf8_bytes`; the contract itself keeps 512 characters, so an older event
  still decodes and the indexer dead-letters it alone).
* dates: Elasticsearch (java.time) stores offsets within ±18:00; Python accepts up to
  ±23:59, so such a value would pass validation and then fail in the index.
* the metadata lists and the ``extra`` map are bounded so a CMS payload cannot grow an
  event without limit.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import Field, StringConstraints

MAX_ID_BYTES = 512
#: a BCP 47 tag (language-script-region-variant) fits in 35 characters
MAX_LANGUAGE_CHARS = 35
MAX_UTC_OFFSET = timedelta(hours=18)
MAX_BYLINE_ITEMS = 20
MAX_SUBJECTS = 100
MAX_EXTRA_KEYS = 32
MAX_EXTRA_KEY_CHARS = 100
MAX_EXTRA_VALUE_CHARS = 1_000


def max_utf8_bytes(limit: int) -> Callable[[str], str]:
    """A validator: the string encodes to at most ``limit`` bytes of UTF-8."""

    def check(value: str) -> str:
        size = len(value.encode("utf-8"))
        if size > limit:
            raise ValueError(
                f"must be at most {limit} bytes of UTF-8, got {size} bytes "
                f"({len(value)} characters)"
            )
        return value

    return check


def check_index_date(value: datetime) -> datetime:
    """A date-time with a UTC offset Elasticsearch can store (within ±18:00)."""
    offset = value.utcoffset()
    if offset is not None and abs(offset) > MAX_UTC_OFFSET:
        minutes = int(abs(offset).total_seconds()) // 60
        sign = "-" if offset < timedelta(0) else "+"
        raise ValueError(
            f"UTC offset {sign}{minutes // 60:02d}:{minutes % 60:02d} is out of range: "
            "the index stores offsets within ±18:00"
        )
    return value


#: The bounded ``extra`` map of an article: unknown scalar payload fields, as text.
ExtraMap = Annotated[
    dict[
        Annotated[str, StringConstraints(max_length=MAX_EXTRA_KEY_CHARS)],
        Annotated[str, StringConstraints(max_length=MAX_EXTRA_VALUE_CHARS)],
    ],
    Field(max_length=MAX_EXTRA_KEYS),
]
