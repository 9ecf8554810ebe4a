//! Whether a TCP connection from the internet reaches an instance, checked
//! in the order a packet meets the obstacles: the address, the subnet's
//! route to an internet gateway, the network ACL (stateless, both ways),
//! the security groups (stateful), and finally whether anything listens.

use super::instances::{Instance, InstanceState};
use super::security_groups::SecurityGroupRule;
use super::vpc::{NetworkAclEntry, RuleAction};
use super::{Ec2, RegionState};
use std::net::Ipv4Addr;

/// The ephemeral ports a Linux client picks its source port from
/// (`net.ipv4.ip_local_port_range`); replies go back to one of them, so the
/// network ACL must let the whole range out.
pub const CLIENT_EPHEMERAL_PORTS: (u16, u16) = (32768, 60999);

/// Where a connection attempt ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reachability {
    /// A process accepted the connection.
    Reached { instance_id: String },
    /// The packets were dropped along the way: the client waits, then gives up.
    TimedOut(Blocked),
    /// The instance answered with a reset: nothing listens on the port.
    Refused { instance_id: String },
}

/// Why packets were silently dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// No running instance holds the address (e.g. the old IP of an
    /// instance that was stopped).
    NoSuchAddress,
    /// The instance holding the address is not running.
    NotRunning,
    /// The subnet's route table sends internet traffic to no attached
    /// internet gateway.
    NoInternetRoute,
    /// The network ACL denies the request on its way in.
    NetworkAclInbound,
    /// The network ACL denies the reply on its way out.
    NetworkAclOutbound,
    /// No security group rule allows the port from the source.
    SecurityGroup,
}

/// The region and instance holding public address `ip`, in any region.
pub fn locate(ec2: &Ec2, ip: Ipv4Addr) -> Option<(&RegionState, &Instance)> {
    super::regions::REGIONS.iter().find_map(|info| {
        let region = ec2.region(info.name)?;
        let instance = region
            .instances
            .values()
            .find(|i| i.public_ip == Some(ip))?;
        Some((region, instance))
    })
}

/// Whether a TCP connection from `source` to `target`:`port` gets through.
pub fn tcp_connect(ec2: &Ec2, source: Ipv4Addr, target: Ipv4Addr, port: u16) -> Reachability {
    let Some((region, instance)) = locate(ec2, target) else {
        return Reachability::TimedOut(Blocked::NoSuchAddress);
    };
    if let Err(blocked) = path_to(region, instance, source, port) {
        return Reachability::TimedOut(blocked);
    }
    listening(region, instance, port)
}

/// A connection's source inside a VPC (a load balancer node): its private
/// address, its subnet and the security groups of its network interface
/// (none for a Network Load Balancer made without security groups).
#[derive(Debug, Clone, Copy)]
pub struct VpcSource<'a> {
    pub address: Ipv4Addr,
    pub subnet_id: &'a str,
    pub security_groups: &'a [String],
}

/// Whether a TCP connection from `source`, inside the instance's VPC, to
/// `instance` on `port` gets through: the local route needs no gateway, but
/// both subnets' network ACLs, the source's outbound and the instance's
/// inbound security group rules must let it pass (a rule may name the
/// source's security group).
pub fn vpc_connect(
    region: &RegionState,
    source: VpcSource,
    instance: &Instance,
    port: u16,
) -> Reachability {
    if instance.state != InstanceState::Running {
        return Reachability::TimedOut(Blocked::NotRunning);
    }
    let acl = |subnet_id: &str| {
        region
            .network_acl_for_subnet(subnet_id)
            .map_or(&[][..], |acl| acl.entries.as_slice())
    };
    let (low, high) = CLIENT_EPHEMERAL_PORTS;
    let ephemeral = |entries, egress, peer| {
        acl_allows(entries, egress, peer, low) && acl_allows(entries, egress, peer, high)
    };
    let (from, to) = (acl(source.subnet_id), acl(&instance.subnet_id));
    let target = instance.private_ip;
    if !(acl_allows(from, true, target, port) && ephemeral(from, false, target)) {
        return Reachability::TimedOut(Blocked::NetworkAclOutbound);
    }
    if !(acl_allows(to, false, source.address, port) && ephemeral(to, true, source.address)) {
        return Reachability::TimedOut(Blocked::NetworkAclInbound);
    }
    // A source in no security group (a Network Load Balancer made
    // without any) filters nothing on its way out.
    let out = source.security_groups.is_empty()
        || rules(region, source.security_groups, true)
            .any(|rule| rule.admits_tcp(port, target, &instance.security_group_ids));
    let into = rules(region, &instance.security_group_ids, false)
        .any(|rule| rule.admits_tcp(port, source.address, source.security_groups));
    if !(out && into) {
        return Reachability::TimedOut(Blocked::SecurityGroup);
    }
    listening(region, instance, port)
}

