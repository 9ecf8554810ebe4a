//! What the meter charges for: AWS's usage types, their units, services and
//! us-east-1 On-Demand prices (every region is billed at them, a
//! simplification), and the charges the EC2 state implies right now.

use super::money::{PRICE_SCALE, SCALE};
use crate::ec2::instances::InstanceState;
use crate::ec2::volumes::VolumeState;
use crate::ec2::{instance_types, regions, Ec2, RegionState};
use crate::kernel::SimTime;
use std::collections::BTreeMap;

/// Cost Explorer's SERVICE of instance hours.
pub const COMPUTE: &str = "Amazon Elastic Compute Cloud - Compute";
/// Cost Explorer's SERVICE of EBS volumes and snapshots.
pub const EC2_OTHER: &str = "EC2 - Other";
/// Cost Explorer's SERVICE of public IPv4 addresses.
pub const VPC: &str = "Amazon Virtual Private Cloud";

/// Storage per GB-month by volume type: the type, its usage type, its price
/// in 10^-5 dollars, and whether the free tier's 30 GB cover it ("General
/// Purpose (SSD) or Magnetic").
const VOLUME_TYPES: &[(&str, &str, u128, bool)] = &[
    ("gp2", "EBS:VolumeUsage.gp2", 10_000, true),
    ("gp3", "EBS:VolumeUsage.gp3", 8_000, true),
    ("io1", "EBS:VolumeUsage.piops", 12_500, false),
    ("io2", "EBS:VolumeUsage.io2", 12_500, false),
    ("st1", "EBS:VolumeUsage.st1", 4_500, false),
    ("sc1", "EBS:VolumeUsage.sc1", 1_500, false),
    ("standard", "EBS:VolumeUsage", 5_000, true),
];

/// IOPS and throughput a gp3 volume includes in its storage price.
const GP3_FREE_IOPS: u64 = 3_000;
const GP3_FREE_MIBPS: u64 = 125;
/// Where io2's IOPS price tiers end: the first 32,000, the next 32,000.
const IO2_TIER: u64 = 32_000;

/// Regions without t2 instances, where the free tier covers t3.micro
/// instead (of the simulated regions, only Stockholm).
const REGIONS_WITHOUT_T2: &[&str] = &["eu-north-1"];

/// Provisioned IOPS billed on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Iops {
    /// gp3 IOPS above the included 3,000.
    Gp3,
    /// io1 IOPS.
    Io1,
    /// io2 IOPS up to 32,000.
    Io2,
    /// io2 IOPS from 32,001 to 64,000.
    Io2Tier2,
    /// io2 IOPS above 64,000.
    Io2Tier3,
}

/// One kind of billed usage, as AWS's usage types tell them apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Usage {
    /// Hours of a running instance of a type (`BoxUsage:t2.micro`).
    Box(&'static str),
    /// GB-months of provisioned volume storage of a type
    /// (`EBS:VolumeUsage.gp3`).
    Storage(&'static str),
    /// IOPS-months of provisioned IOPS.
    Iops(Iops),
    /// GiB/s-months of gp3 throughput above the included 125 MiB/s.
    Throughput,
    /// GB-months of the blocks snapshots store.
    Snapshot,
    /// Hours of a public IPv4 address, in use or idle.
    PublicIp {
        /// An Elastic IP not associated with a running instance.
        idle: bool,
    },
}

/// What a quantity of usage is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Per {
    /// Items × hours.
    Hour,
    /// Items × months.
    Month,
    /// 512 KiB blocks × months, billed as GB-months.
    BlockMonth,
    /// MiB/s × months, billed as GiB/s-months.
    MibpsMonth,
}

