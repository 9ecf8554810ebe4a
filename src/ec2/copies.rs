//! CopySnapshot and CopyImage: from another region into the one the
//! request is sent to. The first copy of a snapshot into a region stores
//! all its blocks there; a copied image gets new snapshots and a new id,
//! and its tags only when asked.

use super::images::{self, ImageBlockDeviceMapping};
use super::own_images::ImageIdResponse;
use super::snapshots::snapshot_not_found;
use super::tags::{tags_for, validate_tags, TagSpecification};
use super::{regions, Ec2, RegionState};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde::Serialize;

/// Request of CopySnapshot.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CopySnapshotRequest {
    pub source_region: String,
    pub source_snapshot_id: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub encrypted: Option<bool>,
    #[serde(default)]
    pub kms_key_id: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of CopySnapshot.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CopySnapshotResponse {
    pub snapshot_id: String,
}

/// Request of CopyImage.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CopyImageRequest {
    pub name: String,
    pub source_image_id: String,
    pub source_region: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub encrypted: Option<bool>,
    #[serde(default)]
    pub kms_key_id: Option<String>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub copy_image_tags: Option<bool>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

fn unknown_region(region: &str) -> ApiError {
    ApiError::new(
        "InvalidParameterValue",
        format!("Invalid value '{region}' for SourceRegion. The region does not exist."),
    )
}

impl Ec2 {
    /// The region a copy reads from.
    fn source_region(&self, name: &str) -> Result<&RegionState, ApiError> {
        if !regions::is_known(name) {
            return Err(unknown_region(name));
        }
        self.regions.get(name).ok_or_else(|| unknown_region(name))
    }

    /// CopySnapshot: a completed snapshot of `SourceRegion`, copied into the
    /// request's region.
    pub fn copy_snapshot(
        &mut self,
        ctx: &mut Context,
        request: CopySnapshotRequest,
    ) -> Result<CopySnapshotResponse, ApiError> {
        let id = &request.source_snapshot_id;
        let source = self
            .source_region(&request.source_region)?
            .snapshots
            .get(id)
            .cloned()
            .ok_or_else(|| snapshot_not_found(id))?;
        if source.state(ctx.now) != "completed" {
            return Err(ApiError::new(
                "IncorrectState",
                format!("Snapshot {id} is not in a completed state"),
            ));
        }
        let tags = tags_for(&request.tag_specifications, "snapshot");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let description = request
            .description
            .unwrap_or_else(|| format!("[Copied {id} from {}]", request.source_region));
        let (region, timers) = self
            .region_and_timers(ctx.region)
            .ok_or_else(|| unknown_region(ctx.region))?;
        let snapshot_id = region.add_copied_snapshot(ctx, timers, &source, description);
        region.tags.set(&snapshot_id, &tags);
        Ok(CopySnapshotResponse { snapshot_id })
    }

    /// CopyImage: an image of `SourceRegion` (the account's own or a public
    /// one) copied into the request's region with new snapshots, `pending`
    /// until they are copied.
    pub fn copy_image(
        &mut self,
        ctx: &mut Context,
        request: CopyImageRequest,
    ) -> Result<ImageIdResponse, ApiError> {
        let id = &request.source_image_id;
        images::check_image_id(id)?;
        let source_region = self.source_region(&request.source_region)?;
        let image = source_region
            .images
            .iter()
            .find(|i| &i.image_id == id)
            .cloned()
            .ok_or_else(|| images::not_found(std::slice::from_ref(id)))?;
        if image.state != "available" {
            return Err(ApiError::new(
                "InvalidAMIID.Unavailable",
                format!("AMI '{id}' is {}, and cannot be copied", image.state),
            ));
        }
        let sources: Vec<_> = image
            .block_device_mappings
            .iter()
            .map(|m| source_region.snapshots.get(&m.ebs.snapshot_id).cloned())
            .collect();
        let source_tags = source_region.tags.of(id);
        let tags = tags_for(&request.tag_specifications, "image");
        validate_tags(&tags)?;
        let (region, timers) = self
            .region_and_timers(ctx.region)
            .ok_or_else(|| unknown_region(ctx.region))?;
        region.check_name_free(&request.name)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let description = format!(
            "Copied for DestinationAmi from SourceAmi {id} from SourceRegion {}",
            request.source_region
        );
        let mut mappings = Vec::new();
        let mut ready_at = ctx.now;
        for (index, (mapping, source)) in
            image.block_device_mappings.iter().zip(sources).enumerate()
        {
            let snapshot_id = match &source {
                Some(source) => {
                    region.add_copied_snapshot(ctx, timers, source, description.clone())
                }
                None => region.add_copied_os_snapshot(
                    ctx,
                    timers,
                    mapping.ebs.volume_size,
                    if index == 0 { image.os_blocks() } else { 0 },
                    description.clone(),
                ),
            };
            if let Some(copy) = region.snapshots.get(&snapshot_id) {
                ready_at = ready_at.max(copy.completion_time);
            }
            mappings.push(ImageBlockDeviceMapping {
                ebs: super::images::EbsBlockDevice {
                    snapshot_id,
                    ..mapping.ebs.clone()
                },
                device_name: mapping.device_name.clone(),
            });
        }
        let root_device_name = image.root_device_name.clone();
        let image_id = region.add_own_image(
            ctx,
            timers,
            Some(image),
            super::own_images::NewImage {
                name: request.name,
                description: request.description.unwrap_or_default(),
                root_device_name,
                block_device_mappings: mappings,
                ready_at,
            },
        );
        let mut all_tags = if request.copy_image_tags.unwrap_or(false) {
            source_tags
        } else {
            Vec::new()
        };
        all_tags.extend(tags);
        region.tags.set(&image_id, &all_tags);
        Ok(ImageIdResponse { image_id })
    }
}
