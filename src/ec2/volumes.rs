//! EBS volumes: CreateVolume, DescribeVolumes, AttachVolume, DetachVolume,
//! DeleteVolume and ModifyVolume, with the states AWS moves them through
//! (creating → available ⇄ in-use → deleting) over simulated time.

use super::block_devices::{self, AttachedVolume};
use super::filters::{self, Filter, Filterable};
use super::paging::{self, PageRequest};
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::{RegionState, Timer, TimerKind};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler, SimTime};
use serde::Serialize;

/// Seconds a new volume stays `creating`.
const CREATE_SECONDS: u64 = 5;
/// Seconds an attachment stays `attaching` or `detaching`.
const ATTACH_SECONDS: u64 = 3;
/// Seconds a deleted volume stays `deleting` before it is gone.
const DELETE_SECONDS: u64 = 10;
/// Seconds a modification stays `modifying`, then `optimizing`.
const MODIFY_SECONDS: u64 = 60;
/// Modifications one volume may start in a rolling 24 hours.
const MODIFICATIONS_PER_DAY: usize = 4;

/// A volume's timed step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeStep {
    /// creating → available.
    Ready,
    /// attaching → attached.
    Attached,
    /// detaching → detached (the volume `available`).
    Detached,
    /// deleting → gone.
    Gone,
    /// A modification's modifying → optimizing.
    Optimizing,
    /// A modification's optimizing → completed.
    Modified,
}

/// Where a volume is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VolumeState {
    Creating,
    Available,
    InUse,
    Deleting,
}

impl VolumeState {
    /// The API's name of the state.
    pub fn name(self) -> &'static str {
        match self {
            Self::Creating => "creating",
            Self::Available => "available",
            Self::InUse => "in-use",
            Self::Deleting => "deleting",
        }
    }
}

/// The attachment of a volume to an instance, as the volume sees it (the
/// device name and DeleteOnTermination live on the instance's side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub instance_id: String,
    /// `attaching`, `attached` or `detaching`.
    pub state: &'static str,
}

/// A volume size or performance change under way or done.
#[derive(Debug, Clone, PartialEq)]
pub struct Modification {
    pub original: Performance,
    pub target: Performance,
    /// `modifying`, `optimizing` or `completed`.
    pub state: &'static str,
    pub start_time: SimTime,
    pub end_time: Option<SimTime>,
}

/// What ModifyVolume can change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Performance {
    pub size_gib: u32,
    pub volume_type: String,
    pub iops: Option<u32>,
    pub throughput: Option<u32>,
}

/// An EBS volume.
#[derive(Debug, Clone, PartialEq)]
pub struct Volume {
    pub id: String,
    pub availability_zone: String,
    pub performance: Performance,
    pub encrypted: bool,
    /// The snapshot it was created from, or empty.
    pub snapshot_id: String,
    pub create_time: SimTime,
    pub state: VolumeState,
    pub attachment: Option<Attachment>,
    pub modification: Option<Modification>,
    /// When each modification started, for the rate limit.
    pub modification_starts: Vec<SimTime>,
    /// Counts state changes, so that a timer set for an earlier one is ignored.
    pub transition: u64,
    /// What `mkfs` made on it (data volumes; the root's files live in the
    /// guest).
    pub filesystem: Option<super::guest::disks::VolumeFilesystem>,
}