impl Usage {
    /// AWS's usage type in `region`, e.g. `BoxUsage:t2.micro`,
    /// `USW2-EBS:VolumeUsage.gp3`, `USE1-PublicIPv4:InUseAddress`.
    pub fn name(self, region: &str) -> String {
        let suffix = match self {
            // The oldest type kept the bare name.
            Usage::Box("m1.small") => "BoxUsage".to_string(),
            Usage::Box(instance_type) => format!("BoxUsage:{instance_type}"),
            Usage::Storage(volume_type) => volume(volume_type).1.to_string(),
            Usage::Iops(kind) => format!(
                "EBS:VolumeP-IOPS.{}",
                match kind {
                    Iops::Gp3 => "gp3",
                    Iops::Io1 => "piops",
                    Iops::Io2 => "io2",
                    Iops::Io2Tier2 => "io2.tier2",
                    Iops::Io2Tier3 => "io2.tier3",
                }
            ),
            Usage::Throughput => "EBS:VolumeP-Throughput.gp3".to_string(),
            Usage::Snapshot => "EBS:SnapshotUsage".to_string(),
            Usage::PublicIp { idle: true } => "PublicIPv4:IdleAddress".to_string(),
            Usage::PublicIp { idle: false } => "PublicIPv4:InUseAddress".to_string(),
        };
        format!("{}{suffix}", prefix(region, self))
    }

    /// Cost Explorer's SERVICE of this usage.
    pub fn service(self) -> &'static str {
        match self {
            Usage::Box(_) => COMPUTE,
            Usage::PublicIp { .. } => VPC,
            _ => EC2_OTHER,
        }
    }

    /// The unit of its quantity, as Cost Explorer names it.
    pub fn unit(self) -> &'static str {
        match self {
            Usage::Box(_) | Usage::PublicIp { .. } => "Hrs",
            Usage::Storage(_) | Usage::Snapshot => "GB-Mo",
            Usage::Iops(_) => "IOPS-Mo",
            Usage::Throughput => "GiBps-mo",
        }
    }

    /// The instance type of instance hours.
    pub fn instance_type(self) -> Option<&'static str> {
        match self {
            Usage::Box(instance_type) => Some(instance_type),
            _ => None,
        }
    }

    /// What it is, for the cost meter.
    pub fn describe(self) -> String {
        match self {
            Usage::Box(instance_type) => format!("{instance_type} instance"),
            Usage::Storage(volume_type) => format!("{volume_type} volume storage"),
            Usage::Iops(Iops::Gp3) => "gp3 IOPS above 3,000".to_string(),
            Usage::Iops(Iops::Io1) => "io1 provisioned IOPS".to_string(),
            Usage::Iops(_) => "io2 provisioned IOPS".to_string(),
            Usage::Throughput => "gp3 throughput above 125 MiB/s".to_string(),
            Usage::Snapshot => "snapshot storage".to_string(),
            Usage::PublicIp { idle: false } => "public IPv4 address".to_string(),
            Usage::PublicIp { idle: true } => "idle public IPv4 address".to_string(),
        }
    }

    /// The us-east-1 price of one unit, in 10^-5 dollars.
    fn price(self) -> u128 {
        match self {
            Usage::Box(instance_type) => instance_types::find(instance_type)
                // Catalog prices have at most five decimals, so this is exact.
                .map_or(0, |spec| {
                    (spec.price_per_hour * PRICE_SCALE as f64).round() as u128
                }),
            Usage::Storage(volume_type) => volume(volume_type).2,
            Usage::Iops(Iops::Gp3) => 500,
            Usage::Iops(Iops::Io1 | Iops::Io2) => 6_500,
            Usage::Iops(Iops::Io2Tier2) => 4_550,
            Usage::Iops(Iops::Io2Tier3) => 3_185,
            // $40.96 per GiB/s-month is $0.04 per MiB/s-month.
            Usage::Throughput => 4_096_000,
            Usage::Snapshot => 5_000,
            Usage::PublicIp { .. } => 500,
        }
    }

    fn per(self) -> Per {
        match self {
            Usage::Box(_) | Usage::PublicIp { .. } => Per::Hour,
            Usage::Storage(_) | Usage::Iops(_) => Per::Month,
            Usage::Snapshot => Per::BlockMonth,
            Usage::Throughput => Per::MibpsMonth,
        }
    }

    /// Units of quantity (see `money::SCALE`) one item accrues per second, in a
    /// month of `month_seconds`: AWS prorates monthly prices by the
    /// seconds of the actual month (its EBS pricing example divides by a
    /// 30-day month), so a volume kept a whole month costs exactly its
    /// monthly price.
    pub fn per_second(self, month_seconds: u64) -> u128 {
        let month = u128::from(month_seconds);
        SCALE
            / match self.per() {
                Per::Hour => 3_600,
                Per::Month => month,
                Per::BlockMonth => month * u128::from(crate::ec2::snapshots::BLOCKS_PER_GIB),
                Per::MibpsMonth => month * 1_024,
            }
    }

    /// The cost of `quantity` units of usage, in units of money.
    pub fn cost(self, quantity: u128) -> u128 {
        // Every quantity is a multiple of PRICE_SCALE (see money.rs).
        (quantity / PRICE_SCALE).saturating_mul(self.price())
    }
}

