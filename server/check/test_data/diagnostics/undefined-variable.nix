# case: bad-plain
x + 1
# case: bad-in-let-body
let a = 1; in a + b
# case: bad-inherit-looks-outside
let inherit a; in 1
# case: bad-rec-not-visible-outside
{ a = rec { b = 1; }; c = b; }
# case: ok-with-may-provide
with import <nixpkgs> { }; hello
# case: ok-builtins-and-globals
[ map true null builtins.head __add (toString 1) derivation ]
# case: ok-let-rec-lambda-pattern-alias
let f = args @ { a, b ? a }: x: [ a b x args ]; r = rec { p = q; q = 1; }; in [ f r ]
# case: ok-inherit-from-let
let inherit (s) x; s = { x = 1; }; in x
