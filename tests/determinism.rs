//! Determinism: the same seed and journal give the same world, byte for
//! byte; export/import round-trips; undo is a replay minus the last entry.
//! Plus a seeded random session with invariants checked after every step.

use aws_sandbox::ec2::instance_types::VcpuBucket;
use aws_sandbox::kernel::SeededRng;
use aws_sandbox::Sandbox;
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn image(s: &mut Sandbox) -> Value {
    s.call("ec2", "DescribeImages", json!({"Owners": ["amazon"], "Filters": [{"Name": "name", "Values": ["al2023-ami-2023*x86_64"]}]})).unwrap()
        .to_value()
        .unwrap()["Images"][0]["ImageId"].clone()
}

fn session(seed: u64) -> Sandbox {
    let mut s = Sandbox::new(seed);
    let ami = image(&mut s);
    s.call("ec2", "CreateKeyPair", json!({"KeyName": "k"}))
        .unwrap()
        .to_value()
        .unwrap();
    let run = s.call("ec2", "RunInstances", json!({"ImageId": ami, "InstanceType": "t3.micro", "MinCount": 2, "MaxCount": 2, "KeyName": "k"})).unwrap()
        .to_value()
        .unwrap();
    s.advance(45);
    let id = run["Instances"][0]["InstanceId"].clone();
    s.call("ec2", "StopInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    s.advance(90);
    s
}

#[test]
fn same_seed_and_journal_give_the_same_world_byte_for_byte() {
    let a = session(11);
    let b = session(11);
    assert_eq!(a.export(), b.export());
    assert_eq!(a.world(), b.world());
    let mut a = a;
    let mut b = b;
    let da = serde_json::to_string(
        &a.call("ec2", "DescribeInstances", json!({}))
            .unwrap()
            .to_value()
            .unwrap(),
    )
    .unwrap();
    let db = serde_json::to_string(
        &b.call("ec2", "DescribeInstances", json!({}))
            .unwrap()
            .to_value()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(da, db);
    let other = session(12);
    assert_ne!(
        other.world(),
        a.world(),
        "a different seed gives different ids"
    );
}

#[test]
fn export_import_round_trips_exactly() {
    let original = session(21);
    let text = original.export();
    let restored = Sandbox::import(&text).unwrap();
    assert_eq!(restored.world(), original.world());
    assert_eq!(restored.export(), text);
    assert_eq!(restored.now(), original.now());
}

#[test]
fn import_refuses_corrupt_or_foreign_state() {
    assert!(Sandbox::import("not json").is_err());
    assert!(
        Sandbox::import("{\"version\": 99, \"seed\": 1, \"journal\": {\"entries\": []}}").is_err()
    );
    assert!(Sandbox::import(&"[".repeat(100_000)).is_err());
    assert!(Sandbox::import(&" ".repeat(9 * 1024 * 1024)).is_err());
}

#[test]
fn undo_replays_all_but_the_last_entry() {
    let mut s = session(31);
    let before = s.world().clone();
    s.call(
        "ec2",
        "CreateSecurityGroup",
        json!({"GroupName": "tmp", "Description": "d"}),
    )
    .unwrap()
    .to_value()
    .unwrap();
    assert_ne!(s.world(), &before);
    assert!(s.undo());
    assert_eq!(s.world(), &before);
    let mut fresh = Sandbox::new(5);
    assert!(!fresh.undo(), "nothing to undo");
}

#[test]
fn reads_are_not_journaled_and_failures_change_nothing() {
    let mut s = Sandbox::new(41);
    let before = s.world().clone();
    s.call("ec2", "DescribeInstances", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    s.call(
        "ec2",
        "RunInstances",
        json!({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1}),
    )
    .unwrap_err();
    assert_eq!(s.journal().len(), 0);
    assert_eq!(s.world(), &before);
}

/// Invariants that must hold after every step of any session.
fn check_invariants(s: &mut Sandbox, step: usize) {
    let all = s
        .call("ec2", "DescribeInstances", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    let instances: Vec<Value> = all["Reservations"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["Instances"].as_array().unwrap().clone())
        .collect();
    let mut public = BTreeSet::new();
    let mut private = BTreeSet::new();
    let mut standard_vcpus = 0u64;
    for i in &instances {
        let state = i["State"]["Name"].as_str().unwrap();
        let code = i["State"]["Code"].as_u64().unwrap();
        let expected_code = match state {
            "pending" => 0,
            "running" => 16,
            "shutting-down" => 32,
            "terminated" => 48,
            "stopping" => 64,
            "stopped" => 80,
            other => panic!("step {step}: unknown state {other}"),
        };
        assert_eq!(code, expected_code, "step {step}");
        if let Some(ip) = i.get("PublicIpAddress") {
            let elastic = i["NetworkInterfaces"][0]["Association"]["IpOwnerId"] == "123456789012";
            assert!(
                elastic || matches!(state, "pending" | "running"),
                "step {step}: {state} instance keeps an auto-assigned public IP"
            );
            assert!(
                public.insert(ip.as_str().unwrap().to_string()),
                "step {step}: public IP reused"
            );
        }
        if state != "terminated" {
            let key = format!("{}/{}", i["SubnetId"], i["PrivateIpAddress"]);
            assert!(private.insert(key), "step {step}: private IP reused");
        }
        if matches!(state, "pending" | "running" | "stopping") {
            standard_vcpus += i["CpuOptions"]["CoreCount"].as_u64().unwrap()
                * i["CpuOptions"]["ThreadsPerCore"].as_u64().unwrap();
        }
    }
    let addresses = s
        .call("ec2", "DescribeAddresses", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    for address in addresses["Addresses"].as_array().unwrap() {
        let ip = address["PublicIp"].as_str().unwrap().to_string();
        assert_eq!(
            address.get("InstanceId").is_some(),
            public.contains(&ip),
            "step {step}: Elastic IP {ip} and its instance disagree"
        );
    }
    assert!(
        standard_vcpus <= 32,
        "step {step}: {standard_vcpus} vCPUs over the quota"
    );
    let counted = s
        .world()
        .ec2
        .region("us-east-1")
        .map(|r| r.vcpus_in_use(VcpuBucket::Standard));
    assert_eq!(
        counted,
        Some(standard_vcpus),
        "step {step}: vCPU counter drifted"
    );
    let subnets = s
        .call("ec2", "DescribeSubnets", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    let free: u64 = subnets["Subnets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["AvailableIpAddressCount"].as_u64().unwrap())
        .sum();
    assert_eq!(
        free + private.len() as u64,
        6 * 4091,
        "step {step}: address accounting"
    );
}

/// Every attachment is known to both sides, and the snapshot store holds
/// exactly the blocks some snapshot still references (a brute-force count).
fn check_volume_invariants(s: &Sandbox, step: usize) {
    let Some(region) = s.world().ec2.region("us-east-1") else {
        return;
    };
    for volume in region.volumes.values() {
        if let Some(attachment) = &volume.attachment {
            let instance = &region.instances[&attachment.instance_id];
            assert!(
                instance.volumes.iter().any(|v| v.volume_id == volume.id),
                "step {step}: {} attached to {} that does not list it",
                volume.id,
                instance.id
            );
        }
    }
    for instance in region.instances.values() {
        for attached in &instance.volumes {
            let volume = &region.volumes[&attached.volume_id];
            assert_eq!(
                volume.attachment.as_ref().map(|a| a.instance_id.as_str()),
                Some(instance.id.as_str()),
                "step {step}: {} lists {} that is not attached to it",
                instance.id,
                volume.id
            );
        }
    }
    for image in region
        .images
        .iter()
        .filter(|i| i.owner_id == "123456789012")
    {
        for mapping in &image.block_device_mappings {
            assert!(
                region.snapshots.contains_key(&mapping.ebs.snapshot_id),
                "step {step}: {} lost its snapshot {}",
                image.image_id,
                mapping.ebs.snapshot_id
            );
        }
    }
    let mut referenced: Vec<u64> = region
        .snapshots
        .values()
        .flat_map(|snapshot| snapshot.blocks.values())
        .collect();
    referenced.sort_unstable();
    referenced.dedup();
    assert_eq!(
        region.stored_snapshot_blocks(),
        referenced.len() as u64,
        "step {step}: stored blocks"
    );
}

#[test]
fn random_sessions_keep_every_invariant_and_replay_identically() {
    for seed in 1..=12u64 {
        let mut rng = SeededRng::new(seed * 7919);
        let mut s = Sandbox::new(seed);
        let ami = image(&mut s);
        let types = [
            "t2.micro",
            "t3.micro",
            "t2.xlarge",
            "m5.large",
            "g4dn.xlarge",
            "t2.mirco",
        ];
        let mut ids: Vec<Value> = Vec::new();
        for step in 0..150 {
            match rng.below(15) {
                0 | 1 => {
                    let kind = types[rng.below(types.len() as u64) as usize];
                    let count = 1 + rng.below(3);
                    if let Ok(r) = s.call("ec2", "RunInstances", json!({"ImageId": ami, "InstanceType": kind, "MinCount": 1, "MaxCount": count})) {
                        let r = r.to_value().unwrap();
                        ids.extend(r["Instances"].as_array().unwrap().iter().map(|i| i["InstanceId"].clone()));
                    }
                }
                2 | 3 => {
                    s.advance(rng.below(120));
                }
                4 if !ids.is_empty() => {
                    let id = ids[rng.below(ids.len() as u64) as usize].clone();
                    let _ = s.call("ec2", "StopInstances", json!({"InstanceIds": [id]}));
                }
                5 if !ids.is_empty() => {
                    let id = ids[rng.below(ids.len() as u64) as usize].clone();
                    let _ = s.call("ec2", "StartInstances", json!({"InstanceIds": [id]}));
                }
                6 if !ids.is_empty() => {
                    let id = ids[rng.below(ids.len() as u64) as usize].clone();
                    let _ = s.call("ec2", "TerminateInstances", json!({"InstanceIds": [id]}));
                }
                7 if !ids.is_empty() => {
                    let id = ids[rng.below(ids.len() as u64) as usize].clone();
                    let _ = s.call("ec2", "RebootInstances", json!({"InstanceIds": [id]}));
                }
                8 => {
                    let _ = s.call("ec2", "AllocateAddress", json!({}));
                }
                9 | 10 if !ids.is_empty() => {
                    let id = ids[rng.below(ids.len() as u64) as usize].clone();
                    let addresses = s
                        .call("ec2", "DescribeAddresses", json!({}))
                        .unwrap()
                        .to_value()
                        .unwrap();
                    let all = addresses["Addresses"].as_array().unwrap().clone();
                    if let Some(address) = all.get(rng.below(all.len().max(1) as u64) as usize) {
                        let allocation = address["AllocationId"].clone();
                        let _ = match (rng.below(3), address.get("AssociationId")) {
                            (0, Some(association)) => s.call("ec2", "DisassociateAddress", json!({"AssociationId": association})),
                            (1, _) => s.call("ec2", "ReleaseAddress", json!({"AllocationId": allocation})),
                            _ => s.call("ec2", "AssociateAddress", json!({"AllocationId": allocation, "InstanceId": id, "AllowReassociation": true})),
                        };
                    }
                }
                11 | 12 => {
                    let region = s.world().ec2.region("us-east-1");
                    let volumes: Vec<String> = region
                        .map(|r| r.volumes.keys().cloned().collect())
                        .unwrap_or_default();
                    let snapshots: Vec<String> = region
                        .map(|r| r.snapshots.keys().cloned().collect())
                        .unwrap_or_default();
                    let volume = volumes
                        .get(rng.below(volumes.len().max(1) as u64) as usize)
                        .cloned();
                    let instance = ids
                        .get(rng.below(ids.len().max(1) as u64) as usize)
                        .cloned();
                    let _ = match (rng.below(6), volume, instance) {
                        (0, _, _) => s.call(
                            "ec2",
                            "CreateVolume",
                            json!({"AvailabilityZone": "us-east-1a", "Size": 1 + rng.below(20)}),
                        ),
                        (1, Some(v), Some(i)) => s.call(
                            "ec2",
                            "AttachVolume",
                            json!({"VolumeId": v, "InstanceId": i, "Device": "/dev/sdf"}),
                        ),
                        (2, Some(v), _) => s.call("ec2", "DetachVolume", json!({"VolumeId": v})),
                        (3, Some(v), _) => s.call("ec2", "DeleteVolume", json!({"VolumeId": v})),
                        (4, Some(v), _) => s.call("ec2", "CreateSnapshot", json!({"VolumeId": v})),
                        (_, _, _) => {
                            match snapshots.get(rng.below(snapshots.len().max(1) as u64) as usize) {
                                Some(snapshot) => {
                                    s.call("ec2", "DeleteSnapshot", json!({"SnapshotId": snapshot}))
                                }
                                None => s.call("ec2", "DescribeSnapshots", json!({})),
                            }
                        }
                    };
                }
                13 => {
                    let own: Vec<String> = s
                        .world()
                        .ec2
                        .region("us-east-1")
                        .map(|r| {
                            r.images
                                .iter()
                                .filter(|i| i.owner_id == "123456789012")
                                .map(|i| i.image_id.clone())
                                .collect()
                        })
                        .unwrap_or_default();
                    let _ = match (rng.below(2), own.get(rng.below(own.len().max(1) as u64) as usize), ids.get(rng.below(ids.len().max(1) as u64) as usize)) {
                        (0, Some(image), _) => s.call("ec2", "DeregisterImage", json!({"ImageId": image})),
                        (_, _, Some(instance)) => s.call("ec2", "CreateImage", json!({"InstanceId": instance, "Name": format!("image-{step}"), "NoReboot": rng.below(2) == 0})),
                        _ => s.call("ec2", "DescribeImages", json!({"Owners": ["self"]})),
                    };
                }
                _ => {
                    s.advance(3600);
                }
            }
            check_invariants(&mut s, step);
            check_volume_invariants(&s, step);
        }
        let replayed = Sandbox::import(&s.export()).unwrap();
        assert_eq!(replayed.world(), s.world(), "seed {seed}: replay differs");
    }
}

#[test]
fn huge_advances_are_bounded_and_keep_time_printable() {
    let mut s = session(51);
    s.advance(u64::MAX);
    s.advance(u64::MAX);
    assert_eq!(s.now(), "9999-12-31T23:59:59+00:00");
    assert_eq!(Sandbox::import(&s.export()).unwrap().world(), s.world());
    let out = s
        .call("ec2", "DescribeInstances", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        out["Reservations"].as_array().map(Vec::len),
        Some(1),
        "the stopped instance remains"
    );
}
