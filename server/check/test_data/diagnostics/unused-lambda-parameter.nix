# case: bad-unused
x: 1
# case: bad-unused-alias
args @ { a }: a
# case: ok-underscore
_: _x: 1
# case: ok-used
x: x