/// Request of CreateVolume.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateVolumeRequest {
    #[serde(default)]
    pub availability_zone: Option<String>,
    /// The zone by its id (`use1-az6`) instead of its name.
    #[serde(default)]
    pub availability_zone_id: Option<String>,
    #[serde(default)]
    pub size: Option<i64>,
    #[serde(default)]
    pub snapshot_id: Option<String>,
    #[serde(default)]
    pub volume_type: Option<String>,
    #[serde(default)]
    pub iops: Option<i64>,
    #[serde(default)]
    pub throughput: Option<i64>,
    #[serde(default)]
    pub encrypted: Option<bool>,
    #[serde(default)]
    pub kms_key_id: Option<String>,
    #[serde(default)]
    pub multi_attach_enabled: Option<bool>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeleteVolume.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteVolumeRequest {
    pub volume_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of AttachVolume.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttachVolumeRequest {
    pub device: String,
    pub instance_id: String,
    pub volume_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DetachVolume.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DetachVolumeRequest {
    pub volume_id: String,
    #[serde(default)]
    pub instance_id: Option<String>,
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub force: Option<bool>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of ModifyVolume.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyVolumeRequest {
    pub volume_id: String,
    #[serde(default)]
    pub size: Option<i64>,
    #[serde(default)]
    pub volume_type: Option<String>,
    #[serde(default)]
    pub iops: Option<i64>,
    #[serde(default)]
    pub throughput: Option<i64>,
    #[serde(default)]
    pub multi_attach_enabled: Option<bool>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeVolumes.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeVolumesRequest {
    #[serde(default)]
    pub volume_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeVolumesModifications: the same members as
/// DescribeVolumes.
pub type DescribeVolumesModificationsRequest = DescribeVolumesRequest;

/// `Attachments` entry of a volume, and the response of Attach/DetachVolume.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeAttachment {
    pub attach_time: Iso8601,
    pub device: String,
    pub instance_id: String,
    pub state: &'static str,
    pub volume_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delete_on_termination: Option<bool>,
}

/// A volume as the API prints it (also the response of CreateVolume).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeDescription {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<VolumeAttachment>>,
    pub availability_zone: String,
    pub create_time: Iso8601,
    pub encrypted: bool,
    pub size: u32,
    pub snapshot_id: String,
    pub state: &'static str,
    pub volume_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub volume_type: String,
    pub multi_attach_enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput: Option<u32>,
}

/// Response of DescribeVolumes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumesResponse {
    pub volumes: Vec<VolumeDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// A modification as the API prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VolumeModification {
    pub volume_id: String,
    pub modification_state: &'static str,
    pub target_size: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_iops: Option<u32>,
    pub target_volume_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_throughput: Option<u32>,
    pub target_multi_attach_enabled: bool,
    pub original_size: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_iops: Option<u32>,
    pub original_volume_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_throughput: Option<u32>,
    pub original_multi_attach_enabled: bool,
    pub progress: u8,
    pub start_time: Iso8601,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_time: Option<Iso8601>,
}

/// Response of ModifyVolume.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ModifyVolumeResponse {
    pub volume_modification: VolumeModification,
}

/// Response of DescribeVolumesModifications.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeVolumesModificationsResponse {
    pub volumes_modifications: Vec<VolumeModification>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Filterable for VolumeDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let attachments = |f: fn(&VolumeAttachment) -> String| {
            Some(self.attachments.iter().flatten().map(f).collect())
        };
        let one = |value: String| Some(vec![value]);
        match name {
            "volume-id" => one(self.volume_id.clone()),
            "status" => one(self.state.into()),
            "availability-zone" => one(self.availability_zone.clone()),
            "size" => one(self.size.to_string()),
            "snapshot-id" => one(self.snapshot_id.clone()),
            "volume-type" => one(self.volume_type.clone()),
            "encrypted" => one(self.encrypted.to_string()),
            "create-time" => one(self.create_time.to_string()),
            "multi-attach-enabled" => one(self.multi_attach_enabled.to_string()),
            "attachment.instance-id" => attachments(|a| a.instance_id.clone()),
            "attachment.device" => attachments(|a| a.device.clone()),
            "attachment.status" => attachments(|a| a.state.into()),
            "attachment.attach-time" => attachments(|a| a.attach_time.to_string()),
            "attachment.delete-on-termination" => {
                attachments(|a| a.delete_on_termination.unwrap_or_default().to_string())
            }
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}

impl Filterable for VolumeModification {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |value: String| Some(vec![value]);
        match name {
            "volume-id" => one(self.volume_id.clone()),
            "modification-state" => one(self.modification_state.into()),
            "target-size" => one(self.target_size.to_string()),
            "target-volume-type" => one(self.target_volume_type.clone()),
            "original-size" => one(self.original_size.to_string()),
            "original-volume-type" => one(self.original_volume_type.clone()),
            "start-time" => one(self.start_time.to_string()),
            _ => None,
        }
    }
}

