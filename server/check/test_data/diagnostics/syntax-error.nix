# case: bad-missing-semicolon
{ a = 1 }
# case: bad-unclosed
let a = 1; in (a
# case: bad-extra
1 2 )
# case: ok-pipes
let f = x: x; in 1 |> f |> f <| 2
