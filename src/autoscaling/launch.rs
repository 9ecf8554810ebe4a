//! Launching one instance of a group through EC2's own RunInstances: the
//! group's launch template (its version's data, as `RunInstances
//! --launch-template` takes it) or launch configuration, placed in the
//! subnet reconciliation chose, tagged with the group's propagated tags and
//! the `aws:autoscaling:groupName` tag AWS adds.

use super::groups::{Group, LaunchSource};
use super::launch_configurations::{self, LaunchConfiguration};
use super::Ec2Access;
use crate::ec2::run_instances::{RunInstancesRequest, VcpuLimits};
use crate::ec2::tags::Tag;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// The tag AWS puts on every instance of a group.
pub const GROUP_NAME_TAG: &str = "aws:autoscaling:groupName";

/// What a launch made.
#[derive(Debug, Clone, PartialEq)]
pub struct Launched {
    pub instance_id: String,
    pub instance_type: String,
    /// The template version number, for a template launch.
    pub template_version: Option<u64>,
}

/// RunInstances' parameters, and the launch template id and version
/// number they came from (for a template).
pub type RunParameters = (Map<String, Value>, Option<(String, u64)>);

/// RunInstances' parameters for one instance from version `version` of
/// template `template_id` in `subnet_id`: the version's data, with the
/// network placed in the subnet (on the primary interface, when the data
/// has interfaces) and any zone of the data dropped, as Auto Scaling
/// overrides both. Also the template's id and version number.
pub fn template_parameters(
    ec2: &Ec2Access,
    template_id: &str,
    version: &str,
    subnet_id: &str,
) -> Result<RunParameters, ApiError> {
    let request = json!({
        "LaunchTemplate": {"LaunchTemplateId": template_id, "Version": version},
        "MinCount": 1,
        "MaxCount": 1,
    });
    let (merged, launched_from) = ec2.region.with_launch_template(request)?;
    let Value::Object(mut params) = merged else {
        return Err(ApiError::new(
            "ValidationError",
            "You must use a valid fully-formed launch template.",
        ));
    };
    let interface = params
        .get_mut("NetworkInterfaces")
        .and_then(Value::as_array_mut)
        .and_then(|interfaces| interfaces.first_mut())
        .and_then(Value::as_object_mut);
    match interface {
        Some(primary) => {
            primary.insert("SubnetId".into(), json!(subnet_id));
        }
        None => {
            params.insert("SubnetId".into(), json!(subnet_id));
        }
    }
    if let Some(placement) = params.get_mut("Placement").and_then(Value::as_object_mut) {
        placement.remove("AvailabilityZone");
    }
    Ok((params, launched_from))
}

/// Checks that EC2 would launch `params`, by a dry run without a vCPU
/// limit (the quota is a matter for each launch, not for the request that
/// names a template or configuration).
pub fn check_launch(
    ctx: &mut Context,
    ec2: &mut Ec2Access,
    params: Map<String, Value>,
) -> Result<(), ApiError> {
    let mut request = RunInstancesRequest::from_param(Value::Object(params))?;
    request.dry_run = true;
    let unlimited = VcpuLimits {
        standard: f64::INFINITY,
        gpu_g: f64::INFINITY,
        gpu_p: f64::INFINITY,
    };
    match ec2
        .region
        .run_instances(ctx, ec2.timers, request, &unlimited)
    {
        Err(e) if e.code != "DryRunOperation" => Err(e),
        _ => Ok(()),
    }
}

/// Launches one instance of `group` in `subnet_id` through RunInstances.
pub fn launch_instance(
    ctx: &mut Context,
    ec2: &mut Ec2Access,
    group: &Group,
    configurations: &IndexMap<String, LaunchConfiguration>,
    subnet_id: &str,
) -> Result<Launched, ApiError> {
    let (mut params, launched_from) = match &group.source {
        LaunchSource::Template { id, version, .. } => {
            template_parameters(ec2, id, version, subnet_id)?
        }
        LaunchSource::Configuration(name) => {
            let configuration = configurations
                .get(name)
                .ok_or_else(|| launch_configurations::not_found(name))?;
            (configuration.run_parameters(subnet_id), None)
        }
    };
    let propagated: Vec<Value> = group
        .tags
        .iter()
        .filter(|t| t.propagate_at_launch)
        .map(|t| json!({"Key": t.key, "Value": t.value}))
        .collect();
    if !propagated.is_empty() {
        let specification = json!({"ResourceType": "instance", "Tags": propagated});
        match params
            .get_mut("TagSpecifications")
            .and_then(Value::as_array_mut)
        {
            Some(specifications) => specifications.push(specification),
            None => {
                params.insert("TagSpecifications".into(), json!([specification]));
            }
        }
    }
    let mut request = RunInstancesRequest::from_param(Value::Object(params))?;
    request.launched_from = launched_from.clone();
    let limits = ec2.limits;
    let reservation = ec2
        .region
        .run_instances(ctx, ec2.timers, request, &limits)?;
    let instance_id = reservation
        .instances
        .first()
        .map(|view| view.describe().instance_id.to_string())
        .unwrap_or_default();
    let instance_type = ec2
        .region
        .instances
        .get(&instance_id)
        .map(|i| i.instance_type.clone())
        .unwrap_or_default();
    // AWS's own tag: RunInstances refuses `aws:` keys from callers.
    ec2.region.tags.set(
        &instance_id,
        &[Tag {
            key: GROUP_NAME_TAG.into(),
            value: group.name.clone(),
        }],
    );
    Ok(Launched {
        instance_id,
        instance_type,
        template_version: launched_from.map(|(_, version)| version),
    })
}

/// `StatusMessage` of a launch EC2 refused, as Auto Scaling words it:
/// capacity and quota refusals come back from EC2 Fleet with their code,
/// other refusals with EC2's message alone.
pub fn failure_message(error: &ApiError) -> String {
    let message = if error.message.ends_with('.') {
        error.message.clone()
    } else {
        format!("{}.", error.message)
    };
    if matches!(
        error.code.as_str(),
        "VcpuLimitExceeded" | "InsufficientInstanceCapacity" | "InstanceLimitExceeded"
    ) {
        format!(
            "Could not launch On-Demand Instances. {} - {message} Launching EC2 instance failed.",
            error.code
        )
    } else {
        format!("{message} Launching EC2 instance failed.")
    }
}
