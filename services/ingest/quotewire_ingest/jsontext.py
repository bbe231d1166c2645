"""JSON request bodies and files, read with a depth limit (a leaf module: the loaders and
the newsroom format adapters both read JSON through it)."""

import json
from typing import Any

#: Deepest JSON nesting accepted (a CMS payload needs under 20 levels).
MAX_JSON_DEPTH = 64


class JsonTooDeep(ValueError):
    def __init__(self) -> None:
        super().__init__(f"JSON is nested deeper than {MAX_JSON_DEPTH} levels")


def _depth_exceeds(value: Any, limit: int) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


#: What :func:`load_json` raises: its message is the client's error.
JSON_ERRORS = (json.JSONDecodeError, UnicodeDecodeError, JsonTooDeep)


def load_json(raw: bytes | str) -> Any:
    """``json.loads`` that refuses nesting deeper than :data:`MAX_JSON_DEPTH` with
    :class:`JsonTooDeep` (the decoder itself would raise ``RecursionError`` near 1,000)."""
    try:
        data = json.loads(raw)
    except RecursionError:
        raise JsonTooDeep() from None
    if _depth_exceeds(data, MAX_JSON_DEPTH):
        raise JsonTooDeep()
    return data
