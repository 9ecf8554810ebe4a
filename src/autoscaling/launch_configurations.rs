//! Launch configurations: the legacy, immutable launch parameters of a
//! group. CreateLaunchConfiguration, DescribeLaunchConfigurations,
//! DeleteLaunchConfiguration, and the RunInstances parameters a launch
//! from one sends to EC2.

use super::paging::{self, Page};
use super::{check_length, validation, Ec2Access, RegionState};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, SimTime};
use crate::sts::ACCOUNT_ID;
use base64::{engine::general_purpose::STANDARD, Engine};
use serde::Serialize;
use serde_json::{json, Map, Value};

/// Launch configurations one region holds at most (AWS's quota).
pub const MAX_LAUNCH_CONFIGURATIONS: usize = 200;

/// The EBS part of a block device mapping.
#[derive(Debug, Clone, PartialEq, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Ebs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub snapshot_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_size: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delete_on_termination: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iops: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub throughput: Option<i64>,
}

/// A block device mapping of a launch configuration.
#[derive(Debug, Clone, PartialEq, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct BlockDeviceMapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub virtual_name: Option<String>,
    pub device_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ebs: Option<Ebs>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_device: Option<bool>,
}

/// `InstanceMonitoring`.
#[derive(Debug, Clone, PartialEq, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct InstanceMonitoring {
    /// Detailed (1-minute) monitoring; AWS's default for a launch
    /// configuration, unlike RunInstances.
    #[serde(default)]
    pub enabled: Option<bool>,
}

/// `MetadataOptions`.
#[derive(Debug, Clone, PartialEq, FromParam, Serialize)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct MetadataOptions {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_tokens: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_put_response_hop_limit: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_endpoint: Option<String>,
}

/// Request of CreateLaunchConfiguration.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateLaunchConfigurationRequest {
    pub launch_configuration_name: String,
    #[serde(default)]
    pub image_id: Option<String>,
    #[serde(default)]
    pub key_name: Option<String>,
    #[serde(default)]
    pub security_groups: Vec<String>,
    #[serde(default)]
    pub user_data: Option<String>,
    #[serde(default)]
    pub instance_type: Option<String>,
    #[serde(default)]
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    #[serde(default)]
    pub instance_monitoring: Option<InstanceMonitoring>,
    #[serde(default)]
    pub ebs_optimized: Option<bool>,
    #[serde(default)]
    pub associate_public_ip_address: Option<bool>,
    #[serde(default)]
    pub metadata_options: Option<MetadataOptions>,
}

/// Request of DescribeLaunchConfigurations.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeLaunchConfigurationsRequest {
    #[serde(default)]
    pub launch_configuration_names: Vec<String>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub max_records: Option<i64>,
}

/// Request of DeleteLaunchConfiguration.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct LaunchConfigurationNameRequest {
    pub launch_configuration_name: String,
}

/// A launch configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct LaunchConfiguration {
    pub name: String,
    pub arn: String,
    pub created: SimTime,
    pub image_id: String,
    pub instance_type: String,
    pub key_name: Option<String>,
    pub security_groups: Vec<String>,
    /// As the request sent it.
    pub user_data: Option<String>,
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    pub monitoring: bool,
    pub ebs_optimized: bool,
    pub associate_public_ip_address: Option<bool>,
    pub metadata_options: Option<MetadataOptions>,
}

/// A launch configuration as the CLI prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct LaunchConfigurationDescription {
    pub launch_configuration_name: String,
    #[serde(rename = "LaunchConfigurationARN")]
    pub launch_configuration_arn: String,
    pub image_id: String,
    pub key_name: String,
    pub security_groups: Vec<String>,
    #[serde(rename = "ClassicLinkVPCSecurityGroups")]
    pub classic_link_vpc_security_groups: Vec<String>,
    pub user_data: String,
    pub instance_type: String,
    pub kernel_id: String,
    pub ramdisk_id: String,
    pub block_device_mappings: Vec<BlockDeviceMapping>,
    pub instance_monitoring: InstanceMonitoring,
    pub created_time: Iso8601,
    pub ebs_optimized: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associate_public_ip_address: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metadata_options: Option<MetadataOptions>,
}

/// Response of DescribeLaunchConfigurations.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeLaunchConfigurationsResponse {
    pub launch_configurations: Vec<LaunchConfigurationDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

/// `ValidationError` for a launch configuration that does not exist.
pub fn not_found(name: &str) -> ApiError {
    validation(format!(
        "Launch configuration name not found - Launch configuration {name} not found"
    ))
}

