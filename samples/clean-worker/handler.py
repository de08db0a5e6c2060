"""An SQS worker that does I/O concurrency the Lambda way: asyncio, no threads."""
import asyncio
import json

queue_url = "https://sqs.example/jobs"
thread_count = 1  # a name, not a primitive


class Queue:
    """The worker's own tiny queue type: a name the package defines itself."""

    def __init__(self):
        self.items = []


async def _process(record):
    await asyncio.sleep(0)
    return json.loads(record["body"])


async def _main(event):
    lock = asyncio.Lock()
    async with lock:
        return await asyncio.gather(*(_process(r) for r in event["Records"]))


def handler(event, context):
    # SELECT * FROM threading WHERE queue = 'Lock' -- words in comments are not findings
    results = asyncio.run(_main(event))
    local_queue = Queue()
    return {"processed": len(results), "QueueUrl": queue_url, "own": len(local_queue.items)}
