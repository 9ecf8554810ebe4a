//! Names, ARNs, DNS names and hosted zones of load balancers and target
//! groups, as AWS forms them.

use super::validation;
use crate::kernel::{ApiError, Context};
use crate::sts::ACCOUNT_ID;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// What a name belongs to: AWS words the same rules differently for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    LoadBalancer,
    TargetGroup,
}

/// Checks a load balancer or target group name: 1–32 letters, digits or
/// hyphens, no hyphen at either end; a load balancer's must not start with
/// `internal-` (AWS keeps that prefix for internal load balancers' DNS
/// names).
pub fn check_name(name: &str, what: Named) -> Result<(), ApiError> {
    let (subject, characters) = match what {
        Named::LoadBalancer => (
            format!("The load balancer name '{name}'"),
            "alphanumeric characters and hyphens(-)",
        ),
        Named::TargetGroup => (
            format!("Target group name '{name}'"),
            "alphanumeric characters or hyphens(-)",
        ),
    };
    if name.is_empty() {
        return Err(validation(format!("{subject} cannot be empty")));
    }
    if name.chars().count() > 32 {
        return Err(validation(format!(
            "{subject} cannot be longer than '32' characters"
        )));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(validation(format!(
            "{subject} can only contain characters that are {characters}"
        )));
    }
    if name.starts_with('-') || name.ends_with('-') {
        return Err(validation(format!(
            "{subject} cannot begin or end with '-'"
        )));
    }
    if what == Named::LoadBalancer && name.starts_with("internal-") {
        return Err(validation(format!(
            "{subject} cannot begin with 'internal-'"
        )));
    }
    Ok(())
}

/// The ARN prefix of every Elastic Load Balancing resource in `region`.
pub fn arn_prefix(region: &str) -> String {
    format!("arn:aws:elasticloadbalancing:{region}:{ACCOUNT_ID}")
}

/// A new load balancer's ARN and id: `…:loadbalancer/app/<name>/<16 hex>`
/// (`net/` for a Network Load Balancer).
pub fn load_balancer_arn(ctx: &mut Context, kind: &str, name: &str) -> String {
    let id = ctx.ids.hex(16);
    format!("{}:loadbalancer/{kind}/{name}/{id}", arn_prefix(ctx.region))
}

/// A new target group's ARN: `…:targetgroup/<name>/<16 hex>`.
pub fn target_group_arn(ctx: &mut Context, name: &str) -> String {
    let id = ctx.ids.hex(16);
    format!("{}:targetgroup/{name}/{id}", arn_prefix(ctx.region))
}

/// The `app/<name>/<id>` part of a load balancer's ARN, which its
/// listeners' and rules' ARNs repeat.
pub fn load_balancer_path(arn: &str) -> &str {
    arn.split_once(":loadbalancer/")
        .map_or(arn, |(_, path)| path)
}

/// A new listener's ARN: `…:listener/app/<lb name>/<lb id>/<16 hex>`.
pub fn listener_arn(ctx: &mut Context, load_balancer_arn: &str) -> String {
    let id = ctx.ids.hex(16);
    format!(
        "{}:listener/{}/{id}",
        arn_prefix(ctx.region),
        load_balancer_path(load_balancer_arn)
    )
}

/// A new rule's ARN: `…:listener-rule/app/<lb>/<lb id>/<listener id>/<16 hex>`.
pub fn rule_arn(ctx: &mut Context, listener_arn: &str) -> String {
    let id = ctx.ids.hex(16);
    let path = listener_arn
        .split_once(":listener/")
        .map_or(listener_arn, |(_, path)| path);
    format!("{}:listener-rule/{path}/{id}", arn_prefix(ctx.region))
}

/// The DNS name of an Application or Classic Load Balancer:
/// `<name>-<9 or 10 digits>.<region>.elb.amazonaws.com`, `internal-` in
/// front for an internal one. The digits are drawn from the seeded ids.
pub fn numbered_dns_name(ctx: &mut Context, name: &str, internal: bool) -> String {
    let number = 100_000_000 + ctx.ids.rng().below(2_047_483_647 - 100_000_000);
    let prefix = if internal { "internal-" } else { "" };
    format!("{prefix}{name}-{number}.{}.elb.amazonaws.com", ctx.region)
}

