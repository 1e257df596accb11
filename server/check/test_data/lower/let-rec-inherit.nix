let
  inherit (builtins) map;
  inherit x;
  r = rec { a = 1; b = a; c.d = b; };
in
  r.c.d or map
