"""Looking up statements by a fragment of their content, for the extractor's rule tests."""


def find(stmts, fragment):
    """Every statement whose content holds ``fragment``."""
    return [s for s in stmts if fragment in s.content]


def one(stmts, fragment):
    """The one statement whose content holds ``fragment``; fails showing all statements."""
    hits = find(stmts, fragment)
    assert len(hits) == 1, (fragment, [(s.content, s.speaker, s.speaker_canonical) for s in stmts])
    return hits[0]
