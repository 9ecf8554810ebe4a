//! The guest's filesystem: absolute paths to files and folders, each with an
//! owner and permission bits. Permissions are checked as Linux does for the
//! owner and for others (groups are not modelled); root may do anything.

use std::collections::BTreeMap;

/// The largest file the guest holds.
pub const MAX_FILE_BYTES: usize = 256 * 1024;
/// The most entries the filesystem holds, so hostile scripts stay bounded.
pub const MAX_ENTRIES: usize = 2048;

/// What a path holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// A folder.
    Dir,
    /// A file and its text.
    File(String),
}

/// A file or folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    /// Permission bits, e.g. `0o644`.
    pub mode: u32,
    /// Owning user.
    pub owner: String,
    /// Simulated time of the last change.
    pub modified: u64,
}

/// Why a filesystem operation failed, as `strerror` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuestFsError {
    NotFound,
    PermissionDenied,
    IsADirectory,
    NotADirectory,
    Exists,
    TooLarge,
    NoSpace,
}

impl GuestFsError {
    /// The message shells and coreutils print.
    pub fn text(self) -> &'static str {
        match self {
            Self::NotFound => "No such file or directory",
            Self::PermissionDenied => "Permission denied",
            Self::IsADirectory => "Is a directory",
            Self::NotADirectory => "Not a directory",
            Self::Exists => "File exists",
            Self::TooLarge => "File too large",
            Self::NoSpace => "No space left on device",
        }
    }
}

/// The whole tree, keyed by normalized absolute path (`/` is the root).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filesystem {
    nodes: BTreeMap<String, Node>,
    /// Paths written since the volume last took them in, with the bytes
    /// written: each write lands on blocks of the root volume.
    written: BTreeMap<String, u64>,
}

