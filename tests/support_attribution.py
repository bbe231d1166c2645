"""Helpers for the attribution rule tests: a short invented article, its statements."""

HEAD = "Harbour fund\n\n"


def contents(ex, body: str, head: str = HEAD) -> list[tuple[str, str, str]]:
    """(content, speaker, type) of each statement ``ex`` extracts from ``head + body``."""
    return [(s.content, s.speaker, s.type) for s in ex.extract(head + body + "\n")]
