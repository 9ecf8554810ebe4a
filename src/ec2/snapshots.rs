//! EBS snapshots: CreateSnapshot, DescribeSnapshots, DeleteSnapshot, and
//! the block store that makes them incremental. A volume is a map of
//! written blocks (512 KiB each, as the EBS direct APIs count them); each
//! write gives a block a new key. A snapshot keeps the volume's map as it
//! was; the store counts how many snapshots reference each key, so a key is
//! stored (and billed) once however many snapshots share it, and is freed
//! when the last of them is deleted.

use super::block_map::BlockMap;
use super::filters::{self, Filter, Filterable};
use super::guest::disks::VolumeFilesystem;
use super::guest::Guest;
use super::paging::{self, PageRequest};
use super::tags::{tags_for, validate_tags, Tag, TagSpecification};
use super::volumes::volume_not_found;
use super::{RegionState, Timer, TimerKind};
use crate::kernel::clock::Iso8601;
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context, Scheduler, SimTime};
use crate::sts::ACCOUNT_ID;
use serde::Serialize;
use std::collections::BTreeMap;

/// Bytes in one block.
pub const BLOCK_BYTES: u64 = 512 * 1024;
/// Blocks in one GiB.
pub const BLOCKS_PER_GIB: u64 = (1 << 30) / BLOCK_BYTES;
/// Blocks a snapshot copies per simulated second (about 100 MiB/s).
const BLOCKS_PER_SECOND: u64 = 200;
/// Seconds every snapshot takes at least, even with nothing new to store.
const MINIMUM_SECONDS: u64 = 10;

/// The blocks of every volume and snapshot of a region, and how many
/// snapshots reference each stored key.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlockStore {
    /// Written blocks of each volume.
    volumes: BTreeMap<String, BlockMap>,
    /// How many snapshots reference each key.
    references: BTreeMap<u64, u32>,
    /// The key the next write gets.
    next_key: u64,
}

impl BlockStore {
    /// Writes `count` blocks of `volume_id` from block `first` on: each gets
    /// new content.
    pub fn write(&mut self, volume_id: &str, first: u64, count: u64) {
        let key = self.next_key;
        let blocks = self.volumes.entry(volume_id.to_string()).or_default();
        self.next_key += blocks.write(first, count, key);
    }

    /// The written blocks of `volume_id`.
    pub fn volume(&self, volume_id: &str) -> Option<&BlockMap> {
        self.volumes.get(volume_id)
    }

    fn set_volume(&mut self, volume_id: &str, blocks: BlockMap) {
        self.volumes.insert(volume_id.to_string(), blocks);
    }

    fn forget_volume(&mut self, volume_id: &str) {
        self.volumes.remove(volume_id);
    }

    /// Takes a reference on every key of `blocks`; returns how many keys were
    /// not stored before (what the new snapshot adds to the total).
    fn reference(&mut self, blocks: &BlockMap) -> u64 {
        let mut added = 0;
        for key in blocks.values() {
            let count = self.references.entry(key).or_insert(0);
            if *count == 0 {
                added += 1;
            }
            *count += 1;
        }
        added
    }

    /// Drops a reference on every key of `blocks`, freeing unreferenced keys.
    fn release(&mut self, blocks: &BlockMap) {
        for key in blocks.values() {
            if let Some(count) = self.references.get_mut(&key) {
                *count -= 1;
                if *count == 0 {
                    self.references.remove(&key);
                }
            }
        }
    }

    /// A key no block has had.
    fn new_key(&mut self) -> u64 {
        let key = self.next_key;
        self.next_key += 1;
        key
    }

    /// `blocks` under new keys of this store (a copy from another region:
    /// the first copy stores everything). Blocks that share a key in
    /// `blocks` share the new one.
    fn adopt(&mut self, blocks: &BlockMap) -> BlockMap {
        let mut renamed = BTreeMap::new();
        blocks
            .iter()
            .map(|(index, key)| {
                let new = *renamed.entry(key).or_insert_with(|| self.new_key());
                (index, new)
            })
            .collect()
    }

