//! Test fixtures: one or more files with `$0` cursor markers.
//!
//! ```text
//! //- /lib.nix
//! { foo = 1; }
//! //- /main.nix
//! (import ./lib.nix).f$0oo
//! ```
//! A fixture without `//- ` headers is the single file `/main.nix`. One `$0` marks a
//! position, two mark a range.

use std::path::Path;

use crate::{Analysis, AnalysisHost, FileId, FilePosition, FileRange, TextRange, TextSize};

pub(crate) struct Fixture {
    pub analysis: Analysis,
    pub files: Vec<(FileId, String)>,
    markers: Vec<(FileId, TextSize)>,
}

impl Fixture {
    pub fn new(text: &str) -> Fixture {
        Fixture::with_host(text, AnalysisHost::new())
    }

    pub fn with_host(text: &str, mut host: AnalysisHost) -> Fixture {
        let mut chunks: Vec<(String, String)> = Vec::new();
        if text.trim_start().starts_with("//- ") {
            for line in text.trim_start().lines() {
                if let Some(path) = line.strip_prefix("//- ") {
                    chunks.push((path.trim().to_string(), String::new()));
                } else if let Some((_, body)) = chunks.last_mut() {
                    body.push_str(line);
                    body.push('\n');
                }
            }
        } else {
            chunks.push(("/main.nix".to_string(), text.to_string()));
        }
        let mut files = Vec::new();
        let mut markers = Vec::new();
        for (path, body) in chunks {
            let mut clean = String::new();
            let mut rest = body.as_str();
            let mut offsets = Vec::new();
            while let Some(at) = rest.find("$0") {
                clean.push_str(&rest[..at]);
                offsets.push(TextSize::of(clean.as_str()));
                rest = &rest[at + 2..];
            }
            clean.push_str(rest);
            let id = host.set_file_text(Path::new(&path), clean.as_str());
            markers.extend(offsets.into_iter().map(|o| (id, o)));
            files.push((id, path));
        }
        Fixture {
            analysis: host.analysis(),
            files,
            markers,
        }
    }

    pub fn position(&self) -> FilePosition {
        let (file, offset) = self.markers[0];
        FilePosition { file, offset }
    }

    pub fn range(&self) -> FileRange {
        let (file, start) = self.markers[0];
        let end = self.markers.get(1).map(|m| m.1).unwrap_or(start);
        FileRange {
            file,
            range: TextRange::new(start, end),
        }
    }

    /// The first file (or the one with the markers).
    pub fn file(&self) -> FileId {
        self.markers.first().map(|m| m.0).unwrap_or(self.files[0].0)
    }

    pub fn path_of(&self, file: FileId) -> &str {
        &self.files.iter().find(|f| f.0 == file).expect("file").1
    }

    pub fn text(&self, file: FileId) -> String {
        self.analysis.file_text(file).expect("file").to_string()
    }

    /// `path:start..end "text"` for a range, to make snapshots readable.
    pub fn describe(&self, range: FileRange) -> String {
        let text = self.text(range.file);
        let slice = text
            .get(std::ops::Range::<usize>::from(range.range))
            .unwrap_or("?");
        format!("{} {:?} {:?}", self.path_of(range.file), range.range, slice)
    }
}