/// `InvalidVolume.NotFound`.
pub fn volume_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidVolume.NotFound",
        format!("The volume '{id}' does not exist."),
    )
}

/// A volume's checked performance: size in range for its type, IOPS and
/// throughput where the type takes them, with AWS's defaults.
pub fn performance(
    volume_type: &str,
    size: i64,
    iops: Option<i64>,
    throughput: Option<i64>,
) -> Result<Performance, ApiError> {
    let (min, max) = block_devices::size_range(volume_type)
        .ok_or_else(|| ApiError::invalid_value(volume_type, "volumeType"))?;
    if size > max {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Volume of {size}GiB is too large for volume type {volume_type}; maximum is {max}GiB"),
        ));
    }
    if size < min {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Volume of {size}GiB is too small; minimum is {min}GiB"),
        ));
    }
    if throughput.is_some() && volume_type != "gp3" {
        return Err(ApiError::new(
            "InvalidParameterCombination",
            "throughput can only be specified for volumeType gp3.",
        ));
    }
    let size_gib = u32::try_from(size).unwrap_or(u32::MAX);
    let iops = match (volume_type, iops) {
        ("io1" | "io2", None) => {
            return Err(ApiError::new(
                "MissingParameter",
                format!(
                    "The request must contain the parameter iops for volume type {volume_type}"
                ),
            ))
        }
        ("gp2" | "st1" | "sc1" | "standard", Some(_)) => {
            return Err(ApiError::new(
                "InvalidParameterCombination",
                format!("The parameter iops is not supported for {volume_type} volumes."),
            ))
        }
        ("io1" | "io2", Some(iops)) => {
            let most_per_gib = if volume_type == "io1" { 50 } else { 500 };
            if iops > size.saturating_mul(most_per_gib) {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!(
                        "Iops to volume size ratio of {:.6} is too high; maximum is {most_per_gib}",
                        iops as f64 / size as f64
                    ),
                ));
            }
            Some(iops)
        }
        ("gp3", iops) => Some(iops.unwrap_or(3000)),
        // gp2: a baseline of 3 IOPS per GiB, at least 100 and at most 16,000.
        ("gp2", None) => Some((size.saturating_mul(3)).clamp(100, 16_000)),
        _ => None,
    };
    let iops = iops.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
    let throughput = (volume_type == "gp3").then(|| throughput.unwrap_or(125));
    Ok(Performance {
        size_gib,
        volume_type: volume_type.to_string(),
        iops,
        throughput: throughput.map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
    })
}

impl Volume {
    /// A new volume, `creating` unless it is made attached at a launch.
    pub fn new(
        id: String,
        availability_zone: String,
        performance: Performance,
        snapshot_id: String,
        now: SimTime,
    ) -> Self {
        Self {
            id,
            availability_zone,
            performance,
            encrypted: false,
            snapshot_id,
            create_time: now,
            state: VolumeState::Creating,
            attachment: None,
            modification: None,
            modification_starts: Vec::new(),
            transition: 0,
            filesystem: None,
        }
    }
}

impl RegionState {
    /// The volume `id`.
    pub fn volume(&self, id: &str) -> Result<&Volume, ApiError> {
        self.volumes.get(id).ok_or_else(|| volume_not_found(id))
    }

