//! Elastic Load Balancing actions: `elbv2` (Application and Network Load
//! Balancers) and `elb` (Classic Load Balancers). Both are Query APIs,
//! which answer malformed requests with `ValidationError`.

use super::codec::respond;
use super::ApiResponse;
use crate::ec2::{self, Ec2};
use crate::elb::Elb;
use crate::kernel::params::{FromParam, ParamError};
use crate::kernel::{ApiError, Context};
use serde_json::{json, Value};

/// The Query API's way of naming a member in messages: `targetGroupArn`.
fn member_name(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// Reads the request, wording failures as the Query API does.
fn decode<T: FromParam>(params: Value) -> Result<T, ApiError> {
    T::from_param(params).map_err(|error| {
        let message = match error {
            ParamError::Missing(name) => format!(
                "1 validation error detected: Value null at '{}' failed to satisfy constraint: Member must not be null",
                member_name(&name)
            ),
            ParamError::Unknown(name) => format!("The parameter {name} is not recognized"),
            ParamError::Invalid(problem) => format!("Invalid parameter value: {problem}"),
        };
        ApiError::new("ValidationError", message)
    })
}

/// The empty answer of an action that prints nothing on success.
fn done<'a>(result: Result<(), ApiError>) -> Result<ApiResponse<'a>, ApiError> {
    result?;
    respond(json!({}))
}

/// EC2's state in the request's region (the world refuses unknown regions
/// before routing, so this always finds it).
fn ec2_in<'e>(ec2: &'e Ec2, ctx: &Context) -> Result<&'e ec2::RegionState, ApiError> {
    ec2.region(ctx.region)
        .ok_or_else(|| super::world::unknown_region("elasticloadbalancing", ctx.region))
}

/// `aws elbv2`.
pub(super) fn route_v2<'a>(
    elb: &'a mut Elb,
    ec2: &Ec2,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'a>, ApiError> {
    let (region, timers) = elb.region_mut(ctx.region);
    match action {
        "CreateLoadBalancer" => {
            respond(region.create_load_balancer(ctx, timers, ec2, decode(params)?)?)
        }
        "DescribeLoadBalancers" => {
            respond(region.describe_load_balancers(ctx.region, &decode(params)?)?)
        }
        "DeleteLoadBalancer" => done(region.delete_load_balancer(ctx, timers, decode(params)?)),
        "DescribeLoadBalancerAttributes" => {
            respond(region.describe_load_balancer_attributes(&decode(params)?)?)
        }
        "ModifyLoadBalancerAttributes" => {
            respond(region.modify_load_balancer_attributes(ctx, decode(params)?)?)
        }
        "SetSecurityGroups" => respond(region.set_security_groups(ctx, ec2, decode(params)?)?),
        "CreateTargetGroup" => respond(region.create_target_group(ctx, ec2, decode(params)?)?),
        "DescribeTargetGroups" => respond(region.describe_target_groups(&decode(params)?)?),
        "ModifyTargetGroup" => respond(region.modify_target_group(ctx, decode(params)?)?),
        "DeleteTargetGroup" => done(region.delete_target_group(ctx, decode(params)?)),
        "DescribeTargetGroupAttributes" => {
            respond(region.describe_target_group_attributes(&decode(params)?)?)
        }
        "ModifyTargetGroupAttributes" => {
            respond(region.modify_target_group_attributes(ctx, decode(params)?)?)
        }
        "RegisterTargets" => {
            done(region.register_targets(ctx, timers, ec2_in(ec2, ctx)?, decode(params)?))
        }
        "DeregisterTargets" => {
            done(region.deregister_targets(ctx, timers, ec2_in(ec2, ctx)?, decode(params)?))
        }
        "DescribeTargetHealth" => {
            respond(region.describe_target_health(ctx.region, ec2, &decode(params)?)?)
        }
        "CreateListener" => respond(region.create_listener(ctx, timers, decode(params)?)?),
        "DescribeListeners" => respond(region.describe_listeners(&decode(params)?)?),
        "ModifyListener" => respond(region.modify_listener(ctx, timers, decode(params)?)?),
        "DeleteListener" => done(region.delete_listener(ctx, timers, decode(params)?)),
        "CreateRule" => respond(region.create_rule(ctx, timers, decode(params)?)?),
        "DescribeRules" => respond(region.describe_rules(&decode(params)?)?),
        "ModifyRule" => respond(region.modify_rule(ctx, timers, decode(params)?)?),
        "DeleteRule" => done(region.delete_rule(ctx, timers, decode(params)?)),
        "SetRulePriorities" => respond(region.set_rule_priorities(ctx, decode(params)?)?),
        other => Err(ApiError::unknown_action(other)),
    }
}

/// `aws elb`.
pub(super) fn route_classic<'a>(
    elb: &'a mut Elb,
    ec2: &Ec2,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'a>, ApiError> {
    let (region, timers) = elb.region_mut(ctx.region);
    match action {
        "CreateLoadBalancer" => respond(region.create_classic(ctx, ec2, decode(params)?)?),
        "DescribeLoadBalancers" => respond(region.describe_classic(ctx.region, &decode(params)?)?),
        "DeleteLoadBalancer" => {
            region.delete_classic(ctx, decode(params)?);
            respond(json!({}))
        }
        "RegisterInstancesWithLoadBalancer" => {
            respond(region.register_classic(ctx, timers, ec2_in(ec2, ctx)?, decode(params)?)?)
        }
        "DeregisterInstancesFromLoadBalancer" => {
            respond(region.deregister_classic(ctx, ec2_in(ec2, ctx)?, decode(params)?)?)
        }
        "ConfigureHealthCheck" => respond(region.configure_health_check(ctx, decode(params)?)?),
        "DescribeInstanceHealth" => {
            respond(region.describe_instance_health(ctx.region, ec2, &decode(params)?)?)
        }
        "CreateLoadBalancerListeners" => {
            done(region.create_classic_listeners(ctx, decode(params)?))
        }
        "DeleteLoadBalancerListeners" => {
            done(region.delete_classic_listeners(ctx, decode(params)?))
        }
        "DescribeLoadBalancerAttributes" => {
            respond(region.describe_classic_attributes(&decode(params)?)?)
        }
        "ModifyLoadBalancerAttributes" => {
            respond(region.modify_classic_attributes(ctx, decode(params)?)?)
        }
        other => Err(ApiError::unknown_action(other)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_named_in_lower_camel_case() {
        assert_eq!(member_name("TargetGroupArn"), "targetGroupArn");
        assert_eq!(member_name(""), "");
    }
}
