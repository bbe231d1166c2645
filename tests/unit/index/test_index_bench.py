"""The benchmark's synthetic newsroom and its bare-bulk side (pure, no server)."""

import random
from collections import Counter

from quotewire_contracts import ArticleEvent, ArticleProcessedEvent, StatementEvent
from quotewire_index.bench import bare_actions, batches, newsroom, records, speakers


def test_newsroom_articles_carry_their_statements_and_a_marker_listing_them():
    events = list(newsroom(300, seed=3))
    assert sum(isinstance(e, StatementEvent) for e in events) == 300
    pending: list[str] = []
    for ev in events:
        if isinstance(ev, ArticleEvent):
            assert not pending
        elif isinstance(ev, StatementEvent):
            pending.append(ev.statement_id)
        else:
            assert isinstance(ev, ArticleProcessedEvent)
            assert ev.statement_ids == pending and ev.statement_count == len(pending)
            pending = []


def test_speakers_are_skewed_and_each_role_has_one_holder():
    people = speakers(random.Random(10), 1000)
    roles = Counter(p.role for p in people if p.role)
    assert roles and max(roles.values()) == 1
    assert people[0].weight > 100 * people[-1].weight
    assert len({p.name for p in people}) == 1000


def test_bare_actions_write_statements_and_one_merged_document_per_article():
    recs = list(records(newsroom(60, seed=4)))
    (batch,) = list(batches(iter(recs), len(recs)))
    actions = bare_actions(batch, "s", "a")
    statements = [a for a in actions if a["_index"] == "s"]
    articles = [a for a in actions if a["_index"] == "a"]
    assert len(statements) == 60
    assert (
        len(articles)
        == len({a["_id"] for a in articles})
        == sum(r.topic == "articles" for r in recs)
    )
    assert all(a["_source"]["processed_version"] == "v1" for a in articles)


def test_a_tenth_of_the_articles_repeat_a_quote_flagged_as_the_extract_worker_does():
    sts = [e for e in newsroom(3000, seed=5) if isinstance(e, StatementEvent)]
    assert len(sts) == 3000
    by_id = {s.statement_id: s for s in sts}
    repeats = [s for s in sts if s.repeat_of]
    assert 0.05 * len(sts) / 4.5 < len(repeats) < 0.2 * len(sts) / 4.5
    for s in repeats:
        first = by_id[s.repeat_of]
        assert first.repeat_of is None and first.article_id == s.article_id
        assert (first.speaker_canonical, first.content) == (s.speaker_canonical, s.content)