    /// The size (GiB) of the root volume of instance `instance_id`.
    pub fn root_volume_gib(&self, instance_id: &str) -> Option<u32> {
        let root = self.instances.get(instance_id)?.volumes.first()?;
        Some(self.volumes.get(&root.volume_id)?.performance.size_gib)
    }

    /// The instance's side of the attachment of `volume`.
    fn attached_volume(&self, volume: &Volume) -> Option<&AttachedVolume> {
        let attachment = volume.attachment.as_ref()?;
        self.instances
            .get(&attachment.instance_id)?
            .volumes
            .iter()
            .find(|v| v.volume_id == volume.id)
    }

    fn describe_attachment(&self, volume: &Volume) -> Option<VolumeAttachment> {
        let attachment = volume.attachment.as_ref()?;
        let attached = self.attached_volume(volume)?;
        Some(VolumeAttachment {
            attach_time: Iso8601(attached.attach_time),
            device: attached.device_name.clone(),
            instance_id: attachment.instance_id.clone(),
            state: attachment.state,
            volume_id: volume.id.clone(),
            delete_on_termination: Some(attached.delete_on_termination),
        })
    }

    fn describe_volume(&self, volume: &Volume) -> VolumeDescription {
        VolumeDescription {
            attachments: Some(self.describe_attachment(volume).into_iter().collect()),
            availability_zone: volume.availability_zone.clone(),
            create_time: Iso8601(volume.create_time),
            encrypted: volume.encrypted,
            size: volume.performance.size_gib,
            snapshot_id: volume.snapshot_id.clone(),
            state: volume.state.name(),
            volume_id: volume.id.clone(),
            iops: volume.performance.iops,
            tags: self.tags.optional(&volume.id),
            volume_type: volume.performance.volume_type.clone(),
            multi_attach_enabled: false,
            throughput: volume.performance.throughput,
        }
    }

    /// Moves `id` on and sets the timer of its next step.
    fn volume_step(
        &mut self,
        timers: &mut Scheduler<Timer>,
        id: &str,
        at: SimTime,
        step: VolumeStep,
        change: impl FnOnce(&mut Volume),
    ) {
        if let Some(volume) = self.volumes.get_mut(id) {
            change(volume);
            volume.transition += 1;
            timers.schedule(
                at,
                Timer {
                    region: self.name.clone(),
                    resource_id: id.to_string(),
                    transition: volume.transition,
                    kind: TimerKind::Volume(step),
                },
            );
        }
    }

