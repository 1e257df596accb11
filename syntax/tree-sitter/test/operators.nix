# `or` as an identifier, pipe operators (Nix 2.24), and the remaining operators.
let
  or = 1;
# ^^ variable
  set = { or = 2; and.or = 3; };
#         ^^ property
#                    ^ punctuation.delimiter
#                     ^^ property
  attr = set.or;
#            ^^ property
  defaulted = set.missing or set.or;
#                         ^^ keyword.operator
#                                ^^ property
  inherit (set) or;
#               ^^ variable
  piped = [ 1 2 ] |> map (x: x * 2) |> builtins.head;
#                 ^^ operator
#                    ^^^ function.builtin
#                                   ^^ operator
#                                      ^^^^^^^^ variable.builtin
#                                               ^^^^ function.builtin
  pipedBack = toString <| 1 + 1;
#             ^^^^^^^^ function.builtin
#                      ^^ operator
  logic = !a -> b || c && d;
#         ^ operator
#            ^^ operator
#                 ^^ operator
#                      ^^ operator
  concat = [ 1 ] ++ [ 2 ] // { };
#                ^^ operator
#                         ^^ operator
  arithmetic = 1 + 2 - 3 * 4 / 5;
#                ^ operator
#                    ^ operator
#                        ^ operator
#                            ^ operator
in
{ inherit or; }
# ^^^^^^^ keyword
#         ^^ property
