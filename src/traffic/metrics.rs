//! The CloudWatch datapoints the traffic model reports: what each instance,
//! target group and load balancer did over a period, summed second by
//! second and written out at the period's end.

use super::capacity::Second;
use super::view::{BalancerKind, BalancerView, HostView};
use crate::cloudwatch::metrics::Unit;
use crate::kernel::SimTime;

/// Bytes of one request and of one response, for NetworkIn/NetworkOut and
/// ProcessedBytes (a small page; a modelling choice).
pub const REQUEST_BYTES: f64 = 500.0;
pub const RESPONSE_BYTES: f64 = 5_000.0;

/// One datapoint for CloudWatch.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub region: String,
    pub namespace: &'static str,
    pub metric: &'static str,
    pub dimensions: Vec<(&'static str, String)>,
    /// The start of the period the value covers.
    pub time: SimTime,
    pub value: f64,
    pub unit: Unit,
}

/// An instance's sums over its current monitoring period.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HostTally {
    seconds: u64,
    cpu: f64,
    requests: f64,
}

impl HostTally {
    /// Adds `seconds` seconds that each looked like `second`.
    pub fn add(&mut self, second: &Second, seconds: u64) {
        self.seconds += seconds;
        self.cpu += second.cpu_percent * seconds as f64;
        self.requests += second.served * seconds as f64;
    }

    /// Writes the period that started at `start` and resets.
    pub fn flush(
        &mut self,
        host: &HostView,
        start: SimTime,
        credits: Option<f64>,
        out: &mut Vec<Sample>,
    ) {
        if self.seconds == 0 {
            return;
        }
        let tally = std::mem::take(self);
        let mut by = |dimensions: Vec<(&'static str, String)>| {
            let mut sample = |metric, value, unit| {
                out.push(Sample {
                    region: host.region.clone(),
                    namespace: "AWS/EC2",
                    metric,
                    dimensions: dimensions.clone(),
                    time: start,
                    value,
                    unit,
                })
            };
            sample(
                "CPUUtilization",
                tally.cpu / tally.seconds as f64,
                Unit::PERCENT,
            );
            sample("NetworkIn", tally.requests * REQUEST_BYTES, Unit::BYTES);
            sample("NetworkOut", tally.requests * RESPONSE_BYTES, Unit::BYTES);
            if let Some(balance) = credits {
                sample("CPUCreditBalance", balance, Unit::COUNT);
            }
        };
        by(vec![("InstanceId", host.instance_id.clone())]);
        if let Some(group) = &host.group {
            by(vec![("AutoScalingGroupName", group.clone())]);
        }
    }
}

/// Requests through one target group (or a Classic load balancer) in the
/// current minute.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RequestTally {
    /// Requests routed to a target.
    pub routed: f64,
    /// Of those, answered by the target.
    pub answered: f64,
    /// Sum of response times of the answered requests (for the average).
    pub latency: f64,
    /// Requests the load balancer answered itself with a 5XX.
    pub refused: f64,
}

impl RequestTally {
    fn take(&mut self) -> Self {
        std::mem::take(self)
    }

    /// Rounds the counts to whole requests (latency sums stay as they are).
    fn round(&mut self) {
        self.routed = self.routed.round();
        self.answered = self.answered.round();
        self.refused = self.refused.round();
    }
}

/// A load balancer's sums over the current minute: one tally per target
/// group (one in all for a Classic load balancer), plus its clients.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BalancerTally {
    pub target_groups: Vec<RequestTally>,
    pub balancer: RequestTally,
    /// Client connections seen each second, summed (NLB flows).
    pub flows: f64,
    pub seconds: u64,
}

