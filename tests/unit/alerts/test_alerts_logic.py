"""Alerts logic without servers: the matcher and its index, ids, retries, settings."""

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from importlib import resources
from types import SimpleNamespace

import pytest
from pydantic import ValidationError
from quotewire_alerts.book import FOLDED_ENGLISH
from quotewire_alerts.delivery import RetryPolicy, signed_headers
from quotewire_alerts.matcher import (
    AlertIndex,
    Candidate,
    auto_fuzziness,
    compile_alert,
    fuzzy_all,
    osa_distance,
)
from quotewire_alerts.worker import statement_match_key, window_of
from quotewire_common.alerts_store import parse_since
from quotewire_common.auth import WebhookVerifier
from quotewire_common.outbound import retry_after_seconds as retry_after
from quotewire_contracts.alerts import Alert, AlertQuery, delivery_id_for

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def analyze(texts):
    """A stand-in for the server's folded_english: lower-cased words, a trailing s cut."""
    return frozenset(w.lower().rstrip("s") for t in texts for w in t.split())


def alert(alert_id="al-1", **query) -> Alert:
    return Alert(alert_id=alert_id, webhook_url="https://example.com/h", created_at=NOW, **query)


def event(speaker="Vladimir Putin", content="Talks resumed.", source="AFP", mentions=(), **kw):
    return SimpleNamespace(
        speaker_canonical=speaker,
        content=content,
        article=SimpleNamespace(source=source, title=kw.pop("title", "A story")),
        type=kw.pop("type", "direct"),
        confidence=kw.pop("confidence", 0.9),
        mentions=list(mentions),
        **kw,
    )


def matches(alert_obj, ev) -> bool:
    c = Candidate.of(ev)
    return compile_alert(alert_obj, "s", analyze).matches(c, lambda: analyze(c.texts))


def test_about_matches_a_mentions_folded_name_as_a_phrase():
    ev = event(
        mentions=[
            {"name": "Volodymyr Zelensky", "type": "person"},
            SimpleNamespace(name="Ukraine", type="place"),
        ]
    )
    assert matches(alert(about="zelensky"), ev)
    assert matches(alert(about="Volodymyr  ZELENSKY"), ev)
    assert matches(alert(about="Ukráine"), ev)  # accents folded
    assert not matches(alert(about="Zelensky Volodymyr"), ev)  # a phrase, in order
    assert not matches(alert(about="Kyiv"), ev)
    assert not matches(alert(about="Ukraine"), event())  # no mentions: no about match


def test_every_given_constraint_must_hold():
    ev = event(type="indirect", confidence=0.6)
    assert matches(alert(source="AFP", type="indirect"), ev)
    assert not matches(alert(source="AFP", type="direct"), ev)
    assert not matches(alert(source="AFP", min_confidence=0.7), ev)
    assert matches(alert(speaker_ids=["vladimir-putin"], speaker="Putin", text="talk"), ev)
    assert not matches(alert(speaker_ids=["putin"], speaker="Putin"), ev)
    assert not matches(alert(source="afp"), ev)  # outlets are exact


def test_an_unresolved_speaker_matches_like_the_search_apis_fallback():
    assert matches(alert(speaker="Vladimir Putin"), event())  # exact
    assert matches(alert(speaker="Vladimir Putn"), event())  # fuzzy, every word
    assert not matches(alert(speaker="Vladimir Putin Jr"), event())
    assert osa_distance("peskov", "peksov") == 1  # a transposition is one edit
    assert [auto_fuzziness(w) for w in ("ab", "abc", "abcde", "abcdef")] == [0, 1, 1, 2]
    assert fuzzy_all(("dmitri", "peskow"), ("dmitry", "peskov"))
    assert not fuzzy_all((), ("x",))


