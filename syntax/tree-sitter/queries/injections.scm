; Embedded languages inside Nix strings.
;
; Only the string's own text is injected (its `string_fragment`s), never the `${ }`
; interpolations; `injection.combined` joins the fragments of one string so the shell parser
; sees `cp ${src} $out` as one command.

; A comment naming the language right before an indented string: /* lua */ ''…''
((comment) @injection.language
  .
  (indented_string_expression
    (string_fragment) @injection.content)
  (#match? @injection.language "^/\\*\\s*[a-zA-Z0-9_+-]+\\s*\\*/$")
  ; Neovim strips the comment markers with gsub!; nixty's driver does the same in Rust.
  (#gsub! @injection.language "^/%*%s*(.-)%s*%*/$" "%1")
  (#set! injection.combined))

; Shell in mkDerivation phases and hooks: buildPhase, installPhase, preConfigure,
; postInstall, shellHook, setupHook-like *Hook attributes, NixOS `script`s.
((binding
  attrpath: (attrpath
    attr: (identifier) @_name .)
  expression: [
    (indented_string_expression
      (string_fragment) @injection.content)
    (string_expression
      (string_fragment) @injection.content)
  ])
  (#match? @_name "^([a-zA-Z]*Phase|pre[A-Z][a-zA-Z]*|post[A-Z][a-zA-Z]*|[a-zA-Z]*Hook|script|preStart|postStart|preStop|postStop)$")
  (#set! injection.language "bash")
  (#set! injection.combined))

; … also when wrapped in `optionalString cond ''…''` / `lib.optionalString cond ''…''`
((binding
  attrpath: (attrpath
    attr: (identifier) @_name .)
  expression: (apply_expression
    function: (apply_expression
      function: [
        (variable_expression
          name: (identifier) @_func)
        (select_expression
          attrpath: (attrpath
            attr: (identifier) @_func .))
      ])
    argument: (indented_string_expression
      (string_fragment) @injection.content)))
  (#match? @_name "^([a-zA-Z]*Phase|pre[A-Z][a-zA-Z]*|post[A-Z][a-zA-Z]*|[a-zA-Z]*Hook|script)$")
  (#any-of? @_func "optionalString" "concatStrings")
  (#set! injection.language "bash")
  (#set! injection.combined))

; writeShellScript "name" ''…'' and writeShellScriptBin "name" ''…''
((apply_expression
  function: (apply_expression
    function: [
      (variable_expression
        name: (identifier) @_func)
      (select_expression
        attrpath: (attrpath
          attr: (identifier) @_func .))
    ])
  argument: (indented_string_expression
    (string_fragment) @injection.content))
  (#any-of? @_func "writeShellScript" "writeShellScriptBin")
  (#set! injection.language "bash")
  (#set! injection.combined))

; runCommand "name" { … } ''…'' and its variants (runCommandLocal, runCommandCC, …)
((apply_expression
  function: (apply_expression
    function: (apply_expression
      function: [
        (variable_expression
          name: (identifier) @_func)
        (select_expression
          attrpath: (attrpath
            attr: (identifier) @_func .))
      ]))
  argument: (indented_string_expression
    (string_fragment) @injection.content))
  (#match? @_func "^runCommand[a-zA-Z]*$")
  (#set! injection.language "bash")
  (#set! injection.combined))

; writeShellApplication { name = …; text = ''…''; }
((apply_expression
  function: [
    (variable_expression
      name: (identifier) @_func)
    (select_expression
      attrpath: (attrpath
        attr: (identifier) @_func .))
  ]
  argument: [
    (attrset_expression
      (binding_set
        binding: (binding
          attrpath: (attrpath
            .
            attr: (identifier) @_text .)
          expression: (indented_string_expression
            (string_fragment) @injection.content))))
    (rec_attrset_expression
      (binding_set
        binding: (binding
          attrpath: (attrpath
            .
            attr: (identifier) @_text .)
          expression: (indented_string_expression
            (string_fragment) @injection.content))))
  ])
  (#eq? @_func "writeShellApplication")
  (#eq? @_text "text")
  (#set! injection.language "bash")
  (#set! injection.combined))
