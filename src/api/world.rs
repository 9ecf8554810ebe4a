//! The world: every service's state, the clock and the id source. All change
//! goes through [`World::call`] and [`World::advance`].

use super::{autoscaling_routes, ce_routes, ec2_routes, quota_routes, sts_routes, ApiResponse};
use crate::autoscaling::AutoScaling;
use crate::billing::Billing;
use crate::ec2::{self, Ec2};
use crate::kernel::clock::END_OF_TIME;
use crate::kernel::{ApiError, Clock, Context, DomainEvent, IdGenerator, SimTime};
use crate::service_quotas::ServiceQuotas;
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

/// All simulated state of the account.
#[derive(Debug, Clone, PartialEq)]
pub struct World {
    clock: Clock,
    ids: IdGenerator,
    /// Elastic Compute Cloud.
    pub ec2: Ec2,
    /// EC2 Auto Scaling.
    pub autoscaling: AutoScaling,
    /// Service Quotas (the EC2 vCPU limit lives here).
    pub quotas: ServiceQuotas,
    /// The bill, metered from the other services' state.
    pub billing: Billing,
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
            autoscaling: AutoScaling::default(),
            quotas: ServiceQuotas::default(),
            events,
        }
    }

    /// Current simulated time.
    pub fn now(&self) -> SimTime {
        self.clock.now()
    }

    /// Sends one request to `service` in `region` (the default region when
    /// `None`). `service` is the CLI's name (`ec2`, `autoscaling`, `sts`,
    /// `service-quotas`, `ce`). Every second before it is already metered (time passes only
    /// in [`World::advance`], which meters up to its end); a change is
    /// settled with the bill before its response returns.
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
        if service == "ec2" {
            let region = region.unwrap_or(DEFAULT_REGION);
            self.autoscaling.ec2_changed(region, self.clock.now());
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
            "autoscaling" => autoscaling_routes::route(
                &mut self.autoscaling,
                &mut self.ec2,
                &self.quotas,
                &mut ctx,
                action,
                params,
            ),
            "sts" => sts_routes::route(&mut ctx, action, params),
            "service-quotas" => quota_routes::route(&mut self.quotas, &mut ctx, action, params),
            "ce" => ce_routes::route(&self.billing, ctx.now, action, params),
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
        self.autoscaling.ec2_changed(region, self.clock.now());
    }

    /// Lets `seconds` of simulated time pass (the clock stops at
    /// [`END_OF_TIME`]), firing every timed effect that falls due, in time
    /// order, and metering the bill up to each of them and to the end.
    /// Returns the events raised, including those of calls made since the
    /// last drain.
    pub fn advance(&mut self, seconds: u64) -> Vec<DomainEvent> {
        let start = self.clock.now();
        let target = start.saturating_add(seconds).min(END_OF_TIME);
        while let Some(due) = self.next_due().filter(|&due| due <= target) {
            self.clock.set(due);
            self.billing.meter(&self.ec2, due);
            let mut ctx = Context {
                now: due,
                region: DEFAULT_REGION,
                ids: &mut self.ids,
                events: &mut self.events,
            };
            // EC2 first: what the other services see of it is then current.
            self.ec2.fire_due(&mut ctx);
            let quotas = &self.quotas;
            self.autoscaling
                .fire_due(&mut ctx, &mut self.ec2, &|region| {
                    ec2_routes::vcpu_limits(quotas, region)
                });
        }
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

    /// When the next timed effect of any service is due.
    fn next_due(&self) -> Option<SimTime> {
        [self.ec2.next_due(), self.autoscaling.next_due()]
            .into_iter()
            .flatten()
            .min()
    }

    /// Removes and returns the events raised so far.
    pub fn take_events(&mut self) -> Vec<DomainEvent> {
        std::mem::take(&mut self.events)
    }
}
