//! The metric store of one region: each metric (namespace, name and
//! dimensions) is interned once and keeps its datapoints in an append-only,
//! time-ordered list. A datapoint is an aggregate (sample count, sum,
//! minimum, maximum) per minute, or per second for high-resolution data, so
//! that any number of samples in one bucket cost one entry and every
//! statistic can be computed from it.
//!
//! Retention: AWS keeps 1-minute data for 15 days, then rolls it up to 5
//! minutes (63 days) and 1 hour (455 days). The sandbox keeps the 15 days
//! of fine data only and drops older datapoints; high-resolution data is
//! kept at its resolution for those 15 days too (AWS rolls it up after 3
//! hours).

use crate::kernel::params::FromParam;
use crate::kernel::SimTime;
use serde::Serialize;
use std::collections::BTreeMap;

/// How long datapoints are kept: 15 days.
pub const RETENTION: SimTime = 15 * 86_400;

/// Old datapoints are dropped in batches of a day, so that an append
/// rarely moves the list.
const PRUNE_BATCH: SimTime = 86_400;

/// The standard units (`StandardUnit`), in the API model's order.
pub const UNITS: [&str; 27] = [
    "Seconds",
    "Microseconds",
    "Milliseconds",
    "Bytes",
    "Kilobytes",
    "Megabytes",
    "Gigabytes",
    "Terabytes",
    "Bits",
    "Kilobits",
    "Megabits",
    "Gigabits",
    "Terabits",
    "Percent",
    "Count",
    "Bytes/Second",
    "Kilobytes/Second",
    "Megabytes/Second",
    "Gigabytes/Second",
    "Terabytes/Second",
    "Bits/Second",
    "Kilobits/Second",
    "Megabits/Second",
    "Gigabits/Second",
    "Terabits/Second",
    "Count/Second",
    "None",
];

/// A standard unit, stored as its index in [`UNITS`] (one byte per
/// datapoint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unit(u8);

impl Unit {
    /// `Seconds`.
    pub const SECONDS: Unit = Unit(0);
    /// `Bytes`.
    pub const BYTES: Unit = Unit(3);
    /// `Percent`.
    pub const PERCENT: Unit = Unit(13);
    /// `Count`.
    pub const COUNT: Unit = Unit(14);
    /// `Count/Second`.
    pub const COUNT_PER_SECOND: Unit = Unit(25);
    /// `None`: what a datapoint published without a unit has.
    pub const NONE: Unit = Unit(26);

    /// The unit called `name` (case-sensitive, as AWS reads it).
    pub fn parse(name: &str) -> Option<Unit> {
        UNITS
            .iter()
            .position(|unit| *unit == name)
            .and_then(|i| u8::try_from(i).ok())
            .map(Unit)
    }

    /// The unit's API name.
    pub fn as_str(self) -> &'static str {
        UNITS.get(usize::from(self.0)).copied().unwrap_or("None")
    }
}

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The five statistics computed from aggregates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Statistic {
    SampleCount,
    Average,
    Sum,
    Minimum,
    Maximum,
}

/// The statistics in the API model's order (`Statistic`).
pub const STATISTICS: [Statistic; 5] = [
    Statistic::SampleCount,
    Statistic::Average,
    Statistic::Sum,
    Statistic::Minimum,
    Statistic::Maximum,
];

impl Statistic {
    /// The statistic called `name`.
    pub fn parse(name: &str) -> Option<Statistic> {
        STATISTICS.into_iter().find(|s| s.as_str() == name)
    }

    /// The statistic's API name.
    pub fn as_str(self) -> &'static str {
        match self {
            Statistic::SampleCount => "SampleCount",
            Statistic::Average => "Average",
            Statistic::Sum => "Sum",
            Statistic::Minimum => "Minimum",
            Statistic::Maximum => "Maximum",
        }
    }
}

/// Samples summarized: what one datapoint holds, and what a period's
/// statistics are computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Aggregate {
    pub sample_count: f64,
    pub sum: f64,
    pub minimum: f64,
    pub maximum: f64,
}

impl Aggregate {
    /// One sample of `value`.
    pub fn single(value: f64) -> Self {
        Self {
            sample_count: 1.0,
            sum: value,
            minimum: value,
            maximum: value,
        }
    }

    /// Adds `other`'s samples to these.
    pub fn merge(&mut self, other: &Aggregate) {
        self.sample_count += other.sample_count;
        self.sum += other.sum;
        self.minimum = self.minimum.min(other.minimum);
        self.maximum = self.maximum.max(other.maximum);
    }

    /// The value of `statistic` over these samples.
    pub fn statistic(&self, statistic: Statistic) -> f64 {
        match statistic {
            Statistic::SampleCount => self.sample_count,
            Statistic::Average => self.sum / self.sample_count,
            Statistic::Sum => self.sum,
            Statistic::Minimum => self.minimum,
            Statistic::Maximum => self.maximum,
        }
    }
}

/// A dimension of a metric (`{Name, Value}`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct Dimension {
    pub name: String,
    pub value: String,
}

