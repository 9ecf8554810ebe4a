//! A volume written at random between snapshots, shared by the snapshot
//! store's property test (`tests/snapshot_store.rs`) and its bench
//! (`benches/snapshots.rs`), which include this file by path.
//!
//! The model knows what the volume holds without asking the sandbox: block
//! index → the content written there last, numbered 0, 1, 2, ... in the
//! order blocks were written. Those numbers are the test's own; the block
//! store's keys are never read into the model, so a count or a comparison
//! against the model checks the store from outside.

use aws_sandbox::api::World;
use aws_sandbox::ec2::snapshots::BLOCKS_PER_GIB;
use aws_sandbox::kernel::SeededRng;
use aws_sandbox::ApiError;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The region and zone everything happens in.
pub const REGION: &str = "us-east-1";
const ZONE: &str = "us-east-1a";

/// An EC2 call on `world`; its response as JSON.
pub fn ec2(world: &mut World, action: &str, params: Value) -> Result<Value, ApiError> {
    world
        .call(Some(REGION), "ec2", action, params)
        .and_then(|response| response.to_value())
}

/// An EC2 call that must succeed.
pub fn must(world: &mut World, action: &str, params: Value) -> Value {
    ec2(world, action, params).unwrap_or_else(|e| panic!("{action}: {} {}", e.code, e.message))
}

/// Creates a gp3 volume of `size_gib` (optionally from a snapshot); returns
/// its response.
pub fn create_volume(world: &mut World, size_gib: Option<u64>, snapshot: Option<&str>) -> Value {
    let mut params = json!({"AvailabilityZone": ZONE, "VolumeType": "gp3"});
    if let Some(size) = size_gib {
        params["Size"] = json!(size);
    }
    if let Some(snapshot) = snapshot {
        params["SnapshotId"] = json!(snapshot);
    }
    must(world, "CreateVolume", params)
}

/// Writes blocks `first..first + count` of `volume_id` the way the guest's
/// file writes will once they reach volumes: through
/// `RegionState::write_volume_blocks`, which launches already use to lay
/// down the OS. A `World` is driven directly because a `Sandbox` lends only
/// `&World`, and a write that bypassed its journal would break replay.
pub fn write_blocks(world: &mut World, volume_id: &str, first: u64, count: u64) {
    let (region, _) = world
        .ec2
        .region_and_timers(REGION)
        .expect("the region exists");
    region.write_volume_blocks(volume_id, first, count);
}

/// One write the model made: its blocks and the contents it replaced.
pub struct Write {
    pub first: u64,
    pub count: u64,
    pub replaced: Vec<u64>,
}

/// What a volume holds, kept apart from the sandbox.
pub struct VolumeModel {
    /// Block index → the content it holds.
    pub blocks: BTreeMap<u64, u64>,
    /// The volume's size; writes stay inside it.
    pub size_gib: u64,
    /// Contents written so far (the next content's number).
    pub contents: u64,
}

impl VolumeModel {
    /// An empty volume of `size_gib`.
    pub fn new(size_gib: u64) -> Self {
        Self {
            blocks: BTreeMap::new(),
            size_gib,
            contents: 0,
        }
    }

    /// Gives blocks `first..first + count` (clipped to the volume's size)
    /// new content.
    pub fn write(&mut self, first: u64, count: u64) -> Write {
        let end = first
            .saturating_add(count)
            .min(self.size_gib * BLOCKS_PER_GIB);
        let mut replaced = Vec::new();
        for index in first..end {
            replaced.extend(self.blocks.insert(index, self.contents));
            self.contents += 1;
        }
        Write {
            first,
            count: end.saturating_sub(first),
            replaced,
        }
    }

    /// One to four writes of 1..=`longest` blocks: mostly overwrites of
    /// what is already written, a third of them growth past its end after
    /// a gap of up to `widest_gap` blocks, all clipped to the volume's size.
    pub fn random_writes(
        &mut self,
        rng: &mut SeededRng,
        longest: u64,
        widest_gap: u64,
    ) -> Vec<Write> {
        (0..1 + rng.below(4))
            .map(|_| {
                let written_end = self.blocks.last_key_value().map_or(0, |(i, _)| i + 1);
                let count = 1 + rng.below(longest);
                let first = if written_end == 0 || rng.below(3) == 0 {
                    written_end + rng.below(widest_gap + 1)
                } else {
                    rng.below(written_end)
                };
                self.write(first, count)
            })
            .collect()
    }
}
