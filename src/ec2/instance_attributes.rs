//! ModifyInstanceAttribute and DescribeInstanceAttribute: one attribute of
//! one instance at a time, some only while the instance is stopped.

use super::describe_instances::{GroupIdentifier, InstanceBlockDeviceMapping, InstanceView};
use super::instances::InstanceState;
use super::{instance_types, RegionState};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde::Serialize;

/// `{Value: "..."}` as the API wraps string attributes.
#[derive(Debug, Clone, Default, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributeValue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `{Value: true}` as the API wraps boolean attributes.
#[derive(Debug, Clone, Copy, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct AttributeBooleanValue {
    pub value: bool,
}

/// A `DeleteOnTermination` change for one attached volume.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BlockDeviceChange {
    pub device_name: String,
    #[serde(default)]
    pub ebs: Option<EbsChange>,
}

/// The `Ebs` part of a [`BlockDeviceChange`].
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct EbsChange {
    #[serde(default)]
    pub volume_id: Option<String>,
    #[serde(default)]
    pub delete_on_termination: Option<bool>,
}

/// Request of ModifyInstanceAttribute: either `Attribute` + `Value`, or
/// exactly one of the typed members.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct ModifyInstanceAttributeRequest {
    pub instance_id: String,
    #[serde(default)]
    pub attribute: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub instance_type: Option<AttributeValue>,
    #[serde(default)]
    pub user_data: Option<AttributeValue>,
    #[serde(default)]
    pub disable_api_termination: Option<AttributeBooleanValue>,
    #[serde(default)]
    pub disable_api_stop: Option<AttributeBooleanValue>,
    #[serde(default)]
    pub instance_initiated_shutdown_behavior: Option<AttributeValue>,
    #[serde(default)]
    pub groups: Option<Vec<String>>,
    #[serde(default)]
    pub source_dest_check: Option<AttributeBooleanValue>,
    #[serde(default)]
    pub ebs_optimized: Option<AttributeBooleanValue>,
    #[serde(default)]
    pub ena_support: Option<AttributeBooleanValue>,
    #[serde(default)]
    pub block_device_mappings: Option<Vec<BlockDeviceChange>>,
    #[serde(default)]
    pub dry_run: bool,
}

/// The one change a ModifyInstanceAttribute request asks for.
#[derive(Debug, Clone)]
enum Change {
    InstanceType(String),
    UserData(Option<String>),
    DisableApiTermination(bool),
    DisableApiStop(bool),
    ShutdownBehavior(String),
    Groups(Vec<String>),
    SourceDestCheck(bool),
    EbsOptimized(bool),
    EnaSupport(bool),
    DeleteOnTermination(Vec<BlockDeviceChange>),
}

/// Attribute names as the API spells them (`InstanceAttributeName`).
const ATTRIBUTE_NAMES: &str = "instanceType kernel ramdisk userData disableApiTermination \
    instanceInitiatedShutdownBehavior rootDeviceName blockDeviceMapping productCodes \
    sourceDestCheck groupSet ebsOptimized sriovNetSupport enaSupport enclaveOptions disableApiStop";

fn unknown_attribute(name: &str) -> ApiError {
    ApiError::new(
        "InvalidParameterValue",
        format!("Value ({name}) for parameter attribute is invalid. Unknown attribute."),
    )
}

fn check_attribute_name(name: &str) -> Result<(), ApiError> {
    if ATTRIBUTE_NAMES
        .split_whitespace()
        .any(|known| known == name)
    {
        Ok(())
    } else {
        Err(unknown_attribute(name))
    }
}

fn parse_bool(value: &str) -> Result<bool, ApiError> {
    match value.to_ascii_lowercase().as_str() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(ApiError::new(
            "InvalidParameterValue",
            format!("Value ({value}) for parameter value is invalid. Expected: 'true' or 'false'."),
        )),
    }
}

