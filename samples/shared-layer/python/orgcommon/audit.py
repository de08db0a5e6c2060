"""Organisation-wide helpers shipped in a shared layer (own code: no package metadata)."""
import _thread

_audit_lock = _thread.allocate_lock()


def record(event):
    with _audit_lock:
        return dict(event)
