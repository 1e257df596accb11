# case: bad-legacy-let
let { a = 1; body = a; }
# case: ok-let-in
let a = 1; in a
