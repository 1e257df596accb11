# Strings, escapes and interpolation, including the tricky cases.
{
  plain = "hello";
#         ^^^^^^^ string
  escapes = "a\"b\\c\nd\te\${notInterpolated}";
#            ^ string
#             ^^ string.escape
#                ^^ string.escape
#                   ^^ string.escape
#                      ^^ string.escape
#                         ^^ string.escape
#                           ^^^^^^^^^^^^^^^^^^ string
  interpolated = "a${b}c";
#                 ^ string
#                  ^^ punctuation.special
#                    ^ variable
#                     ^ punctuation.special
#                      ^ string
  nestedBrace = "${ { a = "}"; }.a }";
#               ^ string
#                ^^ punctuation.special
#                   ^ punctuation.bracket
#                     ^ property
#                         ^^^ string
#                              ^ punctuation.bracket
#                               ^ punctuation.delimiter
#                                ^ property
#                                  ^ punctuation.special
#                                   ^ string
  nestedString = "outer ${"inner ${x} inner"} outer";
#                 ^^^^^ string
#                         ^^^^^^ string
#                                  ^ variable
#                                    ^^^^^^ string
#                                            ^^^^^^ string
  indented = ''line ''$notInterpolated ''' ''\n ''\t ${x}'';
#            ^^ string
#              ^^^^ string
#                   ^^^ string.escape
#                      ^^^^^^^^^^^^^^^ string
#                                      ^^^ string.escape
#                                          ^^^ string.escape
#                                               ^^^^ string.escape
#                                                    ^^ punctuation.special
#                                                      ^ variable
#                                                       ^ punctuation.special
#                                                        ^^ string
  dollarAlone = "$ and $$ and ${"$"}";
#                ^^^^^^^^^^^^ string
#                               ^^^ string
  doubleDollar = [ "$${notInterpolated}" ''$${notInterpolated}'' ];
#                  ^^^^^^^^^^^^^^^^^^^^^ string
#                                          ^^^^^^^^^^^^^^^^^^^ string
  backslashInIndented = ''\n is not an escape here'';
#                         ^^^^ string
  emptyStrings = [ "" '''' ];
#                  ^^ string
#                     ^^^^ string
  multiLine = ''
    echo "not a comment # here"
    ${lib.concatStringsSep " " (map (x: "${x}") list)}
  '';
# ^^ string
  afterMultiLine = 1;
# ^^^^^^^^^^^^^^ property
#                  ^ number
}
