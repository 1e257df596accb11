# case: bad-all-bound
let a = 1; in with { }; a
# case: bad-only-builtins
with { }; map
# case: ok-used
with { a = 1; }; a
# case: ok-inner-with-used-outer-too
with { a = 1; }; with { b = 2; }; c
