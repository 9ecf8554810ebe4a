//! Amazon EC2: regions, VPCs and their networking, Elastic IPs, the AMI and
//! instance-type catalogs, key pairs, security groups, instances and tags. Each region keeps its own
//! state; timed transitions wait in one scheduler.

pub mod account_attributes;
pub mod addresses;
pub mod block_devices;
pub mod block_map;
pub mod copies;
pub mod describe_instances;
pub mod elastic_ips;
pub mod filters;
pub mod guest;
pub mod images;
pub mod instance_attributes;
pub mod instance_status;
pub mod instance_types;
pub mod instances;
pub mod internet_gateways;
pub mod key_material;
pub mod key_pairs;
pub mod launch_templates;
pub mod network_acls;
pub mod own_images;
pub mod paging;
pub mod reachability;
pub mod regions;
pub mod route_tables;
pub mod run_instances;
pub mod security_groups;
pub mod snapshots;
pub mod subnets;
pub mod tags;
pub mod volumes;
pub mod vpc;
pub mod vpcs;

use crate::kernel::{Context, Scheduler, SimTime};
use indexmap::IndexMap;
use instances::{Instance, InstanceState};
use key_pairs::KeyPair;
use security_groups::SecurityGroup;
use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;
use tags::TagStore;
use vpc::{InternetGateway, NetworkAcl, RouteTable, Subnet, Vpc};

/// Everything EC2 holds in one region.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionState {
    /// Region name, e.g. `us-east-1`.
    pub name: String,
    pub vpcs: IndexMap<String, Vpc>,
    pub subnets: IndexMap<String, Subnet>,
    pub internet_gateways: IndexMap<String, InternetGateway>,
    pub route_tables: IndexMap<String, RouteTable>,
    pub network_acls: IndexMap<String, NetworkAcl>,
    /// Elastic IPs by allocation id.
    pub elastic_ips: IndexMap<String, elastic_ips::ElasticIp>,
    pub security_groups: IndexMap<String, SecurityGroup>,
    pub key_pairs: IndexMap<String, KeyPair>,
    pub instances: IndexMap<String, Instance>,
    pub volumes: IndexMap<String, volumes::Volume>,
    pub launch_templates: IndexMap<String, launch_templates::LaunchTemplate>,
    pub snapshots: IndexMap<String, snapshots::Snapshot>,
    /// The written blocks of volumes and snapshots.
    pub blocks: snapshots::BlockStore,
    /// The guest OS of each instance that has booted, by instance id.
    pub guests: BTreeMap<String, guest::Guest>,
    /// Public catalog images and the account's own.
    pub images: Vec<images::Image>,
    pub tags: TagStore,
    public_ips_in_use: BTreeSet<Ipv4Addr>,
    private_ips_in_use: BTreeMap<String, BTreeSet<Ipv4Addr>>,
    /// vCPUs counting against each quota bucket, kept up to date at every
    /// launch and transition so that quota checks need not scan instances.
    vcpus_in_use: BTreeMap<instance_types::VcpuBucket, u64>,
}

/// What a timer does when it fires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerKind {
    /// pending → running.
    Boot,
    /// stopping → stopped.
    FinishStop,
    /// shutting-down → terminated.
    FinishTerminate,
    /// A terminated instance disappears from DescribeInstances.
    Purge,
    /// The next step of a volume.
    Volume(volumes::VolumeStep),
    /// A snapshot finished copying.
    SnapshotCompleted,
    /// An own image's snapshots are complete: pending → available.
    ImageAvailable,
}

/// A timed transition of one instance, volume or snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    pub region: String,
    pub resource_id: String,
    /// The resource's transition counter when the timer was set; a timer
    /// whose resource has moved on since is ignored.
    pub transition: u64,
    pub kind: TimerKind,
}

/// EC2 across all regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Ec2 {
    regions: BTreeMap<String, RegionState>,
    timers: Scheduler<Timer>,
}

impl RegionState {
    /// What every deletion does besides removing the resource from its map:
    /// its tags go, and a `ResourceDeleted` event tells the page.
    pub(crate) fn deleted(&mut self, ctx: &mut Context, resource_type: &str, id: &str) {
        self.tags.forget(id);
        ctx.deleted(resource_type, id);
    }
}

