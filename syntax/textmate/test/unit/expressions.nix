# SYNTAX TEST "source.nix" "expressions, keywords, builtins, parameters, attributes"
{ lib, stdenv ? null, ... }@args:
# <- punctuation.section.braces.begin.nix
# ^^^ variable.parameter.function.nix
#      ^^^^^^ variable.parameter.function.nix
#             ^ keyword.operator.has-attribute.nix
#               ^^^^ constant.language.null.nix
#                     ^^^ keyword.operator.ellipsis.nix
#                          ^ punctuation.separator.at.nix
#                           ^^^^ variable.parameter.function.nix
let
# <--- keyword.other.nix
  version = "1.2.3";
# ^^^^^^^ entity.other.attribute-name.nix
#         ^ keyword.operator.assignment.nix
#           ^ punctuation.definition.string.begin.nix
#           ^^^^^^^ string.quoted.double.nix
#                  ^ punctuation.terminator.nix
  nums = [ 42 3.14 .5 1.5e3 ];
#          ^^ constant.numeric.integer.nix
#             ^^^^ constant.numeric.float.nix
#                  ^^ constant.numeric.float.nix
#                     ^^^^^ constant.numeric.float.nix
  inc = x: x + 1;
#       ^ variable.parameter.function.nix
#        ^ punctuation.separator.colon.nix
#            ^ keyword.operator.arithmetic.nix
  flags = !true || false && a -> b;
#         ^ keyword.operator.logical.nix
#          ^^^^ constant.language.boolean.nix
#               ^^ keyword.operator.logical.nix
#                  ^^^^^ constant.language.boolean.nix
#                             ^^ keyword.operator.implication.nix
  cmp = a < b && a <= b && a == b && a != b;
#         ^ keyword.operator.comparison.nix
#                  ^^ keyword.operator.comparison.nix
#                            ^^ keyword.operator.comparison.nix
#                                      ^^ keyword.operator.comparison.nix
  merged = { a.b.c = 1; } // { } ++ [ ];
#            ^ entity.other.attribute-name.nix
#             ^ punctuation.accessor.nix
#              ^ entity.other.attribute-name.nix
#                ^ entity.other.attribute-name.nix
#                         ^^ keyword.operator.update.nix
#                                ^^ keyword.operator.concat.nix
  calls = builtins.attrNames (map toString (builtins.currentSystem));
#         ^^^^^^^^ support.variable.builtins.nix
#                  ^^^^^^^^^ support.function.builtin.nix
#                             ^^^ support.function.builtin.nix
#                                 ^^^^^^^^ support.function.builtin.nix
#                                                    ^^^^^^^^^^^^^ support.constant.builtin.nix
  notBuiltins = lib.map lib.toString;
#                   ^^^ variable.other.property.nix
#                           ^^^^^^^^ variable.other.property.nix
  underscored = [ __attrNames __currentSystem import derivation ];
#                 ^^^^^^^^^^^ support.function.builtin.nix
#                             ^^^^^^^^^^^^^^^ support.constant.builtin.nix
#                                             ^^^^^^ support.function.builtin.nix
#                                                    ^^^^^^^^^^ support.function.builtin.nix
  orAsName = { or = 1; }.or or null;
#              ^^ entity.other.attribute-name.nix
#                        ^^ variable.other.property.nix
#                           ^^ keyword.operator.or.nix
  piped = [ 1 ] |> map (x: x) |> builtins.head;
#               ^^ keyword.operator.pipe.nix
#                             ^^ keyword.operator.pipe.nix
#                                         ^^^^ support.function.builtin.nix
  backwards = toString <| 1;
#                      ^^ keyword.operator.pipe.nix
  hyphenated-name = a-b;
# ^^^^^^^^^^^^^^^ entity.other.attribute-name.nix
#                   ^^^ variable.other.nix
#                    ^ - keyword.operator.arithmetic.nix
  inherit (lib) optional mapAttrs;
# ^^^^^^^ keyword.other.inherit.nix
#          ^^^ variable.other.nix
#               ^^^^^^^^ entity.other.attribute-name.nix
#                        ^^^^^^^^ entity.other.attribute-name.nix
  conditional = if a ? b then "y" else "n";
#               ^^ keyword.control.conditional.nix
#                    ^ keyword.operator.has-attribute.nix
#                        ^^^^ keyword.control.conditional.nix
#                                 ^^^^ keyword.control.conditional.nix
  list = [
    openssl
#   ^^^^^^^ variable.other.nix
#   ^^^^^^^ - variable.parameter.function.nix
  ];
  strings = "${x}";
#              ^ variable.other.nix
#              ^ - variable.parameter.function.nix
in
# <-- keyword.other.nix
assert true;
# <------ keyword.control.assert.nix
with lib;
# <---- keyword.other.nix
rec { x = 1; }
# <--- storage.modifier.rec.nix
