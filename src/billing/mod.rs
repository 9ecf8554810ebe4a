//! Billing: the ledger every service's resources are metered into, per
//! simulated second at us-east-1 On-Demand prices, with the 12-month free
//! tier; Cost Explorer's GetCostAndUsage reads it, and the page's cost
//! meter reads [`Billing::summary`].
//!
//! Metering is lazy and exact. Rates change only when the world does (a
//! request, a timer), so the world meters the time since `metered_until`
//! at the rates of its state just before each timer fires, at the end of
//! every advance, and after every change it makes in a request; each
//! metering first settles the change made at the one before (an instance
//! that stopped less than 60 s after it started running is charged the
//! rest of the minute). Time never passes inside a request, so a request
//! always finds every second already metered.

pub mod cost_explorer;
mod money;
mod usage;

pub use money::Money;

use crate::ec2::{regions, Ec2};
use crate::kernel::calendar::{self, DateTime, DAY};
use crate::kernel::clock::START;
use crate::kernel::{DomainEvent, SimTime};
use serde::Serialize;
use std::collections::BTreeMap;
use usage::{Charge, Pool, SnapshotShares, Usage};

/// The 12-month free tier ends a year after the account opened (the
/// sandbox's start; no 29 February falls in that year).
const FREE_TIER_ENDS: SimTime = START + 365 * DAY;

/// Instances are billed for at least this many seconds per start.
const MINIMUM_SECONDS: u64 = 60;

/// Months of daily lines kept besides the current one, about the 14 months
/// of daily data Cost Explorer keeps. Older lines are dropped (their totals
/// stay), so an advance of centuries keeps the ledger small.
const RETAINED_MONTHS: u32 = 13;

/// Usage and cost, in units of `money::SCALE`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Amounts {
    quantity: u128,
    cost: u128,
}

impl Amounts {
    fn add(&mut self, other: Amounts) {
        self.quantity = self.quantity.saturating_add(other.quantity);
        self.cost = self.cost.saturating_add(other.cost);
    }
}

/// One line of the ledger: a day (days since 1970), a region, a usage
/// type and a resource.
type LineKey = (u64, &'static str, Usage, String);

/// An instance's run: when it began, how many seconds were metered, and
/// what it is billed as.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    since: SimTime,
    metered: u64,
    usage: Usage,
    pool: Option<Pool>,
}

/// The account's bill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Billing {
    /// Whether the 12-month free tier applies.
    ///
    /// Off unless the sandbox is made with it: the meter is there to show
    /// what resources cost, and with the tier on most lessons would show
    /// $0.00 and a learner asked "how many GB are billed" would have to
    /// subtract an allowance first. It is also what a learner opening an
    /// account today gets: accounts opened since 15 July 2025 have credits
    /// instead of the 12-month tier, and Cost Explorer shows their usage at
    /// full price.
    free_tier: bool,
    metered_until: SimTime,
    /// Daily lines of the retained months.
    ledger: BTreeMap<LineKey, Amounts>,
    /// Totals since the account opened, per region, resource and usage.
    lifetime: BTreeMap<(&'static str, String, Usage), Amounts>,
    /// Running instances by region and id.
    runs: BTreeMap<(&'static str, String), Run>,
    /// The month the free-tier allowances were last used in, and how much
    /// of each (indexed as [`Pool::ALL`]).
    free_month: SimTime,
    free_used: [u128; 4],
    /// Everything charged so far, and how much of it a `CostAccrued` event
    /// has reported.
    total: u128,
    reported: u128,
    snapshot_shares: SnapshotShares,
    /// Time metered but not yet written to the ledger, see
    /// [`Billing::meter_holding`].
    held: Option<Held>,
}

/// `[from, metered_until)`, metered at `charges` (the rates that held all
/// along) and not yet written to the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Held {
    from: SimTime,
    charges: Vec<Charge>,
}

impl Billing {
    /// An empty bill starting at `now`.
    pub fn new(now: SimTime, free_tier: bool) -> Self {
        Self {
            free_tier,
            metered_until: now,
            ledger: BTreeMap::new(),
            lifetime: BTreeMap::new(),
            runs: BTreeMap::new(),
            free_month: 0,
            free_used: [0; 4],
            total: 0,
            reported: 0,
            snapshot_shares: SnapshotShares::default(),
            held: None,
        }
    }

    /// Whether the 12-month free tier applies.
    pub fn free_tier(&self) -> bool {
        self.free_tier
    }

