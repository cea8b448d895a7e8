"""What happens to a measure, announced for later apps (supervision notifies people).

Measures knows nothing of who listens: a later app connects a receiver in its own `ready()`.
Signals are sent inside the service's transaction, after the change is written.
"""

from django.dispatch import Signal

# kwargs: measure, transition (name), actor, note
measure_transitioned = Signal()
# kwargs: measure, extension, actor (requested: decided is None; decided: True/False)
extension_changed = Signal()

# kwargs: measure, report (a report written or evidence added to it): later apps refresh what
# they derive from a round's reports (insights warms its copy and photo checks).
progress_reported = Signal()

# Asked by the measure page and by `signoff_request`: kwargs measure. A later app's receiver
# returns a list of `checks.Note`: a "flag" for the reviewer to weigh (形式主义, reused
# evidence …) or a "missing" item a sign-off request still lacks (the request is refused while
# any is missing). Measures itself decides nothing here; see `checks`.
measure_checks = Signal()
