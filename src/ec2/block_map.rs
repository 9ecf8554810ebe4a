//! Which content each written block of a volume or snapshot holds: block
//! index → the key of the write that gave it its content. Blocks are
//! written in runs (an operating system's 4,096 at launch, a file's few
//! later), and a run's keys count up with its indices, so the map keeps
//! runs rather than blocks: a launch adds one entry, not thousands.

/// Blocks `first` to `first + count - 1`, holding keys `key` to
/// `key + count - 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    first: u64,
    count: u64,
    key: u64,
}

impl Run {
    /// The index after its last block.
    fn end(&self) -> u64 {
        self.first + self.count
    }

    /// Whether `next` picks up where this run ends, index and key alike:
    /// the two are one run.
    fn continues_into(&self, next: &Run) -> bool {
        self.end() == next.first && self.key + self.count == next.key
    }
}

/// The written blocks of a volume or snapshot, as runs sorted by index,
/// apart from each other, and joined wherever one continues another, so
/// that maps holding the same blocks are equal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BlockMap {
    runs: Vec<Run>,
}

impl BlockMap {
    /// How many blocks are written.
    pub fn len(&self) -> u64 {
        self.runs.iter().map(|run| run.count).sum()
    }

    /// Whether no block is written.
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Each written block's index and key, in index order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, u64)> + '_ {
        self.runs
            .iter()
            .flat_map(|run| (0..run.count).map(move |i| (run.first + i, run.key + i)))
    }

    /// The written blocks' indices, in order.
    pub fn keys(&self) -> impl Iterator<Item = u64> + '_ {
        self.iter().map(|(index, _)| index)
    }

    /// The written blocks' keys, in index order.
    pub fn values(&self) -> impl Iterator<Item = u64> + '_ {
        self.iter().map(|(_, key)| key)
    }

    /// Gives blocks `first` to `first + count - 1` the keys `key` on,
    /// replacing what they held; returns how many it wrote (fewer than
    /// `count` only past the last index).
    pub fn write(&mut self, first: u64, count: u64, key: u64) -> u64 {
        let end = first.saturating_add(count);
        if end == first {
            return 0;
        }
        let written = Run {
            first,
            count: end - first,
            key,
        };
        // The runs the write overlaps: `start..stop`.
        let start = self.runs.partition_point(|run| run.end() <= first);
        let stop = self.runs.partition_point(|run| run.first < end);
        // What is left of them: a head before the write, a tail after it.
        let head = self.runs[start..stop]
            .first()
            .filter(|run| run.first < first)
            .map(|run| Run {
                count: first - run.first,
                ..*run
            });
        let tail = self.runs[start..stop]
            .last()
            .filter(|run| run.end() > end)
            .map(|run| Run {
                first: end,
                count: run.end() - end,
                key: run.key + (end - run.first),
            });
        let at = start + usize::from(head.is_some());
        self.runs.splice(
            start..stop,
            [head, Some(written), tail].into_iter().flatten(),
        );
        self.join(at + 1);
        self.join(at);
        end - first
    }

    /// Joins run `at` to the one before when it continues it.
    fn join(&mut self, at: usize) {
        let continued =
            at > 0 && at < self.runs.len() && self.runs[at - 1].continues_into(&self.runs[at]);
        if continued {
            let run = self.runs.remove(at);
            self.runs[at - 1].count += run.count;
        }
    }
}

/// Collects (index, key) pairs: later pairs overwrite earlier ones with the
/// same index. Pairs in index order are appended, each in constant time.
impl FromIterator<(u64, u64)> for BlockMap {
    fn from_iter<I: IntoIterator<Item = (u64, u64)>>(pairs: I) -> Self {
        let mut map = BlockMap::default();
        for (index, key) in pairs {
            map.write(index, 1, key);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::SeededRng;
    use std::collections::BTreeMap;

    /// The same writes on a map of single blocks.
    fn model(writes: &[(u64, u64, u64)]) -> BTreeMap<u64, u64> {
        let mut blocks = BTreeMap::new();
        for &(first, count, key) in writes {
            for i in 0..count {
                blocks.insert(first + i, key + i);
            }
        }
        blocks
    }

    fn check(writes: &[(u64, u64, u64)]) {
        let mut map = BlockMap::default();
        for &(first, count, key) in writes {
            map.write(first, count, key);
        }
        let expected = model(writes);
        assert_eq!(
            map.iter().collect::<Vec<_>>(),
            expected.iter().map(|(i, k)| (*i, *k)).collect::<Vec<_>>(),
            "{writes:?}"
        );
        assert_eq!(map.len(), expected.len() as u64);
        // The same blocks collected one by one give an equal map.
        assert_eq!(
            map,
            expected.into_iter().collect::<BlockMap>(),
            "{writes:?}"
        );
    }

    #[test]
    fn writes_overwrite_split_and_join_runs() {
        check(&[]);
        check(&[(0, 4096, 1)]);
        check(&[(0, 10, 100), (3, 2, 500)]);
        check(&[(0, 10, 100), (0, 10, 200)]);
        check(&[(5, 5, 100), (0, 20, 200), (8, 1, 300)]);
        check(&[(0, 4, 100), (10, 4, 200), (2, 10, 300)]);
        // Writing back a run's own keys joins the pieces again.
        check(&[(0, 10, 100), (3, 2, 500), (3, 2, 103)]);
        check(&[(0, 3, 100), (3, 3, 103), (6, 1, 106)]);
        check(&[(10, 2, 7), (0, 0, 1)]);
        // A write past the last index stops there.
        let mut map = BlockMap::default();
        assert_eq!(map.write(u64::MAX - 1, 5, 9), 1);
        assert_eq!(map.iter().collect::<Vec<_>>(), [(u64::MAX - 1, 9)]);
    }

    #[test]
    fn seeded_random_writes_agree_with_a_map_of_single_blocks() {
        let mut rng = SeededRng::new(2026);
        let mut next = |below: u64| rng.below(below);
        for _ in 0..500 {
            let writes: Vec<_> = (0..next(12))
                .map(|_| (next(40), next(12), next(3) * 100 + next(40)))
                .collect();
            check(&writes);
        }
    }
}
