# Deliberate mistakes about names and scopes: each one is something `nixty check` reports.
# Run `nixty check examples/mistakes.nix` from the repository root to see them.
{ lib }:

let
  # unused let binding: `unusedHelper` is defined but nothing refers to it (a warning).
  unusedHelper = x: x + 1;

  # unused `with`: nothing inside the body takes a name from `lib.strings` (a warning).
  label = with lib.strings; "example";

  # unnecessary `rec`: no attribute refers to another one, so `rec` does nothing (a warning).
  settings = rec {
    port = 8080;
    host = "localhost";
  };
in
{
  inherit label settings;

  # undefined name: `lenght` is a typo of `length`, and nothing defines it (an error).
  count = lenght [ 1 2 3 ];

  # duplicate attribute: `name` is defined twice in the same set, which Nix refuses (an error).
  name = "first";
  name = "second";
}
