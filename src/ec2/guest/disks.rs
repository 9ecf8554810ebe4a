//! Data volumes inside the guest: the disks it sees, formatting (`mkfs`),
//! mounting and unmounting. A volume's files live on the volume; while it
//! is mounted they are grafted into the guest's tree under the mount point
//! and copied back whenever the volume must stand alone (a snapshot, an
//! unmount, a detach, a stop or a reboot, since nothing here is in fstab).

use super::fs::{Filesystem, NodeKind};
use crate::ec2::instances::Instance;
use crate::ec2::RegionState;

/// A filesystem made on a volume.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VolumeFilesystem {
    /// `xfs` or `ext4`.
    pub kind: String,
    /// Its files, rooted at `/`.
    pub files: Filesystem,
}

/// A disk as `lsblk` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disk {
    /// The kernel's name: `xvdf` on Xen instances, `nvme1n1` on Nitro.
    pub name: String,
    pub volume_id: String,
    pub size_gib: u32,
    pub root: bool,
    /// Where it is mounted, if it is.
    pub mount_point: Option<String>,
}

/// Why a mount or an unmount is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MountError {
    NoSuchDevice,
    NoMountPoint,
    NotFormatted,
    AlreadyMounted(String),
    NotMounted,
}

/// The kernel's name for the disk at `index` (0 = root) attached as
/// `device` (`/dev/sdf`, `/dev/xvdf`).
fn kernel_name(instance: &Instance, index: usize, device: &str) -> String {
    if instance.nitro {
        return format!("nvme{index}n1");
    }
    let letter = device.trim_start_matches("/dev/");
    let letter = letter
        .strip_prefix("xvd")
        .or_else(|| letter.strip_prefix("sd"))
        .unwrap_or(letter);
    format!("xvd{letter}")
}

impl RegionState {
    /// The disks instance `instance_id` sees, root first; only attached
    /// (not attaching or detaching) volumes.
    pub fn disks(&self, instance_id: &str) -> Vec<Disk> {
        let Some(instance) = self.instances.get(instance_id) else {
            return Vec::new();
        };
        let mounts = self.guests.get(instance_id).map(|g| &g.mounts);
        instance
            .volumes
            .iter()
            .enumerate()
            .filter_map(|(index, attached)| {
                let volume = self.volumes.get(&attached.volume_id)?;
                let state = volume.attachment.as_ref()?.state;
                (state == "attached").then(|| Disk {
                    name: kernel_name(instance, index, &attached.device_name),
                    volume_id: volume.id.clone(),
                    size_gib: volume.performance.size_gib,
                    root: index == 0,
                    mount_point: if index == 0 {
                        Some("/".into())
                    } else {
                        mounts.and_then(|m| {
                            m.iter()
                                .find(|(_, id)| **id == volume.id)
                                .map(|(at, _)| at.clone())
                        })
                    },
                })
            })
            .collect()
    }

    /// The data disk `device` names (`/dev/xvdf`, `/dev/sdf`, `/dev/nvme1n1`).
    pub fn disk(&self, instance_id: &str, device: &str) -> Option<Disk> {
        let name = device.strip_prefix("/dev/")?;
        let instance = self.instances.get(instance_id)?;
        self.disks(instance_id).into_iter().find(|disk| {
            disk.name == name
                || instance.volumes.iter().any(|v| {
                    v.volume_id == disk.volume_id
                        && v.device_name.trim_start_matches("/dev/") == name
                })
        })
    }

    /// The filesystem on `volume_id`, if it has one.
    pub fn volume_filesystem(&self, volume_id: &str) -> Option<&VolumeFilesystem> {
        self.volumes.get(volume_id)?.filesystem.as_ref()
    }

