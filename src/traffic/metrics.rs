//! The CloudWatch datapoints the traffic model reports: what each instance,
//! target group and load balancer did over a period, summed second by
//! second and written out at the period's end.

use super::capacity::Second;
use super::view::{BalancerKind, BalancerView, GroupView, HostView};
use crate::cloudwatch::metrics::{Aggregate, Dimension, MetricHandle, MetricKey, Unit};
use crate::cloudwatch::CloudWatch;
use crate::kernel::SimTime;

/// Bytes of one request and of one response, for NetworkIn/NetworkOut and
/// ProcessedBytes (a small page; a modelling choice).
pub const REQUEST_BYTES: f64 = 500.0;
pub const RESPONSE_BYTES: f64 = 5_000.0;

/// What names one metric a source publishes to, borrowed from the view.
struct Key<'a> {
    region: &'a str,
    namespace: &'static str,
    metric: &'static str,
    dimensions: &'a [(&'static str, &'a str)],
}

/// A metric a source publishes to, with the key it was interned from.
#[derive(Debug, Clone, PartialEq)]
struct Known {
    region: String,
    namespace: &'static str,
    metric: &'static str,
    dimensions: Vec<(&'static str, String)>,
    handle: MetricHandle,
    /// Whether the values were compared since the view last changed: the
    /// view names them, so until it changes they stay the same.
    checked: Checked,
}

/// A known metric's [`Known::checked`]. A cache, not the model's state:
/// two models never differ by it (one that looked at the world once more
/// has compared fewer names since), so any two compare equal.
#[derive(Debug, Clone, Copy)]
struct Checked(bool);

impl PartialEq for Checked {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Two names from the model's string constants: mostly the very same
/// constant, told apart without reading them.
fn same_name(a: &'static str, b: &'static str) -> bool {
    std::ptr::eq(a, b) || a == b
}

impl Known {
    /// The same metric name and dimension names: the same slot of the
    /// source, whatever the values.
    fn same_slot(&self, key: &Key) -> bool {
        same_name(self.metric, key.metric)
            && same_name(self.namespace, key.namespace)
            && self.dimensions.len() == key.dimensions.len()
            && self
                .dimensions
                .iter()
                .zip(key.dimensions)
                .all(|((a, _), (b, _))| same_name(a, b))
    }

    /// The same values too: the same metric.
    fn same_values(&self, key: &Key) -> bool {
        self.region == key.region
            && self
                .dimensions
                .iter()
                .zip(key.dimensions)
                .all(|((_, a), (_, b))| a == b)
    }
}

/// The CloudWatch metrics one source (an instance, a load balancer, a
/// target group, an Auto Scaling group) publishes to. About 290,000
/// datapoints a day go out under load; building each one's key and
/// finding it among every metric by string compares was most of the
/// model's time, so a source keeps the handles of its few metrics (one
/// per metric name and dimension names) and a datapoint is a push onto a
/// known series. Each publication still checks the key's values, so a
/// source whose name changed (an instance that left its group) simply
/// interns its new metric in the old one's place.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricCache {
    known: Vec<Known>,
    /// Where the next publication is looked for first: a source publishes
    /// its metrics in the same order every period.
    next: usize,
}

impl MetricCache {
    /// Has the next publication to each metric compare its names again:
    /// the view they come from changed.
    pub fn recheck(&mut self) {
        for known in &mut self.known {
            known.checked = Checked(false);
        }
    }

    /// Publishes one sample of `value` of `unit` at `time` to the metric
    /// `key`.
    fn put(
        &mut self,
        cloudwatch: &mut CloudWatch,
        key: Key,
        time: SimTime,
        value: f64,
        unit: Unit,
    ) {
        let slot = match self.known.get(self.next) {
            Some(known) if known.same_slot(&key) => Some(self.next),
            _ => self.known.iter().position(|known| known.same_slot(&key)),
        };
        // A new metric goes at the end.
        self.next = slot.map_or(self.known.len() + 1, |i| i + 1);
        let handle = match slot.map(|i| &mut self.known[i]) {
            Some(known) if known.checked.0 || known.same_values(&key) => {
                known.checked = Checked(true);
                known.handle
            }
            stale => {
                let dimensions = key
                    .dimensions
                    .iter()
                    .map(|&(name, value)| Dimension {
                        name: name.to_string(),
                        value: value.to_string(),
                    })
                    .collect();
                let handle = cloudwatch.metric(
                    key.region,
                    &MetricKey::new(key.namespace, key.metric, dimensions),
                );
                let known = Known {
                    region: key.region.to_string(),
                    namespace: key.namespace,
                    metric: key.metric,
                    dimensions: key
                        .dimensions
                        .iter()
                        .map(|&(name, value)| (name, value.to_string()))
                        .collect(),
                    handle,
                    checked: Checked(true),
                };
                match stale {
                    Some(slot) => *slot = known,
                    None => self.known.push(known),
                }
                handle
            }
        };
        cloudwatch.put(handle, time, Aggregate::single(value), unit);
    }
}

/// The datapoints of one period of one source, on their way to
/// CloudWatch.
struct Publisher<'a> {
    cloudwatch: &'a mut CloudWatch,
    metrics: &'a mut MetricCache,
    region: &'a str,
    namespace: &'static str,
    /// The start of the period the values cover.
    time: SimTime,
}