def test_the_index_returns_each_matching_alert_once_and_reads_only_its_keys():
    alerts = [alert(f"al-{i:05d}", speaker="X", speaker_ids=[f"s-{i}"]) for i in range(5000)]
    alerts += [
        alert("al-src", source="AFP"),
        alert("al-about", about="ukraine"),
        alert("al-text", text="talks ports"),
        alert("al-type", type="direct"),
        alert("al-both", speaker="Putin", speaker_ids=["vladimir-putin", "putin"], text="talk"),
    ]
    index = AlertIndex.build(compile_alert(a, "s", analyze) for a in alerts)
    assert index.size == len(alerts)
    ev = event(mentions=[{"name": "Ukraine"}])
    found = [ca.alert_id for ca in index.match(Candidate.of(ev), analyze)]
    assert found == ["al-about", "al-both", "al-src", "al-text", "al-type"]
    s42 = event(speaker="S 42", source=None, type="mixed", content="nothing")
    assert [ca.alert_id for ca in index.match(Candidate.of(s42), analyze)] == ["al-00042"]


def test_an_alert_must_ask_for_something():
    with pytest.raises(ValidationError, match="at least one of"):
        AlertQuery(min_confidence=0.5)
    with pytest.raises(ValidationError):
        AlertQuery(speaker="x", type="rumour")


def test_the_match_key_survives_an_article_update_but_not_a_new_statement():
    def ev(version, content, speaker="Dmitry Peskov", span=(1, 2)):
        return SimpleNamespace(
            article_id="a1", article_version=version, speaker_canonical=speaker, content=content
        )

    v1 = statement_match_key(ev("v1", "“Simply false information,” he said."))
    v2 = statement_match_key(ev("v2", '"simply false  information" he said'))
    assert v1 == v2
    assert v1 != statement_match_key(ev("v2", "Simply true information."))
    assert v1 != statement_match_key(ev("v1", "“Simply false information,” he said.", "Putin"))
    assert delivery_id_for("al-1", v1) != delivery_id_for("al-2", v1)


def test_backoff_doubles_to_its_cap_and_honours_retry_after_up_to_it():
    policy = RetryPolicy(max_attempts=6, initial_backoff_s=0.5, max_backoff_s=4)
    assert [policy.backoff(n) for n in range(1, 6)] == [0.5, 1, 2, 4, 4]
    assert policy.backoff(1, retry_after_s=3) == 3
    assert policy.backoff(1, retry_after_s=3600) == 4
    assert retry_after("7") == 7
    assert retry_after("soon") is None and retry_after(None) is None
    in_10s = format_datetime(datetime.fromtimestamp(1_000_010, UTC), usegmt=True)
    assert retry_after(in_10s, now=1_000_000) == pytest.approx(10)


def test_signed_headers_verify_with_ingests_verifier():
    body = b'{"a": 1}'
    headers = signed_headers("whsec_x", body, "d-1", "al-1", now=1_000_000)
    verifier = WebhookVerifier("whsec_x", 300, clock=lambda: 1_000_010)
    ts, sig = headers["X-Quotewire-Timestamp"], headers["X-Quotewire-Signature"]
    assert verifier.check(ts, sig, body) is None
    assert headers["Idempotency-Key"] == "d-1"
    assert WebhookVerifier("other", 300, clock=lambda: 1_000_010).check(ts, sig, body)


def test_since_takes_durations_and_dates():
    assert parse_since("7d", NOW) == NOW - timedelta(days=7)
    assert parse_since("12h", NOW) == NOW - timedelta(hours=12)
    assert parse_since("2024-03-01", NOW) == datetime(2024, 3, 1, tzinfo=UTC)
    with pytest.raises(ValueError, match="duration like 7d"):
        parse_since("last week", NOW)


def test_digest_windows_are_aligned_intervals():
    at = datetime.fromtimestamp(1_000_007, UTC)
    assert window_of(10, at) == (1_000_000, 1_000_010)


def test_the_worker_analyses_text_as_the_statements_template_does():
    text = resources.files("quotewire_index").joinpath("templates", "statements.json").read_text()
    template = json.loads(text)["template"]
    analyzer = template["settings"]["analysis"]["analyzer"]["folded_english"]
    assert {k: analyzer[k] for k in ("tokenizer", "filter")} == FOLDED_ENGLISH
    props = template["mappings"]["properties"]
    assert props["content"]["analyzer"] == props["title"]["analyzer"] == "folded_english"
