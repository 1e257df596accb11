//! Reading one Nix source for the single-file commands (`type`, `highlight`): a path or `-`
//! for standard input, refused with a message when it is not analyzable Nix source.

use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

/// Reads and decodes the source, or prints why it can't (prefixed `nixty COMMAND:`) and returns
/// the exit code 2 of the command-line contract.
pub fn read_source(command: &str, path: &Path) -> Result<String, ExitCode> {
    let shown = path.display().to_string();
    let bytes = if shown == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("nixty {command}: cannot read standard input: {e}");
            return Err(ExitCode::from(2));
        }
        bytes
    } else {
        std::fs::read(path).map_err(|e| {
            eprintln!("nixty {command}: cannot read {shown}: {e}");
            ExitCode::from(2)
        })?
    };
    match nixty_parse::decode_source(&bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(refused) => {
            eprintln!("nixty {command}: {shown}: {refused}");
            Err(ExitCode::from(2))
        }
    }
}
