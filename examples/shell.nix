# The development shell of the example project: `nix-shell` here gives the greeter and the
# tools to work on it. `nixty env` reads this file to give your editor the same environment.
# A clean file: nixty reports nothing here.
{ pkgs ? import <nixpkgs> { } }:

pkgs.mkShell {
  packages = [
    (import ./default.nix { inherit pkgs; }).greeter
    pkgs.nixpkgs-fmt
  ];

  shellHook = ''
    echo "greeter development shell"
  '';
}
