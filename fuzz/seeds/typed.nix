# type: int -> int
let inc = x: x + 1;
    str = x: if builtins.isString x then x else toString x;
in { a = inc 1; b = str 2; c = (inc "x"); inherit inc; }
