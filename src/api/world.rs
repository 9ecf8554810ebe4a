//! The world: every service's state, the clock and the id source. All change
//! goes through [`World::call`] and [`World::advance`].

use super::{
    autoscaling_routes, ce_routes, cloudwatch_routes, ec2_routes, ecs_routes, elb_routes,
    quota_routes, sts_routes, ApiResponse,
};
use crate::autoscaling::policies::Execution;
use crate::autoscaling::AutoScaling;
use crate::billing::Billing;
use crate::cloudwatch::alarms::AlarmState;
use crate::cloudwatch::{AlarmAction, CloudWatch};
use crate::ec2::{self, Ec2};
use crate::ecs::Ecs;
use crate::elb::Elb;
use crate::kernel::clock::END_OF_TIME;
use crate::kernel::{ApiError, Clock, Context, DomainEvent, IdGenerator, Memo, Revision, SimTime};
use crate::service_quotas::ServiceQuotas;
use crate::traffic::{Load, Traffic};
use serde_json::Value;

/// The region requests go to unless they name another.
pub const DEFAULT_REGION: &str = "us-east-1";

/// What the CLI reports for a region that does not exist: no endpoint.
pub fn unknown_region(service: &str, region: &str) -> ApiError {
    ApiError::new(
        "EndpointConnectionError",
        format!(
            "Could not connect to the endpoint URL: \"https://{service}.{region}.amazonaws.com/\""
        ),
    )
}

/// Runs the user data of guests that have just booted. The guest shell
/// lives in the terminal layer above, so the sandbox hands the world this
/// function (see [`World::set_boot_runner`]) rather than the world calling
/// up into the shell.
#[derive(Clone, Copy)]
pub struct BootRunner(pub fn(&mut World) -> Vec<DomainEvent>);

impl std::fmt::Debug for BootRunner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BootRunner")
    }
}

/// Every runner does the same job: two worlds do not differ by theirs.
impl PartialEq for BootRunner {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// All simulated state of the account.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    clock: Clock,
    ids: IdGenerator,
    /// Elastic Compute Cloud.
    pub ec2: Ec2,
    /// Elastic Load Balancing (`elbv2` and classic `elb`).
    pub elb: Elb,
    /// EC2 Auto Scaling.
    pub autoscaling: AutoScaling,
    /// Elastic Container Service (on the account's EC2 instances).
    pub ecs: Ecs,
    /// Service Quotas (the EC2 vCPU limit lives here).
    pub quotas: ServiceQuotas,
    /// The bill, metered from the other services' state.
    pub billing: Billing,
    /// CloudWatch metrics and alarms.
    pub cloudwatch: CloudWatch,
    /// The load model: requests, CPU and the metrics they make.
    pub traffic: Traffic,
    /// The revision the traffic model last looked at the world in: it
    /// looks again once the world has changed since.
    traffic_view: Memo<()>,
    /// Moves on with every change, so that what depends only on the world
    /// as it is (health check verdicts) can be reused until then.
    revision: Revision,
    boot_runner: Option<BootRunner>,
    events: Vec<DomainEvent>,
}

impl World {
    /// A fresh account whose random choices all follow `seed`, without
    /// the free tier.
    pub fn new(seed: u64) -> Self {
        Self::with_free_tier(seed, false)
    }

    /// A fresh account, with the 12-month free tier when `free_tier`.
    pub fn with_free_tier(seed: u64, free_tier: bool) -> Self {
        let mut ids = IdGenerator::new(seed);
        let clock = Clock::default();
        let mut events = Vec::new();
        let ec2 = {
            let mut ctx = Context {
                now: clock.now(),
                region: DEFAULT_REGION,
                ids: &mut ids,
                events: &mut events,
            };
            Ec2::new(&mut ctx)
        };
        events.clear();
        Self {
            billing: Billing::new(clock.now(), free_tier),
            clock,
            ids,
            ec2,
            elb: Elb::default(),
            autoscaling: AutoScaling::default(),
            ecs: Ecs::default(),
            quotas: ServiceQuotas::default(),
            cloudwatch: CloudWatch::default(),
            traffic: Traffic::new(crate::kernel::clock::START),
            traffic_view: Memo::default(),
            revision: Revision::default(),
            boot_runner: None,
            events,
        }
    }

