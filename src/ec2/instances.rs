//! Instances: the state machine (pending → running → stopping → stopped,
//! shutting-down → terminated) with simulated timings, and Start, Stop,
//! Reboot and TerminateInstances.

use super::{RegionState, Timer};
use crate::kernel::params::FromParam;
use crate::kernel::{clock, ids::is_well_formed, ApiError, Context, DomainEvent, SimTime};
use serde::Serialize;
use std::net::Ipv4Addr;

/// An instance's lifecycle state, with AWS's numeric codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InstanceState {
    Pending,
    Running,
    ShuttingDown,
    Terminated,
    Stopping,
    Stopped,
}

impl InstanceState {
    /// The state's code (`State.Code`).
    pub fn code(self) -> u16 {
        match self {
            Self::Pending => 0,
            Self::Running => 16,
            Self::ShuttingDown => 32,
            Self::Terminated => 48,
            Self::Stopping => 64,
            Self::Stopped => 80,
        }
    }

    /// The state's name (`State.Name`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::ShuttingDown => "shutting-down",
            Self::Terminated => "terminated",
            Self::Stopping => "stopping",
            Self::Stopped => "stopped",
        }
    }
}

/// Seconds from pending to running. AWS publishes no figure; Nitro Linux
/// instances typically reach running within 10–40 s, Windows takes longer.
pub const BOOT_SECONDS: u64 = 15;
/// Seconds a Windows instance stays pending.
pub const WINDOWS_BOOT_SECONDS: u64 = 45;
/// Seconds from stopping to stopped (a clean OS shutdown).
pub const STOP_SECONDS: u64 = 30;
/// Seconds from shutting-down to terminated.
pub const TERMINATE_SECONDS: u64 = 20;
/// How long a terminated instance stays visible in DescribeInstances.
pub const TERMINATED_VISIBLE_SECONDS: u64 = 3600;

/// An EC2 instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub id: String,
    pub reservation_id: String,
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    pub launch_time: SimTime,
    pub launch_index: u32,
    pub state: InstanceState,
    /// Bumped at every transition, so a stale timer can tell it is stale.
    pub transition: u64,
    pub state_transition_reason: String,
    /// `StateReason` as (code, message), when AWS shows one.
    pub state_reason: Option<(String, String)>,
    pub subnet_id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    pub availability_zone_id: String,
    pub private_ip: Ipv4Addr,
    pub public_ip: Option<Ipv4Addr>,
    /// Whether the instance gets an auto-assigned public IP at each start.
    pub wants_public_ip: bool,
    pub security_group_ids: Vec<String>,
    pub network_interface_id: String,
    pub attachment_id: String,
    pub mac_address: String,
    pub root_device_name: String,
    /// EBS volumes attached at launch, the root volume first.
    pub volumes: Vec<super::block_devices::AttachedVolume>,
    pub architecture: String,
    pub platform: Option<String>,
    pub platform_details: String,
    pub usage_operation: String,
    pub user_data: Option<String>,
    pub disable_api_termination: bool,
    /// Stop protection (`DisableApiStop`).
    pub disable_api_stop: bool,
    /// Whether the network interface checks source and destination addresses.
    pub source_dest_check: bool,
    /// When the instance last reached `running`, while it still is: status
    /// checks pass a while after that.
    pub running_since: Option<SimTime>,
    pub shutdown_behavior: String,
    pub client_token: String,
    pub http_tokens: String,
    pub cores: u32,
    pub threads_per_core: u32,
    /// vCPUs and quota bucket of the type, kept here because quota checks
    /// sum them over every instance.
    pub vcpus: u32,
    pub bucket: super::instance_types::VcpuBucket,
    pub ena_support: bool,
    pub ebs_optimized: bool,
    pub nitro: bool,
    /// Boot mode the AMI asks for (`uefi-preferred`, ...).
    pub boot_mode: String,
    /// Boot mode the instance actually uses on its hardware.
    pub current_boot_mode: String,
    pub terminated_at: Option<SimTime>,
    /// CloudWatch detailed monitoring (metrics every minute, not five).
    pub detailed_monitoring: bool,
}

impl Instance {
    /// True while the instance holds its network interface and private IP
    /// (every state but terminated).
    pub fn holds_network_interface(&self) -> bool {
        self.state != InstanceState::Terminated
    }

