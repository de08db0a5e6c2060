"""Orders API: validates and stores orders.

Mentions of threading in this docstring are not findings.
"""
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3_stub as store
from fastcache import Cache

# Module scope: this lock is created once and shared by warm invocations.
_lock = threading.Lock()
_cache = Cache()

QUEUE_URL = "https://sqs.example/orders"  # an SQS queue URL is not a finding


def _price(item):
    return item["qty"] * item["unit_price"]


def lambda_handler(event, context):
    items = event.get("items", [])
    with ThreadPoolExecutor(max_workers=4) as pool:
        totals = list(pool.map(_price, items))
    with _lock:
        store.put({"total": sum(totals), "queue": QUEUE_URL})
    return {"statusCode": 200, "body": json.dumps({"total": sum(totals)})}
