//! Classic Load Balancers (the `elb` API): CreateLoadBalancer with fixed
//! LoadBalancerPort → InstancePort listeners, DescribeLoadBalancers,
//! DeleteLoadBalancer, (De)RegisterInstances, ConfigureHealthCheck,
//! DescribeInstanceHealth, listeners and attributes. Health checks share
//! the target machinery of the newer load balancers, with the classic
//! rule that a new instance needs the healthy threshold of passing checks.

use super::health_checks::{probe, Probe};
use super::load_balancers::{check_internet_gateway, nodes_in, security_groups_in, Node};
use super::names::{self, Named};
use super::routing::{flow_index, zone_for_flow, HttpRequest, Routed};
use super::targets::{Failure, Health, Target, TargetKey, Thresholds};
use super::{check_range, page, port, validation, ElbRegion, Pool, Timer};
use crate::ec2::instances::InstanceState;
use crate::ec2::reachability::VpcSource;
use crate::ec2::{Ec2, RegionState};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler, SimTime};
use crate::sts::ACCOUNT_ID;
use serde::Serialize;
use serde_json::{json, Value};

/// Classic Load Balancers a region holds at most.
const MAX_CLASSIC: usize = 20;

/// A listener: one load balancer port to one instance port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassicListener {
    pub protocol: String,
    pub load_balancer_port: u16,
    pub instance_protocol: String,
    pub instance_port: u16,
}

impl ClassicListener {
    /// True for HTTP and HTTPS listeners, which speak HTTP to clients.
    pub fn is_http(&self) -> bool {
        self.protocol == "HTTP" || self.protocol == "HTTPS"
    }
}

/// `HealthCheck` of a Classic Load Balancer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClassicHealthCheck {
    /// `TCP:80`, `SSL:443`, `HTTP:80/index.html`, `HTTPS:443/path`.
    pub target: String,
    pub interval: i64,
    pub timeout: i64,
    pub unhealthy_threshold: i64,
    pub healthy_threshold: i64,
}

impl ClassicHealthCheck {
    /// What the API sets when none is configured: `TCP:80` every 30 s,
    /// 5 s timeout, 2 unhealthy, 10 healthy.
    fn default_check() -> Self {
        Self {
            target: "TCP:80".into(),
            interval: 30,
            timeout: 5,
            unhealthy_threshold: 2,
            healthy_threshold: 10,
        }
    }

    /// The protocol, port and path of the target (`HTTP:80/index.html`).
    fn parts(&self) -> Option<(String, u16, Option<String>)> {
        let (protocol, rest) = self.target.split_once(':')?;
        let protocol = protocol.to_ascii_uppercase();
        let (port, path) = match rest.find('/') {
            Some(i) => (&rest[..i], Some(rest[i..].to_string())),
            None => (rest, None),
        };
        let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
        let http = protocol == "HTTP" || protocol == "HTTPS";
        let tcp = protocol == "TCP" || protocol == "SSL";
        match (http, tcp, &path) {
            (true, _, Some(_)) | (_, true, None) => Some((protocol, port, path)),
            _ => None,
        }
    }

    fn checked(self) -> Result<Self, ApiError> {
        if self.parts().is_none() {
            return Err(validation(format!(
                "The health check target '{}' must be TCP:port, SSL:port, HTTP:port/path or HTTPS:port/path",
                self.target
            )));
        }
        check_range(self.interval, "interval", 5, 300)?;
        check_range(self.timeout, "timeout", 2, 60)?;
        check_range(self.unhealthy_threshold, "unhealthyThreshold", 2, 10)?;
        check_range(self.healthy_threshold, "healthyThreshold", 2, 10)?;
        if self.timeout >= self.interval {
            return Err(validation(
                "The health check timeout must be smaller than the interval",
            ));
        }
        Ok(self)
    }
}

/// A Classic Load Balancer.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassicLoadBalancer {
    pub name: String,
    pub dns_name: String,
    pub created: SimTime,
    pub internal: bool,
    pub vpc_id: String,
    pub nodes: Vec<Node>,
    pub security_groups: Vec<String>,
    /// The name of its first security group (`SourceSecurityGroup`), which
    /// instances' rules can name.
    pub source_group_name: Option<String>,
    pub listeners: Vec<ClassicListener>,
    pub health_check: ClassicHealthCheck,
    /// Registered instances (the key's port is the health check's).
    pub instances: Vec<Target>,
    /// Off by default through the API (the console turns it on).
    pub cross_zone: bool,
    pub connection_draining: (bool, i64),
    pub idle_timeout: i64,
    /// Requests forwarded so far: round robin's position.
    pub forwarded: u64,
}

