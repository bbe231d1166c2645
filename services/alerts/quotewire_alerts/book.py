"""The alerts a worker matches against: read from the alerts index, compiled, kept current.

The index is re-read every ``QW_ALERTS_RELOAD_S``; an alert compiles again only when
its stored document changed (the search API updates ``speaker_ids`` when the registry
learns a name, so a change there reaches the worker within that interval). A removed
alert stops matching at the next reload.

Text is analysed by the search server itself (``_analyze`` with the definition of the
statements' ``folded_english`` analyzer), so an alert's ``text`` and a statement's
content are cut into words exactly as the search API's ``q`` sees them.
"""

import json
import logging
import time
from collections.abc import Sequence
from functools import lru_cache

from elasticsearch import Elasticsearch
from quotewire_common.alerts_store import load_alerts_with_secrets
from quotewire_contracts.alerts import Alert

from quotewire_alerts.matcher import AlertIndex, CompiledAlert, compile_alert

log = logging.getLogger("quotewire_alerts.book")

#: The statements template's ``folded_english`` (content and title): the same tokenizer
#: and filters (a unit test compares them with the template file).
FOLDED_ENGLISH = {"tokenizer": "standard", "filter": ["lowercase", "asciifolding", "porter_stem"]}


class ServerAnalyzer:
    """texts → their analysed tokens, by the search server; query texts are cached."""

    def __init__(self, es: Elasticsearch) -> None:
        self.es = es
        self.calls = 0
        self._cached = lru_cache(maxsize=100_000)(self._analyze_one)

    def _analyze_one(self, text: str) -> frozenset[str]:
        return self._analyze((text,))

    def _analyze(self, texts: Sequence[str]) -> frozenset[str]:
        texts = [t for t in texts if t and t.strip()]
        if not texts:
            return frozenset()
        self.calls += 1
        resp = self.es.indices.analyze(**FOLDED_ENGLISH, text=list(texts))
        return frozenset(t["token"] for t in resp.body.get("tokens") or [])

    def __call__(self, texts: Sequence[str]) -> frozenset[str]:
        if len(texts) == 1:
            return self._cached(texts[0])
        return self._analyze(texts)


class AlertBook:
    def __init__(self, es: Elasticsearch, alerts_index: str, reload_s: float, analyze) -> None:
        self.es = es
        self.alerts_index = alerts_index
        self.reload_s = reload_s
        self.analyze = analyze
        self.index = AlertIndex()
        self.alerts: dict[str, CompiledAlert] = {}
        self._fingerprints: dict[str, str] = {}
        self._loaded_at = float("-inf")

    def maybe_reload(self, force: bool = False) -> bool:
        """Re-read the alerts when due; ``True`` when the set changed."""
        if not force and time.monotonic() - self._loaded_at < self.reload_s:
            return False
        self._loaded_at = time.monotonic()
        fresh: dict[str, CompiledAlert] = {}
        prints: dict[str, str] = {}
        for alert, secret in load_alerts_with_secrets(self.es, self.alerts_index):
            fp = json.dumps([alert.model_dump(mode="json"), secret], sort_keys=True)
            prints[alert.alert_id] = fp
            old = self.alerts.get(alert.alert_id)
            if old is not None and self._fingerprints.get(alert.alert_id) == fp:
                fresh[alert.alert_id] = old
            else:
                fresh[alert.alert_id] = compile_alert(alert, secret, self.analyze)
        changed = prints != self._fingerprints
        if changed:
            self.alerts, self._fingerprints = fresh, prints
            self.index = AlertIndex.build(fresh.values())
            log.info("alerts loaded", extra={"alerts": len(fresh)})
        return changed

    def pending_backfills(self) -> list[Alert]:
        return [
            ca.alert
            for ca in self.alerts.values()
            if ca.alert.backfill_since is not None and ca.alert.backfill_done_at is None
        ]
