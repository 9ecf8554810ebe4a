//! The guest OS of an instance, small enough to teach with: users and their
//! home folders, a filesystem, installed packages, systemd services, the
//! key authorized at launch and the user data waiting for its first boot.
//! It changes only through guest commands (run by the terminal) and boots.

pub mod containers;
pub mod disks;
pub mod fs;
pub mod http;
pub mod packages;

use super::images::OsFamily;
use super::snapshots::{BLOCKS_PER_GIB, BLOCK_BYTES};
use super::RegionState;
use fs::{Filesystem, NodeKind};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// What installing a package writes on the root volume (its binaries and
/// libraries), about 40 MiB.
const PACKAGE_BYTES: u64 = 40 << 20;

/// Port sshd listens on.
pub const SSH_PORT: u16 = 22;

/// The operating system inside one instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub family: OsFamily,
    /// The user the AMI's cloud-init creates (`ec2-user`, `ubuntu`, `admin`).
    pub login_user: String,
    /// `ip-172-31-5-17.ec2.internal`.
    pub hostname: String,
    pub fs: Filesystem,
    /// Installed packages by name.
    pub packages: BTreeSet<String>,
    /// Services started at every boot.
    pub enabled: BTreeSet<String>,
    /// Running services and when they started.
    pub active: BTreeMap<String, u64>,
    /// True once `apt update` has fetched the package lists.
    pub package_lists: bool,
    /// Content hashes of the private keys whose public halves cloud-init
    /// put in `authorized_keys`: the launch key pair's, plus, on an instance
    /// from the account's own AMI, those the source instance had. The
    /// sandbox's keys are random bytes, so the private key stands in for
    /// deriving the public one.
    pub authorized_keys: BTreeSet<u64>,
    /// A `#!/bin/bash` user-data script not yet run; the terminal layer,
    /// which owns the shell language, runs it as root before anything can
    /// observe the guest.
    pub boot_script: Option<String>,
    /// When the current boot happened.
    pub booted_at: u64,
    /// Mounted data volumes: mount point → volume id.
    pub mounts: BTreeMap<String, String>,
    /// Running Docker containers by id (ECS tasks), gone at every boot.
    pub containers: BTreeMap<String, containers::Container>,
}

/// The `/etc/os-release` of each family: (NAME, VERSION_ID, ID, PRETTY_NAME).
fn os_release(family: OsFamily) -> String {
    let (name, version, id, pretty) = match family {
        OsFamily::AmazonLinux2023 => (
            "Amazon Linux",
            "2023",
            "amzn",
            "Amazon Linux 2023.7.20250512",
        ),
        OsFamily::AmazonLinux2 => ("Amazon Linux", "2", "amzn", "Amazon Linux 2"),
        OsFamily::Ubuntu => ("Ubuntu", "24.04", "ubuntu", "Ubuntu 24.04.2 LTS"),
        OsFamily::Debian => (
            "Debian GNU/Linux",
            "12",
            "debian",
            "Debian GNU/Linux 12 (bookworm)",
        ),
        OsFamily::RedHat => (
            "Red Hat Enterprise Linux",
            "9.5",
            "rhel",
            "Red Hat Enterprise Linux 9.5 (Plow)",
        ),
        OsFamily::Suse => (
            "SLES",
            "15.6",
            "sles",
            "SUSE Linux Enterprise Server 15 SP6",
        ),
        OsFamily::Windows => ("Windows", "2022", "windows", "Windows Server 2022"),
    };
    format!("NAME=\"{name}\"\nVERSION_ID=\"{version}\"\nID=\"{id}\"\nPRETTY_NAME=\"{pretty}\"\n")
}

impl Guest {
    /// The OS as the image ships it, on its first boot.
    pub fn new(
        family: OsFamily,
        login_user: &str,
        hostname: String,
        authorized_key: Option<u64>,
        now: u64,
    ) -> Self {
        let mut fs = Filesystem::default();
        let home = format!("/home/{login_user}");
        for (path, mode) in [
            ("/", 0o755),
            ("/etc", 0o755),
            ("/home", 0o755),
            ("/root", 0o550),
            ("/tmp", 0o777),
            ("/usr", 0o755),
            ("/usr/share", 0o755),
            ("/var", 0o755),
            ("/var/log", 0o755),
        ] {
            fs.put(path, NodeKind::Dir, mode, "root", now);
        }
        fs.put(&home, NodeKind::Dir, 0o700, login_user, now);
        fs.put(
            &format!("{home}/.ssh"),
            NodeKind::Dir,
            0o700,
            login_user,
            now,
        );
        fs.put(
            "/etc/os-release",
            NodeKind::File(os_release(family)),
            0o644,
            "root",
            now,
        );
        fs.put(
            "/etc/hostname",
            NodeKind::File(format!("{hostname}\n")),
            0o644,
            "root",
            now,
        );
        // The image's own files are the operating system's blocks already.
        fs.take_writes();
        Self {
            family,
            login_user: login_user.to_string(),
            hostname,
            fs,
            packages: ["python3".to_string()].into(),
            enabled: BTreeSet::new(),
            active: BTreeMap::new(),
            package_lists: false,
            authorized_keys: authorized_key.into_iter().collect(),
            boot_script: None,
            booted_at: now,
            mounts: BTreeMap::new(),
            containers: BTreeMap::new(),
        }
    }

