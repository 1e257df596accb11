# case: bad-unused
let a = 1; b = 2; in b
# case: bad-single
let a = 1; in 2
# case: bad-inherit
let inherit (builtins) head tail; in head
# case: ok-underscore
let _a = 1; in 2
# case: ok-used-by-other-binding
let a = 1; b = a; in b