    /// True while the instance counts against the running-vCPU quota.
    pub fn counts_against_quota(&self) -> bool {
        occupies_vcpus(self.state)
    }

    /// The user data as text (it is kept base64-encoded, as AWS returns it).
    pub fn decoded_user_data(&self) -> Option<String> {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(self.user_data.as_deref()?)
            .ok()?;
        Some(String::from_utf8_lossy(&bytes).into_owned())
    }

    /// Public DNS name for the current public IP (us-east-1 uses
    /// `compute-1.amazonaws.com`, other regions `<region>.compute.amazonaws.com`).
    pub fn public_dns_name<'a>(&self, region: &'a str) -> DnsName<'a> {
        DnsName {
            ip: self.public_ip,
            public: true,
            region,
        }
    }

    /// Private DNS name (`ip-172-31-5-17.ec2.internal` in us-east-1).
    pub fn private_dns_name<'a>(&self, region: &'a str) -> DnsName<'a> {
        DnsName {
            ip: Some(self.private_ip),
            public: false,
            region,
        }
    }
}

/// True for the states that count against the running-vCPU quota.
fn occupies_vcpus(state: InstanceState) -> bool {
    matches!(
        state,
        InstanceState::Pending | InstanceState::Running | InstanceState::Stopping
    )
}

/// Public DNS name for `ip` in `region`.
pub fn public_dns(ip: Ipv4Addr, region: &str) -> DnsName<'_> {
    DnsName {
        ip: Some(ip),
        public: true,
        region,
    }
}

/// A DNS name EC2 derives from an IPv4 address (empty without one), written
/// out only when printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DnsName<'a> {
    pub ip: Option<Ipv4Addr>,
    /// Public (`ec2-...amazonaws.com`) or private (`ip-...internal`).
    pub public: bool,
    pub region: &'a str,
}

impl std::fmt::Display for DnsName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Some(ip) = self.ip else {
            return Ok(());
        };
        let [a, b, c, d] = ip.octets();
        let region = self.region;
        match (self.public, region == "us-east-1") {
            (true, true) => write!(f, "ec2-{a}-{b}-{c}-{d}.compute-1.amazonaws.com"),
            (true, false) => write!(f, "ec2-{a}-{b}-{c}-{d}.{region}.compute.amazonaws.com"),
            (false, true) => write!(f, "ip-{a}-{b}-{c}-{d}.ec2.internal"),
            (false, false) => write!(f, "ip-{a}-{b}-{c}-{d}.{region}.compute.internal"),
        }
    }
}

impl Serialize for DnsName<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// `{Code, Name}` of a state.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct StateDescription {
    pub code: u16,
    pub name: &'static str,
}

impl From<InstanceState> for StateDescription {
    fn from(state: InstanceState) -> Self {
        Self {
            code: state.code(),
            name: state.name(),
        }
    }
}

/// One entry of a Start/Stop/Terminate response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStateChange {
    pub instance_id: String,
    pub current_state: StateDescription,
    pub previous_state: StateDescription,
}

/// Request of Start/Stop/Reboot/TerminateInstances.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceIdsRequest {
    pub instance_ids: Vec<String>,
    #[serde(default)]
    pub additional_info: Option<String>,
    #[serde(default)]
    pub hibernate: Option<bool>,
    #[serde(default)]
    pub force: Option<bool>,
    #[serde(default)]
    pub skip_os_shutdown: Option<bool>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of StartInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StartInstancesResponse {
    pub starting_instances: Vec<InstanceStateChange>,
}

/// Response of StopInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StopInstancesResponse {
    pub stopping_instances: Vec<InstanceStateChange>,
}

/// Response of TerminateInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TerminateInstancesResponse {
    pub terminating_instances: Vec<InstanceStateChange>,
}

