"""The feed poller: RSS / Atom / JSON Feed URLs polled politely, their items published
through the same path as the HTTP API (see :mod:`.poller` and the README)."""
