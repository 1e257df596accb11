#!/usr/bin/env python3
"""Checks the Helix and Kakoune snippets: they parse as TOML, run `nixty lsp`, and the server
accepts their settings (no "ignoring invalid settings" message). Usage: check_snippets.py NIXTY_BIN"""
import json
import re
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def snippets():
    helix = tomllib.loads((HERE / "helix/languages.toml").read_text())
    server = helix["language-server"]["nixty"]
    assert [l for l in helix["language"] if l["name"] == "nix"][0]["language-servers"] == ["nixty"]
    yield "helix/languages.toml", [server["command"], *server["args"]], server["config"]

    kak = tomllib.loads((HERE / "kakoune/kak-lsp.toml").read_text())["language"]["nix"]
    assert kak["settings_section"] == "nixty"
    yield "kakoune/kak-lsp.toml", [kak["command"], *kak["args"]], kak["settings"]

    body = (HERE / "kakoune/nixty.kak").read_text()
    inner = re.search(r"lsp_servers %\{\n(.*?)\n    \}", body, re.S).group(1)
    kak17 = tomllib.loads("\n".join(line.strip() for line in inner.splitlines()))["nixty"]
    assert kak17["settings_section"] == "nixty"
    yield "kakoune/nixty.kak", [kak17["command"], *kak17["args"]], kak17["settings"]


def send(proc, message):
    body = json.dumps(message).encode()
    proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    proc.stdin.flush()


def read(proc):
    length = None
    while True:
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError("the server closed its output")
        if line in (b"\r\n", b"\n"):
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(proc.stdout.read(length))


def check(name, argv, settings, binary):
    assert argv[0] == "nixty" and argv[1:] == ["lsp"], f"{name}: unexpected command {argv}"
    proc = subprocess.Popen([binary, *argv[1:]], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        send(proc, {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": settings}})
        messages = []
        while True:
            message = read(proc)
            if message.get("id") == 1:
                break
            messages.append(message)
        send(proc, {"jsonrpc": "2.0", "method": "initialized", "params": {}})
        # A request after `initialized`: its answer comes after any settings warning.
        send(proc, {"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
        while True:
            message = read(proc)
            if message.get("id") == 2:
                break
            messages.append(message)
        send(proc, {"jsonrpc": "2.0", "method": "exit"})
        proc.wait(timeout=10)
    finally:
        proc.kill()
    problems = [m for m in messages if m.get("method") == "window/showMessage"
                and "settings" in m["params"]["message"]]
    assert not problems, f"{name}: the server rejects the settings: {problems}"
    print(f"ok {name}")


def main():
    binary = sys.argv[1]
    for name, argv, settings in snippets():
        check(name, argv, settings, binary)
    # The check can fail: settings the server cannot read are reported.
    try:
        check("invalid settings (negative check)", ["nixty", "lsp"], {"nixty": {"diagnostics": {"disable": 3}}}, binary)
    except AssertionError as e:
        print(f"ok the negative check fails: {str(e)[:80]}")
    else:
        sys.exit("the snippet check cannot detect invalid settings")


if __name__ == "__main__":
    main()
