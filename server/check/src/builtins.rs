//! The builtins of current Nix (2.2x) as data: name, whether the name is also global (usable
//! without `builtins.`), arity (number of curried arguments; 0 for constants), one-line doc.
//!
//! Every member `x` of `builtins` is also reachable globally as `__x` (Nix registers them so);
//! [`global`] accounts for that. The types of builtins live with inference, not here.

/// One builtin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Builtin {
    /// The attribute name in `builtins`.
    pub name: &'static str,
    /// Also bound globally under this name (e.g. `map`, `toString`, `true`).
    pub global: bool,
    /// Number of curried arguments; 0 for constants (`true`, `currentSystem`, …).
    pub arity: u8,
    /// One line of documentation.
    pub doc: &'static str,
}

const fn b(name: &'static str, global: bool, arity: u8, doc: &'static str) -> Builtin {
    Builtin {
        name,
        global,
        arity,
        doc,
    }
}

/// All builtins, sorted by name.
pub const BUILTINS: &[Builtin] = &[
    b("abort", true, 1, "Aborts evaluation with the given message (not catchable by `tryEval`)."),
    b("add", false, 2, "The sum of two numbers."),
    b("addDrvOutputDependencies", false, 1, "Turns a derivation-path string context into one that depends on all its outputs."),
    b("addErrorContext", false, 2, "Evaluates the second argument, adding the first as context to any error (internal)."),
    b("all", false, 2, "Whether the predicate holds for every element of the list."),
    b("any", false, 2, "Whether the predicate holds for some element of the list."),
    b("appendContext", false, 2, "Adds string context to a string (internal)."),
    b("attrNames", false, 1, "The names of an attribute set, sorted."),
    b("attrValues", false, 1, "The values of an attribute set, sorted by name."),
    b("baseNameOf", true, 1, "The last component of a path or string (`baseNameOf \"/a/b\"` is `\"b\"`)."),
    b("bitAnd", false, 2, "Bitwise AND of two integers."),
    b("bitOr", false, 2, "Bitwise OR of two integers."),
    b("bitXor", false, 2, "Bitwise XOR of two integers."),
    b("break", true, 1, "Enters the debugger (with `--debugger`) and returns its argument."),
    b("builtins", true, 0, "The set of all builtins."),
    b("catAttrs", false, 2, "The values of the named attribute in each set of a list that has it."),
    b("ceil", false, 1, "The smallest integer not less than a number."),
    b("compareVersions", false, 2, "Compares two version strings: -1, 0 or 1."),
    b("concatLists", false, 1, "Concatenates a list of lists."),
    b("concatMap", false, 2, "Maps a function returning lists over a list and concatenates the results."),
    b("concatStringsSep", false, 2, "Joins a list of strings with a separator."),
    b("convertHash", false, 1, "Converts a hash between encodings (`{ hash, toHashFormat, hashAlgo? }`)."),
    b("currentSystem", false, 0, "The system of the evaluating machine, e.g. \"x86_64-linux\" (impure)."),
    b("currentTime", false, 0, "The current Unix time in seconds (impure)."),
    b("deepSeq", false, 2, "Evaluates the first argument deeply, then returns the second."),
    b("derivation", true, 1, "Creates a derivation from an attribute set with `name`, `system`, `builder`."),
    b("derivationStrict", false, 1, "The strict primitive behind `derivation` (internal)."),
    b("dirOf", true, 1, "The directory part of a path or string."),
    b("div", false, 2, "The quotient of two numbers (integer division for integers)."),
    b("elem", false, 2, "Whether a value is an element of a list."),
    b("elemAt", false, 2, "The element of a list at a 0-based index."),
    b("false", true, 0, "The boolean false."),
    b("fetchClosure", false, 1, "Fetches a store path closure from a binary cache (experimental)."),
    b("fetchGit", true, 1, "Fetches a Git repository (URL or `{ url, rev?, ref?, … }`) into the store."),
    b("fetchMercurial", true, 1, "Fetches a Mercurial repository into the store."),
    b("fetchTarball", true, 1, "Downloads and unpacks a tarball (URL or `{ url, sha256? }`) into the store."),
    b("fetchTree", true, 1, "Fetches a source tree described by a flake reference or attribute set."),
    b("fetchurl", false, 1, "Downloads a file (URL or `{ url, sha256? }`) into the store."),
    b("filter", false, 2, "The elements of a list for which the predicate holds."),
    b("filterSource", false, 2, "Copies a path to the store, keeping the files the predicate accepts."),
    b("findFile", false, 2, "Looks a path up in a search path list (how `<x>` is resolved)."),
    b("flakeRefToString", false, 1, "Renders a flake reference attribute set as a URL string."),
    b("floor", false, 1, "The largest integer not greater than a number."),
    b("foldl'", false, 3, "Strict left fold: `foldl' op nul list`."),
    b("fromJSON", false, 1, "Parses a JSON string into a Nix value."),
    b("fromTOML", true, 1, "Parses a TOML string into a Nix value."),
    b("functionArgs", false, 1, "The formal arguments of a pattern function: name → has default."),
    b("genList", false, 2, "`genList f n` is `[ (f 0) … (f (n - 1)) ]`."),
    b("genericClosure", false, 1, "Closure of a set of items under an `operator`, deduplicated by `key`."),
    b("getAttr", false, 2, "`getAttr name set` is `set.${name}`."),
    b("getContext", false, 1, "The string context of a string, as an attribute set."),
    b("getEnv", false, 1, "The value of an environment variable, or \"\" (impure)."),
    b("getFlake", false, 1, "Fetches and evaluates a flake (flakes)."),
    b("groupBy", false, 2, "Groups list elements into a set by the string a function returns."),
    b("hasAttr", false, 2, "`hasAttr name set` is `set ? ${name}`."),
    b("hasContext", false, 1, "Whether a string has string context."),
    b("hashFile", false, 2, "The hash of a file's contents with the given algorithm."),
    b("hashString", false, 2, "The hash of a string with the given algorithm (\"md5\", \"sha1\", \"sha256\", \"sha512\")."),
    b("head", false, 1, "The first element of a list."),
    b("import", true, 1, "Evaluates the Nix file at a path and returns its value."),
    b("intersectAttrs", false, 2, "The attributes of the second set whose names are in the first."),
    b("isAttrs", false, 1, "Whether the value is an attribute set."),
    b("isBool", false, 1, "Whether the value is a boolean."),
    b("isFloat", false, 1, "Whether the value is a float."),
    b("isFunction", false, 1, "Whether the value is a function."),
    b("isInt", false, 1, "Whether the value is an integer."),
    b("isList", false, 1, "Whether the value is a list."),
    b("isNull", true, 1, "Whether the value is null (deprecated; use `== null`)."),
    b("isPath", false, 1, "Whether the value is a path."),
    b("isString", false, 1, "Whether the value is a string."),
    b("langVersion", false, 0, "The version of the Nix language (an integer)."),
    b("length", false, 1, "The number of elements of a list."),
    b("lessThan", false, 2, "`lessThan a b` is `a < b`."),
    b("listToAttrs", false, 1, "A set from a list of `{ name, value }` (first one wins)."),
    b("map", true, 2, "Applies a function to every element of a list."),
    b("mapAttrs", false, 2, "Applies `f name value` to every attribute of a set."),
    b("match", false, 2, "Matches a POSIX regex against a whole string: null, or the list of groups."),
    b("mul", false, 2, "The product of two numbers."),
    b("nixPath", false, 0, "The search path entries (`NIX_PATH`, `-I`) as a list of `{ prefix, path }`."),
    b("nixVersion", false, 0, "The version of Nix, e.g. \"2.24.0\"."),
    b("null", true, 0, "The null value."),
    b("outputOf", false, 2, "A placeholder for an output of a derivation (dynamic derivations, experimental)."),
    b("parseDrvName", false, 1, "Splits a package name into `{ name, version }`."),
    b("parseFlakeRef", false, 1, "Parses a flake reference URL into an attribute set."),
    b("partition", false, 2, "Splits a list into `{ right, wrong }` by a predicate."),
    b("path", false, 1, "Copies a path to the store with options (`{ path, name?, filter?, sha256? }`)."),
    b("pathExists", false, 1, "Whether a path exists (impure)."),
    b("placeholder", true, 1, "A placeholder string for a derivation output, replaced at build time."),
    b("readDir", false, 1, "The entries of a directory: name → \"regular\" | \"directory\" | \"symlink\" | \"unknown\"."),
    b("readFile", false, 1, "The contents of a file as a string."),
    b("readFileType", false, 1, "The type of a file: \"regular\", \"directory\", \"symlink\" or \"unknown\"."),
    b("removeAttrs", true, 2, "A set without the attributes named in a list."),
    b("replaceStrings", false, 3, "Replaces every occurrence of each `from` string by the matching `to` string."),
    b("scopedImport", true, 2, "Like `import`, with extra names in scope (internal)."),
    b("seq", false, 2, "Evaluates the first argument (shallowly), then returns the second."),
    b("sort", false, 2, "Sorts a list with a strict-less-than comparator (stable)."),
    b("split", false, 2, "Splits a string by a POSIX regex: strings interleaved with lists of groups."),
    b("splitVersion", false, 1, "Splits a version string into its components."),
    b("storeDir", false, 0, "The Nix store directory, usually \"/nix/store\"."),
    b("storePath", false, 1, "A store path as a string with context (impure in pure mode)."),
    b("stringLength", false, 1, "The length of a string in bytes."),
    b("sub", false, 2, "The difference of two numbers."),
    b("substring", false, 3, "`substring start len s`: part of a string (byte offsets)."),
    b("tail", false, 1, "A list without its first element."),
    b("throw", true, 1, "Fails evaluation with a message (catchable by `tryEval`)."),
    b("toFile", false, 2, "Writes a string to a store file `toFile name contents` and returns its path."),
    b("toJSON", false, 1, "Renders a value as JSON."),
    b("toPath", false, 1, "Converts an absolute path string to a path (deprecated)."),
    b("toString", true, 1, "Converts a value to a string (paths, numbers, lists, sets with `__toString`)."),
    b("toXML", false, 1, "Renders a value as XML."),
    b("trace", false, 2, "Prints the first argument to stderr, returns the second."),
    b("traceVerbose", false, 2, "Like `trace` when `--trace-verbose` is on."),
    b("true", true, 0, "The boolean true."),
    b("tryEval", false, 1, "`{ success, value }`: catches `throw` and `assert` failures."),
    b("typeOf", false, 1, "The type of a value as a string: \"int\", \"set\", \"lambda\", …"),
    b("unsafeDiscardOutputDependency", false, 1, "Drops the output dependency of a derivation path's context."),
    b("unsafeDiscardStringContext", false, 1, "A string without its string context."),
    b("unsafeGetAttrPos", false, 2, "The source position `{ file, line, column }` of an attribute, or null."),
    b("warn", false, 2, "Prints a warning to stderr, returns the second argument."),
    b("zipAttrsWith", false, 2, "Merges a list of sets: `f name [values…]` per name."),
];

