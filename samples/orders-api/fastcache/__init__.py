"""fastcache: a small in-memory cache library (demo third-party code with pip metadata)."""
import threading


class Cache:
    def __init__(self):
        self._lock = threading.RLock()
        self._data = {}

    def get(self, key, default=None):
        with self._lock:
            return self._data.get(key, default)

    def set(self, key, value):
        with self._lock:
            self._data[key] = value
