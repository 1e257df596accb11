#!/usr/bin/env python3
"""Writes an `all-packages.nix`-like file for benchmarks: deterministic (fixed seed), by default
about 600 kB and 20 000 bindings, in the style of nixpkgs' package set: `callPackage` with
overrides, `inherit (…) …`, `let … in`, strings with interpolation, lists, conditionals, aliases.

Usage: gen-all-packages.py [--bindings N] [--seed S] OUTPUT
Prints the size and the number of bindings (each `name = …` and each inherited name) to stderr.
"""

import argparse
import random
import sys

SYLLABLES = [
    "lib", "gtk", "py", "xml", "net", "ssl", "zip", "font", "audio", "qt", "rust", "go", "ocaml",
    "cairo", "pango", "glib", "mesa", "vulkan", "sdl", "curl", "git", "vim", "emacs", "node",
    "perl", "ruby", "tcl", "lua", "zstd", "lz", "boost", "llvm", "clang", "gcc", "cmake",
    "meson", "ninja", "dbus", "udev", "pulse", "pipe", "wire", "x11", "wayland", "kde", "gnome",
]
CATEGORIES = [
    "applications/editors", "applications/networking", "development/libraries",
    "development/tools", "development/python-modules", "tools/misc", "tools/networking",
    "servers/http", "os-specific/linux", "data/fonts", "games", "misc",
]
# Keywords, and names the generated code uses from the enclosing scope.
RESERVED = {"let", "in", "with", "if", "or", "rec", "lib", "stdenv", "darwin", "callPackage"}
FRAMEWORKS = ["Security", "CoreServices", "Foundation", "AppKit", "Cocoa", "IOKit"]
FLAGS = ["--enable-shared", "--disable-static", "--with-ssl", "--without-x", "--enable-nls"]


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.bindings = 0
        self.names = []
        self.used = set()

    def name(self):
        # A few tries at a fresh syllable name, then a numeric suffix: the syllable space is
        # small, and large sizes (16x) would otherwise loop for a long time.
        for attempt in range(1000):
            parts = [self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 2))]
            sep = self.rng.choice(["", "-", "_"])
            name = sep.join(parts)
            if attempt >= 3 or self.rng.random() < 0.2:
                name += str(self.rng.randint(2, 40 + len(self.used)))
            if name not in self.used and name not in RESERVED:
                self.used.add(name)
                return name
        raise RuntimeError("no fresh name found")

    def path(self, name):
        return f"../{self.rng.choice(CATEGORIES)}/{name}"

    def known(self):
        return self.rng.choice(self.names) if self.names else "stdenv"

    def entry(self):
        """One top-level entry; returns its text and counts its bindings."""
        name = self.name()
        kind = self.rng.random()
        if kind < 0.40:
            self.bindings += 1
            text = f"  {name} = callPackage {self.path(name)} {{ }};\n"
        elif kind < 0.50:
            dep = self.known()
            self.bindings += 2
            text = f"  {name} = callPackage {self.path(name)} {{ withFoo = {dep} != null; }};\n"
        elif kind < 0.58:
            frameworks = self.rng.sample(FRAMEWORKS, self.rng.randint(1, 3))
            self.bindings += 1 + len(frameworks)
            text = (
                f"  {name} = callPackage {self.path(name)} {{\n"
                f"    inherit (darwin.apple_sdk.frameworks) {' '.join(frameworks)};\n"
                f"  }};\n"
            )
        elif kind < 0.82:
            others = [self.name() for _ in range(self.rng.randint(2, 9))]
            self.bindings += 1 + len(others)
            text = f"  inherit ({name}Packages) {' '.join([name] + others)};\n"
            self.names.extend(others)
        elif kind < 0.88:
            major, minor = self.rng.randint(0, 9), self.rng.randint(0, 30)
            self.bindings += 3
            text = (
                f"  {name} = let\n"
                f"    version = \"{major}.{minor}\";\n"
                f"  in callPackage {self.path(name)} {{ inherit version; }};\n"
            )
        elif kind < 0.92:
            flags = self.rng.sample(FLAGS, self.rng.randint(1, 3))
            listed = " ".join(f'"{f}"' for f in flags)
            self.bindings += 3
            text = (
                f"  {name} = {self.known()}.overrideAttrs (old: {{\n"
                f"    configureFlags = (old.configureFlags or [ ]) ++ [ {listed} ];\n"
                f"    meta.description = \"{name} with ${{toString (lib.length old.buildInputs or [ ])}} inputs\";\n"
                f"  }});\n"
            )
        elif kind < 0.96:
            self.bindings += 1
            text = (
                f"  {name} = if stdenv.hostPlatform.isDarwin then {self.known()}"
                f" else callPackage {self.path(name)} {{ }};\n"
            )
        else:
            self.bindings += 1
            text = f"  {name} = {self.known()}; # alias\n"
        self.names.append(name)
        return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--bindings", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    gen = Generator(args.seed)
    out = [
        "# Generated by bench/gen-all-packages.py: an all-packages.nix-like benchmark input.\n",
        "{ lib, noSysDirs, config, overlays }:\n",
        "res: pkgs: super:\n\n",
        "with pkgs;\n\n",
        "{\n",
    ]
    section = 0
    while gen.bindings < args.bindings:
        if gen.bindings // 500 > section:
            section = gen.bindings // 500
            out.append(f"\n  ### SECTION {section}\n\n")
        out.append(gen.entry())
    out.append("}\n")
    text = "".join(out)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"{args.output}: {len(text.encode())} bytes, {gen.bindings} bindings", file=sys.stderr)


if __name__ == "__main__":
    main()
