# mcedit colour assertions: `#   ^^^ colour` checks the colour of the line above.
{ lib, stdenv ? null, ... }@args:
# <- brightcyan
# ^^^ lightgray
#             ^ yellow
#               ^^^^ brightmagenta
#                     ^^^ brightcyan
let
# <- yellow
  version = "1.2.3"; # trailing comment
# ^^^^^^^ lightgray
#         ^ brightcyan
#           ^^^^^^^ green
#                  ^ brightmagenta
#                    ^^^^^^^^^^^^^^^^^^ brown
  nums = [ 42 3.14 .5 1.5e3 1.5E+3 ];
#          ^^ brightgreen
#             ^^^^ brightgreen
#                  ^^ brightgreen
#                     ^^^^^ brightgreen
#                           ^^^^^^ brightgreen
  flags = !true || false && null == null -> a != b;
#         ^ yellow
#          ^^^^ brightmagenta
#               ^^ yellow
#                  ^^^^^ brightmagenta
#                                        ^^ yellow
  cmp = a < b && a <= b && c > d;
#         ^ yellow
#           ^ lightgray
#                  ^^ yellow
  more = { a = 1; } // { b = 2; } ++ [ ] ? x;
#                   ^^ yellow
#                                 ^^ yellow
  piped = [ 1 ] |> map (x: x) |> builtins.head;
#               ^^ yellow
#                  ^^^ cyan
#                                ^^^^^^^^^^^^^ cyan
  calls = builtins.attrNames (builtins.mapAttrs toString { }) ++ lib.map import [ ];
#         ^^^^^^^^^^^^^^^^^^ cyan
#                             ^^^^^^^^^^^^^^^^^ cyan
#                                               ^^^^^^^^ cyan
#                                                                    ^^^ lightgray
#                                                                        ^^^^^^ cyan
  underscored = [ __attrNames __currentSystem derivation builtins.fetchClosure ];
#                 ^^^^^^^^^^^ cyan
#                             ^^^^^^^^^^^^^^^ cyan
#                                             ^^^^^^^^^^ cyan
#                                                        ^^^^^^^^^^^^^^^^^^^^^ cyan
  attrs = set.or or set.nested.or;
#             ^^ lightgray
#                ^^ yellow
in /* block
#  ^^^^^^^^ brown
  comment */ with lib; rec { inherit version; }
# ^^^^^^^^^^ brown
#            ^^^^ yellow
#                      ^^^ yellow
#                            ^^^^^^^ yellow