/// Checks instance ids' shape, then that each exists, as EC2 reports them:
/// the malformed one first, otherwise every missing id in one message.
pub fn check_instance_ids(region: &RegionState, ids: &[String]) -> Result<(), ApiError> {
    if let Some(bad) = ids.iter().find(|id| !is_well_formed(id, "i")) {
        return Err(ApiError::new(
            "InvalidInstanceID.Malformed",
            format!("Invalid id: \"{bad}\""),
        ));
    }
    let missing: Vec<&str> = ids
        .iter()
        .filter(|id| !region.instances.contains_key(id.as_str()))
        .map(String::as_str)
        .collect();
    match missing.as_slice() {
        [] => Ok(()),
        [one] => Err(ApiError::new(
            "InvalidInstanceID.NotFound",
            format!("The instance ID '{one}' does not exist"),
        )),
        many => Err(ApiError::new(
            "InvalidInstanceID.NotFound",
            format!("The instance IDs '{}' do not exist", many.join(", ")),
        )),
    }
}

impl RegionState {
    /// The instance `id`, or AWS's `InvalidInstanceID.NotFound`.
    pub fn instance(&self, id: &str) -> Result<&Instance, ApiError> {
        check_instance_ids(self, std::slice::from_ref(&id.to_string()))?;
        self.instances
            .get(id)
            .ok_or_else(|| ApiError::new("InvalidInstanceID.NotFound", id))
    }
}

fn user_initiated(now: SimTime) -> String {
    format!("User initiated ({})", clock::gmt(now))
}

fn user_shutdown_reason() -> Option<(String, String)> {
    Some((
        "Client.UserInitiatedShutdown".into(),
        "Client.UserInitiatedShutdown: User initiated shutdown".into(),
    ))
}

impl RegionState {
    /// Starts stopping or terminating `id` for `reason` (transition reason,
    /// state reason); the auto-assigned public IPv4 address goes at once.
    fn shut_down(
        &mut self,
        ctx: &mut Context,
        timers: &mut crate::kernel::Scheduler<Timer>,
        id: &str,
        reason: (String, Option<(String, String)>),
        to: InstanceState,
    ) {
        if let Some(instance) = self.instances.get_mut(id) {
            (instance.state_transition_reason, instance.state_reason) = reason;
        }
        self.drop_public_ip(id);
        self.transition(ctx, timers, id, to);
    }

    /// The guest OS powered itself off (`sudo shutdown -h now`): EC2 stops
    /// the instance, or terminates it when its
    /// `InstanceInitiatedShutdownBehavior` is `terminate`.
    pub fn instance_initiated_shutdown(
        &mut self,
        ctx: &mut Context,
        timers: &mut crate::kernel::Scheduler<Timer>,
        id: &str,
    ) {
        let Some(instance) = self.instances.get(id) else {
            return;
        };
        if instance.state != InstanceState::Running {
            return;
        }
        let to = if instance.shutdown_behavior == "terminate" {
            InstanceState::ShuttingDown
        } else {
            InstanceState::Stopping
        };
        let message = "Client.InstanceInitiatedShutdown: Instance initiated shutdown";
        let reason = (
            message.to_string(),
            Some(("Client.InstanceInitiatedShutdown".into(), message.into())),
        );
        self.shut_down(ctx, timers, id, reason, to);
    }

    /// Releases an instance's auto-assigned public IPv4 address, if it has
    /// one; an Elastic IP stays with the instance.
    fn drop_public_ip(&mut self, id: &str) {
        if self.elastic_ip_of(id).is_some() {
            return;
        }
        if let Some(address) = self.instances.get_mut(id).and_then(|i| i.public_ip.take()) {
            self.release_public_ip(address);
        }
    }

