//! The traffic model: loads a learner starts (`load start <url> --rps N`)
//! offer requests every simulated second; they flow through the load
//! balancer in front (if any) to targets, cost CPU on the instances that
//! answer them, and come out as CloudWatch datapoints that alarms and
//! scaling policies watch. Deterministic: requests are rates, not random
//! arrivals, and every share is computed, not drawn.

pub mod capacity;
pub mod metrics;
pub mod pattern;
pub mod view;

use crate::cloudwatch::CloudWatch;
use crate::kernel::SimTime;
use capacity::Processor;
use metrics::{BalancerTally, HostTally, MetricCache, TargetGroupTally};
use pattern::Demand;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use view::View;

/// One load a learner started.
#[derive(Debug, Clone, PartialEq)]
pub struct Load {
    /// `load-1`, `load-2`... in start order.
    pub id: String,
    /// The region of the terminal that started it.
    pub region: String,
    /// The URL as typed.
    pub url: String,
    /// What the URL's host named when the load started.
    pub target: LoadTarget,
    pub port: u16,
    pub path: String,
    /// The public address the clients connect from.
    pub client_ip: Ipv4Addr,
    pub demand: Demand,
    /// Concurrent clients: each keeps one connection (an NLB flow).
    pub clients: u32,
}

/// A running load as the page's load control lists it (what `load
/// status` prints, as data).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadSummary {
    pub id: String,
    pub region: String,
    pub url: String,
    /// Requests per second offered now (the ramp and pattern applied).
    pub rate_now: f64,
    /// The peak requests per second (`--rps`).
    pub rps: f64,
    /// `steady`, `spike` or `daily`.
    pub pattern: &'static str,
    /// Seconds of the ramp (0: none).
    pub ramp_seconds: u64,
    pub clients: u32,
    /// When it started (ISO 8601).
    pub since: String,
}

impl Load {
    /// This load as of `now`.
    pub fn summary(&self, now: SimTime) -> LoadSummary {
        LoadSummary {
            id: self.id.clone(),
            region: self.region.clone(),
            url: self.url.clone(),
            rate_now: self.demand.rate_at(now),
            rps: self.demand.rps,
            pattern: self.demand.pattern.name(),
            ramp_seconds: self.demand.ramp,
            clients: self.clients,
            since: crate::kernel::clock::iso8601(self.demand.started),
        }
    }
}

/// Where a load's URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadTarget {
    /// An instance's public address (or its public DNS name).
    Address(Ipv4Addr),
    /// A load balancer's DNS name.
    Balancer(String),
}

/// An instance's processor, its sums for the current period and the
/// metrics it publishes them to.
#[derive(Debug, Clone, PartialEq)]
struct HostMeter {
    processor: Processor,
    tally: HostTally,
    metrics: MetricCache,
}

/// The loads, and the state the model keeps between seconds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Traffic {
    loads: Vec<Load>,
    started: u32,
    /// The world as last described; see [`Traffic::sync`].
    view: View,
    /// One meter per host of the view, in the same order.
    hosts: Vec<(String, HostMeter)>,
    /// One tally per balancer of the view, in the same order.
    balancers: Vec<BalancerTally>,
    /// The metrics of each Auto Scaling group of the view, in the same
    /// order.
    groups: Vec<MetricCache>,
    /// Every second up to this one has been simulated.
    simulated_until: SimTime,
}

/// How far back a long stretch still reports datapoints: as long as
/// CloudWatch keeps them.
const REPORTED_SPAN: SimTime = crate::cloudwatch::metrics::RETENTION;

/// The last minute boundary at or before `until`: the model simulates
/// whole minutes only.
fn whole_minutes(until: SimTime) -> SimTime {
    until / 60 * 60
}

/// The monitoring period of an instance: a minute with detailed
/// monitoring, five without.
fn period(detailed: bool) -> u64 {
    if detailed {
        60
    } else {
        300
    }
}

impl Traffic {
    /// A model that starts simulating at `now`.
    pub fn new(now: SimTime) -> Self {
        Self {
            simulated_until: now,
            ..Self::default()
        }
    }

    /// The active loads, in start order.
    pub fn loads(&self) -> &[Load] {
        &self.loads
    }

    /// Starts a load; returns its id.
    pub fn start(&mut self, mut load: Load) -> String {
        self.started += 1;
        load.id = format!("load-{}", self.started);
        let id = load.id.clone();
        self.loads.push(load);
        id
    }

    /// Stops the load `id`, or every load when `None`; returns how many
    /// stopped.
    pub fn stop(&mut self, id: Option<&str>) -> usize {
        let before = self.loads.len();
        self.loads.retain(|load| id.is_some_and(|id| load.id != id));
        before - self.loads.len()
    }

