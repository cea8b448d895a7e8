import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rectify.settings")
application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

if settings.SECRET_KEY_EPHEMERAL:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. 请设置环境变量 SECRET_KEY 后再启动服务 / "
        "set SECRET_KEY before serving."
    )

# Django and the apps are loaded: keep them out of every later garbage collection
# (rectify.core.memory freezes again once the process has served its first requests).
gc.freeze()
