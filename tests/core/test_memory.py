"""core.memory: a warm process's long-lived objects are left out of later collections."""

import gc

from django.http import HttpResponse
from django.test import RequestFactory

from rectify.core.memory import WARM_REQUESTS, FreezeWhenWarmMiddleware


def test_objects_are_frozen_once_after_the_warm_up_requests():
    gc.unfreeze()
    middleware = FreezeWhenWarmMiddleware(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/")
    try:
        for _ in range(WARM_REQUESTS - 1):
            assert middleware(request).content == b"ok"
        assert gc.get_freeze_count() == 0  # not before the process is warm
        middleware(request)
        frozen = gc.get_freeze_count()
        assert frozen > 1000  # Django and the apps, at least
        for _ in range(5):
            middleware(request)
        assert gc.get_freeze_count() == frozen  # once, not on every request
    finally:
        gc.unfreeze()


def test_the_middleware_is_installed(settings):
    assert "rectify.core.memory.FreezeWhenWarmMiddleware" in settings.MIDDLEWARE


def test_a_web_process_starts_without_the_checks_heavy_libraries():
    """jieba (~90 MB of tables), numpy, PIL and imagehash load where the checks use them,
    not in every web process: loading the apps and the URLs imports none of them."""
    import os
    import subprocess
    import sys

    code = (
        "import sys, django; django.setup();"
        "from django.urls import resolve; resolve('/measures/');"
        "print(sorted(m for m in ('jieba', 'numpy', 'PIL', 'imagehash') if m in sys.modules))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "rectify.settings", "RECTIFY_TESTING": "true"}
    env["DATABASE_URL"] = "sqlite:///:memory:"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"
