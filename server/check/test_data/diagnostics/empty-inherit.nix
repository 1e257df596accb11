# case: bad-empty
{ inherit; }
# case: bad-empty-from
let s = { }; in { inherit (s); }
# case: ok-names
let s = { a = 1; }; in { inherit (s) a; }
