//! The account's own AMIs, through the terminal as a learner types them:
//! bake an image of a configured web server, launch a copy, and see what
//! deregistering leaves behind.

mod common;

use aws_sandbox::Sandbox;
use common::{call, error};
use serde_json::json;

/// A terminal line that must succeed; what it printed, trimmed.
fn ok(s: &mut Sandbox, line: &str) -> String {
    common::ok(s, line).trim().to_string()
}

fn stored_blocks(s: &Sandbox) -> u64 {
    s.world()
        .ec2
        .region("us-east-1")
        .map(|r| r.stored_snapshot_blocks())
        .unwrap_or_default()
}

/// A web server configured by user data, its page fetched once (which runs
/// the script); leaves `$SG` and `$ID` set.
fn web_server(s: &mut Sandbox) {
    for line in [
        "echo '#!/bin/bash' > web.sh",
        "echo 'dnf install -y httpd' >> web.sh",
        "echo 'systemctl enable --now httpd' >> web.sh",
        "echo 'echo \"<h1>Baked</h1>\" > /var/www/html/index.html' >> web.sh",
        "SG=$(aws ec2 create-security-group --group-name web --description web --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 80 --cidr 0.0.0.0/0",
        "ID=$(aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --instance-type t2.micro --security-group-ids $SG --user-data file://web.sh --query 'Instances[0].InstanceId' --output text)",
        "aws ec2 wait instance-running --instance-ids $ID",
        "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
    ] {
        ok(s, line);
    }
    assert_eq!(ok(s, "curl -s http://$IP/"), "<h1>Baked</h1>");
}

#[test]
fn an_instance_from_your_ami_serves_the_same_page() {
    let mut s = Sandbox::new(3);
    web_server(&mut s);
    let ami = ok(
        &mut s,
        "aws ec2 create-image --instance-id $ID --name web-v1 --description 'My web server' --query ImageId --output text",
    );
    assert!(ami.starts_with("ami-"), "{ami}");
    ok(&mut s, &format!("AMI={ami}"));
    assert_eq!(
        ok(&mut s, "aws ec2 describe-images --owners self --query 'Images[0].[Name,State,Public,OwnerId]' --output text"),
        "web-v1\tpending\tFalse\t123456789012"
    );
    let early = s.exec("aws ec2 run-instances --image-id $AMI --instance-type t2.micro");
    assert_eq!(early.exit_code, 254);
    assert!(
        early.stderr.contains(&format!("(InvalidAMIID.Unavailable) when calling the RunInstances operation: AMI '{ami}' is pending, and cannot be run")),
        "{}",
        early.stderr
    );
    ok(&mut s, "aws ec2 wait image-available --image-ids $AMI");
    let snapshot = ok(
        &mut s,
        "aws ec2 describe-images --image-ids $AMI --query 'Images[0].BlockDeviceMappings[0].Ebs.SnapshotId' --output text",
    );
    let instance = ok(&mut s, "echo $ID");
    assert_eq!(
        ok(&mut s, &format!("aws ec2 describe-snapshots --snapshot-ids {snapshot} --query 'Snapshots[0].[Description,State]' --output text")),
        format!("Created by CreateImage({instance}) for {ami}\tcompleted")
    );
    let baked = stored_blocks(&s);
    assert!(
        baked > 2 * 2048,
        "the operating system plus httpd and the page: {baked} blocks"
    );

    ok(&mut s, "COPY=$(aws ec2 run-instances --image-id $AMI --instance-type t2.micro --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)");
    ok(&mut s, "aws ec2 wait instance-running --instance-ids $COPY");
    ok(&mut s, "IP2=$(aws ec2 describe-instances --instance-ids $COPY --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)");
    assert_eq!(ok(&mut s, "curl -s http://$IP2/"), "<h1>Baked</h1>");

    // The copy's root was restored from the image's snapshot, so a snapshot
    // of it stores only what changed since: nothing yet.
    ok(&mut s, "ROOT=$(aws ec2 describe-instances --instance-ids $COPY --query 'Reservations[0].Instances[0].BlockDeviceMappings[0].Ebs.VolumeId' --output text)");
    ok(&mut s, "aws ec2 create-snapshot --volume-id $ROOT");
    assert_eq!(stored_blocks(&s), baked);
}

