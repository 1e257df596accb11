; Highlights for the tree-sitter-nix grammar (0.3), nixty's own queries.
;
; Precedence: current tree-sitter-highlight (and Neovim, Helix) let the LAST pattern that
; matches a node win, so this file goes from general to specific: identifiers, literals,
; keywords and punctuation first, then calls, builtins, attribute names, `builtins.NAME`, and
; parameters last. Upstream's highlights.scm assumed first-wins; under the current rule it
; colours `true`, builtins and attribute names as plain variables.

; ---------------------------------------------------------------------------
; General

(identifier) @variable

(comment) @comment

(integer_expression) @number

(float_expression) @number.float

; ---------------------------------------------------------------------------
; Strings, escapes, interpolation

[
  (string_expression)
  (indented_string_expression)
] @string

(escape_sequence) @string.escape

; `\$` and `''$` are a dollar_escape node (`\` or `''`) followed by a one-character `$`
; fragment: colour both halves as the escape.
(dollar_escape) @string.escape

((dollar_escape) .
  (string_fragment) @string.escape
  (#eq? @string.escape "$"))

; Paths and URLs
[
  (path_expression)
  (hpath_expression)
  (spath_expression)
] @string.special.path

(uri_expression) @string.special.url

; The code inside `${ }` is not string: mark the whole interpolation as embedded code
; (its delimiters are special punctuation, below).
(interpolation) @embedded


; ---------------------------------------------------------------------------
; Keywords and operators

[
  "let"
  "in"
  "rec"
  "with"
  "inherit"
] @keyword

[
  "if"
  "then"
  "else"
] @keyword.conditional

"assert" @keyword.exception

; `or` in `a.b or c`; elsewhere `or` is an identifier.
(select_expression
  "or" @keyword.operator)

(unary_expression
  operator: _ @operator)

(binary_expression
  operator: _ @operator)

(has_attr_expression
  operator: "?" @operator)

; Pipe operators (`|>`, `<|`, Nix 2.24) are not in tree-sitter-nix 0.3: the grammar sees
; an unknown `|` next to a `>`/`<` operator. Colour the stray `|` as an operator so the
; two characters read as one operator.
((ERROR) @operator
  (#eq? @operator "|"))

; ---------------------------------------------------------------------------
; Punctuation

[
  "("
  ")"
  "["
  "]"
  "{"
  "}"
] @punctuation.bracket

[
  ";"
  "."
  ","
  "="
  ":"
  "@"
] @punctuation.delimiter

(formal
  "?" @punctuation.delimiter)

(ellipses) @punctuation.special

; After the brackets: the `}` closing an interpolation is not a plain bracket.
(interpolation
  "${" @punctuation.special
  "}" @punctuation.special)

; ---------------------------------------------------------------------------
; Calls

(apply_expression
  function: (variable_expression
    name: (identifier) @function.call))

; (A call through a selection, `lib.f x`, comes after the attribute names below.)

; ---------------------------------------------------------------------------
; Builtins (Nix 2.28). Top-level names first, then `builtins.NAME`. A local binding of the
; same name (a parameter `map`, a `let map = …`) is not a builtin: `#is-not? local`.

