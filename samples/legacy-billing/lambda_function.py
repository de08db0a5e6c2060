import queue

from billing import worker


def lambda_handler(event, context):
    # TODO: Migrate to async/await
    # Tech debt: Uses threading (ineffective in Lambda), BILL-142
    results = queue.Queue()
    worker.run_all(event["invoices"], results)
    return {"count": results.qsize()}
