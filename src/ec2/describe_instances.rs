//! DescribeInstances: the Reservations → Instances shape the AWS CLI prints,
//! with filters and pagination.

use super::filters::{self, Filter, Filterable};
use super::instances::{
    check_instance_ids, public_dns, DnsName, Instance, InstanceState, StateDescription,
};
use super::paging::{check_max_results, decode_token, encode_token};
use super::tags::TagList;
use super::RegionState;
use crate::kernel::clock::{self, Iso8601};
use crate::kernel::params::FromParam;
use crate::kernel::ApiError;
use crate::sts::ACCOUNT_ID;
use serde::Serialize;
use std::net::Ipv4Addr;

/// Request of DescribeInstances.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstancesRequest {
    #[serde(default)]
    pub instance_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// One reservation: the instances of one RunInstances call.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Reservation<'a> {
    pub reservation_id: &'a str,
    pub owner_id: &'static str,
    pub groups: Vec<GroupIdentifier<'a>>,
    pub instances: Vec<InstanceView<'a>>,
}

/// An instance in a response, borrowed from its region and described as
/// the response is written out: a response over thousands of instances then
/// holds one description at a time instead of all of them.
#[derive(Clone, Copy)]
pub struct InstanceView<'a> {
    region: &'a RegionState,
    instance: &'a Instance,
    /// The RunInstances shape: no public address yet, devices attaching.
    launching: bool,
}

impl<'a> InstanceView<'a> {
    /// The instance as the AWS CLI prints it.
    pub fn describe(&self) -> InstanceDescription<'a> {
        self.region.describe_instance(self.instance, self.launching)
    }
}

impl Serialize for InstanceView<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.describe().serialize(serializer)
    }
}

impl std::fmt::Debug for InstanceView<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("InstanceView")
            .field(&self.instance.id)
            .finish()
    }
}

/// Response of DescribeInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesResponse<'a> {
    pub reservations: Vec<Reservation<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier<'a> {
    pub group_id: &'a str,
    pub group_name: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Monitoring {
    pub state: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementDescription<'a> {
    pub availability_zone_id: &'a str,
    pub group_name: &'static str,
    pub tenancy: &'static str,
    pub availability_zone: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsInstanceBlockDevice<'a> {
    pub attach_time: Iso8601,
    pub delete_on_termination: bool,
    pub status: &'static str,
    pub volume_id: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceBlockDeviceMapping<'a> {
    pub device_name: &'a str,
    pub ebs: EbsInstanceBlockDevice<'a>,
}

#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpAssociation<'a> {
    pub ip_owner_id: &'static str,
    pub public_dns_name: DnsName<'a>,
    pub public_ip: Ipv4Addr,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceAttachment<'a> {
    pub attach_time: Iso8601,
    pub attachment_id: &'a str,
    pub delete_on_termination: bool,
    pub device_index: u32,
    pub status: &'static str,
    pub network_card_index: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateIpAddressDescription<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<IpAssociation<'a>>,
    pub primary: bool,
    pub private_dns_name: DnsName<'a>,
    pub private_ip_address: Ipv4Addr,
}

/// An IPv6 address of an interface (none in the sandbox's default VPC).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceIpv6Address {
    pub ipv6_address: String,
}

