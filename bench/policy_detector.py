"""The policy's own static-analysis detector (AWS-Lambda-AP-01, section DETECTION), run over many files.

The ThreadingDetector class is the policy's check_threading.py visitor; only the loop over files is ours.
Prints one JSON line: files, bytes, findings, wall seconds, peak RSS in KiB.
"""
import ast
import json
import os
import resource
import sys
import time

FOUND = 0


def report(_line):
    global FOUND
    FOUND += 1


class ThreadingDetector(ast.NodeVisitor):
    def visit_Import(self, node):
        for alias in node.names:
            if alias.name == 'threading':
                report(f"Line {node.lineno}: ❌ Imports threading")

    def visit_ImportFrom(self, node):
        if node.module == 'threading':
            report(f"Line {node.lineno}: ❌ Imports from threading")
        elif node.module == 'concurrent.futures':
            for alias in node.names:
                if alias.name == 'ThreadPoolExecutor':
                    report(f"Line {node.lineno}: ❌ Imports ThreadPoolExecutor")


def peak_rss_kib():
    # VmHWM belongs to this process image; getrusage's maxrss survives exec and would show the parent's peak.
    with open('/proc/self/status') as f:
        for line in f:
            if line.startswith('VmHWM:'):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main(roots):
    start = time.perf_counter()
    files = 0
    size = 0
    failed = 0
    for dirpath, _dirs, names in (w for root in roots for w in os.walk(root)):
        for name in names:
            if not name.endswith('.py'):
                continue
            with open(os.path.join(dirpath, name), 'rb') as f:
                source = f.read()
            files += 1
            size += len(source)
            try:
                tree = ast.parse(source)
            except (SyntaxError, ValueError):
                failed += 1
                continue
            ThreadingDetector().visit(tree)
    wall = time.perf_counter() - start
    rss = peak_rss_kib()
    print(json.dumps({"files": files, "bytes": size, "findings": FOUND, "unparsed": failed, "wallSeconds": wall, "maxRssKiB": rss}))


if __name__ == '__main__':
    main(sys.argv[1:])