/// `Listener` of the classic API.
#[derive(Debug, Clone, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ListenerSpec {
    pub protocol: String,
    pub load_balancer_port: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_protocol: Option<String>,
    pub instance_port: i64,
    #[serde(
        default,
        rename = "SSLCertificateId",
        skip_serializing_if = "Option::is_none"
    )]
    pub ssl_certificate_id: Option<String>,
}

/// Request of CreateLoadBalancer (classic).
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateClassicRequest {
    pub load_balancer_name: String,
    pub listeners: Vec<ListenerSpec>,
    #[serde(default)]
    pub availability_zones: Vec<String>,
    #[serde(default)]
    pub subnets: Vec<String>,
    #[serde(default)]
    pub security_groups: Option<Vec<String>>,
    #[serde(default)]
    pub scheme: Option<String>,
}

/// Request of DescribeLoadBalancers (classic).
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeClassicRequest {
    #[serde(default)]
    pub load_balancer_names: Vec<String>,
    #[serde(default)]
    pub marker: Option<String>,
    #[serde(default)]
    pub page_size: Option<i64>,
}

/// Request of the actions that name one Classic Load Balancer.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClassicRequest {
    pub load_balancer_name: String,
}

/// `Instance`.
#[derive(Debug, Clone, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceRef {
    #[serde(default)]
    pub instance_id: String,
}

/// Request of RegisterInstancesWithLoadBalancer and
/// DeregisterInstancesFromLoadBalancer.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstancesRequest {
    pub load_balancer_name: String,
    pub instances: Vec<InstanceRef>,
}

/// Request of DescribeInstanceHealth.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceHealthRequest {
    pub load_balancer_name: String,
    #[serde(default)]
    pub instances: Vec<InstanceRef>,
}

/// Request of ConfigureHealthCheck.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConfigureHealthCheckRequest {
    pub load_balancer_name: String,
    pub health_check: ClassicHealthCheck,
}

/// Request of CreateLoadBalancerListeners.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateListenersRequest {
    pub load_balancer_name: String,
    pub listeners: Vec<ListenerSpec>,
}

/// Request of DeleteLoadBalancerListeners.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteListenersRequest {
    pub load_balancer_name: String,
    pub load_balancer_ports: Vec<i64>,
}

/// `CrossZoneLoadBalancing`.
#[derive(Debug, Clone, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Enabled {
    pub enabled: bool,
}

/// `ConnectionDraining`.
#[derive(Debug, Clone, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Draining {
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i64>,
}

/// `ConnectionSettings`.
#[derive(Debug, Clone, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ConnectionSettings {
    pub idle_timeout: i64,
}

/// `LoadBalancerAttributes` of the classic API (access logs are not
/// simulated and stay off).
#[derive(Debug, Clone, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ClassicAttributes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross_zone_load_balancing: Option<Enabled>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_log: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_draining: Option<Draining>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connection_settings: Option<ConnectionSettings>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub additional_attributes: Vec<Value>,
}

/// Request of ModifyLoadBalancerAttributes (classic).
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyClassicAttributesRequest {
    pub load_balancer_name: String,
    pub load_balancer_attributes: ClassicAttributes,
}

/// `InstanceState`.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStateView {
    pub instance_id: String,
    pub state: &'static str,
    pub reason_code: &'static str,
    pub description: &'static str,
}

/// `LoadBalancerNotFound` as the classic API words it.
fn classic_not_found(name: &str) -> ApiError {
    ApiError::new(
        "LoadBalancerNotFound",
        format!("There is no ACTIVE Load Balancer named '{name}'"),
    )
}

