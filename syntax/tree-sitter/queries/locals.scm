; Scopes and definitions, as far as tree-sitter's locals can express Nix.
;
; tree-sitter resolves a reference only to a definition that comes earlier in the file, while
; Nix's `let` and `rec` are order-free; so a name used above its `let` binding is simply not
; resolved (it keeps its ordinary highlight). What this buys: parameters keep their colour at
; every use, and a local named like a builtin (`{ map }: map f xs`) is not shown as a builtin.
; Attribute names of `rec { }` sets are not definitions here: they are attributes, and the
; highlighter would give their uses the attribute colour.

(function_expression) @local.scope

(let_expression) @local.scope

(function_expression
  universal: (identifier) @local.definition)

(formal
  name: (identifier) @local.definition)

(let_expression
  (binding_set
    binding: (binding
      attrpath: (attrpath
        .
        attr: (identifier) @local.definition))))

(let_expression
  (binding_set
    binding: [
      (inherit
        attrs: (inherited_attrs
          attr: (identifier) @local.definition))
      (inherit_from
        attrs: (inherited_attrs
          attr: (identifier) @local.definition))
    ]))

(variable_expression
  name: (identifier) @local.reference)