/// `path` made absolute against `cwd`, with `.`, `..` and `~` resolved.
pub fn normalize(cwd: &str, home: &str, path: &str) -> String {
    let joined = if path == "~" {
        home.to_string()
    } else if let Some(rest) = path.strip_prefix("~/") {
        format!("{home}/{rest}")
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{cwd}/{path}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    format!("/{}", parts.join("/"))
}

/// The folder holding `path` (`/` for top-level entries).
fn parent(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

impl Node {
    /// True when `user` has the permission `bit` (4 read, 2 write, 1 execute).
    fn allows(&self, user: &str, bit: u32) -> bool {
        let bits = if user == self.owner {
            self.mode >> 6
        } else {
            self.mode
        };
        user == "root" || bits & bit != 0
    }
}

impl Filesystem {
    /// The entry at an absolute, normalized path.
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// Creates or replaces an entry without permission checks (the image's
    /// own files, package installs).
    pub fn put(&mut self, path: &str, kind: NodeKind, mode: u32, owner: &str, now: u64) {
        let bytes = match &kind {
            NodeKind::File(text) => text.len() as u64,
            NodeKind::Dir => 0,
        };
        self.record(path, bytes);
        self.nodes.insert(
            path.to_string(),
            Node {
                kind,
                mode,
                owner: owner.to_string(),
                modified: now,
            },
        );
    }

    /// Reads a file as `user`.
    pub fn read(&self, path: &str, user: &str) -> Result<&str, GuestFsError> {
        let node = self.nodes.get(path).ok_or(GuestFsError::NotFound)?;
        match &node.kind {
            NodeKind::Dir => Err(GuestFsError::IsADirectory),
            NodeKind::File(_) if !node.allows(user, 4) => Err(GuestFsError::PermissionDenied),
            NodeKind::File(text) => Ok(text),
        }
    }

    /// Checks that `user` may create entries in the folder holding `path`.
    fn check_parent(&self, path: &str, user: &str) -> Result<(), GuestFsError> {
        let folder = self.nodes.get(parent(path)).ok_or(GuestFsError::NotFound)?;
        match folder.kind {
            NodeKind::File(_) => Err(GuestFsError::NotADirectory),
            NodeKind::Dir if !folder.allows(user, 2) => Err(GuestFsError::PermissionDenied),
            NodeKind::Dir => Ok(()),
        }
    }

    /// Writes `text` to a file as `user`: appends or replaces, creating the
    /// file (mode 644, owned by `user`) when the folder lets them.
    pub fn write(
        &mut self,
        path: &str,
        text: &str,
        append: bool,
        user: &str,
        now: u64,
    ) -> Result<(), GuestFsError> {
        match self.nodes.get_mut(path) {
            Some(node) => {
                if !node.allows(user, 2) {
                    return Err(GuestFsError::PermissionDenied);
                }
                let NodeKind::File(content) = &mut node.kind else {
                    return Err(GuestFsError::IsADirectory);
                };
                let base = if append { content.len() } else { 0 };
                if base + text.len() > MAX_FILE_BYTES {
                    return Err(GuestFsError::TooLarge);
                }
                if !append {
                    content.clear();
                }
                content.push_str(text);
                node.modified = now;
                let bytes = content.len() as u64;
                self.record(path, bytes);
                Ok(())
            }
            None => {
                self.check_parent(path, user)?;
                if self.nodes.len() >= MAX_ENTRIES {
                    return Err(GuestFsError::NoSpace);
                }
                if text.len() > MAX_FILE_BYTES {
                    return Err(GuestFsError::TooLarge);
                }
                self.put(path, NodeKind::File(text.to_string()), 0o644, user, now);
                Ok(())
            }
        }
    }

    /// `mkdir` as `user`; with `parents`, creates missing folders above and
    /// accepts one that exists.
    pub fn mkdir(
        &mut self,
        path: &str,
        parents: bool,
        user: &str,
        now: u64,
    ) -> Result<(), GuestFsError> {
        if let Some(node) = self.nodes.get(path) {
            return match (&node.kind, parents) {
                (NodeKind::Dir, true) => Ok(()),
                (NodeKind::Dir, false) => Err(GuestFsError::Exists),
                (NodeKind::File(_), _) => Err(GuestFsError::Exists),
            };
        }
        if parents && !self.nodes.contains_key(parent(path)) {
            self.mkdir(parent(path), true, user, now)?;
        }
        self.check_parent(path, user)?;
        if self.nodes.len() >= MAX_ENTRIES {
            return Err(GuestFsError::NoSpace);
        }
        self.put(path, NodeKind::Dir, 0o755, user, now);
        Ok(())
    }

    /// Removes a file as `user` (folders are refused).
    pub fn remove(&mut self, path: &str, user: &str) -> Result<(), GuestFsError> {
        match self.nodes.get(path).map(|n| &n.kind) {
            None => Err(GuestFsError::NotFound),
            Some(NodeKind::Dir) => Err(GuestFsError::IsADirectory),
            Some(NodeKind::File(_)) => {
                self.check_parent(path, user)?;
                self.nodes.remove(path);
                self.record(path, 0);
                Ok(())
            }
        }
    }

    /// Sets permission bits; only the owner or root may.
    pub fn chmod(&mut self, path: &str, mode: u32, user: &str) -> Result<(), GuestFsError> {
        let node = self.nodes.get_mut(path).ok_or(GuestFsError::NotFound)?;
        if user != "root" && user != node.owner {
            return Err(GuestFsError::PermissionDenied);
        }
        node.mode = mode & 0o7777;
        self.record(path, 0);
        Ok(())
    }

    /// Notes that `bytes` were written at `path` (0 for a change of its
    /// metadata only).
    pub fn record(&mut self, path: &str, bytes: u64) {
        let entry = self.written.entry(path.to_string()).or_insert(0);
        *entry = (*entry).max(bytes);
    }

    /// The writes since the last call, emptied.
    pub fn take_writes(&mut self) -> BTreeMap<String, u64> {
        std::mem::take(&mut self.written)
    }

    /// The entries directly inside folder `path`, by name.
    pub fn list(&self, path: &str) -> Vec<(&str, &Node)> {
        let prefix = if path == "/" {
            "/".to_string()
        } else {
            format!("{path}/")
        };
        self.nodes
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .filter_map(|(p, node)| {
                let name = &p[prefix.len()..];
                (!name.is_empty() && !name.contains('/')).then_some((name, node))
            })
            .collect()
    }

    /// The entries below folder `at`, re-rooted at `/` (what a volume
    /// mounted there holds).
    pub fn subtree(&self, at: &str) -> Filesystem {
        let prefix = format!("{}/", at.trim_end_matches('/'));
        let mut tree = Filesystem::default();
        if let Some(top) = self.nodes.get(at) {
            tree.nodes.insert("/".into(), top.clone());
        }
        for (path, node) in self.nodes.range(prefix.clone()..) {
            let Some(rest) = path.strip_prefix(&prefix) else {
                break;
            };
            tree.nodes.insert(format!("/{rest}"), node.clone());
        }
        tree
    }

    /// Removes everything below folder `at` (the folder itself stays).
    pub fn remove_below(&mut self, at: &str) {
        let prefix = format!("{}/", at.trim_end_matches('/'));
        let below: Vec<String> = self
            .nodes
            .range(prefix.clone()..)
            .take_while(|(p, _)| p.starts_with(&prefix))
            .map(|(p, _)| p.clone())
            .collect();
        for path in below {
            self.nodes.remove(&path);
        }
    }

    /// Places `tree`'s entries below folder `at`, its root becoming `at`.
    pub fn graft(&mut self, at: &str, tree: &Filesystem) {
        for (path, node) in &tree.nodes {
            let target = if path == "/" {
                at.to_string()
            } else {
                format!("{}{path}", at.trim_end_matches('/'))
            };
            self.nodes.insert(target, node.clone());
        }
    }

    /// Bytes held in files, for `df`.
    pub fn used_bytes(&self) -> usize {
        self.nodes
            .values()
            .map(|n| match &n.kind {
                NodeKind::File(text) => text.len(),
                NodeKind::Dir => 4096,
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> Filesystem {
        let mut fs = Filesystem::default();
        fs.put("/", NodeKind::Dir, 0o755, "root", 0);
        fs.put("/home", NodeKind::Dir, 0o755, "root", 0);
        fs.put("/home/ec2-user", NodeKind::Dir, 0o700, "ec2-user", 0);
        fs.put("/var", NodeKind::Dir, 0o755, "root", 0);
        fs
    }

    #[test]
    fn paths_normalize() {
        assert_eq!(normalize("/home/u", "/home/u", "a.txt"), "/home/u/a.txt");
        assert_eq!(normalize("/home/u", "/home/u", "../x/./y"), "/home/x/y");
        assert_eq!(normalize("/", "/home/u", "~/k"), "/home/u/k");
        assert_eq!(normalize("/", "/home/u", "/.."), "/");
    }

    #[test]
    fn owners_and_root() {
        let mut fs = tree();
        fs.write("/home/ec2-user/a", "hi\n", false, "ec2-user", 1)
            .unwrap();
        assert_eq!(fs.read("/home/ec2-user/a", "ec2-user").unwrap(), "hi\n");
        assert_eq!(
            fs.write("/var/index.html", "x", false, "ec2-user", 1),
            Err(GuestFsError::PermissionDenied)
        );
        fs.write("/var/index.html", "x", false, "root", 1).unwrap();
        assert_eq!(
            fs.write("/var/index.html", "y", true, "ec2-user", 1),
            Err(GuestFsError::PermissionDenied)
        );
        assert_eq!(
            fs.write("/nope/a", "x", false, "root", 1),
            Err(GuestFsError::NotFound)
        );
        assert_eq!(
            fs.mkdir("/var/www/html", false, "root", 1),
            Err(GuestFsError::NotFound)
        );
        fs.mkdir("/var/www/html", true, "root", 1).unwrap();
        let names: Vec<&str> = fs.list("/var").iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["index.html", "www"]);
        assert_eq!(
            fs.mkdir("/var/www", false, "root", 1),
            Err(GuestFsError::Exists)
        );
    }
}