/// What names a metric: its namespace, its name and its dimensions, kept
/// sorted by name so that the order a request lists them in does not
/// matter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct MetricKey {
    pub namespace: String,
    pub name: String,
    dimensions: Vec<Dimension>,
}

impl MetricKey {
    /// The metric `name` in `namespace` with `dimensions` (any order).
    pub fn new(
        namespace: impl Into<String>,
        name: impl Into<String>,
        mut dimensions: Vec<Dimension>,
    ) -> Self {
        dimensions.sort();
        Self {
            namespace: namespace.into(),
            name: name.into(),
            dimensions,
        }
    }

    /// The dimensions, sorted by name.
    pub fn dimensions(&self) -> &[Dimension] {
        &self.dimensions
    }
}

/// One stored datapoint: the samples of one bucket with one unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Start of the bucket (a whole minute, or second for high resolution).
    pub time: SimTime,
    pub unit: Unit,
    pub aggregate: Aggregate,
}

/// The datapoints of one metric, oldest first.
#[derive(Debug, Clone, Default)]
pub struct Series {
    /// The datapoints, including expired ones not pruned yet.
    points: Vec<Point>,
}

/// Two series are equal when they show the same datapoints: expired ones
/// waiting for the next batch prune are invisible, so how time was
/// advanced (one long stretch or many short ones) does not matter.
impl PartialEq for Series {
    fn eq(&self, other: &Self) -> bool {
        self.points() == other.points()
    }
}

impl Series {
    /// The datapoints still kept (younger than [`RETENTION`] before the
    /// newest), oldest first.
    pub fn points(&self) -> &[Point] {
        let newest = self.points.last().map_or(0, |p| p.time);
        let expired = self
            .points
            .partition_point(|p| p.time.saturating_add(RETENTION) <= newest);
        &self.points[expired..]
    }

    /// When the newest datapoint was taken.
    pub fn last_time(&self) -> Option<SimTime> {
        self.points.last().map(|p| p.time)
    }

    /// Adds samples at `time` (already the start of its bucket). Appends
    /// are the common case (the simulation publishes in time order); an
    /// older timestamp (PutMetricData may name one) is merged in place.
    fn put(&mut self, time: SimTime, unit: Unit, aggregate: Aggregate) {
        let point = Point {
            time,
            unit,
            aggregate,
        };
        match self.points.last_mut() {
            None => self.points.push(point),
            Some(last) if last.time == time && last.unit == unit => {
                last.aggregate.merge(&aggregate)
            }
            Some(last) if last.time < time => {
                self.points.push(point);
                self.prune(time);
            }
            Some(_) => {
                let at = self.points.partition_point(|p| p.time <= time);
                let same = self.points[..at]
                    .iter_mut()
                    .rev()
                    .take_while(|p| p.time == time)
                    .find(|p| p.unit == unit);
                match same {
                    Some(existing) => existing.aggregate.merge(&aggregate),
                    None => self.points.insert(at, point),
                }
            }
        }
    }

    /// Drops the datapoints older than [`RETENTION`] before `newest`, a
    /// day's worth at a time.
    fn prune(&mut self, newest: SimTime) {
        let Some(first) = self.points.first() else {
            return;
        };
        if first.time.saturating_add(RETENTION + PRUNE_BATCH) > newest {
            return;
        }
        let cut = self
            .points
            .partition_point(|p| p.time.saturating_add(RETENTION) <= newest);
        self.points.drain(..cut);
    }

    /// The datapoints taken in `[from, to)`.
    pub fn window(&self, from: SimTime, to: SimTime) -> &[Point] {
        window(self.points(), from, to)
    }

    /// The samples of `[start, end)` in consecutive periods of `period`
    /// seconds from `start`, oldest first; periods without samples are left
    /// out, as AWS leaves them out.
    pub fn periods(
        &self,
        start: SimTime,
        end: SimTime,
        period: SimTime,
        unit: Option<Unit>,
    ) -> Vec<(SimTime, Aggregate, Unit)> {
        let mut out: Vec<(SimTime, Aggregate, Unit)> = Vec::new();
        let period = period.max(1);
        for point in self
            .window(start, end)
            .iter()
            .filter(|p| unit.is_none_or(|u| u == p.unit))
        {
            let bucket = start + (point.time - start) / period * period;
            match out.last_mut() {
                Some((time, total, _)) if *time == bucket => total.merge(&point.aggregate),
                _ => out.push((bucket, point.aggregate, point.unit)),
            }
        }
        out
    }
}

/// A metric interned in the store: cheap to copy, and the fast way to
/// publish datapoints again and again (no lookup by name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MetricHandle {
    pub(super) region: u32,
    pub(super) series: u32,
}

/// The datapoints of `points` (in time order) taken in `[from, to)`.
pub fn window(points: &[Point], from: SimTime, to: SimTime) -> &[Point] {
    let start = points.partition_point(|p| p.time < from);
    let end = points.partition_point(|p| p.time < to).max(start);
    &points[start..end]
}

