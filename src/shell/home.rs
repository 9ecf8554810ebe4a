//! The learner's home folder (`/home/learner`): a flat set of text files
//! with Unix permission bits, so that `> key.pem`, `chmod 400 key.pem` and
//! `file://key.pem` behave as on a real machine. Sizes are capped so that
//! hostile input cannot grow the sandbox without bound.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The home folder's absolute path.
pub const HOME_PATH: &str = "/home/learner";
/// The largest file the terminal writes.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The most files the home folder holds.
pub const MAX_FILES: usize = 256;

/// A file in the home folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalFile {
    /// The file's text.
    pub content: String,
    /// Permission bits, e.g. `0o644` (new files) or `0o400` after `chmod 400`.
    pub mode: u32,
    /// Simulated time of the last write (seconds since the epoch).
    pub modified: u64,
}

/// Why a file operation failed, as the system would say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsError {
    /// ENOENT.
    NotFound,
    /// EACCES.
    PermissionDenied,
    /// EISDIR: `.`, `..` or the home folder itself.
    IsADirectory,
    /// EFBIG: over [`MAX_FILE_BYTES`].
    TooLarge,
    /// ENOSPC: over [`MAX_FILES`].
    NoSpace,
}

impl FsError {
    /// The message `strerror` gives, as shells print it.
    pub fn text(self) -> &'static str {
        match self {
            Self::NotFound => "No such file or directory",
            Self::PermissionDenied => "Permission denied",
            Self::IsADirectory => "Is a directory",
            Self::TooLarge => "File too large",
            Self::NoSpace => "No space left on device",
        }
    }

    /// Python's wording of the error for `path` (`[Errno 2] No such file or
    /// directory: 'key.pem'`), as the CLI shows it for `file://` values.
    pub fn errno_text(self, path: &str) -> String {
        let errno = match self {
            Self::NotFound => 2,
            Self::PermissionDenied => 13,
            Self::IsADirectory => 21,
            Self::TooLarge => 27,
            Self::NoSpace => 28,
        };
        format!("[Errno {errno}] {}: '{path}'", self.text())
    }
}

/// The home folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Home {
    files: BTreeMap<String, LocalFile>,
}

/// What a path names.
enum Target {
    /// The home folder (`.`, `~`, `/home/learner`).
    Folder,
    /// A file name in it.
    File(String),
}

fn resolve(path: &str) -> Result<Target, FsError> {
    let relative = if let Some(rest) = path.strip_prefix(HOME_PATH) {
        rest.trim_start_matches('/')
    } else if path == "~" {
        ""
    } else if let Some(rest) = path.strip_prefix("~/") {
        rest
    } else if path.starts_with('/') {
        return Err(FsError::NotFound);
    } else {
        path
    };
    let parts: Vec<&str> = relative
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    match parts.as_slice() {
        [] => Ok(Target::Folder),
        [".."] => Err(FsError::IsADirectory),
        [name] => Ok(Target::File((*name).to_string())),
        // ssh keeps known_hosts in ~/.ssh, the one folder below home.
        [".ssh", name] => Ok(Target::File(format!(".ssh/{name}"))),
        // There are no folders below home.
        _ => Err(FsError::NotFound),
    }
}

fn file_name(path: &str) -> Result<String, FsError> {
    match resolve(path)? {
        Target::Folder => Err(FsError::IsADirectory),
        Target::File(name) => Ok(name),
    }
}

impl Home {
    /// The file called `name` (a plain name, e.g. `key.pem`).
    pub fn get(&self, name: &str) -> Option<&LocalFile> {
        self.files.get(name)
    }

    /// Every file, by name.
    pub fn files(&self) -> impl Iterator<Item = (&str, &LocalFile)> {
        self.files.iter().map(|(name, file)| (name.as_str(), file))
    }

    /// True when `path` names the home folder itself.
    pub fn is_folder(path: &str) -> bool {
        matches!(resolve(path), Ok(Target::Folder))
    }

    /// The name `path` refers to, when it is a file that exists.
    pub fn lookup(&self, path: &str) -> Result<(&str, &LocalFile), FsError> {
        let name = file_name(path)?;
        self.files
            .get_key_value(&name)
            .map(|(n, f)| (n.as_str(), f))
            .ok_or(FsError::NotFound)
    }

    /// Reads a file the owner may read.
    pub fn read(&self, path: &str) -> Result<&str, FsError> {
        let (_, file) = self.lookup(path)?;
        if file.mode & 0o400 == 0 {
            return Err(FsError::PermissionDenied);
        }
        Ok(&file.content)
    }