    /// Moves an instance to `to`, raising the event and queuing the timer
    /// that ends a transitional state.
    pub(super) fn transition(
        &mut self,
        ctx: &mut Context,
        timers: &mut crate::kernel::Scheduler<Timer>,
        id: &str,
        to: InstanceState,
    ) {
        let Some(instance) = self.instances.get_mut(id) else {
            return;
        };
        let from = instance.state;
        instance.state = to;
        instance.running_since = (to == InstanceState::Running).then_some(ctx.now);
        let quota_change = (
            instance.bucket,
            u64::from(instance.vcpus),
            occupies_vcpus(from),
            occupies_vcpus(to),
        );
        instance.transition += 1;
        let transition = instance.transition;
        let windows = instance.platform.is_some();
        ctx.events.push(DomainEvent::InstanceStateChanged {
            instance_id: id.to_string(),
            from: from.name().into(),
            to: to.name().into(),
            at: clock::iso8601(ctx.now),
        });
        match quota_change {
            (bucket, vcpus, true, false) => *self.vcpus_in_use.entry(bucket).or_default() -= vcpus,
            (bucket, vcpus, false, true) => *self.vcpus_in_use.entry(bucket).or_default() += vcpus,
            _ => {}
        }
        let Some(instance) = self.instances.get_mut(id) else {
            return;
        };
        let timer = |kind| Timer {
            region: ctx.region.to_string(),
            resource_id: id.to_string(),
            transition,
            kind,
        };
        use super::TimerKind::*;
        match to {
            InstanceState::Pending => {
                let boot = if windows {
                    WINDOWS_BOOT_SECONDS
                } else {
                    BOOT_SECONDS
                };
                timers.schedule(ctx.now.saturating_add(boot), timer(Boot));
            }
            InstanceState::Stopping => {
                // The OS shuts down: what was mounted is no longer.
                self.release_mounts(id, None);
                timers.schedule(ctx.now.saturating_add(STOP_SECONDS), timer(FinishStop))
            }
            InstanceState::ShuttingDown => {
                self.release_mounts(id, None);
                timers.schedule(
                    ctx.now.saturating_add(TERMINATE_SECONDS),
                    timer(FinishTerminate),
                )
            }
            InstanceState::Terminated => {
                instance.terminated_at = Some(ctx.now);
                let (subnet_id, private_ip) = (instance.subnet_id.clone(), instance.private_ip);
                timers.schedule(
                    ctx.now.saturating_add(TERMINATED_VISIBLE_SECONDS),
                    timer(Purge),
                );
                // The primary network interface is deleted with the instance.
                self.release_private_ip(&subnet_id, private_ip);
                self.end_elastic_ip_association(id);
                self.drop_public_ip(id);
                self.end_volume_attachments(ctx, id);
            }
            InstanceState::Running => self.boot_guest(id, ctx.now),
            InstanceState::Stopped => {}
        }
    }

    /// StartInstances: stopped → pending (a new public IP, unless an Elastic
    /// IP is associated) → running.
    pub fn start_instances(
        &mut self,
        ctx: &mut Context,
        timers: &mut crate::kernel::Scheduler<Timer>,
        request: InstanceIdsRequest,
        vcpu_room: impl Fn(&RegionState, &[String]) -> Result<(), ApiError>,
    ) -> Result<StartInstancesResponse, ApiError> {
        check_instance_ids(self, &request.instance_ids)?;
        for id in &request.instance_ids {
            let state = self.instances[id.as_str()].state;
            if matches!(
                state,
                InstanceState::Stopping | InstanceState::ShuttingDown | InstanceState::Terminated
            ) {
                return Err(ApiError::new(
                    "IncorrectInstanceState",
                    format!("The instance '{id}' is not in a state from which it can be started."),
                ));
            }
        }
        let to_start: Vec<String> = request
            .instance_ids
            .iter()
            .filter(|id| self.instances[id.as_str()].state == InstanceState::Stopped)
            .cloned()
            .collect();
        vcpu_room(self, &to_start)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let mut changes = Vec::new();
        for id in &request.instance_ids {
            let previous = self.instances[id.as_str()].state;
            if previous == InstanceState::Stopped {
                let public_ip = if let Some(eip) = self.elastic_ip_of(id) {
                    Some(eip.public_ip)
                } else if self.instances[id.as_str()].wants_public_ip {
                    Some(self.allocate_public_ip(ctx))
                } else {
                    None
                };
                if let Some(instance) = self.instances.get_mut(id.as_str()) {
                    instance.public_ip = public_ip;
                    instance.state_transition_reason = String::new();
                    instance.state_reason = None;
                }
                self.transition(ctx, timers, id, InstanceState::Pending);
            }
            changes.push(InstanceStateChange {
                instance_id: id.clone(),
                current_state: self.instances[id.as_str()].state.into(),
                previous_state: previous.into(),
            });
        }
        Ok(StartInstancesResponse {
            starting_instances: changes,
        })
    }

