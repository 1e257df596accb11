# case: bad-no-self-reference
rec { a = 1; b = 2; }
# case: ok-self-reference
rec { a = 1; b = a; }
# case: ok-reference-from-nested
rec { a = 1; b = { c = a; }; }
# case: ok-plain
{ a = 1; }
