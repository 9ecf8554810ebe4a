//! EBS volumes and snapshots through the API: their states over simulated
//! time, AWS's validation and errors, and what terminating an instance does
//! to its volumes.

mod common;

use aws_sandbox::Sandbox;
use common::{call, error, launch_in};
use serde_json::{json, Value};

fn volume(s: &mut Sandbox, id: &str) -> Value {
    call(s, "DescribeVolumes", json!({"VolumeIds": [id]}))["Volumes"][0].clone()
}

fn create_volume(s: &mut Sandbox, params: Value) -> String {
    call(s, "CreateVolume", params)["VolumeId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_launch_creates_its_root_volume_attached_and_in_use() {
    let mut s = Sandbox::new(1);
    let instance = launch_in(&mut s, "us-east-1a");
    s.advance(60);
    let described = call(
        &mut s,
        "DescribeVolumes",
        json!({"Filters": [{"Name": "attachment.instance-id", "Values": [instance]}]}),
    );
    let root = &described["Volumes"][0];
    assert_eq!(root["State"], "in-use");
    assert_eq!(root["Size"], 8);
    assert_eq!(root["VolumeType"], "gp3");
    assert_eq!(root["Iops"], 3000);
    assert_eq!(root["Throughput"], 125);
    assert_eq!(root["AvailabilityZone"], "us-east-1a");
    assert!(root["SnapshotId"]
        .as_str()
        .unwrap_or_default()
        .starts_with("snap-"));
    let attachment = &root["Attachments"][0];
    assert_eq!(attachment["InstanceId"], instance.as_str());
    assert_eq!(attachment["Device"], "/dev/xvda");
    assert_eq!(attachment["State"], "attached");
    assert_eq!(attachment["DeleteOnTermination"], true);
    let mapping = &call(
        &mut s,
        "DescribeInstances",
        json!({"InstanceIds": [instance]}),
    )["Reservations"][0]["Instances"][0]["BlockDeviceMappings"][0];
    assert_eq!(mapping["Ebs"]["VolumeId"], root["VolumeId"]);
}

#[test]
fn create_volume_validates_as_aws_and_becomes_available() {
    let mut s = Sandbox::new(1);
    let zone = json!("us-east-1a");
    let cases = [
        (
            json!({"AvailabilityZone": zone}),
            "MissingParameter",
            "The request must contain the parameter size or snapshotId",
        ),
        (
            json!({"AvailabilityZone": zone, "Size": 20000, "VolumeType": "gp2"}),
            "InvalidParameterValue",
            "Volume of 20000GiB is too large for volume type gp2; maximum is 16384GiB",
        ),
        (
            json!({"AvailabilityZone": zone, "Size": 10, "VolumeType": "st1"}),
            "InvalidParameterValue",
            "Volume of 10GiB is too small; minimum is 125GiB",
        ),
        (
            json!({"AvailabilityZone": zone, "Size": 10, "VolumeType": "io1"}),
            "MissingParameter",
            "The request must contain the parameter iops for volume type io1",
        ),
        (
            json!({"AvailabilityZone": zone, "Size": 10, "VolumeType": "gp2", "Iops": 500}),
            "InvalidParameterCombination",
            "The parameter iops is not supported for gp2 volumes.",
        ),
        (
            json!({"AvailabilityZone": zone, "Size": 10, "VolumeType": "gp2", "Throughput": 200}),
            "InvalidParameterCombination",
            "throughput can only be specified for volumeType gp3.",
        ),
        (
            json!({"AvailabilityZone": zone, "Size": 20, "VolumeType": "io1", "Iops": 15000}),
            "InvalidParameterValue",
            "Iops to volume size ratio of 750.000000 is too high; maximum is 50",
        ),
        (
            json!({"AvailabilityZone": "us-east-1z", "Size": 10}),
            "InvalidParameterValue",
            "Invalid availability zone: [us-east-1z]",
        ),
    ];
    for (params, code, message) in cases {
        assert_eq!(
            error(&mut s, "CreateVolume", params.clone()),
            (code.to_string(), message.to_string()),
            "{params}"
        );
    }
    let created = call(
        &mut s,
        "CreateVolume",
        json!({"AvailabilityZone": zone, "Size": 80, "VolumeType": "gp2",
               "TagSpecifications": [{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": "data"}]}]}),
    );
    assert_eq!(created["State"], "creating");
    assert_eq!(created["Iops"], 240, "gp2 gives 3 IOPS per GiB");
    assert_eq!(created["SnapshotId"], "");
    assert_eq!(created["MultiAttachEnabled"], false);
    assert_eq!(created["Tags"][0]["Value"], "data");
    let id = created["VolumeId"].as_str().unwrap_or_default().to_string();
    assert!(id.starts_with("vol-") && id.len() == 21);
    s.advance(5);
    assert_eq!(volume(&mut s, &id)["State"], "available");
    let filtered = call(
        &mut s,
        "DescribeVolumes",
        json!({"Filters": [{"Name": "status", "Values": ["available"]}]}),
    );
    assert_eq!(filtered["Volumes"].as_array().map(Vec::len), Some(1));
}

#[test]
fn attach_detach_and_delete_follow_the_volume_states() {
    let mut s = Sandbox::new(1);
    let instance = launch_in(&mut s, "us-east-1a");
    let elsewhere = create_volume(
        &mut s,
        json!({"AvailabilityZone": "us-east-1b", "Size": 10}),
    );
    let id = create_volume(
        &mut s,
        json!({"AvailabilityZone": "us-east-1a", "Size": 10}),
    );
    let attach = json!({"VolumeId": id, "InstanceId": instance, "Device": "/dev/sdf"});
    assert_eq!(
        error(&mut s, "AttachVolume", attach.clone()).0,
        "IncorrectState",
        "a creating volume and a pending instance cannot attach"
    );
    s.advance(60);
    assert_eq!(
        error(
            &mut s,
            "AttachVolume",
            json!({"VolumeId": elsewhere, "InstanceId": instance, "Device": "/dev/sdf"})
        ),
        (
            "InvalidVolume.ZoneMismatch".into(),
            format!("The volume '{elsewhere}' is not in the same availability zone as instance '{instance}'")
        )
    );
    assert_eq!(
        error(
            &mut s,
            "AttachVolume",
            json!({"VolumeId": id, "InstanceId": instance, "Device": "/dev/xvda"})
        )
        .0,
        "InvalidParameterValue",
        "the root's device name is taken"
    );
    let attached = call(&mut s, "AttachVolume", attach.clone());
    assert_eq!(attached["State"], "attaching");
    assert_eq!(attached["Device"], "/dev/sdf");
    assert!(attached.get("DeleteOnTermination").is_none());
    assert_eq!(volume(&mut s, &id)["State"], "in-use");
    s.advance(3);
    assert_eq!(volume(&mut s, &id)["Attachments"][0]["State"], "attached");
    assert_eq!(error(&mut s, "AttachVolume", attach).0, "VolumeInUse");
    assert_eq!(
        error(&mut s, "DeleteVolume", json!({"VolumeId": id})),
        (
            "VolumeInUse".into(),
            format!("Volume {id} is currently attached to {instance}")
        )
    );
    let mappings = call(
        &mut s,
        "DescribeInstances",
        json!({"InstanceIds": [instance]}),
    )["Reservations"][0]["Instances"][0]["BlockDeviceMappings"]
        .clone();
    assert_eq!(mappings[1]["DeviceName"], "/dev/sdf");
    assert_eq!(mappings[1]["Ebs"]["DeleteOnTermination"], false);

    let root = mappings[0]["Ebs"]["VolumeId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        error(&mut s, "DetachVolume", json!({"VolumeId": root})).0,
        "IncorrectState",
        "the root volume of a running instance stays"
    );
    let detached = call(&mut s, "DetachVolume", json!({"VolumeId": id}));
    assert_eq!(detached["State"], "detaching");
    s.advance(3);
    let after = volume(&mut s, &id);
    assert_eq!(after["State"], "available");
    assert_eq!(after["Attachments"], json!([]));
    assert_eq!(
        error(&mut s, "DetachVolume", json!({"VolumeId": id})),
        (
            "IncorrectState".into(),
            format!("Volume '{id}' is in the 'available' state.")
        )
    );
    call(&mut s, "DeleteVolume", json!({"VolumeId": id}));
    assert_eq!(volume(&mut s, &id)["State"], "deleting");
    s.advance(10);
    assert_eq!(
        error(&mut s, "DescribeVolumes", json!({"VolumeIds": [id]})),
        (
            "InvalidVolume.NotFound".into(),
            format!("The volume '{id}' does not exist.")
        )
    );
}

#[test]
fn terminating_deletes_launch_volumes_and_frees_attached_ones() {
    let mut s = Sandbox::new(1);
    let instance = launch_in(&mut s, "us-east-1a");
    let data = create_volume(
        &mut s,
        json!({"AvailabilityZone": "us-east-1a", "Size": 10}),
    );
    s.advance(60);
    call(
        &mut s,
        "AttachVolume",
        json!({"VolumeId": data, "InstanceId": instance, "Device": "/dev/sdf"}),
    );
    s.advance(3);
    let root = volume_of(&mut s, &instance);
    call(
        &mut s,
        "TerminateInstances",
        json!({"InstanceIds": [instance]}),
    );
    s.advance(120);
    assert_eq!(
        error(&mut s, "DescribeVolumes", json!({"VolumeIds": [root]})).0,
        "InvalidVolume.NotFound"
    );
    assert_eq!(volume(&mut s, &data)["State"], "available");
}

fn volume_of(s: &mut Sandbox, instance: &str) -> String {
    call(s, "DescribeInstances", json!({"InstanceIds": [instance]}))["Reservations"][0]["Instances"]
        [0]["BlockDeviceMappings"][0]["Ebs"]["VolumeId"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn modify_volume_grows_through_its_modification_states() {
    let mut s = Sandbox::new(1);
    let id = create_volume(
        &mut s,
        json!({"AvailabilityZone": "us-east-1a", "Size": 80}),
    );
    s.advance(5);
    assert_eq!(
        error(&mut s, "ModifyVolume", json!({"VolumeId": id, "Size": 40})),
        (
            "InvalidParameterValue".into(),
            "New size cannot be smaller than existing size 80".into()
        )
    );
    let started = call(&mut s, "ModifyVolume", json!({"VolumeId": id, "Size": 150}));
    let modification = &started["VolumeModification"];
    assert_eq!(modification["ModificationState"], "modifying");
    assert_eq!(modification["OriginalSize"], 80);
    assert_eq!(modification["TargetSize"], 150);
    assert_eq!(modification["Progress"], 0);
    assert_eq!(
        error(&mut s, "ModifyVolume", json!({"VolumeId": id, "Size": 160})).0,
        "IncorrectModificationState"
    );
    s.advance(60);
    let described = call(
        &mut s,
        "DescribeVolumesModifications",
        json!({"VolumeIds": [id]}),
    );
    assert_eq!(
        described["VolumesModifications"][0]["ModificationState"],
        "optimizing"
    );
    assert_eq!(
        volume(&mut s, &id)["Size"],
        150,
        "usable from optimizing on"
    );
    s.advance(60);
    let described = call(
        &mut s,
        "DescribeVolumesModifications",
        json!({"VolumeIds": [id]}),
    );
    assert_eq!(
        described["VolumesModifications"][0]["ModificationState"],
        "completed"
    );
    assert_eq!(described["VolumesModifications"][0]["Progress"], 100);
    for size in [160, 170, 180] {
        call(
            &mut s,
            "ModifyVolume",
            json!({"VolumeId": id, "Size": size}),
        );
        s.advance(120);
    }
    assert_eq!(
        error(&mut s, "ModifyVolume", json!({"VolumeId": id, "Size": 190})).0,
        "VolumeModificationRateExceeded",
        "four modifications in a day"
    );
    s.advance(24 * 3600);
    call(&mut s, "ModifyVolume", json!({"VolumeId": id, "Size": 190}));
}

#[test]
fn snapshots_complete_over_time_and_restore_volumes() {
    let mut s = Sandbox::new(1);
    let instance = launch_in(&mut s, "us-east-1a");
    s.advance(60);
    let root = volume_of(&mut s, &instance);
    let created = call(
        &mut s,
        "CreateSnapshot",
        json!({"VolumeId": root, "Description": "before changes"}),
    );
    assert_eq!(created["State"], "pending");
    assert_eq!(created["Progress"], "0%");
    assert_eq!(created["VolumeSize"], 8);
    assert_eq!(created["OwnerId"], "123456789012");
    let snapshot = created["SnapshotId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(snapshot.starts_with("snap-"));
    // 2 GiB of operating system at 100 MiB/s: about 20 s.
    s.advance(15);
    let mine = call(&mut s, "DescribeSnapshots", json!({"OwnerIds": ["self"]}));
    assert_eq!(mine["Snapshots"][0]["State"], "pending");
    s.advance(60);
    let mine = call(&mut s, "DescribeSnapshots", json!({"OwnerIds": ["self"]}));
    assert_eq!(mine["Snapshots"][0]["State"], "completed");
    assert_eq!(mine["Snapshots"][0]["Progress"], "100%");
    assert_eq!(mine["Snapshots"][0]["FullSnapshotSizeInBytes"], 2u64 << 30);
    assert_eq!(
        error(
            &mut s,
            "CreateVolume",
            json!({"AvailabilityZone": "us-east-1b", "SnapshotId": snapshot, "Size": 4})
        ),
        (
            "InvalidParameterValue".into(),
            "Volume of 4GiB is smaller than snapshot size 8GiB".into()
        )
    );
    let restored = call(
        &mut s,
        "CreateVolume",
        json!({"AvailabilityZone": "us-east-1b", "SnapshotId": snapshot}),
    );
    assert_eq!(restored["Size"], 8);
    assert_eq!(restored["SnapshotId"], snapshot.as_str());
    call(&mut s, "DeleteSnapshot", json!({"SnapshotId": snapshot}));
    assert_eq!(
        error(&mut s, "DeleteSnapshot", json!({"SnapshotId": snapshot})),
        (
            "InvalidSnapshot.NotFound".into(),
            format!("The snapshot '{snapshot}' does not exist.")
        )
    );
    assert_eq!(
        error(
            &mut s,
            "CreateVolume",
            json!({"AvailabilityZone": "us-east-1a", "SnapshotId": "snap-0123456789abcdef0"})
        ),
        (
            "InvalidSnapshot.NotFound".into(),
            "Snapshot does not exist".into()
        )
    );
}

#[test]
fn snapshots_store_only_blocks_no_earlier_snapshot_holds() {
    let mut s = Sandbox::new(1);
    let instance = launch_in(&mut s, "us-east-1a");
    s.advance(60);
    let root = volume_of(&mut s, &instance);
    let snapshot = |s: &mut Sandbox| {
        call(s, "CreateSnapshot", json!({"VolumeId": root}))["SnapshotId"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let stored = |s: &Sandbox| {
        s.world()
            .ec2
            .region("us-east-1")
            .map(|r| r.stored_snapshot_blocks())
            .unwrap_or_default()
    };
    let first = snapshot(&mut s);
    let second = snapshot(&mut s);
    let os = stored(&s);
    assert_eq!(
        os,
        2 * 2048,
        "2 GiB of 512 KiB blocks, stored once for both"
    );
    call(&mut s, "DeleteSnapshot", json!({"SnapshotId": first}));
    assert_eq!(
        stored(&s),
        os,
        "the second snapshot still needs every block"
    );
    call(&mut s, "DeleteSnapshot", json!({"SnapshotId": second}));
    assert_eq!(stored(&s), 0);
}

#[test]
fn the_terminal_creates_waits_for_and_lists_volumes_and_snapshots() {
    let mut s = Sandbox::new(1);
    let run = |s: &mut Sandbox, line: &str| {
        let out = s.exec(line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
        out.stdout
    };
    let id = run(
        &mut s,
        "aws ec2 create-volume --volume-type gp3 --size 20 --availability-zone us-east-1a --query VolumeId --output text",
    );
    let id = id.trim();
    run(
        &mut s,
        &format!("aws ec2 wait volume-available --volume-ids {id}"),
    );
    let listed = run(
        &mut s,
        "aws ec2 describe-volumes --filters Name=status,Values=available --query 'Volumes[].[VolumeId,Size,State]' --output text",
    );
    assert_eq!(listed, format!("{id}\t20\tavailable\n"));
    let snapshot = run(
        &mut s,
        &format!("aws ec2 create-snapshot --volume-id {id} --description backup --query SnapshotId --output text"),
    );
    run(
        &mut s,
        &format!(
            "aws ec2 wait snapshot-completed --snapshot-ids {}",
            snapshot.trim()
        ),
    );
    let mine = run(
        &mut s,
        "aws ec2 describe-snapshots --owner-ids self --query 'Snapshots[].[Description,State,VolumeSize]' --output text",
    );
    assert_eq!(mine, "backup\tcompleted\t20\n");
    run(&mut s, &format!("aws ec2 delete-volume --volume-id {id}"));
    run(
        &mut s,
        &format!("aws ec2 wait volume-deleted --volume-ids {id}"),
    );
    assert_eq!(
        run(&mut s, "aws ec2 describe-volumes --query 'length(Volumes)'"),
        "0\n"
    );
}

#[test]
fn snapshot_storage_splits_each_snapshot_into_stored_and_referenced() {
    let mut s = Sandbox::new(1);
    let instance = launch_in(&mut s, "us-east-1a");
    s.advance(60);
    let root = volume_of(&mut s, &instance);
    let snapshot = |s: &mut Sandbox, volume: &str| {
        call(s, "CreateSnapshot", json!({"VolumeId": volume}))["SnapshotId"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let first = snapshot(&mut s, &root);
    let second = snapshot(&mut s, &root);
    let restored = create_volume(
        &mut s,
        json!({"AvailabilityZone": "us-east-1a", "SnapshotId": first}),
    );
    let third = snapshot(&mut s, &restored);
    let os = 2u64 << 30;
    let storage = s.snapshot_storage(None).unwrap_or_default();
    let rows: Vec<_> = storage
        .iter()
        .map(|r| {
            (
                r.snapshot_id.as_str(),
                r.volume_id.as_str(),
                r.stored_bytes,
                r.referenced_bytes,
                r.total_bytes,
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (first.as_str(), root.as_str(), os, 0, os),
            (second.as_str(), root.as_str(), 0, os, os),
            (third.as_str(), restored.as_str(), 0, os, os),
        ],
        "the oldest snapshot stores the OS; later ones, even of a restored volume, reference it"
    );
    call(&mut s, "DeleteSnapshot", json!({"SnapshotId": first}));
    let storage = s.snapshot_storage(Some("us-east-1")).unwrap_or_default();
    assert_eq!(storage[0].snapshot_id, second);
    assert_eq!(
        (storage[0].stored_bytes, storage[0].referenced_bytes),
        (os, 0),
        "what the deleted snapshot stored moves to the next one"
    );
    assert_eq!(
        s.snapshot_storage(Some("us-east-1")).map(|r| r.len()),
        Ok(2)
    );
    assert_eq!(
        s.snapshot_storage(Some("eu-west-1")),
        Ok(Vec::new()),
        "another region has none"
    );
    let unknown = s.snapshot_storage(Some("mars-north-1"));
    assert_eq!(
        unknown.map_err(|e| e.code),
        Err("EndpointConnectionError".to_string())
    );
}
