//! RunInstances: validate everything first (so a failed launch changes
//! nothing), then create one reservation of instances in `pending`.

use super::describe_instances::Reservation;
use super::instance_types::{self, InstanceTypeSpec, VcpuBucket};
use super::instances::{Instance, InstanceState};
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::vpc::Subnet;
use super::{images, RegionState, Timer};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler};
use crate::sts::ACCOUNT_ID;
use base64::{engine::general_purpose::STANDARD, Engine};

/// Most instances one RunInstances call may launch in the sandbox (AWS bounds
/// it only by quota; a bound keeps a hostile count from exhausting memory).
pub const MAX_INSTANCES_PER_REQUEST: i64 = 1000;
/// Most instances a region of the sandbox holds.
pub const MAX_INSTANCES_PER_REGION: usize = 50_000;
/// Largest user data AWS accepts, after base64 decoding.
pub const MAX_USER_DATA_BYTES: usize = 16 * 1024;

/// Running-vCPU limits in force for the request's region.
#[derive(Debug, Clone, Copy)]
pub struct VcpuLimits {
    pub standard: f64,
    pub gpu_g: f64,
    pub gpu_p: f64,
}

impl VcpuLimits {
    fn for_bucket(&self, bucket: VcpuBucket) -> f64 {
        match bucket {
            VcpuBucket::Standard => self.standard,
            VcpuBucket::GpuG => self.gpu_g,
            VcpuBucket::GpuP => self.gpu_p,
        }
    }
}

/// `Placement` of a launch.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Placement {
    #[serde(default)]
    pub availability_zone: Option<String>,
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub tenancy: Option<String>,
}

/// `NetworkInterfaces[]` entry of a launch (the primary interface).
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct NetworkInterfaceSpecification {
    #[serde(default)]
    pub associate_public_ip_address: Option<bool>,
    #[serde(default)]
    pub delete_on_termination: Option<bool>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub device_index: Option<i64>,
    #[serde(default)]
    pub groups: Vec<String>,
    #[serde(default)]
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub private_ip_address: Option<String>,
}

/// `Monitoring` of a launch.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MonitoringSpec {
    pub enabled: bool,
}

/// `CreditSpecification` of a launch.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreditSpecification {
    pub cpu_credits: String,
}

/// `MetadataOptions` of a launch.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetadataOptionsRequest {
    #[serde(default)]
    pub http_tokens: Option<String>,
    #[serde(default)]
    pub http_put_response_hop_limit: Option<i64>,
    #[serde(default)]
    pub http_endpoint: Option<String>,
    #[serde(default)]
    pub http_protocol_ipv6: Option<String>,
    #[serde(default)]
    pub instance_metadata_tags: Option<String>,
}

/// Request of RunInstances.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct RunInstancesRequest {
    /// The launch template this launch came from (id and version number),
    /// set by the router, not read from the request: its instances carry
    /// AWS's `aws:ec2launchtemplate:*` tags.
    #[serde(skip)]
    pub launched_from: Option<(String, u64)>,
    pub image_id: String,
    #[serde(default)]
    pub instance_type: Option<String>,
    pub min_count: i64,
    pub max_count: i64,
    #[serde(default)]
    pub key_name: Option<String>,
    #[serde(default)]
    pub security_group_ids: Vec<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub subnet_id: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub user_data: Option<String>,
    #[serde(default)]
    pub placement: Option<Placement>,
    #[serde(default)]
    pub disable_api_termination: Option<bool>,
    #[serde(default)]
    pub disable_api_stop: Option<bool>,
    #[serde(default)]
    pub instance_initiated_shutdown_behavior: Option<String>,
    #[serde(default)]
    pub block_device_mappings: Vec<super::block_devices::BlockDeviceMappingRequest>,
    #[serde(default)]
    pub network_interfaces: Vec<NetworkInterfaceSpecification>,
    #[serde(default)]
    pub private_ip_address: Option<String>,
    #[serde(default)]
    pub monitoring: Option<MonitoringSpec>,
    #[serde(default)]
    pub credit_specification: Option<CreditSpecification>,
    #[serde(default)]
    pub metadata_options: Option<MetadataOptionsRequest>,
    #[serde(default)]
    pub client_token: Option<String>,
    #[serde(default)]
    pub ebs_optimized: Option<bool>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Resource types RunInstances accepts in `TagSpecifications`.
