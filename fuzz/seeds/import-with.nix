# A file that imports another one and uses `with`.
{ lib ? import ./other.nix, pkgs }:
with lib;
{
  /** Doc comment. */
  name = "x-${pkgs.version}";
  paths = [ ./a.nix <nixpkgs> ~/h https://example.org ];
  check = assert isString name; name;
  g = x: y: x.a.b or y;
  n = -1.5e3 // { } ++ [ ];
}