/// The builtin named `name` (a member of `builtins`).
pub fn lookup(name: &str) -> Option<&'static Builtin> {
    BUILTINS
        .binary_search_by(|b| b.name.cmp(name))
        .ok()
        .map(|i| &BUILTINS[i])
}

/// Global names that are not members of `builtins` under the same name.
const EXTRA_GLOBALS: &[&str] = &["__curPos"];

/// If `name` is a global variable (`map`, `true`, `builtins`, or `__x` for a builtin `x`),
/// the canonical static name of it.
pub fn global(name: &str) -> Option<&'static str> {
    if let Some(b) = lookup(name).filter(|b| b.global) {
        return Some(b.name);
    }
    if let Some(rest) = name.strip_prefix("__") {
        if let Some(b) = lookup(rest) {
            // `__map` etc.: keep the prefix in the returned name.
            return GLOBAL_PREFIXED
                .get_or_init(|| BUILTINS.iter().map(|b| format!("__{}", b.name)).collect())
                .iter()
                .find(|g| g[2..] == *b.name)
                .map(|s| s.as_str());
        }
    }
    EXTRA_GLOBALS.iter().find(|g| **g == name).copied()
}

static GLOBAL_PREFIXED: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();

/// The global names without the `__` prefix forms (what completion offers).
pub fn global_names() -> impl Iterator<Item = &'static str> {
    BUILTINS.iter().filter(|b| b.global).map(|b| b.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_unique() {
        for pair in BUILTINS.windows(2) {
            assert!(
                pair[0].name < pair[1].name,
                "{} ≥ {}",
                pair[0].name,
                pair[1].name
            );
        }
    }

    #[test]
    fn globals() {
        assert_eq!(global("map"), Some("map"));
        assert_eq!(global("head"), None);
        assert_eq!(global("__head"), Some("__head"));
        assert_eq!(global("__nope"), None);
        assert_eq!(lookup("foldl'").map(|b| b.arity), Some(3));
    }
}