/// Checks the listeners of a Classic Load Balancer: the protocols, the
/// ports, and that front and back end stay in one family (HTTP/HTTPS or
/// TCP/SSL). Secure listeners need a certificate the sandbox cannot have.
fn checked_listeners(specs: &[ListenerSpec]) -> Result<Vec<ClassicListener>, ApiError> {
    if specs.is_empty() {
        return Err(validation("At least one listener must be specified"));
    }
    let family = |p: &str| match p {
        "HTTP" | "HTTPS" => Some("HTTP"),
        "TCP" | "SSL" => Some("TCP"),
        _ => None,
    };
    let mut listeners: Vec<ClassicListener> = Vec::with_capacity(specs.len());
    for spec in specs {
        let protocol = spec.protocol.to_ascii_uppercase();
        let front = family(&protocol).ok_or_else(|| {
            validation(format!(
                "Invalid protocol '{}': the protocol must be HTTP, HTTPS, TCP or SSL",
                spec.protocol
            ))
        })?;
        let instance_protocol = spec
            .instance_protocol
            .as_deref()
            .map_or_else(|| front.to_string(), str::to_ascii_uppercase);
        let back = family(&instance_protocol).ok_or_else(|| {
            validation(format!(
                "Invalid instance protocol '{instance_protocol}': it must be HTTP, HTTPS, TCP or SSL"
            ))
        })?;
        if front != back {
            return Err(validation(format!(
                "Listener protocol '{protocol}' and instance protocol '{instance_protocol}' must be both HTTP/HTTPS or both TCP/SSL"
            )));
        }
        if protocol == "HTTPS" || protocol == "SSL" {
            return Err(ApiError::new(
                "CertificateNotFound",
                format!(
                    "Server Certificate not found for the key: {}",
                    spec.ssl_certificate_id.as_deref().unwrap_or("")
                ),
            ));
        }
        let listener = ClassicListener {
            protocol,
            load_balancer_port: port(spec.load_balancer_port, "loadBalancerPort")?,
            instance_protocol,
            instance_port: port(spec.instance_port, "instancePort")?,
        };
        if listeners
            .iter()
            .any(|l| l.load_balancer_port == listener.load_balancer_port)
        {
            return Err(duplicate_listener(listener.load_balancer_port));
        }
        listeners.push(listener);
    }
    Ok(listeners)
}

fn duplicate_listener(port: u16) -> ApiError {
    ApiError::new(
        "DuplicateListener",
        format!("A listener already exists with LoadBalancerPort {port}, but with a different InstancePort, Protocol, or SSLCertificateId"),
    )
}

impl ClassicLoadBalancer {
    fn description(&self, region: &str) -> Value {
        json!({
            "LoadBalancerName": self.name,
            "DNSName": self.dns_name,
            "CanonicalHostedZoneName": self.dns_name,
            "CanonicalHostedZoneNameID": names::hosted_zone(region, false),
            "ListenerDescriptions": self.listeners.iter().map(|l| json!({
                "Listener": {
                    "Protocol": l.protocol,
                    "LoadBalancerPort": l.load_balancer_port,
                    "InstanceProtocol": l.instance_protocol,
                    "InstancePort": l.instance_port,
                },
                "PolicyNames": [],
            })).collect::<Vec<_>>(),
            "Policies": {
                "AppCookieStickinessPolicies": [],
                "LBCookieStickinessPolicies": [],
                "OtherPolicies": [],
            },
            "BackendServerDescriptions": [],
            "AvailabilityZones": self.nodes.iter().map(|n| n.zone.clone()).collect::<Vec<_>>(),
            "Subnets": self.nodes.iter().map(|n| n.subnet_id.clone()).collect::<Vec<_>>(),
            "VPCId": self.vpc_id,
            "Instances": self.instances.iter().map(|t| json!({"InstanceId": t.key.id})).collect::<Vec<_>>(),
            "HealthCheck": self.health_check,
            "SourceSecurityGroup": {
                "OwnerAlias": ACCOUNT_ID,
                "GroupName": self.source_group_name,
            },
            "SecurityGroups": self.security_groups,
            "CreatedTime": Iso8601(self.created).to_string(),
            "Scheme": if self.internal { "internal" } else { "internet-facing" },
        })
    }

    fn instance_list(&self) -> Value {
        json!({
            "Instances": self.instances.iter().map(|t| json!({"InstanceId": t.key.id})).collect::<Vec<_>>()
        })
    }

    fn thresholds(&self) -> Thresholds {
        Thresholds {
            healthy: self.health_check.healthy_threshold as u32,
            unhealthy: self.health_check.unhealthy_threshold as u32,
            first_pass: false,
        }
    }

    fn attributes(&self) -> ClassicAttributes {
        ClassicAttributes {
            cross_zone_load_balancing: Some(Enabled {
                enabled: self.cross_zone,
            }),
            access_log: Some(json!({"Enabled": false})),
            connection_draining: Some(Draining {
                enabled: self.connection_draining.0,
                timeout: Some(self.connection_draining.1),
            }),
            connection_settings: Some(ConnectionSettings {
                idle_timeout: self.idle_timeout,
            }),
            additional_attributes: Vec::new(),
        }
    }
}

