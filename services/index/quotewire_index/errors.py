"""The indexer's one control-flow exception."""


class RetryBatch(Exception):
    """Transient failure: commit nothing, rewind, retry the whole batch later."""
