; Embedded languages inside Nix strings.
;
; Only the string's own text is injected (its `string_fragment`s), never the `${ }`
; interpolations.

; A comment naming the language right before an indented string: /* lua */ ''…''
; Not combined: each fragment is injected on its own, so two strings in two different
; languages stay apart.
((comment) @injection.language
  .
  (indented_string_expression
    (string_fragment) @injection.content)
  (#match? @injection.language "^/\\*\\s*[a-zA-Z0-9_+-]+\\s*\\*/$")
  ; Neovim strips the comment markers with gsub!; nixty's driver does the same in Rust.
  (#gsub! @injection.language "^/%*%s*(.-)%s*%*/$" "%1"))

; Shell. ONE pattern with alternatives, on purpose: `injection.combined` joins every fragment
; a pattern matches into one shell document (so `cp ${src} $out` is one command), and
; tree-sitter-highlight 0.27 orders combined layers by pattern, not by position: two combined
; bash patterns whose matches interleave in the file lose highlighting. Predicates on a
; capture that an alternative does not bind hold vacuously, so each alternative has its own
; private captures.
([
  ; mkDerivation phases and hooks (buildPhase, installPhase, preConfigure, postInstall,
  ; shellHook, …) and NixOS `script`/`preStart`/…: the string itself…
  (binding
    attrpath: (attrpath
      attr: (identifier) @_phase .)
    expression: [
      (indented_string_expression
        (string_fragment) @injection.content)
      (string_expression
        (string_fragment) @injection.content)
    ])
  ; … or the string of `optionalString cond ''…''` / `lib.optionalString cond ''…''`
  (binding
    attrpath: (attrpath
      attr: (identifier) @_phase .)
    expression: (apply_expression
      function: (apply_expression
        function: [
          (variable_expression
            name: (identifier) @_conditional)
          (select_expression
            attrpath: (attrpath
              attr: (identifier) @_conditional .))
        ])
      argument: (indented_string_expression
        (string_fragment) @injection.content)))
  ; writeShellScript "name" ''…'', writeShellScriptBin "name" ''…''
  (apply_expression
    function: (apply_expression
      function: [
        (variable_expression
          name: (identifier) @_writer)
        (select_expression
          attrpath: (attrpath
            attr: (identifier) @_writer .))
      ])
    argument: (indented_string_expression
      (string_fragment) @injection.content))
  ; runCommand "name" { … } ''…'' and its variants (runCommandLocal, runCommandCC, …)
  (apply_expression
    function: (apply_expression
      function: (apply_expression
        function: [
          (variable_expression
            name: (identifier) @_runner)
          (select_expression
            attrpath: (attrpath
              attr: (identifier) @_runner .))
        ]))
    argument: (indented_string_expression
      (string_fragment) @injection.content))
  ; writeShellApplication { name = …; text = ''…''; }
  (apply_expression
    function: [
      (variable_expression
        name: (identifier) @_application)
      (select_expression
        attrpath: (attrpath
          attr: (identifier) @_application .))
    ]
    argument: (attrset_expression
      (binding_set
        binding: (binding
          attrpath: (attrpath
            .
            attr: (identifier) @_text .)
          expression: (indented_string_expression
            (string_fragment) @injection.content)))))
]
  (#match? @_phase "^([a-zA-Z]*Phase|pre[A-Z][a-zA-Z]*|post[A-Z][a-zA-Z]*|[a-zA-Z]*Hook|script)$")
  (#any-of? @_conditional "optionalString")
  (#any-of? @_writer "writeShellScript" "writeShellScriptBin")
  (#match? @_runner "^runCommand[a-zA-Z]*$")
  (#eq? @_application "writeShellApplication")
  (#eq? @_text "text")
  (#set! injection.language "bash")
  (#set! injection.combined))