    /// Settles the change the world made at the last metering (instance
    /// runs that ended or began then), then meters the time from it to
    /// `now` at the rates of `ec2` as it is, as it was all along, and
    /// writes it all to the ledger.
    pub fn meter(&mut self, ec2: &Ec2, now: SimTime) {
        self.meter_holding(ec2, now);
        self.write_held();
        self.prune(retained_from(now));
    }

    /// Meters like [`Billing::meter`], but holds time at unchanged rates
    /// back from the ledger, to write it out at once when the rates change
    /// or at the next `meter`. Auto Scaling's rounds, before each of which
    /// the bill is metered, mostly change nothing billed; writing each
    /// round's minutes to every line was most of the bill's time. The
    /// amounts are the same: each is linear in the seconds.
    pub fn meter_holding(&mut self, ec2: &Ec2, now: SimTime) {
        let ended = self.ended_runs(ec2);
        if !ended.is_empty() {
            // What an ended run is still owed counts its metered seconds.
            self.write_held();
        }
        self.settle(ec2, self.metered_until, ended);
        self.snapshot_shares.refresh(ec2);
        if now > self.metered_until {
            let charges = usage::charges(ec2, &self.snapshot_shares);
            if self
                .held
                .as_ref()
                .is_none_or(|held| held.charges != charges)
            {
                self.write_held();
                self.held = Some(Held {
                    from: self.metered_until,
                    charges,
                });
            }
            self.metered_until = now;
        }
    }

    /// Writes the held time to the ledger.
    fn write_held(&mut self) {
        let Some(Held { from, charges }) = self.held.take() else {
            return;
        };
        let until = self.metered_until;
        let keep_from = retained_from(until);
        let mut t = from;
        while t < until {
            let (month_start, month_end) = calendar::month_bounds(t);
            let retained = t >= keep_from;
            // Daily lines where they are kept; whole months before; and a
            // cut where the free tier ends.
            let mut end = if retained {
                t - t % DAY + DAY
            } else {
                month_end.min(keep_from)
            };
            if t < FREE_TIER_ENDS {
                end = end.min(FREE_TIER_ENDS);
            }
            end = end.min(until);
            for charge in &charges {
                let quantity = charge.usage.per_second(month_end - month_start)
                    * u128::from(charge.amount)
                    * u128::from(end - t);
                self.add(t, month_start, charge, quantity, retained);
            }
            t = end;
        }
        let seconds = until - from;
        for charge in charges.iter().filter(|c| c.usage.instance_type().is_some()) {
            if let Some(run) = self.runs.get_mut(&(charge.region, charge.resource.clone())) {
                run.metered = run.metered.saturating_add(seconds);
            }
        }
    }

    /// The instance runs followed that are over (the instance stopped or
    /// ran again since).
    fn ended_runs(&self, ec2: &Ec2) -> Vec<(&'static str, String)> {
        self.runs
            .iter()
            .filter(|((region, id), run)| usage::running_since(ec2, region, id) != Some(run.since))
            .map(|(key, _)| key.clone())
            .collect()
    }