/// How a Classic Load Balancer describes an instance that failed its
/// health checks.
pub const FAILED_CHECKS: &str =
    "Instance has failed at least the UnhealthyThreshold number of health checks consecutively.";

/// How a Classic Load Balancer reports an instance: (state, reason code,
/// description).
pub fn classic_state(
    lb: &ClassicLoadBalancer,
    ec2: &RegionState,
    target: &Target,
) -> (&'static str, &'static str, &'static str) {
    let out = |code, description| ("OutOfService", code, description);
    let Some(instance) = ec2.instances.get(&target.key.id) else {
        return out("Instance", "Instance is in terminated state.");
    };
    match instance.state {
        InstanceState::Running => {}
        InstanceState::Stopped => return out("Instance", "Instance is in stopped state."),
        InstanceState::Pending => return out("Instance", "Instance is in pending state."),
        InstanceState::Stopping => return out("Instance", "Instance is in stopping state."),
        _ => return out("Instance", "Instance is in terminated state."),
    }
    if !lb
        .nodes
        .iter()
        .any(|n| n.zone == instance.availability_zone)
    {
        return out(
            "ELB",
            "Instance is in an Availability Zone for which LoadBalancer is not configured to route traffic to.",
        );
    }
    match target.health {
        Health::Healthy { .. } => ("InService", "N/A", "N/A"),
        Health::Initial { .. } => out("ELB", "Instance registration is still in progress."),
        Health::Unhealthy { .. } => out("Instance", FAILED_CHECKS),
    }
}

impl ElbRegion {
    fn classic_lb(&self, name: &str) -> Result<&ClassicLoadBalancer, ApiError> {
        self.classic
            .get(name)
            .ok_or_else(|| classic_not_found(name))
    }

    fn classic_lb_mut(&mut self, name: &str) -> Result<&mut ClassicLoadBalancer, ApiError> {
        self.classic
            .get_mut(name)
            .ok_or_else(|| classic_not_found(name))
    }

    /// CreateLoadBalancer (classic). Usable at once: the classic API has
    /// no provisioning state.
    pub fn create_classic(
        &mut self,
        ctx: &mut Context,
        ec2: &Ec2,
        request: CreateClassicRequest,
    ) -> Result<Value, ApiError> {
        names::check_name(&request.load_balancer_name, Named::LoadBalancer)?;
        let listeners = checked_listeners(&request.listeners)?;
        let scheme = request.scheme.as_deref().unwrap_or("internet-facing");
        if scheme != "internet-facing" && scheme != "internal" {
            return Err(ApiError::new(
                "InvalidScheme",
                format!("Invalid scheme '{scheme}': it must be 'internet-facing' or 'internal'"),
            ));
        }
        let ec2 = ec2
            .region(ctx.region)
            .ok_or_else(|| validation("Unknown region"))?;
        let subnet_ids: Vec<String> = match (
            request.subnets.is_empty(),
            request.availability_zones.is_empty(),
        ) {
            (false, false) => {
                return Err(validation(
                    "You can specify subnets or Availability Zones, but not both",
                ))
            }
            (true, true) => {
                return Err(validation(
                    "Either AvailabilityZones or Subnets must be specified",
                ))
            }
            (false, true) => request.subnets.clone(),
            (true, false) => request
                .availability_zones
                .iter()
                .map(|zone| {
                    ec2.subnets
                        .values()
                        .find(|s| s.default_for_az && &s.availability_zone == zone)
                        .map(|s| s.id.clone())
                        .ok_or_else(|| validation(format!("Invalid Availability Zone: {zone}")))
                })
                .collect::<Result<_, _>>()?,
        };
        let owner = format!("classic/{}", request.load_balancer_name);
        let (vpc_id, nodes) = nodes_in(ec2, &owner, &subnet_ids)?;
        let internal = scheme == "internal";
        if !internal {
            check_internet_gateway(ec2, &vpc_id)?;
        }
        let security_groups = security_groups_in(ec2, &vpc_id, request.security_groups.as_deref())?;
        if let Some(existing) = self.classic.get(&request.load_balancer_name) {
            let same = existing.listeners == listeners
                && existing.internal == internal
                && existing
                    .nodes
                    .iter()
                    .map(|n| &n.subnet_id)
                    .eq(nodes.iter().map(|n| &n.subnet_id));
            if !same {
                return Err(ApiError::new(
                    "DuplicateLoadBalancerName",
                    format!(
                        "Load Balancer named '{}' already exists and it is configured with different parameters.",
                        request.load_balancer_name
                    ),
                ));
            }
            return Ok(json!({"DNSName": existing.dns_name}));
        }
        if self.classic.len() >= MAX_CLASSIC {
            return Err(ApiError::new(
                "TooManyLoadBalancers",
                format!("Exceeded quota of account {ACCOUNT_ID}"),
            ));
        }
        let dns_name = names::numbered_dns_name(ctx, &request.load_balancer_name, internal);
        let source_group_name = security_groups
            .first()
            .and_then(|id| ec2.security_groups.get(id))
            .map(|group| group.name.clone());
        self.classic.insert(
            request.load_balancer_name.clone(),
            ClassicLoadBalancer {
                name: request.load_balancer_name.clone(),
                dns_name: dns_name.clone(),
                created: ctx.now,
                internal,
                vpc_id,
                nodes,
                security_groups,
                source_group_name,
                listeners,
                health_check: ClassicHealthCheck::default_check(),
                instances: Vec::new(),
                cross_zone: false,
                connection_draining: (false, 300),
                idle_timeout: 60,
                forwarded: 0,
            },
        );
        ctx.created("load-balancer", request.load_balancer_name);
        Ok(json!({ "DNSName": dns_name }))
    }