impl RegionState {
    fn new(ctx: &mut Context) -> Self {
        let mut region = Self {
            name: ctx.region.to_string(),
            vpcs: IndexMap::new(),
            subnets: IndexMap::new(),
            internet_gateways: IndexMap::new(),
            route_tables: IndexMap::new(),
            network_acls: IndexMap::new(),
            elastic_ips: IndexMap::new(),
            security_groups: IndexMap::new(),
            key_pairs: IndexMap::new(),
            instances: IndexMap::new(),
            volumes: IndexMap::new(),
            launch_templates: IndexMap::new(),
            snapshots: IndexMap::new(),
            blocks: snapshots::BlockStore::default(),
            guests: BTreeMap::new(),
            images: images::public_images(ctx.region),
            tags: TagStore::default(),
            public_ips_in_use: BTreeSet::new(),
            private_ips_in_use: BTreeMap::new(),
            vcpus_in_use: BTreeMap::new(),
        };
        region.create_default_vpc(ctx);
        region
    }
}

impl Ec2 {
    /// EC2 with every simulated region and its default VPC. All regions are
    /// made up front so that the ids they draw never depend on which region
    /// a learner happens to look at first.
    pub fn new(ctx: &mut Context) -> Self {
        let mut regions = BTreeMap::new();
        for info in regions::REGIONS {
            let mut region_ctx = Context {
                now: ctx.now,
                region: info.name,
                ids: ctx.ids,
                events: ctx.events,
            };
            regions.insert(info.name.to_string(), RegionState::new(&mut region_ctx));
        }
        Self {
            regions,
            timers: Scheduler::default(),
        }
    }

    /// The state of `region` (every simulated region exists).
    pub fn region(&self, region: &str) -> Option<&RegionState> {
        self.regions.get(region)
    }

    /// Mutable state of `region` together with the timer queue.
    pub fn region_and_timers(
        &mut self,
        region: &str,
    ) -> Option<(&mut RegionState, &mut Scheduler<Timer>)> {
        let state = self.regions.get_mut(region)?;
        Some((state, &mut self.timers))
    }

    /// Lands every guest's writes on its root volume's blocks (after each
    /// terminal line).
    pub fn flush_guest_writes(&mut self) {
        for region in self.regions.values_mut() {
            region.flush_guest_writes();
        }
    }

    /// True when some guest has booted and its user data has not run yet.
    pub fn has_boot_scripts(&self) -> bool {
        self.regions
            .values()
            .any(|region| region.guests.values().any(|g| g.boot_script.is_some()))
    }

    /// When the next timed transition is due.
    pub fn next_due(&self) -> Option<SimTime> {
        self.timers.next_due()
    }

    /// Fires every timer due at or before `ctx.now`.
    pub fn fire_due(&mut self, ctx: &mut Context) {
        while let Some((_, timer)) = self.timers.pop_due(ctx.now) {
            let Some(region) = self.regions.get_mut(&timer.region) else {
                continue;
            };
            let mut timer_ctx = Context {
                now: ctx.now,
                region: regions::info(&timer.region).map_or("us-east-1", |r| r.name),
                ids: ctx.ids,
                events: ctx.events,
            };
            let id = timer.resource_id.as_str();
            let current = match timer.kind {
                TimerKind::SnapshotCompleted => region.snapshots.contains_key(id),
                TimerKind::ImageAvailable => region.images.iter().any(|i| i.image_id == id),
                TimerKind::Volume(_) => region
                    .volumes
                    .get(id)
                    .is_some_and(|v| v.transition == timer.transition),
                _ => region
                    .instances
                    .get(id)
                    .is_some_and(|i| i.transition == timer.transition),
            };
            if !current {
                continue;
            }
            match timer.kind {
                TimerKind::Boot => region.transition(
                    &mut timer_ctx,
                    &mut self.timers,
                    &timer.resource_id,
                    InstanceState::Running,
                ),
                TimerKind::FinishStop => region.transition(
                    &mut timer_ctx,
                    &mut self.timers,
                    &timer.resource_id,
                    InstanceState::Stopped,
                ),
                TimerKind::FinishTerminate => region.transition(
                    &mut timer_ctx,
                    &mut self.timers,
                    &timer.resource_id,
                    InstanceState::Terminated,
                ),
                TimerKind::SnapshotCompleted => timer_ctx.changed("snapshot", id.to_string()),
                TimerKind::ImageAvailable => region.image_available(&mut timer_ctx, id),
                TimerKind::Volume(step) => {
                    region.volume_timer(&mut timer_ctx, &mut self.timers, id, step)
                }
                TimerKind::Purge => {
                    region.instances.shift_remove(&timer.resource_id);
                    region.guests.remove(&timer.resource_id);
                    region.tags.forget(&timer.resource_id);
                }
            }
        }
    }
}