    /// `mkfs`: a new, empty filesystem of `kind` on the volume (whatever it
    /// held is gone).
    pub fn format_volume(&mut self, volume_id: &str, kind: &str, now: u64) {
        let mut files = Filesystem::default();
        files.put("/", NodeKind::Dir, 0o755, "root", now);
        if kind == "ext4" {
            files.put("/lost+found", NodeKind::Dir, 0o700, "root", now);
        }
        files.take_writes();
        if let Some(volume) = self.volumes.get_mut(volume_id) {
            volume.filesystem = Some(VolumeFilesystem {
                kind: kind.to_string(),
                files,
            });
        }
        // The filesystem's own structures: a few MiB at the volume's start.
        self.write_volume_blocks(volume_id, 0, 8);
    }

    /// `mount DEVICE AT`: the volume's files appear under `at`.
    pub fn mount_volume(
        &mut self,
        instance_id: &str,
        volume_id: &str,
        at: &str,
    ) -> Result<(), MountError> {
        let files = self
            .volume_filesystem(volume_id)
            .ok_or(MountError::NotFormatted)?
            .files
            .clone();
        let guest = self
            .guests
            .get_mut(instance_id)
            .ok_or(MountError::NoSuchDevice)?;
        if !matches!(guest.fs.get(at).map(|n| &n.kind), Some(NodeKind::Dir)) {
            return Err(MountError::NoMountPoint);
        }
        if let Some((point, _)) = guest.mounts.iter().find(|(_, id)| *id == volume_id) {
            return Err(MountError::AlreadyMounted(point.clone()));
        }
        guest.fs.remove_below(at);
        guest.fs.graft(at, &files);
        guest.fs.take_writes();
        guest.mounts.insert(at.to_string(), volume_id.to_string());
        Ok(())
    }

    /// `umount AT`: the files go back to the volume; `at` is an empty folder.
    pub fn unmount(&mut self, instance_id: &str, at: &str) -> Result<(), MountError> {
        let mounted = self
            .guests
            .get(instance_id)
            .is_some_and(|g| g.mounts.contains_key(at));
        if !mounted {
            return Err(MountError::NotMounted);
        }
        self.release_mount(instance_id, at);
        Ok(())
    }

    /// Copies the files of every mounted volume back to it (before a
    /// snapshot sees the volume).
    pub(crate) fn sync_mounts(&mut self) {
        let mounted: Vec<(String, String, String)> = self
            .guests
            .iter()
            .flat_map(|(instance, guest)| {
                guest
                    .mounts
                    .iter()
                    .map(|(at, volume)| (instance.clone(), at.clone(), volume.clone()))
            })
            .collect();
        for (instance, at, volume) in mounted {
            self.sync_mount(&instance, &at, &volume);
        }
    }

    fn sync_mount(&mut self, instance_id: &str, at: &str, volume_id: &str) {
        let Some(files) = self.guests.get(instance_id).map(|g| g.fs.subtree(at)) else {
            return;
        };
        if let Some(filesystem) = self
            .volumes
            .get_mut(volume_id)
            .and_then(|v| v.filesystem.as_mut())
        {
            filesystem.files = files;
        }
    }

    fn release_mount(&mut self, instance_id: &str, at: &str) {
        let Some(volume_id) = self
            .guests
            .get(instance_id)
            .and_then(|g| g.mounts.get(at).cloned())
        else {
            return;
        };
        self.flush_guest_writes();
        self.sync_mount(instance_id, at, &volume_id);
        if let Some(guest) = self.guests.get_mut(instance_id) {
            guest.fs.remove_below(at);
            guest.fs.take_writes();
            guest.mounts.remove(at);
        }
    }

    /// Unmounts every volume of instance `instance_id` (a stop, a reboot:
    /// nothing is in fstab), or only `volume_id` (a detach).
    pub(crate) fn release_mounts(&mut self, instance_id: &str, volume_id: Option<&str>) {
        let points: Vec<String> = self
            .guests
            .get(instance_id)
            .map(|g| {
                g.mounts
                    .iter()
                    .filter(|(_, id)| volume_id.is_none_or(|only| only == id.as_str()))
                    .map(|(at, _)| at.clone())
                    .collect()
            })
            .unwrap_or_default();
        for at in points {
            self.release_mount(instance_id, &at);
        }
    }
}