    /// DescribeLoadBalancers (classic).
    pub fn describe_classic(
        &self,
        region: &str,
        request: &DescribeClassicRequest,
    ) -> Result<Value, ApiError> {
        if let Some(missing) = request
            .load_balancer_names
            .iter()
            .find(|name| !self.classic.contains_key(*name))
        {
            return Err(classic_not_found(missing));
        }
        let chosen: Vec<&ClassicLoadBalancer> = self
            .classic
            .values()
            .filter(|lb| {
                request.load_balancer_names.is_empty()
                    || request.load_balancer_names.contains(&lb.name)
            })
            .collect();
        let (chosen, next_marker) = page(
            "classic",
            chosen,
            request.marker.as_deref(),
            request.page_size,
        )?;
        let mut out = json!({
            "LoadBalancerDescriptions": chosen.iter().map(|lb| lb.description(region)).collect::<Vec<_>>()
        });
        if let Some(marker) = next_marker {
            out["NextMarker"] = Value::String(marker);
        }
        Ok(out)
    }

    /// DeleteLoadBalancer (classic): deleting one that is gone succeeds.
    pub fn delete_classic(&mut self, ctx: &mut Context, request: ClassicRequest) {
        if self
            .classic
            .shift_remove(&request.load_balancer_name)
            .is_some()
        {
            ctx.deleted("load-balancer", request.load_balancer_name);
        }
    }

    /// RegisterInstancesWithLoadBalancer: returns every registered instance.
    pub fn register_classic(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        ec2: &RegionState,
        request: InstancesRequest,
    ) -> Result<Value, ApiError> {
        let lb = self.classic_lb(&request.load_balancer_name)?;
        for InstanceRef { instance_id } in &request.instances {
            match ec2.instances.get(instance_id) {
                Some(i) if i.holds_network_interface() && i.vpc_id == lb.vpc_id => {}
                Some(i) if i.holds_network_interface() => {
                    return Err(ApiError::new(
                        "InvalidInstance",
                        format!("EC2 instance {instance_id} is not in the same VPC as ELB."),
                    ))
                }
                _ => {
                    return Err(ApiError::new(
                        "InvalidInstance",
                        format!("EC2 instance {instance_id} could not be found or is terminated."),
                    ))
                }
            }
        }
        let port = lb.health_check.parts().map_or(80, |(_, port, _)| port);
        let lb = self.classic_lb_mut(&request.load_balancer_name)?;
        for InstanceRef { instance_id } in request.instances {
            if lb.instances.iter().any(|t| t.key.id == instance_id) {
                continue;
            }
            let mut target = Target::new(
                TargetKey {
                    id: instance_id,
                    port,
                },
                None,
            );
            target.restart_checks(timers, ctx.now, ctx.region, Pool::Classic(lb.name.clone()));
            lb.instances.push(target);
        }
        ctx.changed("load-balancer", lb.name.clone());
        Ok(lb.instance_list())
    }

