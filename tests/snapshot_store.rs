//! The snapshot block store, property-tested: a volume written at random
//! (overwrites, growth past its end, the volume itself grown with
//! ModifyVolume) is snapshotted after every round of writes, then every
//! snapshot is deleted in random order. After every step the stored total
//! must equal a brute-force count of the distinct contents the surviving
//! snapshots hold (and each snapshot's own share match the model's), and
//! every surviving snapshot must still restore, through CreateVolume,
//! exactly the volume it captured.

#[path = "common/volume_model.rs"]
mod volume_model;

use aws_sandbox::api::World;
use aws_sandbox::ec2::block_map::BlockMap;
use aws_sandbox::ec2::snapshots::BLOCKS_PER_GIB;
use aws_sandbox::kernel::SeededRng;
use serde_json::json;
use std::collections::BTreeMap;
use volume_model::{create_volume, ec2, must, write_blocks, VolumeModel, REGION};

/// Snapshots per seed: enough for hundreds of shared and freed blocks, few
/// enough that restoring every survivor after every step stays quick in a
/// debug build (the bench takes 1,000).
const SNAPSHOTS: usize = 32;
const SEEDS: u64 = 4;
/// Longest single write, in blocks.
const LONGEST_WRITE: u64 = 8;
/// Widest gap a write past the written end leaves: the volume's written
/// extent outgrows its first GiB while its maps stay small.
const WIDEST_GAP: u64 = 200;

/// A snapshot the test took: what the model says it holds, and the
/// volume's blocks as the store had them then (checked against the model
/// when taken), which every later restore must give back unchanged.
struct Taken {
    id: String,
    size_gib: u64,
    model: BTreeMap<u64, u64>,
    captured: BlockMap,
}

/// The store names contents by its own keys, the model by its own
/// numbers; the two must correspond one to one, so that a key never stands
/// for two contents nor a content for two keys.
#[derive(Default)]
struct Correspondence {
    by_key: BTreeMap<u64, u64>,
    by_content: Vec<Option<u64>>,
}

impl Correspondence {
    /// Checks that the store's `blocks` hold what the model's `expected`
    /// does, block for block.
    fn check(&mut self, blocks: &BlockMap, expected: &BTreeMap<u64, u64>, step: &str) {
        assert_eq!(
            blocks.keys().collect::<Vec<_>>(),
            expected.keys().copied().collect::<Vec<_>>(),
            "{step}: written blocks of the volume"
        );
        for (key, content) in blocks.values().zip(expected.values()) {
            assert_eq!(
                *self.by_key.entry(key).or_insert(*content),
                *content,
                "{step}: key {key} holds two contents"
            );
            let slot = usize::try_from(*content).expect("a small number");
            if self.by_content.len() <= slot {
                self.by_content.resize(slot + 1, None);
            }
            assert_eq!(
                *self.by_content[slot].get_or_insert(key),
                key,
                "{step}: content {content} has two keys"
            );
        }
    }
}

/// The volume's blocks in the store (none written yet: empty).
fn blocks_of(world: &World, volume_id: &str) -> BlockMap {
    world
        .ec2
        .region(REGION)
        .and_then(|region| region.blocks.volume(volume_id))
        .cloned()
        .unwrap_or_default()
}