    /// CreateVolume: `creating` for a few seconds, then `available`.
    pub fn create_volume(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: CreateVolumeRequest,
    ) -> Result<VolumeDescription, ApiError> {
        let zone = match (&request.availability_zone, &request.availability_zone_id) {
            (Some(zone), _) => zone.clone(),
            (None, Some(id)) => {
                super::regions::zone_name_of_id(&self.name, id).ok_or_else(|| {
                    ApiError::new(
                        "InvalidParameterValue",
                        format!("Invalid availability zone id: [{id}]"),
                    )
                })?
            }
            (None, None) => {
                return Err(ApiError::new(
                    "MissingParameter",
                    "Either AvailabilityZone or AvailabilityZoneId must be specified.",
                ))
            }
        };
        if !super::regions::zone_names(&self.name).contains(&zone) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Invalid availability zone: [{zone}]"),
            ));
        }
        let snapshot_size = match &request.snapshot_id {
            Some(id) => Some(self.snapshot_size(id)?),
            None => None,
        };
        let size = match (request.size, snapshot_size) {
            (Some(size), Some(min)) if size < i64::from(min) => {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Volume of {size}GiB is smaller than snapshot size {min}GiB"),
                ))
            }
            (Some(size), _) => size,
            (None, Some(min)) => i64::from(min),
            (None, None) => {
                return Err(ApiError::new(
                    "MissingParameter",
                    "The request must contain the parameter size or snapshotId",
                ))
            }
        };
        let volume_type = request.volume_type.as_deref().unwrap_or("gp2");
        let performance = performance(volume_type, size, request.iops, request.throughput)?;
        let tags = tags_for(&request.tag_specifications, "volume");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let id = ctx.ids.next("vol");
        let mut volume = Volume::new(
            id.clone(),
            zone,
            performance,
            request.snapshot_id.clone().unwrap_or_default(),
            ctx.now,
        );
        volume.encrypted = request.encrypted.unwrap_or(false);
        self.tags.set(&id, &tags);
        self.volumes.insert(id.clone(), volume);
        if let Some(snapshot_id) = &request.snapshot_id {
            self.restore_from_snapshot(&id, snapshot_id);
        }
        self.volume_step(
            timers,
            &id,
            ctx.now.saturating_add(CREATE_SECONDS),
            VolumeStep::Ready,
            |_| {},
        );
        ctx.created("volume", id.clone());
        let volume = self.volume(&id)?;
        Ok(self.describe_volume(volume))
    }

    /// DeleteVolume: only an `available` volume; it is `deleting` for a few
    /// seconds, then gone.
    pub fn delete_volume(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: DeleteVolumeRequest,
    ) -> Result<(), ApiError> {
        let id = request.volume_id.as_str();
        let volume = self.volume(id)?;
        if let Some(attachment) = &volume.attachment {
            return Err(ApiError::new(
                "VolumeInUse",
                format!(
                    "Volume {id} is currently attached to {}",
                    attachment.instance_id
                ),
            ));
        }
        if volume.state != VolumeState::Available {
            return Err(ApiError::new(
                "IncorrectState",
                format!("The volume '{id}' is '{}'", volume.state.name()),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        self.volume_step(
            timers,
            id,
            ctx.now.saturating_add(DELETE_SECONDS),
            VolumeStep::Gone,
            |v| v.state = VolumeState::Deleting,
        );
        ctx.changed("volume", id.to_string());
        Ok(())
    }

    /// AttachVolume: same zone, instance running or stopped, a free device
    /// name; `attaching` for a few seconds, then `attached`.
    pub fn attach_volume(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: AttachVolumeRequest,
    ) -> Result<VolumeAttachment, ApiError> {
        let (volume_id, instance_id) = (&request.volume_id, &request.instance_id);
        let volume = self.volume(volume_id)?;
        let instance = self.instance(instance_id)?;
        if volume.attachment.is_some() || volume.state == VolumeState::InUse {
            return Err(ApiError::new(
                "VolumeInUse",
                format!("{volume_id} is already attached to an instance"),
            ));
        }
        if volume.state != VolumeState::Available {
            return Err(ApiError::new(
                "IncorrectState",
                format!("The volume '{volume_id}' is not 'available'."),
            ));
        }
        if volume.availability_zone != instance.availability_zone {
            return Err(ApiError::new(
                "InvalidVolume.ZoneMismatch",
                format!("The volume '{volume_id}' is not in the same availability zone as instance '{instance_id}'"),
            ));
        }
        use super::instances::InstanceState::{Running, Stopped};
        if !matches!(instance.state, Running | Stopped) {
            return Err(ApiError::new(
                "IncorrectState",
                format!("Instance '{instance_id}' is not 'running' or 'stopped'."),
            ));
        }
        if !is_device_name(&request.device) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Value ({}) for parameter device is invalid. {} is not a valid EBS device name.", request.device, request.device),
            ));
        }
        if instance
            .volumes
            .iter()
            .any(|v| v.device_name == request.device)
        {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Invalid value '{}' for unixDevice. Attachment point {} is already in use",
                    request.device, request.device
                ),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(instance) = self.instances.get_mut(instance_id) {
            instance.volumes.push(AttachedVolume {
                device_name: request.device.clone(),
                volume_id: volume_id.clone(),
                // Volumes attached after launch outlive their instance by default.
                delete_on_termination: false,
                attach_time: ctx.now,
            });
        }
        self.volume_step(
            timers,
            volume_id,
            ctx.now.saturating_add(ATTACH_SECONDS),
            VolumeStep::Attached,
            |v| {
                v.state = VolumeState::InUse;
                v.attachment = Some(Attachment {
                    instance_id: instance_id.clone(),
                    state: "attaching",
                });
            },
        );
        ctx.changed("volume", volume_id.clone());
        ctx.changed("instance", instance_id.clone());
        let volume = self.volume(volume_id)?;
        self.describe_attachment(volume)
            .map(|a| VolumeAttachment {
                delete_on_termination: None,
                ..a
            })
            .ok_or_else(|| volume_not_found(volume_id))
    }

    /// DetachVolume: `detaching` for a few seconds, then `available`. A root
    /// volume comes off only while its instance is stopped.
    pub fn detach_volume(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: DetachVolumeRequest,
    ) -> Result<VolumeAttachment, ApiError> {
        let volume_id = &request.volume_id;
        let volume = self.volume(volume_id)?;
        let Some(attachment) = &volume.attachment else {
            return Err(ApiError::new(
                "IncorrectState",
                format!(
                    "Volume '{volume_id}' is in the '{}' state.",
                    volume.state.name()
                ),
            ));
        };
        let instance_id = attachment.instance_id.clone();
        if request
            .instance_id
            .as_ref()
            .is_some_and(|given| given != &instance_id)
        {
            return Err(ApiError::new(
                "IncorrectState",
                format!(
                    "Volume '{volume_id}' is not attached to instance '{}'",
                    request.instance_id.as_deref().unwrap_or_default()
                ),
            ));
        }
        let instance = self.instance(&instance_id)?;
        let is_root = self
            .attached_volume(volume)
            .is_some_and(|a| a.device_name == instance.root_device_name);
        if is_root && instance.state != super::instances::InstanceState::Stopped {
            return Err(ApiError::new(
                "IncorrectState",
                format!("Unable to detach root volume '{volume_id}' from instance '{instance_id}'"),
            ));
        }
        if attachment.state == "detaching" {
            return Err(ApiError::new(
                "IncorrectState",
                format!("Volume '{volume_id}' is in the 'detaching' state."),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        self.release_mounts(&instance_id, Some(volume_id));
        let volume = self.volume(volume_id)?;
        let response = self
            .describe_attachment(volume)
            .map(|a| VolumeAttachment {
                state: "detaching",
                delete_on_termination: None,
                ..a
            })
            .ok_or_else(|| volume_not_found(volume_id))?;
        self.volume_step(
            timers,
            volume_id,
            ctx.now.saturating_add(ATTACH_SECONDS),
            VolumeStep::Detached,
            |v| {
                if let Some(a) = v.attachment.as_mut() {
                    a.state = "detaching";
                }
            },
        );
        ctx.changed("volume", volume_id.clone());
        Ok(response)
    }

    /// ModifyVolume: grow, change type, IOPS or throughput; `modifying`, then
    /// `optimizing` (the new size already usable), then `completed`.
    pub fn modify_volume(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: ModifyVolumeRequest,
    ) -> Result<ModifyVolumeResponse, ApiError> {
        let id = &request.volume_id;
        let volume = self.volume(id)?;
        if let Some(m) = &volume.modification {
            if m.state != "completed" {
                return Err(ApiError::new(
                    "IncorrectModificationState",
                    format!(
                        "Cannot modify volume {id} while it is in the '{}' modification state.",
                        m.state
                    ),
                ));
            }
        }
        let day_ago = ctx.now.saturating_sub(24 * 3600);
        if volume
            .modification_starts
            .iter()
            .filter(|t| **t > day_ago)
            .count()
            >= MODIFICATIONS_PER_DAY
        {
            return Err(ApiError::new(
                "VolumeModificationRateExceeded",
                "You've reached the maximum modification rate per volume limit. Wait at least 6 hours between modifications per EBS volume.",
            ));
        }
        let original = volume.performance.clone();
        let size = request.size.unwrap_or(i64::from(original.size_gib));
        if size < i64::from(original.size_gib) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "New size cannot be smaller than existing size {}",
                    original.size_gib
                ),
            ));
        }
        let volume_type = request
            .volume_type
            .clone()
            .unwrap_or_else(|| original.volume_type.clone());
        let same_type = volume_type == original.volume_type;
        let keep = |asked: Option<i64>, had: Option<u32>| {
            asked.or(had.filter(|_| same_type).map(i64::from))
        };
        let iops = if volume_type == "gp2" {
            None
        } else {
            keep(request.iops, original.iops)
        };
        let target = performance(
            &volume_type,
            size,
            iops,
            keep(request.throughput, original.throughput),
        )?;
        if target == original {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("New size, type, IOPS or throughput must differ from the current configuration of volume {id}."),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let now = ctx.now;
        self.volume_step(
            timers,
            id,
            now.saturating_add(MODIFY_SECONDS),
            VolumeStep::Optimizing,
            |v| {
                v.modification = Some(Modification {
                    original,
                    target,
                    state: "modifying",
                    start_time: now,
                    end_time: None,
                });
                v.modification_starts.push(now);
            },
        );
        ctx.changed("volume", id.clone());
        let volume = self.volume(id)?;
        describe_modification(volume, now)
            .map(|volume_modification| ModifyVolumeResponse {
                volume_modification,
            })
            .ok_or_else(|| volume_not_found(id))
    }

    /// A volume timer came due.
    pub(super) fn volume_timer(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        id: &str,
        step: VolumeStep,
    ) {
        let now = ctx.now;
        match step {
            VolumeStep::Ready => {
                if let Some(v) = self.volumes.get_mut(id) {
                    v.state = VolumeState::Available;
                    v.transition += 1;
                }
            }
            VolumeStep::Attached => {
                if let Some(a) = self.volumes.get_mut(id).and_then(|v| v.attachment.as_mut()) {
                    a.state = "attached";
                }
            }
            VolumeStep::Detached => self.release_volume(id),
            VolumeStep::Gone => {
                self.remove_volume(ctx, id);
                return;
            }
            VolumeStep::Optimizing => self.volume_step(
                timers,
                id,
                now.saturating_add(MODIFY_SECONDS),
                VolumeStep::Modified,
                |v| {
                    if let Some(m) = v.modification.as_mut() {
                        m.state = "optimizing";
                        // The new size and performance apply from `optimizing` on.
                        v.performance = m.target.clone();
                    }
                },
            ),
            VolumeStep::Modified => {
                if let Some(m) = self
                    .volumes
                    .get_mut(id)
                    .and_then(|v| v.modification.as_mut())
                {
                    m.state = "completed";
                    m.end_time = Some(now);
                }
            }
        }
        ctx.changed("volume", id.to_string());
    }

    /// Ends the attachment of `volume_id`: off its instance, `available`.
    pub(super) fn release_volume(&mut self, volume_id: &str) {
        let Some(volume) = self.volumes.get_mut(volume_id) else {
            return;
        };
        if let Some(attachment) = volume.attachment.take() {
            if let Some(instance) = self.instances.get_mut(&attachment.instance_id) {
                instance.volumes.retain(|v| v.volume_id != volume_id);
            }
        }
        volume.state = VolumeState::Available;
        volume.transition += 1;
    }

    /// What a terminated instance does to its volumes: those marked
    /// DeleteOnTermination go, the others become `available`.
    pub(super) fn end_volume_attachments(&mut self, ctx: &mut Context, instance_id: &str) {
        let Some(instance) = self.instances.get(instance_id) else {
            return;
        };
        let attached: Vec<AttachedVolume> = instance.volumes.clone();
        for volume in attached {
            self.release_volume(&volume.volume_id);
            if volume.delete_on_termination {
                self.remove_volume(ctx, &volume.volume_id);
            } else {
                ctx.changed("volume", volume.volume_id.clone());
            }
        }
    }

    /// DescribeVolumes.
    pub fn describe_volumes(
        &self,
        request: &DescribeVolumesRequest,
    ) -> Result<DescribeVolumesResponse, ApiError> {
        let (volumes, next_token) = paging::describe_page(
            &self.volumes,
            &request.volume_ids,
            volume_not_found,
            |volume| self.describe_volume(volume),
            &request.filters,
            PageRequest {
                what: "volumes",
                max_results: request.max_results,
                next_token: request.next_token.as_deref(),
                // The CLI asks for pages of 1,000.
                most: 1000,
            },
        )?;
        Ok(DescribeVolumesResponse {
            volumes,
            next_token,
        })
    }

    /// DescribeVolumesModifications: the latest modification of each volume
    /// that has had one.
    pub fn describe_volumes_modifications(
        &self,
        ctx: &Context,
        request: &DescribeVolumesModificationsRequest,
    ) -> Result<DescribeVolumesModificationsResponse, ApiError> {
        let picked = filters::pick(&self.volumes, &request.volume_ids, volume_not_found)?;
        if let Some(unmodified) = request.volume_ids.iter().find(|id| {
            self.volumes
                .get(id.as_str())
                .is_some_and(|v| v.modification.is_none())
        }) {
            return Err(ApiError::new(
                "InvalidVolumeModification.NotFound",
                format!("Modification for volume '{unmodified}' does not exist."),
            ));
        }
        let described = picked
            .into_iter()
            .filter_map(|v| describe_modification(v, ctx.now))
            .collect();
        let (volumes_modifications, next_token) = paging::page(
            "volumes-modifications",
            filters::select(described, &request.filters)?,
            request.max_results,
            request.next_token.as_deref(),
            1000,
        )?;
        Ok(DescribeVolumesModificationsResponse {
            volumes_modifications,
            next_token,
        })
    }
}

