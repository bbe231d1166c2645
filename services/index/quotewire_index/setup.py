"""``quotewire-index-setup``: idempotent setup of everything the index service needs.

1. wait for Kafka, create the missing quotewire topics;
2. wait for Elasticsearch, put the index templates (``templates/*.json``) and create the
   indices that are missing; put the services' roles and users when their passwords are
   set (:mod:`quotewire_index.es_users`);
3. if ``QW_KIBANA_URL`` is set, import the saved objects of ``QW_KIBANA_OBJECTS``.

Each step logs what it created and what was already there. Exit code 0 on success.
"""

import logging
import sys
from dataclasses import dataclass, field

from quotewire_common.alerts_store import ensure_alert_indices
from quotewire_common.es import make_es_client, wait_for_es
from quotewire_common.kafka import ensure_topics, topic_specs, wait_for_kafka
from quotewire_common.logging import configure_logging

from quotewire_index.es_users import ensure_service_users
from quotewire_index.indices import Change, ensure_indices
from quotewire_index.kibana import import_configured
from quotewire_index.settings import IndexSettings

log = logging.getLogger("quotewire_index.setup")


@dataclass
class SetupReport:
    topics_created: list[str] = field(default_factory=list)
    topics_present: list[str] = field(default_factory=list)
    es: list[Change] = field(default_factory=list)
    kibana_objects: int | None = None
    users: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"topic {t}: created" for t in self.topics_created]
        out += [f"topic {t}: present" for t in self.topics_present]
        out += [f"{c.what} {c.name}: {c.action}" for c in self.es]
        out += self.users
        if self.kibana_objects is not None:
            out.append(f"kibana saved objects: {self.kibana_objects} imported")
        return out


def setup(settings: IndexSettings) -> SetupReport:
    report = SetupReport()
    wait_for_kafka(settings, settings.setup_timeout_s)
    report.topics_created = ensure_topics(settings)
    report.topics_present = [
        t.name for t in topic_specs(settings) if t.name not in report.topics_created
    ]
    es = make_es_client(settings)
    try:
        wait_for_es(es, settings.setup_timeout_s)
        report.es = ensure_indices(
            es,
            settings.index_names(),
            update_templates=True,
        )
        report.users = ensure_service_users(es, settings)
        created = ensure_alert_indices(es, settings)
        report.es += [Change("index", name, "created") for name in created]
    finally:
        es.close()
    if settings.kibana_url:
        result = import_configured(settings)
        report.kibana_objects = int(result.get("successCount", 0))
    return report


def main() -> None:
    configure_logging("index-setup")
    try:
        report = setup(IndexSettings())
    except Exception:
        log.exception("setup failed")
        sys.exit(1)
    for line in report.lines():
        print(line, flush=True)


if __name__ == "__main__":
    main()