    /// What the ECS-optimized AMI adds to the OS: Docker and the ECS agent,
    /// installed and enabled, and the agent's configuration file (empty:
    /// the agent joins the `default` cluster unless user data names one
    /// with `ECS_CLUSTER=`).
    fn install_ecs_agent(&mut self, now: u64) {
        for package in ["docker", "ecs-init"] {
            self.packages.insert(package.into());
            self.fs
                .record(&format!("/usr/lib/{package}"), PACKAGE_BYTES);
        }
        self.enabled.extend(["docker".into(), "ecs".into()]);
        self.fs.put("/etc/ecs", NodeKind::Dir, 0o755, "root", now);
        self.fs.put(
            "/etc/ecs/ecs.config",
            NodeKind::File(String::new()),
            0o644,
            "root",
            now,
        );
        // The image's own files.
        self.fs.take_writes();
    }

    /// True when the ECS agent runs (it is installed, started at boot, and
    /// nobody stopped it).
    pub fn ecs_agent_running(&self) -> bool {
        self.active.contains_key("ecs") && self.packages.contains("ecs-init")
    }

    /// Home folder of `user`.
    pub fn home_of(user: &str) -> String {
        if user == "root" {
            "/root".into()
        } else {
            format!("/home/{user}")
        }
    }

    /// A boot: enabled services start, the others are not running.
    pub fn boot(&mut self, now: u64) {
        self.booted_at = now;
        self.active = self.enabled.iter().map(|s| (s.clone(), now)).collect();
        // Containers ran in memory; the agent starts tasks afresh.
        self.containers.clear();
    }

    /// Installs a package from the family's catalog, with its files.
    pub fn install(&mut self, package: &packages::Package, now: u64) {
        self.packages.insert(package.name.to_string());
        self.fs
            .record(&format!("/usr/lib/{}", package.name), PACKAGE_BYTES);
        if let Some(service) = &package.service {
            let _ = self.fs.mkdir(service.docroot, true, "root", now);
        }
        if let Some((path, content)) = package.page {
            self.fs
                .put(path, NodeKind::File((*content).into()), 0o644, "root", now);
        }
    }

    /// The installed service called `unit`.
    pub fn service(&self, unit: &str) -> Option<&'static packages::Service> {
        packages::service(self.family, unit)
            .filter(|s| self.packages.iter().any(|p| self.serves(p, s)))
    }

    /// The installed systemd unit called `unit`, a web server's or a
    /// daemon's: its name and description.
    pub fn unit(&self, unit: &str) -> Option<(&'static str, &'static str)> {
        if let Some(service) = self.service(unit) {
            return Some((service.unit, service.description));
        }
        packages::DAEMONS
            .iter()
            .find(|d| d.unit == unit && self.packages.contains(d.package))
            .map(|d| (d.unit, d.description))
    }

    fn serves(&self, package: &str, service: &packages::Service) -> bool {
        packages::find(self.family, package)
            .and_then(|p| p.service.as_ref())
            .is_some_and(|s| s == service)
    }

    /// The running service listening on `port`, if any (sshd is always up
    /// once booted).
    pub fn listener(&self, port: u16) -> Option<&'static str> {
        if port == SSH_PORT && self.family != OsFamily::Windows {
            return Some("sshd");
        }
        // Docker publishes a container's port through its proxy.
        if self.container_on(port).is_some() {
            return Some("docker-proxy");
        }
        self.active
            .keys()
            .filter_map(|unit| self.service(unit))
            .find(|s| s.port == port)
            .map(|s| s.unit)
    }

    /// What a GET of `/` on `port` returns: the index page of the web
    /// server listening there, or its fallback. `None` when nothing serves
    /// HTTP there.
    /// The page is borrowed where the guest holds it: health checks ask
    /// every few seconds and only look at the status.
    pub fn http_index(&self, port: u16) -> Option<Result<Cow<'_, str>, u16>> {
        if let Some(container) = self.container_on(port) {
            return Some(Ok(Cow::Owned(container.http_get("/").body)));
        }
        let unit = self.listener(port).filter(|u| *u != "sshd")?;
        let service = self.service(unit)?;
        let mut path = String::new();
        for name in packages::INDEX_FILES {
            path.clear();
            path.push_str(service.docroot);
            path.push('/');
            path.push_str(name);
            if let Some(NodeKind::File(text)) = self.fs.get(&path).map(|n| &n.kind) {
                return Some(Ok(Cow::Borrowed(text)));
            }
        }
        Some(service.fallback_page.map(Cow::Borrowed).ok_or(403))
    }
}