/// The volume's latest modification, with its progress at `now`.
fn describe_modification(volume: &Volume, now: SimTime) -> Option<VolumeModification> {
    let m = volume.modification.as_ref()?;
    let elapsed = now.saturating_sub(m.start_time);
    let progress = match m.state {
        "completed" => 100,
        // Progress runs over both the modifying and optimizing phases.
        _ => u8::try_from((elapsed * 100 / (2 * MODIFY_SECONDS)).min(99)).unwrap_or(99),
    };
    Some(VolumeModification {
        volume_id: volume.id.clone(),
        modification_state: m.state,
        target_size: m.target.size_gib,
        target_iops: m.target.iops,
        target_volume_type: m.target.volume_type.clone(),
        target_throughput: m.target.throughput,
        target_multi_attach_enabled: false,
        original_size: m.original.size_gib,
        original_iops: m.original.iops,
        original_volume_type: m.original.volume_type.clone(),
        original_throughput: m.original.throughput,
        original_multi_attach_enabled: false,
        progress,
        start_time: Iso8601(m.start_time),
        end_time: m.end_time.map(Iso8601),
    })
}

/// Whether `device` is a Linux device name EBS accepts (`/dev/sdf`,
/// `/dev/xvdf`, `xvdg`, `/dev/sda1`).
fn is_device_name(device: &str) -> bool {
    let name = device.strip_prefix("/dev/").unwrap_or(device);
    let rest = name.strip_prefix("xvd").or_else(|| name.strip_prefix("sd"));
    match rest.map(str::as_bytes) {
        Some([letter]) => letter.is_ascii_lowercase(),
        Some([letter, digits @ ..]) => {
            letter.is_ascii_lowercase() && digits.iter().all(u8::is_ascii_digit)
        }
        _ => false,
    }
}