    /// `count` newly written blocks from index 0 on (a public image's
    /// operating system, copied).
    fn fresh(&mut self, count: u64) -> BlockMap {
        let mut blocks = BlockMap::default();
        self.next_key += blocks.write(0, count, self.next_key);
        blocks
    }

    /// Blocks stored for all snapshots together.
    pub fn stored_blocks(&self) -> u64 {
        self.references.len() as u64
    }
}

/// The volume id a copied snapshot shows, as on AWS.
const COPY_VOLUME_ID: &str = "vol-ffffffff";

/// An EBS snapshot.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub id: String,
    pub volume_id: String,
    pub volume_size_gib: u32,
    pub description: String,
    pub encrypted: bool,
    pub start_time: SimTime,
    /// When it completes: copying takes time in proportion to the blocks it
    /// adds to the store.
    pub completion_time: SimTime,
    /// The volume's blocks at the moment of the snapshot.
    pub blocks: BlockMap,
    /// The files, packages and services of the guest whose root volume
    /// this was, as they were: what an instance from an AMI of it boots.
    pub guest: Option<Box<Guest>>,
    /// The data volume's filesystem as it was.
    pub filesystem: Option<VolumeFilesystem>,
}

impl Snapshot {
    /// `pending` or `completed` at `now`.
    pub fn state(&self, now: SimTime) -> &'static str {
        if now >= self.completion_time {
            "completed"
        } else {
            "pending"
        }
    }

    /// Percent copied at `now`.
    pub fn progress(&self, now: SimTime) -> u64 {
        let total = self.completion_time.saturating_sub(self.start_time).max(1);
        (now.saturating_sub(self.start_time) * 100 / total).min(100)
    }
}