/// The stored total against a brute-force count of the distinct contents
/// the surviving snapshots hold (each counted in the oldest survivor that
/// holds it, as AWS keeps data a deleted snapshot shared in a later one),
/// and every survivor restored and compared with what it captured.
/// `taken` is in the order the snapshots were taken.
fn check(world: &mut World, model: &VolumeModel, taken: &[Taken], step: &str) {
    let mut held = vec![false; usize::try_from(model.contents).expect("a small number")];
    let mut own = BTreeMap::new();
    for snapshot in taken {
        let mut new = 0;
        for content in snapshot.model.values() {
            let slot = &mut held[usize::try_from(*content).expect("a small number")];
            new += u64::from(!*slot);
            *slot = true;
        }
        own.insert(snapshot.id.clone(), new);
    }
    let region = world.ec2.region(REGION).expect("the region exists");
    assert_eq!(
        region.stored_snapshot_blocks(),
        own.values().sum::<u64>(),
        "{step}: stored blocks against a brute-force count"
    );
    assert_eq!(
        region.blocks_stored_by_each_snapshot(),
        own,
        "{step}: what each snapshot stores itself"
    );
    let mut restored = Vec::new();
    for snapshot in taken {
        let volume = create_volume(world, None, Some(&snapshot.id));
        assert_eq!(volume["Size"], snapshot.size_gib, "{step}: restored size");
        let id = volume["VolumeId"].as_str().unwrap_or_default().to_string();
        assert!(
            blocks_of(world, &id) == snapshot.captured,
            "{step}: a volume restored from {} differs from what it captured",
            snapshot.id
        );
        restored.push(id);
    }
    world.advance(5);
    for id in restored {
        must(world, "DeleteVolume", json!({"VolumeId": id}));
    }
    world.advance(10);
}

/// One seeded run: snapshots after rounds of writes, then every snapshot
/// deleted in random order, every invariant checked after every step.
fn run(seed: u64) {
    let mut rng = SeededRng::new(seed * 104_729);
    let mut world = World::new(seed);
    let volume = create_volume(&mut world, Some(1), None)["VolumeId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    world.advance(5);
    let mut model = VolumeModel::new(1);
    let mut known = Correspondence::default();
    let mut taken = Vec::new();
    let mut overwritten = 0;
    for n in 0..SNAPSHOTS {
        let grown = model.size_gib + 1;
        let modified = rng.below(8) == 0
            && match ec2(
                &mut world,
                "ModifyVolume",
                json!({"VolumeId": volume, "Size": grown}),
            ) {
                Ok(_) => true,
                // Four modifications a day at most: this one waits.
                Err(e) if e.code == "VolumeModificationRateExceeded" => false,
                Err(e) => panic!("ModifyVolume: {} {}", e.code, e.message),
            };
        for write in model.random_writes(&mut rng, LONGEST_WRITE, WIDEST_GAP) {
            write_blocks(&mut world, &volume, write.first, write.count);
            overwritten += write.replaced.len();
        }
        let step = format!("seed {seed}, snapshot {n}");
        let captured = blocks_of(&world, &volume);
        known.check(&captured, &model.blocks, &step);
        let id = must(&mut world, "CreateSnapshot", json!({"VolumeId": volume}))["SnapshotId"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        taken.push(Taken {
            id,
            size_gib: model.size_gib,
            model: model.blocks.clone(),
            captured,
        });
        // An hour on: the snapshot has completed, and a modification begun
        // above has made the new size usable.
        world.advance(3600);
        if modified {
            model.size_gib = grown;
        }
        check(&mut world, &model, &taken, &step);
    }
    assert!(
        overwritten > 0
            && model.size_gib > 1
            && model
                .blocks
                .last_key_value()
                .is_some_and(|(index, _)| *index >= BLOCKS_PER_GIB),
        "seed {seed}: blocks were overwritten, and the volume grew and was written past its first GiB"
    );
    while !taken.is_empty() {
        let snapshot = taken.remove(rng.below(taken.len() as u64) as usize);
        must(
            &mut world,
            "DeleteSnapshot",
            json!({"SnapshotId": snapshot.id}),
        );
        let step = format!("seed {seed}, {} deleted", snapshot.id);
        check(&mut world, &model, &taken, &step);
    }
    let region = world.ec2.region(REGION).expect("the region exists");
    assert_eq!(region.stored_snapshot_blocks(), 0, "seed {seed}: all freed");
}

#[test]
fn stored_blocks_match_a_brute_force_count_and_every_snapshot_restores_its_volume() {
    // Seeds run side by side: restoring every survivor after every step
    // costs time that grows with the square of the snapshots.
    std::thread::scope(|scope| {
        for seed in 1..=SEEDS {
            scope.spawn(move || run(seed));
        }
    });
}