/// The usage type prefix of `region`: none in us-east-1 for the older
/// usage types, `USE1-` there for public IPv4, which is newer.
fn prefix(region: &str, usage: Usage) -> &'static str {
    match region {
        "us-east-1" if matches!(usage, Usage::PublicIp { .. }) => "USE1-",
        "us-east-1" => "",
        "us-east-2" => "USE2-",
        "us-west-1" => "USW1-",
        "us-west-2" => "USW2-",
        "ca-central-1" => "CAN1-",
        "sa-east-1" => "SAE1-",
        "eu-west-1" => "EU-",
        "eu-west-2" => "EUW2-",
        "eu-west-3" => "EUW3-",
        "eu-central-1" => "EUC1-",
        "eu-north-1" => "EUN1-",
        "ap-south-1" => "APS3-",
        "ap-southeast-1" => "APS1-",
        "ap-southeast-2" => "APS2-",
        "ap-northeast-1" => "APN1-",
        "ap-northeast-2" => "APN2-",
        "ap-northeast-3" => "APN3-",
        _ => "",
    }
}

/// The row of `volume_type` (every volume has a known type).
fn volume(volume_type: &str) -> (&'static str, &'static str, u128, bool) {
    VOLUME_TYPES
        .iter()
        .copied()
        .find(|row| row.0 == volume_type)
        .unwrap_or(("standard", "EBS:VolumeUsage", 5_000, true))
}

/// The free tier's monthly allowances (12-month tier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Pool {
    /// 750 hours of t2.micro (t3.micro where there is no t2) running Linux.
    Compute,
    /// 30 GB-months of General Purpose or Magnetic volume storage.
    Storage,
    /// 1 GB-month of snapshot storage.
    Snapshots,
    /// 750 hours of in-use public IPv4 addresses.
    PublicIp,
}

impl Pool {
    /// Every pool, in index order.
    pub const ALL: [Pool; 4] = [
        Pool::Compute,
        Pool::Storage,
        Pool::Snapshots,
        Pool::PublicIp,
    ];

    /// The allowance per month, in units of quantity.
    pub fn limit(self) -> u128 {
        SCALE
            * match self {
                Pool::Compute | Pool::PublicIp => 750,
                Pool::Storage => 30,
                Pool::Snapshots => 1,
            }
    }
}

/// Something billed right now: `amount` items of `usage` (instances, GiB,
/// IOPS, MiB/s above the included, blocks, addresses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub region: &'static str,
    /// The instance, volume, snapshot or address allocation it is for.
    pub resource: String,
    pub usage: Usage,
    pub amount: u64,
    /// The free-tier allowance that covers it, if any.
    pub pool: Option<Pool>,
}

