{
  a.b = 1;
  a.c.d = 2;
  a = { e = 3; };
  "quoted name" = 4;
  ${dyn} = 5;
  x.${dyn}.y = 6;
}
