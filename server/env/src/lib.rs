//! nixty-env: a project's development environment resolved with real Nix.
//!
//! Discovery ([`discover`]) finds the project of a file; nothing of it is evaluated until the
//! user allowed it ([`allow`]); [`resolve`] then runs Nix (bounded, in its own process group,
//! once per project at a time), caches the result by the content of its inputs, registers GC
//! roots, and keeps the last good environment when an evaluation fails. [`Loader`] is the
//! never-blocking front the language server uses. See `shared/design/environments.md`.

mod cache;
mod dirs;
mod discover;
mod format;
mod gcroot;
mod inputs;
mod loader;
mod model;
mod nix;
mod process;
mod resolve;
mod shape;
mod trust;

pub use dirs::Dirs;
pub use discover::{discover, project_at, Project, SourceKind};
pub use format::{render, sh_quote, Format};
pub use gcroot::{list as list_gc_roots, remove_stale as remove_stale_gc_roots, RootEntry};
pub use inputs::{collect as collect_inputs, Inputs};
pub use loader::{Event, Loader};
pub use model::{EnvError, Environment, Status};
pub use process::{kill_all_running, CancelToken};
pub use resolve::{parse_timeout, peek, resolve, EnvResult, Options, Snapshot, DEFAULT_TIMEOUT};
pub use trust::TrustState;

/// Allows evaluating `project` as its files are now (source and project-local imports).
pub fn allow(project: &Project, options: &Options) -> std::io::Result<()> {
    trust::allow(&options.dirs, project, &inputs::collect(project))
}

/// Denies `project`: it is not evaluated, and editors do not ask again.
pub fn deny(project: &Project, options: &Options) -> std::io::Result<()> {
    trust::deny(&options.dirs, project)
}

/// Trust and cache state without running Nix (alias of [`peek`], for the CLI's `status`).
pub fn status(project: &Project, options: &Options) -> Snapshot {
    peek(project, options)
}
