"""/healthz: is this process able to reach its database and Redis? For load balancers and compose."""

import redis
from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from accounts.permissions import public


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        return False


def _redis_status():
    if not settings.REDIS_URL:
        return "not configured"
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
        return "ok"
    except redis.RedisError:
        return "error"


@public
def healthz(request):
    database = "ok" if _database_ok() else "error"
    redis_status = _redis_status()
    healthy = database == "ok" and redis_status != "error"
    return JsonResponse({"database": database, "redis": redis_status}, status=200 if healthy else 503)
