//! Snapshot store benchmark: an 8 GiB volume, fully written, snapshotted
//! 1,000 times an hour apart with random block changes in between (and now
//! and then grown with ModifyVolume), then every snapshot deleted in random
//! order. After every step the stored total is checked against a count
//! made from scratch from the test's own model; every 100 steps, and at the
//! end of each phase, also against a brute-force union of the keys every
//! surviving snapshot holds. Prints the time per snapshot and per delete
//! (the checks not included), the stored totals and the heap the snapshots
//! take. Run with `cargo bench --bench snapshots`.

#[path = "../tests/common/volume_model.rs"]
mod volume_model;

use aws_sandbox::api::World;
use aws_sandbox::ec2::snapshots::{BLOCKS_PER_GIB, BLOCK_BYTES};
use aws_sandbox::kernel::SeededRng;
use serde_json::json;
use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use volume_model::{create_volume, ec2, must, write_blocks, VolumeModel, REGION};

const SNAPSHOTS: usize = 1_000;
const VOLUME_GIB: u64 = 8;
/// Longest single write, in blocks (64 MiB): a round changes about 80 MiB,
/// 1% of the volume, on average.
const LONGEST_WRITE: u64 = 128;
/// Widest gap a write past the written end leaves once the volume grew.
const WIDEST_GAP: u64 = 512;
/// Steps between brute-force unions of every survivor's keys, which cost
/// time in proportion to all the blocks all survivors hold.
const UNION_EVERY: usize = 100;

/// The system allocator, counting the bytes in use and their peak, so the
/// bench can say how much memory the snapshots' block maps take.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn counted(grown: usize, shrunk: usize) {
    let now = IN_USE.fetch_add(grown, Ordering::Relaxed) + grown;
    IN_USE.fetch_sub(shrunk, Ordering::Relaxed);
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is passed on to the system allocator unchanged; the
// counters are only statistics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        counted(layout.size(), 0);
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        counted(0, layout.size());
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        counted(new_size, layout.size());
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn megabytes(bytes: usize) -> f64 {
    bytes as f64 / 1e6
}

fn gib(blocks: u64) -> f64 {
    (blocks * BLOCK_BYTES) as f64 / f64::from(1 << 30)
}

/// The stored total counted from scratch from the model, without the
/// store: a content is held by the snapshots taken after it was written
/// and before it was overwritten, an interval of snapshot numbers, and is
/// stored while any snapshot in its interval survives. Contents are kept
/// as (first, past the last) snapshot → how many contents share it.
#[derive(Default)]
struct Lifetimes {
    /// Snapshots taken before each content was written, by content number.
    born: Vec<usize>,
    intervals: BTreeMap<(usize, usize), u64>,
}

impl Lifetimes {
    /// Notes the contents written since the last call (`taken` snapshots
    /// so far) and those they replaced.
    fn wrote(&mut self, model: &VolumeModel, replaced: &[u64], taken: usize) {
        for content in replaced {
            let born = self.born[usize::try_from(*content).expect("a small number")];
            if born < taken {
                *self.intervals.entry((born, taken)).or_insert(0) += 1;
            }
        }
        self.born.resize(
            usize::try_from(model.contents).expect("a small number"),
            taken,
        );
    }

    /// After the last snapshot: the contents still on the volume are held
    /// by every snapshot from their birth on.
    fn close(&mut self, model: &VolumeModel, taken: usize) {
        for content in model.blocks.values() {
            let born = self.born[usize::try_from(*content).expect("a small number")];
            *self.intervals.entry((born, taken)).or_insert(0) += 1;
        }
    }

    /// Contents some surviving snapshot holds, counted afresh.
    fn stored(&self, surviving: &BTreeSet<usize>) -> u64 {
        self.intervals
            .iter()
            .filter(|((first, end), _)| surviving.range(first..end).next().is_some())
            .map(|(_, contents)| contents)
            .sum()
    }
}

/// The store's total, checked against `expected` and, every
/// [`UNION_EVERY`] steps or when `union` is asked for, against the union of
/// the keys every surviving snapshot holds. Returns the time the union took.
fn check(world: &World, expected: u64, step: usize, union: bool, what: &str) -> Duration {
    let region = world.ec2.region(REGION).expect("the region exists");
    let stored = region.stored_snapshot_blocks();
    assert_eq!(stored, expected, "{what} {step}: stored blocks");
    if !union && step % UNION_EVERY != 0 {
        return Duration::ZERO;
    }
    let started = Instant::now();
    let mut keys: Vec<u64> = region
        .snapshots
        .values()
        .flat_map(|snapshot| snapshot.blocks.values())
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(
        stored,
        keys.len() as u64,
        "{what} {step}: brute-force union"
    );
    started.elapsed()
}

fn report(what: &str, count: usize, spent: Duration) {
    let seconds = spent.as_secs_f64();
    println!(
        "{what:<40} {count:>6} in {seconds:>8.3} s = {:>9.3} ms each",
        seconds * 1e3 / count as f64
    );
}