    /// StopInstances: running → stopping → stopped; the public IP goes.
    pub fn stop_instances(
        &mut self,
        ctx: &mut Context,
        timers: &mut crate::kernel::Scheduler<Timer>,
        request: InstanceIdsRequest,
    ) -> Result<StopInstancesResponse, ApiError> {
        check_instance_ids(self, &request.instance_ids)?;
        for id in &request.instance_ids {
            let instance = &self.instances[id.as_str()];
            if instance.disable_api_stop && instance.state == InstanceState::Running {
                return Err(ApiError::new("OperationNotPermitted", format!("The instance '{id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.")));
            }
            match instance.state {
                InstanceState::Pending => {
                    return Err(ApiError::new("IncorrectInstanceState", format!("Instance '{id}' cannot be stopped as it has never reached the 'running' state.")));
                }
                InstanceState::ShuttingDown | InstanceState::Terminated => {
                    return Err(ApiError::new(
                        "IncorrectInstanceState",
                        format!(
                            "This instance '{id}' is not in a state from which it can be stopped."
                        ),
                    ));
                }
                _ => {}
            }
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let mut changes = Vec::new();
        for id in &request.instance_ids {
            let previous = self.instances[id.as_str()].state;
            if previous == InstanceState::Running {
                let reason = (user_initiated(ctx.now), user_shutdown_reason());
                self.shut_down(ctx, timers, id, reason, InstanceState::Stopping);
            }
            changes.push(InstanceStateChange {
                instance_id: id.clone(),
                current_state: self.instances[id.as_str()].state.into(),
                previous_state: previous.into(),
            });
        }
        Ok(StopInstancesResponse {
            stopping_instances: changes,
        })
    }

    /// RebootInstances: the instance stays running; nothing is printed.
    pub fn reboot_instances(
        &mut self,
        ctx: &mut Context,
        request: InstanceIdsRequest,
    ) -> Result<(), ApiError> {
        check_instance_ids(self, &request.instance_ids)?;
        for id in &request.instance_ids {
            let state = self.instances[id.as_str()].state;
            if matches!(state, InstanceState::Stopped | InstanceState::Stopping) {
                return Err(ApiError::new(
                    "IncorrectInstanceState",
                    format!("The instance '{id}' is not in a state from which it can be rebooted."),
                ));
            }
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        for id in &request.instance_ids {
            if self.instances[id.as_str()].state == InstanceState::Running {
                ctx.changed("instance", id.clone());
            }
        }
        Ok(())
    }

    /// TerminateInstances: from any state; idempotent; refused while
    /// termination protection is on.
    pub fn terminate_instances(
        &mut self,
        ctx: &mut Context,
        timers: &mut crate::kernel::Scheduler<Timer>,
        request: InstanceIdsRequest,
    ) -> Result<TerminateInstancesResponse, ApiError> {
        check_instance_ids(self, &request.instance_ids)?;
        for id in &request.instance_ids {
            let instance = &self.instances[id.as_str()];
            if instance.disable_api_termination && instance.state != InstanceState::Terminated {
                return Err(ApiError::new("OperationNotPermitted", format!("The instance '{id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.")));
            }
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let mut changes = Vec::new();
        for id in &request.instance_ids {
            let previous = self.instances[id.as_str()].state;
            self.terminate_instance(ctx, timers, id);
            changes.push(InstanceStateChange {
                instance_id: id.clone(),
                current_state: self.instances[id.as_str()].state.into(),
                previous_state: previous.into(),
            });
        }
        Ok(TerminateInstancesResponse {
            terminating_instances: changes,
        })
    }

    /// Terminates instance `id` (from any state; nothing happens to one
    /// already terminating or unknown), whatever its termination
    /// protection: TerminateInstances checks that first, while Auto Scaling
    /// terminates through it, as the EC2 User Guide says of
    /// `DisableApiTermination`.
    pub fn terminate_instance(
        &mut self,
        ctx: &mut Context,
        timers: &mut crate::kernel::Scheduler<Timer>,
        id: &str,
    ) {
        let Some(previous) = self.instances.get(id).map(|i| i.state) else {
            return;
        };
        if matches!(
            previous,
            InstanceState::Terminated | InstanceState::ShuttingDown
        ) {
            return;
        }
        // A stopped instance has no OS to shut down: straight to terminated.
        let to = if previous == InstanceState::Stopped {
            InstanceState::Terminated
        } else {
            InstanceState::ShuttingDown
        };
        let reason = (user_initiated(ctx.now), user_shutdown_reason());
        self.shut_down(ctx, timers, id, reason, to);
    }
}
