import threading as th


class InvoiceThread(th.Thread):
    def __init__(self, invoice, results):
        super().__init__()
        self.invoice = invoice
        self.results = results

    def run(self):
        self.results.put(self.invoice["amount"])


def run_all(invoices, results):
    threads = [InvoiceThread(i, results) for i in invoices]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # lambda-audit: ignore[AP-01] warm-up guard reviewed by platform team, SEC-77
    guard = th.Event()
    return guard