    /// Charges the rest of the minute of the `ended` runs that ran under
    /// 60 s, at `now`, and starts following the instances that began
    /// running.
    fn settle(&mut self, ec2: &Ec2, now: SimTime, ended: Vec<(&'static str, String)>) {
        for key in ended {
            let Some(run) = self.runs.remove(&key) else {
                continue;
            };
            let rest = MINIMUM_SECONDS.saturating_sub(run.metered);
            if rest > 0 {
                let (month_start, _) = calendar::month_bounds(now);
                let charge = Charge {
                    region: key.0,
                    resource: key.1,
                    usage: run.usage,
                    amount: 1,
                    pool: run.pool,
                };
                let quantity = run.usage.per_second(0) * u128::from(rest);
                self.add(now, month_start, &charge, quantity, true);
            }
        }
        for info in regions::REGIONS {
            let Some(state) = ec2.region(info.name) else {
                continue;
            };
            for instance in state.instances.values() {
                let (Some((usage, pool)), Some(since)) = (
                    usage::running_usage(instance, info.name),
                    instance.running_since,
                ) else {
                    continue;
                };
                self.runs
                    .entry((info.name, instance.id.clone()))
                    .or_insert(Run {
                        since,
                        metered: 0,
                        usage,
                        pool,
                    });
            }
        }
    }

    /// Records `quantity` of `charge` at `at` (in the month starting at
    /// `month_start`), after the free tier's share.
    fn add(
        &mut self,
        at: SimTime,
        month_start: SimTime,
        charge: &Charge,
        quantity: u128,
        retained: bool,
    ) {
        let free = self.take_free(at, month_start, charge.pool, quantity);
        let amounts = Amounts {
            quantity,
            cost: charge.usage.cost(quantity - free),
        };
        self.total = self.total.saturating_add(amounts.cost);
        self.lifetime
            .entry((charge.region, charge.resource.clone(), charge.usage))
            .or_default()
            .add(amounts);
        if retained {
            self.ledger
                .entry((
                    at / DAY,
                    charge.region,
                    charge.usage,
                    charge.resource.clone(),
                ))
                .or_default()
                .add(amounts);
        }
    }

    /// How much of `quantity` the free tier covers, used up from this
    /// month's allowance.
    fn take_free(
        &mut self,
        at: SimTime,
        month_start: SimTime,
        pool: Option<Pool>,
        quantity: u128,
    ) -> u128 {
        let Some(pool) = pool.filter(|_| self.free_tier && at < FREE_TIER_ENDS) else {
            return 0;
        };
        if month_start != self.free_month {
            self.free_month = month_start;
            self.free_used = [0; 4];
        }
        let used = &mut self.free_used[pool as usize];
        let taken = quantity.min(pool.limit().saturating_sub(*used));
        *used += taken;
        taken
    }

    /// What is left of each allowance at `at` (nothing without the tier).
    fn free_left(&self, at: SimTime) -> [u128; 4] {
        if !self.free_tier || at >= FREE_TIER_ENDS {
            return [0; 4];
        }
        let fresh = calendar::month_bounds(at).0 != self.free_month;
        Pool::ALL.map(|pool| {
            let used = if fresh {
                0
            } else {
                self.free_used[pool as usize]
            };
            pool.limit().saturating_sub(used)
        })
    }

    /// Drops daily lines older than the retained months.
    fn prune(&mut self, keep_from: SimTime) {
        let first_kept = keep_from / DAY;
        if self
            .ledger
            .first_key_value()
            .is_some_and(|(key, _)| key.0 < first_kept)
        {
            let bound = (first_kept, "", Usage::Box(""), String::new());
            self.ledger = self.ledger.split_off(&bound);
        }
    }

    /// `CostAccrued` with what was charged since the last one, if anything
    /// was; the world raises it once per advance.
    pub fn accrued(&mut self) -> Option<DomainEvent> {
        let amount = self.total - self.reported;
        if amount == 0 {
            return None;
        }
        self.reported = self.total;
        Some(DomainEvent::CostAccrued {
            amount: money::decimal(amount),
            total: money::decimal(self.total),
        })
    }

    /// The cost meter at `now`: totals, the current rate, and the forecast
    /// for the calendar month.
    pub fn summary(&self, ec2: &Ec2, now: SimTime) -> CostSummary {
        let charges = usage::charges(ec2, &self.snapshot_shares);
        let (month_start, month_end) = calendar::month_bounds(now);
        let month_seconds = month_end - month_start;
        let left = self.free_left(now);
        let mut services: BTreeMap<&'static str, ServiceCost> = BTreeMap::new();
        let mut resources: BTreeMap<(&'static str, String), ResourceCost> = BTreeMap::new();
        for ((region, id, usage), amounts) in &self.lifetime {
            resource(&mut resources, region, id, *usage).total.0 += amounts.cost;
            services.entry(usage.service()).or_default().total.0 += amounts.cost;
        }
        let mut rate = 0;
        for charge in &charges {
            // What the next second costs: nothing while an allowance lasts.
            let covered = charge.pool.is_some_and(|pool| left[pool as usize] > 0);
            let per_hour = if covered {
                0
            } else {
                let quantity = charge.usage.per_second(month_seconds) * 3_600;
                charge.usage.cost(quantity * u128::from(charge.amount))
            };
            rate += per_hour;
            resource(
                &mut resources,
                charge.region,
                &charge.resource,
                charge.usage,
            )
            .rate_per_hour
            .0 += per_hour;
            services
                .entry(charge.usage.service())
                .or_default()
                .rate_per_hour
                .0 += per_hour;
        }
        let first_day = month_start / DAY;
        let month_to_date: u128 = self
            .ledger
            .range((first_day, "", Usage::Box(""), String::new())..)
            .map(|(_, amounts)| amounts.cost)
            .sum();
        let date = DateTime::from_unix(now);
        CostSummary {
            total: Money(self.total),
            rate_per_hour: Money(rate),
            month_to_date: Money(month_to_date),
            forecast: Money(month_to_date + project(&charges, now, month_end, left)),
            month: format!("{:04}-{:02}", date.year, date.month),
            free_tier: self.free_tier,
            services: services
                .into_iter()
                .map(|(service, cost)| ServiceCost { service, ..cost })
                .collect(),
            resources: resources.into_values().collect(),
        }
    }
}

/// The cost meter's row of resource `id`, which `usage` is billed for.
fn resource<'a>(
    resources: &'a mut BTreeMap<(&'static str, String), ResourceCost>,
    region: &'static str,
    id: &str,
    usage: Usage,
) -> &'a mut ResourceCost {
    let entry = resources
        .entry((region, id.to_string()))
        .or_insert_with(|| ResourceCost {
            id: id.to_string(),
            region,
            ..ResourceCost::default()
        });
    let what = usage.describe();
    if !entry.what.split(", ").any(|w| w == what) {
        if !entry.what.is_empty() {
            entry.what.push_str(", ");
        }
        entry.what.push_str(&what);
    }
    entry
}

