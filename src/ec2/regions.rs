//! Regions and Availability Zones: DescribeRegions, DescribeAvailabilityZones.

use super::filters::{self, Filter, Filterable};
use crate::kernel::params::FromParam;
use crate::kernel::ApiError;
use serde::Serialize;

/// A region and its zones: (zone letter, zone id) pairs.
pub struct RegionInfo {
    /// e.g. `us-east-1`.
    pub name: &'static str,
    /// e.g. `US East (N. Virginia)`.
    pub long_name: &'static str,
    /// Zone letters with their physical zone ids. The letter-to-id mapping
    /// differs per account on AWS; this is one plausible account's.
    pub zones: &'static [(&'static str, &'static str)],
}

/// The regions the sandbox simulates (all "opt-in-not-required"), in the
/// order DescribeRegions lists them.
#[rustfmt::skip]
pub const REGIONS: &[RegionInfo] = &[
    RegionInfo { name: "eu-north-1", long_name: "Europe (Stockholm)", zones: &[("a", "eun1-az1"), ("b", "eun1-az2"), ("c", "eun1-az3")] },
    RegionInfo { name: "ap-south-1", long_name: "Asia Pacific (Mumbai)", zones: &[("a", "aps1-az1"), ("b", "aps1-az3"), ("c", "aps1-az2")] },
    RegionInfo { name: "eu-west-3", long_name: "Europe (Paris)", zones: &[("a", "euw3-az1"), ("b", "euw3-az2"), ("c", "euw3-az3")] },
    RegionInfo { name: "eu-west-2", long_name: "Europe (London)", zones: &[("a", "euw2-az2"), ("b", "euw2-az3"), ("c", "euw2-az1")] },
    RegionInfo { name: "eu-west-1", long_name: "Europe (Ireland)", zones: &[("a", "euw1-az1"), ("b", "euw1-az2"), ("c", "euw1-az3")] },
    RegionInfo { name: "ap-northeast-3", long_name: "Asia Pacific (Osaka)", zones: &[("a", "apne3-az3"), ("b", "apne3-az1"), ("c", "apne3-az2")] },
    RegionInfo { name: "ap-northeast-2", long_name: "Asia Pacific (Seoul)", zones: &[("a", "apne2-az1"), ("b", "apne2-az2"), ("c", "apne2-az3"), ("d", "apne2-az4")] },
    RegionInfo { name: "ap-northeast-1", long_name: "Asia Pacific (Tokyo)", zones: &[("a", "apne1-az4"), ("c", "apne1-az1"), ("d", "apne1-az2")] },
    RegionInfo { name: "sa-east-1", long_name: "South America (Sao Paulo)", zones: &[("a", "sae1-az1"), ("b", "sae1-az2"), ("c", "sae1-az3")] },
    RegionInfo { name: "ca-central-1", long_name: "Canada (Central)", zones: &[("a", "cac1-az1"), ("b", "cac1-az2"), ("d", "cac1-az4")] },
    RegionInfo { name: "ap-southeast-1", long_name: "Asia Pacific (Singapore)", zones: &[("a", "apse1-az1"), ("b", "apse1-az2"), ("c", "apse1-az3")] },
    RegionInfo { name: "ap-southeast-2", long_name: "Asia Pacific (Sydney)", zones: &[("a", "apse2-az1"), ("b", "apse2-az3"), ("c", "apse2-az2")] },
    RegionInfo { name: "eu-central-1", long_name: "Europe (Frankfurt)", zones: &[("a", "euc1-az2"), ("b", "euc1-az3"), ("c", "euc1-az1")] },
    RegionInfo { name: "us-east-1", long_name: "US East (N. Virginia)", zones: &[("a", "use1-az6"), ("b", "use1-az1"), ("c", "use1-az2"), ("d", "use1-az4"), ("e", "use1-az3"), ("f", "use1-az5")] },
    RegionInfo { name: "us-east-2", long_name: "US East (Ohio)", zones: &[("a", "use2-az1"), ("b", "use2-az2"), ("c", "use2-az3")] },
    RegionInfo { name: "us-west-1", long_name: "US West (N. California)", zones: &[("b", "usw1-az1"), ("c", "usw1-az3")] },
    RegionInfo { name: "us-west-2", long_name: "US West (Oregon)", zones: &[("a", "usw2-az1"), ("b", "usw2-az2"), ("c", "usw2-az3"), ("d", "usw2-az4")] },
];

/// True when `name` is a region the sandbox simulates.
pub fn is_known(name: &str) -> bool {
    info(name).is_some()
}

/// The region called `name`.
pub fn info(name: &str) -> Option<&'static RegionInfo> {
    REGIONS.iter().find(|r| r.name == name)
}

