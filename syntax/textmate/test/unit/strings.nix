# SYNTAX TEST "source.nix" "strings, escapes, interpolation, paths, URLs, comments"
{
  escapes = "a\"b\\c\nd\${x} $${y} # not a comment";
#            ^^ string.quoted.double.nix
#             ^^ constant.character.escape.nix
#                ^^ constant.character.escape.nix
#                   ^^ constant.character.escape.nix
#                      ^^ constant.character.escape.nix
#                        ^^^ - meta.embedded.line.nix
#                            ^^^^^ - meta.embedded.line.nix
#                                  ^^^^^^^^^^^^^^^ - comment.line.number-sign.nix
  nested = "${ { a = "}"; }.a }";
#           ^^ punctuation.section.embedded.begin.nix
#              ^ punctuation.section.braces.begin.nix
#                    ^^^ string.quoted.double.nix
#                         ^ punctuation.section.braces.end.nix
#                           ^ variable.other.property.nix
#                             ^ punctuation.section.embedded.end.nix
#                              ^ punctuation.definition.string.end.nix
  interpolated = "a${x}b";
#                  ^^ punctuation.section.embedded.begin.nix
#                    ^ meta.embedded.line.nix
#                      ^ string.quoted.double.nix
  indented = ''line ''$notInterpolated ''' ''\n ${x} "quotes" # not a comment'';
#            ^^ punctuation.definition.string.begin.nix
#                   ^^^ constant.character.escape.nix
#                      ^^^^^^^^^^^^^^^ string.quoted.other.nix
#                      ^^^^^^^^^^^^^^^ - meta.embedded.line.nix
#                                      ^^^ constant.character.escape.nix
#                                          ^^^^ constant.character.escape.nix
#                                               ^^ punctuation.section.embedded.begin.nix
#                                                    ^^^^^^^^^^^^^^^^^^^^^^^^ string.quoted.other.nix
#                                                                            ^^ punctuation.definition.string.end.nix
  multiLine = ''
    echo "${lib.escapeShellArg x}"
#         ^^ punctuation.section.embedded.begin.nix
#           ^^^ variable.other.nix
#               ^^^^^^^^^^^^^^ variable.other.property.nix
  '';
# ^^ punctuation.definition.string.end.nix
  paths = [ ./relative/file.nix ../parent ~/home/x /absolute/path <nixpkgs/lib> pkgs/sub ];
#           ^^^^^^^^^^^^^^^^^^^ string.unquoted.path.nix
#                               ^^^^^^^^^ string.unquoted.path.nix
#                                         ^^^^^^^^ string.unquoted.path.nix
#                                                  ^^^^^^^^^^^^^^ string.unquoted.path.nix
#                                                                 ^^^^^^^^^^^^^ string.unquoted.path.nix
#                                                                               ^^^^^^^^ string.unquoted.path.nix
  interpolatedPath = ./pkgs/${name}/default.nix;
#                    ^^^^^^^ string.unquoted.path.nix
#                           ^^ punctuation.section.embedded.begin.nix
#                                  ^^^^^^^^^^^^ string.unquoted.path.nix
  urls = [ https://example.org/a?b=c mirror://gnu/hello.tar.gz ];
#          ^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.url.nix
#                                    ^^^^^^^^^^^^^^^^^^^^^^^^^ string.unquoted.url.nix
  notPaths = a < b && c > d || e / f // g;
#              ^ keyword.operator.comparison.nix
#                       ^ keyword.operator.comparison.nix
#                                ^ keyword.operator.arithmetic.nix
#                                    ^^ keyword.operator.update.nix
  /* block
     comment */ after = 1;
#    ^^^^^^^^^^ comment.block.nix
#               ^^^^^ entity.other.attribute-name.nix
  # line comment
# ^^^^^^^^^^^^^^ comment.line.number-sign.nix
}
