# -*- coding: latin-1 -*-
# Importeur de données (Python 2 code that was never migrated)
import threading

def handler(event, context):
    print "importing", len(event)
    t = threading.Thread(target=len, args=(event,))
    t.start()
    return True
