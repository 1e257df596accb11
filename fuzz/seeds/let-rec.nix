let
  inherit (builtins) map length;
  xs = [ 1 2 3 ];
  f = { a, b ? 2, ... }@args: a + b;
  s = rec { x = 1; y = x + 1; "q" = ''multi ${toString y} line''; };
in
  if length xs > 2 then f { a = 1; } else s.y or 0
