"""Local and production timings: a hung search server must not force a group rejoin."""

from quotewire_devstack.services import LOCAL_GROUP_TIMING
from quotewire_index.settings import IndexSettings


def _settings(env: dict[str, str], monkeypatch) -> IndexSettings:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return IndexSettings(_env_file=None)


def test_production_defaults_leave_room_between_polls(monkeypatch):
    assert _settings({}, monkeypatch).timing_problems() == []


def test_local_stack_timings_leave_room_between_polls(monkeypatch):
    """The local stack once had a 30 s poll interval beside a 30 s search timeout."""
    settings = _settings(LOCAL_GROUP_TIMING, monkeypatch)
    assert settings.timing_problems() == []
    assert settings.es_request_timeout_s * 1000 * 4 < settings.max_poll_interval_ms


def test_search_timeout_equal_to_the_poll_interval_is_refused(monkeypatch):
    env = {"QW_MAX_POLL_INTERVAL_MS": "30000", "QW_ES_REQUEST_TIMEOUT_S": "30"}
    [problem] = _settings(env, monkeypatch).timing_problems()
    assert "QW_MAX_POLL_INTERVAL_MS=30000" in problem and "150000 ms" in problem
