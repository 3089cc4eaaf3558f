import pytest


@pytest.mark.django_db
def test_healthz_reports_database_and_redis(client, settings):
    assert settings.REDIS_URL, "the suite runs against a real Redis (make test sets REDIS_URL)"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


@pytest.mark.django_db
def test_healthz_is_unhealthy_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["redis"] == "error"
