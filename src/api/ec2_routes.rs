//! EC2 actions: each decodes its typed request, runs in the addressed region
//! and encodes its typed response.

use super::codec::{decode, respond};
use super::ApiResponse;
use crate::ec2::run_instances::{RunInstancesRequest, VcpuLimits};
use crate::ec2::security_groups::Direction;
use crate::ec2::{images, instance_types, regions, Ec2};
use crate::kernel::{ApiError, Context};
use crate::service_quotas::{ServiceQuotas, ELASTIC_IPS, GPU_G_VCPUS, GPU_P_VCPUS, STANDARD_VCPUS};
use crate::sts::ACCOUNT_ID;
use serde_json::{json, Value};

/// The running-vCPU limits of `region`, from its Service Quotas.
pub(super) fn vcpu_limits(quotas: &ServiceQuotas, region: &str) -> VcpuLimits {
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

/// The empty answer of an action that prints nothing on success.
fn done<'a>(result: Result<(), ApiError>) -> Result<ApiResponse<'a>, ApiError> {
    result?;
    respond(json!({}))
}

pub(super) fn route<'a>(
    ec2: &'a mut Ec2,
    quotas: &ServiceQuotas,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'a>, ApiError> {
    // The copies read one region and write another.
    match action {
        "CopySnapshot" => return respond(ec2.copy_snapshot(ctx, decode(params)?)?),
        "CopyImage" => return respond(ec2.copy_image(ctx, decode(params)?)?),
        _ => {}
    }
    let region_name = ctx.region.to_string();
    let Some((region, timers)) = ec2.region_and_timers(&region_name) else {
        return Err(ApiError::new(
            "InvalidParameterValue",
            format!("Unknown region {region_name}"),
        ));
    };
    let limits = vcpu_limits(quotas, &region_name);
    let elastic_ip_limit = quotas.value(&region_name, ELASTIC_IPS).unwrap_or(0.0) as usize;
    if super::is_read_only(action) {
        dry_run_check(&params)?;
    }
    match action {
        "DescribeRegions" => respond(regions::describe_regions(&decode(params)?)?),
        "DescribeAvailabilityZones" => respond(regions::describe_availability_zones(
            ctx.region,
            &decode(params)?,
        )?),
        "DescribeVpcs" => respond(region.describe_vpcs(&decode(params)?)?),
        "DescribeSubnets" => respond(region.describe_subnets(&decode(params)?)?),
        "CreateVpc" => respond(region.create_vpc(ctx, decode(params)?)?),
        "CreateDefaultVpc" => respond(region.create_default_vpc_action(ctx, decode(params)?)?),
        "DeleteVpc" => done(region.delete_vpc(ctx, decode(params)?)),
        "CreateSubnet" => respond(region.create_subnet(ctx, decode(params)?)?),
        "DeleteSubnet" => done(region.delete_subnet(ctx, decode(params)?)),
        "ModifySubnetAttribute" => done(region.modify_subnet_attribute(ctx, decode(params)?)),
        "CreateInternetGateway" => respond(region.create_internet_gateway(ctx, decode(params)?)?),
        "AttachInternetGateway" => done(region.attach_internet_gateway(ctx, decode(params)?)),
        "DetachInternetGateway" => done(region.detach_internet_gateway(ctx, decode(params)?)),
        "DeleteInternetGateway" => done(region.delete_internet_gateway(ctx, decode(params)?)),
        "DescribeInternetGateways" => respond(region.describe_internet_gateways(&decode(params)?)?),
        "CreateRouteTable" => respond(region.create_route_table(ctx, decode(params)?)?),
        "DeleteRouteTable" => done(region.delete_route_table(ctx, decode(params)?)),
        "DescribeRouteTables" => respond(region.describe_route_tables(&decode(params)?)?),
        "CreateRoute" => respond(region.create_route(ctx, decode(params)?)?),
        "ReplaceRoute" => done(region.replace_route(ctx, decode(params)?)),
        "DeleteRoute" => done(region.delete_route(ctx, decode(params)?)),
        "AssociateRouteTable" => respond(region.associate_route_table(ctx, decode(params)?)?),
        "DisassociateRouteTable" => done(region.disassociate_route_table(ctx, decode(params)?)),
        "ReplaceRouteTableAssociation" => {
            respond(region.replace_route_table_association(ctx, decode(params)?)?)
        }
        "CreateNetworkAcl" => respond(region.create_network_acl(ctx, decode(params)?)?),
        "DeleteNetworkAcl" => done(region.delete_network_acl(ctx, decode(params)?)),
        "DescribeNetworkAcls" => respond(region.describe_network_acls(&decode(params)?)?),
        "CreateNetworkAclEntry" => done(region.create_network_acl_entry(ctx, decode(params)?)),
        "ReplaceNetworkAclEntry" => done(region.replace_network_acl_entry(ctx, decode(params)?)),
        "DeleteNetworkAclEntry" => done(region.delete_network_acl_entry(ctx, decode(params)?)),
        "ReplaceNetworkAclAssociation" => {
            respond(region.replace_network_acl_association(ctx, decode(params)?)?)
        }
        "AllocateAddress" => {
            respond(region.allocate_address(ctx, decode(params)?, elastic_ip_limit)?)
        }
        "AssociateAddress" => respond(region.associate_address(ctx, decode(params)?)?),
        "DisassociateAddress" => done(region.disassociate_address(ctx, decode(params)?)),
        "ReleaseAddress" => done(region.release_address(ctx, decode(params)?)),
        "DescribeAddresses" => respond(region.describe_addresses(&decode(params)?)?),
        "DescribeImages" => respond(images::describe(
            &region.images,
            &region.tags,
            ACCOUNT_ID,
            &decode(params)?,
        )?),
        "DescribeInstanceTypes" => respond(instance_types::describe(&decode(params)?)?),
        "CreateKeyPair" => respond(region.create_key_pair(ctx, decode(params)?)?),
        "ImportKeyPair" => respond(region.import_key_pair(ctx, decode(params)?)?),
        "DescribeKeyPairs" => respond(region.describe_key_pairs(&decode(params)?)?),
        "DeleteKeyPair" => respond(region.delete_key_pair(ctx, decode(params)?)?),
        "CreateSecurityGroup" => respond(region.create_security_group(ctx, decode(params)?)?),
        "DescribeSecurityGroups" => {
            respond(region.describe_security_groups(ctx, &decode(params)?)?)
        }
        "DeleteSecurityGroup" => respond(region.delete_security_group(ctx, decode(params)?)?),
        "AuthorizeSecurityGroupIngress" => {
            respond(region.authorize(ctx, Direction::Ingress, decode(params)?)?)
        }
        "AuthorizeSecurityGroupEgress" => {
            respond(region.authorize(ctx, Direction::Egress, decode(params)?)?)
        }
        "RevokeSecurityGroupIngress" => {
            respond(region.revoke(ctx, Direction::Ingress, decode(params)?)?)
        }
        "RevokeSecurityGroupEgress" => {
            respond(region.revoke(ctx, Direction::Egress, decode(params)?)?)
        }
        "RunInstances" => {
            let (params, launched_from) = region.with_launch_template(params)?;
            let request = RunInstancesRequest {
                launched_from,
                ..decode(params)?
            };
            respond(region.run_instances(ctx, timers, request, &limits)?)
        }
        "DescribeInstances" => respond(region.describe_instances(&decode(params)?)?),
        "StartInstances" => respond(region.start_instances(
            ctx,
            timers,
            decode(params)?,
            |r, ids| r.check_vcpu_room(&limits, ids),
        )?),
        "StopInstances" => respond(region.stop_instances(ctx, timers, decode(params)?)?),
        "RebootInstances" => done(region.reboot_instances(ctx, decode(params)?)),
        "TerminateInstances" => {
            respond(region.terminate_instances(ctx, timers, decode(params)?)?)
        }
        "CreateTags" => done(region.create_tags(ctx, decode(params)?)),
        "DeleteTags" => done(region.delete_tags(ctx, decode(params)?)),
        "DescribeTags" => respond(region.tags.describe(&decode(params)?)?),
        "DescribeAccountAttributes" => {
            let elastic_ips = quotas.value(&region_name, ELASTIC_IPS).unwrap_or(0.0);
            // Quotas are whole numbers of addresses.
            let elastic_ips = elastic_ips.max(0.0) as u64;
            respond(region.describe_account_attributes(&decode(params)?, elastic_ips)?)
        }
        "ModifyInstanceAttribute" => {
            region.modify_instance_attribute(ctx, decode(params)?)?;
            respond(json!({}))
        }
        "DescribeInstanceAttribute" => {
            respond(region.describe_instance_attribute(&decode(params)?)?)
        }
        "DescribeInstanceStatus" => {
            respond(region.describe_instance_status(ctx.now, &decode(params)?)?)
        }
        "CreateVolume" => respond(region.create_volume(ctx, timers, decode(params)?)?),
        "DeleteVolume" => done(region.delete_volume(ctx, timers, decode(params)?)),
        "AttachVolume" => respond(region.attach_volume(ctx, timers, decode(params)?)?),
        "DetachVolume" => respond(region.detach_volume(ctx, timers, decode(params)?)?),
        "ModifyVolume" => respond(region.modify_volume(ctx, timers, decode(params)?)?),
        "DescribeVolumes" => respond(region.describe_volumes(&decode(params)?)?),
        "DescribeVolumesModifications" => {
            respond(region.describe_volumes_modifications(ctx, &decode(params)?)?)
        }
        "CreateSnapshot" => respond(region.create_snapshot(ctx, timers, decode(params)?)?),
        "DeleteSnapshot" => done(region.delete_snapshot(ctx, decode(params)?)),
        "DescribeSnapshots" => respond(region.describe_snapshots(ctx, &decode(params)?)?),
        "CreateSnapshots" => respond(region.create_snapshots(ctx, timers, decode(params)?)?),
        "CreateImage" => respond(region.create_image(ctx, timers, decode(params)?)?),
        "RegisterImage" => respond(region.register_image(ctx, timers, decode(params)?)?),
        "DeregisterImage" => respond(region.deregister_image(ctx, decode(params)?)?),
        "CreateLaunchTemplate" => respond(region.create_launch_template(ctx, decode(params)?)?),
        "CreateLaunchTemplateVersion" => {
            respond(region.create_launch_template_version(ctx, decode(params)?)?)
        }
        "ModifyLaunchTemplate" => respond(region.modify_launch_template(ctx, decode(params)?)?),
        "DeleteLaunchTemplate" => respond(region.delete_launch_template(ctx, decode(params)?)?),
        "DeleteLaunchTemplateVersions" => {
            respond(region.delete_launch_template_versions(ctx, decode(params)?)?)
        }
        "DescribeLaunchTemplates" => respond(region.describe_launch_templates(&decode(params)?)?),
        "DescribeLaunchTemplateVersions" => {
            respond(region.describe_launch_template_versions(&decode(params)?)?)
        }
        other => Err(ApiError::unknown_action(other)),
    }
}
