//! Auto Scaling actions (Query protocol): each decodes its typed request,
//! runs in the addressed region, with EC2 of that region at hand for the
//! actions that launch, terminate or check launch parameters and Elastic
//! Load Balancing for those that attach, check or deregister from load
//! balancers, and encodes its typed response.

use super::codec::{decode_query as decode, respond};
use super::ec2_routes::vcpu_limits;
use super::ApiResponse;
use crate::autoscaling::policies::{self, ExecutePolicyRequest, Execution};
use crate::autoscaling::{groups, processes, target_tracking, AutoScaling, Ec2Access, RegionState};
use crate::cloudwatch::CloudWatch;
use crate::ec2::Ec2;
use crate::elb::Elb;
use crate::kernel::{ApiError, Context};
use crate::service_quotas::ServiceQuotas;
use serde::Serialize;
use serde_json::{json, Value};

/// The empty answer of an action that prints nothing on success.
fn done(result: Result<(), ApiError>) -> Result<ApiResponse<'static>, ApiError> {
    result?;
    respond(json!({}))
}

/// `{TerminationPolicyTypes}` of DescribeTerminationPolicyTypes.
#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct TerminationPolicyTypes {
    termination_policy_types: Vec<&'static str>,
}

/// The services Auto Scaling acts through: EC2 launches and terminates,
/// the load balancers register, CloudWatch holds target tracking's alarms,
/// and the quotas bound launches.
pub(super) struct Services<'a> {
    pub ec2: &'a mut Ec2,
    pub elb: &'a mut Elb,
    pub cloudwatch: &'a mut CloudWatch,
    pub quotas: &'a ServiceQuotas,
}

pub(super) fn route(
    autoscaling: &mut AutoScaling,
    services: Services,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    let Services {
        ec2,
        elb,
        cloudwatch,
        quotas,
    } = services;
    let region = ctx.region;
    if super::is_read_only(action) {
        // Reading creates no region state, so a world that was only looked
        // at stays equal to its replay.
        let empty = RegionState::default();
        let state = autoscaling.region(region).unwrap_or(&empty);
        return describe(state, action, params);
    }
    let limits = |name: &str| vcpu_limits(quotas, name);
    let Some(mut ec2) = Ec2Access::new(ec2, region, &limits) else {
        return Err(super::world::unknown_region("autoscaling", region));
    };
    let state = autoscaling.region_mut(region);
    if action == "PutScalingPolicy" {
        // The answer lists the alarms target tracking creates.
        let mut answer = state.put_scaling_policy(ctx, decode(params)?)?;
        target_tracking::sync_alarms(state, cloudwatch, ctx)?;
        answer.alarms = target_tracking::alarms_of(state, &answer.policy_arn);
        autoscaling.settle(region);
        return respond(answer);
    }
    let result = change(state, &mut ec2, elb, ctx, action, params);
    // Target tracking policies keep their alarms in step with every change
    // (a new or updated policy, a deleted policy or group).
    target_tracking::sync_alarms(state, cloudwatch, ctx)?;
    autoscaling.settle(region);
    result
}

fn describe(
    state: &RegionState,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    match action {
        "DescribeLaunchConfigurations" => {
            respond(state.describe_launch_configurations(&decode(params)?)?)
        }
        "DescribeAutoScalingGroups" => {
            respond(state.describe_auto_scaling_groups(&decode(params)?)?)
        }
        "DescribeAutoScalingInstances" => {
            respond(state.describe_auto_scaling_instances(&decode(params)?)?)
        }
        "DescribeScalingActivities" => {
            respond(state.describe_scaling_activities(&decode(params)?)?)
        }
        "DescribePolicies" => respond(state.describe_policies(&decode(params)?)?),
        "DescribeLoadBalancerTargetGroups" => {
            respond(state.describe_load_balancer_target_groups(&decode(params)?)?)
        }
        "DescribeLoadBalancers" => respond(state.describe_load_balancers(&decode(params)?)?),
        "DescribeScalingProcessTypes" => respond(processes::describe_scaling_process_types()),
        "DescribeAdjustmentTypes" => respond(policies::describe_adjustment_types()),
        "DescribeTerminationPolicyTypes" => respond(TerminationPolicyTypes {
            termination_policy_types: groups::TERMINATION_POLICIES.to_vec(),
        }),
        other => Err(ApiError::unknown_action(other)),
    }
}

fn change(
    state: &mut RegionState,
    ec2: &mut Ec2Access,
    elb: &mut Elb,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'static>, ApiError> {
    match action {
        "CreateLaunchConfiguration" => {
            done(state.create_launch_configuration(ctx, ec2, decode(params)?))
        }
        "DeleteLaunchConfiguration" => {
            done(state.delete_launch_configuration(ctx, decode(params)?))
        }
        "CreateAutoScalingGroup" => {
            done(state.create_auto_scaling_group(ctx, ec2, elb, decode(params)?))
        }
        "UpdateAutoScalingGroup" => {
            done(state.update_auto_scaling_group(ctx, ec2, decode(params)?))
        }
        "DeleteAutoScalingGroup" => done(state.delete_auto_scaling_group(ctx, decode(params)?)),
        "SetDesiredCapacity" => done(state.set_desired_capacity(ctx, decode(params)?)),
        "TerminateInstanceInAutoScalingGroup" => {
            let request = decode(params)?;
            respond(state.terminate_instance_in_auto_scaling_group(ctx, ec2, elb, request)?)
        }
        "AttachLoadBalancerTargetGroups" => {
            done(state.attach_load_balancer_target_groups(ctx, elb, decode(params)?))
        }
        "DetachLoadBalancerTargetGroups" => {
            done(state.detach_load_balancer_target_groups(ctx, decode(params)?))
        }
        "AttachLoadBalancers" => done(state.attach_load_balancers(ctx, elb, decode(params)?)),
        "DetachLoadBalancers" => done(state.detach_load_balancers(ctx, decode(params)?)),
        "SetInstanceHealth" => done(state.set_instance_health(ctx, decode(params)?)),
        "SetInstanceProtection" => done(state.set_instance_protection(ctx, decode(params)?)),
        "SuspendProcesses" => done(state.suspend_processes(ctx, decode(params)?)),
        "EnableMetricsCollection" => done(state.enable_metrics_collection(ctx, decode(params)?)),
        "DisableMetricsCollection" => done(state.disable_metrics_collection(ctx, decode(params)?)),
        "ResumeProcesses" => done(state.resume_processes(ctx, decode(params)?)),
        "DeletePolicy" => done(state.delete_policy(ctx, decode(params)?)),
        "ExecutePolicy" => {
            let request: ExecutePolicyRequest = decode(params)?;
            done(state.execute_policy(
                ctx,
                request.auto_scaling_group_name.as_deref(),
                &request.policy_name,
                Execution {
                    alarm: None,
                    honor_cooldown: request.honor_cooldown,
                    metric_value: request.metric_value,
                    breach_threshold: request.breach_threshold,
                },
            ))
        }
        other => Err(ApiError::unknown_action(other)),
    }
}