/// The blocks each snapshot stores itself, per region, with the snapshots
/// they were counted for. Counting walks every block, but snapshots never
/// change, so the counts hold until one is created or deleted.
#[derive(Debug, Clone, Default)]
pub struct SnapshotShares(BTreeMap<&'static str, (Vec<String>, BTreeMap<String, u64>)>);

/// Derived from the world's state, so no part of the bill's equality.
impl PartialEq for SnapshotShares {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for SnapshotShares {}

impl SnapshotShares {
    /// Counts again in the regions whose snapshots changed.
    pub fn refresh(&mut self, ec2: &Ec2) {
        for info in regions::REGIONS {
            let Some(state) = ec2.region(info.name) else {
                continue;
            };
            let unchanged = self
                .0
                .get(info.name)
                .map_or(state.snapshots.is_empty(), |(ids, _)| {
                    state.snapshots.keys().eq(ids.iter())
                });
            if unchanged {
                continue;
            }
            if state.snapshots.is_empty() {
                self.0.remove(info.name);
            } else {
                let ids = state.snapshots.keys().cloned().collect();
                self.0
                    .insert(info.name, (ids, state.blocks_stored_by_each_snapshot()));
            }
        }
    }
}

/// Everything the account is billed for right now, in a fixed order
/// (regions as DescribeRegions lists them, then resources in creation
/// order), which is also the order free-tier allowances are used in.
/// `shares` must be refreshed since the last change.
pub fn charges(ec2: &Ec2, shares: &SnapshotShares) -> Vec<Charge> {
    let mut charges = Vec::new();
    for info in regions::REGIONS {
        if let Some(state) = ec2.region(info.name) {
            let mut add = |resource: &str, usage, amount, pool| {
                if amount > 0 {
                    charges.push(Charge {
                        region: info.name,
                        resource: resource.to_string(),
                        usage,
                        amount,
                        pool,
                    });
                }
            };
            instances(state, info.name, &mut add);
            addresses(state, &mut add);
            volumes(state, &mut add);
            if let Some((_, blocks)) = shares.0.get(info.name) {
                for (id, blocks) in blocks {
                    add(id, Usage::Snapshot, *blocks, Some(Pool::Snapshots));
                }
            }
        }
    }
    charges
}

/// A sink of charges: resource, usage, amount and free-tier pool.
type Add<'a> = dyn FnMut(&str, Usage, u64, Option<Pool>) + 'a;

/// The type of a running instance as a usage, with the allowance that
/// covers it; `None` when it is not running (stopped instances cost
/// nothing, nor do pending, stopping or shutting-down ones).
pub fn running_usage(
    instance: &crate::ec2::instances::Instance,
    region: &str,
) -> Option<(Usage, Option<Pool>)> {
    if instance.state != InstanceState::Running {
        return None;
    }
    let spec = instance_types::find(&instance.instance_type)?;
    let free_type = if REGIONS_WITHOUT_T2.contains(&region) {
        spec.name == "t3.micro"
    } else {
        spec.free_tier
    };
    // Windows has its own allowance, which the sandbox does not model.
    let pool = (free_type && instance.platform.is_none()).then_some(Pool::Compute);
    Some((Usage::Box(spec.name), pool))
}

fn instances(state: &RegionState, region: &str, add: &mut Add) {
    for instance in state.instances.values() {
        if let Some((usage, pool)) = running_usage(instance, region) {
            add(&instance.id, usage, 1, pool);
        }
        // An auto-assigned address; an associated Elastic IP is billed as
        // the allocation below.
        let auto_assigned = instance
            .public_ip
            .is_some_and(|ip| !state.elastic_ips.values().any(|e| e.public_ip == ip));
        if auto_assigned {
            add(
                &instance.id,
                Usage::PublicIp { idle: false },
                1,
                Some(Pool::PublicIp),
            );
        }
    }
}

fn addresses(state: &RegionState, add: &mut Add) {
    for eip in state.elastic_ips.values() {
        let in_use = eip.association.as_ref().is_some_and(|a| {
            state
                .instances
                .get(&a.instance_id)
                .is_some_and(|i| i.state == InstanceState::Running)
        });
        // The free tier covers addresses in use, not idle ones.
        let pool = in_use.then_some(Pool::PublicIp);
        add(
            &eip.allocation_id,
            Usage::PublicIp { idle: !in_use },
            1,
            pool,
        );
    }
}

fn volumes(state: &RegionState, add: &mut Add) {
    for volume in state.volumes.values() {
        if volume.state == VolumeState::Deleting {
            continue;
        }
        let performance = &volume.performance;
        let (volume_type, _, _, free) = self::volume(&performance.volume_type);
        let storage_pool = free.then_some(Pool::Storage);
        let id = &volume.id;
        add(
            id,
            Usage::Storage(volume_type),
            u64::from(performance.size_gib),
            storage_pool,
        );
        let iops = u64::from(performance.iops.unwrap_or(0));
        match volume_type {
            "gp3" => {
                add(
                    id,
                    Usage::Iops(Iops::Gp3),
                    iops.saturating_sub(GP3_FREE_IOPS),
                    None,
                );
                let throughput = u64::from(performance.throughput.unwrap_or(0));
                let extra = throughput.saturating_sub(GP3_FREE_MIBPS);
                add(id, Usage::Throughput, extra, None);
            }
            "io1" => add(id, Usage::Iops(Iops::Io1), iops, None),
            "io2" => {
                add(id, Usage::Iops(Iops::Io2), iops.min(IO2_TIER), None);
                let above = iops.saturating_sub(IO2_TIER);
                add(id, Usage::Iops(Iops::Io2Tier2), above.min(IO2_TIER), None);
                let top = above.saturating_sub(IO2_TIER);
                add(id, Usage::Iops(Iops::Io2Tier3), top, None);
            }
            _ => {}
        }
    }
}

/// When an instance's current run began, if it is running.
pub fn running_since(ec2: &Ec2, region: &str, id: &str) -> Option<SimTime> {
    let instance = ec2.region(region)?.instances.get(id)?;
    (instance.state == InstanceState::Running)
        .then_some(instance.running_since)
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usage_types_follow_aws_names_and_prefixes() {
        assert_eq!(
            Usage::Box("t2.micro").name("us-east-1"),
            "BoxUsage:t2.micro"
        );
        assert_eq!(
            Usage::Box("t2.micro").name("us-west-2"),
            "USW2-BoxUsage:t2.micro"
        );
        assert_eq!(Usage::Box("m1.small").name("eu-west-1"), "EU-BoxUsage");
        assert_eq!(
            Usage::Storage("gp3").name("us-east-1"),
            "EBS:VolumeUsage.gp3"
        );
        assert_eq!(
            Usage::Storage("io1").name("us-east-1"),
            "EBS:VolumeUsage.piops"
        );
        assert_eq!(
            Usage::Storage("standard").name("us-east-1"),
            "EBS:VolumeUsage"
        );
        assert_eq!(
            Usage::Iops(Iops::Io2Tier2).name("us-east-1"),
            "EBS:VolumeP-IOPS.io2.tier2"
        );
        assert_eq!(
            Usage::Snapshot.name("eu-central-1"),
            "EUC1-EBS:SnapshotUsage"
        );
        assert_eq!(
            Usage::PublicIp { idle: true }.name("us-east-1"),
            "USE1-PublicIPv4:IdleAddress"
        );
        assert_eq!(Usage::Throughput.unit(), "GiBps-mo");
        assert_eq!(Usage::Snapshot.service(), EC2_OTHER);
    }

    #[test]
    fn prices_are_exact() {
        let hour = Usage::Box("t2.micro").per_second(0) * 3_600;
        assert_eq!(Usage::Box("t2.micro").cost(hour), SCALE * 116 / 10_000);
        // A MiB/s above 125 for a 30-day month: $0.04.
        let month = 30 * 86_400;
        let mibps_month = Usage::Throughput.per_second(month) * u128::from(month);
        assert_eq!(Usage::Throughput.cost(mibps_month), SCALE * 4 / 100);
    }
}