#[test]
fn image_names_and_deregistering_follow_aws() {
    let mut s = Sandbox::new(4);
    web_server(&mut s);
    let id = ok(&mut s, "echo $ID");
    let ami = ok(
        &mut s,
        "aws ec2 create-image --instance-id $ID --name web-v1 --no-reboot --query ImageId --output text",
    );
    assert_eq!(
        error(
            &mut s,
            "CreateImage",
            json!({"InstanceId": id, "Name": "web-v1"})
        ),
        (
            "InvalidAMIName.Duplicate".into(),
            format!("AMI name web-v1 is already in use by AMI {ami}")
        )
    );
    assert_eq!(
        error(
            &mut s,
            "CreateImage",
            json!({"InstanceId": id, "Name": "x!"})
        )
        .0,
        "InvalidAMIName.Malformed"
    );
    s.advance(600);
    let image = call(&mut s, "DescribeImages", json!({"ImageIds": [ami]}));
    let snapshot = image["Images"][0]["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert_eq!(
        error(&mut s, "DeleteSnapshot", json!({"SnapshotId": snapshot})),
        (
            "InvalidSnapshot.InUse".into(),
            format!("The snapshot {snapshot} is currently in use by {ami}")
        )
    );
    let public = call(
        &mut s,
        "DescribeImages",
        json!({"Owners": ["amazon"], "MaxResults": 5}),
    )["Images"][0]["ImageId"]
        .clone();
    assert_eq!(
        error(&mut s, "DeregisterImage", json!({"ImageId": public})).0,
        "AuthFailure"
    );
    assert_eq!(
        call(&mut s, "DeregisterImage", json!({"ImageId": ami})),
        json!({"Return": true})
    );
    assert_eq!(
        call(&mut s, "DescribeImages", json!({"Owners": ["self"]}))["Images"],
        json!([])
    );
    // The snapshot outlives its image, and keeps its blocks stored.
    assert!(stored_blocks(&s) > 0);
    call(&mut s, "DeleteSnapshot", json!({"SnapshotId": snapshot}));
    assert_eq!(stored_blocks(&s), 0);
}

#[test]
fn create_snapshots_and_register_image() {
    let mut s = Sandbox::new(5);
    web_server(&mut s);
    let id = ok(&mut s, "echo $ID");
    let taken = call(
        &mut s,
        "CreateSnapshots",
        json!({"InstanceSpecification": {"InstanceId": id}, "Description": "nightly"}),
    );
    let snapshots = taken["Snapshots"].as_array().cloned().unwrap_or_default();
    assert_eq!(snapshots.len(), 1);
    assert_eq!(snapshots[0]["Description"], "nightly");
    let snapshot = snapshots[0]["SnapshotId"].clone();
    s.advance(600);
    let registered = call(
        &mut s,
        "RegisterImage",
        json!({"Name": "from-snapshot", "RootDeviceName": "/dev/xvda",
               "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": snapshot}}]}),
    );
    let ami = registered["ImageId"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let image = &call(&mut s, "DescribeImages", json!({"ImageIds": [ami]}))["Images"][0];
    assert_eq!(image["State"], "available");
    assert_eq!(image["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"], 8);
    assert_eq!(
        error(
            &mut s,
            "RegisterImage",
            json!({"Name": "nothing", "RootDeviceName": "/dev/xvda",
                   "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-0123456789abcdef0"}}]})
        ),
        (
            "InvalidSnapshot.NotFound".into(),
            "The snapshot 'snap-0123456789abcdef0' does not exist.".into()
        )
    );
}