/// The DNS name of a Network Load Balancer:
/// `<name>-<its ARN's 16 hex digits>.elb.<region>.amazonaws.com`.
pub fn network_dns_name(region: &str, name: &str, arn: &str, internal: bool) -> String {
    let id = arn.rsplit('/').next().unwrap_or_default();
    let prefix = if internal { "internal-" } else { "" };
    format!("{prefix}{name}-{id}.elb.{region}.amazonaws.com")
}

/// Route 53's hosted zone for the DNS names of Application and Classic
/// Load Balancers (`network` false) or Network Load Balancers in `region`,
/// from AWS's Elastic Load Balancing endpoints table.
pub fn hosted_zone(region: &str, network: bool) -> &'static str {
    let (application, net) = match region {
        "us-east-2" => ("Z3AADJGX6KTTL2", "ZLMOA37VPKANP"),
        "us-west-1" => ("Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"),
        "us-west-2" => ("Z1H1FL5HABSF5", "Z18D5FSROUN65G"),
        "ca-central-1" => ("ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"),
        "ap-south-1" => ("ZP97RAFLXTNZK", "ZVDDRBQ08TROA"),
        "ap-northeast-1" => ("Z14GRHDCWA56QT", "Z31USIVHYNEOWT"),
        "ap-northeast-2" => ("ZWKZPGTI48KDX", "ZIBE1TIR4HY56"),
        "ap-northeast-3" => ("Z5LXEXXYW11ES", "Z1GWIQ4HH19I5X"),
        "ap-southeast-1" => ("Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"),
        "ap-southeast-2" => ("Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"),
        "eu-central-1" => ("Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"),
        "eu-west-1" => ("Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"),
        "eu-west-2" => ("ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"),
        "eu-west-3" => ("Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"),
        "eu-north-1" => ("Z23TAZ6LKFMNIO", "Z1UDT6IFJ4EJM"),
        "sa-east-1" => ("Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"),
        _ => ("Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"),
    };
    if network {
        net
    } else {
        application
    }
}

/// The private address of a load balancer's node in `subnet`: AWS puts a
/// network interface in every subnet it serves. The address is derived
/// from the load balancer and the subnet, so it stays put; it is not
/// reserved in EC2's books (a plausible simplification: the sandbox's VPCs
/// are far from full, so a clash is unlikely and harmless).
pub fn node_address(owner: &str, subnet_id: &str, cidr: Ipv4Net) -> Ipv4Addr {
    let hosts = u64::from(u32::MAX >> cidr.prefix_len().min(31)) + 1;
    // AWS keeps the first four addresses and the last of every subnet.
    let usable = hosts.saturating_sub(5).max(1);
    let offset = 4 + crate::kernel::hash::fnv1a(&format!("{owner}/{subnet_id}")) % usable;
    let base = u64::from(u32::from(cidr.network()));
    Ipv4Addr::from(u32::try_from(base + offset).unwrap_or(u32::from(cidr.network())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_aws_rules() {
        assert!(check_name("my-alb-1", Named::LoadBalancer).is_ok());
        let long = "a".repeat(33);
        assert_eq!(
            check_name(&long, Named::TargetGroup).unwrap_err().message,
            format!("Target group name '{long}' cannot be longer than '32' characters")
        );
        assert!(check_name("-web", Named::TargetGroup).is_err());
        assert!(check_name("web_tg", Named::TargetGroup).is_err());
        assert!(check_name("internal-web", Named::LoadBalancer).is_err());
        assert!(check_name("internal-web", Named::TargetGroup).is_ok());
    }

    #[test]
    fn node_addresses_stay_inside_their_subnet() {
        let cidr: Ipv4Net = "172.31.16.0/20".parse().unwrap();
        for subnet in ["subnet-1", "subnet-2", "subnet-3"] {
            let ip = node_address("lb", subnet, cidr);
            assert!(cidr.contains(&ip) && ip != cidr.network() && ip != cidr.broadcast());
        }
        assert_eq!(
            load_balancer_path(
                "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/web/0123"
            ),
            "app/web/0123"
        );
    }
}
