"""Plumbing shared by quotewire services: settings blocks, logging, dead letters,
Kafka and Elasticsearch client factories (the last two behind the ``kafka`` and
``elasticsearch`` extras, imported as ``quotewire_common.kafka`` / ``.es``)."""
