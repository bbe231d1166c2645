"""quotewire topic contracts.

The Kafka topics are the only interface between quotewire services. This package
declares, once, what travels on them: topic names, event models (each carrying
``schema_version``), dead-letter header names, and the deterministic ids that make
replays idempotent.
"""

from quotewire_contracts.alerts import Alert, AlertMatchEvent, AlertQuery, WebhookBody
from quotewire_contracts.dlq import DlqHeader
from quotewire_contracts.events import (
    SCHEMA_VERSION,
    ArticleContext,
    ArticleEvent,
    ArticleProcessedEvent,
    Span,
    Statement,
    StatementEvent,
    StatementMention,
    StatementsTopicEvent,
    decode_article,
    decode_statements_topic_event,
)
from quotewire_contracts.ids import (
    article_id_for,
    article_text,
    article_version_for,
    statement_id_for,
)
from quotewire_contracts.topics import ALL_TOPICS, Topic, TopicSpec

__all__ = [
    "ALL_TOPICS",
    "SCHEMA_VERSION",
    "Alert",
    "AlertMatchEvent",
    "AlertQuery",
    "ArticleContext",
    "ArticleEvent",
    "ArticleProcessedEvent",
    "DlqHeader",
    "Span",
    "Statement",
    "StatementEvent",
    "StatementMention",
    "StatementsTopicEvent",
    "Topic",
    "TopicSpec",
    "WebhookBody",
    "article_id_for",
    "article_text",
    "article_version_for",
    "decode_article",
    "decode_statements_topic_event",
    "statement_id_for",
]