impl ModifyInstanceAttributeRequest {
    /// The single change asked for, with the attribute name AWS uses for it.
    fn change(&self) -> Result<Change, ApiError> {
        let mut changes: Vec<(&str, Change)> = Vec::new();
        if let Some(name) = &self.attribute {
            check_attribute_name(name)?;
            let value = self.value.clone().unwrap_or_default();
            let change = match name.as_str() {
                "instanceType" => Change::InstanceType(value),
                "userData" => Change::UserData(Some(value)),
                "disableApiTermination" => Change::DisableApiTermination(parse_bool(&value)?),
                "disableApiStop" => Change::DisableApiStop(parse_bool(&value)?),
                "instanceInitiatedShutdownBehavior" => Change::ShutdownBehavior(value),
                "sourceDestCheck" => Change::SourceDestCheck(parse_bool(&value)?),
                "ebsOptimized" => Change::EbsOptimized(parse_bool(&value)?),
                "enaSupport" => Change::EnaSupport(parse_bool(&value)?),
                other => {
                    return Err(ApiError::new(
                        "InvalidParameterCombination",
                        format!(
                        "The attribute '{other}' cannot be modified with the 'value' parameter."
                    ),
                    ))
                }
            };
            changes.push((name, change));
        }
        let typed = [
            (
                "instanceType",
                self.instance_type
                    .as_ref()
                    .map(|v| Change::InstanceType(v.value.clone().unwrap_or_default())),
            ),
            (
                "userData",
                self.user_data
                    .as_ref()
                    .map(|v| Change::UserData(v.value.clone())),
            ),
            (
                "disableApiTermination",
                self.disable_api_termination
                    .map(|v| Change::DisableApiTermination(v.value)),
            ),
            (
                "disableApiStop",
                self.disable_api_stop
                    .map(|v| Change::DisableApiStop(v.value)),
            ),
            (
                "instanceInitiatedShutdownBehavior",
                self.instance_initiated_shutdown_behavior
                    .as_ref()
                    .map(|v| Change::ShutdownBehavior(v.value.clone().unwrap_or_default())),
            ),
            ("groupSet", self.groups.clone().map(Change::Groups)),
            (
                "sourceDestCheck",
                self.source_dest_check
                    .map(|v| Change::SourceDestCheck(v.value)),
            ),
            (
                "ebsOptimized",
                self.ebs_optimized.map(|v| Change::EbsOptimized(v.value)),
            ),
            (
                "enaSupport",
                self.ena_support.map(|v| Change::EnaSupport(v.value)),
            ),
            (
                "blockDeviceMapping",
                self.block_device_mappings
                    .clone()
                    .map(Change::DeleteOnTermination),
            ),
        ];
        changes.extend(
            typed
                .into_iter()
                .filter_map(|(name, change)| change.map(|c| (name, c))),
        );
        match changes.as_slice() {
            [] => Err(ApiError::new(
                "InvalidParameterCombination",
                "No attributes specified.",
            )),
            [(_, change)] => Ok(change.clone()),
            many => Err(ApiError::new(
                "InvalidParameterCombination",
                format!(
                    "Fields for multiple attribute types specified: {}",
                    many.iter()
                        .map(|(name, _)| *name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }
}

/// Request of DescribeInstanceAttribute.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceAttributeRequest {
    pub instance_id: String,
    pub attribute: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// `EnclaveOptions` of an instance.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnclaveOptions {
    pub enabled: bool,
}

/// Response of DescribeInstanceAttribute: the instance id and the one
/// attribute asked for, in the model's member order.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceAttribute<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block_device_mappings: Option<Vec<InstanceBlockDeviceMapping<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_termination: Option<AttributeBooleanValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ena_support: Option<AttributeBooleanValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub enclave_options: Option<EnclaveOptions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ebs_optimized: Option<AttributeBooleanValue>,
    pub instance_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_initiated_shutdown_behavior: Option<AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kernel_id: Option<AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub product_codes: Option<Vec<super::describe_instances::ProductCode>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ramdisk_id: Option<AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_device_name: Option<AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_dest_check: Option<AttributeBooleanValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sriov_net_support: Option<AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_data: Option<AttributeValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disable_api_stop: Option<AttributeBooleanValue>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub groups: Option<Vec<GroupIdentifier<'a>>>,
}

fn text(value: &str) -> Option<AttributeValue> {
    Some(AttributeValue {
        value: Some(value.to_string()),
    })
}

fn flag(value: bool) -> Option<AttributeBooleanValue> {
    Some(AttributeBooleanValue { value })
}

fn not_stopped(id: &str) -> ApiError {
    ApiError::new(
        "IncorrectInstanceState",
        format!("The instance '{id}' is not in the 'stopped' state."),
    )
}

impl RegionState {
    /// ModifyInstanceAttribute: checks the change against the instance's
    /// state, then applies it. No output on success.
    pub fn modify_instance_attribute(
        &mut self,
        ctx: &mut Context,
        request: ModifyInstanceAttributeRequest,
    ) -> Result<(), ApiError> {
        let change = request.change()?;
        let id = request.instance_id.as_str();
        let instance = self.instance(id)?;
        if instance.state == InstanceState::Terminated {
            return Err(ApiError::new(
                "IncorrectInstanceState",
                format!("The instance '{id}' is not in a state from which it can be modified."),
            ));
        }
        let stopped = instance.state == InstanceState::Stopped;
        match &change {
            Change::InstanceType(name) => {
                if !stopped {
                    return Err(not_stopped(id));
                }
                let spec = instance_types::find(name)
                    .ok_or_else(|| ApiError::invalid_value(name, "InstanceType"))?;
                if spec.architecture != instance.architecture {
                    return Err(ApiError::new(
                        "InvalidInstanceAttributeValue",
                        format!(
                            "Modifying the instance type from {} to {name} is not allowed.",
                            instance.instance_type
                        ),
                    ));
                }
            }
            Change::UserData(_) | Change::EbsOptimized(_) | Change::EnaSupport(_) if !stopped => {
                return Err(not_stopped(id));
            }
            Change::ShutdownBehavior(value) if value != "stop" && value != "terminate" => {
                return Err(ApiError::new(
                    "InvalidParameterValue",
                    format!("Value ({value}) for parameter instanceInitiatedShutdownBehavior is invalid. Expected: 'stop' or 'terminate'."),
                ));
            }
            Change::Groups(groups) => {
                if groups.is_empty() {
                    return Err(ApiError::new(
                        "InvalidParameterCombination",
                        "No attributes specified.",
                    ));
                }
                for group in groups {
                    let found = self.resolve_group(Some(group), None)?;
                    if found.vpc_id != instance.vpc_id {
                        return Err(ApiError::new(
                            "InvalidGroup.NotFound",
                            format!(
                                "The security group '{group}' does not exist in VPC '{}'",
                                instance.vpc_id
                            ),
                        ));
                    }
                }
            }
            Change::DeleteOnTermination(devices) => {
                if let Some(missing) = devices.iter().find(|d| {
                    !instance
                        .volumes
                        .iter()
                        .any(|v| v.device_name == d.device_name)
                }) {
                    return Err(ApiError::new(
                        "InvalidInstanceAttributeValue",
                        format!("No device is currently mapped at {}", missing.device_name),
                    ));
                }
            }
            _ => {}
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let Some(instance) = self.instances.get_mut(id) else {
            return Ok(());
        };
        match change {
            Change::InstanceType(name) => {
                if let Some(spec) = instance_types::find(&name) {
                    instance.instance_type = name;
                    instance.cores = spec.cores;
                    instance.threads_per_core = spec.vcpus / spec.cores.max(1);
                    instance.vcpus = spec.vcpus;
                    instance.bucket = spec.bucket;
                    instance.nitro = spec.nitro;
                }
            }
            Change::UserData(data) => instance.user_data = data,
            Change::DisableApiTermination(on) => instance.disable_api_termination = on,
            Change::DisableApiStop(on) => instance.disable_api_stop = on,
            Change::ShutdownBehavior(value) => instance.shutdown_behavior = value,
            Change::Groups(groups) => instance.security_group_ids = groups,
            Change::SourceDestCheck(on) => instance.source_dest_check = on,
            Change::EbsOptimized(on) => instance.ebs_optimized = on,
            Change::EnaSupport(on) => instance.ena_support = on,
            Change::DeleteOnTermination(devices) => {
                for device in devices {
                    let delete = device.ebs.and_then(|e| e.delete_on_termination);
                    if let (Some(volume), Some(delete)) = (
                        instance
                            .volumes
                            .iter_mut()
                            .find(|v| v.device_name == device.device_name),
                        delete,
                    ) {
                        volume.delete_on_termination = delete;
                    }
                }
            }
        }
        ctx.changed("instance", id.to_string());
        Ok(())
    }

    /// DescribeInstanceAttribute: the instance id and the one attribute.
    pub fn describe_instance_attribute(
        &self,
        request: &DescribeInstanceAttributeRequest,
    ) -> Result<InstanceAttribute<'_>, ApiError> {
        check_attribute_name(&request.attribute)?;
        let instance = self.instance(&request.instance_id)?;
        let mut answer = InstanceAttribute {
            instance_id: &instance.id,
            ..Default::default()
        };
        let view: InstanceView<'_> = self.instance_view(instance, false);
        match request.attribute.as_str() {
            "instanceType" => answer.instance_type = text(&instance.instance_type),
            "kernel" => answer.kernel_id = Some(AttributeValue::default()),
            "ramdisk" => answer.ramdisk_id = Some(AttributeValue::default()),
            "userData" => {
                answer.user_data = Some(AttributeValue {
                    value: instance.user_data.clone(),
                })
            }
            "disableApiTermination" => {
                answer.disable_api_termination = flag(instance.disable_api_termination)
            }
            "instanceInitiatedShutdownBehavior" => {
                answer.instance_initiated_shutdown_behavior = text(&instance.shutdown_behavior)
            }
            "rootDeviceName" => answer.root_device_name = text(&instance.root_device_name),
            "blockDeviceMapping" => {
                answer.block_device_mappings = Some(view.describe().block_device_mappings)
            }
            "productCodes" => answer.product_codes = Some(Vec::new()),
            "sourceDestCheck" => answer.source_dest_check = flag(instance.source_dest_check),
            "groupSet" => answer.groups = Some(view.describe().security_groups),
            "ebsOptimized" => answer.ebs_optimized = flag(instance.ebs_optimized),
            "sriovNetSupport" => answer.sriov_net_support = Some(AttributeValue::default()),
            "enaSupport" => answer.ena_support = flag(instance.ena_support),
            "enclaveOptions" => answer.enclave_options = Some(EnclaveOptions { enabled: false }),
            _ => answer.disable_api_stop = flag(instance.disable_api_stop),
        }
        Ok(answer)
    }
}
