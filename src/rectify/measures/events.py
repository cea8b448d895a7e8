"""What happens to a measure, announced for later apps (supervision notifies people).

Measures knows nothing of who listens: a later app connects a receiver in its own `ready()`.
Signals are sent inside the service's transaction, after the change is written.
"""

from django.dispatch import Signal

# kwargs: measure, transition (name), actor, note
measure_transitioned = Signal()
# kwargs: measure, extension, actor (requested: decided is None; decided: True/False)
extension_changed = Signal()