    /// The view the model routes by until the next sync.
    pub fn view(&self) -> &View {
        &self.view
    }

    /// Takes a new description of the world. Instances that left it
    /// (stopped, terminated) lose their meters, and with them their credits
    /// and unreported sums.
    pub fn sync(&mut self, view: View) {
        let mut old: BTreeMap<String, HostMeter> =
            std::mem::take(&mut self.hosts).into_iter().collect();
        self.hosts = view
            .hosts
            .iter()
            .map(|host| {
                let meter = old.remove(&host.instance_id).unwrap_or_else(|| HostMeter {
                    processor: Processor::new(&host.instance_type),
                    tally: HostTally::default(),
                    metrics: MetricCache::default(),
                });
                (host.instance_id.clone(), meter)
            })
            .collect();
        // Tallies follow their load balancer and target group by name: a
        // new view may list them in another order.
        let mut tallies: BTreeMap<&str, (BalancerTally, BTreeMap<&str, TargetGroupTally>)> =
            BTreeMap::new();
        for (balancer, mut tally) in self
            .view
            .balancers
            .iter()
            .zip(std::mem::take(&mut self.balancers))
        {
            let groups = balancer
                .target_groups
                .iter()
                .map(|group| group.dimension.as_str())
                .zip(std::mem::take(&mut tally.target_groups))
                .collect();
            tallies.insert(&balancer.dimension, (tally, groups));
        }
        self.balancers = view
            .balancers
            .iter()
            .map(|balancer| {
                let (mut tally, mut groups) = tallies
                    .remove(balancer.dimension.as_str())
                    .unwrap_or_default();
                tally.target_groups = balancer
                    .target_groups
                    .iter()
                    .map(|group| groups.remove(group.dimension.as_str()).unwrap_or_default())
                    .collect();
                tally
            })
            .collect();
        self.groups
            .resize_with(view.groups.len(), MetricCache::default);
        for (_, meter) in &mut self.hosts {
            meter.metrics.recheck();
        }
        for tally in &mut self.balancers {
            tally.recheck();
        }
        for metrics in &mut self.groups {
            metrics.recheck();
        }
        self.view = view;
    }

    /// Whether [`Traffic::run`] up to `until` would simulate a minute.
    pub fn has_minutes_to(&self, until: SimTime) -> bool {
        whole_minutes(until) > self.simulated_until
    }

    /// Simulates every second up to `until` with the current view,
    /// publishing the datapoints of each period that ends on the way.
    pub fn run(&mut self, until: SimTime, cloudwatch: &mut CloudWatch) {
        // Whole minutes only, each in one stretch: where an advance or an
        // event falls inside a minute then changes nothing, so one long
        // advance and many short ones give the same numbers.
        let until = whole_minutes(until);
        self.skip_unreported(until);
        while self.simulated_until < until {
            let end = self.simulated_until + 60;
            self.simulate(self.simulated_until, end);
            self.simulated_until = end;
            self.flush(end, cloudwatch);
        }
    }

    /// With nothing but idling to do, passes the start of a long stretch
    /// in one step: CloudWatch would not keep its datapoints, and two days
    /// of idling fill every credit balance to its ceiling whichever way
    /// they are counted.
    fn skip_unreported(&mut self, until: SimTime) {
        let keep_from = until.saturating_sub(REPORTED_SPAN + 300) / 300 * 300;
        if !self.loads.is_empty() || keep_from < self.simulated_until + 2 * 86_400 {
            return;
        }
        for (_, meter) in &mut self.hosts {
            meter.processor.fill_credits();
            meter.tally = HostTally::default();
        }
        for tally in &mut self.balancers {
            tally.reset();
        }
        self.simulated_until = keep_from;
    }

