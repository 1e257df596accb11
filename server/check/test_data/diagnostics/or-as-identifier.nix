# case: bad-or-variable
let f = x: x; in f or
# case: ok-or-default
let s = { }; in s.a or 1
# case: ok-or-attribute-name
{ or = 1; }.or
