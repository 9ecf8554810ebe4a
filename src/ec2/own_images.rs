//! The account's own AMIs: CreateImage from an instance (one snapshot per
//! EBS volume; the image is `pending` until they complete), RegisterImage
//! from snapshots, DeregisterImage (the snapshots stay, and keep costing),
//! and CreateSnapshots of all of an instance's volumes at once.

use super::block_devices::BlockDeviceMappingRequest;
use super::images::{EbsBlockDevice, Image, ImageBlockDeviceMapping, OsFamily};
use super::instances::InstanceState;
use super::snapshots::{snapshot_not_found, SnapshotDescription};
use super::tags::{tags_for, validate_tags, TagSpecification};
use super::{RegionState, Timer, TimerKind};
use crate::kernel::clock;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler, SimTime};
use crate::sts::ACCOUNT_ID;
use serde::Serialize;

/// Request of CreateImage.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateImageRequest {
    pub instance_id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub no_reboot: Option<bool>,
    #[serde(default)]
    pub block_device_mappings: Vec<BlockDeviceMappingRequest>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of RegisterImage.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RegisterImageRequest {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub architecture: Option<String>,
    #[serde(default)]
    pub root_device_name: Option<String>,
    #[serde(default)]
    pub block_device_mappings: Vec<BlockDeviceMappingRequest>,
    #[serde(default)]
    pub virtualization_type: Option<String>,
    #[serde(default)]
    pub ena_support: Option<bool>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeregisterImage.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeregisterImageRequest {
    pub image_id: String,
    #[serde(default)]
    pub delete_associated_snapshots: Option<bool>,
    #[serde(default)]
    pub dry_run: bool,
}

/// `InstanceSpecification` of CreateSnapshots.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceSpecification {
    pub instance_id: String,
    #[serde(default)]
    pub exclude_boot_volume: Option<bool>,
    #[serde(default)]
    pub exclude_data_volume_ids: Vec<String>,
}

/// Request of CreateSnapshots.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSnapshotsRequest {
    pub instance_specification: InstanceSpecification,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub copy_tags_from_source: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of CreateImage and RegisterImage.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ImageIdResponse {
    pub image_id: String,
}

/// One `DeleteSnapshotResults` entry of DeregisterImage.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteSnapshotResult {
    pub snapshot_id: String,
    pub return_code: &'static str,
}

/// Response of DeregisterImage.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeregisterImageResponse {
    #[serde(rename = "Return")]
    pub result: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_snapshot_results: Option<Vec<DeleteSnapshotResult>>,
}

/// Response of CreateSnapshots.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateSnapshotsResponse {
    pub snapshots: Vec<SnapshotDescription>,
}

/// What an own image is made of.
pub(super) struct NewImage {
    pub name: String,
    pub description: String,
    pub root_device_name: String,
    pub block_device_mappings: Vec<ImageBlockDeviceMapping>,
    /// When its last snapshot completes.
    pub ready_at: SimTime,
}

/// Checks AWS's rules for AMI names: 3 to 128 characters from letters,
/// digits and `( ) [ ] . / - ' @ _` and space.
fn check_name(name: &str) -> Result<(), ApiError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || "()[] ./-'@_".contains(c);
    if (3..=128).contains(&name.chars().count()) && name.chars().all(allowed) {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidAMIName.Malformed",
            "AMI names must be between 3 and 128 characters long, and may contain letters, numbers, '(', ')', '.', '-', '/' and '_'",
        ))
    }
}

/// `CreationDate` as DescribeImages prints it: `2025-06-02T09:00:00.000Z`.
fn creation_date(now: SimTime) -> String {
    let iso = clock::iso8601(now);
    format!("{}.000Z", iso.get(..19).unwrap_or(&iso))
}