impl RegionState {
    /// Lands each guest's writes since the last call on blocks of its root
    /// volume, so that snapshots see what changed. A path always maps to
    /// the same blocks (past the operating system's), so rewriting a file
    /// overwrites them rather than adding new ones.
    pub fn flush_guest_writes(&mut self) {
        let pending: Vec<(String, BTreeMap<String, u64>)> = self
            .guests
            .iter_mut()
            .map(|(id, guest)| (id.clone(), guest.fs.take_writes()))
            .filter(|(_, writes)| !writes.is_empty())
            .collect();
        for (instance_id, writes) in pending {
            let Some(instance) = self.instances.get(&instance_id) else {
                continue;
            };
            let Some(root) = instance.volumes.first() else {
                continue;
            };
            let os = self
                .images
                .iter()
                .find(|image| image.image_id == instance.image_id)
                .map_or(0, super::images::Image::os_blocks);
            let Some(volume) = self.volumes.get(&root.volume_id) else {
                continue;
            };
            let root_id = volume.id.clone();
            let mounts = self
                .guests
                .get(&instance_id)
                .map(|g| g.mounts.clone())
                .unwrap_or_default();
            for (path, bytes) in writes {
                // A path under a mount point lands on that volume.
                let (volume_id, reserved) = mounts
                    .iter()
                    .find(|(at, _)| path.starts_with(&format!("{at}/")))
                    .map_or((root_id.as_str(), os), |(_, id)| (id.as_str(), 8));
                let Some(volume) = self.volumes.get(volume_id) else {
                    continue;
                };
                let capacity = u64::from(volume.performance.size_gib) * BLOCKS_PER_GIB;
                let count = bytes.div_ceil(BLOCK_BYTES).max(1);
                let room = capacity
                    .saturating_sub(reserved)
                    .saturating_sub(count)
                    .max(1);
                let first = reserved + crate::kernel::hash::fnv1a(&path) % room;
                let volume_id = volume_id.to_string();
                self.write_volume_blocks(&volume_id, first, count);
            }
        }
    }

    /// The pending → running hook: makes the guest on the first boot
    /// (cloud-init authorizes the launch key and queues `#!` user data),
    /// then starts enabled services.
    pub(super) fn boot_guest(&mut self, id: &str, now: u64) {
        let Some(instance) = self.instances.get(id) else {
            return;
        };
        if !self.guests.contains_key(id) {
            let image = self.images.iter().find(|i| i.image_id == instance.image_id);
            let family = image.map_or(OsFamily::AmazonLinux2023, |i| i.family);
            let ecs_agent = image.is_some_and(|i| i.ecs_agent);
            let login_user = image.map_or("ec2-user", |i| i.login_user.as_str());
            let key = instance
                .key_name
                .as_ref()
                .and_then(|name| self.key_pairs.values().find(|k| &k.name == name))
                .and_then(|k| k.private_key.as_deref())
                .map(|k| crate::kernel::hash::fnv1a(k.trim()));
            let hostname = instance.private_dns_name(&self.name).to_string();
            // A root volume from one of the account's snapshots (an own AMI)
            // boots what that instance had; cloud-init then sets the new
            // hostname and adds the new key beside the ones already there.
            let saved = instance
                .volumes
                .first()
                .and_then(|root| self.volumes.get(&root.volume_id))
                .and_then(|volume| self.snapshots.get(&volume.snapshot_id))
                .and_then(|snapshot| snapshot.guest.as_deref());
            let mut guest = match saved {
                Some(saved) => {
                    let mut guest = saved.clone();
                    guest.fs.put(
                        "/etc/hostname",
                        fs::NodeKind::File(format!("{hostname}\n")),
                        0o644,
                        "root",
                        now,
                    );
                    guest.fs.take_writes();
                    guest.hostname = hostname;
                    guest.authorized_keys.extend(key);
                    guest
                }
                None => {
                    let mut guest = Guest::new(family, login_user, hostname, key, now);
                    if ecs_agent {
                        guest.install_ecs_agent(now);
                    }
                    guest
                }
            };
            guest.boot_script = instance
                .decoded_user_data()
                .filter(|u| u.starts_with("#!/bin/bash") || u.starts_with("#!/bin/sh"));
            self.guests.insert(id.to_string(), guest);
        }
        self.reboot_guest(id, now);
    }

    /// A boot of the guest of `id`: mounts are gone (nothing is in fstab),
    /// enabled services start.
    pub(super) fn reboot_guest(&mut self, id: &str, now: u64) {
        self.release_mounts(id, None);
        if let Some(guest) = self.guests.get_mut(id) {
            guest.boot(now);
        }
    }
}
