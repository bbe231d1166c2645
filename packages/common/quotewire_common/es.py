"""Elasticsearch client factory: one place for auth, TLS and timeouts.

Needs the ``elasticsearch`` extra. ``es_node_class`` stays empty for real Elasticsearch;
the local stack sets it to its media-type adapter for the in-memory stand-in server.
"""

import importlib

from elasticsearch import Elasticsearch
from elasticsearch.exceptions import ConnectionError as EsConnectionError
from elasticsearch.exceptions import TransportError

from quotewire_common.settings import ElasticsearchSettings
from quotewire_common.waiting import wait_until


def _import_string(path: str) -> type:
    module, _, name = path.partition(":")
    if not module or not name:
        raise ValueError(f"es_node_class must look like 'package.module:Class', got {path!r}")
    return getattr(importlib.import_module(module), name)


def make_es_client(settings: ElasticsearchSettings) -> Elasticsearch:
    kwargs: dict = {"request_timeout": settings.es_request_timeout_s}
    if settings.es_basic_auth:
        kwargs["basic_auth"] = settings.es_basic_auth
    if settings.es_ca_certs:
        kwargs["ca_certs"] = settings.es_ca_certs
    if settings.es_node_class:
        kwargs["node_class"] = _import_string(settings.es_node_class)
    return Elasticsearch(settings.es_url, **kwargs)


def wait_for_es(es: Elasticsearch, timeout_s: float = 60.0) -> None:
    """Block until the cluster answers, or raise ``TimeoutError``."""
    wait_until(
        lambda: es.info() is not None,
        timeout_s,
        0.5,
        "Elasticsearch did not answer",
        retry_on=(EsConnectionError, TransportError, OSError),
    )
