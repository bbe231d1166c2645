"""Least privilege, statically: the services connect to Elasticsearch as users of their
own, which init creates with the roles quotewire_index.es_users defines."""

from quotewire_index.es_users import (
    ALERTS_ROLE,
    READ_PRIVILEGES,
    READER_ROLE,
    WRITER_ROLE,
    ensure_service_users,
    roles,
    users,
)
from quotewire_index.settings import IndexSettings

from tests.deploy.conftest import ENV_EXAMPLE, TEST_SECRETS
from tests.deploy.test_compose import env_of


def test_no_service_connects_as_elastic(rendered):
    """Only the one-shot setup steps use the superuser; each service has its user."""
    expected = {
        "index": ("quotewire_index", "QW_ES_INDEX_PASSWORD"),
        "derived": ("quotewire_index", "QW_ES_INDEX_PASSWORD"),
        "search-api": ("quotewire_search", "QW_ES_SEARCH_PASSWORD"),
        "alerts": ("quotewire_alerts", "QW_ES_ALERTS_PASSWORD"),
    }
    for name, service in rendered["services"].items():
        env = env_of(service)
        if name in expected:
            user, secret = expected[name]
            assert env["QW_ES_USERNAME"] == user, name
            assert env["QW_ES_PASSWORD"] == TEST_SECRETS[secret], name
        elif env.get("QW_ES_USERNAME") == "elastic":
            assert name in ("init", "kibana-objects"), name
    init = env_of(rendered["services"]["init"])
    assert init["QW_ES_INDEX_PASSWORD"] == TEST_SECRETS["QW_ES_INDEX_PASSWORD"]
    assert init["QW_ES_SEARCH_PASSWORD"] == TEST_SECRETS["QW_ES_SEARCH_PASSWORD"]
    assert init["QW_ES_ALERTS_PASSWORD"] == TEST_SECRETS["QW_ES_ALERTS_PASSWORD"]


def test_the_env_example_names_both_passwords_empty():
    lines = ENV_EXAMPLE.read_text().splitlines()
    for var in ("QW_ES_INDEX_PASSWORD", "QW_ES_SEARCH_PASSWORD", "QW_ES_ALERTS_PASSWORD"):
        assert f"{var}=" in lines, var


def test_the_roles_cover_every_quotewire_index_and_nothing_else():
    settings = IndexSettings()
    names = {**settings.index_names(), "view": settings.view_index}
    defined = roles(names)
    for role in (WRITER_ROLE, READER_ROLE):
        grant = defined[role]["indices"][0]
        assert sorted(grant["names"]) == sorted(f"{n}*" for n in names.values())
    for role, body in defined.items():
        for grant in body["indices"]:
            assert "*" not in grant["names"] and "all" not in grant["privileges"], role
        assert not {"all", "manage", "manage_security"} & set(body["cluster"]), role
    assert defined[READER_ROLE]["indices"][0]["privileges"] == READ_PRIVILEGES
    assert "write" in defined[WRITER_ROLE]["indices"][0]["privileges"]
    # the search API saves alerts; it writes no other index
    writes = [g["names"] for g in defined[READER_ROLE]["indices"] if "write" in g["privileges"]]
    assert writes == [["alerts*"]]
    # the alerts worker reads statements, speakers and alerts, and writes only deliveries
    alerts = defined[ALERTS_ROLE]["indices"]
    assert [g["names"] for g in alerts if "write" in g["privileges"]] == [["alert-deliveries*"]]
    assert {"statements*", "speakers*", "alerts*"} == set(alerts[0]["names"])
    assert "indices:admin/analyze" in alerts[0]["privileges"]


class RecordingSecurity:
    """Records the security API calls (the local search server has no security API)."""

    def __init__(self) -> None:
        self.calls: list = []

    def put_role(self, name, **body):
        self.calls.append(("role", name, body))

    def put_user(self, username, password, roles):
        self.calls.append(("user", username, password, tuple(roles)))


class Client:
    def __init__(self) -> None:
        self.security = RecordingSecurity()


def test_init_puts_the_roles_and_the_users_whose_password_is_set():
    assert ensure_service_users(Client(), IndexSettings()) == []  # local stack: none
    settings = IndexSettings(
        es_index_password="i-pass", es_search_password="s-pass", es_alerts_password="a-pass"
    )
    es = Client()
    done = ensure_service_users(es, settings)
    assert len(done) == 6
    assert ("user", "quotewire_index", "i-pass", (WRITER_ROLE,)) in es.security.calls
    assert ("user", "quotewire_search", "s-pass", (READER_ROLE,)) in es.security.calls
    assert ("user", "quotewire_alerts", "a-pass", (ALERTS_ROLE,)) in es.security.calls
    assert [u for u, _, _ in users(settings)] == [
        "quotewire_index",
        "quotewire_search",
        "quotewire_alerts",
    ]
