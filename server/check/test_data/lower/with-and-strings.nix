with lib;
let name = "x"; in [
  "plain ${name} string"
  ''
    indented ${toString 1}
  ''
  ./path/${name}.nix
  <nixpkgs/lib>
  __curPos
  (if a then -1 else !b)
  (assert c; 1.5)
  (s ? a.b)
  (1 |> f <| 2)
]
