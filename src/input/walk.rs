//! Expanding the paths given on the command line into a sorted list of inputs.
//! Nothing is ignored by default (no .gitignore, hidden files included); `--exclude GLOB`
//! skips matching files and directories.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

/// One thing to scan.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    Stdin,
    File(PathBuf),
    /// A file of a mirrored site, reported under the URL it was published at
    /// (`--base-url`, see [`super::mirror`]).
    Mirrored {
        file: PathBuf,
        url: String,
    },
    /// A path that could not be walked, with the reason (becomes an error record).
    Unreadable(PathBuf, String),
}

impl Input {
    pub fn display_path(&self) -> String {
        match self {
            Input::Stdin => "-".to_string(),
            Input::File(p) | Input::Unreadable(p, _) => p.display().to_string(),
            Input::Mirrored { url, .. } => url.clone(),
        }
    }
}

const NOT_REGULAR: &str = "not a regular file (pipe, socket or device): not scanned";

/// Compiles `--exclude` globs. A glob without a slash matches a file or directory name at
/// any depth (`*.log`, `归档`); with a slash it matches the path.
pub fn exclude_set(globs: &[String]) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(Glob::new(g)?);
        if !g.contains('/') {
            b.add(Glob::new(&format!("**/{g}"))?);
        }
    }
    b.build()
}

/// Expands `paths` into inputs, sorted, directories walked recursively.
pub fn collect(paths: &[String], exclude: &GlobSet) -> Vec<Input> {
    let mut out = Vec::new();
    for p in paths {
        if p == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = Path::new(p);
        match std::fs::metadata(path) {
            Err(e) => out.push(Input::Unreadable(path.to_path_buf(), e.to_string())),
            Ok(m) if m.is_dir() => walk_dir(path, exclude, &mut out),
            Ok(_) if exclude.is_match(path) => {}
            Ok(m) if m.is_file() => out.push(Input::File(path.to_path_buf())),
            // A FIFO would block the scan forever; sockets and devices are not documents.
            Ok(_) => out.push(Input::Unreadable(path.to_path_buf(), NOT_REGULAR.into())),
        }
    }
    out.sort();
    out.dedup();
    out
}

fn walk_dir(root: &Path, exclude: &GlobSet, out: &mut Vec<Input>) {
    let walker = ignore::WalkBuilder::new(root)
        .standard_filters(false)
        // Links are followed (a linked attachment is still published); loops and dangling
        // links become error records, never silent drops.
        .follow_links(true)
        .filter_entry({
            let exclude = exclude.clone();
            move |e| !exclude.is_match(e.path())
        })
        .build();
    for entry in walker {
        match entry {
            Ok(e) => match e.file_type() {
                Some(t) if t.is_file() => out.push(Input::File(e.into_path())),
                Some(t) if t.is_dir() => {}
                _ => out.push(Input::Unreadable(e.into_path(), NOT_REGULAR.into())),
            },
            Err(err) => {
                let path = error_path(&err).unwrap_or_else(|| root.to_path_buf());
                out.push(Input::Unreadable(path, err.to_string()));
            }
        }
    }
}

/// The path an `ignore` error is about (a symlink loop names the link, not the root).
fn error_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_with_excludes() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("sub/skip"))?;
        std::fs::write(dir.path().join("b.txt"), "x")?;
        std::fs::write(dir.path().join("a.txt"), "x")?;
        std::fs::write(dir.path().join("sub/c.log"), "x")?;
        std::fs::write(dir.path().join("sub/skip/d.txt"), "x")?;
        std::fs::write(dir.path().join(".hidden"), "x")?;
        let root = dir.path().display().to_string();
        let set = exclude_set(&["*.log".to_string(), "skip".to_string()])
            .map_err(std::io::Error::other)?;
        let got: Vec<String> = collect(std::slice::from_ref(&root), &set)
            .iter()
            .map(|i| i.display_path().replace(&root, ""))
            .collect();
        assert_eq!(got, vec!["/.hidden", "/a.txt", "/b.txt"]);
        let missing = collect(&[format!("{root}/nope")], &set);
        assert!(matches!(missing.as_slice(), [Input::Unreadable(_, _)]));
        Ok(())
    }
}
