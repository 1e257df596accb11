# Small helpers used by default.nix. A clean file: nixty reports nothing here.
#
# The `/*: … */` comments are type annotations: Nix ignores them, nixty checks against them
# (see ../shared/design/types.md in the repository, or the README).
{ lib }:

let
  # A private helper: used below, so nixty does not call it unused.
  capitalize = word /*: String */:
    lib.toUpper (lib.substring 0 1 word) + lib.substring 1 (-1) word;
in
{
  greet = name /*: String */: "Hello, ${capitalize name}!";

  # `builtins.compareVersions` returns -1, 0 or 1; nixty knows that exact type.
  versionAtLeast2 = version /*: String */: builtins.compareVersions version "2" >= 0;

  # Attribute names of a set, sorted, joined with commas.
  describeSet = set: lib.concatStringsSep ", " (builtins.attrNames set);
}
