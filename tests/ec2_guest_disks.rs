//! A data volume inside the instance, as the EBS tutorials use it: find it
//! with `lsblk`, make a filesystem, mount it, write, snapshot, and restore
//! the data on a new volume.

mod common;

use aws_sandbox::Sandbox;
use common::ok;

fn fails(s: &mut Sandbox, line: &str) -> (i32, String) {
    let out = s.exec(line);
    assert_ne!(out.exit_code, 0, "{line} succeeded: {}", out.stdout);
    (out.exit_code, out.stderr)
}

/// A running t2.micro (a Xen instance: its disks are `xvd*`) with a key in
/// key.pem and ssh open; leaves `$ID`, `$IP` and `$AZ` set.
fn instance(s: &mut Sandbox) {
    for line in [
        "aws ec2 create-key-pair --key-name demo --query KeyMaterial --output text > key.pem",
        "chmod 400 key.pem",
        "SG=$(aws ec2 create-security-group --group-name ssh --description ssh --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 0.0.0.0/0",
        "ID=$(aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --instance-type t2.micro --key-name demo --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)",
        "aws ec2 wait instance-running --instance-ids $ID",
        "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
        "AZ=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].Placement.AvailabilityZone' --output text)",
    ] {
        ok(s, line);
    }
}

/// A new 10 GiB volume attached at `device`; leaves its id in `$name`.
fn attach_new(s: &mut Sandbox, name: &str, device: &str, snapshot: Option<&str>) {
    let from = snapshot.map_or(String::new(), |id| format!("--snapshot-id {id}"));
    ok(s, &format!("{name}=$(aws ec2 create-volume --availability-zone $AZ --size 10 --volume-type gp3 {from} --query VolumeId --output text)"));
    ok(
        s,
        &format!("aws ec2 wait volume-available --volume-ids ${name}"),
    );
    ok(
        s,
        &format!("aws ec2 attach-volume --volume-id ${name} --instance-id $ID --device {device}"),
    );
    ok(
        s,
        &format!("aws ec2 wait volume-in-use --volume-ids ${name}"),
    );
    ok(s, "sleep 5");
}

#[test]
fn format_mount_write_snapshot_and_restore_a_data_volume() {
    let mut s = Sandbox::new(11);
    instance(&mut s);
    attach_new(&mut s, "DATA", "/dev/sdf", None);
    ok(
        &mut s,
        "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@$IP",
    );
    let disks = ok(&mut s, "lsblk");
    assert!(disks.starts_with("NAME"), "{disks}");
    assert!(disks.contains("xvda "), "{disks}");
    assert!(disks.contains("└─xvda1"), "{disks}");
    assert!(
        disks.contains("xvdf ") && disks.contains(" 10G "),
        "{disks}"
    );
    assert_eq!(ok(&mut s, "sudo file -s /dev/xvdf"), "/dev/xvdf: data\n");
    assert_eq!(
        fails(&mut s, "mkfs -t xfs /dev/xvdf").1,
        "mkfs.xfs: cannot open /dev/xvdf: Permission denied\n"
    );
    assert!(ok(&mut s, "sudo mkfs -t xfs /dev/xvdf").starts_with("meta-data=/dev/xvdf"));
    assert!(ok(&mut s, "sudo file -s /dev/xvdf").contains("SGI XFS filesystem data"));
    assert_eq!(
        fails(&mut s, "sudo mount /dev/xvdf /data"),
        (32, "mount: /data: mount point does not exist.\n".into())
    );
    ok(&mut s, "sudo mkdir /data");
    ok(&mut s, "sudo mount /dev/xvdf /data");
    assert!(ok(&mut s, "lsblk").contains("/data"));
    assert!(ok(&mut s, "df -h").contains("/data"));
    ok(&mut s, "echo 'version 1' | sudo tee /data/notes.txt");
    ok(&mut s, "exit");

    ok(&mut s, "A=$(aws ec2 create-snapshot --volume-id $DATA --description first --query SnapshotId --output text)");
    ok(&mut s, "aws ec2 wait snapshot-completed --snapshot-ids $A");
    ok(
        &mut s,
        "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@$IP",
    );
    ok(&mut s, "echo 'version 2' | sudo tee /data/notes.txt");
    ok(&mut s, "exit");
    ok(&mut s, "B=$(aws ec2 create-snapshot --volume-id $DATA --description second --query SnapshotId --output text)");
    ok(&mut s, "aws ec2 wait snapshot-completed --snapshot-ids $B");
    ok(&mut s, "aws ec2 delete-snapshot --snapshot-id $A");

    let second = ok(&mut s, "echo $B");
    attach_new(&mut s, "RESTORED", "/dev/sdg", Some(second.trim()));
    ok(
        &mut s,
        "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@$IP",
    );
    assert!(ok(&mut s, "sudo file -s /dev/xvdg").contains("XFS"));
    let (_, refused) = fails(&mut s, "sudo mkfs -t xfs /dev/xvdg");
    assert!(
        refused.contains("appears to contain an existing filesystem (xfs)"),
        "{refused}"
    );
    ok(&mut s, "sudo mkdir /restore");
    ok(&mut s, "sudo mount /dev/xvdg /restore");
    assert_eq!(ok(&mut s, "cat /restore/notes.txt"), "version 2\n");
    ok(&mut s, "sudo umount /restore");
    assert_eq!(ok(&mut s, "ls /restore"), "");
    assert_eq!(
        fails(&mut s, "sudo umount /restore"),
        (32, "umount: /restore: not mounted.\n".into())
    );
    ok(&mut s, "exit");

    // Mounts do not survive a reboot: nothing is in /etc/fstab.
    ok(&mut s, "aws ec2 stop-instances --instance-ids $ID");
    ok(&mut s, "aws ec2 wait instance-stopped --instance-ids $ID");
    ok(&mut s, "aws ec2 start-instances --instance-ids $ID");
    ok(&mut s, "aws ec2 wait instance-running --instance-ids $ID");
    ok(&mut s, "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)");
    ok(
        &mut s,
        "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@$IP",
    );
    assert_eq!(ok(&mut s, "ls /data"), "");
    ok(&mut s, "sudo mount /dev/xvdf /data");
    assert_eq!(ok(&mut s, "cat /data/notes.txt"), "version 2\n");
}

#[test]
fn writes_to_a_mounted_volume_land_on_its_blocks() {
    let mut s = Sandbox::new(12);
    instance(&mut s);
    attach_new(&mut s, "DATA", "/dev/sdf", None);
    ok(
        &mut s,
        "ssh -i key.pem -o StrictHostKeyChecking=no ec2-user@$IP",
    );
    ok(&mut s, "sudo mkfs.xfs /dev/xvdf");
    ok(&mut s, "sudo mkdir /data");
    ok(&mut s, "sudo mount /dev/xvdf /data");
    ok(&mut s, "echo hello | sudo tee /data/a.txt");
    ok(&mut s, "exit");
    let data = ok(&mut s, "echo $DATA");
    let blocks = s
        .world()
        .ec2
        .region("us-east-1")
        .and_then(|r| r.blocks.volume(data.trim()))
        .map(|b| b.len())
        .unwrap_or_default();
    // The filesystem's structures (8 blocks) and the file (1 block).
    assert_eq!(blocks, 9);
}
