//! The type of every builtin of current Nix, written in the annotation grammar of types.md.
//!
//! Lower-case names (`a`, `b`, `k`) are type variables: the builtin is schematic and its
//! variables are instantiated at each call by first-order matching against the argument
//! types (left to right); a variable that stays unknown becomes `?`.
//!
//! Predicates are intersections of arrows mapping a kind to `true` and its complement to
//! `false`, so occurrence typing can derive refinements from the type alone.
//! Parameters that Nix coerces to a string are `Stringish`; where Nix accepts more than a
//! type can say cheaply, the type is widened (a false error is worse than a missed one).

/// `(name, also bound at top level without `builtins.`, type)`.
pub const BUILTINS: &[(&str, bool, &str)] = &[
    // Constants.
    ("true", true, "true"),
    ("false", true, "false"),
    ("null", true, "Null"),
    ("currentSystem", false, "String"),
    ("currentTime", false, "Int"),
    ("langVersion", false, "Int"),
    ("nixVersion", false, "String"),
    ("storeDir", false, "String"),
    ("nixPath", false, "[{ path: String, prefix: String }]"),
    // Errors and debugging.
    ("abort", true, "Stringish -> Never"),
    ("throw", true, "Stringish -> Never"),
    ("addErrorContext", false, "Stringish -> a -> a"),
    ("break", true, "a -> a"),
    ("trace", false, "Any -> a -> a"),
    ("traceVerbose", false, "Any -> a -> a"),
    ("warn", false, "String -> a -> a"),
    ("seq", false, "Any -> a -> a"),
    ("deepSeq", false, "Any -> a -> a"),
    ("tryEval", false, "a -> { success: Bool, value: a | false }"),
    // Type predicates.
    ("isNull", true, "(Null -> true) & (~Null -> false)"),
    ("isBool", false, "(Bool -> true) & (~Bool -> false)"),
    ("isInt", false, "(Int -> true) & (~Int -> false)"),
    ("isFloat", false, "(Float -> true) & (~Float -> false)"),
    ("isString", false, "(String -> true) & (~String -> false)"),
    ("isPath", false, "(Path -> true) & (~Path -> false)"),
    ("isList", false, "([Any] -> true) & (~[Any] -> false)"),
    ("isAttrs", false, "({ .. } -> true) & (~{ .. } -> false)"),
    ("isFunction", false, "(Fun -> true) & (~Fun -> false)"),
    (
        "typeOf",
        false,
        "(Null -> \"null\") & (Bool -> \"bool\") & (Int -> \"int\") & (Float -> \"float\") \
         & (String -> \"string\") & (Path -> \"path\") & ([Any] -> \"list\") \
         & ({ .. } -> \"set\") & (Fun -> \"lambda\")",
    ),
    // Arithmetic and comparison.
    (
        "add",
        false,
        "(Int -> Int -> Int) & (Float -> Number -> Float) & (Number -> Float -> Float)",
    ),
    (
        "sub",
        false,
        "(Int -> Int -> Int) & (Float -> Number -> Float) & (Number -> Float -> Float)",
    ),
    (
        "mul",
        false,
        "(Int -> Int -> Int) & (Float -> Number -> Float) & (Number -> Float -> Float)",
    ),
    (
        "div",
        false,
        "(Int -> Int -> Int) & (Float -> Number -> Float) & (Number -> Float -> Float)",
    ),
    ("bitAnd", false, "Int -> Int -> Int"),
    ("bitOr", false, "Int -> Int -> Int"),
    ("bitXor", false, "Int -> Int -> Int"),
    ("ceil", false, "Number -> Int"),
    ("floor", false, "Number -> Int"),
    (
        "lessThan",
        false,
        "(Number -> Number -> Bool) & (String -> String -> Bool) & (Path -> Path -> Bool) \
         & ([Any] -> [Any] -> Bool)",
    ),
    // Lists.
    ("all", false, "(a -> Bool) -> [a] -> Bool"),
    ("any", false, "(a -> Bool) -> [a] -> Bool"),
    ("concatLists", false, "[[a]] -> [a]"),
    ("concatMap", false, "(a -> [b]) -> [a] -> [b]"),
    ("elem", false, "Any -> [Any] -> Bool"),
    ("elemAt", false, "[a] -> Int -> a"),
    ("filter", false, "(a -> Bool) -> [a] -> [a]"),
    ("foldl'", false, "(b -> a -> b) -> b -> [a] -> b"),
    ("genList", false, "(Int -> a) -> Int -> [a]"),
    ("groupBy", false, "(a -> String) -> [a] -> { _: [a] }"),
    ("head", false, "[a] -> a"),
    ("length", false, "[Any] -> Int"),
    ("map", true, "(a -> b) -> [a] -> [b]"),
    (
        "partition",
        false,
        "(a -> Bool) -> [a] -> { right: [a], wrong: [a] }",
    ),
    ("sort", false, "(a -> a -> Bool) -> [a] -> [a]"),
    ("tail", false, "[a] -> [a]"),
    (
        "genericClosure",
        false,
        "{ startSet: [a], operator: a -> [a] } -> [a]",
    ),
    // Attribute sets.
    ("attrNames", false, "{ .. } -> [String]"),
    ("attrValues", false, "{ _: a } -> [a]"),
    ("catAttrs", false, "String -> [{ .. }] -> [?]"),
    ("functionArgs", false, "Fun -> { _: Bool }"),
    ("getAttr", false, "String -> { _: a } -> a"),
    ("hasAttr", false, "String -> { .. } -> Bool"),
    ("intersectAttrs", false, "{ .. } -> { _: a } -> { _: a }"),
    (
        "listToAttrs",
        false,
        "[{ name: String, value: a }] -> { _: a }",
    ),
    (
        "mapAttrs",
        false,
        "(String -> a -> b) -> { _: a } -> { _: b }",
    ),
    ("removeAttrs", true, "{ _: a } -> [String] -> { _: a }"),
    (
        "zipAttrsWith",
        false,
        "(String -> [a] -> b) -> [{ _: a }] -> { _: b }",
    ),
    (
        "unsafeGetAttrPos",
        false,
        "String -> { .. } -> Null | { file: String, line: Int, column: Int }",
    ),
    // Strings.
    ("baseNameOf", true, "Stringish -> String"),
    ("dirOf", true, "(Path -> Path) & (Stringish -> String)"),
    ("compareVersions", false, "String -> String -> -1 | 0 | 1"),
    ("concatStringsSep", false, "String -> [Stringish] -> String"),
    ("match", false, "String -> String -> Null | [String | Null]"),
    (
        "parseDrvName",
        false,
        "String -> { name: String, version: String }",
    ),
    (
        "replaceStrings",
        false,
        "[String] -> [Stringish] -> String -> String",
    ),
    (
        "split",
        false,
        "String -> String -> [String | [String | Null]]",
    ),
    ("splitVersion", false, "String -> [String]"),
    ("stringLength", false, "Stringish -> Int"),
    ("substring", false, "Int -> Int -> Stringish -> String"),
    ("toString", true, "Any -> String"),
    ("hashString", false, "String -> Stringish -> String"),
    ("convertHash", false, "{ hash: String, .. } -> String"),
    ("placeholder", true, "String -> String"),
    // String context.
    ("appendContext", false, "String -> { .. } -> String"),
    (
        "getContext",
        false,
        "String -> { _: { path?: Bool, allOutputs?: Bool, outputs?: [String] } }",
    ),
    ("hasContext", false, "String -> Bool"),
    ("unsafeDiscardStringContext", false, "String -> String"),
    ("unsafeDiscardOutputDependency", false, "String -> String"),
    ("addDrvOutputDependencies", false, "String -> String"),
    // Serialisation.
    ("fromJSON", false, "String -> ?"),
    ("fromTOML", true, "String -> ?"),
    ("toJSON", false, "Any -> String"),
    ("toXML", false, "Any -> String"),
    ("toFile", false, "String -> Stringish -> String"),
    // Files and the store.
    ("import", true, "Stringish -> ?"),
    ("scopedImport", true, "{ .. } -> Stringish -> ?"),
    ("readFile", false, "Stringish -> String"),
    (
        "readDir",
        false,
        "Stringish -> { _: \"regular\" | \"directory\" | \"symlink\" | \"unknown\" }",
    ),
    (
        "readFileType",
        false,
        "Stringish -> \"regular\" | \"directory\" | \"symlink\" | \"unknown\"",
    ),
    ("pathExists", false, "Stringish -> Bool"),
    ("hashFile", false, "String -> Stringish -> String"),
    ("getEnv", false, "String -> String"),
    (
        "filterSource",
        false,
        "(String -> String -> Bool) -> Stringish -> String",
    ),
    ("path", false, "{ path: Stringish, .. } -> String"),
    ("storePath", false, "Stringish -> String"),
    ("toPath", false, "Stringish -> String"),
    ("findFile", false, "[{ .. }] -> String -> Path"),
    // Derivations and fetchers.
    ("derivation", true, "{ .. } -> Derivation"),
    ("derivationStrict", false, "{ .. } -> { .. }"),
    ("outputOf", false, "String -> String -> String"),
    (
        "fetchurl",
        false,
        "(String | { url: String, .. }) -> String",
    ),
    (
        "fetchTarball",
        true,
        "(String | { url: String, .. }) -> String",
    ),
    (
        "fetchGit",
        true,
        "(Stringish | { url: Stringish, .. }) -> { outPath: String, .. }",
    ),
    (
        "fetchMercurial",
        true,
        "(Stringish | { url: Stringish, .. }) -> { outPath: String, .. }",
    ),
    (
        "fetchTree",
        true,
        "(String | { .. }) -> { outPath: String, .. }",
    ),
    ("fetchClosure", false, "{ .. } -> String"),
    ("getFlake", false, "String -> ?"),
    ("parseFlakeRef", false, "String -> { .. }"),
    ("flakeRefToString", false, "{ .. } -> String"),
];

/// The type string of `builtins.NAME`, if NAME is a builtin.
pub fn builtin_type(name: &str) -> Option<&'static str> {
    BUILTINS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, _, ty)| *ty)
}

/// The type string of a name bound at top level without `builtins.` (`map`, `toString`,
/// `__add`, …). `builtins` itself is handled by the caller (it is the record of all builtins).
pub fn global_type(name: &str) -> Option<&'static str> {
    if let Some(rest) = name.strip_prefix("__") {
        return builtin_type(rest);
    }
    BUILTINS
        .iter()
        .find(|(n, global, _)| *global && *n == name)
        .map(|(_, _, ty)| *ty)
}