fn main() {
    let mut rng = SeededRng::new(2026);
    let mut world = World::new(1);
    let volume = create_volume(&mut world, Some(VOLUME_GIB), None)["VolumeId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    world.advance(5);
    let mut model = VolumeModel::new(VOLUME_GIB);
    let mut lifetimes = Lifetimes::default();
    let fill = model.write(0, VOLUME_GIB * BLOCKS_PER_GIB);
    write_blocks(&mut world, &volume, fill.first, fill.count);
    lifetimes.wrote(&model, &fill.replaced, 0);
    let heap_before = IN_USE.load(Ordering::Relaxed);

    let mut snapshotting = Duration::ZERO;
    let mut checking = Duration::ZERO;
    let mut unions = Duration::ZERO;
    // Time and block-map entries of the first and the last 100 snapshots,
    // to tell growth with the number of snapshots from growth with the
    // volume.
    let mut windows = [(Duration::ZERO, 0); 2];
    let mut written = 0;
    for taken in 0..SNAPSHOTS {
        if rng.below(100) == 0 {
            let size = model.size_gib + 1;
            if ec2(
                &mut world,
                "ModifyVolume",
                json!({"VolumeId": volume, "Size": size}),
            )
            .is_ok()
            {
                // (A refused one, past four a day, leaves the size as it
                // was.) The new size is usable from `optimizing` on, a
                // minute in.
                world.advance(60);
                model.size_gib = size;
            }
        }
        for write in model.random_writes(&mut rng, LONGEST_WRITE, WIDEST_GAP) {
            write_blocks(&mut world, &volume, write.first, write.count);
            lifetimes.wrote(&model, &write.replaced, taken);
            written += write.count;
        }
        let started = Instant::now();
        must(&mut world, "CreateSnapshot", json!({"VolumeId": volume}));
        let spent = started.elapsed();
        snapshotting += spent;
        let window = if taken < 100 {
            windows.first_mut()
        } else if taken >= SNAPSHOTS - 100 {
            windows.last_mut()
        } else {
            None
        };
        if let Some((time, entries)) = window {
            *time += spent;
            *entries += model.blocks.len();
        }
        world.advance(3600);
        let started = Instant::now();
        let expected = lifetimes.intervals.values().sum::<u64>() + model.blocks.len() as u64;
        unions += check(
            &world,
            expected,
            taken + 1,
            taken + 1 == SNAPSHOTS,
            "snapshot",
        );
        checking += started.elapsed();
    }
    let heap_after_creation = IN_USE.load(Ordering::Relaxed);
    let region = world.ec2.region(REGION).expect("the region exists");
    let stored_after_creation = region.stored_snapshot_blocks();
    let entries: u64 = region.snapshots.values().map(|s| s.blocks.len()).sum();

    lifetimes.close(&model, SNAPSHOTS);
    let mut surviving: BTreeSet<usize> = (0..SNAPSHOTS).collect();
    let mut order: Vec<(usize, String)> = region.snapshots.keys().cloned().enumerate().collect();
    let mut deleting = Duration::ZERO;
    let mut deleted = 0;
    while !order.is_empty() {
        let (number, id) = order.swap_remove(rng.below(order.len() as u64) as usize);
        let started = Instant::now();
        must(&mut world, "DeleteSnapshot", json!({"SnapshotId": id}));
        deleting += started.elapsed();
        surviving.remove(&number);
        deleted += 1;
        let started = Instant::now();
        unions += check(
            &world,
            lifetimes.stored(&surviving),
            deleted,
            order.is_empty(),
            "delete",
        );
        checking += started.elapsed();
    }

    println!(
        "{VOLUME_GIB} GiB volume, fully written; {SNAPSHOTS} snapshots an hour apart, \
         {:.1} MiB written between them on average; the volume grew to {} GiB",
        (written * BLOCK_BYTES) as f64 / SNAPSHOTS as f64 / f64::from(1 << 20),
        model.size_gib
    );
    report("CreateSnapshot", SNAPSHOTS, snapshotting);
    for ((time, entries), which) in windows.iter().zip(["first", "last"]) {
        report(
            &format!("  ... the {which} 100 ({} blocks each)", entries / 100),
            100,
            *time,
        );
    }
    report("DeleteSnapshot (random order)", SNAPSHOTS, deleting);
    println!(
        "checks after every step: {:.2} s, of which {:.2} s brute-force unions every {UNION_EVERY} steps",
        checking.as_secs_f64(),
        unions.as_secs_f64()
    );
    println!(
        "stored after {SNAPSHOTS} snapshots: {stored_after_creation} blocks ({:.1} GiB) for \
         {entries} block-map entries ({:.1} GiB as full copies); after deleting all: {}",
        gib(stored_after_creation),
        gib(entries),
        world
            .ec2
            .region(REGION)
            .map_or(0, |r| r.stored_snapshot_blocks())
    );
    // What deleting every snapshot gave back is what they held: their
    // block maps and the store's reference counts.
    let held = heap_after_creation.saturating_sub(IN_USE.load(Ordering::Relaxed));
    println!(
        "heap: {:.0} MB grew while snapshotting, {:.0} MB freed by deleting them all \
         ({:.1} bytes per block-map entry); peak {:.0} MB",
        megabytes(heap_after_creation.saturating_sub(heap_before)),
        megabytes(held),
        held as f64 / entries as f64,
        megabytes(PEAK.load(Ordering::Relaxed))
    );
}
