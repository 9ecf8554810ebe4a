//! CloudWatch actions: each decodes its typed request, runs in the
//! addressed region and encodes its typed response.

use super::codec::respond;
use super::ApiResponse;
use crate::cloudwatch::{self, CloudWatch};
use crate::kernel::params::{FromParam, ParamError};
use crate::kernel::{ApiError, Context};
use serde_json::{json, Value};

/// Reads `params` into the action's request type; CloudWatch words a
/// missing member `The parameter X is required.`
fn decode<T: FromParam>(params: Value) -> Result<T, ApiError> {
    T::from_param(params).map_err(|error| match error {
        ParamError::Missing(name) => cloudwatch::missing(&name),
        other => ApiError::from(other),
    })
}

/// The empty answer of an action that prints nothing on success.
fn done<'a>(result: Result<(), ApiError>) -> Result<ApiResponse<'a>, ApiError> {
    result?;
    respond(json!({}))
}

pub(super) fn route<'a>(
    cloudwatch: &'a mut CloudWatch,
    ctx: &mut Context,
    action: &str,
    params: Value,
) -> Result<ApiResponse<'a>, ApiError> {
    match action {
        "PutMetricData" => done(cloudwatch.put_metric_data(ctx, decode(params)?)),
        "GetMetricStatistics" => respond(cloudwatch.get_metric_statistics(ctx, &decode(params)?)?),
        "GetMetricData" => respond(cloudwatch.get_metric_data(ctx, &decode(params)?)?),
        "ListMetrics" => respond(cloudwatch.list_metrics(ctx, &decode(params)?)?),
        "PutMetricAlarm" => done(cloudwatch.create_alarm(ctx, decode(params)?)),
        "DescribeAlarms" => respond(cloudwatch.describe_alarms(ctx, &decode(params)?)?),
        "DescribeAlarmsForMetric" => {
            respond(cloudwatch.describe_alarms_for_metric(ctx, &decode(params)?)?)
        }
        "DescribeAlarmHistory" => {
            respond(cloudwatch.describe_alarm_history(ctx, &decode(params)?)?)
        }
        "DeleteAlarms" => done(cloudwatch.delete_alarms(ctx, decode(params)?)),
        "SetAlarmState" => done(cloudwatch.set_alarm_state(ctx, decode(params)?)),
        "EnableAlarmActions" => done(cloudwatch.set_actions_enabled(ctx, decode(params)?, true)),
        "DisableAlarmActions" => done(cloudwatch.set_actions_enabled(ctx, decode(params)?, false)),
        other => Err(ApiError::unknown_action(other)),
    }
}