/// The outbound (`egress`) or inbound rules of the security groups `groups`.
fn rules<'r>(
    region: &'r RegionState,
    groups: &'r [String],
    egress: bool,
) -> impl Iterator<Item = &'r SecurityGroupRule> + 'r {
    groups
        .iter()
        .filter_map(|id| region.security_groups.get(id))
        .flat_map(move |group| {
            if egress {
                &group.egress
            } else {
                &group.ingress
            }
        })
}

/// Whether anything on the instance accepts connections on `port`.
fn listening(region: &RegionState, instance: &Instance, port: u16) -> Reachability {
    let instance_id = instance.id.clone();
    let listening = region
        .guests
        .get(&instance.id)
        .and_then(|guest| guest.listener(port))
        .is_some();
    if listening {
        Reachability::Reached { instance_id }
    } else {
        Reachability::Refused { instance_id }
    }
}

/// The network checks, in order.
fn path_to(
    region: &RegionState,
    instance: &Instance,
    source: Ipv4Addr,
    port: u16,
) -> Result<(), Blocked> {
    if instance.state != InstanceState::Running {
        return Err(Blocked::NotRunning);
    }
    let routes_out = region
        .route_table_for_subnet(&instance.subnet_id)
        .and_then(|table| {
            table
                .routes
                .iter()
                .filter(|r| r.destination.contains(&source))
                .max_by_key(|r| r.destination.prefix_len())
                .filter(|route| region.route_is_active(table, route))
        })
        .is_some_and(|route| route.gateway_id.starts_with("igw-"));
    if !routes_out {
        return Err(Blocked::NoInternetRoute);
    }
    let entries = region
        .network_acl_for_subnet(&instance.subnet_id)
        .map_or(&[][..], |acl| acl.entries.as_slice());
    if !acl_allows(entries, false, source, port) {
        return Err(Blocked::NetworkAclInbound);
    }
    let (low, high) = CLIENT_EPHEMERAL_PORTS;
    if !(acl_allows(entries, true, source, low) && acl_allows(entries, true, source, high)) {
        return Err(Blocked::NetworkAclOutbound);
    }
    let allowed = instance
        .security_group_ids
        .iter()
        .filter_map(|id| region.security_groups.get(id))
        .flat_map(|group| &group.ingress)
        .any(|rule| rule.allows_tcp(port, source));
    if !allowed {
        return Err(Blocked::SecurityGroup);
    }
    Ok(())
}

/// True when the lowest-numbered entry matching TCP `port` to or from
/// `peer` in that direction allows it (entries are kept in rule order).
fn acl_allows(entries: &[NetworkAclEntry], egress: bool, peer: Ipv4Addr, port: u16) -> bool {
    entries
        .iter()
        .filter(|e| e.egress == egress && e.cidr.contains(&peer))
        .find(|e| match e.protocol.as_str() {
            "-1" => true,
            "6" => e
                .port_range
                .is_none_or(|(from, to)| (from..=to).contains(&port)),
            _ => false,
        })
        .is_some_and(|e| e.action == RuleAction::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(
        number: u16,
        egress: bool,
        ports: Option<(u16, u16)>,
        cidr: &str,
        allow: bool,
    ) -> NetworkAclEntry {
        NetworkAclEntry {
            rule_number: number,
            egress,
            protocol: if ports.is_some() { "6" } else { "-1" }.into(),
            action: if allow {
                RuleAction::Allow
            } else {
                RuleAction::Deny
            },
            cidr: cidr.parse().unwrap(),
            port_range: ports,
            icmp_type_code: None,
        }
    }

    #[test]
    fn the_lowest_numbered_matching_acl_entry_wins() {
        let me: Ipv4Addr = "203.0.113.25".parse().unwrap();
        let entries = vec![
            entry(90, false, Some((22, 22)), "203.0.113.0/24", false),
            entry(100, false, None, "0.0.0.0/0", true),
            entry(32767, false, None, "0.0.0.0/0", false),
            entry(100, true, Some((1024, 65535)), "0.0.0.0/0", true),
            entry(32767, true, None, "0.0.0.0/0", false),
        ];
        assert!(!acl_allows(&entries, false, me, 22), "rule 90 denies first");
        assert!(acl_allows(&entries, false, me, 80));
        assert!(acl_allows(&entries, true, me, 32768));
        assert!(!acl_allows(&entries, true, me, 80), "the * rule denies");
        assert!(!acl_allows(&[], false, me, 80), "no ACL, no traffic");
    }
}
