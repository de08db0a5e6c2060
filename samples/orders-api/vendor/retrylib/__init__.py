"""retrylib: retries with a background timer (demo vendored code)."""
from threading import Timer


def schedule(delay, fn):
    timer = Timer(delay, fn)
    timer.start()
    return timer
