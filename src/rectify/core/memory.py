"""Python's oldest-generation garbage collection, kept off the pages once a process is warm.

A web process holds a few hundred thousand long-lived objects: Django, the apps, compiled
templates, translations. Python's full collection walks all of them: about 90 ms on the city's
ledger, once every 20 or so requests, which was most of the pages' p95. `rectify.wsgi` freezes
what is loaded at start (`gc.freeze`: left out of every later collection, as Instagram's Django
does); after WARM_REQUESTS requests (templates compiled, catalogues loaded) the objects then
alive are frozen too. Freezing moves a list, it collects nothing: no request pays for a
collection here. Garbage made by later requests is still collected, and quickly.
"""

import gc
import threading

WARM_REQUESTS = 10


class FreezeWhenWarmMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.served = 0
        self.lock = threading.Lock()

    def __call__(self, request):
        response = self.get_response(request)
        if self.served < WARM_REQUESTS:
            with self.lock:
                self.served += 1
                if self.served == WARM_REQUESTS:
                    gc.freeze()
        return response
