//! What one instance does with the requests it is sent: the CPU they cost,
//! the CPU credits a burstable type spends and earns, and the latency and
//! errors once it runs out of CPU. AWS publishes no such model: the figures
//! here are chosen to make scaling visible with lesson-sized numbers
//! ([`REQUESTS_PER_VCPU`]); the credit rules follow AWS's documented
//! baselines and earning rates.

use crate::ec2::instance_types;

/// Requests per second one vCPU serves at 100% CPU (a small dynamic page).
pub const REQUESTS_PER_VCPU: f64 = 100.0;
/// The CPU an idle running instance shows, in percent.
pub const IDLE_PERCENT: f64 = 0.5;
/// The response time of an idle target, in seconds.
pub const BASE_LATENCY: f64 = 0.02;
/// Utilization beyond which queueing is capped (requests past it fail).
const SATURATION: f64 = 0.98;

/// The CPU credit rules of a burstable instance type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BurstRules {
    /// Baseline utilization per vCPU, as a fraction (0.1 = 10%).
    pub baseline: f64,
    /// Whether the type launches in unlimited mode by default (T3, T3a,
    /// T4g) rather than standard (T2).
    pub unlimited: bool,
    /// Credits granted at launch (T2 standard: 30 per vCPU).
    pub launch_credits: f64,
}

/// The burstable rules of `instance_type`, or `None` for a fixed-CPU type.
pub fn burst_rules(instance_type: &str) -> Option<BurstRules> {
    // Baselines per vCPU from AWS's "CPU credits and baseline utilization"
    // table; credits earned per hour follow as baseline × vCPUs × 60.
    let baseline = match instance_type {
        "t2.nano" | "t3.nano" => 0.05,
        "t2.micro" | "t3.micro" | "t3a.micro" | "t4g.micro" => 0.10,
        "t2.small" | "t2.medium" | "t3.small" | "t3.medium" | "t4g.small" => 0.20,
        "t2.large" | "t3.large" => 0.30,
        "t2.xlarge" => 0.225,
        "t2.2xlarge" => 0.17,
        "t3.xlarge" | "t3.2xlarge" => 0.40,
        _ => return None,
    };
    let t2 = instance_type.starts_with("t2.");
    let vcpus = instance_types::find(instance_type).map_or(1, |spec| spec.vcpus);
    Some(BurstRules {
        baseline,
        unlimited: !t2,
        launch_credits: if t2 { 30.0 * f64::from(vcpus) } else { 0.0 },
    })
}

/// One instance's processing capacity and credit balance.
#[derive(Debug, Clone, PartialEq)]
pub struct Processor {
    burst: Option<BurstRules>,
    /// CPU credits banked (one credit: one vCPU at 100% for a minute).
    pub credits: f64,
    /// Worked out once from the above: every second of every instance
    /// needs them, and divisions are the dearest part of a second.
    rates: Rates,
}

/// A processor's constants per second.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rates {
    /// Requests per second at 100% of every vCPU.
    full: f64,
    /// The most credits it can bank: a day of earnings (0 when fixed).
    credit_ceiling: f64,
    /// Credits earned per second (0 when fixed).
    earned: f64,
    /// vCPUs (credits are spent per vCPU-minute).
    vcpus: f64,
}

/// What a processor did in one second.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Second {
    /// CPU utilization, in percent of all vCPUs.
    pub cpu_percent: f64,
    /// The same as a fraction, as credits are counted.
    pub utilization: f64,
    /// Requests answered.
    pub served: f64,
    /// Requests that found no capacity (the load balancer's 5XX).
    pub dropped: f64,
    /// The response time of the answered requests, in seconds.
    pub latency: f64,
}

impl Processor {
    /// A freshly launched instance of `instance_type` (unknown types count
    /// as one fixed vCPU).
    pub fn new(instance_type: &str) -> Self {
        let burst = burst_rules(instance_type);
        let vcpus = instance_types::find(instance_type).map_or(1.0, |spec| f64::from(spec.vcpus));
        let baseline = burst.map_or(0.0, |rules| rules.baseline);
        Self {
            burst,
            credits: burst.map_or(0.0, |rules| rules.launch_credits),
            rates: Rates {
                full: vcpus * REQUESTS_PER_VCPU,
                credit_ceiling: baseline * vcpus * 60.0 * 24.0,
                earned: baseline * vcpus / 60.0,
                vcpus,
            },
        }
    }

    /// Idles for `seconds`: the same as that many seconds with no
    /// requests, in one step. Returns what each of those seconds looked like.
    pub fn idle(&mut self, seconds: u64) -> Second {
        let before = self.credits;
        let second = self.second(0.0);
        if self.burst.is_some() {
            let net = self.credits - before;
            self.credits = within_ceiling(before + net * seconds as f64, self.rates.credit_ceiling);
        }
        second
    }

    /// The balance after a long idle spell: idling earns more than it
    /// spends, so the balance ends at its ceiling.
    pub fn fill_credits(&mut self) {
        if self.burst.is_some() {
            self.credits = self.rates.credit_ceiling;
        }
    }