    /// The seconds after `from` up to `to` (one minute).
    ///
    /// Only the instances' processors need each second: everything the
    /// load balancers count is linear in the requests offered, so each
    /// load's requests and what the instances answered of them are summed
    /// over the minute, and split over the legs once at its end. Instances
    /// that serve alike and get the same share of every load (a group's
    /// instances behind a balancer, mostly) do the same thing each second,
    /// so one of them works it out for all.
    fn simulate(&mut self, from: SimTime, to: SimTime) {
        let loads = self.loads.len();
        // Each host's share of each load (all its answering legs together),
        // host by host.
        let mut shares = vec![0.0; self.hosts.len() * loads];
        let mut loaded = vec![false; self.hosts.len()];
        for (load, route) in self.view.routes.iter().take(loads).enumerate() {
            for leg in route.legs.iter().filter(|leg| leg.answers) {
                shares[leg.host * loads + load] += leg.share;
                loaded[leg.host] = true;
            }
        }
        for ((_, meter), &busy) in self.hosts.iter_mut().zip(&loaded) {
            if !busy {
                let second = meter.processor.idle(to - from);
                meter.tally.add(&second, to - from);
            }
        }
        if loads == 0 {
            return;
        }
        let classes = self.classes(&loaded, &shares);
        let mut rates = vec![0.0; loads];
        let mut offered_total = vec![0.0; loads];
        // Per class and load: the requests each member answered, and their
        // latencies summed (weighted by requests).
        let mut answered = vec![0.0; classes.len() * loads];
        let mut latency = vec![0.0; classes.len() * loads];
        let mut tallies = vec![HostTally::default(); classes.len()];
        for now in from + 1..=to {
            for ((rate, total), load) in rates.iter_mut().zip(&mut offered_total).zip(&self.loads) {
                *rate = load.demand.rate_at(now);
                *total += *rate;
            }
            for (class, members) in classes.iter().enumerate() {
                let first = members[0];
                let offered: f64 = rates
                    .iter()
                    .zip(&shares[first * loads..][..loads])
                    .map(|(rate, share)| rate * share)
                    .sum();
                let second = self.hosts[first].1.processor.serve(offered);
                for &member in members {
                    self.hosts[member].1.processor.account(&second);
                }
                tallies[class].add(&second, 1);
                let served_ratio = if offered > 0.0 {
                    second.served / offered
                } else {
                    1.0
                };
                for (load, rate) in rates.iter().enumerate() {
                    let cell = class * loads + load;
                    answered[cell] += rate * served_ratio;
                    latency[cell] += rate * served_ratio * second.latency;
                }
            }
        }
        let mut class_of = vec![0; self.hosts.len()];
        for (class, (members, tally)) in classes.iter().zip(&tallies).enumerate() {
            for &member in members {
                class_of[member] = class;
                self.hosts[member].1.tally.merge(tally);
            }
        }
        for (load, (route, source)) in self.view.routes.iter().zip(&self.loads).enumerate() {
            let Some(balancer) = route.balancer else {
                continue;
            };
            let offered = offered_total[load];
            let tally = &mut self.balancers[balancer];
            tally.balancer.refused += offered * route.refused_share;
            for leg in &route.legs {
                let cell = class_of[leg.host] * loads + load;
                let (leg_answered, leg_latency) = if leg.answers {
                    (answered[cell] * leg.share, latency[cell] * leg.share)
                } else {
                    (0.0, 0.0)
                };
                for part in [
                    Some(&mut tally.balancer),
                    leg.target_group
                        .and_then(|g| tally.target_groups.get_mut(g))
                        .map(|g| &mut g.requests),
                ]
                .into_iter()
                .flatten()
                {
                    part.routed += offered * leg.share;
                    part.answered += leg_answered;
                    part.latency += leg_latency;
                }
            }
            tally.flows += f64::from(source.clients) * (to - from) as f64;
        }
        for tally in &mut self.balancers {
            tally.seconds += to - from;
        }
    }

    /// The loaded hosts in classes that do the same each second: alike
    /// processors that never throttle, with the same share of every load
    /// (`shares`, host by host). A T2 in standard mode is a class of its
    /// own: its balance decides what it serves.
    fn classes(&self, loaded: &[bool], shares: &[f64]) -> Vec<Vec<usize>> {
        let loads = self.loads.len();
        let column = |host: usize| &shares[host * loads..][..loads];
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for host in (0..self.hosts.len()).filter(|&host| loaded[host]) {
            let processor = &self.hosts[host].1.processor;
            let same = processor.never_throttles().then(|| {
                classes.iter_mut().find(|members| {
                    let first = &self.hosts[members[0]].1.processor;
                    first.never_throttles()
                        && first.serves_like(processor)
                        && column(members[0]) == column(host)
                })
            });
            match same.flatten() {
                Some(members) => members.push(host),
                None => classes.push(vec![host]),
            }
        }
        classes
    }

