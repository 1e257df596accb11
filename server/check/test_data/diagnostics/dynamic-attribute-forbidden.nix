# case: bad-let
let ${"a"} = 1; x = "b"; ${x} = 2; in 1
# case: bad-inherit
let x = "a"; in { inherit ${x}; }
# case: ok-set
let x = "a"; in { ${x} = 1; "${x}b" = 2; }
# case: ok-nested-path-in-let
let x = "a"; s.${x} = 1; in s
# case: bad-inherit-from-dynamic
let a.b = 1; in { inherit (a) ${"b" +""}; }