impl BalancerTally {
    /// Writes the minute that started at `start` and resets. Request counts
    /// are written only when non-zero, as ELB does; host counts always.
    pub fn flush(&mut self, balancer: &BalancerView, start: SimTime, out: &mut Vec<Sample>) {
        let (namespace, lb_dimension) = match balancer.kind {
            BalancerKind::Application => ("AWS/ApplicationELB", "LoadBalancer"),
            BalancerKind::Network => ("AWS/NetworkELB", "LoadBalancer"),
            BalancerKind::Classic => ("AWS/ELB", "LoadBalancerName"),
        };
        let lb = || (lb_dimension, balancer.dimension.clone());
        let mut sample = |metric, dimensions, value, unit| {
            out.push(Sample {
                region: balancer.region.clone(),
                namespace,
                metric,
                dimensions,
                time: start,
                value,
                unit,
            })
        };
        // Requests are counted whole; shares of a rate add up to a hair off.
        let mut whole = self.balancer.take();
        whole.round();
        let seconds = self.seconds.max(1) as f64;
        let flows = self.flows / seconds;
        self.flows = 0.0;
        self.seconds = 0;
        match balancer.kind {
            BalancerKind::Application => {
                if whole.routed > 0.0 {
                    sample("RequestCount", vec![lb()], whole.routed, Unit::COUNT);
                }
                if whole.answered > 0.0 {
                    sample(
                        "TargetResponseTime",
                        vec![lb()],
                        whole.latency / whole.answered,
                        Unit::SECONDS,
                    );
                    sample(
                        "HTTPCode_Target_2XX_Count",
                        vec![lb()],
                        whole.answered,
                        Unit::COUNT,
                    );
                }
                let failed = whole.refused + whole.routed - whole.answered;
                if failed > 0.0 {
                    sample("HTTPCode_ELB_5XX_Count", vec![lb()], failed, Unit::COUNT);
                }
            }
            BalancerKind::Network => {
                sample("ActiveFlowCount", vec![lb()], flows, Unit::COUNT);
                sample("NewFlowCount", vec![lb()], flows, Unit::COUNT);
                sample(
                    "ProcessedBytes",
                    vec![lb()],
                    whole.answered * (REQUEST_BYTES + RESPONSE_BYTES),
                    Unit::BYTES,
                );
            }
            BalancerKind::Classic => {
                if whole.routed > 0.0 {
                    sample("RequestCount", vec![lb()], whole.routed, Unit::COUNT);
                }
                if whole.answered > 0.0 {
                    sample(
                        "Latency",
                        vec![lb()],
                        whole.latency / whole.answered,
                        Unit::SECONDS,
                    );
                    sample(
                        "HTTPCode_Backend_2XX",
                        vec![lb()],
                        whole.answered,
                        Unit::COUNT,
                    );
                }
                let failed = whole.refused + whole.routed - whole.answered;
                if failed > 0.0 {
                    sample("HTTPCode_ELB_5XX", vec![lb()], failed, Unit::COUNT);
                }
                sample(
                    "HealthyHostCount",
                    vec![lb()],
                    f64::from(balancer.healthy),
                    Unit::COUNT,
                );
                sample(
                    "UnHealthyHostCount",
                    vec![lb()],
                    f64::from(balancer.unhealthy),
                    Unit::COUNT,
                );
            }
        }
        for (group, tally) in balancer.target_groups.iter().zip(&mut self.target_groups) {
            let mut tally = tally.take();
            tally.round();
            let both = || vec![("TargetGroup", group.dimension.clone()), lb()];
            sample(
                "HealthyHostCount",
                both(),
                f64::from(group.healthy),
                Unit::COUNT,
            );
            sample(
                "UnHealthyHostCount",
                both(),
                f64::from(group.unhealthy),
                Unit::COUNT,
            );
            if balancer.kind == BalancerKind::Application && tally.routed > 0.0 {
                sample("RequestCount", both(), tally.routed, Unit::COUNT);
                // Per target: the group's requests over its healthy targets
                // (all of them when none is healthy, as the ALB fails open).
                let targets = if group.healthy > 0 {
                    group.healthy
                } else {
                    group.unhealthy.max(1)
                };
                sample(
                    "RequestCountPerTarget",
                    vec![("TargetGroup", group.dimension.clone())],
                    tally.routed / f64::from(targets),
                    Unit::COUNT,
                );
            }
        }
    }
}
