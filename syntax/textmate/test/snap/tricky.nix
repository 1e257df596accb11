let
  or = 1;
  set = { or = 2; a.or = 3; "quoted key" = 4; ${"dyn"} = 5; };
  s1 = "a\"b\\c\${x}$${y}${ { a = "}"; }.a }";
  s2 = ''x ''$y ''' ''\t ${toString 1} '';
  url = https://example.org/?q=1;
  p = ./a/${s1}/b.nix;
  cmp = a < b && <nixpkgs> != ~/x;
  f = { a, b ? a.or or null }: a // b;
in
[ 1 2 ] |> map (x: x * 2) |> builtins.head