impl LaunchConfiguration {
    fn describe(&self) -> LaunchConfigurationDescription {
        LaunchConfigurationDescription {
            launch_configuration_name: self.name.clone(),
            launch_configuration_arn: self.arn.clone(),
            image_id: self.image_id.clone(),
            key_name: self.key_name.clone().unwrap_or_default(),
            security_groups: self.security_groups.clone(),
            classic_link_vpc_security_groups: vec![],
            user_data: self.user_data.clone().unwrap_or_default(),
            instance_type: self.instance_type.clone(),
            kernel_id: String::new(),
            ramdisk_id: String::new(),
            block_device_mappings: self.block_device_mappings.clone(),
            instance_monitoring: InstanceMonitoring {
                enabled: Some(self.monitoring),
            },
            created_time: Iso8601(self.created),
            ebs_optimized: self.ebs_optimized,
            associate_public_ip_address: self.associate_public_ip_address,
            metadata_options: self.metadata_options.clone(),
        }
    }

    /// RunInstances' parameters for one instance of this configuration in
    /// `subnet_id`.
    pub fn run_parameters(&self, subnet_id: &str) -> Map<String, Value> {
        let mut params = self.instance_parameters();
        // A configuration's groups are ids in a VPC, names of the VPC's
        // groups otherwise (as EC2-Classic had them).
        let (ids, names): (Vec<&String>, Vec<&String>) = self
            .security_groups
            .iter()
            .partition(|g| g.starts_with("sg-"));
        match self.associate_public_ip_address {
            Some(public) => {
                // Only a network interface can say whether to map a public
                // address, and then the subnet and groups go on it.
                params.insert(
                    "NetworkInterfaces".into(),
                    json!([{"DeviceIndex": 0, "SubnetId": subnet_id, "Groups": ids, "AssociatePublicIpAddress": public}]),
                );
            }
            None => {
                params.insert("SubnetId".into(), json!(subnet_id));
                if !ids.is_empty() {
                    params.insert("SecurityGroupIds".into(), json!(ids));
                }
            }
        }
        if !names.is_empty() {
            params.insert("SecurityGroups".into(), json!(names));
        }
        params
    }

    /// RunInstances' parameters for one instance, less the network: what
    /// a configuration is checked by when it is created, since its groups
    /// may belong to any VPC.
    fn instance_parameters(&self) -> Map<String, Value> {
        let mut params = Map::new();
        params.insert("ImageId".into(), json!(self.image_id));
        params.insert("InstanceType".into(), json!(self.instance_type));
        params.insert("MinCount".into(), json!(1));
        params.insert("MaxCount".into(), json!(1));
        if let Some(key) = &self.key_name {
            params.insert("KeyName".into(), json!(key));
        }
        if let Some(data) = &self.user_data {
            params.insert("UserData".into(), json!(base64_user_data(data)));
        }
        if !self.block_device_mappings.is_empty() {
            let mappings: Vec<Value> = self
                .block_device_mappings
                .iter()
                .map(|m| {
                    let mut mapping = json!({"DeviceName": m.device_name});
                    if let Some(ebs) = &m.ebs {
                        mapping["Ebs"] = json!(ebs);
                    }
                    if let Some(virtual_name) = &m.virtual_name {
                        mapping["VirtualName"] = json!(virtual_name);
                    }
                    // EC2 spells "no device" as an empty string.
                    if m.no_device == Some(true) {
                        mapping["NoDevice"] = json!("");
                    }
                    mapping
                })
                .collect();
            params.insert("BlockDeviceMappings".into(), Value::Array(mappings));
        }
        params.insert("Monitoring".into(), json!({"Enabled": self.monitoring}));
        params.insert("EbsOptimized".into(), json!(self.ebs_optimized));
        if let Some(options) = &self.metadata_options {
            params.insert("MetadataOptions".into(), json!(options));
        }
        params
    }
}

/// User data as RunInstances wants it, base64. The API documents a launch
/// configuration's user data as base64, but AWS also takes the plain text
/// the CLI sends from `--user-data file://script.sh` and encodes it itself.
fn base64_user_data(data: &str) -> String {
    if STANDARD.decode(data.trim()).is_ok() {
        data.trim().to_string()
    } else {
        STANDARD.encode(data)
    }
}

