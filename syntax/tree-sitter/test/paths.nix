# Paths, search paths and URLs.
[
  ./relative/file.nix
# ^^^^^^^^^^^^^^^^^^^ string.special.path
  ../parent
# ^^^^^^^^^ string.special.path
  /absolute/path
# ^^^^^^^^^^^^^^ string.special.path
  ~/home/file
# ^^^^^^^^^^^ string.special.path
  <nixpkgs>
# ^^^^^^^^^ string.special.path
  <nixpkgs/lib>
# ^^^^^^^^^^^^^ string.special.path
  ./pkgs/${name}/default.nix
# ^^^^^^^ string.special.path
#        ^^ punctuation.special
#          ^^^^ variable
#              ^ punctuation.special
#               ^^^^^^^^^^^^ string.special.path
  ~/${dir}/x
# ^^ string.special.path
#   ^^ punctuation.special
#     ^^^ variable
  https://example.org/a?b=c&d=e
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.special.url
  mirror://gnu/hello/hello-2.12.tar.gz
# ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ string.special.url
  (a < b)
#  ^ variable
#    ^ operator
#      ^ variable
  (2 / 3)
#  ^ number
#    ^ operator
#      ^ number
  2/3
# ^^^ string.special.path
]
