//! DescribeInstances: the Reservations → Instances shape the AWS CLI prints,
//! with filters and pagination.

use super::filters::{self, Filter, Filterable};
use super::instances::{check_instance_ids, public_dns, Instance, InstanceState, StateDescription};
use super::tags::Tag;
use super::RegionState;
use crate::kernel::{clock, ApiError};
use crate::sts::ACCOUNT_ID;
use base64::{engine::general_purpose::STANDARD, Engine};
use serde::{Deserialize, Serialize};

/// Request of DescribeInstances.
#[derive(Debug, Default, Deserialize)]
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
pub struct Reservation {
    pub reservation_id: String,
    pub owner_id: String,
    pub groups: Vec<GroupIdentifier>,
    pub instances: Vec<InstanceDescription>,
}

/// Response of DescribeInstances.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstancesResponse {
    pub reservations: Vec<Reservation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GroupIdentifier {
    pub group_id: String,
    pub group_name: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Monitoring {
    pub state: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementDescription {
    pub availability_zone_id: String,
    pub group_name: String,
    pub tenancy: String,
    pub availability_zone: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsInstanceBlockDevice {
    pub attach_time: String,
    pub delete_on_termination: bool,
    pub status: String,
    pub volume_id: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceBlockDeviceMapping {
    pub device_name: String,
    pub ebs: EbsInstanceBlockDevice,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct IpAssociation {
    pub ip_owner_id: String,
    pub public_dns_name: String,
    pub public_ip: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InterfaceAttachment {
    pub attach_time: String,
    pub attachment_id: String,
    pub delete_on_termination: bool,
    pub device_index: u32,
    pub status: String,
    pub network_card_index: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateIpAddressDescription {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<IpAssociation>,
    pub primary: bool,
    pub private_dns_name: String,
    pub private_ip_address: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceNetworkInterface {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<IpAssociation>,
    pub attachment: InterfaceAttachment,
    pub description: String,
    pub groups: Vec<GroupIdentifier>,
    pub ipv6_addresses: Vec<serde_json::Value>,
    pub mac_address: String,
    pub network_interface_id: String,
    pub owner_id: String,
    pub private_dns_name: String,
    pub private_ip_address: String,
    pub private_ip_addresses: Vec<PrivateIpAddressDescription>,
    pub source_dest_check: bool,
    pub status: String,
    pub subnet_id: String,
    pub vpc_id: String,
    pub interface_type: String,
    pub operator: Operator,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateReason {
    pub code: String,
    pub message: String,
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
    pub capacity_reservation_preference: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct HibernationOptions {
    pub configured: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MetadataOptions {
    pub state: String,
    pub http_tokens: String,
    pub http_put_response_hop_limit: u32,
    pub http_endpoint: String,
    pub http_protocol_ipv6: String,
    pub instance_metadata_tags: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnclaveOptions {
    pub enabled: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PrivateDnsNameOptions {
    pub hostname_type: String,
    pub enable_resource_name_dns_a_record: bool,
    #[serde(rename = "EnableResourceNameDnsAAAARecord")]
    pub enable_resource_name_dns_aaaa_record: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MaintenanceOptions {
    pub auto_recovery: String,
    pub reboot_migration: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkPerformanceOptions {
    pub bandwidth_weighting: String,
}

/// Whether a service manages the resource (`Operator`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Operator {
    pub managed: bool,
}

/// An instance, in the key order the AWS CLI prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceDescription {
    pub architecture: String,
    pub block_device_mappings: Vec<InstanceBlockDeviceMapping>,
    pub client_token: String,
    pub ebs_optimized: bool,
    pub ena_support: bool,
    pub hypervisor: String,
    pub network_interfaces: Vec<InstanceNetworkInterface>,
    pub root_device_name: String,
    pub root_device_type: String,
    pub security_groups: Vec<GroupIdentifier>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_reason: Option<StateReason>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub virtualization_type: String,
    pub cpu_options: CpuOptions,
    pub capacity_reservation_specification: CapacityReservationSpecification,
    pub hibernation_options: HibernationOptions,
    pub metadata_options: MetadataOptions,
    pub enclave_options: EnclaveOptions,
    pub boot_mode: String,
    pub platform_details: String,
    pub usage_operation: String,
    pub usage_operation_update_time: String,
    pub private_dns_name_options: PrivateDnsNameOptions,
    pub maintenance_options: MaintenanceOptions,
    pub current_instance_boot_mode: String,
    pub network_performance_options: NetworkPerformanceOptions,
    pub operator: Operator,
    pub instance_id: String,
    pub image_id: String,
    pub state: StateDescription,
    pub private_dns_name: String,
    pub public_dns_name: String,
    pub state_transition_reason: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_name: Option<String>,
    pub ami_launch_index: u32,
    pub product_codes: Vec<serde_json::Value>,
    pub instance_type: String,
    pub launch_time: String,
    pub placement: PlacementDescription,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    pub monitoring: Monitoring,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_ip_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip_address: Option<String>,
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
            "dns-name" => one(instance.public_dns_name(&region.name)),
            "private-dns-name" => one(instance.private_dns_name(&region.name)),
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

/// Decodes a NextToken made by [`encode_token`].
fn decode_token(token: &str) -> Result<usize, ApiError> {
    STANDARD
        .decode(token)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            text.strip_prefix("reservations:")
                .and_then(|n| n.parse().ok())
        })
        .ok_or_else(|| {
            ApiError::new(
                "InvalidParameterValue",
                format!("Invalid value '{token}' for nextToken."),
            )
        })
}

fn encode_token(offset: usize) -> String {
    STANDARD.encode(format!("reservations:{offset}"))
}

impl RegionState {
    fn group_identifiers(&self, instance: &Instance) -> Vec<GroupIdentifier> {
        instance
            .security_group_ids
            .iter()
            .filter_map(|id| self.security_groups.get(id))
            .map(|g| GroupIdentifier {
                group_name: g.name.clone(),
                group_id: g.id.clone(),
            })
            .collect()
    }

    /// An instance as the AWS CLI prints it. `launching` gives the shape of
    /// the RunInstances response (no public address yet, devices attaching).
    pub fn describe_instance(
        &self,
        region: &str,
        instance: &Instance,
        launching: bool,
    ) -> InstanceDescription {
        let launch_time = clock::iso8601(instance.launch_time);
        let terminated = instance.state == InstanceState::Terminated;
        let public_ip = if launching { None } else { instance.public_ip };
        let association = public_ip.map(|ip| IpAssociation {
            ip_owner_id: "amazon".into(),
            public_dns_name: public_dns(ip, region),
            public_ip: ip.to_string(),
        });
        let private_dns = instance.private_dns_name(region);
        let groups = if terminated {
            vec![]
        } else {
            self.group_identifiers(instance)
        };
        let attach_status = if launching { "attaching" } else { "attached" };
        let network_interfaces = if terminated {
            vec![]
        } else {
            vec![InstanceNetworkInterface {
                association: association.clone(),
                attachment: InterfaceAttachment {
                    attach_time: launch_time.clone(),
                    attachment_id: instance.attachment_id.clone(),
                    delete_on_termination: true,
                    device_index: 0,
                    status: attach_status.into(),
                    network_card_index: 0,
                },
                description: String::new(),
                groups: groups.clone(),
                ipv6_addresses: vec![],
                mac_address: instance.mac_address.clone(),
                network_interface_id: instance.network_interface_id.clone(),
                owner_id: ACCOUNT_ID.into(),
                private_dns_name: private_dns.clone(),
                private_ip_address: instance.private_ip.to_string(),
                private_ip_addresses: vec![PrivateIpAddressDescription {
                    association,
                    primary: true,
                    private_dns_name: private_dns.clone(),
                    private_ip_address: instance.private_ip.to_string(),
                }],
                source_dest_check: true,
                status: "in-use".into(),
                subnet_id: instance.subnet_id.clone(),
                vpc_id: instance.vpc_id.clone(),
                interface_type: "interface".into(),
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
                    device_name: volume.device_name.clone(),
                    ebs: EbsInstanceBlockDevice {
                        attach_time: launch_time.clone(),
                        delete_on_termination: volume.delete_on_termination,
                        status: "attached".into(),
                        volume_id: volume.volume_id.clone(),
                    },
                })
                .collect()
        };
        let state_reason = match (&instance.state_reason, instance.state) {
            (Some((code, message)), _) => Some(StateReason {
                code: code.clone(),
                message: message.clone(),
            }),
            (None, InstanceState::Pending) => Some(StateReason {
                code: "pending".into(),
                message: "pending".into(),
            }),
            _ => None,
        };
        InstanceDescription {
            ami_launch_index: instance.launch_index,
            image_id: instance.image_id.clone(),
            instance_id: instance.id.clone(),
            instance_type: instance.instance_type.clone(),
            key_name: instance.key_name.clone(),
            launch_time: launch_time.clone(),
            monitoring: Monitoring {
                state: "disabled".into(),
            },
            placement: PlacementDescription {
                availability_zone_id: instance.availability_zone_id.clone(),
                group_name: String::new(),
                tenancy: "default".into(),
                availability_zone: instance.availability_zone.clone(),
            },
            platform: instance.platform.clone(),
            private_dns_name: if terminated {
                String::new()
            } else {
                private_dns
            },
            private_ip_address: (!terminated).then(|| instance.private_ip.to_string()),
            product_codes: vec![],
            public_dns_name: public_ip
                .map(|ip| public_dns(ip, region))
                .unwrap_or_default(),
            public_ip_address: public_ip.map(|ip| ip.to_string()),
            state: instance.state.into(),
            state_transition_reason: instance.state_transition_reason.clone(),
            subnet_id: (!terminated).then(|| instance.subnet_id.clone()),
            vpc_id: (!terminated).then(|| instance.vpc_id.clone()),
            architecture: instance.architecture.clone(),
            block_device_mappings,
            client_token: instance.client_token.clone(),
            ebs_optimized: instance.ebs_optimized,
            ena_support: instance.ena_support,
            hypervisor: "xen".into(),
            network_interfaces,
            root_device_name: instance.root_device_name.clone(),
            root_device_type: "ebs".into(),
            security_groups: groups,
            source_dest_check: (!terminated).then_some(true),
            state_reason,
            tags: self.tags.optional(&instance.id),
            virtualization_type: "hvm".into(),
            cpu_options: CpuOptions {
                core_count: instance.cores,
                threads_per_core: instance.threads_per_core,
            },
            capacity_reservation_specification: CapacityReservationSpecification {
                capacity_reservation_preference: "open".into(),
            },
            hibernation_options: HibernationOptions { configured: false },
            metadata_options: MetadataOptions {
                state: if launching { "pending" } else { "applied" }.into(),
                http_tokens: instance.http_tokens.clone(),
                http_put_response_hop_limit: if instance.http_tokens == "required" {
                    2
                } else {
                    1
                },
                http_endpoint: "enabled".into(),
                http_protocol_ipv6: "disabled".into(),
                instance_metadata_tags: "disabled".into(),
            },
            enclave_options: EnclaveOptions { enabled: false },
            boot_mode: instance.boot_mode.clone(),
            platform_details: instance.platform_details.clone(),
            usage_operation: instance.usage_operation.clone(),
            usage_operation_update_time: launch_time,
            private_dns_name_options: PrivateDnsNameOptions {
                hostname_type: "ip-name".into(),
                enable_resource_name_dns_a_record: false,
                enable_resource_name_dns_aaaa_record: false,
            },
            maintenance_options: MaintenanceOptions {
                auto_recovery: "default".into(),
                reboot_migration: "default".into(),
            },
            network_performance_options: NetworkPerformanceOptions {
                bandwidth_weighting: "default".into(),
            },
            operator: Operator { managed: false },
            current_instance_boot_mode: instance.current_boot_mode.clone(),
        }
    }

    /// DescribeInstances, one reservation per RunInstances call, in launch order.
    pub fn describe_instances(
        &self,
        request: &DescribeInstancesRequest,
    ) -> Result<DescribeInstancesResponse, ApiError> {
        if !request.instance_ids.is_empty() {
            check_instance_ids(self, &request.instance_ids)?;
            if request.max_results.is_some() {
                return Err(ApiError::new(
                    "InvalidParameterCombination",
                    "The parameter instancesSet cannot be used with the parameter maxResults",
                ));
            }
        }
        if let Some(max) = request.max_results {
            if !(5..=1000).contains(&max) {
                return Err(ApiError::new("InvalidParameterValue", format!("Value ( {max} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.")));
            }
        }
        if let Some(sample) = self.instances.values().next() {
            filters::validate(&request.filters, &(self, sample))?;
        }
        let offset = request
            .next_token
            .as_deref()
            .map(decode_token)
            .transpose()?
            .unwrap_or(0);
        let mut reservations: Vec<Reservation> = Vec::new();
        let mut seen_reservations = 0usize;
        let mut current: Option<&str> = None;
        let mut next_token = None;
        let limit = request
            .max_results
            .map(|m| usize::try_from(m).unwrap_or(1000));
        let selected = self
            .instances
            .values()
            .filter(|i| request.instance_ids.is_empty() || request.instance_ids.contains(&i.id))
            .filter(|i| filters::matches_all(&(self, *i), &request.filters));
        // Instances of one reservation are contiguous: they were created together.
        for instance in selected {
            if current != Some(instance.reservation_id.as_str()) {
                current = Some(instance.reservation_id.as_str());
                seen_reservations += 1;
                if seen_reservations > offset {
                    if limit.is_some_and(|l| reservations.len() == l) {
                        next_token = Some(encode_token(seen_reservations - 1));
                        break;
                    }
                    reservations.push(Reservation {
                        groups: vec![],
                        instances: vec![],
                        owner_id: ACCOUNT_ID.into(),
                        reservation_id: instance.reservation_id.clone(),
                    });
                }
            }
            if seen_reservations > offset {
                if let Some(last) = reservations.last_mut() {
                    last.instances
                        .push(self.describe_instance(&self.name, instance, false));
                }
            }
        }
        Ok(DescribeInstancesResponse {
            reservations,
            next_token,
        })
    }
}