impl RegionState {
    pub(super) fn check_name_free(&self, name: &str) -> Result<(), ApiError> {
        match self
            .images
            .iter()
            .find(|i| i.owner_id == ACCOUNT_ID && i.name == name)
        {
            Some(taken) => Err(ApiError::new(
                "InvalidAMIName.Duplicate",
                format!(
                    "AMI name {name} is already in use by AMI {}",
                    taken.image_id
                ),
            )),
            None => Ok(()),
        }
    }

    /// Adds `new`, described like the image `like` (the AMI the source
    /// instance came from, when there is one), `pending` until its
    /// snapshots are complete.
    pub(super) fn add_own_image(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        like: Option<Image>,
        new: NewImage,
    ) -> String {
        let NewImage {
            name,
            description,
            root_device_name,
            block_device_mappings,
            ready_at,
        } = new;
        let image_id = ctx.ids.next("ami");
        let family = like
            .as_ref()
            .map_or(OsFamily::AmazonLinux2023, |i| i.family);
        let image = Image {
            block_device_mappings,
            description,
            image_owner_alias: None,
            image_location: format!("{ACCOUNT_ID}/{name}"),
            name,
            root_device_name,
            tags: None,
            deprecation_time: None,
            image_id: image_id.clone(),
            state: if ready_at > ctx.now {
                "pending"
            } else {
                "available"
            }
            .into(),
            owner_id: ACCOUNT_ID.into(),
            creation_date: creation_date(ctx.now),
            public: false,
            family,
            ..like.or_else(|| base_image(family)).unwrap_or_default()
        };
        self.images.push(image);
        timers.schedule(
            ready_at,
            Timer {
                region: self.name.clone(),
                resource_id: image_id.clone(),
                transition: 0,
                kind: TimerKind::ImageAvailable,
            },
        );
        ctx.created("image", image_id.clone());
        image_id
    }

    /// The image `image_id` finished: its snapshots are complete.
    pub(super) fn image_available(&mut self, ctx: &mut Context, image_id: &str) {
        if let Some(image) = self.images.iter_mut().find(|i| i.image_id == image_id) {
            image.state = "available".into();
            ctx.changed("image", image_id.to_string());
        }
    }