    /// Publishes every period that ends at `boundary`.
    fn flush(&mut self, boundary: SimTime, cloudwatch: &mut CloudWatch) {
        for (host, (_, meter)) in self.view.hosts.iter().zip(&mut self.hosts) {
            let period = period(host.detailed);
            if boundary % period == 0 {
                let credits =
                    capacity::burst_rules(&host.instance_type).map(|_| meter.processor.credits);
                meter.tally.flush(
                    host,
                    boundary - period,
                    credits,
                    cloudwatch,
                    &mut meter.metrics,
                );
            }
        }
        for (balancer, tally) in self.view.balancers.iter().zip(&mut self.balancers) {
            tally.flush(balancer, boundary - 60, cloudwatch);
        }
        for (group, metrics) in self.view.groups.iter().zip(&mut self.groups) {
            metrics::publish_group(group, boundary - 60, cloudwatch, metrics);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::view::{BalancerKind, BalancerView, HostView, Leg, RouteView, TargetGroupView};
    use super::*;
    use crate::cloudwatch::metrics::Point;

    const T0: SimTime = 1_748_854_800; // a minute boundary

    fn host(id: &str, detailed: bool) -> HostView {
        HostView {
            region: "us-east-1".into(),
            instance_id: id.into(),
            instance_type: "m5.large".into(),
            detailed,
            group: Some("web".into()),
            counts_in_group_from: 0,
            running_since: T0,
        }
    }

    fn load(rps: f64) -> Load {
        Load {
            id: String::new(),
            region: "us-east-1".into(),
            url: "http://web-1.us-east-1.elb.amazonaws.com/".into(),
            target: LoadTarget::Balancer("web-1.us-east-1.elb.amazonaws.com".into()),
            port: 80,
            path: "/".into(),
            client_ip: Ipv4Addr::new(203, 0, 113, 25),
            demand: Demand {
                rps,
                pattern: pattern::Pattern::Steady,
                ramp: 0,
                started: T0,
            },
            clients: 10,
        }
    }

    /// Two detailed hosts behind an ALB, sharing the load equally.
    fn balanced_view(second_answers: bool) -> View {
        View {
            hosts: vec![host("i-1", true), host("i-2", true)],
            groups: Vec::new(),
            routes: vec![RouteView {
                legs: (0..2)
                    .map(|host| Leg {
                        host,
                        share: 0.5,
                        target_group: Some(0),
                        answers: host == 0 || second_answers,
                    })
                    .collect(),
                balancer: Some(0),
                refused_share: 0.0,
            }],
            balancers: vec![BalancerView {
                region: "us-east-1".into(),
                kind: BalancerKind::Application,
                dimension: "app/web/0123456789abcdef".into(),
                target_groups: vec![TargetGroupView {
                    dimension: "targetgroup/web/0123456789abcdef".into(),
                    healthy: 2,
                    unhealthy: 0,
                }],
                healthy: 0,
                unhealthy: 0,
            }],
        }
    }

    /// The datapoints of `metric` with the one dimension `dimension`.
    fn points(cloudwatch: &CloudWatch, metric: &str, dimension: &str) -> Vec<Point> {
        cloudwatch
            .region("us-east-1")
            .into_iter()
            .flat_map(|region| region.metrics.all())
            .filter(|(key, _)| {
                key.name == metric && matches!(key.dimensions(), [d] if d.value == dimension)
            })
            .flat_map(|(_, series)| series.points().iter().copied())
            .collect()
    }

    /// Their values (each datapoint holds one sample).
    fn value(cloudwatch: &CloudWatch, metric: &str, dimension: &str) -> Vec<f64> {
        points(cloudwatch, metric, dimension)
            .iter()
            .map(|p| p.aggregate.sum)
            .collect()
    }

    #[test]
    fn requests_split_over_targets_raise_their_cpu_and_count_at_the_balancer() {
        let mut traffic = Traffic::new(T0);
        traffic.start(load(100.0));
        traffic.sync(balanced_view(true));
        let mut cloudwatch = CloudWatch::default();
        traffic.run(T0 + 120, &mut cloudwatch);
        // 50 requests/s each on 2 vCPUs serving 100 each: 25% + idle.
        assert_eq!(
            value(&cloudwatch, "CPUUtilization", "i-1"),
            vec![25.5, 25.5]
        );
        // The group's metric gets one sample per instance per minute.
        let group: Vec<f64> = points(&cloudwatch, "CPUUtilization", "web")
            .iter()
            .map(|p| p.aggregate.sample_count)
            .collect();
        assert_eq!(group, vec![2.0, 2.0]);
        assert_eq!(
            value(&cloudwatch, "RequestCount", "app/web/0123456789abcdef"),
            vec![6_000.0; 2]
        );
        assert_eq!(
            value(
                &cloudwatch,
                "RequestCountPerTarget",
                "targetgroup/web/0123456789abcdef"
            ),
            vec![3_000.0; 2]
        );
        assert!(value(
            &cloudwatch,
            "HTTPCode_ELB_5XX_Count",
            "app/web/0123456789abcdef"
        )
        .is_empty());
        // Every metric has a datapoint for each of the two minutes.
        for (key, series) in cloudwatch
            .region("us-east-1")
            .map_or(Vec::new(), |r| r.metrics.all().collect())
        {
            let times: Vec<SimTime> = series.points().iter().map(|p| p.time).collect();
            assert_eq!(times, vec![T0, T0 + 60], "{key:?}");
        }
    }

    #[test]
    fn twins_share_their_seconds_but_not_their_credits() {
        // 400 requests/s, 200 each: more than one vCPU serves.
        let burstable = |instance_type: &str| {
            let mut view = balanced_view(true);
            for host in &mut view.hosts {
                host.instance_type = instance_type.into();
            }
            let mut traffic = Traffic::new(T0);
            traffic.start(load(400.0));
            traffic.sync(view);
            traffic
        };
        // A T2 in standard mode out of credits runs at its baseline while
        // its twin, with its launch credits, runs flat out.
        let mut t2 = burstable("t2.micro");
        t2.hosts[1].1.processor.credits = 0.0;
        let mut cloudwatch = CloudWatch::default();
        t2.run(T0 + 60, &mut cloudwatch);
        assert!(value(&cloudwatch, "CPUUtilization", "i-1")[0] > 90.0);
        let throttled = value(&cloudwatch, "CPUUtilization", "i-2")[0];
        assert!((9.5..=10.0).contains(&throttled), "{throttled}");
        // Unlimited T3s serve alike whatever their balance, and each keeps
        // its own: the extra five credits stay five apart (above baseline
        // they spend, and stay clear of the ceiling).
        let mut t3 = burstable("t3.micro");
        t3.hosts[0].1.processor.credits = 10.0;
        t3.hosts[1].1.processor.credits = 15.0;
        t3.run(T0 + 60, &mut CloudWatch::default());
        let (first, second) = (
            t3.hosts[0].1.processor.credits,
            t3.hosts[1].1.processor.credits,
        );
        assert!(first < 10.0, "{first}");
        assert!((second - first - 5.0).abs() < 1e-9, "{first} {second}");
    }

    #[test]
    fn an_instance_warming_up_stays_out_of_its_groups_metrics() {
        let mut traffic = Traffic::new(T0);
        traffic.start(load(100.0));
        let mut view = balanced_view(true);
        view.hosts[1].counts_in_group_from = T0 + 60;
        traffic.sync(view);
        let mut cloudwatch = CloudWatch::default();
        traffic.run(T0 + 120, &mut cloudwatch);
        let group: Vec<f64> = points(&cloudwatch, "CPUUtilization", "web")
            .iter()
            .map(|p| p.aggregate.sample_count)
            .collect();
        assert_eq!(group, vec![1.0, 2.0], "i-2 counts from its second minute");
        assert_eq!(value(&cloudwatch, "CPUUtilization", "i-2").len(), 2);
    }

    #[test]
    fn a_target_that_does_not_answer_gives_bad_gateways_and_stays_idle() {
        let mut traffic = Traffic::new(T0);
        traffic.start(load(100.0));
        traffic.sync(balanced_view(false));
        let mut cloudwatch = CloudWatch::default();
        traffic.run(T0 + 60, &mut cloudwatch);
        assert_eq!(
            value(&cloudwatch, "CPUUtilization", "i-2"),
            vec![capacity::IDLE_PERCENT]
        );
        assert_eq!(
            value(
                &cloudwatch,
                "HTTPCode_ELB_5XX_Count",
                "app/web/0123456789abcdef"
            ),
            vec![3_000.0]
        );
    }

    #[test]
    fn basic_monitoring_reports_every_five_minutes_and_stopping_ends_the_load() {
        let mut traffic = Traffic::new(T0);
        traffic.start(load(100.0));
        let mut view = balanced_view(true);
        view.hosts[0].detailed = false;
        traffic.sync(view);
        let mut cloudwatch = CloudWatch::default();
        traffic.run(T0 + 600, &mut cloudwatch);
        assert_eq!(value(&cloudwatch, "CPUUtilization", "i-1").len(), 2);
        assert_eq!(value(&cloudwatch, "CPUUtilization", "i-2").len(), 10);
        assert_eq!(traffic.stop(None), 1);
        traffic.run(T0 + 660, &mut cloudwatch);
        assert_eq!(
            value(&cloudwatch, "CPUUtilization", "i-2")[10..],
            [capacity::IDLE_PERCENT]
        );
        // No requests in the minute after the stop: no datapoint for it.
        assert_eq!(
            value(&cloudwatch, "RequestCount", "app/web/0123456789abcdef").len(),
            10
        );
    }
}
