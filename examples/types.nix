# Deliberate type mistakes: nixty infers a type for every expression and reports operations that
# are certain to fail when they run (errors) or may fail (warnings).
# Run `nixty check examples/types.nix` from the repository root to see them.
let
  # An annotated parameter: `/*: Int */` says `double` takes an integer.
  double = x /*: Int */: x * 2;

  point = { x = 1; y = 2; };
in
{
  # Interpolating a number into a string fails: Nix only interpolates strings, paths and
  # sets with `outPath` / `__toString`. Write "${toString 1}" instead.
  message = "${1}";

  # `point` has no attribute `z`: the selection fails. Use `point.z or 0` for a default.
  depth = point.z;

  # `double` expects an `Int` (its annotation), but gets a string.
  twice = double "2";

  # Correct uses, for contrast: nixty reports nothing here.
  fine = double point.x + point.y;
  text = "x is ${toString point.x}";
}