#[test]
fn snapshots_and_images_copy_to_another_region() {
    let mut s = Sandbox::new(6);
    web_server(&mut s);
    ok(&mut s, "ROOT=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].BlockDeviceMappings[0].Ebs.VolumeId' --output text)");
    ok(
        &mut s,
        "SNAP=$(aws ec2 create-snapshot --volume-id $ROOT --query SnapshotId --output text)",
    );
    let early = s.exec("aws ec2 copy-snapshot --region us-west-2 --source-region us-east-1 --source-snapshot-id $SNAP");
    assert_eq!(
        early.exit_code, 254,
        "a pending snapshot cannot be copied yet"
    );
    ok(
        &mut s,
        "aws ec2 wait snapshot-completed --snapshot-ids $SNAP",
    );
    let copy = ok(&mut s, "aws ec2 copy-snapshot --region us-west-2 --source-region us-east-1 --source-snapshot-id $SNAP --query SnapshotId --output text");
    let source = ok(&mut s, "echo $SNAP");
    assert_eq!(
        ok(&mut s, &format!("aws ec2 describe-snapshots --region us-west-2 --snapshot-ids {copy} --query 'Snapshots[0].[VolumeId,Description,State]' --output text")),
        format!("vol-ffffffff\t[Copied {source} from us-east-1]\tpending")
    );
    let stored = |s: &Sandbox, region: &str| {
        s.world()
            .ec2
            .region(region)
            .map(|r| r.stored_snapshot_blocks())
            .unwrap_or_default()
    };
    assert_eq!(
        stored(&s, "us-west-2"),
        stored(&s, "us-east-1"),
        "the first copy stores everything"
    );

    ok(
        &mut s,
        "AMI=$(aws ec2 create-image --instance-id $ID --name web-v1 --query ImageId --output text)",
    );
    ok(&mut s, "aws ec2 wait image-available --image-ids $AMI");
    ok(
        &mut s,
        "aws ec2 create-tags --resources $AMI --tags Key=team,Value=web",
    );
    let west = ok(&mut s, "aws ec2 copy-image --region us-west-2 --source-region us-east-1 --source-image-id $AMI --name web-v1-west --query ImageId --output text");
    let east = ok(&mut s, "echo $AMI");
    assert!(west.starts_with("ami-") && west != east);
    ok(
        &mut s,
        &format!("aws ec2 wait image-available --region us-west-2 --image-ids {west}"),
    );
    assert_eq!(
        ok(&mut s, &format!("aws ec2 describe-images --region us-west-2 --image-ids {west} --query 'Images[0].[Name,State,length(Tags || `[]`)]' --output text")),
        "web-v1-west\tavailable\t0",
        "tags are not copied unless asked"
    );
    let public = ok(&mut s, "aws ec2 describe-images --owners amazon --filters 'Name=name,Values=al2023-ami-2023*x86_64' --query 'Images[0].ImageId' --output text");
    ok(&mut s, &format!("aws ec2 copy-image --region us-west-2 --source-region us-east-1 --source-image-id {public} --name my-al2023"));
}

#[test]
fn an_instance_from_your_ami_keeps_the_old_key_beside_the_new_one() {
    let mut s = Sandbox::new(8);
    for line in [
        "aws ec2 create-key-pair --key-name old --query KeyMaterial --output text > old.pem",
        "aws ec2 create-key-pair --key-name new --query KeyMaterial --output text > new.pem",
        "chmod 400 old.pem new.pem",
        "SG=$(aws ec2 create-security-group --group-name ssh --description ssh --query GroupId --output text)",
        "aws ec2 authorize-security-group-ingress --group-id $SG --protocol tcp --port 22 --cidr 0.0.0.0/0",
        "ID=$(aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --instance-type t2.micro --key-name old --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)",
        "aws ec2 wait instance-running --instance-ids $ID",
        "IP=$(aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
        "ssh -i old.pem -o StrictHostKeyChecking=no ec2-user@$IP",
        "echo 'made on the original' > notes.txt",
        "exit",
        "AMI=$(aws ec2 create-image --instance-id $ID --name keys --query ImageId --output text)",
        "aws ec2 wait image-available --image-ids $AMI",
        "COPY=$(aws ec2 run-instances --image-id $AMI --instance-type t2.micro --key-name new --security-group-ids $SG --query 'Instances[0].InstanceId' --output text)",
        "aws ec2 wait instance-running --instance-ids $COPY",
        "IP2=$(aws ec2 describe-instances --instance-ids $COPY --query 'Reservations[0].Instances[0].PublicIpAddress' --output text)",
        "ssh -i new.pem -o StrictHostKeyChecking=no ec2-user@$IP2",
    ] {
        ok(&mut s, line);
    }
    assert_eq!(ok(&mut s, "cat notes.txt"), "made on the original");
    let hostname = ok(&mut s, "hostname");
    ok(&mut s, "exit");
    // The copy has its own hostname, and still lets the old key in.
    let original = ok(&mut s, "aws ec2 describe-instances --instance-ids $ID --query 'Reservations[0].Instances[0].PrivateDnsName' --output text");
    assert_ne!(hostname, original);
    ok(
        &mut s,
        "ssh -i old.pem -o StrictHostKeyChecking=no ec2-user@$IP2",
    );
    assert_eq!(ok(&mut s, "whoami"), "ec2-user");
}