const TAGGABLE_AT_LAUNCH: &[&str] = &[
    "instance",
    "volume",
    "network-interface",
    "spot-instances-request",
];

/// Zones where Nitro instance types are not offered (us-east-1e is the
/// well-known case on AWS; a good lesson in `Unsupported`).
fn type_offered_in(spec: &InstanceTypeSpec, zone: &str) -> bool {
    !(zone == "us-east-1e" && spec.nitro)
}

/// Everything RunInstances decided before creating anything.
struct LaunchPlan {
    image: images::Image,
    spec: &'static InstanceTypeSpec,
    subnet: Subnet,
    group_ids: Vec<String>,
    public_ip: bool,
    count: usize,
    user_data: Option<String>,
    shutdown_behavior: String,
    volumes: Vec<super::block_devices::PlannedVolume>,
}

impl RegionState {
    fn resolve_subnet(&self, request: &RunInstancesRequest) -> Result<Subnet, ApiError> {
        let interface_subnet = request
            .network_interfaces
            .first()
            .and_then(|n| n.subnet_id.clone());
        if interface_subnet.is_some() && request.subnet_id.is_some() {
            return Err(ApiError::new("InvalidParameterCombination", "Network interfaces and an instance-level subnet ID may not be specified on the same request"));
        }
        let zone = request
            .placement
            .as_ref()
            .and_then(|p| p.availability_zone.clone());
        if let Some(zone) = &zone {
            if !super::regions::zone_names(&self.name).contains(zone) {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Invalid availability zone: [{zone}]"),
                ));
            }
        }
        match interface_subnet.or_else(|| request.subnet_id.clone()) {
            Some(id) => self
                .subnets
                .get(&id)
                .cloned()
                .ok_or_else(|| super::vpc::subnet_not_found(&id)),
            None => {
                if self.default_vpc().is_none() {
                    return Err(ApiError::new(
                        "VPCIdNotSpecified",
                        "No default VPC for this user",
                    ));
                }
                self.subnets
                    .values()
                    .find(|s| {
                        s.default_for_az && zone.as_ref().is_none_or(|z| &s.availability_zone == z)
                    })
                    .cloned()
                    .ok_or_else(|| {
                        ApiError::new("VPCIdNotSpecified", "No default VPC for this user")
                    })
            }
        }
    }

    fn resolve_launch_groups(
        &self,
        request: &RunInstancesRequest,
        subnet: &Subnet,
    ) -> Result<Vec<String>, ApiError> {
        let mut ids: Vec<String> = request.security_group_ids.clone();
        if let Some(interface) = request.network_interfaces.first() {
            ids.extend(interface.groups.iter().cloned());
        }
        for id in &ids {
            self.resolve_group(Some(id), None)?;
        }
        for name in &request.security_groups {
            let in_vpc = self
                .security_groups
                .values()
                .find(|g| &g.name == name && g.vpc_id == subnet.vpc_id);
            match in_vpc {
                Some(group) => ids.push(group.id.clone()),
                None => {
                    return Err(ApiError::new(
                        "InvalidGroup.NotFound",
                        format!(
                            "The security group '{name}' does not exist in VPC '{}'",
                            subnet.vpc_id
                        ),
                    ))
                }
            }
        }
        if ids.is_empty() {
            let default = self
                .security_groups
                .values()
                .find(|g| g.name == "default" && g.vpc_id == subnet.vpc_id);
            ids.extend(default.map(|g| g.id.clone()));
        }
        for id in &ids {
            if self
                .security_groups
                .get(id)
                .is_some_and(|g| g.vpc_id != subnet.vpc_id)
            {
                return Err(ApiError::new(
                    "InvalidParameter",
                    format!(
                        "Security group {id} and subnet {} belong to different networks.",
                        subnet.id
                    ),
                ));
            }
        }
        ids.dedup();
        Ok(ids)
    }

    /// vCPUs in use in `bucket` by instances that count against the quota.
    pub fn vcpus_in_use(&self, bucket: VcpuBucket) -> u64 {
        self.vcpus_in_use.get(&bucket).copied().unwrap_or(0)
    }

    /// Checks that starting `ids` stays within the vCPU limits.
    pub fn check_vcpu_room(&self, limits: &VcpuLimits, ids: &[String]) -> Result<(), ApiError> {
        for bucket in [VcpuBucket::Standard, VcpuBucket::GpuG, VcpuBucket::GpuP] {
            let wanted: u64 = ids
                .iter()
                .filter_map(|id| self.instances.get(id.as_str()))
                .filter(|i| i.bucket == bucket)
                .map(|i| u64::from(i.vcpus))
                .sum();
            if wanted > 0 && (self.vcpus_in_use(bucket) + wanted) as f64 > limits.for_bucket(bucket)
            {
                return Err(vcpu_limit_exceeded(limits.for_bucket(bucket)));
            }
        }
        Ok(())
    }

    fn plan_launch(
        &self,
        request: &RunInstancesRequest,
        limits: &VcpuLimits,
    ) -> Result<LaunchPlan, ApiError> {
        if request.min_count < 1 {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Invalid value '{}' for minCount. Must be at least 1.",
                    request.min_count
                ),
            ));
        }
        if request.max_count < request.min_count {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Invalid value '{}' for maxCount. Must be at least minCount ({}).",
                    request.max_count, request.min_count
                ),
            ));
        }
        if request.min_count > MAX_INSTANCES_PER_REQUEST {
            return Err(ApiError::new("InstanceLimitExceeded", format!("The sandbox launches at most {MAX_INSTANCES_PER_REQUEST} instances per request; you requested {}.", request.min_count)));
        }
        let image_id = images::resolve_image_id(&self.name, &request.image_id)?;
        images::check_image_id(&image_id)?;
        let image = self
            .images
            .iter()
            .find(|i| i.image_id == image_id)
            .cloned()
            .ok_or_else(|| images::not_found(std::slice::from_ref(&image_id)))?;
        if image.state != "available" {
            return Err(ApiError::new(
                "InvalidAMIID.Unavailable",
                format!("AMI '{image_id}' is {}, and cannot be run", image.state),
            ));
        }
        let type_name = request
            .instance_type
            .clone()
            .unwrap_or_else(|| "m1.small".into());
        let spec = instance_types::find(&type_name)
            .ok_or_else(|| ApiError::invalid_value(&type_name, "InstanceType"))?;
        if spec.architecture != image.architecture {
            return Err(ApiError::new("InvalidParameterValue", format!("The architecture '{}' of the specified instance type does not match the architecture '{}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.", spec.architecture, image.architecture)));
        }
        if let Some(key) = &request.key_name {
            if !self.key_pairs.values().any(|k| &k.name == key) {
                return Err(super::key_pairs::not_found(key));
            }
        }
        let subnet = self.resolve_subnet(request)?;
        if !type_offered_in(spec, &subnet.availability_zone) {
            let others: Vec<String> = super::regions::zone_names(&self.name)
                .into_iter()
                .filter(|z| z != &subnet.availability_zone)
                .collect();
            return Err(ApiError::new("Unsupported", format!("Your requested instance type ({}) is not supported in your requested Availability Zone ({}). Please retry your request by not specifying an Availability Zone or choosing {}.", spec.name, subnet.availability_zone, others.join(", "))));
        }
        let group_ids = self.resolve_launch_groups(request, &subnet)?;
        let volumes = super::block_devices::plan(&image, &request.block_device_mappings)?;
        for spec_entry in &request.tag_specifications {
            let resource_type = spec_entry.resource_type.clone().unwrap_or_default();
            if !TAGGABLE_AT_LAUNCH.contains(&resource_type.as_str()) {
                return Err(ApiError::new("InvalidParameterValue", format!("'{resource_type}' is not a valid taggable resource type for this operation.")));
            }
            validate_tags(&spec_entry.tags)?;
        }
        let user_data = match &request.user_data {
            Some(encoded) => {
                let decoded = STANDARD.decode(encoded.trim()).map_err(|_| {
                    ApiError::new(
                        "InvalidParameterValue",
                        "Invalid BASE64 encoding of user data",
                    )
                })?;
                if decoded.len() > MAX_USER_DATA_BYTES {
                    return Err(ApiError::new(
                        "InvalidParameterValue",
                        format!("User data is limited to {MAX_USER_DATA_BYTES} bytes"),
                    ));
                }
                Some(encoded.trim().to_string())
            }
            None => None,
        };
        let shutdown_behavior = request
            .instance_initiated_shutdown_behavior
            .clone()
            .unwrap_or_else(|| "stop".into());
        if shutdown_behavior != "stop" && shutdown_behavior != "terminate" {
            return Err(ApiError::invalid_value(
                &shutdown_behavior,
                "InstanceInitiatedShutdownBehavior",
            ));
        }
        let limit = limits.for_bucket(spec.bucket);
        let room = (limit - self.vcpus_in_use(spec.bucket) as f64).max(0.0);
        let fits = (room / f64::from(spec.vcpus)).floor() as i64;
        if fits < request.min_count {
            return Err(vcpu_limit_exceeded(limit));
        }
        let count = request.max_count.min(fits).min(MAX_INSTANCES_PER_REQUEST);
        let count = usize::try_from(count).unwrap_or(0);
        if self.instances.len() + count > MAX_INSTANCES_PER_REGION {
            return Err(ApiError::new(
                "InstanceLimitExceeded",
                format!(
                    "The sandbox holds at most {MAX_INSTANCES_PER_REGION} instances per region."
                ),
            ));
        }
        let public_ip = request
            .network_interfaces
            .first()
            .and_then(|n| n.associate_public_ip_address)
            .unwrap_or(subnet.map_public_ip_on_launch);
        Ok(LaunchPlan {
            image,
            spec,
            subnet,
            group_ids,
            public_ip,
            count,
            user_data,
            shutdown_behavior,
            volumes,
        })
    }

    /// RunInstances.
    pub fn run_instances(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: RunInstancesRequest,
        limits: &VcpuLimits,
    ) -> Result<Reservation<'_>, ApiError> {
        let plan = self.plan_launch(&request, limits)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let reservation_id = ctx.ids.next("r");
        let client_token = request
            .client_token
            .clone()
            .unwrap_or_else(|| ctx.ids.uuid());
        let http_tokens = request
            .metadata_options
            .as_ref()
            .and_then(|m| m.http_tokens.clone())
            .unwrap_or_else(|| {
                if plan.image.imds_support == "v2.0" {
                    "required"
                } else {
                    "optional"
                }
                .into()
            });
        let mut instance_tags = tags_for(&request.tag_specifications, "instance");
        if let Some((template_id, version)) = &request.launched_from {
            for (key, value) in [
                ("aws:ec2launchtemplate:id", template_id.clone()),
                ("aws:ec2launchtemplate:version", version.to_string()),
            ] {
                instance_tags.push(Tag {
                    key: key.into(),
                    value,
                });
            }
        }
        let volume_tags = tags_for(&request.tag_specifications, "volume");
        let interface_tags = tags_for(&request.tag_specifications, "network-interface");
        let mut launched = Vec::with_capacity(plan.count);
        for index in 0..plan.count {
            let private_ip = self.allocate_private_ip(ctx, &plan.subnet)?;
            let id = ctx.ids.next("i");
            let mac = {
                let bytes = ctx.ids.rng().bytes(5);
                format!(
                    "0e:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}",
                    bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]
                )
            };
            let (volumes, created_volumes) = super::block_devices::create(
                ctx,
                &id,
                &plan.subnet.availability_zone,
                &plan.volumes,
            );
            for (index, volume) in created_volumes.iter().enumerate() {
                if self.snapshots.contains_key(&volume.snapshot_id) {
                    // From one of the account's snapshots: its data, as it was.
                    self.restore_from_snapshot(&volume.id, &volume.snapshot_id);
                } else if index == 0 {
                    // The root of a public image holds its operating system.
                    self.write_volume_blocks(&volume.id, 0, plan.image.os_blocks());
                }
            }
            for volume in created_volumes {
                ctx.created("volume", volume.id.clone());
                self.volumes.insert(volume.id.clone(), volume);
            }
            let instance = Instance {
                id: id.clone(),
                reservation_id: reservation_id.clone(),
                image_id: plan.image.image_id.clone(),
                instance_type: plan.spec.name.into(),
                key_name: request.key_name.clone(),
                launch_time: ctx.now,
                launch_index: u32::try_from(index).unwrap_or(0),
                state: InstanceState::Pending,
                transition: 0,
                state_transition_reason: String::new(),
                state_reason: None,
                subnet_id: plan.subnet.id.clone(),
                vpc_id: plan.subnet.vpc_id.clone(),
                availability_zone: plan.subnet.availability_zone.clone(),
                availability_zone_id: plan.subnet.availability_zone_id.clone(),
                private_ip,
                public_ip: None,
                wants_public_ip: plan.public_ip,
                security_group_ids: plan.group_ids.clone(),
                network_interface_id: ctx.ids.next("eni"),
                attachment_id: ctx.ids.next("eni-attach"),
                mac_address: mac,
                root_device_name: plan.image.root_device_name.clone(),
                volumes,
                architecture: plan.image.architecture.clone(),
                platform: plan.image.platform.clone(),
                platform_details: plan.image.platform_details.clone(),
                usage_operation: plan.image.usage_operation.clone(),
                user_data: plan.user_data.clone(),
                disable_api_termination: request.disable_api_termination.unwrap_or(false),
                disable_api_stop: request.disable_api_stop.unwrap_or(false),
                source_dest_check: true,
                running_since: None,
                shutdown_behavior: plan.shutdown_behavior.clone(),
                client_token: client_token.clone(),
                http_tokens: http_tokens.clone(),
                cores: plan.spec.cores,
                threads_per_core: plan.spec.vcpus / plan.spec.cores.max(1),
                vcpus: plan.spec.vcpus,
                bucket: plan.spec.bucket,
                ena_support: plan.image.ena_support,
                ebs_optimized: request.ebs_optimized.unwrap_or(plan.spec.nitro),
                nitro: plan.spec.nitro,
                boot_mode: plan.image.boot_mode.clone(),
                current_boot_mode: if plan.spec.nitro {
                    "uefi"
                } else {
                    "legacy-bios"
                }
                .into(),
                terminated_at: None,
                detailed_monitoring: request.monitoring.as_ref().is_some_and(|m| m.enabled),
            };
            let public_ip = plan.public_ip.then(|| self.allocate_public_ip(ctx));
            self.tags.set(&id, &instance_tags);
            for volume in &instance.volumes {
                self.tags.set(&volume.volume_id, &volume_tags);
            }
            self.tags
                .set(&instance.network_interface_id, &interface_tags);
            *self.vcpus_in_use.entry(instance.bucket).or_default() += u64::from(instance.vcpus);
            self.instances.insert(
                id.clone(),
                Instance {
                    public_ip,
                    ..instance
                },
            );
            ctx.created("instance", id.clone());
            self.transition(ctx, timers, &id, InstanceState::Pending);
            launched.push(id);
        }
        // Described once all exist, since descriptions borrow the region.
        let this = &*self;
        Ok(Reservation {
            reservation_id: launched
                .first()
                .and_then(|id| this.instances.get(id))
                .map_or("", |i| i.reservation_id.as_str()),
            owner_id: ACCOUNT_ID,
            groups: vec![],
            instances: launched
                .iter()
                .filter_map(|id| this.instances.get(id))
                .map(|instance| this.instance_view(instance, true))
                .collect(),
        })
    }
}

fn vcpu_limit_exceeded(limit: f64) -> ApiError {
    ApiError::new(
        "VcpuLimitExceeded",
        format!("You have requested more vCPU capacity than your current vCPU limit of {limit} allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit."),
    )
}