    /// CreateImage: a snapshot of each EBS volume of the instance (after a
    /// reboot unless NoReboot, so that the files are flushed: services not
    /// enabled at boot stop), and an image `pending` until they complete.
    pub fn create_image(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: CreateImageRequest,
    ) -> Result<ImageIdResponse, ApiError> {
        let id = &request.instance_id;
        let instance = self.instance(id)?;
        if !matches!(
            instance.state,
            InstanceState::Running | InstanceState::Stopping | InstanceState::Stopped
        ) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Invalid value '{id}' for instanceId. Instance is not in state 'running' or 'stopping' or 'stopped'"),
            ));
        }
        check_name(&request.name)?;
        self.check_name_free(&request.name)?;
        let image_tags = tags_for(&request.tag_specifications, "image");
        let snapshot_tags = tags_for(&request.tag_specifications, "snapshot");
        validate_tags(&image_tags)?;
        validate_tags(&snapshot_tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let like = self
            .images
            .iter()
            .find(|i| i.image_id == instance.image_id)
            .cloned();
        let root_device_name = instance.root_device_name.clone();
        let attached = instance.volumes.clone();
        let running = instance.state == InstanceState::Running;
        if running && !request.no_reboot.unwrap_or(false) {
            self.reboot_guest(id, ctx.now);
        }
        // The image id is drawn before the snapshots', as their descriptions
        // name it.
        let image_id_hint = format!("CreateImage({id})");
        let mut mappings = Vec::new();
        let mut ready_at = ctx.now;
        let mut snapshot_ids = Vec::new();
        for volume in &attached {
            let snapshot_id = self.take_snapshot(
                ctx,
                timers,
                &volume.volume_id,
                format!("Created by {image_id_hint}"),
                &snapshot_tags,
            );
            let Some(snapshot) = self.snapshots.get(&snapshot_id) else {
                continue;
            };
            ready_at = ready_at.max(snapshot.completion_time);
            let performance = self
                .volumes
                .get(&volume.volume_id)
                .map(|v| v.performance.clone());
            mappings.push(ImageBlockDeviceMapping {
                ebs: EbsBlockDevice {
                    delete_on_termination: volume.delete_on_termination,
                    iops: performance.as_ref().and_then(|p| p.iops),
                    snapshot_id: snapshot_id.clone(),
                    volume_size: snapshot.volume_size_gib,
                    volume_type: performance
                        .as_ref()
                        .map_or_else(|| "gp3".into(), |p| p.volume_type.clone()),
                    throughput: performance.and_then(|p| p.throughput),
                    encrypted: snapshot.encrypted,
                },
                device_name: volume.device_name.clone(),
            });
            snapshot_ids.push(snapshot_id);
        }
        let image_id = self.add_own_image(
            ctx,
            timers,
            like,
            NewImage {
                name: request.name,
                description: request.description.unwrap_or_default(),
                root_device_name,
                block_device_mappings: mappings,
                ready_at,
            },
        );
        // AWS's description of a CreateImage snapshot names both ends.
        for snapshot_id in snapshot_ids {
            if let Some(snapshot) = self.snapshots.get_mut(&snapshot_id) {
                snapshot.description = format!("Created by {image_id_hint} for {image_id}");
            }
        }
        self.tags.set(&image_id, &image_tags);
        Ok(ImageIdResponse { image_id })
    }

    /// RegisterImage: an AMI from existing snapshots.
    pub fn register_image(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: RegisterImageRequest,
    ) -> Result<ImageIdResponse, ApiError> {
        check_name(&request.name)?;
        self.check_name_free(&request.name)?;
        let root_device_name = request
            .root_device_name
            .clone()
            .unwrap_or_else(|| "/dev/xvda".into());
        let mut mappings = Vec::new();
        let mut ready_at = ctx.now;
        let mut like = None;
        for mapping in &request.block_device_mappings {
            let Some(ebs) = &mapping.ebs else {
                continue;
            };
            let snapshot_id = ebs.snapshot_id.clone().unwrap_or_default();
            let snapshot = self
                .snapshots
                .get(&snapshot_id)
                .ok_or_else(|| snapshot_not_found(&snapshot_id))?;
            let size = ebs
                .volume_size
                .unwrap_or(i64::from(snapshot.volume_size_gib));
            if size < i64::from(snapshot.volume_size_gib) {
                return Err(ApiError::new(
                    "InvalidBlockDeviceMapping",
                    format!(
                        "Volume of size {size}GB is smaller than snapshot '{snapshot_id}', expect size >= {}GB",
                        snapshot.volume_size_gib
                    ),
                ));
            }
            let volume_type = ebs.volume_type.clone().unwrap_or_else(|| "gp2".into());
            let performance =
                super::volumes::performance(&volume_type, size, ebs.iops, ebs.throughput)?;
            ready_at = ready_at.max(snapshot.completion_time);
            if mapping.device_name == root_device_name {
                like = snapshot.guest.as_ref().and_then(|g| base_image(g.family));
            }
            mappings.push(ImageBlockDeviceMapping {
                ebs: EbsBlockDevice {
                    delete_on_termination: ebs.delete_on_termination.unwrap_or(true),
                    iops: performance.iops,
                    snapshot_id,
                    volume_size: performance.size_gib,
                    volume_type,
                    throughput: performance.throughput,
                    encrypted: snapshot.encrypted,
                },
                device_name: mapping.device_name.clone(),
            });
        }
        if !mappings.iter().any(|m| m.device_name == root_device_name) {
            return Err(ApiError::new(
                "InvalidBlockDeviceMapping",
                format!(
                    "The device '{root_device_name}' must have a snapshot: it is the root device."
                ),
            ));
        }
        let tags = tags_for(&request.tag_specifications, "image");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let like = like.map(|mut image| {
            if let Some(architecture) = &request.architecture {
                image.architecture = architecture.clone();
            }
            image.ena_support = request.ena_support.unwrap_or(image.ena_support);
            image
        });
        let image_id = self.add_own_image(
            ctx,
            timers,
            like,
            NewImage {
                name: request.name,
                description: request.description.unwrap_or_default(),
                root_device_name,
                block_device_mappings: mappings,
                ready_at,
            },
        );
        self.tags.set(&image_id, &tags);
        Ok(ImageIdResponse { image_id })
    }

    /// DeregisterImage: only the account's own images. Instances launched
    /// from it keep running; its snapshots stay unless asked to go.
    pub fn deregister_image(
        &mut self,
        ctx: &mut Context,
        request: DeregisterImageRequest,
    ) -> Result<DeregisterImageResponse, ApiError> {
        let id = request.image_id.as_str();
        super::images::check_image_id(id)?;
        let Some(position) = self.images.iter().position(|i| i.image_id == id) else {
            return Err(super::images::not_found(&[id.to_string()]));
        };
        if self.images[position].owner_id != ACCOUNT_ID {
            return Err(ApiError::new(
                "AuthFailure",
                format!("Not authorized for image:{id}"),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let image = self.images.remove(position);
        self.deleted(ctx, "image", id);
        let delete_snapshot_results =
            request
                .delete_associated_snapshots
                .unwrap_or(false)
                .then(|| {
                    image
                        .block_device_mappings
                        .iter()
                        .map(|m| {
                            let snapshot_id = m.ebs.snapshot_id.clone();
                            let request = super::snapshots::DeleteSnapshotRequest {
                                snapshot_id: snapshot_id.clone(),
                                dry_run: false,
                            };
                            let return_code = match self.delete_snapshot(ctx, request) {
                                Ok(()) => "success",
                                Err(_) => "client-error",
                            };
                            DeleteSnapshotResult {
                                snapshot_id,
                                return_code,
                            }
                        })
                        .collect()
                });
        Ok(DeregisterImageResponse {
            result: true,
            delete_snapshot_results,
        })
    }

    /// CreateSnapshots: one crash-consistent snapshot of each EBS volume of
    /// an instance, at the same moment.
    pub fn create_snapshots(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: CreateSnapshotsRequest,
    ) -> Result<CreateSnapshotsResponse, ApiError> {
        let spec = &request.instance_specification;
        let instance = self.instance(&spec.instance_id)?;
        let tags = tags_for(&request.tag_specifications, "snapshot");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let volumes: Vec<String> = instance
            .volumes
            .iter()
            .enumerate()
            .filter(|(index, _)| !(*index == 0 && spec.exclude_boot_volume.unwrap_or(false)))
            .map(|(_, v)| v.volume_id.clone())
            .filter(|v| !spec.exclude_data_volume_ids.contains(v))
            .collect();
        let description = request.description.unwrap_or_default();
        let mut snapshots = Vec::new();
        for volume_id in volumes {
            let volume_tags = if request.copy_tags_from_source.as_deref() == Some("volume") {
                let mut all = self.tags.of(&volume_id);
                all.extend(tags.iter().cloned());
                all
            } else {
                tags.clone()
            };
            let id = self.take_snapshot(ctx, timers, &volume_id, description.clone(), &volume_tags);
            if let Some(snapshot) = self.snapshots.get(&id) {
                snapshots.push(self.describe_snapshot(snapshot, ctx.now));
            }
        }
        Ok(CreateSnapshotsResponse { snapshots })
    }
}

/// What an own image inherits when nothing is known of its source: the
/// public catalog's image of `family`.
fn base_image(family: OsFamily) -> Option<Image> {
    super::images::public_images("us-east-1")
        .into_iter()
        .find(|i| i.family == family)
}
