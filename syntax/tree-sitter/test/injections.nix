# Shell code inside strings is highlighted as bash; other languages named in a comment.
# (Inside a shell string an assertion line is a shell comment, so it can sit there too.)
{ stdenv, writeShellScript, writeShellScriptBin, writeShellApplication, runCommand, pkgs, lib }:
stdenv.mkDerivation {
  buildPhase = ''
    make -j4 install
#   ^^^^ function
#        ^^^ constant
#            ^^^^^^^ string
  '';
# ^^ string
  installPhase = "cp -r out $out";
#                 ^^ function
#                    ^^ constant
#                           ^ operator
#                            ^^^ property
  postInstall = ''
    if [ -d $out/bin ]; then echo "done ${stdenv.system}"; fi
#   ^^ keyword
#                       ^^^^ keyword
#                            ^^^^ function
#                                 ^^^^^ string
#                                       ^^ punctuation.special
#                                         ^^^^^^ variable.parameter
#                                                ^^^^^^ property
#                                                      ^ punctuation.special
#                                                          ^^ keyword
  '';
  shellHook = "export FOO=1";
#              ^^^^^^ keyword
#                     ^^^ property
  preConfigure = lib.optionalString true ''
    substituteInPlace Makefile --replace-fail gcc cc
#   ^^^^^^^^^^^^^^^^^ function
  '';
  script = lib.concatStringsSep "\n" [ "not injected" ];
#                                        ^^^ string
  notShell = "make install";
#             ^^^^ string
  passthru.tests.run = runCommand "test" { } "echo hi > $out";
#                                             ^^^^ string
  check = runCommand "check" { } ''
    echo ok > $out
#   ^^^^ function
#           ^ operator
  '';
  wrapper = writeShellScript "wrapper" ''
    exec ${pkgs.hello}/bin/hello "$@"
#   ^^^^ function
#        ^^ punctuation.special
#          ^^^^ variable.parameter
#                                 ^ operator
  '';
  bin = writeShellScriptBin "bin" ''
    echo bin
#   ^^^^ function
  '';
  app = writeShellApplication {
    name = "app";
#           ^^^ string
    text = ''
      echo app
#     ^^^^ function
    '';
  };
  namedShell = /* bash */ ''
    grep -q pattern file
#   ^^^^ function
  '';
  luaConfig = /* lua */ ''
#             ^^^^^^^^^ comment
    print("nixty has no Lua grammar: this stays a string")
#   ^^^^^ string
  '';
# ^^ string
}
