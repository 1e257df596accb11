; Foldable regions: multi-line collections, bindings' bodies, functions, strings and comments.
[
  (attrset_expression)
  (rec_attrset_expression)
  (let_attrset_expression)
  (let_expression)
  (list_expression)
  (formals)
  (function_expression)
  (parenthesized_expression)
  (indented_string_expression)
  (if_expression)
  (with_expression)
  (assert_expression)
  (binding)
  (apply_expression)
  (comment)
] @fold
