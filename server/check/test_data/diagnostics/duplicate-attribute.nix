# case: bad-plain
{ a = 1; a = 2; }
# case: bad-path-and-set
{ a.b = 1; a = { b = 2; }; }
# case: bad-inherit
let x = 1; in { x = 1; inherit x; }
# case: bad-let
let a = 1; a = 2; in a
# case: bad-value-then-path
{ a = 1; a.b = 2; }
# case: ok-merged-paths
{ a.b = 1; a.c = 2; a = { d = 3; }; }
# case: ok-different-levels
{ a = { a = 1; }; }
