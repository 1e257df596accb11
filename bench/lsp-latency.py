#!/usr/bin/env python3
"""Drives `nixty lsp` over stdio on one large file and prints the latency of each feature:
median and p99 over many requests (one at a time, as an editor sends them while typing).

Usage: lsp-latency.py NIXTY_BINARY FILE.nix [--requests N]
Measures: open -> first diagnostics; edit -> fresh diagnostics (one edit after a pause, which the
server checks at once; only bursts of edits are debounced);
hover, completion, goto definition, references, document highlight, semantic tokens (full and
range), document symbols, folding ranges; and the server's resident memory with the file open (right
after the first diagnostics, and at rest 2 s later).
"""

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time


class Client:
    def __init__(self, binary, root, pin):
        command = [binary, "lsp"]
        if pin is not None:
            command = ["taskset", "-c", str(pin)] + command
        self.proc = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, cwd=root,
        )
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        message = json.loads(self.proc.stdout.read(length))
        # Answer the server's own requests as an editor would.
        if "id" in message and "method" in message:
            result = None
            if message["method"] == "workspace/configuration":
                result = [None for _ in message["params"]["items"]]
            self.send({"jsonrpc": "2.0", "id": message["id"], "result": result})
        return message

    def notify(self, method, params=None):
        message = {"jsonrpc": "2.0", "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        while True:
            message = self.read()
            if message.get("id") == request_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError(f"{method} failed: {message['error']}")
                return message.get("result")

    def wait_diagnostics(self, uri, version):
        while True:
            message = self.read()
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri
                    and message["params"].get("version") == version):
                return message["params"]["diagnostics"]


def position(line_starts, offset):
    # The generated file is ASCII: UTF-16 columns are byte columns.
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return {"line": lo, "character": offset - line_starts[lo]}


def timed(samples, action):
    start = time.perf_counter()
    result = action()
    samples.append((time.perf_counter() - start) * 1000)
    return result


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("file")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--pin", type=int, help="run the server on this CPU only (taskset)")
    args = parser.parse_args()
    rng = random.Random(7)
    path = os.path.abspath(args.file)
    text = open(path, encoding="utf-8").read()
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    uri = "file://" + path
    # Offsets inside identifiers (the middle of names), where hover/goto/references apply.
    names = [m.start() + len(m.group(0)) // 2 for m in re.finditer(r"\b[a-zA-Z_][a-zA-Z0-9_'-]{2,}\b", text)]
    names = [n for n in names if text[max(0, n - 1):n + 1].strip()]
    rng.shuffle(names)

    client = Client(os.path.abspath(args.binary), os.path.dirname(path), args.pin)
    client.request("initialize", {
        "processId": os.getpid(), "rootUri": None,
        "capabilities": {"textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": True}}},
    })
    client.notify("initialized", {})

    results = {}
    start = time.perf_counter()
    client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "nix", "version": 1, "text": text}})
    client.wait_diagnostics(uri, 1)
    results["open -> first diagnostics"] = [(time.perf_counter() - start) * 1000]
    rss_busy = rss_mb(client.proc.pid)
    # At rest: the server gives memory freed by the analysis back once idle for a second.
    time.sleep(2)
    rss = rss_mb(client.proc.pid)

    def at(i):
        return {"textDocument": {"uri": uri}, "position": position(line_starts, names[i % len(names)])}

    n = args.requests
    for label, method, extra in [
        ("hover", "textDocument/hover", {}),
        ("completion", "textDocument/completion", {}),
        ("goto definition", "textDocument/definition", {}),
        ("references", "textDocument/references", {"context": {"includeDeclaration": True}}),
        ("document highlight", "textDocument/documentHighlight", {}),
    ]:
        samples = results.setdefault(label, [])
        for i in range(n):
            params = dict(at(i), **extra)
            timed(samples, lambda: client.request(method, params))

    doc = {"textDocument": {"uri": uri}}
    heavy = max(10, n // 10)
    for label, method in [
        ("semantic tokens (full)", "textDocument/semanticTokens/full"),
        ("document symbols", "textDocument/documentSymbol"),
        ("folding ranges", "textDocument/foldingRange"),
    ]:
        samples = results.setdefault(label, [])
        for _ in range(heavy):
            timed(samples, lambda: client.request(method, doc))

    samples = results.setdefault("semantic tokens (range, 60 lines)", [])
    lines = len(line_starts)
    for _ in range(n):
        first = rng.randrange(0, max(1, lines - 60))
        params = {"textDocument": {"uri": uri}, "range": {"start": {"line": first, "character": 0}, "end": {"line": first + 60, "character": 0}}}
        timed(samples, lambda: client.request("textDocument/semanticTokens/range", params))

    # Edit -> diagnostics: type a space inside a random line, wait for that version's diagnostics.
    samples = results.setdefault("edit -> fresh diagnostics", [])
    version = 1
    for _ in range(max(20, n // 5)):
        version += 1
        line = rng.randrange(0, lines - 1)
        change = {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}}, "text": " "}
        start = time.perf_counter()
        client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        client.wait_diagnostics(uri, version)
        samples.append((time.perf_counter() - start) * 1000)

    client.request("shutdown", None)
    client.notify("exit", None)
    client.proc.wait(timeout=10)

    size_kb = len(text.encode()) / 1024
    pinned = f"server pinned to CPU {args.pin}" if args.pin is not None else "server not pinned"
    print(f"file: {path} ({size_kb:.0f} kB, {lines} lines); {pinned}")
    print(f"server resident memory with the file open: {rss:.1f} MB ({rss * 1024 / size_kb:.1f}x the source) "
          f"at rest, 2 s after the first diagnostics; {rss_busy:.1f} MB right after them")
    print(f"{'feature':36} {'n':>5} {'median ms':>10} {'p99 ms':>10}")
    for label, samples in results.items():
        print(f"{label:36} {len(samples):5d} {statistics.median(samples):10.2f} {percentile(samples, 99):10.2f}")


if __name__ == "__main__":
    sys.exit(main())