    /// DeregisterInstancesFromLoadBalancer: returns the instances left.
    pub fn deregister_classic(
        &mut self,
        ctx: &mut Context,
        ec2: &RegionState,
        request: InstancesRequest,
    ) -> Result<Value, ApiError> {
        let lb = self.classic_lb_mut(&request.load_balancer_name)?;
        for InstanceRef { instance_id } in &request.instances {
            let registered = lb.instances.iter().any(|t| &t.key.id == instance_id);
            if !registered && !ec2.instances.contains_key(instance_id) {
                return Err(ApiError::new(
                    "InvalidInstance",
                    format!("EC2 instance {instance_id} could not be found or is terminated."),
                ));
            }
        }
        lb.instances
            .retain(|t| !request.instances.iter().any(|i| i.instance_id == t.key.id));
        ctx.changed("load-balancer", lb.name.clone());
        Ok(lb.instance_list())
    }

    /// ConfigureHealthCheck: the next checks use the new settings.
    pub fn configure_health_check(
        &mut self,
        ctx: &mut Context,
        request: ConfigureHealthCheckRequest,
    ) -> Result<Value, ApiError> {
        let check = request.health_check.checked()?;
        let port = check.parts().map_or(80, |(_, port, _)| port);
        let lb = self.classic_lb_mut(&request.load_balancer_name)?;
        lb.health_check = check;
        for target in &mut lb.instances {
            target.key.port = port;
        }
        ctx.changed("load-balancer", lb.name.clone());
        Ok(json!({ "HealthCheck": lb.health_check }))
    }

    /// DescribeInstanceHealth.
    pub fn describe_instance_health(
        &self,
        region: &str,
        ec2: &Ec2,
        request: &DescribeInstanceHealthRequest,
    ) -> Result<Value, ApiError> {
        let lb = self.classic_lb(&request.load_balancer_name)?;
        let ec2 = ec2
            .region(region)
            .ok_or_else(|| classic_not_found(&lb.name))?;
        let mut states = Vec::new();
        let view = |target: &Target| {
            let (state, reason_code, description) = classic_state(lb, ec2, target);
            InstanceStateView {
                instance_id: target.key.id.clone(),
                state,
                reason_code,
                description,
            }
        };
        if request.instances.is_empty() {
            states.extend(lb.instances.iter().map(view));
        } else {
            for InstanceRef { instance_id } in &request.instances {
                let target = lb
                    .instances
                    .iter()
                    .find(|t| &t.key.id == instance_id)
                    .ok_or_else(|| {
                        ApiError::new(
                            "InvalidInstance",
                            format!("Could not find EC2 instance {instance_id}."),
                        )
                    })?;
                states.push(view(target));
            }
        }
        Ok(json!({ "InstanceStates": states }))
    }

    /// CreateLoadBalancerListeners.
    pub fn create_classic_listeners(
        &mut self,
        ctx: &mut Context,
        request: CreateListenersRequest,
    ) -> Result<(), ApiError> {
        let new = checked_listeners(&request.listeners)?;
        let lb = self.classic_lb_mut(&request.load_balancer_name)?;
        for listener in new {
            match lb
                .listeners
                .iter()
                .find(|l| l.load_balancer_port == listener.load_balancer_port)
            {
                Some(existing) if *existing == listener => {}
                Some(_) => return Err(duplicate_listener(listener.load_balancer_port)),
                None => lb.listeners.push(listener),
            }
        }
        ctx.changed("load-balancer", lb.name.clone());
        Ok(())
    }

    /// DeleteLoadBalancerListeners.
    pub fn delete_classic_listeners(
        &mut self,
        ctx: &mut Context,
        request: DeleteListenersRequest,
    ) -> Result<(), ApiError> {
        let lb = self.classic_lb_mut(&request.load_balancer_name)?;
        lb.listeners.retain(|l| {
            !request
                .load_balancer_ports
                .contains(&i64::from(l.load_balancer_port))
        });
        ctx.changed("load-balancer", lb.name.clone());
        Ok(())
    }

    /// DescribeLoadBalancerAttributes (classic).
    pub fn describe_classic_attributes(&self, request: &ClassicRequest) -> Result<Value, ApiError> {
        let lb = self.classic_lb(&request.load_balancer_name)?;
        Ok(json!({ "LoadBalancerAttributes": lb.attributes() }))
    }