impl Publisher<'_> {
    /// Publishes `value` of `unit` to `metric` with `dimensions`.
    fn put(
        &mut self,
        metric: &'static str,
        dimensions: &[(&'static str, &str)],
        value: f64,
        unit: Unit,
    ) {
        let key = Key {
            region: self.region,
            namespace: self.namespace,
            metric,
            dimensions,
        };
        self.metrics
            .put(self.cloudwatch, key, self.time, value, unit);
    }
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

    /// Adds the seconds `other` summed.
    pub fn merge(&mut self, other: &HostTally) {
        self.seconds += other.seconds;
        self.cpu += other.cpu;
        self.requests += other.requests;
    }

    /// Publishes the period that started at `start` to the instance's
    /// `metrics` and resets.
    pub fn flush(
        &mut self,
        host: &HostView,
        start: SimTime,
        credits: Option<f64>,
        cloudwatch: &mut CloudWatch,
        metrics: &mut MetricCache,
    ) {
        if self.seconds == 0 {
            return;
        }
        let tally = std::mem::take(self);
        let mut out = Publisher {
            cloudwatch,
            metrics,
            region: &host.region,
            namespace: "AWS/EC2",
            time: start,
        };
        let by_instance = [("InstanceId", host.instance_id.as_str())];
        let by_group = host
            .group
            .as_deref()
            .filter(|_| start >= host.counts_in_group_from)
            .map(|group| [("AutoScalingGroupName", group)]);
        for dimensions in std::iter::once(&by_instance[..]).chain(by_group.as_ref().map(|d| &d[..]))
        {
            out.put(
                "CPUUtilization",
                dimensions,
                tally.cpu / tally.seconds as f64,
                Unit::PERCENT,
            );
            out.put(
                "NetworkIn",
                dimensions,
                tally.requests * REQUEST_BYTES,
                Unit::BYTES,
            );
            out.put(
                "NetworkOut",
                dimensions,
                tally.requests * RESPONSE_BYTES,
                Unit::BYTES,
            );
            if let Some(balance) = credits {
                out.put("CPUCreditBalance", dimensions, balance, Unit::COUNT);
            }
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

/// A target group's requests in the current minute, and the metrics it
/// publishes them to.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TargetGroupTally {
    pub requests: RequestTally,
    metrics: MetricCache,
}

/// A load balancer's sums over the current minute: one tally per target
/// group (one in all for a Classic load balancer), plus its clients.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BalancerTally {
    pub target_groups: Vec<TargetGroupTally>,
    pub balancer: RequestTally,
    /// Client connections seen each second, summed (NLB flows).
    pub flows: f64,
    pub seconds: u64,
    metrics: MetricCache,
}

impl BalancerTally {
    /// Has the balancer's and its target groups' next publications compare
    /// their names again (see [`MetricCache::recheck`]).
    pub fn recheck(&mut self) {
        self.metrics.recheck();
        for group in &mut self.target_groups {
            group.metrics.recheck();
        }
    }

    /// Forgets the sums, keeping the target groups and the metrics.
    pub fn reset(&mut self) {
        self.balancer = RequestTally::default();
        self.flows = 0.0;
        self.seconds = 0;
        for group in &mut self.target_groups {
            group.requests = RequestTally::default();
        }
    }

    /// Publishes the minute that started at `start` and resets. Request
    /// counts are published only when non-zero, as ELB does; host counts
    /// always.
    pub fn flush(&mut self, balancer: &BalancerView, start: SimTime, cloudwatch: &mut CloudWatch) {
        let (namespace, lb_dimension) = match balancer.kind {
            BalancerKind::Application => ("AWS/ApplicationELB", "LoadBalancer"),
            BalancerKind::Network => ("AWS/NetworkELB", "LoadBalancer"),
            BalancerKind::Classic => ("AWS/ELB", "LoadBalancerName"),
        };
        let lb = [(lb_dimension, balancer.dimension.as_str())];
        let mut out = Publisher {
            cloudwatch,
            metrics: &mut self.metrics,
            region: &balancer.region,
            namespace,
            time: start,
        };
        // Requests are counted whole; shares of a rate add up to a hair off.
        let mut whole = self.balancer.take();
        whole.round();
        let seconds = self.seconds.max(1) as f64;
        let flows = self.flows / seconds;
        self.flows = 0.0;
        self.seconds = 0;
        // An ALB and a Classic load balancer report the same counts under
        // their own names.
        let http_names = match balancer.kind {
            BalancerKind::Application => Some((
                "TargetResponseTime",
                "HTTPCode_Target_2XX_Count",
                "HTTPCode_ELB_5XX_Count",
            )),
            BalancerKind::Classic => Some(("Latency", "HTTPCode_Backend_2XX", "HTTPCode_ELB_5XX")),
            BalancerKind::Network => None,
        };
        if let Some((latency, answered, failed_name)) = http_names {
            if whole.routed > 0.0 {
                out.put("RequestCount", &lb, whole.routed, Unit::COUNT);
            }
            if whole.answered > 0.0 {
                let average = whole.latency / whole.answered;
                out.put(latency, &lb, average, Unit::SECONDS);
                out.put(answered, &lb, whole.answered, Unit::COUNT);
            }
            let failed = whole.refused + whole.routed - whole.answered;
            if failed > 0.0 {
                out.put(failed_name, &lb, failed, Unit::COUNT);
            }
        }
        match balancer.kind {
            BalancerKind::Application => {}
            BalancerKind::Network => {
                out.put("ActiveFlowCount", &lb, flows, Unit::COUNT);
                out.put("NewFlowCount", &lb, flows, Unit::COUNT);
                out.put(
                    "ProcessedBytes",
                    &lb,
                    whole.answered * (REQUEST_BYTES + RESPONSE_BYTES),
                    Unit::BYTES,
                );
            }
            BalancerKind::Classic => {
                out.put(
                    "HealthyHostCount",
                    &lb,
                    f64::from(balancer.healthy),
                    Unit::COUNT,
                );
                out.put(
                    "UnHealthyHostCount",
                    &lb,
                    f64::from(balancer.unhealthy),
                    Unit::COUNT,
                );
            }
        }
        let cloudwatch = out.cloudwatch;
        for (group, tally) in balancer.target_groups.iter().zip(&mut self.target_groups) {
            let mut requests = tally.requests.take();
            requests.round();
            let mut out = Publisher {
                cloudwatch: &mut *cloudwatch,
                metrics: &mut tally.metrics,
                region: &balancer.region,
                namespace,
                time: start,
            };
            let group_only = [("TargetGroup", group.dimension.as_str())];
            let both = [group_only[0], lb[0]];
            out.put(
                "HealthyHostCount",
                &both,
                f64::from(group.healthy),
                Unit::COUNT,
            );
            out.put(
                "UnHealthyHostCount",
                &both,
                f64::from(group.unhealthy),
                Unit::COUNT,
            );
            if balancer.kind == BalancerKind::Application && requests.routed > 0.0 {
                out.put("RequestCount", &both, requests.routed, Unit::COUNT);
                // Per target: the group's requests over its healthy targets
                // (all of them when none is healthy, as the ALB fails open).
                let targets = if group.healthy > 0 {
                    group.healthy
                } else {
                    group.unhealthy.max(1)
                };
                out.put(
                    "RequestCountPerTarget",
                    &group_only,
                    requests.routed / f64::from(targets),
                    Unit::COUNT,
                );
            }
        }
    }
}

/// Publishes a group's metrics for the minute that started at `start` to
/// its `metrics` (AWS reports them every minute, with no unit).
pub fn publish_group(
    group: &GroupView,
    start: SimTime,
    cloudwatch: &mut CloudWatch,
    metrics: &mut MetricCache,
) {
    let mut out = Publisher {
        cloudwatch,
        metrics,
        region: &group.region,
        namespace: "AWS/AutoScaling",
        time: start,
    };
    let dimensions = [("AutoScalingGroupName", group.name.as_str())];
    for &(metric, value) in &group.metrics {
        out.put(metric, &dimensions, value, Unit::NONE);
    }
}
