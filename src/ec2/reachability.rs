//! Whether a TCP connection from the internet reaches an instance, checked
//! in the order a packet meets the obstacles: the address, the subnet's
//! route to an internet gateway, the network ACL (stateless, both ways),
//! the security groups (stateful), and finally whether anything listens.

use super::instances::{Instance, InstanceState};
use super::vpc::{NetworkAcl, RouteTable};
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
    let routes_out = route_table_for_subnet(region, &instance.subnet_id)
        .and_then(|table| {
            table
                .routes
                .iter()
                .filter(|r| r.destination.contains(&source))
                .max_by_key(|r| r.destination.prefix_len())
        })
        .is_some_and(|route| {
            internet_gateway_attached_to(region, &instance.vpc_id)
                .is_some_and(|igw| igw == route.gateway_id)
        });
    if !routes_out {
        return Err(Blocked::NoInternetRoute);
    }
    let acl = network_acl_for_subnet(region, &instance.subnet_id, &instance.vpc_id);
    let rules = acl.map(acl_rules).unwrap_or_default();
    if !acl_allows(&rules, false, source, port) {
        return Err(Blocked::NetworkAclInbound);
    }
    let (low, high) = CLIENT_EPHEMERAL_PORTS;
    if !(acl_allows(&rules, true, source, low) && acl_allows(&rules, true, source, high)) {
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

/// The route table of a subnet: its explicit association, else the VPC's main table.
fn route_table_for_subnet<'a>(region: &'a RegionState, subnet_id: &str) -> Option<&'a RouteTable> {
    let vpc_id = &region.subnets.get(subnet_id)?.vpc_id;
    let tables = || region.route_tables.values();
    tables()
        .find(|t| t.subnet_ids.iter().any(|s| s == subnet_id))
        .or_else(|| tables().find(|t| t.main && &t.vpc_id == vpc_id))
}

/// The id of the internet gateway attached to `vpc_id`.
fn internet_gateway_attached_to<'a>(region: &'a RegionState, vpc_id: &str) -> Option<&'a str> {
    region
        .internet_gateways
        .values()
        .find(|g| g.attached_vpc_id.as_deref() == Some(vpc_id))
        .map(|g| g.id.as_str())
}

/// The network ACL of a subnet: every subnet uses its VPC's default ACL
/// until ACL associations are modelled.
fn network_acl_for_subnet<'a>(
    region: &'a RegionState,
    _subnet_id: &str,
    vpc_id: &str,
) -> Option<&'a NetworkAcl> {
    region
        .network_acls
        .values()
        .find(|a| a.is_default && a.vpc_id == vpc_id)
}

/// One network ACL entry.
#[derive(Debug, Clone, PartialEq)]
struct AclRule {
    number: u16,
    egress: bool,
    /// `None` for all protocols (`-1`), else TCP with this port range.
    tcp_ports: Option<(u16, u16)>,
    cidr: ipnet::Ipv4Net,
    allow: bool,
}

/// The entries of an ACL, lowest number first. A default ACL allows all
/// traffic both ways (rules 100); every ACL ends with the `*` deny rule,
/// numbered above any a user can create.
fn acl_rules(acl: &NetworkAcl) -> Vec<AclRule> {
    let mut rules = Vec::new();
    for egress in [false, true] {
        if acl.is_default {
            rules.push(AclRule {
                number: 100,
                egress,
                tcp_ports: None,
                cidr: ipnet::Ipv4Net::default(),
                allow: true,
            });
        }
        rules.push(AclRule {
            number: u16::MAX,
            egress,
            tcp_ports: None,
            cidr: ipnet::Ipv4Net::default(),
            allow: false,
        });
    }
    rules.sort_by_key(|r| r.number);
    rules
}

/// True when the lowest-numbered entry matching TCP `port` to or from
/// `peer` in that direction allows it.
fn acl_allows(rules: &[AclRule], egress: bool, peer: Ipv4Addr, port: u16) -> bool {
    rules
        .iter()
        .filter(|r| r.egress == egress && r.cidr.contains(&peer))
        .find(|r| {
            r.tcp_ports
                .is_none_or(|(from, to)| (from..=to).contains(&port))
        })
        .is_some_and(|r| r.allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        number: u16,
        egress: bool,
        ports: Option<(u16, u16)>,
        cidr: &str,
        allow: bool,
    ) -> AclRule {
        AclRule {
            number,
            egress,
            tcp_ports: ports,
            cidr: cidr.parse().unwrap(),
            allow,
        }
    }

    #[test]
    fn the_lowest_numbered_matching_acl_entry_wins() {
        let me: Ipv4Addr = "203.0.113.25".parse().unwrap();
        let rules = vec![
            rule(90, false, Some((22, 22)), "203.0.113.0/24", false),
            rule(100, false, None, "0.0.0.0/0", true),
            rule(100, true, Some((1024, 65535)), "0.0.0.0/0", true),
            rule(u16::MAX, false, None, "0.0.0.0/0", false),
            rule(u16::MAX, true, None, "0.0.0.0/0", false),
        ];
        assert!(!acl_allows(&rules, false, me, 22), "rule 90 denies first");
        assert!(acl_allows(&rules, false, me, 80));
        assert!(acl_allows(&rules, true, me, 32768));
        assert!(!acl_allows(&rules, true, me, 80), "the * rule denies");
        let default = NetworkAcl {
            id: "acl-1".into(),
            vpc_id: "vpc-1".into(),
            is_default: true,
        };
        assert!(acl_allows(&acl_rules(&default), false, me, 22));
        let custom = NetworkAcl {
            is_default: false,
            ..default
        };
        assert!(!acl_allows(&acl_rules(&custom), false, me, 22));
    }
}
