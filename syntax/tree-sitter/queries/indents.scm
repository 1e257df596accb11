; Indentation (Neovim's `@indent.*` captures).

[
  (attrset_expression)
  (rec_attrset_expression)
  (let_attrset_expression)
  (list_expression)
  (parenthesized_expression)
  (formals)
  (let_expression)
  (if_expression)
  (binding)
  (indented_string_expression)
  (interpolation)
] @indent.begin

[
  "}"
  "]"
  ")"
] @indent.end @indent.branch

(let_expression
  "in" @indent.branch)

(if_expression
  [
    "then"
    "else"
  ] @indent.branch)

(indented_string_expression
  "''" @indent.end @indent.branch .)

(comment) @indent.auto

(ERROR) @indent.auto