    /// Opens `path` for writing as a shell redirection does: creates it
    /// (mode 644) or, unless `append`, empties it. Fails when the file is
    /// not writable.
    pub fn open_for_write(
        &mut self,
        path: &str,
        append: bool,
        now: u64,
    ) -> Result<String, FsError> {
        let name = file_name(path)?;
        match self.files.get_mut(&name) {
            Some(file) => {
                if file.mode & 0o200 == 0 {
                    return Err(FsError::PermissionDenied);
                }
                if !append {
                    file.content.clear();
                    file.modified = now;
                }
            }
            None => {
                if self.files.len() >= MAX_FILES {
                    return Err(FsError::NoSpace);
                }
                self.files.insert(
                    name.clone(),
                    LocalFile {
                        content: String::new(),
                        mode: 0o644,
                        modified: now,
                    },
                );
            }
        }
        Ok(name)
    }

    /// Appends to a file opened with [`Home::open_for_write`].
    pub fn append(&mut self, name: &str, text: &str, now: u64) -> Result<(), FsError> {
        let file = self.files.get_mut(name).ok_or(FsError::NotFound)?;
        if file.content.len() + text.len() > MAX_FILE_BYTES {
            return Err(FsError::TooLarge);
        }
        file.content.push_str(text);
        file.modified = now;
        Ok(())
    }

    /// Sets a file's permission bits.
    pub fn chmod(&mut self, path: &str, mode: u32) -> Result<(), FsError> {
        let name = file_name(path)?;
        let file = self.files.get_mut(&name).ok_or(FsError::NotFound)?;
        file.mode = mode & 0o7777;
        Ok(())
    }

    /// Deletes a file.
    pub fn remove(&mut self, path: &str) -> Result<(), FsError> {
        let name = file_name(path)?;
        self.files
            .remove(&name)
            .map(|_| ())
            .ok_or(FsError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_to_names_in_home() {
        let mut home = Home::default();
        let name = home.open_for_write("~/key.pem", false, 1).unwrap();
        home.append(&name, "secret\n", 1).unwrap();
        assert_eq!(home.read("key.pem").unwrap(), "secret\n");
        assert_eq!(home.read("./key.pem").unwrap(), "secret\n");
        assert_eq!(home.read("/home/learner/key.pem").unwrap(), "secret\n");
        assert_eq!(home.read("/etc/passwd").unwrap_err(), FsError::NotFound);
        assert_eq!(home.read("dir/key.pem").unwrap_err(), FsError::NotFound);
        assert_eq!(home.read(".").unwrap_err(), FsError::IsADirectory);
        assert!(Home::is_folder("~"));
    }

    #[test]
    fn permissions_are_enforced() {
        let mut home = Home::default();
        let name = home.open_for_write("key.pem", false, 1).unwrap();
        home.append(&name, "k", 1).unwrap();
        assert_eq!(home.get("key.pem").unwrap().mode, 0o644);
        home.chmod("key.pem", 0o400).unwrap();
        assert_eq!(home.get("key.pem").unwrap().mode, 0o400);
        assert_eq!(
            home.open_for_write("key.pem", false, 2).unwrap_err(),
            FsError::PermissionDenied
        );
        assert_eq!(home.read("key.pem").unwrap(), "k");
        home.chmod("key.pem", 0o200).unwrap();
        assert_eq!(home.read("key.pem").unwrap_err(), FsError::PermissionDenied);
        home.remove("key.pem").unwrap();
        assert!(home.get("key.pem").is_none());
    }

    #[test]
    fn truncate_append_and_limits() {
        let mut home = Home::default();
        let name = home.open_for_write("a.txt", false, 1).unwrap();
        home.append(&name, "one\n", 1).unwrap();
        let name = home.open_for_write("a.txt", true, 2).unwrap();
        home.append(&name, "two\n", 2).unwrap();
        assert_eq!(home.read("a.txt").unwrap(), "one\ntwo\n");
        home.open_for_write("a.txt", false, 3).unwrap();
        assert_eq!(home.read("a.txt").unwrap(), "");
        assert_eq!(
            home.append("a.txt", &"x".repeat(MAX_FILE_BYTES + 1), 3)
                .unwrap_err(),
            FsError::TooLarge
        );
        assert_eq!(
            FsError::NotFound.errno_text("x"),
            "[Errno 2] No such file or directory: 'x'"
        );
    }
}