impl RegionState {
    /// CreateLaunchConfiguration: checked against EC2 as a launch would be
    /// (image, type, key pair, groups), so that a bad configuration fails
    /// here and not at every launch.
    pub fn create_launch_configuration(
        &mut self,
        ctx: &mut Context,
        ec2: &mut Ec2Access,
        request: CreateLaunchConfigurationRequest,
    ) -> Result<(), ApiError> {
        let name = request.launch_configuration_name;
        check_length(&name, "launchConfigurationName")?;
        if self.launch_configurations.contains_key(&name) {
            return Err(ApiError::new(
                "AlreadyExists",
                format!("Launch Configuration by this name already exists - A launch configuration already exists with the name {name}"),
            ));
        }
        if self.launch_configurations.len() >= MAX_LAUNCH_CONFIGURATIONS {
            return Err(ApiError::new(
                "LimitExceeded",
                format!(
                    "Max number of launch configurations reached: {MAX_LAUNCH_CONFIGURATIONS}."
                ),
            ));
        }
        let (Some(image_id), Some(instance_type)) = (request.image_id, request.instance_type)
        else {
            return Err(validation("Valid requests must contain either the InstanceID parameter or both the ImageId and InstanceType parameters."));
        };
        if let Some(data) = &request.user_data {
            if data.len() > 21_847 {
                return Err(validation(
                    "1 validation error detected: Value at 'userData' failed to satisfy constraint: Member must have length less than or equal to 21847",
                ));
            }
        }
        let configuration = LaunchConfiguration {
            arn: format!(
                "arn:aws:autoscaling:{}:{ACCOUNT_ID}:launchConfiguration:{}:launchConfigurationName/{name}",
                ctx.region,
                ctx.ids.uuid()
            ),
            name: name.clone(),
            created: ctx.now,
            image_id,
            instance_type,
            key_name: request.key_name,
            security_groups: request.security_groups,
            user_data: request.user_data,
            block_device_mappings: request.block_device_mappings,
            monitoring: request
                .instance_monitoring
                .and_then(|m| m.enabled)
                .unwrap_or(true),
            ebs_optimized: request.ebs_optimized.unwrap_or(false),
            associate_public_ip_address: request.associate_public_ip_address,
            metadata_options: request.metadata_options,
        };
        for group in configuration
            .security_groups
            .iter()
            .filter(|g| g.starts_with("sg-"))
        {
            ec2.region
                .resolve_group(Some(group), None)
                .map_err(|e| validation(e.message))?;
        }
        // Checked in any subnet of the region: the image, type, key pair
        // and devices do not depend on where the instance goes.
        if let Some(subnet) = ec2
            .region
            .first_default_subnet()
            .or_else(|| ec2.region.subnets.values().next())
        {
            let mut params = configuration.instance_parameters();
            params.insert("SubnetId".into(), json!(subnet.id));
            super::launch::check_launch(ctx, ec2, params).map_err(|e| {
                if e.code.starts_with("InvalidAMIID") {
                    validation(format!(
                        "AMI {} is invalid: {}",
                        configuration.image_id, e.message
                    ))
                } else {
                    validation(e.message)
                }
            })?;
        }
        self.launch_configurations
            .insert(name.clone(), configuration);
        ctx.created("launch-configuration", name);
        Ok(())
    }

    /// DescribeLaunchConfigurations: the named ones (unknown names are
    /// skipped), or all, 50 to a page.
    pub fn describe_launch_configurations(
        &self,
        request: &DescribeLaunchConfigurationsRequest,
    ) -> Result<DescribeLaunchConfigurationsResponse, ApiError> {
        let names = &request.launch_configuration_names;
        let described = self
            .launch_configurations
            .values()
            .filter(|c| names.is_empty() || names.contains(&c.name))
            .map(LaunchConfiguration::describe)
            .collect();
        let (launch_configurations, next_token) = paging::page(
            "launch-configurations",
            described,
            Page {
                max_records: request.max_records,
                next_token: request.next_token.as_deref(),
                default: 50,
                most: 100,
            },
        )?;
        Ok(DescribeLaunchConfigurationsResponse {
            launch_configurations,
            next_token,
        })
    }

    /// DeleteLaunchConfiguration: refused while a group uses it.
    pub fn delete_launch_configuration(
        &mut self,
        ctx: &mut Context,
        request: LaunchConfigurationNameRequest,
    ) -> Result<(), ApiError> {
        let name = request.launch_configuration_name;
        if !self.launch_configurations.contains_key(&name) {
            return Err(not_found(&name));
        }
        if let Some(group) = self
            .groups
            .values()
            .find(|g| g.source.configuration() == Some(name.as_str()))
        {
            return Err(ApiError::new(
                "ResourceInUse",
                format!(
                    "Cannot delete launch configuration {name} because it is attached to AutoScalingGroup {}",
                    group.name
                ),
            ));
        }
        self.launch_configurations.shift_remove(&name);
        ctx.deleted("launch-configuration", name);
        Ok(())
    }
}