    /// ModifyLoadBalancerAttributes (classic).
    pub fn modify_classic_attributes(
        &mut self,
        ctx: &mut Context,
        request: ModifyClassicAttributesRequest,
    ) -> Result<Value, ApiError> {
        let changes = request.load_balancer_attributes;
        if let Some(draining) = &changes.connection_draining {
            if let Some(timeout) = draining.timeout {
                check_range(timeout, "timeout", 1, 3600)?;
            }
        }
        if let Some(settings) = &changes.connection_settings {
            check_range(settings.idle_timeout, "idleTimeout", 1, 4000)?;
        }
        if changes.access_log.as_ref().and_then(|a| a.get("Enabled")) == Some(&Value::Bool(true)) {
            return Err(validation(
                "Access logs need an S3 bucket, which this sandbox does not simulate yet",
            ));
        }
        let lb = self.classic_lb_mut(&request.load_balancer_name)?;
        if let Some(cross) = &changes.cross_zone_load_balancing {
            lb.cross_zone = cross.enabled;
        }
        if let Some(draining) = &changes.connection_draining {
            lb.connection_draining = (
                draining.enabled,
                draining.timeout.unwrap_or(lb.connection_draining.1),
            );
        }
        if let Some(settings) = &changes.connection_settings {
            lb.idle_timeout = settings.idle_timeout;
        }
        ctx.changed("load-balancer", lb.name.clone());
        Ok(json!({
            "LoadBalancerName": lb.name,
            "LoadBalancerAttributes": lb.attributes(),
        }))
    }

    /// One health check of a Classic Load Balancer's instance.
    pub(super) fn check_classic_instance(
        &mut self,
        ctx: &mut Context,
        ec2: &RegionState,
        name: &str,
        timer: &super::health_checks::CheckTimer,
    ) -> Option<SimTime> {
        let lb = self.classic.get(name)?;
        let target = lb
            .instances
            .iter()
            .find(|t| t.generation == timer.generation && &t.key == timer.target)?;
        let instance = ec2.instances.get(&target.key.id);
        if instance.is_none_or(|i| {
            matches!(
                i.state,
                InstanceState::ShuttingDown | InstanceState::Terminated
            )
        }) {
            // A terminated instance leaves the load balancer.
            let id = target.key.id.clone();
            if let Some(lb) = self.classic.get_mut(name) {
                lb.instances.retain(|t| t.key.id != id);
                ctx.changed("load-balancer", name.to_string());
            }
            return None;
        }
        let before = classic_state(lb, ec2, target);
        let (protocol, port, path) = lb.health_check.parts().unwrap_or(("TCP".into(), 80, None));
        let kept = target.last_probe.at(timer.revision);
        let result: Option<Result<(), Failure>> = instance
            .filter(|i| {
                i.state == InstanceState::Running
                    && lb.nodes.iter().any(|n| n.zone == i.availability_zone)
            })
            .and_then(|instance| {
                if kept.is_some() {
                    return kept;
                }
                let node = lb
                    .nodes
                    .iter()
                    .find(|n| n.zone == instance.availability_zone)?;
                // HTTP checks of a Classic Load Balancer accept 200 only.
                let http = super::health_checks::HealthCheck {
                    path,
                    matcher: Some("200".into()),
                    ..super::health_checks::HealthCheck::defaults("HTTP", "HTTP")
                };
                let spec = Probe {
                    source: VpcSource {
                        address: node.address,
                        subnet_id: &node.subnet_id,
                        security_groups: &lb.security_groups,
                    },
                    port,
                    http: (protocol == "HTTP" || protocol == "HTTPS").then_some(&http),
                };
                Some(probe(ec2, instance, &spec))
            });
        let thresholds = lb.thresholds();
        let interval = lb.health_check.interval.max(5) as u64;
        let lb = self.classic.get_mut(name)?;
        let target = lb.instances.iter_mut().find(|t| &t.key == timer.target)?;
        target.health = match result {
            Some(result) => {
                target.last_probe.keep(timer.revision, result);
                target.health.after(result, thresholds)
            }
            None => Health::NEW,
        };
        let lb = self.classic.get(name)?;
        if let Some(target) = lb.instances.iter().find(|t| &t.key == timer.target) {
            let after = classic_state(lb, ec2, target);
            // An instance still registering that fails its checks stays
            // OutOfService, for another reason: that is news too (to Auto
            // Scaling and ECS, which replace what failed).
            if after != before {
                let view = super::targets::TargetHealth {
                    state: after.0,
                    reason: Some(after.1),
                    description: None,
                };
                super::targets::health_event(ctx, name, timer.target, before.0, &view);
            }
        }
        Some(ctx.now + interval)
    }

