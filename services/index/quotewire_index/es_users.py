"""Least privilege in Elasticsearch: the roles and users the quotewire services connect as.

``quotewire-index-setup`` (compose's ``init``, which runs as ``elastic``) creates them when
their passwords are set (``QW_ES_INDEX_PASSWORD``, ``QW_ES_SEARCH_PASSWORD``):

* ``quotewire_writer`` → user ``quotewire_index`` (the indexer): reads and writes the
  quotewire indices and their generations (``statements*`` ...), creates missing ones,
  moves their aliases and puts the index templates back (the indexer heals a search
  server that lost them). Nothing else: no other index, no security, no cluster settings.
* ``quotewire_reader`` → user ``quotewire_search`` (the search API): reads them, and
  writes the saved alerts (``/v1/alerts``; it re-resolves their speakers too).
* ``quotewire_alerts`` → user ``quotewire_alerts`` (the alerts worker): reads the
  statements, speakers and alerts (and runs the statements' analyzer), writes only the
  record of deliveries.

Both may ask for the cluster's state (``monitor``: ``info``, health). Running it again
updates the roles and sets the passwords from the environment (idempotent).
"""

import logging
from collections.abc import Mapping
from typing import Any

from elasticsearch import ApiError

log = logging.getLogger("quotewire_index.es_users")

WRITER_ROLE = "quotewire_writer"
READER_ROLE = "quotewire_reader"
ALERTS_ROLE = "quotewire_alerts"
WRITE_PRIVILEGES = ["read", "write", "create_index", "view_index_metadata", "manage"]
READ_PRIVILEGES = ["read", "view_index_metadata"]
#: The alerts worker splits statement text with the index's own analyzer (``_analyze``).
ANALYZE_PRIVILEGES = [*READ_PRIVILEGES, "indices:admin/analyze"]
DOCUMENT_PRIVILEGES = ["read", "write", "view_index_metadata"]


def index_patterns(names: Mapping[str, str]) -> list[str]:
    """Each configured index (an alias) and its generations: ``statements*``."""
    return sorted({f"{name}*" for name in names.values()})


def roles(
    names: Mapping[str, str], alerts: str = "alerts", deliveries: str = "alert-deliveries"
) -> dict[str, dict[str, Any]]:
    """The role definitions (``PUT _security/role/<name>`` bodies); ``names`` are the
    index service's indices, ``alerts`` and ``deliveries`` the alerts store's."""
    patterns = index_patterns(names)
    read_by_alerts = sorted(
        {f"{names[k]}*" for k in ("statements", "speakers") if k in names} | {f"{alerts}*"}
    )
    return {
        WRITER_ROLE: {
            "cluster": ["monitor", "manage_index_templates"],
            "indices": [{"names": patterns, "privileges": WRITE_PRIVILEGES}],
        },
        READER_ROLE: {
            "cluster": ["monitor"],
            "indices": [
                {"names": patterns, "privileges": READ_PRIVILEGES},
                {"names": [f"{alerts}*"], "privileges": DOCUMENT_PRIVILEGES},
            ],
        },
        ALERTS_ROLE: {
            "cluster": ["monitor"],
            "indices": [
                {"names": read_by_alerts, "privileges": ANALYZE_PRIVILEGES},
                {"names": [f"{deliveries}*"], "privileges": DOCUMENT_PRIVILEGES},
            ],
        },
    }


def users(settings) -> list[tuple[str, str, str]]:
    """(user, password, role) of the service users whose password is set."""
    out = []
    for user, secret, role in (
        (settings.es_index_user, settings.es_index_password, WRITER_ROLE),
        (settings.es_search_user, settings.es_search_password, READER_ROLE),
        (settings.es_alerts_user, settings.es_alerts_password, ALERTS_ROLE),
    ):
        if secret is not None and secret.get_secret_value():
            out.append((user, secret.get_secret_value(), role))
    return out


def ensure_service_users(es, settings) -> list[str]:
    """Put the roles and the users whose password is set; what was done, one a line.
    Nothing when no password is set (the local stack's search server has no security)."""
    wanted = users(settings)
    if not wanted:
        return []
    names = {**settings.index_names(), "view": settings.view_index}
    done = []
    defined = roles(names, settings.alerts_index, settings.alert_deliveries_index)
    for role, body in defined.items():
        try:
            es.security.put_role(name=role, **body)
        except ApiError as exc:
            if exc.status_code in (400, 404, 405) and "no handler found" in str(exc):
                # a search server without a security API (the local stand-in): it has
                # no users either, so the services connect without one
                log.warning("the search server has no security API: no users created")
                return ["service users: none (the search server has no security API)"]
            raise
        done.append(f"role {role}: put")
    for user, password, role in wanted:
        es.security.put_user(username=user, password=password, roles=[role])
        done.append(f"user {user} ({role}): put")
    return done
