//! Regions, the default VPC, key pairs and security groups through
//! `Sandbox::call`.

use aws_sandbox::Sandbox;
use serde_json::{json, Value};

fn err(s: &mut Sandbox, action: &str, params: Value) -> (String, String) {
    let e = s.call("ec2", action, params).unwrap_err();
    (e.code, e.message)
}

#[test]
fn every_region_has_a_default_vpc_with_one_subnet_per_zone() {
    let mut s = Sandbox::new(1);
    let zones = s
        .call("ec2", "DescribeAvailabilityZones", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    let names: Vec<&str> = zones["AvailabilityZones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|z| z["ZoneName"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1e",
            "us-east-1f"
        ]
    );
    let vpcs = s
        .call(
            "ec2",
            "DescribeVpcs",
            json!({"Filters": [{"Name": "isDefault", "Values": ["true"]}]}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    let vpc = &vpcs["Vpcs"][0];
    assert_eq!(vpc["CidrBlock"], "172.31.0.0/16");
    assert_eq!(vpc["IsDefault"], true);
    assert!(vpc["VpcId"].as_str().unwrap().starts_with("vpc-"));
    let subnets = s
        .call("ec2", "DescribeSubnets", json!({"Filters": [{"Name": "vpc-id", "Values": [vpc["VpcId"]]}, {"Name": "default-for-az", "Values": ["true"]}]}))
        .unwrap()
        .to_value()
        .unwrap();
    let subnets = subnets["Subnets"].as_array().unwrap();
    assert_eq!(subnets.len(), 6);
    assert_eq!(subnets[0]["CidrBlock"], "172.31.0.0/20");
    assert_eq!(subnets[0]["AvailableIpAddressCount"], 4091);
    assert_eq!(subnets[0]["MapPublicIpOnLaunch"], true);
    let one = s
        .call(
            "ec2",
            "DescribeSubnets",
            json!({"Filters": [{"Name": "availability-zone", "Values": ["us-east-1c"]}]}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(one["Subnets"][0]["CidrBlock"], "172.31.32.0/20");

    let regions = s
        .call("ec2", "DescribeRegions", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    assert!(regions["Regions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["RegionName"] == "eu-west-1" && r["Endpoint"] == "ec2.eu-west-1.amazonaws.com"));
    let ireland = s
        .call_in(Some("eu-west-1"), "ec2", "DescribeVpcs", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_ne!(
        ireland["Vpcs"][0]["VpcId"], vpc["VpcId"],
        "each region has its own default VPC"
    );
    let e = s
        .call_in(Some("mars-north-1"), "ec2", "DescribeVpcs", json!({}))
        .unwrap_err();
    assert_eq!(e.code, "EndpointConnectionError");
}

#[test]
fn key_pairs_are_created_once_and_shown_once() {
    let mut s = Sandbox::new(2);
    let created = s
        .call("ec2", "CreateKeyPair", json!({"KeyName": "my-key"}))
        .unwrap()
        .to_value()
        .unwrap();
    let keys: Vec<&str> = created
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["KeyPairId", "KeyName", "KeyFingerprint", "KeyMaterial"]
    );
    assert!(created["KeyMaterial"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    assert!(created["KeyMaterial"]
        .as_str()
        .unwrap()
        .ends_with("\n-----END RSA PRIVATE KEY-----"));
    assert_eq!(
        created["KeyFingerprint"]
            .as_str()
            .unwrap()
            .split(':')
            .count(),
        20
    );
    assert_eq!(
        err(&mut s, "CreateKeyPair", json!({"KeyName": "my-key"})),
        (
            "InvalidKeyPair.Duplicate".into(),
            "The keypair 'my-key' already exists.".into()
        )
    );

    let described = s
        .call("ec2", "DescribeKeyPairs", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    let key = &described["KeyPairs"][0];
    assert_eq!(key["KeyName"], "my-key");
    assert_eq!(key["KeyType"], "rsa");
    assert!(
        key.get("KeyMaterial").is_none(),
        "the private key is never shown again"
    );
    assert_eq!(key["CreateTime"], "2025-06-02T09:00:00+00:00");

    let ed = s
        .call(
            "ec2",
            "CreateKeyPair",
            json!({"KeyName": "ed", "KeyType": "ed25519"}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert!(ed["KeyMaterial"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN OPENSSH PRIVATE KEY-----"));
    assert!(ed["KeyFingerprint"].as_str().unwrap().ends_with('='));

    assert_eq!(
        err(&mut s, "DescribeKeyPairs", json!({"KeyNames": ["nope"]})),
        (
            "InvalidKeyPair.NotFound".into(),
            "The key pair 'nope' does not exist".into()
        )
    );
    let deleted = s
        .call("ec2", "DeleteKeyPair", json!({"KeyName": "my-key"}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(deleted["Return"], true);
    let again = s
        .call("ec2", "DeleteKeyPair", json!({"KeyName": "my-key"}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(again["Return"], true, "DeleteKeyPair is idempotent");

    let public = base64_encode("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me@laptop");
    let imported = s
        .call(
            "ec2",
            "ImportKeyPair",
            json!({"KeyName": "laptop", "PublicKeyMaterial": public}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    assert!(imported.get("KeyMaterial").is_none());
    let bad = base64_encode("not a key");
    assert_eq!(
        err(
            &mut s,
            "ImportKeyPair",
            json!({"KeyName": "x", "PublicKeyMaterial": bad})
        )
        .0,
        "InvalidKeyPair.Format"
    );
}

fn base64_encode(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}

#[test]
fn security_group_rules_and_their_errors() {
    let mut s = Sandbox::new(3);
    let created = s
        .call(
            "ec2",
            "CreateSecurityGroup",
            json!({"GroupName": "web-sg", "Description": "Allow SSH"}),
        )
        .unwrap()
        .to_value()
        .unwrap();
    let id = created["GroupId"].as_str().unwrap().to_string();
    assert!(created["SecurityGroupArn"]
        .as_str()
        .unwrap()
        .ends_with(&format!(":security-group/{id}")));

    let group = s
        .call("ec2", "DescribeSecurityGroups", json!({"GroupIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap()["SecurityGroups"][0]
        .clone();
    assert_eq!(group["IpPermissions"], json!([]));
    assert_eq!(
        group["IpPermissionsEgress"],
        json!([{"IpProtocol": "-1", "UserIdGroupPairs": [], "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "PrefixListIds": []}])
    );

    let rule = json!({"GroupName": "web-sg", "IpPermissions": [{"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}]});
    let added = s
        .call("ec2", "AuthorizeSecurityGroupIngress", rule.clone())
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(added["Return"], true);
    let r = &added["SecurityGroupRules"][0];
    assert!(r["SecurityGroupRuleId"]
        .as_str()
        .unwrap()
        .starts_with("sgr-"));
    assert_eq!(
        (
            r["IsEgress"].clone(),
            r["FromPort"].clone(),
            r["CidrIpv4"].clone()
        ),
        (json!(false), json!(22), json!("0.0.0.0/0"))
    );
    assert_eq!(
        err(&mut s, "AuthorizeSecurityGroupIngress", rule.clone()),
        ("InvalidPermission.Duplicate".into(), "the specified rule \"peer: 0.0.0.0/0, TCP, from port: 22, to port: 22, ALLOW\" already exists".into())
    );
    let ssh = s
        .call("ec2", "DescribeSecurityGroups", json!({"Filters": [{"Name": "ip-permission.from-port", "Values": ["22"]}, {"Name": "ip-permission.cidr", "Values": ["0.0.0.0/0"]}]}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(ssh["SecurityGroups"].as_array().unwrap().len(), 1);

    assert_eq!(
        err(
            &mut s,
            "CreateSecurityGroup",
            json!({"GroupName": "web-sg", "Description": "again"})
        )
        .0,
        "InvalidGroup.Duplicate"
    );
    assert_eq!(
        err(
            &mut s,
            "AuthorizeSecurityGroupIngress",
            json!({"GroupName": "nope", "IpPermissions": rule["IpPermissions"]})
        )
        .0,
        "InvalidGroup.NotFound"
    );
    assert_eq!(
        err(
            &mut s,
            "DescribeSecurityGroups",
            json!({"GroupIds": ["sg-0123456789abcdef0"]})
        ),
        (
            "InvalidGroup.NotFound".into(),
            "The security group 'sg-0123456789abcdef0' does not exist".into()
        )
    );

    let revoked = s
        .call("ec2", "RevokeSecurityGroupIngress", rule.clone())
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(revoked["Return"], true);
    let missing = s
        .call("ec2", "RevokeSecurityGroupIngress", rule)
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        missing["UnknownIpPermissions"][0]["FromPort"], 22,
        "default VPC: a missing rule is reported, not an error"
    );

    let default = s
        .call(
            "ec2",
            "DescribeSecurityGroups",
            json!({"GroupNames": ["default"]}),
        )
        .unwrap()
        .to_value()
        .unwrap()["SecurityGroups"][0]
        .clone();
    let default_id = default["GroupId"].as_str().unwrap().to_string();
    assert_eq!(
        default["IpPermissions"][0]["UserIdGroupPairs"][0]["GroupId"],
        default_id.as_str()
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteSecurityGroup",
            json!({"GroupId": default_id})
        )
        .0,
        "CannotDelete"
    );
}

#[test]
fn a_group_in_use_cannot_be_deleted_until_the_instance_is_gone() {
    let mut s = Sandbox::new(4);
    let id = s
        .call(
            "ec2",
            "CreateSecurityGroup",
            json!({"GroupName": "g", "Description": "d"}),
        )
        .unwrap()
        .to_value()
        .unwrap()["GroupId"]
        .as_str()
        .unwrap()
        .to_string();
    let image = s.call("ec2", "DescribeImages", json!({"Owners": ["amazon"], "Filters": [{"Name": "name", "Values": ["al2023-ami-2023*x86_64"]}]})).unwrap()
        .to_value()
        .unwrap()["Images"][0]["ImageId"].clone();
    let instance = s
        .call("ec2", "RunInstances", json!({"ImageId": image, "InstanceType": "t2.micro", "MinCount": 1, "MaxCount": 1, "SecurityGroupIds": [id]}))
        .unwrap()
        .to_value()
        .unwrap()["Instances"][0]["InstanceId"]
        .clone();
    let (code, message) = err(&mut s, "DeleteSecurityGroup", json!({"GroupId": id}));
    assert_eq!(
        (code.as_str(), message),
        (
            "DependencyViolation",
            format!("resource {id} has a dependent object")
        )
    );
    s.advance(30);
    s.call(
        "ec2",
        "TerminateInstances",
        json!({"InstanceIds": [instance]}),
    )
    .unwrap()
    .to_value()
    .unwrap();
    assert_eq!(
        err(&mut s, "DeleteSecurityGroup", json!({"GroupId": id})).0,
        "DependencyViolation",
        "still shutting down"
    );
    s.advance(60);
    assert_eq!(
        s.call("ec2", "DeleteSecurityGroup", json!({"GroupId": id}))
            .unwrap()
            .to_value()
            .unwrap(),
        json!({"Return": true, "GroupId": id})
    );
}

#[test]
fn caller_identity_is_the_learner() {
    let mut s = Sandbox::new(5);
    let me = s
        .call("sts", "GetCallerIdentity", json!({}))
        .unwrap()
        .to_value()
        .unwrap();
    assert_eq!(
        me,
        json!({"UserId": "AIDASANDBOXLEARNER012", "Account": "123456789012", "Arn": "arn:aws:iam::123456789012:user/learner"})
    );
}

#[test]
fn malformed_ids_are_reported_as_malformed() {
    let mut s = Sandbox::new(6);
    assert_eq!(
        err(&mut s, "DeleteSecurityGroup", json!({"GroupId": "web-sg"})),
        (
            "InvalidGroupId.Malformed".into(),
            "Invalid id: \"web-sg\" (expecting \"sg-...\")".into()
        )
    );
    assert_eq!(
        err(
            &mut s,
            "DescribeSecurityGroups",
            json!({"GroupIds": ["sg-123"]})
        )
        .0,
        "InvalidGroupId.Malformed"
    );
    assert_eq!(
        err(
            &mut s,
            "CreateTags",
            json!({"Resources": ["i-123"], "Tags": [{"Key": "a", "Value": "b"}]})
        ),
        ("InvalidID".into(), "The ID 'i-123' is not valid".into())
    );
}

#[test]
fn describe_results_come_in_pages() {
    let mut s = Sandbox::new(11);
    for n in 0..6 {
        s.call(
            "ec2",
            "CreateSecurityGroup",
            json!({"GroupName": format!("g{n}"), "Description": "paged"}),
        )
        .unwrap();
    }
    let page = |s: &mut Sandbox, token: Option<&str>| {
        let mut params = json!({"MaxResults": 5});
        if let Some(token) = token {
            params["NextToken"] = json!(token);
        }
        s.call("ec2", "DescribeSecurityGroups", params)
            .and_then(|r| r.to_value())
            .unwrap()
    };
    let first = page(&mut s, None);
    assert_eq!(first["SecurityGroups"].as_array().unwrap().len(), 5);
    let token = first["NextToken"].as_str().unwrap().to_string();
    let second = page(&mut s, Some(&token));
    // Six new groups and the default VPC's `default`.
    assert_eq!(second["SecurityGroups"].as_array().unwrap().len(), 2);
    assert!(second.get("NextToken").is_none());
    let out =
        s.exec("aws ec2 describe-security-groups --page-size 5 --query 'length(SecurityGroups)'");
    assert_eq!(out.stdout.trim(), "7", "the CLI follows the tokens itself");
    let out =
        s.exec("aws ec2 describe-instance-types --max-results 5 --query 'length(InstanceTypes)'");
    assert_eq!(out.stdout.trim(), "5", "--max-results pages by hand");
}