/// The name of the zone of `region` whose id is `zone_id` (`use1-az6` →
/// `us-east-1a`).
pub fn zone_name_of_id(region: &str, zone_id: &str) -> Option<String> {
    info(region)?
        .zones
        .iter()
        .find(|(_, id)| *id == zone_id)
        .map(|(letter, _)| format!("{region}{letter}"))
}

/// Zone names of `region`, e.g. `us-east-1a`.
pub fn zone_names(region: &str) -> Vec<String> {
    info(region)
        .map(|r| {
            r.zones
                .iter()
                .map(|(letter, _)| format!("{region}{letter}"))
                .collect()
        })
        .unwrap_or_default()
}

/// Request of DescribeRegions.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeRegionsRequest {
    #[serde(default)]
    pub region_names: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub all_regions: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// One region in DescribeRegions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Region {
    pub opt_in_status: String,
    pub region_name: String,
    pub endpoint: String,
}

/// Response of DescribeRegions.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeRegionsResponse {
    pub regions: Vec<Region>,
}

impl Filterable for Region {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        match name {
            "endpoint" => Some(vec![self.endpoint.clone()]),
            "region-name" => Some(vec![self.region_name.clone()]),
            "opt-in-status" => Some(vec![self.opt_in_status.clone()]),
            _ => None,
        }
    }
}

/// DescribeRegions.
pub fn describe_regions(
    request: &DescribeRegionsRequest,
) -> Result<DescribeRegionsResponse, ApiError> {
    for name in &request.region_names {
        if !is_known(name) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Invalid region names: [{name}]"),
            ));
        }
    }
    let regions: Vec<Region> = REGIONS
        .iter()
        .filter(|r| {
            request.region_names.is_empty() || request.region_names.iter().any(|n| n == r.name)
        })
        .map(|r| Region {
            endpoint: format!("ec2.{}.amazonaws.com", r.name),
            region_name: r.name.to_string(),
            opt_in_status: "opt-in-not-required".to_string(),
        })
        .collect();
    Ok(DescribeRegionsResponse {
        regions: filters::select(regions, &request.filters)?,
    })
}

/// Request of DescribeAvailabilityZones.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeAvailabilityZonesRequest {
    #[serde(default)]
    pub zone_names: Vec<String>,
    #[serde(default)]
    pub zone_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub all_availability_zones: bool,
    #[serde(default)]
    pub dry_run: bool,
}

/// One zone in DescribeAvailabilityZones.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct AvailabilityZone {
    pub opt_in_status: String,
    pub messages: Vec<serde_json::Value>,
    pub region_name: String,
    pub zone_name: String,
    pub zone_id: String,
    pub group_name: String,
    pub network_border_group: String,
    pub zone_type: String,
    pub group_long_name: String,
    pub state: String,
}

/// Response of DescribeAvailabilityZones.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeAvailabilityZonesResponse {
    pub availability_zones: Vec<AvailabilityZone>,
}

impl Filterable for AvailabilityZone {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        match name {
            "state" => Some(vec![self.state.clone()]),
            "region-name" => Some(vec![self.region_name.clone()]),
            "zone-name" => Some(vec![self.zone_name.clone()]),
            "zone-id" => Some(vec![self.zone_id.clone()]),
            "zone-type" => Some(vec![self.zone_type.clone()]),
            "group-name" => Some(vec![self.group_name.clone()]),
            "opt-in-status" => Some(vec![self.opt_in_status.clone()]),
            _ => None,
        }
    }
}

/// DescribeAvailabilityZones for `region`.
pub fn describe_availability_zones(
    region: &str,
    request: &DescribeAvailabilityZonesRequest,
) -> Result<DescribeAvailabilityZonesResponse, ApiError> {
    let info =
        info(region).ok_or_else(|| ApiError::new("InvalidParameterValue", "Unknown region"))?;
    let zones: Vec<AvailabilityZone> = info
        .zones
        .iter()
        .map(|(letter, id)| AvailabilityZone {
            state: "available".into(),
            opt_in_status: "opt-in-not-required".into(),
            messages: vec![],
            region_name: region.into(),
            zone_name: format!("{region}{letter}"),
            zone_id: (*id).into(),
            group_name: format!("{region}-zg-1"),
            network_border_group: region.into(),
            zone_type: "availability-zone".into(),
            group_long_name: format!("{} 1", info.long_name),
        })
        .collect();
    for name in &request.zone_names {
        if !zones.iter().any(|z| &z.zone_name == name) {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("The zone '{name}' does not exist."),
            ));
        }
    }
    let named: Vec<AvailabilityZone> = zones
        .into_iter()
        .filter(|z| request.zone_names.is_empty() || request.zone_names.contains(&z.zone_name))
        .filter(|z| request.zone_ids.is_empty() || request.zone_ids.contains(&z.zone_id))
        .collect();
    Ok(DescribeAvailabilityZonesResponse {
        availability_zones: filters::select(named, &request.filters)?,
    })
}