    /// Serves `offered` requests for one second, spending and earning
    /// credits.
    pub fn second(&mut self, offered: f64) -> Second {
        let second = self.serve(offered);
        self.account(&second);
        second
    }

    /// Whether it serves the same requests the same way whatever its
    /// balance: all but a T2 in standard mode, which throttles when out of
    /// credits.
    pub fn never_throttles(&self) -> bool {
        self.burst.is_none_or(|rules| rules.unlimited)
    }

    /// Whether `other` serves every second as this one does when neither
    /// throttles: the same type, or one of the same capacity and credit
    /// rules.
    pub fn serves_like(&self, other: &Processor) -> bool {
        self.rates == other.rates && self.burst == other.burst
    }

    /// What one second of `offered` requests looks like, at the balance
    /// it has now; nothing is spent (see [`Processor::account`]).
    pub fn serve(&self, offered: f64) -> Second {
        let full = self.rates.full;
        // A T2 in standard mode bursts only as far as its credits go: with
        // none left it runs at its baseline (it spends what it earns).
        let ceiling = match self.burst {
            Some(rules) if !rules.unlimited => {
                (rules.baseline + self.credits * 60.0 / self.rates.vcpus).min(1.0)
            }
            _ => 1.0,
        };
        let idle = IDLE_PERCENT / 100.0;
        let room = (ceiling * SATURATION - idle).max(0.0) * full;
        let served = offered.min(room);
        let utilization = (idle + served / full).min(ceiling);
        let load = if ceiling == 1.0 {
            utilization
        } else {
            utilization / ceiling
        }
        .min(SATURATION);
        Second {
            cpu_percent: utilization * 100.0,
            utilization,
            served,
            dropped: offered - served,
            latency: BASE_LATENCY / (1.0 - load),
        }
    }

    /// Spends and earns the credits of `second`, one it served.
    pub fn account(&mut self, second: &Second) {
        if self.burst.is_some() {
            let Rates {
                credit_ceiling,
                earned,
                vcpus,
                ..
            } = self.rates;
            // Worked out as `earned` is, so that a second at the baseline
            // spends exactly what it earns.
            let spent = second.utilization * vcpus / 60.0;
            self.credits = within_ceiling(self.credits + earned - spent, credit_ceiling);
        }
    }
}

/// A balance kept between 0 and `ceiling`, as `f64::clamp` keeps it. The
/// WebAssembly build (optimised for size) calls `clamp`, with its check
/// that the bounds are in order, out of line: for every instance every
/// second, a few percent of the scaling bench.
fn within_ceiling(credits: f64, ceiling: f64) -> f64 {
    if credits < 0.0 {
        0.0
    } else if credits > ceiling {
        ceiling
    } else {
        credits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_follows_requests_up_to_saturation() {
        let mut cpu = Processor::new("m5.large"); // 2 vCPUs, fixed
        let quiet = cpu.second(0.0);
        assert_eq!(quiet.cpu_percent, IDLE_PERCENT);
        let half = cpu.second(99.0);
        assert!((half.cpu_percent - 50.0).abs() < 1e-9);
        assert_eq!(half.dropped, 0.0);
        let over = cpu.second(400.0);
        assert!(over.cpu_percent <= 100.0 * SATURATION + 1e-9);
        assert!(over.dropped > 190.0);
        assert!(over.latency > 10.0 * half.latency);
    }

    #[test]
    fn a_t2_in_standard_mode_falls_to_its_baseline_when_credits_run_out() {
        let mut cpu = Processor::new("t2.micro");
        assert_eq!(cpu.credits, 30.0);
        // 30 credits at 100% of one vCPU last about half an hour; the last
        // of them goes in a few seconds of ever smaller bursts.
        let mut seconds = 0;
        while cpu.second(1_000.0).cpu_percent > 10.0 + 1e-6 && seconds < 7_200 {
            seconds += 1;
        }
        assert!((1_900..2_100).contains(&seconds), "{seconds}");
        // From then on it spends what it earns: the baseline, no more.
        for _ in 0..600 {
            let throttled = cpu.second(1_000.0);
            assert!(throttled.cpu_percent <= 10.0 + 1e-6, "{throttled:?}");
        }
        assert!(cpu.credits < 0.001, "{}", cpu.credits);
    }

    #[test]
    fn an_unlimited_t3_never_throttles_and_idle_time_banks_credits() {
        let mut cpu = Processor::new("t3.micro");
        assert_eq!(cpu.credits, 0.0);
        for _ in 0..3_600 {
            cpu.second(0.0);
        }
        // 12 credits an hour, less the idle half percent spent.
        assert!((cpu.credits - 11.4).abs() < 0.05, "{}", cpu.credits);
        let mut batched = Processor::new("t3.micro");
        batched.idle(3_600);
        assert!((batched.credits - cpu.credits).abs() < 1e-6);
        let busy = cpu.second(150.0);
        assert!(busy.cpu_percent > 70.0);
    }
}