/// Request of CreateSnapshot.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateSnapshotRequest {
    pub volume_id: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub outpost_arn: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub tag_specifications: Vec<TagSpecification>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeleteSnapshot.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteSnapshotRequest {
    pub snapshot_id: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeSnapshots.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeSnapshotsRequest {
    #[serde(default)]
    pub snapshot_ids: Vec<String>,
    #[serde(default)]
    pub owner_ids: Vec<String>,
    #[serde(default)]
    pub restorable_by_user_ids: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// A snapshot as the API prints it (also the response of CreateSnapshot).
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct SnapshotDescription {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub storage_tier: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub completion_time: Option<Iso8601>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_snapshot_size_in_bytes: Option<u64>,
    pub snapshot_id: String,
    pub volume_id: String,
    pub state: &'static str,
    pub start_time: Iso8601,
    pub progress: String,
    pub owner_id: &'static str,
    pub description: String,
    pub volume_size: u32,
    pub encrypted: bool,
}

/// Response of DescribeSnapshots.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeSnapshotsResponse {
    pub snapshots: Vec<SnapshotDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Filterable for SnapshotDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |value: String| Some(vec![value]);
        match name {
            "snapshot-id" => one(self.snapshot_id.clone()),
            "volume-id" => one(self.volume_id.clone()),
            "status" => one(self.state.into()),
            "owner-id" => one(self.owner_id.into()),
            "description" => one(self.description.clone()),
            "progress" => one(self.progress.clone()),
            "start-time" => one(self.start_time.to_string()),
            "volume-size" => one(self.volume_size.to_string()),
            "encrypted" => one(self.encrypted.to_string()),
            "storage-tier" => one(self.storage_tier.into()),
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}

/// How one snapshot's data is held, for the page's storage detail (not an
/// AWS response: the console's snapshot pages show no such breakdown, but
/// this is what incremental snapshots bill).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotStorage {
    /// The snapshot.
    pub snapshot_id: String,
    /// The volume it was taken of.
    pub volume_id: String,
    /// Bytes of blocks this snapshot stores itself (no older snapshot holds
    /// them).
    pub stored_bytes: u64,
    /// Bytes of its blocks that older snapshots store.
    pub referenced_bytes: u64,
    /// Its full size: every written block of the volume when it was taken.
    pub total_bytes: u64,
}

/// `InvalidSnapshot.NotFound`.
pub fn snapshot_not_found(id: &str) -> ApiError {
    ApiError::new(
        "InvalidSnapshot.NotFound",
        format!("The snapshot '{id}' does not exist."),
    )
}

/// Whole GiB needed for `blocks` blocks, rounded up.
pub fn gib_of(blocks: u64) -> u64 {
    blocks.div_ceil(BLOCKS_PER_GIB)
}

impl RegionState {
    /// The size (GiB) of the volume snapshot `id` was taken of: the least a
    /// volume restored from it may have.
    pub fn snapshot_size(&self, id: &str) -> Result<u32, ApiError> {
        self.snapshots
            .get(id)
            .map(|s| s.volume_size_gib)
            .ok_or_else(|| ApiError::new("InvalidSnapshot.NotFound", "Snapshot does not exist"))
    }

    /// A volume restored from `snapshot_id` holds the snapshot's blocks
    /// and filesystem.
    pub(super) fn restore_from_snapshot(&mut self, volume_id: &str, snapshot_id: &str) {
        if let Some(snapshot) = self.snapshots.get(snapshot_id) {
            let blocks = snapshot.blocks.clone();
            let filesystem = snapshot.filesystem.clone();
            self.blocks.set_volume(volume_id, blocks);
            if let Some(volume) = self.volumes.get_mut(volume_id) {
                volume.filesystem = filesystem;
            }
        }
    }

    /// A volume is gone: with its blocks (its snapshots keep theirs).
    pub(super) fn remove_volume(&mut self, ctx: &mut Context, volume_id: &str) {
        self.volumes.shift_remove(volume_id);
        self.blocks.forget_volume(volume_id);
        self.deleted(ctx, "volume", volume_id);
    }

    /// Blocks each snapshot stores itself: a key is counted in the oldest
    /// snapshot that references it, as AWS moves data still needed by later
    /// snapshots into them when an older one is deleted.
    pub fn blocks_stored_by_each_snapshot(&self) -> BTreeMap<String, u64> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stored = BTreeMap::new();
        for snapshot in self.snapshots.values() {
            let own = snapshot
                .blocks
                .values()
                .filter(|key| seen.insert(*key))
                .count();
            stored.insert(snapshot.id.clone(), own as u64);
        }
        stored
    }

    pub(super) fn describe_snapshot(
        &self,
        snapshot: &Snapshot,
        now: SimTime,
    ) -> SnapshotDescription {
        let completed = now >= snapshot.completion_time;
        SnapshotDescription {
            tags: self.tags.optional(&snapshot.id),
            storage_tier: "standard",
            completion_time: completed.then_some(Iso8601(snapshot.completion_time)),
            full_snapshot_size_in_bytes: completed.then_some(snapshot.blocks.len() * BLOCK_BYTES),
            snapshot_id: snapshot.id.clone(),
            volume_id: snapshot.volume_id.clone(),
            state: snapshot.state(now),
            start_time: Iso8601(snapshot.start_time),
            progress: format!("{}%", snapshot.progress(now)),
            owner_id: ACCOUNT_ID,
            description: snapshot.description.clone(),
            volume_size: snapshot.volume_size_gib,
            encrypted: snapshot.encrypted,
        }
    }

    /// CreateSnapshot: `pending` while the blocks new since the volume's
    /// last snapshot are copied, then `completed`. The volume stays usable.
    pub fn create_snapshot(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        request: CreateSnapshotRequest,
    ) -> Result<SnapshotDescription, ApiError> {
        let volume = self
            .volumes
            .get(&request.volume_id)
            .ok_or_else(|| volume_not_found(&request.volume_id))?;
        let tags = tags_for(&request.tag_specifications, "snapshot");
        validate_tags(&tags)?;
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        let volume_id = volume.id.clone();
        let id = self.take_snapshot(
            ctx,
            timers,
            &volume_id,
            request.description.unwrap_or_default(),
            &tags,
        );
        let snapshot = self
            .snapshots
            .get(&id)
            .ok_or_else(|| snapshot_not_found(&id))?;
        Ok(self.describe_snapshot(snapshot, ctx.now))
    }

    /// Snapshots volume `volume_id` (which exists): references its blocks,
    /// keeps the files of the guest whose root it is, and schedules the
    /// completion. Returns the new snapshot's id.
    pub(super) fn take_snapshot(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        volume_id: &str,
        description: String,
        tags: &[Tag],
    ) -> String {
        // Crash-consistent: what the guest wrote so far, files of mounted
        // volumes included.
        self.flush_guest_writes();
        self.sync_mounts();
        let blocks = self.blocks.volume(volume_id).cloned().unwrap_or_default();
        let guest = self
            .instances
            .values()
            .find(|i| i.volumes.first().is_some_and(|v| v.volume_id == volume_id))
            .and_then(|i| self.guests.get(&i.id))
            .map(|g| {
                // The root's files only: mounted volumes are not part of it.
                let mut root = g.clone();
                for at in g.mounts.keys() {
                    root.fs.remove_below(at);
                }
                root.mounts.clear();
                Box::new(root)
            });
        let volume = self.volumes.get(volume_id);
        let snapshot = Snapshot {
            volume_id: volume_id.to_string(),
            volume_size_gib: volume.map_or(0, |v| v.performance.size_gib),
            description,
            encrypted: volume.is_some_and(|v| v.encrypted),
            blocks,
            guest,
            filesystem: volume.and_then(|v| v.filesystem.clone()),
            ..Snapshot::default()
        };
        let id = self.store_snapshot(ctx, timers, snapshot);
        self.tags.set(&id, tags);
        id
    }

    /// Stores `snapshot`: references its blocks, draws its id, and keeps it
    /// `pending` while the blocks new to the store are copied. Returns the id.
    fn store_snapshot(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        mut snapshot: Snapshot,
    ) -> String {
        let added = self.blocks.reference(&snapshot.blocks);
        let id = ctx.ids.next("snap");
        snapshot.id = id.clone();
        snapshot.start_time = ctx.now;
        snapshot.completion_time = ctx
            .now
            .saturating_add(MINIMUM_SECONDS + added / BLOCKS_PER_SECOND);
        timers.schedule(
            snapshot.completion_time,
            Timer {
                region: self.name.clone(),
                resource_id: id.clone(),
                transition: 0,
                kind: TimerKind::SnapshotCompleted,
            },
        );
        self.snapshots.insert(id.clone(), snapshot);
        ctx.created("snapshot", id.clone());
        id
    }

    /// DeleteSnapshot: frees the blocks no other snapshot references.
    /// Refused while a registered AMI uses the snapshot.
    pub fn delete_snapshot(
        &mut self,
        ctx: &mut Context,
        request: DeleteSnapshotRequest,
    ) -> Result<(), ApiError> {
        let id = request.snapshot_id.as_str();
        if !self.snapshots.contains_key(id) {
            return Err(snapshot_not_found(id));
        }
        if let Some(image) = self.images.iter().find(|image| {
            image
                .block_device_mappings
                .iter()
                .any(|m| m.ebs.snapshot_id == id)
        }) {
            return Err(ApiError::new(
                "InvalidSnapshot.InUse",
                format!(
                    "The snapshot {id} is currently in use by {}",
                    image.image_id
                ),
            ));
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        if let Some(snapshot) = self.snapshots.shift_remove(id) {
            self.blocks.release(&snapshot.blocks);
        }
        self.deleted(ctx, "snapshot", id);
        Ok(())
    }

    /// DescribeSnapshots: the account's own snapshots (the sandbox has no
    /// public ones, so `--owner-ids self` and no owner list agree).
    pub fn describe_snapshots(
        &self,
        ctx: &Context,
        request: &DescribeSnapshotsRequest,
    ) -> Result<DescribeSnapshotsResponse, ApiError> {
        let ours = request.owner_ids.is_empty()
            || request
                .owner_ids
                .iter()
                .any(|owner| owner == "self" || owner == ACCOUNT_ID);
        let none = indexmap::IndexMap::new();
        let (snapshots, next_token) = paging::describe_page(
            if ours { &self.snapshots } else { &none },
            &request.snapshot_ids,
            snapshot_not_found,
            |snapshot| self.describe_snapshot(snapshot, ctx.now),
            &request.filters,
            PageRequest {
                what: "snapshots",
                max_results: request.max_results,
                next_token: request.next_token.as_deref(),
                most: 1000,
            },
        )?;
        Ok(DescribeSnapshotsResponse {
            snapshots,
            next_token,
        })
    }

    /// Adds a copy of `source` (from another region) to this region: its
    /// blocks stored anew, `pending` until copied. Returns the copy's id.
    pub(super) fn add_copied_snapshot(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        source: &Snapshot,
        description: String,
    ) -> String {
        let copy = Snapshot {
            // Copies name no volume of their own.
            volume_id: COPY_VOLUME_ID.into(),
            description,
            blocks: self.blocks.adopt(&source.blocks),
            ..source.clone()
        };
        self.store_snapshot(ctx, timers, copy)
    }

    /// Adds this region's copy of a public image's root snapshot: the image's
    /// operating system, stored as the account's own. Returns its id.
    pub(super) fn add_copied_os_snapshot(
        &mut self,
        ctx: &mut Context,
        timers: &mut Scheduler<Timer>,
        size_gib: u32,
        os_blocks: u64,
        description: String,
    ) -> String {
        let copy = Snapshot {
            volume_id: COPY_VOLUME_ID.into(),
            volume_size_gib: size_gib,
            description,
            blocks: self.blocks.fresh(os_blocks),
            ..Snapshot::default()
        };
        self.store_snapshot(ctx, timers, copy)
    }

    /// Writes `count` blocks of `volume_id` from block `first` on, as the
    /// guest's writes do.
    pub fn write_volume_blocks(&mut self, volume_id: &str, first: u64, count: u64) {
        self.blocks.write(volume_id, first, count);
    }

    /// Blocks stored for all of the region's snapshots together.
    pub fn stored_snapshot_blocks(&self) -> u64 {
        self.blocks.stored_blocks()
    }

    /// Per snapshot, oldest first: what it stores itself and what it
    /// references of blocks older snapshots store (see
    /// [`Self::blocks_stored_by_each_snapshot`]).
    pub fn snapshot_storage(&self) -> Vec<SnapshotStorage> {
        let stored = self.blocks_stored_by_each_snapshot();
        self.snapshots
            .values()
            .map(|snapshot| {
                let total = snapshot.blocks.len();
                let own = stored.get(&snapshot.id).copied().unwrap_or_default();
                SnapshotStorage {
                    snapshot_id: snapshot.id.clone(),
                    volume_id: snapshot.volume_id.clone(),
                    stored_bytes: own * BLOCK_BYTES,
                    referenced_bytes: (total - own) * BLOCK_BYTES,
                    total_bytes: total * BLOCK_BYTES,
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot(store: &mut BlockStore, volume: &str) -> BlockMap {
        let blocks = store.volume(volume).cloned().unwrap_or_default();
        store.reference(&blocks);
        blocks
    }

    #[test]
    fn the_documented_example_of_incremental_snapshots() {
        let gib = BLOCKS_PER_GIB;
        let mut store = BlockStore::default();
        store.write("vol-1", 0, 10 * gib);
        let a = snapshot(&mut store, "vol-1");
        assert_eq!(store.stored_blocks(), 10 * gib, "A stores 10 GiB");
        store.write("vol-1", 0, 4 * gib);
        let b = snapshot(&mut store, "vol-1");
        assert_eq!(
            store.stored_blocks(),
            14 * gib,
            "B stores the 4 GiB changed"
        );
        store.write("vol-1", 10 * gib, 2 * gib);
        let c = snapshot(&mut store, "vol-1");
        assert_eq!(store.stored_blocks(), 16 * gib, "C stores the 2 GiB added");
        store.release(&a);
        assert_eq!(
            store.stored_blocks(),
            12 * gib,
            "deleting A frees only its 4 GiB"
        );
        // B and C still restore complete volumes: every block they name is stored.
        for blocks in [&b, &c] {
            assert!(blocks
                .values()
                .all(|key| store.references.contains_key(&key)));
        }
        assert_eq!(b.len(), 10 * gib);
        assert_eq!(c.len(), 12 * gib);
    }
}
