# Strings, escapes, interpolation, paths and URLs.
{
  escapes = "a\"b\\c\nd\${x} $${y} # not a comment";
#           ^^ green
#             ^^ brightgreen
#                ^^ brightgreen
#                   ^^ brightgreen
#                      ^^ brightgreen
#                          ^^^^^^^^^^^^^^^^^^^^^^^ green
#                                                  ^ brightmagenta
  interpolated = "a${lib.concatStringsSep "," xs}b";
#                ^^ green
#                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ brightred
#                                                ^^ green
#                                                  ^ brightmagenta
  indented = ''
    ''$notInterpolated ''' ''\n ${x} "quotes" # not a comment
#   ^^^ brightgreen
#      ^^^^^^^^^^^^^^^ green
#                      ^^^ brightgreen
#                          ^^^ brightgreen
#                               ^^^^ brightred
#                                    ^^^^^^^^^^^^^^^^^^^^^^^^ green
  '';
# ^^ green
#   ^ brightmagenta
  paths = [ ./relative/file.nix ../parent ~/home/x /absolute/path <nixpkgs/lib> ];
#           ^^^^^^^^^^^^^^^^^^^ brightblue
#                               ^^^^^^^^^ brightblue
#                                         ^^^^^^^ brightblue
#                                                  ^^^^^^^^^^^^^^ brightblue
#                                                                 ^^^^^^^^^^^^^ brightblue
  interpolatedPath = ./pkgs/${name}/default.nix;
#                    ^^^^^^^ brightblue
#                           ^^ brightred
  urls = [ https://example.org/a?b=c mirror://gnu/hello.tar.gz ];
#          ^^^^^^^^^^^^^^^^^^^^^^^^^ magenta
#                                    ^^^^^^^^^^^^^^^^^^^^^^^^^ magenta
  notPaths = a < b && c > d || e / f;
#              ^ yellow
#                  ^^ yellow
#                                ^ yellow
}
