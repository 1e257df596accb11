# A package in the nixpkgs style: a function of its dependencies, called by `callPackage` from
# ../../default.nix. A clean file: nixty reports nothing here.
{ lib, writeShellScriptBin, greeting ? "Hello!" }:

writeShellScriptBin "greeter" ''
  echo ${lib.escapeShellArg greeting}
''