/// The cost of `charges` from `from` to `to` (within one month), with
/// the free tier's `left` allowances while the tier lasts.
fn project(charges: &[Charge], from: SimTime, to: SimTime, mut left: [u128; 4]) -> u128 {
    let (month_start, month_end) = calendar::month_bounds(from);
    let free_until = FREE_TIER_ENDS.clamp(from, to);
    let mut cost = 0u128;
    for charge in charges {
        let per_second =
            charge.usage.per_second(month_end - month_start) * u128::from(charge.amount);
        let covered_span = per_second * u128::from(free_until - from);
        let free = charge.pool.map_or(0, |pool| {
            let taken = covered_span.min(left[pool as usize]);
            left[pool as usize] -= taken;
            taken
        });
        cost += charge.usage.cost(per_second * u128::from(to - from) - free);
    }
    cost
}

/// Where daily lines start being kept: the first day of the month
/// [`RETAINED_MONTHS`] before the month of `now`.
fn retained_from(now: SimTime) -> SimTime {
    let date = DateTime::from_unix(now);
    let months = date.year * 12 + u64::from(date.month - 1);
    let first = months.saturating_sub(u64::from(RETAINED_MONTHS));
    let month = u32::try_from(first % 12).unwrap_or(0) + 1;
    calendar::day_number(first / 12, month, 1).map_or(0, |day| day * DAY)
}

/// The cost meter of the page.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CostSummary {
    /// Everything charged since the account opened.
    pub total: Money,
    /// What an hour costs at the current rates.
    pub rate_per_hour: Money,
    /// Charged in the current calendar month.
    pub month_to_date: Money,
    /// The month's bill if nothing changes: the month so far plus the
    /// current rates until the month ends (after any free allowance left).
    pub forecast: Money,
    /// The current month, `2025-06`.
    pub month: String,
    /// Whether the 12-month free tier applies.
    pub free_tier: bool,
    /// Totals and rates per Cost Explorer service.
    pub services: Vec<ServiceCost>,
    /// Totals and rates per resource, by region and id.
    pub resources: Vec<ResourceCost>,
}

/// One service's share of the bill.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCost {
    /// Cost Explorer's name, e.g. `EC2 - Other`.
    pub service: &'static str,
    pub total: Money,
    pub rate_per_hour: Money,
}

/// One resource's share of the bill.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceCost {
    /// Instance, volume, snapshot or Elastic IP allocation id.
    pub id: String,
    pub region: &'static str,
    /// What is billed, e.g. `t2.micro instance, public IPv4 address`.
    pub what: String,
    pub total: Money,
    pub rate_per_hour: Money,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thirteen_past_months_are_kept() {
        let kept = retained_from(START);
        assert_eq!(DateTime::from_unix(kept).iso_local(), "2024-05-01T00:00:00");
        assert_eq!(FREE_TIER_ENDS - START, 365 * DAY);
        assert_eq!(
            DateTime::from_unix(FREE_TIER_ENDS).iso_local(),
            "2026-06-02T09:00:00"
        );
    }
}