/// All samples of `points` (in time order) in `[from, to)`, of `unit`
/// only when given, and the unit of the first of them; `None` when there
/// are none.
pub fn aggregate(
    points: &[Point],
    from: SimTime,
    to: SimTime,
    unit: Option<Unit>,
) -> Option<(Aggregate, Unit)> {
    let mut points = window(points, from, to)
        .iter()
        .filter(|p| unit.is_none_or(|u| u == p.unit));
    let first = points.next()?;
    let mut total = first.aggregate;
    for point in points {
        total.merge(&point.aggregate);
    }
    Some((total, first.unit))
}

/// Every metric of one region.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MetricStore {
    index: BTreeMap<MetricKey, u32>,
    series: Vec<Series>,
}

impl MetricStore {
    /// The index of `key`'s series, created empty on first use.
    pub(super) fn intern(&mut self, key: &MetricKey) -> u32 {
        if let Some(&id) = self.index.get(key) {
            return id;
        }
        let id = u32::try_from(self.series.len()).unwrap_or(u32::MAX);
        self.index.insert(key.clone(), id);
        self.series.push(Series::default());
        id
    }

    /// Adds samples to the series `id` at `time`, in a bucket of
    /// `resolution` seconds (60, or 1 for high resolution).
    pub(super) fn put(
        &mut self,
        id: u32,
        time: SimTime,
        resolution: SimTime,
        unit: Unit,
        aggregate: Aggregate,
    ) {
        let resolution = resolution.max(1);
        if let Some(series) = usize::try_from(id)
            .ok()
            .and_then(|i| self.series.get_mut(i))
        {
            series.put(time - time % resolution, unit, aggregate);
        }
    }

    /// The series of `key`, if anything was ever published to it.
    pub fn find(&self, key: &MetricKey) -> Option<&Series> {
        let id = *self.index.get(key)?;
        self.series.get(usize::try_from(id).ok()?)
    }

    /// Every metric with its series, sorted by namespace, name and
    /// dimensions.
    pub fn all(&self) -> impl Iterator<Item = (&MetricKey, &Series)> {
        self.index.iter().filter_map(|(key, &id)| {
            let series = self.series.get(usize::try_from(id).ok()?)?;
            Some((key, series))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn series(points: &[(SimTime, f64)]) -> Series {
        let mut s = Series::default();
        for &(t, v) in points {
            s.put(t, Unit::NONE, Aggregate::single(v));
        }
        s
    }

    #[test]
    fn samples_in_one_bucket_combine() {
        let mut store = MetricStore::default();
        let key = MetricKey::new("App", "Latency", vec![]);
        let id = store.intern(&key);
        assert_eq!(store.intern(&key), id);
        for (t, v) in [(60, 1.0), (70, 3.0), (119, 2.0), (120, 10.0)] {
            store.put(id, t, 60, Unit::NONE, Aggregate::single(v));
        }
        let points = store.find(&key).map(Series::points).unwrap_or_default();
        assert_eq!(points.len(), 2);
        assert_eq!(points[0].time, 60);
        let a = points[0].aggregate;
        assert_eq!(
            (a.sample_count, a.sum, a.minimum, a.maximum),
            (3.0, 6.0, 1.0, 3.0)
        );
        assert_eq!(a.statistic(Statistic::Average), 2.0);
    }

    #[test]
    fn late_samples_are_merged_in_order() {
        let s = series(&[(0, 1.0), (120, 2.0), (60, 5.0), (120, 4.0), (0, 1.0)]);
        let times: Vec<_> = s
            .points()
            .iter()
            .map(|p| (p.time, p.aggregate.sum))
            .collect();
        assert_eq!(times, vec![(0, 2.0), (60, 5.0), (120, 6.0)]);
    }

    #[test]
    fn old_datapoints_are_dropped_after_fifteen_days() {
        let mut s = series(&[(0, 1.0), (60, 1.0)]);
        s.put(RETENTION + PRUNE_BATCH, Unit::NONE, Aggregate::single(1.0));
        assert_eq!(s.points().len(), 1);
    }

    #[test]
    fn periods_start_at_the_start_time() {
        let s = series(&[(0, 1.0), (60, 2.0), (120, 4.0), (300, 8.0)]);
        let periods = s.periods(60, 360, 120, None);
        let sums: Vec<_> = periods.iter().map(|(t, a, _)| (*t, a.sum)).collect();
        assert_eq!(sums, vec![(60, 6.0), (300, 8.0)]);
        assert_eq!(
            aggregate(s.points(), 0, 120, None).map(|(a, _)| a.sum),
            Some(3.0)
        );
        assert_eq!(aggregate(s.points(), 0, 120, Some(Unit::COUNT)), None);
    }

    #[test]
    fn keys_ignore_dimension_order() {
        let d = |n: &str| Dimension {
            name: n.into(),
            value: "v".into(),
        };
        assert_eq!(
            MetricKey::new("N", "M", vec![d("b"), d("a")]),
            MetricKey::new("N", "M", vec![d("a"), d("b")])
        );
    }
}