/// A product code of a Marketplace AMI (none in the sandbox's catalog).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProductCode {
    pub product_code_id: String,
    pub product_code_type: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceNetworkInterface<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<IpAssociation<'a>>,
    pub attachment: InterfaceAttachment<'a>,
    pub description: &'static str,
    pub groups: Vec<GroupIdentifier<'a>>,
    pub ipv6_addresses: Vec<InstanceIpv6Address>,
    pub mac_address: &'a str,
    pub network_interface_id: &'a str,
    pub owner_id: &'static str,
    pub private_dns_name: DnsName<'a>,
    pub private_ip_address: Ipv4Addr,
    pub private_ip_addresses: Vec<PrivateIpAddressDescription<'a>>,
    pub source_dest_check: bool,
    pub status: &'static str,
    pub subnet_id: &'a str,
    pub vpc_id: &'a str,
    pub interface_type: &'static str,
    pub operator: Operator,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateReason<'a> {
    pub code: &'a str,
    pub message: &'a str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CpuOptions {
    pub core_count: u32,
    pub threads_per_core: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct CapacityReservationSpecification {
    pub capacity_reservation_preference: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HibernationOptions {
    pub configured: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions<'a> {
    pub state: &'static str,
    pub http_tokens: &'a str,
    pub http_put_response_hop_limit: u32,
    pub http_endpoint: &'static str,
    pub http_protocol_ipv6: &'static str,
    pub instance_metadata_tags: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnclaveOptions {
    pub enabled: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateDnsNameOptions {
    pub hostname_type: &'static str,
    pub enable_resource_name_dns_a_record: bool,
    #[serde(rename = "EnableResourceNameDnsAAAARecord")]
    pub enable_resource_name_dns_aaaa_record: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MaintenanceOptions {
    pub auto_recovery: &'static str,
    pub reboot_migration: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkPerformanceOptions {
    pub bandwidth_weighting: &'static str,
}

/// Whether a service manages the resource (`Operator`).
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Operator {
    pub managed: bool,
}

/// An instance, in the key order the AWS CLI prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDescription<'a> {
    pub architecture: &'a str,
    pub block_device_mappings: Vec<InstanceBlockDeviceMapping<'a>>,
    pub client_token: &'a str,
    pub ebs_optimized: bool,
    pub ena_support: bool,
    pub hypervisor: &'static str,
    pub network_interfaces: Vec<InstanceNetworkInterface<'a>>,
    pub root_device_name: &'a str,
    pub root_device_type: &'static str,
    pub security_groups: Vec<GroupIdentifier<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<StateReason<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<TagList<'a>>,
    pub virtualization_type: &'static str,
    pub cpu_options: CpuOptions,
    pub capacity_reservation_specification: CapacityReservationSpecification,
    pub hibernation_options: HibernationOptions,
    pub metadata_options: MetadataOptions<'a>,
    pub enclave_options: EnclaveOptions,
    pub boot_mode: &'a str,
    pub platform_details: &'a str,
    pub usage_operation: &'a str,
    pub usage_operation_update_time: Iso8601,
    pub private_dns_name_options: PrivateDnsNameOptions,
    pub maintenance_options: MaintenanceOptions,
    pub current_instance_boot_mode: &'a str,
    pub network_performance_options: NetworkPerformanceOptions,
    pub operator: Operator,
    pub instance_id: &'a str,
    pub image_id: &'a str,
    pub state: StateDescription,
    pub private_dns_name: DnsName<'a>,
    pub public_dns_name: DnsName<'a>,
    pub state_transition_reason: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<&'a str>,
    pub ami_launch_index: u32,
    pub product_codes: Vec<ProductCode>,
    pub instance_type: &'a str,
    pub launch_time: Iso8601,
    pub placement: PlacementDescription<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<&'a str>,
    pub monitoring: Monitoring,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_address: Option<Ipv4Addr>,
}

impl Filterable for (&RegionState, &Instance) {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let (region, instance) = *self;
        let one = |v: String| Some(vec![v]);
        let group_names = || {
            instance
                .security_group_ids
                .iter()
                .filter_map(|id| region.security_groups.get(id))
                .map(|g| g.name.clone())
                .collect()
        };
        match name {
            "instance-id" => one(instance.id.clone()),
            "instance-state-name" => one(instance.state.name().into()),
            "instance-state-code" => one(instance.state.code().to_string()),
            "instance-type" => one(instance.instance_type.clone()),
            "image-id" => one(instance.image_id.clone()),
            "key-name" => Some(instance.key_name.iter().cloned().collect()),
            "availability-zone" => one(instance.availability_zone.clone()),
            "vpc-id" => one(instance.vpc_id.clone()),
            "subnet-id" => one(instance.subnet_id.clone()),
            "reservation-id" => one(instance.reservation_id.clone()),
            "architecture" => one(instance.architecture.clone()),
            "platform" => Some(instance.platform.iter().cloned().collect()),
            "platform-details" => one(instance.platform_details.clone()),
            "root-device-type" => one("ebs".into()),
            "root-device-name" => one(instance.root_device_name.clone()),
            "private-ip-address" | "network-interface.addresses.private-ip-address" => {
                one(instance.private_ip.to_string())
            }
            "ip-address" => Some(instance.public_ip.iter().map(ToString::to_string).collect()),
            "dns-name" => one(instance.public_dns_name(&region.name).to_string()),
            "private-dns-name" => one(instance.private_dns_name(&region.name).to_string()),
            "launch-index" => one(instance.launch_index.to_string()),
            "owner-id" => one(ACCOUNT_ID.into()),
            "instance.group-id" | "group-id" => Some(instance.security_group_ids.clone()),
            "instance.group-name" | "group-name" => Some(group_names()),
            "network-interface.network-interface-id" => one(instance.network_interface_id.clone()),
            "launch-time" => one(clock::iso8601(instance.launch_time)),
            "hypervisor" => one(if instance.nitro { "nitro" } else { "xen" }.into()),
            "virtualization-type" => one("hvm".into()),
            "client-token" => one(instance.client_token.clone()),
            other => filters::tag_filter_values(other, &region.tags.of(&instance.id)),
        }
    }
}

/// What DescribeInstances' tokens count.
const RESERVATIONS: &str = "reservations";

impl RegionState {
    fn group_identifiers<'a>(&'a self, instance: &'a Instance) -> Vec<GroupIdentifier<'a>> {
        instance
            .security_group_ids
            .iter()
            .filter_map(|id| self.security_groups.get(id))
            .map(|g| GroupIdentifier {
                group_name: &g.name,
                group_id: &g.id,
            })
            .collect()
    }

    /// `instance` as a response shows it.
    pub fn instance_view<'a>(
        &'a self,
        instance: &'a Instance,
        launching: bool,
    ) -> InstanceView<'a> {
        InstanceView {
            region: self,
            instance,
            launching,
        }
    }

    /// An instance as the AWS CLI prints it. `launching` gives the shape of
    /// the RunInstances response (no public address yet, devices attaching).
    fn describe_instance<'a>(
        &'a self,
        instance: &'a Instance,
        launching: bool,
    ) -> InstanceDescription<'a> {
        let region = self.name.as_str();
        let launch_time = Iso8601(instance.launch_time);
        let terminated = instance.state == InstanceState::Terminated;
        let public_ip = if launching { None } else { instance.public_ip };
        let association = public_ip.map(|ip| IpAssociation {
            ip_owner_id: if self.elastic_ip_of(&instance.id).is_some() {
                ACCOUNT_ID
            } else {
                "amazon"
            },
            public_dns_name: public_dns(ip, region),
            public_ip: ip,
        });
        let private_dns = instance.private_dns_name(region);
        let groups = if terminated {
            vec![]
        } else {
            self.group_identifiers(instance)
        };
        let network_interfaces = if terminated {
            vec![]
        } else {
            vec![InstanceNetworkInterface {
                association,
                attachment: InterfaceAttachment {
                    attach_time: launch_time,
                    attachment_id: &instance.attachment_id,
                    delete_on_termination: true,
                    device_index: 0,
                    status: if launching { "attaching" } else { "attached" },
                    network_card_index: 0,
                },
                description: "",
                groups: groups.clone(),
                ipv6_addresses: vec![],
                mac_address: &instance.mac_address,
                network_interface_id: &instance.network_interface_id,
                owner_id: ACCOUNT_ID,
                private_dns_name: private_dns,
                private_ip_address: instance.private_ip,
                private_ip_addresses: vec![PrivateIpAddressDescription {
                    association,
                    primary: true,
                    private_dns_name: private_dns,
                    private_ip_address: instance.private_ip,
                }],
                source_dest_check: instance.source_dest_check,
                status: "in-use",
                subnet_id: &instance.subnet_id,
                vpc_id: &instance.vpc_id,
                interface_type: "interface",
                operator: Operator { managed: false },
            }]
        };
        let block_device_mappings = if launching || terminated {
            vec![]
        } else {
            instance
                .volumes
                .iter()
                .map(|volume| InstanceBlockDeviceMapping {
                    device_name: &volume.device_name,
                    ebs: EbsInstanceBlockDevice {
                        attach_time: Iso8601(volume.attach_time),
                        delete_on_termination: volume.delete_on_termination,
                        status: self
                            .volumes
                            .get(&volume.volume_id)
                            .and_then(|v| v.attachment.as_ref())
                            .map_or("attached", |a| a.state),
                        volume_id: &volume.volume_id,
                    },
                })
                .collect()
        };
        let state_reason = match (&instance.state_reason, instance.state) {
            (Some((code, message)), _) => Some(StateReason { code, message }),
            (None, InstanceState::Pending) => Some(StateReason {
                code: "pending",
                message: "pending",
            }),
            _ => None,
        };
        InstanceDescription {
            ami_launch_index: instance.launch_index,
            image_id: &instance.image_id,
            instance_id: &instance.id,
            instance_type: &instance.instance_type,
            key_name: instance.key_name.as_deref(),
            launch_time,
            monitoring: Monitoring {
                state: if instance.detailed_monitoring {
                    "enabled"
                } else {
                    "disabled"
                },
            },
            placement: PlacementDescription {
                availability_zone_id: &instance.availability_zone_id,
                group_name: "",
                tenancy: "default",
                availability_zone: &instance.availability_zone,
            },
            platform: instance.platform.as_deref(),
            private_dns_name: if terminated {
                DnsName {
                    ip: None,
                    ..private_dns
                }
            } else {
                private_dns
            },
            private_ip_address: (!terminated).then_some(instance.private_ip),
            product_codes: vec![],
            public_dns_name: DnsName {
                ip: public_ip,
                ..instance.public_dns_name(region)
            },
            public_ip_address: public_ip,
            state: instance.state.into(),
            state_transition_reason: &instance.state_transition_reason,
            subnet_id: (!terminated).then_some(instance.subnet_id.as_str()),
            vpc_id: (!terminated).then_some(instance.vpc_id.as_str()),
            architecture: &instance.architecture,
            block_device_mappings,
            client_token: &instance.client_token,
            ebs_optimized: instance.ebs_optimized,
            ena_support: instance.ena_support,
            hypervisor: "xen",
            network_interfaces,
            root_device_name: &instance.root_device_name,
            root_device_type: "ebs",
            security_groups: groups,
            source_dest_check: (!terminated).then_some(instance.source_dest_check),
            state_reason,
            tags: self.tags.view(&instance.id),
            virtualization_type: "hvm",
            cpu_options: CpuOptions {
                core_count: instance.cores,
                threads_per_core: instance.threads_per_core,
            },
            capacity_reservation_specification: CapacityReservationSpecification {
                capacity_reservation_preference: "open",
            },
            hibernation_options: HibernationOptions { configured: false },
            metadata_options: MetadataOptions {
                state: if launching { "pending" } else { "applied" },
                http_tokens: &instance.http_tokens,
                http_put_response_hop_limit: if instance.http_tokens == "required" {
                    2
                } else {
                    1
                },
                http_endpoint: "enabled",
                http_protocol_ipv6: "disabled",
                instance_metadata_tags: "disabled",
            },
            enclave_options: EnclaveOptions { enabled: false },
            boot_mode: &instance.boot_mode,
            platform_details: &instance.platform_details,
            usage_operation: &instance.usage_operation,
            usage_operation_update_time: launch_time,
            private_dns_name_options: PrivateDnsNameOptions {
                hostname_type: "ip-name",
                enable_resource_name_dns_a_record: false,
                enable_resource_name_dns_aaaa_record: false,
            },
            maintenance_options: MaintenanceOptions {
                auto_recovery: "default",
                reboot_migration: "default",
            },
            network_performance_options: NetworkPerformanceOptions {
                bandwidth_weighting: "default",
            },
            operator: Operator { managed: false },
            current_instance_boot_mode: &instance.current_boot_mode,
        }
    }

    /// DescribeInstances, one reservation per RunInstances call, in launch order.
    pub fn describe_instances(
        &self,
        request: &DescribeInstancesRequest,
    ) -> Result<DescribeInstancesResponse<'_>, ApiError> {
        if !request.instance_ids.is_empty() {
            check_instance_ids(self, &request.instance_ids)?;
            if request.max_results.is_some() {
                return Err(ApiError::new(
                    "InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults",
                ));
            }
        }
        check_max_results(request.max_results, 1000)?;
        if let Some(sample) = self.instances.values().next() {
            filters::validate(&request.filters, &(self, sample))?;
        }
        let offset = request
            .next_token
            .as_deref()
            .map(|t| decode_token(RESERVATIONS, t))
            .transpose()?
            .unwrap_or(0);
        let limit = request
            .max_results
            .and_then(|m| usize::try_from(m).ok())
            .unwrap_or(usize::MAX);
        let selected: Vec<&Instance> = self
            .instances
            .values()
            .filter(|i| request.instance_ids.is_empty() || request.instance_ids.contains(&i.id))
            .filter(|i| filters::matches_all(&(self, *i), &request.filters))
            .collect();
        // Instances of one reservation are contiguous: they were created together.
        let same_reservation = |a: &&Instance, b: &&Instance| a.reservation_id == b.reservation_id;
        let total = selected.chunk_by(same_reservation).count();
        let page_end = offset.saturating_add(limit).min(total);
        let mut reservations = Vec::with_capacity(page_end.saturating_sub(offset));
        for group in selected
            .chunk_by(same_reservation)
            .skip(offset)
            .take(page_end.saturating_sub(offset))
        {
            reservations.push(Reservation {
                groups: vec![],
                instances: group
                    .iter()
                    .map(|instance| self.instance_view(instance, false))
                    .collect(),
                owner_id: ACCOUNT_ID,
                reservation_id: group.first().map_or("", |i| i.reservation_id.as_str()),
            });
        }
        let next_token = (page_end < total).then(|| encode_token(RESERVATIONS, page_end));
        Ok(DescribeInstancesResponse {
            reservations,
            next_token,
        })
    }
}
