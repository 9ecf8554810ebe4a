//! The guest's disk commands: `lsblk`, `file -s`, `mkfs`, `mount`,
//! `umount` and the mounts in `df`, with the messages util-linux, xfsprogs
//! and e2fsprogs print.

use super::builtins::Outcome;
use super::guest::Session;
use crate::api::World;
use crate::ec2::guest::disks::{Disk, MountError};
use crate::ec2::guest::fs::normalize;
use crate::ec2::RegionState;

/// Runs `name` when it is a disk command; `None` otherwise. The bool is
/// true when the world changed.
pub fn run(
    world: &mut World,
    session: &Session,
    user: &str,
    name: &str,
    args: &[String],
) -> Option<(Outcome, bool)> {
    let now = world.now();
    let (region, _) = world.ec2.region_and_timers(&session.region)?;
    let instance = session.instance_id.as_str();
    let root = user == "root";
    let operands: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let result = match name {
        "lsblk" => (lsblk(&region.disks(instance)), false),
        "file" if args.iter().any(|a| a == "-s") => {
            let outcome = operands
                .iter()
                .map(|device| describe_device(region, instance, device, root))
                .fold(Outcome::default(), |mut all, one| {
                    all.stdout.push_str(&one.stdout);
                    all.stderr.push_str(&one.stderr);
                    all.exit_code = all.exit_code.max(one.exit_code);
                    all
                });
            (outcome, false)
        }
        "mkfs" | "mkfs.xfs" | "mkfs.ext4" => {
            let kind = match name.strip_prefix("mkfs.") {
                Some(kind) => kind.to_string(),
                None => option_value(args, "-t").unwrap_or_else(|| "ext2".into()),
            };
            let device = operands
                .iter()
                .find(|o| Some(o.as_str()) != option_value(args, "-t").as_deref())
                .map_or("", |s| s.as_str());
            let force = args.iter().any(|a| a == "-f" || a == "-F");
            mkfs(region, instance, &kind, device, force, root, now)
        }
        "mount" if operands.is_empty() => (Outcome::out(mount_table(region, instance)), false),
        "mount" => match operands.as_slice() {
            [device, at] => {
                let at = normalize(&session.cwd, "/root", at);
                mount(region, instance, device, &at, root)
            }
            _ => (
                Outcome::fail(
                    "mount: bad usage\nTry 'mount --help' for more information.\n",
                    1,
                ),
                false,
            ),
        },
        "umount" => {
            let Some(target) = operands.first() else {
                return Some((Outcome::fail("umount: bad usage\n", 1), false));
            };
            let at = match region.disk(instance, target) {
                Some(Disk {
                    mount_point: Some(point),
                    ..
                }) => point,
                _ => normalize(&session.cwd, "/root", target),
            };
            if !root {
                return Some((
                    Outcome::fail(format!("umount: {at}: must be superuser to unmount.\n"), 32),
                    false,
                ));
            }
            match region.unmount(instance, &at) {
                Ok(()) => (Outcome::default(), true),
                Err(_) => (
                    Outcome::fail(format!("umount: {at}: not mounted.\n"), 32),
                    false,
                ),
            }
        }
        _ => return None,
    };
    Some(result)
}

/// The value after option `flag` (`-t xfs`).
fn option_value(args: &[String], flag: &str) -> Option<String> {
    let at = args.iter().position(|a| a == flag)?;
    args.get(at + 1).cloned()
}

fn lsblk(disks: &[Disk]) -> Outcome {
    let mut out = String::from("NAME      MAJ:MIN RM SIZE RO TYPE MOUNTPOINTS\n");
    for (index, disk) in disks.iter().enumerate() {
        let major = if disk.name.starts_with("nvme") {
            259
        } else {
            202
        };
        let minor = index * 16;
        let size = format!("{}G", disk.size_gib);
        if disk.root {
            out.push_str(&format!(
                "{:<9} {major}:{minor:<3} 0 {size:>4}  0 disk \n",
                disk.name
            ));
            let part = if disk.name.starts_with("nvme") {
                format!("{}p1", disk.name)
            } else {
                format!("{}1", disk.name)
            };
            out.push_str(&format!(
                "└─{part:<7} {major}:{:<3} 0 {size:>4}  0 part /\n",
                minor + 1
            ));
        } else {
            out.push_str(&format!(
                "{:<9} {major}:{minor:<3} 0 {size:>4}  0 disk {}\n",
                disk.name,
                disk.mount_point.as_deref().unwrap_or("")
            ));
        }
    }
    Outcome::out(out)
}

fn describe_device(region: &RegionState, instance: &str, device: &str, root: bool) -> Outcome {
    let Some(disk) = region.disk(instance, device) else {
        return Outcome::out(format!(
            "{device}: cannot open `{device}' (No such file or directory)\n"
        ));
    };
    if !root {
        return Outcome::out(format!("{device}: no read permission\n"));
    }
    let what = match region
        .volume_filesystem(&disk.volume_id)
        .map(|f| f.kind.as_str())
    {
        None => "data".to_string(),
        Some("xfs") => "SGI XFS filesystem data (blksz 4096, inosz 512, v2 dirs)".to_string(),
        Some(kind) => format!(
            "Linux rev 1.0 {kind} filesystem data (extents) (64bit) (large files) (huge files)"
        ),
    };
    Outcome::out(format!("{device}: {what}\n"))
}

