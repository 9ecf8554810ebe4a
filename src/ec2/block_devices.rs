//! Block device mappings at launch: the root volume from the AMI (its size
//! and type may be overridden) and extra EBS volumes, each attached under a
//! device name with its DeleteOnTermination flag.

use super::images::{EbsBlockDevice, Image};
use super::volumes::{self, Attachment, Performance, Volume, VolumeState};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};

/// The `Ebs` part of a launch mapping.
#[derive(Debug, Clone, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsRequest {
    #[serde(default)]
    pub delete_on_termination: Option<bool>,
    #[serde(default)]
    pub iops: Option<i64>,
    #[serde(default)]
    pub snapshot_id: Option<String>,
    #[serde(default)]
    pub volume_size: Option<i64>,
    #[serde(default)]
    pub volume_type: Option<String>,
    #[serde(default)]
    pub kms_key_id: Option<String>,
    #[serde(default)]
    pub throughput: Option<i64>,
    #[serde(default)]
    pub encrypted: Option<bool>,
}

/// One `BlockDeviceMappings` entry of RunInstances.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BlockDeviceMappingRequest {
    pub device_name: String,
    #[serde(default)]
    pub ebs: Option<EbsRequest>,
    #[serde(default)]
    pub no_device: Option<String>,
    #[serde(default)]
    pub virtual_name: Option<String>,
}

/// An EBS volume attached to an instance, as the instance sees it (the
/// volume itself lives in the region's volumes).
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedVolume {
    pub device_name: String,
    pub volume_id: String,
    pub delete_on_termination: bool,
    pub attach_time: SimTime,
}

/// Smallest and largest size (GiB) of each EBS volume type.
pub fn size_range(volume_type: &str) -> Option<(i64, i64)> {
    match volume_type {
        "standard" => Some((1, 1024)),
        "gp2" => Some((1, 16_384)),
        "gp3" => Some((1, 65_536)),
        "io1" => Some((4, 16_384)),
        "io2" => Some((4, 65_536)),
        "st1" | "sc1" => Some((125, 16_384)),
        _ => None,
    }
}

/// What a launch's mappings resolve to, before any id is drawn.
#[derive(Debug, Clone)]
pub struct PlannedVolume {
    pub device_name: String,
    pub performance: Performance,
    /// The snapshot the volume starts from (the AMI's, for the root).
    pub snapshot_id: String,
    pub delete_on_termination: bool,
}

/// The performance of a volume made from an image's device.
fn image_performance(ebs: &EbsBlockDevice) -> Result<Performance, ApiError> {
    volumes::performance(
        &ebs.volume_type,
        i64::from(ebs.volume_size),
        // gp2's IOPS follow its size; the others' are provisioned.
        ebs.iops.map(i64::from).filter(|_| ebs.volume_type != "gp2"),
        ebs.throughput.map(i64::from),
    )
}

/// Checks the mappings against the AMI and returns the volumes to create,
/// root first. The root keeps the AMI's size and type unless overridden.
pub fn plan(
    image: &Image,
    requests: &[BlockDeviceMappingRequest],
) -> Result<Vec<PlannedVolume>, ApiError> {
    let root_default = image.block_device_mappings.first();
    let snapshot_size = root_default.map_or(8, |m| m.ebs.volume_size);
    let mut root = PlannedVolume {
        device_name: image.root_device_name.clone(),
        performance: match root_default {
            Some(m) => image_performance(&m.ebs)?,
            None => volumes::performance("gp3", 8, None, None)?,
        },
        snapshot_id: root_default
            .map(|m| m.ebs.snapshot_id.clone())
            .unwrap_or_default(),
        delete_on_termination: true,
    };
    // The image's other devices (an AMI of an instance with data volumes),
    // unless the request maps the same device itself.
    let mut extra: Vec<PlannedVolume> = image
        .block_device_mappings
        .iter()
        .skip(1)
        .filter(|m| !requests.iter().any(|r| r.device_name == m.device_name))
        .map(|m| -> Result<PlannedVolume, ApiError> {
            Ok(PlannedVolume {
                device_name: m.device_name.clone(),
                performance: image_performance(&m.ebs)?,
                snapshot_id: m.ebs.snapshot_id.clone(),
                delete_on_termination: m.ebs.delete_on_termination,
            })
        })
        .collect::<Result<_, _>>()?;
    for request in requests {
        if request.no_device.is_some() || request.virtual_name.is_some() {
            continue;
        }
        let ebs = request.ebs.clone().unwrap_or_default();
        let is_root = request.device_name == image.root_device_name;
        let volume_type = ebs.volume_type.clone().unwrap_or_else(|| {
            if is_root {
                root.performance.volume_type.clone()
            } else {
                "gp2".into()
            }
        });
        let size = match (ebs.volume_size, is_root) {
            (Some(size), _) => size,
            (None, true) => i64::from(root.performance.size_gib),
            (None, false) => {
                return Err(ApiError::new(
                    "InvalidBlockDeviceMapping",
                    format!(
                        "The request must contain the parameter size or snapshotId for device {}",
                        request.device_name
                    ),
                ))
            }
        };
        if is_root && size < i64::from(snapshot_size) {
            let snapshot = root_default
                .map(|m| m.ebs.snapshot_id.as_str())
                .unwrap_or_default();
            return Err(ApiError::new("InvalidBlockDeviceMapping", format!("Volume of size {size}GB is smaller than snapshot '{snapshot}', expect size >= {snapshot_size}GB")));
        }
        // Checks size, IOPS and throughput against the type, as CreateVolume does.
        let performance = volumes::performance(&volume_type, size, ebs.iops, ebs.throughput)?;
        if is_root {
            root = PlannedVolume {
                performance,
                delete_on_termination: ebs.delete_on_termination.unwrap_or(true),
                ..root
            };
        } else {
            if extra
                .iter()
                .any(|v: &PlannedVolume| v.device_name == request.device_name)
            {
                return Err(ApiError::new(
                    "InvalidBlockDeviceMapping",
                    format!(
                        "The device '{}' is used in more than one block-device mapping",
                        request.device_name
                    ),
                ));
            }
            extra.push(PlannedVolume {
                device_name: request.device_name.clone(),
                performance,
                snapshot_id: ebs.snapshot_id.clone().unwrap_or_default(),
                // Volumes mapped at launch are deleted with the instance by default.
                delete_on_termination: ebs.delete_on_termination.unwrap_or(true),
            });
        }
    }
    Ok(std::iter::once(root).chain(extra).collect())
}

/// Creates the planned volumes of instance `instance_id` in `zone`,
/// attached from the start: the instance's side of each attachment, and
/// the volumes themselves.
pub fn create(
    ctx: &mut Context,
    instance_id: &str,
    zone: &str,
    planned: &[PlannedVolume],
) -> (Vec<AttachedVolume>, Vec<Volume>) {
    let mut attached = Vec::new();
    let mut created = Vec::new();
    for p in planned {
        let id = ctx.ids.next("vol");
        let mut volume = Volume::new(
            id.clone(),
            zone.to_string(),
            p.performance.clone(),
            p.snapshot_id.clone(),
            ctx.now,
        );
        volume.state = VolumeState::InUse;
        volume.attachment = Some(Attachment {
            instance_id: instance_id.to_string(),
            state: "attached",
        });
        attached.push(AttachedVolume {
            device_name: p.device_name.clone(),
            volume_id: id,
            delete_on_termination: p.delete_on_termination,
            attach_time: ctx.now,
        });
        created.push(volume);
    }
    (attached, created)
}
