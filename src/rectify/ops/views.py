"""Health endpoints for load balancers and monitoring: unauthenticated, cheap, JSON.

`/healthz` answers while the process serves (liveness); `/readyz` checks what serving
needs — the database, evidence storage, no pending migrations, a live worker — and answers
503 when one fails (readiness). Neither says more than ok/not ok and counts: no versions,
paths or error texts that would help an attacker.
"""

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import readiness


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request):
    result = readiness()
    return JsonResponse(result, status=200 if result["ready"] else 503)
