# Golden highlight assertions: a `# ^ capture` line checks the line above it.
# <- comment
/* A block comment */
# <- comment
{ lib, stdenv ? null, fetchurl, ... }@args:
# <- punctuation.bracket
# ^^^ variable.parameter
#    ^ punctuation.delimiter
#      ^^^^^^ variable.parameter
#             ^ punctuation.delimiter
#               ^^^^ constant.builtin
#                     ^^^^^^^^ variable.parameter
#                               ^^^ punctuation.special
#                                   ^ punctuation.bracket
#                                    ^ punctuation.delimiter
#                                     ^^^^ variable.parameter
#                                         ^ punctuation.delimiter
let
# <- keyword
  version = "1.2.3";
# ^^^^^^^ variable
#         ^ punctuation.delimiter
#           ^^^^^^^ string
#                  ^ punctuation.delimiter
  count = 42 + 3.14 - 1.5e3 * .5;
#         ^^ number
#            ^ operator
#              ^^^^ number.float
#                   ^ operator
#                     ^^^^^ number.float
#                           ^ operator
#                             ^^ number.float
  inc = x: x + 1;
#       ^ variable.parameter
#        ^ punctuation.delimiter
#          ^ variable.parameter
#            ^ operator
  flags = !true || false && null == null -> a != b;
#         ^ operator
#          ^^^^ constant.builtin
#               ^^ operator
#                  ^^^^^ constant.builtin
#                        ^^ operator
#                           ^^^^ constant.builtin
#                                ^^ operator
#                                        ^^ operator
#                                             ^^ operator
  cmp = a < b && a <= b && a > b && a >= b;
#         ^ operator
#                  ^^ operator
#                            ^ operator
#                                     ^^ operator
  merged = { a = 1; } // { b.c.d = 2; } ++ [ ] ? x;
#                     ^^ operator
#                          ^ property
#                           ^ punctuation.delimiter
#                            ^ property
#                              ^ property
#                                       ^^ operator
  neg = -count;
#       ^ operator
#        ^^^^^ variable
  inherit (lib) optional mapAttrs;
# ^^^^^^^ keyword
#         ^ punctuation.bracket
#          ^^^ variable.parameter
#               ^^^^^^^^ variable
  inherit version;
#         ^^^^^^^ variable
in
# <- keyword
assert lib.isString version;
# <- keyword.exception
#      ^^^ variable.parameter
#          ^^^^^^^^ function.call
#                   ^^^^^^^ variable
with lib;
# <- keyword
#    ^^^ variable.parameter
rec {
# <- keyword
  name = "x-${version}";
# ^^^^ property
  builtinCalls = map toString (builtins.attrNames builtins);
#                ^^^ function.builtin
#                    ^^^^^^^^ function.builtin
#                              ^^^^^^^^ variable.builtin
#                                       ^^^^^^^^^ function.builtin
#                                                 ^^^^^^^^ variable.builtin
  more = [ import throw abort derivation removeAttrs placeholder scopedImport isNull ];
#          ^^^^^^ function.builtin
#                 ^^^^^ function.builtin
#                       ^^^^^ function.builtin
#                             ^^^^^^^^^^ function.builtin
#                                        ^^^^^^^^^^^ function.builtin
#                                                    ^^^^^^^^^^^ function.builtin
#                                                                ^^^^^^^^^^^^ function.builtin
#                                                                             ^^^^^^ function.builtin
  fetchers = [ fetchGit fetchTarball fetchTree fetchMercurial fromTOML dirOf baseNameOf ];
#              ^^^^^^^^ function.builtin
#                       ^^^^^^^^^^^^ function.builtin
#                                    ^^^^^^^^^ function.builtin
#                                              ^^^^^^^^^^^^^^ function.builtin
#                                                             ^^^^^^^^ function.builtin
#                                                                      ^^^^^ function.builtin
#                                                                            ^^^^^^^^^^ function.builtin
  underscored = [ __attrNames __currentSystem __nixVersion __foldl' __curPos ];
#                 ^^^^^^^^^^^ function.builtin
#                             ^^^^^^^^^^^^^^^ constant.builtin
#                                             ^^^^^^^^^^^^ constant.builtin
#                                                          ^^^^^^^^ function.builtin
#                                                                   ^^^^^^^^ constant.builtin
  constants = [ builtins.currentSystem builtins.nixVersion builtins.storeDir builtins.true ];
#                        ^^^^^^^^^^^^^ constant.builtin
#                                               ^^^^^^^^^^ constant.builtin
#                                                                   ^^^^^^^^ constant.builtin
#                                                                                     ^^^^ constant.builtin
  calls = [ (builtins.foldl' (a: b: a) 0 [ ]) (builtins.fetchurl { }) (builtins.warn "w" 1) ];
#                     ^^^^^^ function.builtin
#                             ^ variable.parameter
#                                ^ variable.parameter
#                                   ^ variable.parameter
#                                                       ^^^^^^^^ function.builtin
#                                                                               ^^^^ function.builtin
  notBuiltin = { map = 1; toString = 2; }.map;
#                ^^^ property
#                         ^^^^^^^^ property
#                                         ^^^ property
  shadowed = map: map;
#            ^^^ variable.parameter
#                 ^^^ variable.parameter
  shadowedFormal = { map, true ? 1 }: [ map true ];
#                    ^^^ variable.parameter
#                         ^^^^ variable.parameter
#                                ^ number
#                                       ^^^ variable.parameter
#                                           ^^^^ variable.parameter
  builtinsAttr = lib.attrsets.mapAttrs;
#                ^^^ variable.parameter
#                    ^^^^^^^^ property
#                             ^^^^^^^^ property
  call = lib.strings.concatStringsSep "," [ ];
#                    ^^^^^^^^^^^^^^^^ function.call
  atPattern = args@{ a, ... }: a;
#             ^^^^ variable.parameter
#                 ^ punctuation.delimiter
#                    ^ variable.parameter
#                            ^ punctuation.delimiter
#                              ^ variable.parameter
  emptyFormals = { }: null;
#                ^ punctuation.bracket
#                   ^ punctuation.delimiter
  localCall = inc 1;
#             ^^^ variable
  selectOr = args.stdenv or null;
#                 ^^^^^^ property
#                        ^^ keyword.operator
#                           ^^^^ constant.builtin
  hasAttr = args ? stdenv && args ? "quoted".b;
#                ^ operator
#                  ^^^^^^ property
#                                   ^^^^^^^^ string
#                                            ^ property
  conditional = if count > 0 then "yes" else "no";
#               ^^ keyword.conditional
#                            ^^^^ keyword.conditional
#                                       ^^^^ keyword.conditional
  letAttrset = let { body = 1; };
#              ^^^ keyword
  "string attr" = 1;
# ^^^^^^^^^^^^^ string
  ${name} = 2;
# ^^ punctuation.special
#   ^^^^ variable
#       ^ punctuation.special
  application = lib.optional true "x";
#                   ^^^^^^^^ function.call
#                            ^^^^ constant.builtin
}