((identifier) @variable.builtin
  (#eq? @variable.builtin "builtins")
  (#is-not? local))

((identifier) @constant.builtin
  (#any-of? @constant.builtin "true" "false" "null")
  (#is-not? local))

((identifier) @constant.builtin
  (#any-of? @constant.builtin
    "__currentSystem" "__currentTime" "__langVersion" "__nixPath" "__nixVersion" "__storeDir"
    "__curPos")
  (#is-not? local))

((identifier) @function.builtin
  (#any-of? @function.builtin
    ; global functions
    "abort" "baseNameOf" "break" "derivation" "derivationStrict" "dirOf" "fetchGit"
    "fetchMercurial" "fetchTarball" "fetchTree" "fromTOML" "import" "isNull" "map"
    "placeholder" "removeAttrs" "scopedImport" "throw" "toString"
    ; the other builtins are global with a `__` prefix
    "__add" "__addDrvOutputDependencies" "__addErrorContext" "__all" "__any"
    "__appendContext" "__attrNames" "__attrValues" "__bitAnd" "__bitOr" "__bitXor"
    "__catAttrs" "__ceil" "__compareVersions" "__concatLists" "__concatMap"
    "__concatStringsSep" "__convertHash" "__deepSeq" "__div" "__elem" "__elemAt"
    "__fetchClosure" "__fetchurl" "__filter" "__filterSource" "__findFile"
    "__flakeRefToString" "__floor" "__foldl'" "__fromJSON" "__functionArgs" "__genList"
    "__genericClosure" "__getAttr" "__getContext" "__getEnv" "__getFlake" "__groupBy"
    "__hasAttr" "__hasContext" "__hashFile" "__hashString" "__head" "__intersectAttrs"
    "__isAttrs" "__isBool" "__isFloat" "__isFunction" "__isInt" "__isList" "__isPath"
    "__isString" "__length" "__lessThan" "__listToAttrs" "__mapAttrs" "__match" "__mul"
    "__outputOf" "__parseDrvName" "__parseFlakeRef" "__partition" "__path" "__pathExists"
    "__readDir" "__readFile" "__readFileType" "__replaceStrings" "__seq" "__sort" "__split"
    "__splitVersion" "__storePath" "__stringLength" "__sub" "__substring" "__tail"
    "__toFile" "__toJSON" "__toPath" "__toXML" "__trace" "__traceVerbose" "__tryEval"
    "__typeOf" "__unsafeDiscardOutputDependency" "__unsafeDiscardStringContext"
    "__unsafeGetAttrPos" "__warn" "__zipAttrsWith")
  (#is-not? local))

; ---------------------------------------------------------------------------
; Attribute names: each identifier of an attrpath (not the whole path), in bindings,
; selections, `?` tests and inherits.

(attrpath
  attr: (identifier) @property)

(inherited_attrs
  attr: (identifier) @property)

; `let` bindings and `let` inherits define variables, not attributes.
(let_expression
  (binding_set
    binding: (binding
      attrpath: (attrpath
        .
        attr: (identifier) @variable))))

(let_expression
  (binding_set
    binding: [
      (inherit
        attrs: (inherited_attrs
          attr: (identifier) @variable))
      (inherit_from
        attrs: (inherited_attrs
          attr: (identifier) @variable))
    ]))

; A call through a selection: the last attribute is the function.
(apply_expression
  function: (select_expression
    attrpath: (attrpath
      attr: (identifier) @function.call .)))

; `builtins.NAME`. The `builtins` identifier is captured again with its own highlight, not
; with a private @_capture: a private capture would be the last match for that node and
; erase its colour.
(select_expression
  expression: (variable_expression
    name: (identifier) @variable.builtin)
  attrpath: (attrpath
    .
    attr: (identifier) @constant.builtin)
  (#eq? @variable.builtin "builtins")
  (#any-of? @constant.builtin
    "currentSystem" "currentTime" "langVersion" "nixPath" "nixVersion" "storeDir" "true"
    "false" "null"))

(select_expression
  expression: (variable_expression
    name: (identifier) @variable.builtin)
  attrpath: (attrpath
    .
    attr: (identifier) @function.builtin)
  (#eq? @variable.builtin "builtins")
  (#any-of? @function.builtin
    "abort" "add" "addDrvOutputDependencies" "addErrorContext" "all" "any" "appendContext"
    "attrNames" "attrValues" "baseNameOf" "bitAnd" "bitOr" "bitXor" "break" "catAttrs" "ceil"
    "compareVersions" "concatLists" "concatMap" "concatStringsSep" "convertHash" "deepSeq"
    "derivation" "derivationStrict" "dirOf" "div" "elem" "elemAt" "exec" "fetchClosure"
    "fetchGit" "fetchMercurial" "fetchTarball" "fetchTree" "fetchurl" "filter" "filterSource"
    "findFile" "flakeRefToString" "floor" "foldl'" "fromJSON" "fromTOML" "functionArgs"
    "genList" "genericClosure" "getAttr" "getContext" "getEnv" "getFlake" "groupBy" "hasAttr"
    "hasContext" "hashFile" "hashString" "head" "import" "importNative" "intersectAttrs"
    "isAttrs" "isBool" "isFloat" "isFunction" "isInt" "isList" "isNull" "isPath" "isString"
    "length" "lessThan" "listToAttrs" "map" "mapAttrs" "match" "mul" "outputOf"
    "parseDrvName" "parseFlakeRef" "partition" "path" "pathExists" "placeholder" "readDir"
    "readFile" "readFileType" "removeAttrs" "replaceStrings" "scopedImport" "seq" "sort"
    "split" "splitVersion" "storePath" "stringLength" "sub" "substring" "tail" "throw"
    "toFile" "toJSON" "toPath" "toString" "toXML" "trace" "traceVerbose" "tryEval" "typeOf"
    "unsafeDiscardOutputDependency" "unsafeDiscardStringContext" "unsafeGetAttrPos" "warn"
    "zipAttrsWith"))

(select_expression
  expression: (variable_expression
    name: (identifier) @variable.builtin)
  attrpath: (attrpath
    .
    attr: (identifier) @variable.builtin)
  (#eq? @variable.builtin "builtins"))

; ---------------------------------------------------------------------------
; Parameters (last: a formal named like a builtin is still a parameter)

(function_expression
  universal: (identifier) @variable.parameter)

(formal
  name: (identifier) @variable.parameter)
