# case: ok-shallow
[ [ [ [ [ 1 ] ] ] ] ]
