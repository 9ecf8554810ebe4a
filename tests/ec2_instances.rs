//! EC2 instances through `Sandbox::call`: the state machine with its
//! timings, public addresses, quotas and the errors AWS returns.

use aws_sandbox::Sandbox;
use serde_json::{json, Value};

fn al2023(sandbox: &mut Sandbox) -> String {
    let images = sandbox
        .call("ec2", "DescribeImages", json!({"Owners": ["amazon"], "Filters": [{"Name": "name", "Values": ["al2023-ami-2023.*-x86_64"]}]}))
        .unwrap()
        .to_value()
        .unwrap();
    images["Images"][0]["ImageId"].as_str().unwrap().to_string()
}

fn launch(sandbox: &mut Sandbox, extra: Value) -> Value {
    let mut params = json!({"ImageId": al2023(sandbox), "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1});
    if let (Some(p), Some(e)) = (params.as_object_mut(), extra.as_object()) {
        p.extend(e.clone());
    }
    sandbox
        .call("ec2", "RunInstances", params)
        .unwrap()
        .to_value()
        .unwrap()
}

fn describe(sandbox: &mut Sandbox, id: &str) -> Value {
    let out = sandbox
        .call("ec2", "DescribeInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    out["Reservations"][0]["Instances"][0].clone()
}

fn state(sandbox: &mut Sandbox, id: &str) -> String {
    describe(sandbox, id)["State"]["Name"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn launch_boots_from_pending_to_running_with_a_public_ip() {
    let mut s = Sandbox::new(1);
    let reservation = launch(&mut s, json!({}));
    let instance = &reservation["Instances"][0];
    let id = instance["InstanceId"].as_str().unwrap().to_string();
    assert!(reservation["ReservationId"]
        .as_str()
        .unwrap()
        .starts_with("r-"));
    assert_eq!(instance["State"], json!({"Code": 0, "Name": "pending"}));
    assert_eq!(
        instance["StateReason"],
        json!({"Code": "pending", "Message": "pending"})
    );
    assert_eq!(instance["PublicDnsName"], "");
    assert!(instance.get("PublicIpAddress").is_none());
    assert_eq!(instance["Placement"]["AvailabilityZone"], "us-east-1a");
    let private_ip = instance["PrivateIpAddress"].as_str().unwrap();
    assert!(private_ip.starts_with("172.31."), "{private_ip}");
    assert_eq!(
        instance["PrivateDnsName"],
        format!("ip-{}.ec2.internal", private_ip.replace('.', "-"))
    );

    s.advance(5);
    assert_eq!(state(&mut s, &id), "pending");
    let events = s.advance(20);
    assert!(events.iter().any(|e| matches!(e, aws_sandbox::DomainEvent::InstanceStateChanged { to, .. } if to == "running")));
    let running = describe(&mut s, &id);
    assert_eq!(running["State"], json!({"Code": 16, "Name": "running"}));
    assert!(running.get("StateReason").is_none());
    let ip = running["PublicIpAddress"].as_str().unwrap();
    assert_eq!(
        running["PublicDnsName"],
        format!("ec2-{}.compute-1.amazonaws.com", ip.replace('.', "-"))
    );
    assert_eq!(running["BlockDeviceMappings"][0]["DeviceName"], "/dev/xvda");
    assert_eq!(running["MetadataOptions"]["HttpTokens"], "required");
}

#[test]
fn stop_releases_the_public_ip_and_start_brings_a_new_one() {
    let mut s = Sandbox::new(2);
    let id = launch(&mut s, json!({}))["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    s.advance(60);
    let first_ip = describe(&mut s, &id)["PublicIpAddress"]
        .as_str()
        .unwrap()
        .to_string();

    let stop = s
        .call("ec2", "StopInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        stop["StoppingInstances"][0],
        json!({"InstanceId": id, "CurrentState": {"Code": 64, "Name": "stopping"}, "PreviousState": {"Code": 16, "Name": "running"}})
    );
    let stopping = describe(&mut s, &id);
    assert!(stopping.get("PublicIpAddress").is_none());
    assert!(stopping["StateTransitionReason"]
        .as_str()
        .unwrap()
        .starts_with("User initiated (2025-06-02 09:01:00 GMT"));
    s.advance(60);
    let stopped = describe(&mut s, &id);
    assert_eq!(stopped["State"]["Name"], "stopped");
    assert_eq!(
        stopped["StateReason"]["Code"],
        "Client.UserInitiatedShutdown"
    );
    assert_eq!(stopped["PublicDnsName"], "");

    let again = s
        .call("ec2", "StopInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        again["StoppingInstances"][0]["CurrentState"]["Code"], 80,
        "stopping a stopped instance is a no-op"
    );

    let start = s
        .call("ec2", "StartInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        start["StartingInstances"][0]["CurrentState"]["Name"],
        "pending"
    );
    assert_eq!(
        start["StartingInstances"][0]["PreviousState"]["Name"],
        "stopped"
    );
    s.advance(60);
    let restarted = describe(&mut s, &id);
    assert_eq!(restarted["State"]["Name"], "running");
    assert_ne!(restarted["PublicIpAddress"].as_str().unwrap(), first_ip);
    assert_eq!(restarted["StateTransitionReason"], "");
}

#[test]
fn terminate_goes_through_shutting_down_and_disappears_after_an_hour() {
    let mut s = Sandbox::new(3);
    let id = launch(&mut s, json!({}))["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    s.advance(30);
    let out = s
        .call("ec2", "TerminateInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        out["TerminatingInstances"][0]["CurrentState"],
        json!({"Code": 32, "Name": "shutting-down"})
    );
    s.advance(60);
    let gone = describe(&mut s, &id);
    assert_eq!(gone["State"], json!({"Code": 48, "Name": "terminated"}));
    assert_eq!(gone["NetworkInterfaces"], json!([]));
    assert!(gone.get("PrivateIpAddress").is_none());
    let again = s
        .call("ec2", "TerminateInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        again["TerminatingInstances"][0]["PreviousState"]["Code"],
        48
    );
    assert_eq!(again["TerminatingInstances"][0]["CurrentState"]["Code"], 48);
    s.advance(3600);
    let err = s
        .call("ec2", "DescribeInstances", json!({"InstanceIds": [id]}))
        .unwrap_err();
    assert_eq!(err.code, "InvalidInstanceID.NotFound");
    assert_eq!(
        err.message,
        format!("The instance ID '{id}' does not exist")
    );
}

#[test]
fn terminating_a_stopped_instance_goes_straight_to_terminated() {
    let mut s = Sandbox::new(4);
    let id = launch(&mut s, json!({}))["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    s.advance(30);
    s.call("ec2", "StopInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    s.advance(60);
    let out = s
        .call("ec2", "TerminateInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(out["TerminatingInstances"][0]["PreviousState"]["Code"], 80);
    assert_eq!(out["TerminatingInstances"][0]["CurrentState"]["Code"], 48);
}

#[test]
fn state_errors_use_aws_codes_and_messages() {
    let mut s = Sandbox::new(5);
    let id = launch(&mut s, json!({}))["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    let err = s
        .call("ec2", "StopInstances", json!({"InstanceIds": [id]}))
        .unwrap_err();
    assert_eq!(err.code, "IncorrectInstanceState");
    assert_eq!(
        err.message,
        format!("Instance '{id}' cannot be stopped as it has never reached the 'running' state.")
    );
    s.advance(30);
    s.call("ec2", "StopInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    let err = s
        .call("ec2", "StartInstances", json!({"InstanceIds": [id]}))
        .unwrap_err();
    assert_eq!(err.code, "IncorrectInstanceState");
    assert_eq!(
        err.message,
        format!("The instance '{id}' is not in a state from which it can be started.")
    );
    s.advance(60);
    s.call("ec2", "TerminateInstances", json!({"InstanceIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap();
    let err = s
        .call("ec2", "StopInstances", json!({"InstanceIds": [id]}))
        .unwrap_err();
    assert_eq!(
        err.message,
        format!("This instance '{id}' is not in a state from which it can be stopped.")
    );

    let err = s
        .call("ec2", "StopInstances", json!({"InstanceIds": ["i-123"]}))
        .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.message.as_str()),
        ("InvalidInstanceID.Malformed", "Invalid id: \"i-123\"")
    );
    let err = s
        .call(
            "ec2",
            "StartInstances",
            json!({"InstanceIds": ["i-0123456789abcdef0", "i-0123456789abcdef1"]}),
        )
        .unwrap_err();
    assert_eq!(
        err.message,
        "The instance IDs 'i-0123456789abcdef0, i-0123456789abcdef1' do not exist"
    );
}

#[test]
fn run_instances_rejects_bad_input_as_aws_does() {
    let mut s = Sandbox::new(6);
    let image = al2023(&mut s);
    let cases = [
        (json!({"ImageId": image, "InstanceType": "t2.mirco", "MinCount": 1, "MaxCount": 1}), "InvalidParameterValue", "Invalid value 't2.mirco' for InstanceType.".to_string()),
        (json!({"ImageId": "ami-12345", "MinCount": 1, "MaxCount": 1}), "InvalidAMIID.Malformed", "Invalid id: \"ami-12345\" (expecting \"ami-...\")".to_string()),
        (json!({"ImageId": "ami-0123456789abcdef0", "MinCount": 1, "MaxCount": 1}), "InvalidAMIID.NotFound", "The image id '[ami-0123456789abcdef0]' does not exist".to_string()),
        (json!({"MinCount": 1, "MaxCount": 1}), "MissingParameter", "The request must contain the parameter ImageId".to_string()),
        (json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "KeyName": "nope"}), "InvalidKeyPair.NotFound", "The key pair 'nope' does not exist".to_string()),
        (json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "SecurityGroupIds": ["sg-0123456789abcdef0"]}), "InvalidGroup.NotFound", "The security group 'sg-0123456789abcdef0' does not exist".to_string()),
        (json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "SubnetId": "subnet-0123456789abcdef0"}), "InvalidSubnetID.NotFound", "The subnet ID 'subnet-0123456789abcdef0' does not exist".to_string()),
        (json!({"ImageId": image, "InstanceType": "t4g.micro", "MinCount": 1, "MaxCount": 1}), "InvalidParameterValue", "The architecture 'arm64' of the specified instance type does not match the architecture 'x86_64' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.".to_string()),
        (json!({"ImageId": image, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1, "Placement": {"AvailabilityZone": "us-east-1e"}}), "Unsupported", "Your requested instance type (t3.micro) is not supported in your requested Availability Zone (us-east-1e). Please retry your request by not specifying an Availability Zone or choosing us-east-1a, us-east-1b, us-east-1c, us-east-1d, us-east-1f.".to_string()),
        (json!({"ImageId": image, "InstanceType": "g4dn.xlarge", "MinCount": 1, "MaxCount": 1}), "VcpuLimitExceeded", "You have requested more vCPU capacity than your current vCPU limit of 0 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit.".to_string()),
        (json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "Bogus": 1}), "UnknownParameter", "The parameter Bogus is not recognized".to_string()),
    ];
    for (params, code, message) in cases {
        let err = s.call("ec2", "RunInstances", params.clone()).unwrap_err();
        assert_eq!(
            (err.code.as_str(), err.message.as_str()),
            (code, message.as_str()),
            "{params}"
        );
    }
    let described = s
        .call("ec2", "DescribeInstances", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        described["Reservations"],
        json!([]),
        "failed launches create nothing"
    );
}

#[test]
fn dry_run_validates_but_creates_nothing() {
    let mut s = Sandbox::new(7);
    let image = al2023(&mut s);
    let err = s
        .call("ec2", "RunInstances", json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "DryRun": true}))
        .unwrap_err();
    assert_eq!(err.code, "DryRunOperation");
    assert_eq!(
        err.message,
        "Request would have succeeded, but DryRun flag is set."
    );
    let err = s
        .call("ec2", "RunInstances", json!({"ImageId": image, "InstanceType": "t2.mirco", "MinCount": 1, "MaxCount": 1, "DryRun": true}))
        .unwrap_err();
    assert_eq!(
        err.code, "InvalidParameterValue",
        "validation wins over DryRun"
    );
    assert_eq!(
        s.call("ec2", "DescribeInstances", json!({}))
            .unwrap()
            .to_value()
            .unwrap()["Reservations"],
        json!([])
    );
    assert_eq!(
        s.call("ec2", "DescribeVpcs", json!({"DryRun": true}))
            .unwrap_err()
            .code,
        "DryRunOperation"
    );
}

#[test]
fn vcpu_quota_of_32_and_its_increase() {
    let mut s = Sandbox::new(8);
    let image = al2023(&mut s);
    let launch = |s: &mut Sandbox, kind: &str, n: i64| {
        s.call(
            "ec2",
            "RunInstances",
            json!({"ImageId": image, "InstanceType": kind, "MinCount": n, "MaxCount": n}),
        )
        .and_then(|response| response.to_value())
    };
    launch(&mut s, "t2.2xlarge", 3).unwrap();
    let err = launch(&mut s, "t2.2xlarge", 2).unwrap_err();
    assert_eq!(err.code, "VcpuLimitExceeded");
    assert!(err.message.contains("vCPU limit of 32 allows"));
    let partial = s
        .call(
            "ec2",
            "RunInstances",
            json!({"ImageId": image, "InstanceType": "t2.xlarge", "MinCount": 1, "MaxCount": 5}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        partial["Instances"].as_array().unwrap().len(),
        2,
        "MaxCount is trimmed to what fits"
    );

    let quota = s
        .call(
            "service-quotas",
            "GetServiceQuota",
            json!({"ServiceCode": "ec2", "QuotaCode": "L-1216C47A"}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(quota["Quota"]["Value"], json!(32.0));
    assert_eq!(
        quota["Quota"]["QuotaName"],
        "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"
    );
    let raised = s
        .call(
            "service-quotas",
            "RequestServiceQuotaIncrease",
            json!({"ServiceCode": "ec2", "QuotaCode": "L-1216C47A", "DesiredValue": 64.0}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(raised["RequestedQuota"]["Status"], "APPROVED");
    launch(&mut s, "t2.2xlarge", 2).unwrap();
    let listed = s
        .call(
            "service-quotas",
            "ListServiceQuotas",
            json!({"ServiceCode": "ec2"}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert!(listed["Quotas"]
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["QuotaCode"] == "L-1216C47A" && q["Value"] == json!(64.0)));
}

#[test]
fn tags_at_launch_filters_and_tag_actions() {
    let mut s = Sandbox::new(9);
    let web = launch(
        &mut s,
        json!({"TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "web"}]}]}),
    );
    let web_id = web["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        web["Instances"][0]["Tags"],
        json!([{"Key": "Name", "Value": "web"}])
    );
    launch(
        &mut s,
        json!({"InstanceType": "t3.micro", "MinCount": 2, "MaxCount": 2}),
    );

    let by_tag = s
        .call(
            "ec2",
            "DescribeInstances",
            json!({"Filters": [{"Name": "tag:Name", "Values": ["w*"]}]}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(by_tag["Reservations"].as_array().unwrap().len(), 1);
    let t3 = s
        .call(
            "ec2",
            "DescribeInstances",
            json!({"Filters": [{"Name": "instance-type", "Values": ["t3.micro"]}]}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        t3["Reservations"][0]["Instances"].as_array().unwrap().len(),
        2
    );
    s.advance(30);
    let running = s.call("ec2", "DescribeInstances", json!({"Filters": [{"Name": "instance-state-name", "Values": ["running", "stopped"]}, {"Name": "tag-key", "Values": ["Name"]}]})).unwrap()
        .to_value()
        .unwrap();
    assert_eq!(running["Reservations"].as_array().unwrap().len(), 1);
    let err = s
        .call(
            "ec2",
            "DescribeInstances",
            json!({"Filters": [{"Name": "colour", "Values": ["red"]}]}),
        )
        .unwrap_err();
    assert_eq!(
        (err.code.as_str(), err.message.as_str()),
        ("InvalidParameterValue", "The filter 'colour' is invalid")
    );

    s.call(
        "ec2",
        "CreateTags",
        json!({"Resources": [web_id], "Tags": [{"Key": "Env", "Value": "dev"}]}),
    )
    .unwrap()
    .to_value()
    .unwrap();
    let tags = s
        .call(
            "ec2",
            "DescribeTags",
            json!({"Filters": [{"Name": "resource-id", "Values": [web_id]}]}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        tags["Tags"],
        json!([
            {"Key": "Name", "ResourceId": web_id, "ResourceType": "instance", "Value": "web"},
            {"Key": "Env", "ResourceId": web_id, "ResourceType": "instance", "Value": "dev"}
        ])
    );
    assert_eq!(tags["Tags"].as_array().unwrap().len(), 2);
    s.call(
        "ec2",
        "DeleteTags",
        json!({"Resources": [web_id], "Tags": [{"Key": "Env"}]}),
    )
    .unwrap()
    .to_value()
    .unwrap();
    assert_eq!(
        describe(&mut s, &web_id)["Tags"],
        json!([{"Key": "Name", "Value": "web"}])
    );
    let err = s
        .call(
            "ec2",
            "CreateTags",
            json!({"Resources": ["i-0123456789abcdef0"], "Tags": [{"Key": "a", "Value": "b"}]}),
        )
        .unwrap_err();
    assert_eq!(err.code, "InvalidInstanceID.NotFound");
}

#[test]
fn pagination_walks_every_reservation_once() {
    let mut s = Sandbox::new(10);
    for _ in 0..12 {
        launch(&mut s, json!({"InstanceType": "t2.nano"}));
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut params = json!({"MaxResults": 5});
        if let Some(t) = &token {
            params["NextToken"] = json!(t);
        }
        let page = s
            .call("ec2", "DescribeInstances", params)
            .unwrap()
            .to_value()
            .unwrap();
        for r in page["Reservations"].as_array().unwrap() {
            seen.push(r["ReservationId"].as_str().unwrap().to_string());
        }
        match page.get("NextToken").and_then(Value::as_str) {
            Some(t) => token = Some(t.to_string()),
            None => break,
        }
    }
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(seen.len(), 12);
    assert_eq!(unique.len(), 12);
}

#[test]
fn block_device_mappings_resize_the_root_and_add_volumes() {
    let mut s = Sandbox::new(11);
    let image = al2023(&mut s);
    let params = json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "BlockDeviceMappings": [
        {"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 20, "VolumeType": "gp3"}},
        {"DeviceName": "/dev/sdf", "Ebs": {"VolumeSize": 100, "DeleteOnTermination": false}}
    ]});
    let id = s
        .call("ec2", "RunInstances", params)
        .unwrap()
        .to_value()
        .unwrap()["Instances"][0]["InstanceId"]
        .as_str()
        .unwrap()
        .to_string();
    s.advance(30);
    let mappings = describe(&mut s, &id)["BlockDeviceMappings"].clone();
    assert_eq!(mappings.as_array().map(Vec::len), Some(2));
    assert_eq!(mappings[0]["DeviceName"], "/dev/xvda");
    assert_eq!(mappings[0]["Ebs"]["DeleteOnTermination"], true);
    assert_eq!(mappings[1]["DeviceName"], "/dev/sdf");
    assert_eq!(mappings[1]["Ebs"]["DeleteOnTermination"], false);
    assert_ne!(
        mappings[0]["Ebs"]["VolumeId"],
        mappings[1]["Ebs"]["VolumeId"]
    );

    let too_small = json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"VolumeSize": 4}}]});
    let err = s.call("ec2", "RunInstances", too_small).unwrap_err();
    assert_eq!(err.code, "InvalidBlockDeviceMapping");
    assert!(
        err.message
            .starts_with("Volume of size 4GB is smaller than snapshot 'snap-"),
        "{}",
        err.message
    );
    assert!(err.message.ends_with("expect size >= 8GB"));
    let bad_type = json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "BlockDeviceMappings": [{"DeviceName": "/dev/sdg", "Ebs": {"VolumeSize": 10, "VolumeType": "gp9"}}]});
    assert_eq!(
        s.call("ec2", "RunInstances", bad_type).unwrap_err().code,
        "InvalidParameterValue"
    );
}

#[test]
fn the_cli_shorthand_for_block_device_mappings_reaches_the_core() {
    let mut s = Sandbox::new(12);
    let out = s.exec("aws ec2 run-instances --image-id resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64 --instance-type t2.micro --block-device-mappings 'DeviceName=/dev/xvda,Ebs={VolumeSize=30,VolumeType=gp3}' --query 'Instances[0].InstanceId' --output text");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let id = out.stdout.trim().to_string();
    s.advance(30);
    let out = s.exec(&format!("aws ec2 describe-instances --instance-ids {id} --query 'Reservations[0].Instances[0].BlockDeviceMappings[].DeviceName' --output text"));
    assert_eq!(out.stdout, "/dev/xvda\n");
}
