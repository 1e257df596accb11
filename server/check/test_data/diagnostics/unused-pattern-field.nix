# case: bad-unused
{ a, b }: a
# case: bad-hint-with-alias
args @ { a, b, ... }: a
# case: ok-used-in-default
{ a, b ? a }: b
# case: ok-underscore
{ _a, b }: b
