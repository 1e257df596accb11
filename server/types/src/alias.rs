//! The built-in aliases of the type language.

use crate::record::RecordBuilder;
use crate::ty::Ty;
use std::sync::LazyLock;

/// Names of the built-in aliases, for messages and completion.
pub const ALIAS_NAMES: [&str; 6] = ["Number", "Attrs", "List", "Fun", "Stringish", "Derivation"];

static STRINGISH: LazyLock<Ty> = LazyLock::new(|| {
    let built = Ty::try_recursive::<()>(Some("Stringish"), |this| {
        Ok(Ty::union_all([
            Ty::string(),
            Ty::path(),
            RecordBuilder::new()
                .field("outPath", this.clone())
                .open()
                .build(),
            RecordBuilder::new()
                .field("__toString", Ty::fun())
                .open()
                .build(),
        ]))
    });
    built.unwrap_or_else(|()| Ty::string())
});

static DERIVATION: LazyLock<Ty> = LazyLock::new(|| {
    RecordBuilder::new()
        .field("type", Ty::string_lit("derivation"))
        .field("name", Ty::string())
        .field("outPath", Ty::string())
        .field("drvPath", Ty::string())
        .open()
        .build()
});

impl Ty {
    /// `String | Path | { outPath: Stringish, .. } | { __toString: Fun, .. }`: what string
    /// interpolation accepts.
    pub fn stringish() -> Ty {
        STRINGISH.clone()
    }

    /// `{ type: "derivation", name: String, outPath: String, drvPath: String, .. }`.
    pub fn derivation() -> Ty {
        DERIVATION.clone()
    }

    /// The built-in alias of that name, if any.
    pub fn alias(name: &str) -> Option<Ty> {
        Some(match name {
            "Number" => Ty::number(),
            "Attrs" => Ty::attrs(),
            "List" => Ty::list(),
            "Fun" => Ty::fun(),
            "Stringish" => Ty::stringish(),
            "Derivation" => Ty::derivation(),
            _ => return None,
        })
    }
}