    /// Routes one request through a Classic Load Balancer: the listener's
    /// instance port on an InService instance, round robin (the classic
    /// rule, least outstanding requests for HTTP, comes to the same with
    /// one client), within the client's zone unless cross-zone is on.
    pub fn route_classic(
        &mut self,
        ec2: &Ec2,
        region: &str,
        name: &str,
        request: &HttpRequest,
    ) -> Routed {
        let Some((listener, pool)) = self.classic_pool(ec2, region, name, request) else {
            return Routed::NoListener;
        };
        let Some(lb) = self.classic.get(name) else {
            return Routed::NoListener;
        };
        if pool.is_empty() {
            return Routed::NoHealthyTarget;
        }
        let index = if listener.is_http() {
            usize::try_from(lb.forwarded % pool.len() as u64).unwrap_or(0)
        } else {
            // TCP listeners: each connection goes round the ring too; the
            // flow picks where it starts.
            (flow_index(request, &lb.name, pool.len()) + lb.forwarded as usize) % pool.len()
        };
        let id = pool[index].id.clone();
        let port = listener.instance_port;
        if let Some(lb) = self.classic.get_mut(name) {
            lb.forwarded += 1;
        }
        Routed::Forward {
            target_group_arn: None,
            target_id: id.clone(),
            instance_id: Some(id),
            port,
        }
    }

    /// The listener of a Classic Load Balancer on the request's port and
    /// the InService instances the request may go to (within the client's
    /// zone unless cross-zone is on).
    pub(super) fn classic_pool(
        &self,
        ec2: &Ec2,
        region: &str,
        name: &str,
        request: &HttpRequest,
    ) -> Option<(ClassicListener, Vec<TargetKey>)> {
        let (Some(lb), Some(ec2_region)) = (self.classic.get(name), ec2.region(region)) else {
            return None;
        };
        let listener = lb
            .listeners
            .iter()
            .find(|l| l.load_balancer_port == request.port)?;
        let in_service: Vec<(&Target, String)> = lb
            .instances
            .iter()
            .filter(|t| classic_state(lb, ec2_region, t).0 == "InService")
            .filter_map(|t| {
                let zone = ec2_region
                    .instances
                    .get(&t.key.id)?
                    .availability_zone
                    .clone();
                Some((t, zone))
            })
            .collect();
        let pool: Vec<&Target> = if lb.cross_zone {
            in_service.iter().map(|(t, _)| *t).collect()
        } else {
            let zones: Vec<&str> = in_service.iter().map(|(_, z)| z.as_str()).collect();
            let node = zone_for_flow(&lb.nodes, &zones, request, &lb.name);
            in_service
                .iter()
                .filter(|(_, z)| node.is_some_and(|n| &n.zone == z))
                .map(|(t, _)| *t)
                .collect()
        };
        Some((
            listener.clone(),
            pool.into_iter().map(|t| t.key.clone()).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(target: &str) -> ClassicHealthCheck {
        ClassicHealthCheck {
            target: target.into(),
            ..ClassicHealthCheck::default_check()
        }
    }

    #[test]
    fn health_check_targets_have_the_classic_forms() {
        assert_eq!(
            check("HTTP:80/index.html").parts(),
            Some(("HTTP".into(), 80, Some("/index.html".into())))
        );
        assert_eq!(check("TCP:5000").parts(), Some(("TCP".into(), 5000, None)));
        assert!(check("HTTP:80").parts().is_none());
        assert!(check("TCP:80/x").parts().is_none());
        assert!(check("FTP:21").checked().is_err());
        let slow = ClassicHealthCheck {
            timeout: 30,
            ..check("TCP:80")
        };
        assert!(slow.checked().is_err());
    }

    #[test]
    fn listeners_stay_in_one_family() {
        let spec = |p: &str, ip: Option<&str>| ListenerSpec {
            protocol: p.into(),
            load_balancer_port: 80,
            instance_protocol: ip.map(str::to_string),
            instance_port: 8080,
            ssl_certificate_id: None,
        };
        let ok = checked_listeners(&[spec("http", None)]).unwrap();
        assert_eq!(
            (ok[0].protocol.as_str(), ok[0].instance_protocol.as_str()),
            ("HTTP", "HTTP")
        );
        assert!(checked_listeners(&[spec("HTTP", Some("TCP"))]).is_err());
        assert_eq!(
            checked_listeners(&[spec("HTTPS", None)]).unwrap_err().code,
            "CertificateNotFound"
        );
    }
}
