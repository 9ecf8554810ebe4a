//! EC2 actions: each decodes its typed request, runs in the addressed region
//! and encodes its typed response.

use super::codec::{decode, encode};
use crate::ec2::run_instances::VcpuLimits;
use crate::ec2::security_groups::Direction;
use crate::ec2::{images, instance_types, regions, Ec2};
use crate::kernel::{ApiError, Context};
use crate::service_quotas::{ServiceQuotas, GPU_G_VCPUS, GPU_P_VCPUS, STANDARD_VCPUS};
use crate::sts::ACCOUNT_ID;
use serde_json::{json, Value};

fn vcpu_limits(quotas: &ServiceQuotas, region: &str) -> VcpuLimits {
    VcpuLimits {
        standard: quotas.value(region, STANDARD_VCPUS).unwrap_or(0.0),
        gpu_g: quotas.value(region, GPU_G_VCPUS).unwrap_or(0.0),
        gpu_p: quotas.value(region, GPU_P_VCPUS).unwrap_or(0.0),
    }
}

/// Answers DryRun for read actions, which have nothing else to validate.
fn dry_run_check(params: &Value) -> Result<(), ApiError> {
    if params.get("DryRun").and_then(Value::as_bool) == Some(true) {
        return Err(ApiError::dry_run());
    }
    Ok(())
}

pub(super) fn route(
    ec2: &mut Ec2,
    quotas: &ServiceQuotas,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<Value, ApiError> {
    let region_name = ctx.region.to_string();
    let Some((region, timers)) = ec2.region_and_timers(&region_name) else {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Unknown region {region_name}"),
        ));
    };
    let limits = vcpu_limits(quotas, &region_name);
    if super::is_read_only(action) {
        dry_run_check(&params)?;
    }
    match action {
        "DescribeRegions" => encode(regions::describe_regions(&decode(params)?)?),
        "DescribeAvailabilityZones" => encode(regions::describe_availability_zones(
            ctx.region,
            &decode(params)?,
        )?),
        "DescribeVpcs" => encode(region.describe_vpcs(&decode(params)?)?),
        "DescribeSubnets" => encode(region.describe_subnets(&decode(params)?)?),
        "DescribeImages" => encode(images::describe(
            &region.images,
            &region.tags,
            ACCOUNT_ID,
            &decode(params)?,
        )?),
        "DescribeInstanceTypes" => encode(instance_types::describe(&decode(params)?)?),
        "CreateKeyPair" => encode(region.create_key_pair(ctx, decode(params)?)?),
        "ImportKeyPair" => encode(region.import_key_pair(ctx, decode(params)?)?),
        "DescribeKeyPairs" => encode(region.describe_key_pairs(&decode(params)?)?),
        "DeleteKeyPair" => encode(region.delete_key_pair(ctx, decode(params)?)?),
        "CreateSecurityGroup" => encode(region.create_security_group(ctx, decode(params)?)?),
        "DescribeSecurityGroups" => encode(region.describe_security_groups(ctx, &decode(params)?)?),
        "DeleteSecurityGroup" => encode(region.delete_security_group(ctx, decode(params)?)?),
        "AuthorizeSecurityGroupIngress" => {
            encode(region.authorize(ctx, Direction::Ingress, decode(params)?)?)
        }
        "AuthorizeSecurityGroupEgress" => {
            encode(region.authorize(ctx, Direction::Egress, decode(params)?)?)
        }
        "RevokeSecurityGroupIngress" => {
            encode(region.revoke(ctx, Direction::Ingress, decode(params)?)?)
        }
        "RevokeSecurityGroupEgress" => {
            encode(region.revoke(ctx, Direction::Egress, decode(params)?)?)
        }
        "RunInstances" => encode(region.run_instances(ctx, timers, decode(params)?, &limits)?),
        "DescribeInstances" => encode(region.describe_instances(&decode(params)?)?),
        "StartInstances" => encode(region.start_instances(
            ctx,
            timers,
            decode(params)?,
            |r, ids| r.check_vcpu_room(&limits, ids),
        )?),
        "StopInstances" => encode(region.stop_instances(ctx, timers, decode(params)?)?),
        "RebootInstances" => {
            region.reboot_instances(ctx, decode(params)?)?;
            Ok(json!({}))
        }
        "TerminateInstances" => encode(region.terminate_instances(ctx, timers, decode(params)?)?),
        "CreateTags" => {
            region.create_tags(ctx, decode(params)?)?;
            Ok(json!({}))
        }
        "DeleteTags" => {
            region.delete_tags(ctx, decode(params)?)?;
            Ok(json!({}))
        }
        "DescribeTags" => encode(region.tags.describe(&decode(params)?)?),
        other => Err(ApiError::unknown_action(other)),
    }
}
