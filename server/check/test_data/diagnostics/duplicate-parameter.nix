# case: bad-field
{ a, a }: a
# case: bad-alias
a @ { a }: a
# case: ok-distinct
args @ { a, b ? 1, ... }: [ args a b ]