fn mkfs(
    region: &mut RegionState,
    instance: &str,
    kind: &str,
    device: &str,
    force: bool,
    root: bool,
    now: u64,
) -> (Outcome, bool) {
    let tool = format!("mkfs.{kind}");
    if !matches!(kind, "xfs" | "ext4") {
        return (
            Outcome::fail(
                format!("mkfs: failed to execute {tool}: No such file or directory\n"),
                1,
            ),
            false,
        );
    }
    let Some(disk) = region.disk(instance, device) else {
        return (
            Outcome::fail(
                format!("{tool}: cannot open {device}: No such file or directory\n"),
                1,
            ),
            false,
        );
    };
    if !root {
        return (
            Outcome::fail(
                format!("{tool}: cannot open {device}: Permission denied\n"),
                1,
            ),
            false,
        );
    }
    if disk.root || disk.mount_point.is_some() {
        return (
            Outcome::fail(
                format!("{tool}: {device} contains a mounted filesystem\n"),
                1,
            ),
            false,
        );
    }
    if let Some(existing) = region.volume_filesystem(&disk.volume_id) {
        if !force {
            let existing = existing.kind.clone();
            return (
                Outcome::fail(
                    format!("{tool}: {device} appears to contain an existing filesystem ({existing}).\n{tool}: Use the -f option to force overwrite.\n"),
                    1,
                ),
                false,
            );
        }
    }
    region.format_volume(&disk.volume_id, kind, now);
    let blocks = u64::from(disk.size_gib) * 262_144;
    let report = if kind == "xfs" {
        format!(
            "meta-data={device:<22} isize=512    agcount=4, agsize={} blks\n         =                       sectsz=512   attr=2, projid32bit=1\n         =                       crc=1        finobt=1, sparse=1, rmapbt=0\n         =                       reflink=1    bigtime=1 inobtcount=1\ndata     =                       bsize=4096   blocks={blocks}, imaxpct=25\n         =                       sunit=0      swidth=0 blks\nnaming   =version 2              bsize=4096   ascii-ci=0, ftype=1\nlog      =internal log           bsize=4096   blocks=16384, version=2\n         =                       sectsz=512   sunit=0 blks, lazy-count=1\nrealtime =none                   extsz=4096   blocks=0, rtextents=0\n",
            blocks / 4
        )
    } else {
        format!(
            "mke2fs 1.46.5 (30-Dec-2021)\nCreating filesystem with {blocks} 4k blocks and {} inodes\nAllocating group tables: done\nWriting inode tables: done\nCreating journal (16384 blocks): done\nWriting superblocks and filesystem accounting information: done\n\n",
            blocks / 4
        )
    };
    (Outcome::out(report), true)
}

fn mount(
    region: &mut RegionState,
    instance: &str,
    device: &str,
    at: &str,
    root: bool,
) -> (Outcome, bool) {
    if !root {
        return (
            Outcome::fail(format!("mount: {at}: must be superuser to use mount.\n"), 1),
            false,
        );
    }
    let Some(disk) = region.disk(instance, device) else {
        return (
            Outcome::fail(
                format!("mount: {at}: special device {device} does not exist.\n"),
                32,
            ),
            false,
        );
    };
    match region.mount_volume(instance, &disk.volume_id, at) {
        Ok(()) => (Outcome::default(), true),
        Err(error) => {
            let message = match error {
                MountError::NoMountPoint => format!("mount: {at}: mount point does not exist.\n"),
                MountError::AlreadyMounted(point) => {
                    format!("mount: {at}: {device} already mounted on {point}.\n")
                }
                MountError::NotFormatted | MountError::NoSuchDevice | MountError::NotMounted => format!(
                    "mount: {at}: wrong fs type, bad option, bad superblock on {device}, missing codepage or helper program, or other error.\n"
                ),
            };
            (Outcome::fail(message, 32), false)
        }
    }
}

/// The data volumes in `mount`'s list.
fn mount_table(region: &RegionState, instance: &str) -> String {
    region
        .disks(instance)
        .iter()
        .filter(|d| !d.root)
        .filter_map(|d| {
            let point = d.mount_point.as_ref()?;
            let kind = region.volume_filesystem(&d.volume_id)?.kind.clone();
            Some(format!(
                "/dev/{} on {point} type {kind} (rw,relatime)\n",
                d.name
            ))
        })
        .collect()
}

/// The `df` lines of the mounted data volumes.
pub fn df_lines(world: &World, session: &Session) -> String {
    let Some(region) = world.ec2.region(&session.region) else {
        return String::new();
    };
    region
        .disks(&session.instance_id)
        .iter()
        .filter(|d| !d.root)
        .filter_map(|d| {
            let point = d.mount_point.as_ref()?;
            let size = f64::from(d.size_gib);
            // A fresh filesystem's own structures take about 1% of it.
            let used = size * 0.01;
            Some(format!(
                "/dev/{:<10} {size:>4.1}G  {used:>3.1}G  {:>3.1}G {:>3}% {point}\n",
                d.name,
                size - used,
                1
            ))
        })
        .collect()
}
