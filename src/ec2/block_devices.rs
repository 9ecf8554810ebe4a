//! Block device mappings at launch: the root volume from the AMI (its size
//! and type may be overridden) and extra EBS volumes, each attached under a
//! device name with its DeleteOnTermination flag.

use super::images::Image;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, IdGenerator};

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

/// An EBS volume attached to an instance.
#[derive(Debug, Clone, PartialEq)]
pub struct AttachedVolume {
    pub device_name: String,
    pub volume_id: String,
    pub size_gib: u32,
    pub volume_type: String,
    pub delete_on_termination: bool,
}

/// Smallest and largest size (GiB) of each EBS volume type.
fn size_range(volume_type: &str) -> Option<(i64, i64)> {
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
    pub size_gib: u32,
    pub volume_type: String,
    pub delete_on_termination: bool,
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
        size_gib: snapshot_size,
        volume_type: root_default.map_or("gp3".into(), |m| m.ebs.volume_type.clone()),
        delete_on_termination: true,
    };
    let mut extra = Vec::new();
    for request in requests {
        if request.no_device.is_some() || request.virtual_name.is_some() {
            continue;
        }
        let ebs = request.ebs.clone().unwrap_or_default();
        let is_root = request.device_name == image.root_device_name;
        let volume_type = ebs.volume_type.clone().unwrap_or_else(|| {
            if is_root {
                root.volume_type.clone()
            } else {
                "gp2".into()
            }
        });
        let (min, max) = size_range(&volume_type)
            .ok_or_else(|| ApiError::invalid_value(&volume_type, "volumeType"))?;
        let size = match (ebs.volume_size, is_root) {
            (Some(size), _) => size,
            (None, true) => i64::from(root.size_gib),
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
        if !(min..=max).contains(&size) {
            return Err(ApiError::new("InvalidParameterValue", format!("Volume of {size}GiB is not a valid size for volume type {volume_type}: it must be between {min} and {max} GiB.")));
        }
        let size_gib = u32::try_from(size).unwrap_or(u32::MAX);
        if is_root {
            root = PlannedVolume {
                size_gib,
                volume_type,
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
                size_gib,
                volume_type,
                // Volumes mapped at launch are deleted with the instance by default.
                delete_on_termination: ebs.delete_on_termination.unwrap_or(true),
            });
        }
    }
    Ok(std::iter::once(root).chain(extra).collect())
}

/// Creates the planned volumes, drawing their ids.
pub fn create(ids: &mut IdGenerator, planned: &[PlannedVolume]) -> Vec<AttachedVolume> {
    planned
        .iter()
        .map(|p| AttachedVolume {
            device_name: p.device_name.clone(),
            volume_id: ids.next("vol"),
            size_gib: p.size_gib,
            volume_type: p.volume_type.clone(),
            delete_on_termination: p.delete_on_termination,
        })
        .collect()
}