    /// Hands the world the function that runs user data at first boot.
    pub fn set_boot_runner(&mut self, runner: BootRunner) {
        self.boot_runner = Some(runner);
    }

    /// Runs the user data of every guest that booted since the last look;
    /// returns whether there was any.
    fn run_boot_scripts(&mut self) -> bool {
        let Some(BootRunner(run)) = self.boot_runner else {
            return false;
        };
        if !self.ec2.has_boot_scripts() {
            return false;
        }
        let events = run(self);
        self.events.extend(events);
        true
    }

    /// Notes that the world may have changed: the traffic model looks at
    /// it afresh, and kept health check verdicts no longer hold.
    fn changed(&mut self) {
        self.revision.bump();
    }

    /// Current simulated time.
    pub fn now(&self) -> SimTime {
        self.clock.now()
    }

    /// Sends one request to `service` in `region` (the default region when
    /// `None`). `service` is the CLI's name (`ec2`, `autoscaling`, `elbv2`,
    /// `elb`, `ecs`, `cloudwatch`, `sts`, `service-quotas`, `ce`). Every second
    /// before it is already metered (time passes only in
    /// [`World::advance`], which meters up to its end); a change is settled
    /// with the bill before its response returns.
    pub fn call(
        &mut self,
        region: Option<&str>,
        service: &str,
        action: &str,
        params: Value,
    ) -> Result<ApiResponse<'_>, ApiError> {
        if super::is_read_only(action) {
            return self.route(region, service, action, params);
        }
        let response = self.route(region, service, action, params)?.into_owned()?;
        self.billing.meter(&self.ec2, self.clock.now());
        self.changed();
        if service == "ec2" {
            let region = region.unwrap_or(DEFAULT_REGION);
            self.autoscaling.ec2_changed(region, self.clock.now());
            self.ecs.ec2_changed(&self.ec2, self.clock.now());
        }
        Ok(response)
    }

    fn route(
        &mut self,
        region: Option<&str>,
        service: &str,
        action: &str,
        params: Value,
    ) -> Result<ApiResponse<'_>, ApiError> {
        let region = region.unwrap_or(DEFAULT_REGION);
        // Cost Explorer has one endpoint (us-east-1) whatever the region.
        if service != "ce" && !ec2::regions::is_known(region) {
            return Err(unknown_region(service, region));
        }
        let mut ctx = Context {
            now: self.clock.now(),
            region,
            ids: &mut self.ids,
            events: &mut self.events,
        };
        match service {
            "ec2" => ec2_routes::route(&mut self.ec2, &self.quotas, &mut ctx, action, params),
            "elbv2" => elb_routes::route_v2(&mut self.elb, &self.ec2, &mut ctx, action, params),
            "elb" => elb_routes::route_classic(&mut self.elb, &self.ec2, &mut ctx, action, params),
            "autoscaling" => autoscaling_routes::route(
                &mut self.autoscaling,
                autoscaling_routes::Services {
                    ec2: &mut self.ec2,
                    elb: &mut self.elb,
                    cloudwatch: &mut self.cloudwatch,
                    quotas: &self.quotas,
                },
                &mut ctx,
                action,
                params,
            ),
            "ecs" => ecs_routes::route(&mut self.ecs, &self.elb, &mut ctx, action, params),
            "sts" => sts_routes::route(&mut ctx, action, params),
            "service-quotas" => quota_routes::route(&mut self.quotas, &mut ctx, action, params),
            "ce" => ce_routes::route(&self.billing, ctx.now, action, params),
            "cloudwatch" => {
                cloudwatch_routes::route(&mut self.cloudwatch, &mut ctx, action, params)
            }
            other => Err(ApiError::new(
                "UnknownService",
                format!("The service {other} is not available in this sandbox."),
            )),
        }
    }

    /// The guest OS of `instance_id` in `region` powers itself off: EC2
    /// stops or terminates the instance as its shutdown behaviour says.
    /// Reached from a guest shell (`sudo shutdown -h now`), which is a
    /// journaled terminal line like any other.
    pub fn instance_initiated_shutdown(&mut self, region: &str, instance_id: &str) {
        let Some((state, timers)) = self.ec2.region_and_timers(region) else {
            return;
        };
        let mut ctx = Context {
            now: self.clock.now(),
            region,
            ids: &mut self.ids,
            events: &mut self.events,
        };
        state.instance_initiated_shutdown(&mut ctx, timers, instance_id);
        self.billing.meter(&self.ec2, self.clock.now());
        self.changed();
        self.autoscaling.ec2_changed(region, self.clock.now());
        self.ecs.ec2_changed(&self.ec2, self.clock.now());
    }

    /// Lets `seconds` of simulated time pass (the clock stops at
    /// [`END_OF_TIME`]), firing every timed effect that falls due, in time
    /// order, and metering the bill up to each of them and to the end.
    /// Returns the events raised, including those of calls made since the
    /// last drain.
    pub fn advance(&mut self, seconds: u64) -> Vec<DomainEvent> {
        // A terminal line may let time pass after changing a guest
        // (`sudo systemctl stop httpd; sleep 60`), before the line is
        // settled: what was kept of the world before then is stale.
        self.changed();
        let start = self.clock.now();
        let target = start.saturating_add(seconds).min(END_OF_TIME);
        while let Some(due) = self.next_due().filter(|&due| due <= target) {
            self.fire_due(due);
        }
        self.run_traffic(target);
        self.clock.set(target);
        self.billing.meter(&self.ec2, target);
        if target > start {
            self.events.push(DomainEvent::ClockAdvanced {
                now: crate::kernel::clock::iso8601(target),
                seconds: target - start,
            });
        }
        if let Some(accrued) = self.billing.accrued() {
            self.events.push(accrued);
        }
        self.take_events()
    }

    /// Catches the traffic model up to `due`, then fires what is due then.
    /// Kept out of [`World::advance`] so that a long advance runs it as a
    /// call that returns: V8 swaps a wasm function's baseline code for
    /// optimised code only between calls, and a day is one call.
    #[inline(never)]
    fn fire_due(&mut self, due: SimTime) {
        self.run_traffic(due);
        self.clock.set(due);
        // Only EC2's transitions and Auto Scaling's launches change what
        // is billed; metering is lazy, so moments when only health
        // checks or alarms are due need none.
        if self.ec2.next_due() == Some(due) || self.autoscaling.next_due() == Some(due) {
            // The advance's last metering writes out what this one holds.
            self.billing.meter_holding(&self.ec2, due);
        }
        let raised = self.events.len();
        let mut ctx = Context {
            now: due,
            region: DEFAULT_REGION,
            ids: &mut self.ids,
            events: &mut self.events,
        };
        // Fixed order: EC2's transitions first, so that a health check at
        // the same moment sees the instance's new state; then the load
        // balancers, Auto Scaling, and the alarms, which read what the
        // simulation published up to now.
        let booted = ctx.events.len();
        self.ec2.fire_due(&mut ctx);
        // User data waits only after a boot, which raises an event.
        let scripts_ran = self.events.len() != booted && self.run_boot_scripts();
        // Health checks below must not reuse verdicts from before a
        // boot, a stop or a boot script's changes to its guest.
        if scripts_ran || self.events.len() != booted {
            self.revision.bump();
        }
        // ECS agents notice their instances' boots and stops.
        if self.events[booted..]
            .iter()
            .any(|e| matches!(e, DomainEvent::InstanceStateChanged { .. }))
        {
            self.ecs.ec2_changed(&self.ec2, due);
        }
        let mut ctx = Context {
            now: due,
            region: DEFAULT_REGION,
            ids: &mut self.ids,
            events: &mut self.events,
        };
        let checked = ctx.events.len();
        self.elb.fire_due(&mut ctx, &self.ec2, self.revision);
        // A health check that passed or failed may matter to Auto
        // Scaling's ELB health check and load balancer states, and to
        // ECS services, which replace tasks that fail.
        if ctx.events[checked..]
            .iter()
            .any(|e| matches!(e, DomainEvent::TargetHealthChanged { .. }))
        {
            self.autoscaling.elb_changed(due);
            self.ecs.elb_changed(due);
        }
        // ECS after the load balancers (its tasks register with them)
        // and before Auto Scaling.
        self.ecs.fire_due(&mut ctx, &mut self.ec2, &mut self.elb);
        let quotas = &self.quotas;
        self.autoscaling
            .fire_due(&mut ctx, &mut self.ec2, &mut self.elb, &|region| {
                ec2_routes::vcpu_limits(quotas, region)
            });
        let evaluated = ctx.events.len();
        self.cloudwatch.fire_due(&mut ctx);
        let alarms_changed = self.events.len();
        for action in self.cloudwatch.take_actions() {
            self.alarm_action(due, action);
        }
        // Timers that changed something said so with an event. An
        // alarm's change of state is news to no other part of the
        // world (what its actions do raises events of its own).
        if evaluated != raised || self.events.len() != alarms_changed {
            self.changed();
        }
    }

    /// Carries out one alarm action. Auto Scaling policies are the only
    /// actions the sandbox has (SNS topics and EC2 actions are not
    /// simulated); a policy runs while its alarm is in ALARM.
    fn alarm_action(&mut self, now: SimTime, action: AlarmAction) {
        if action.state != AlarmState::Alarm || !action.action.starts_with("arn:aws:autoscaling:") {
            return;
        }
        let mut ctx = Context {
            now,
            region: &action.region,
            ids: &mut self.ids,
            events: &mut self.events,
        };
        let execution = Execution {
            alarm: Some(&action.alarm_name),
            honor_cooldown: true,
            metric_value: action.metric_value,
            breach_threshold: Some(action.threshold),
        };
        // A policy deleted since the alarm fired has nothing left to do.
        let _ = self.autoscaling.execute_policy(
            &mut ctx,
            &action.region,
            None,
            &action.action,
            execution,
        );
    }

    /// When the next timed effect of any service is due. The traffic model
    /// is not among them: it only reports, so it catches up in one stretch
    /// before each of these (see [`World::run_traffic`]).
    fn next_due(&self) -> Option<SimTime> {
        [
            self.ec2.next_due(),
            self.elb.next_due(),
            self.ecs.next_due(),
            self.autoscaling.next_due(),
            self.cloudwatch.next_due(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// Lets the traffic model catch up to `until` with the world as it is
    /// now (it stays as it is until then: nothing else is due before), and
    /// publishes its datapoints.
    fn run_traffic(&mut self, until: SimTime) {
        // The model simulates whole minutes, so it reads the world only
        // when one ends by `until`: a world that changes again before
        // then need not be described in between.
        let stale = self.traffic_view.at(self.revision).is_none();
        if stale && self.traffic.has_minutes_to(until) {
            let view = crate::traffic::view::build(
                &self.ec2,
                &self.elb,
                &self.autoscaling,
                self.traffic.loads(),
            );
            self.traffic.sync(view);
            self.traffic_view.keep(self.revision, ());
        }
        self.traffic.run(until, &mut self.cloudwatch);
    }

    /// What follows every terminal line: guests' writes land on their
    /// volumes, and the traffic model looks at the world afresh (a guest
    /// may have started or stopped its web server).
    pub fn settle_terminal_line(&mut self) {
        self.ec2.flush_guest_writes();
        self.changed();
    }

    /// Starts a load (`load start`); returns its id.
    pub fn start_load(&mut self, load: Load) -> String {
        self.changed();
        self.traffic.start(load)
    }

    /// Stops the load `id`, or all of them; returns how many stopped.
    pub fn stop_load(&mut self, id: Option<&str>) -> usize {
        self.changed();
        self.traffic.stop(id)
    }

    /// Removes and returns the events raised so far.
    pub fn take_events(&mut self) -> Vec<DomainEvent> {
        std::mem::take(&mut self.events)
    }
}
