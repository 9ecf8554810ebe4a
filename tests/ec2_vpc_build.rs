//! A learner builds a network from scratch: VPC, subnets, internet gateway,
//! route table, network ACL rules and an Elastic IP, with every mistake
//! AWS refuses, through `Sandbox::call` and the terminal.

use aws_sandbox::Sandbox;
use serde_json::{json, Value};

fn ok(s: &mut Sandbox, action: &str, params: Value) -> Value {
    s.call("ec2", action, params)
        .unwrap_or_else(|e| panic!("{action}: {} {}", e.code, e.message))
        .to_value()
        .unwrap()
}

fn err(s: &mut Sandbox, action: &str, params: Value) -> (String, String) {
    let e = s.call("ec2", action, params).unwrap_err();
    (e.code, e.message)
}

fn text(v: &Value) -> String {
    v.as_str().unwrap().to_string()
}

/// A VPC with two subnets, an attached gateway and a public route table
/// associated with the first subnet.
struct Network {
    vpc: String,
    public: String,
    private: String,
    igw: String,
    rtb: String,
    association: String,
}

fn build(s: &mut Sandbox) -> Network {
    let vpc = ok(s, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}));
    let vpc = text(&vpc["Vpc"]["VpcId"]);
    let subnet = |s: &mut Sandbox, cidr: &str, zone: &str| {
        let r = ok(
            s,
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": cidr, "AvailabilityZone": zone}),
        );
        text(&r["Subnet"]["SubnetId"])
    };
    let public = subnet(s, "10.0.1.0/24", "us-east-1a");
    let private = subnet(s, "10.0.2.0/24", "us-east-1b");
    let igw =
        text(&ok(s, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"]);
    ok(
        s,
        "AttachInternetGateway",
        json!({"InternetGatewayId": igw, "VpcId": vpc}),
    );
    let rtb = text(&ok(s, "CreateRouteTable", json!({"VpcId": vpc}))["RouteTable"]["RouteTableId"]);
    let r = ok(
        s,
        "CreateRoute",
        json!({"RouteTableId": rtb, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw}),
    );
    assert_eq!(r, json!({"Return": true}));
    let r = ok(
        s,
        "AssociateRouteTable",
        json!({"RouteTableId": rtb, "SubnetId": public}),
    );
    assert_eq!(r["AssociationState"], json!({"State": "associated"}));
    let association = text(&r["AssociationId"]);
    assert!(association.starts_with("rtbassoc-"));
    Network {
        vpc,
        public,
        private,
        igw,
        rtb,
        association,
    }
}

fn image(s: &mut Sandbox) -> String {
    let r = ok(
        s,
        "DescribeImages",
        json!({"Owners": ["amazon"], "Filters": [{"Name": "name", "Values": ["al2023-ami-2023*x86_64"]}]}),
    );
    text(&r["Images"][0]["ImageId"])
}

fn launch(s: &mut Sandbox, subnet: &str, public_ip: bool) -> String {
    let ami = image(s);
    let r = ok(
        s,
        "RunInstances",
        json!({"ImageId": ami, "InstanceType": "t3.micro", "MinCount": 1, "MaxCount": 1,
        "NetworkInterfaces": [{"DeviceIndex": 0, "SubnetId": subnet, "AssociatePublicIpAddress": public_ip}]}),
    );
    let id = text(&r["Instances"][0]["InstanceId"]);
    s.advance(60);
    id
}

fn instance(s: &mut Sandbox, id: &str) -> Value {
    ok(s, "DescribeInstances", json!({"InstanceIds": [id]}))["Reservations"][0]["Instances"][0]
        .clone()
}

#[test]
fn a_new_vpc_comes_with_main_route_table_default_acl_and_security_group() {
    let mut s = Sandbox::new(7);
    let r = ok(
        &mut s,
        "CreateVpc",
        json!({"CidrBlock": "10.0.0.0/16", "TagSpecifications": [{"ResourceType": "vpc", "Tags": [{"Key": "Name", "Value": "lab"}]}]}),
    );
    assert_eq!(r["Vpc"]["State"], "pending");
    assert_eq!(r["Vpc"]["IsDefault"], false);
    assert_eq!(r["Vpc"]["Tags"], json!([{"Key": "Name", "Value": "lab"}]));
    let vpc = text(&r["Vpc"]["VpcId"]);
    let d = ok(&mut s, "DescribeVpcs", json!({"VpcIds": [vpc]}));
    assert_eq!(d["Vpcs"][0]["State"], "available");
    let by_vpc = json!([{"Name": "vpc-id", "Values": [vpc]}]);
    let tables = ok(&mut s, "DescribeRouteTables", json!({"Filters": by_vpc}));
    let table = &tables["RouteTables"][0];
    assert_eq!(tables["RouteTables"].as_array().unwrap().len(), 1);
    assert_eq!(table["Associations"][0]["Main"], true);
    assert_eq!(
        table["Routes"],
        json!([{"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "Origin": "CreateRouteTable", "State": "active"}])
    );
    let acls = ok(&mut s, "DescribeNetworkAcls", json!({"Filters": by_vpc}));
    let acl = &acls["NetworkAcls"][0];
    assert_eq!(acl["IsDefault"], true);
    let rules: Vec<(bool, u64, String)> = acl["Entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["Egress"].as_bool().unwrap(),
                e["RuleNumber"].as_u64().unwrap(),
                text(&e["RuleAction"]),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            (true, 100, "allow".into()),
            (true, 32767, "deny".into()),
            (false, 100, "allow".into()),
            (false, 32767, "deny".into())
        ]
    );
    let groups = ok(&mut s, "DescribeSecurityGroups", json!({"Filters": by_vpc}));
    assert_eq!(groups["SecurityGroups"][0]["GroupName"], "default");
}

#[test]
fn cidr_rules_for_vpcs_and_subnets() {
    let mut s = Sandbox::new(1);
    assert_eq!(
        err(&mut s, "CreateVpc", json!({"CidrBlock": "10.0.0.0/8"})),
        (
            "InvalidVpc.Range".into(),
            "The CIDR '10.0.0.0/8' is invalid.".into()
        )
    );
    assert_eq!(
        err(&mut s, "CreateVpc", json!({"CidrBlock": "10.0.0.0/29"})).0,
        "InvalidVpc.Range"
    );
    assert_eq!(
        err(&mut s, "CreateVpc", json!({"CidrBlock": "banana"})).0,
        "InvalidParameterValue"
    );
    let vpc = text(&ok(&mut s, "CreateVpc", json!({"CidrBlock": "10.0.0.0/16"}))["Vpc"]["VpcId"]);
    let r = ok(
        &mut s,
        "CreateSubnet",
        json!({"VpcId": vpc, "CidrBlock": "10.0.0.0/24", "AvailabilityZoneId": "use1-az1"}),
    );
    assert_eq!(r["Subnet"]["AvailableIpAddressCount"], 251);
    assert_eq!(r["Subnet"]["MapPublicIpOnLaunch"], false);
    assert_eq!(r["Subnet"]["AvailabilityZoneId"], "use1-az1");
    let r = ok(
        &mut s,
        "CreateSubnet",
        json!({"VpcId": vpc, "CidrBlock": "10.0.16.0/28"}),
    );
    assert_eq!(r["Subnet"]["AvailableIpAddressCount"], 11);
    assert_eq!(
        err(
            &mut s,
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.0.0.128/25"})
        ),
        (
            "InvalidSubnet.Conflict".into(),
            "The CIDR '10.0.0.128/25' conflicts with another subnet".into()
        )
    );
    assert_eq!(
        err(
            &mut s,
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.1.0.0/24"})
        ),
        (
            "InvalidSubnet.Range".into(),
            "The CIDR '10.1.0.0/24' is invalid.".into()
        )
    );
    let (code, message) = err(
        &mut s,
        "CreateSubnet",
        json!({"VpcId": vpc, "CidrBlock": "10.0.5.0/24", "AvailabilityZone": "us-east-1z"}),
    );
    assert_eq!(code, "InvalidParameterValue");
    assert!(
        message.starts_with("Value (us-east-1z) for parameter availabilityZone is invalid."),
        "{message}"
    );
    assert_eq!(
        err(
            &mut s,
            "CreateSubnet",
            json!({"VpcId": "vpc-0123456789abcdef0", "CidrBlock": "10.0.5.0/24"})
        )
        .0,
        "InvalidVpcID.NotFound"
    );
}

#[test]
fn five_vpcs_per_region_including_the_default() {
    let mut s = Sandbox::new(2);
    for n in 0..4 {
        ok(
            &mut s,
            "CreateVpc",
            json!({"CidrBlock": format!("10.{n}.0.0/16")}),
        );
    }
    assert_eq!(
        err(&mut s, "CreateVpc", json!({"CidrBlock": "10.9.0.0/16"})),
        (
            "VpcLimitExceeded".into(),
            "The maximum number of VPCs has been reached.".into()
        )
    );
    assert_eq!(
        err(&mut s, "CreateDefaultVpc", json!({})).0,
        "DefaultVpcAlreadyExists"
    );
}

#[test]
fn a_learner_builds_a_public_subnet() {
    let mut s = Sandbox::new(3);
    let n = build(&mut s);
    let r = ok(
        &mut s,
        "DescribeRouteTables",
        json!({"RouteTableIds": [n.rtb]}),
    );
    let table = &r["RouteTables"][0];
    assert_eq!(
        table["Routes"][1],
        json!({"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": n.igw, "Origin": "CreateRoute", "State": "active"})
    );
    assert_eq!(table["Associations"][0]["SubnetId"], n.public.as_str());
    assert_eq!(table["Associations"][0]["Main"], false);
    let by_subnet = ok(
        &mut s,
        "DescribeRouteTables",
        json!({"Filters": [{"Name": "association.subnet-id", "Values": [n.public]}]}),
    );
    assert_eq!(by_subnet["RouteTables"][0]["RouteTableId"], n.rtb.as_str());
    let igws = ok(
        &mut s,
        "DescribeInternetGateways",
        json!({"Filters": [{"Name": "attachment.vpc-id", "Values": [n.vpc]}]}),
    );
    assert_eq!(
        igws["InternetGateways"][0]["Attachments"],
        json!([{"State": "available", "VpcId": n.vpc}])
    );
    ok(
        &mut s,
        "ModifySubnetAttribute",
        json!({"SubnetId": n.public, "MapPublicIpOnLaunch": {"Value": true}}),
    );
    let subnets = ok(&mut s, "DescribeSubnets", json!({"SubnetIds": [n.public]}));
    assert_eq!(subnets["Subnets"][0]["MapPublicIpOnLaunch"], true);
    // The private subnet still uses the main table, which has no way out.
    let region = s.world().ec2.region("us-east-1").unwrap();
    assert_eq!(region.route_table_for_subnet(&n.public).unwrap().id, n.rtb);
    let main = region.route_table_for_subnet(&n.private).unwrap();
    assert!(main.main && main.routes.len() == 1);
    assert_eq!(
        region.internet_gateway_attached_to(&n.vpc).unwrap().id,
        n.igw
    );
    assert!(
        region
            .network_acl_for_subnet(&n.private)
            .unwrap()
            .is_default
    );
}

#[test]
fn gateway_mistakes_are_refused_with_aws_messages() {
    let mut s = Sandbox::new(4);
    let n = build(&mut s);
    let other = text(
        &ok(&mut s, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"],
    );
    assert_eq!(
        err(
            &mut s,
            "AttachInternetGateway",
            json!({"InternetGatewayId": n.igw, "VpcId": n.vpc})
        ),
        (
            "Resource.AlreadyAssociated".into(),
            format!(
                "resource {} is already attached to network {}",
                n.igw, n.vpc
            )
        )
    );
    assert_eq!(
        err(
            &mut s,
            "AttachInternetGateway",
            json!({"InternetGatewayId": other, "VpcId": n.vpc})
        ),
        (
            "InvalidParameterValue".into(),
            format!("Network {} already has an internet gateway attached", n.vpc)
        )
    );
    assert_eq!(
        err(
            &mut s,
            "DetachInternetGateway",
            json!({"InternetGatewayId": other, "VpcId": n.vpc})
        ),
        (
            "Gateway.NotAttached".into(),
            format!("resource {other} is not attached to network {}", n.vpc)
        )
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteInternetGateway",
            json!({"InternetGatewayId": n.igw})
        ),
        (
            "DependencyViolation".into(),
            format!(
                "The internetGateway '{}' has dependencies and cannot be deleted.",
                n.igw
            )
        )
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteInternetGateway",
            json!({"InternetGatewayId": "igw-0123456789abcdef0"})
        ),
        (
            "InvalidInternetGatewayID.NotFound".into(),
            "The internetGateway ID 'igw-0123456789abcdef0' does not exist".into()
        )
    );
    // An instance with a public address pins the gateway.
    let id = launch(&mut s, &n.public, true);
    let (code, message) = err(
        &mut s,
        "DetachInternetGateway",
        json!({"InternetGatewayId": n.igw, "VpcId": n.vpc}),
    );
    assert_eq!(code, "DependencyViolation");
    assert_eq!(message, format!("Network {} has some mapped public address(es). Please unmap those public address(es) before detaching the gateway.", n.vpc));
    ok(&mut s, "TerminateInstances", json!({"InstanceIds": [id]}));
    s.advance(60);
    ok(
        &mut s,
        "DetachInternetGateway",
        json!({"InternetGatewayId": n.igw, "VpcId": n.vpc}),
    );
    let r = ok(
        &mut s,
        "DescribeRouteTables",
        json!({"RouteTableIds": [n.rtb]}),
    );
    assert_eq!(r["RouteTables"][0]["Routes"][1]["State"], "blackhole");
    ok(
        &mut s,
        "DeleteInternetGateway",
        json!({"InternetGatewayId": n.igw}),
    );
}

#[test]
fn route_and_association_mistakes() {
    let mut s = Sandbox::new(5);
    let n = build(&mut s);
    let route =
        json!({"RouteTableId": n.rtb, "DestinationCidrBlock": "0.0.0.0/0", "GatewayId": n.igw});
    assert_eq!(
        err(&mut s, "CreateRoute", route.clone()),
        (
            "RouteAlreadyExists".into(),
            "The route identified by 0.0.0.0/0 already exists.".into()
        )
    );
    let detached = text(
        &ok(&mut s, "CreateInternetGateway", json!({}))["InternetGateway"]["InternetGatewayId"],
    );
    assert_eq!(
        err(
            &mut s,
            "CreateRoute",
            json!({"RouteTableId": n.rtb, "DestinationCidrBlock": "192.0.2.0/24", "GatewayId": detached})
        ),
        (
            "InvalidParameterValue".into(),
            format!(
                "route table {} and network gateway {detached} belong to different networks",
                n.rtb
            )
        )
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteRoute",
            json!({"RouteTableId": n.rtb, "DestinationCidrBlock": "10.0.0.0/16"})
        )
        .0,
        "InvalidParameterValue"
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteRoute",
            json!({"RouteTableId": n.rtb, "DestinationCidrBlock": "192.0.2.0/24"})
        )
        .0,
        "InvalidRoute.NotFound"
    );
    assert_eq!(err(&mut s, "ReplaceRoute", json!({"RouteTableId": n.rtb, "DestinationCidrBlock": "192.0.2.0/24", "GatewayId": n.igw})).0, "InvalidParameterValue");
    ok(&mut s, "ReplaceRoute", route);
    assert_eq!(
        err(
            &mut s,
            "AssociateRouteTable",
            json!({"RouteTableId": n.rtb, "SubnetId": n.public})
        )
        .0,
        "Resource.AlreadyAssociated"
    );
    assert_eq!(
        err(&mut s, "DeleteRouteTable", json!({"RouteTableId": n.rtb})),
        (
            "DependencyViolation".into(),
            format!(
                "The routeTable '{}' has dependencies and cannot be deleted.",
                n.rtb
            )
        )
    );
    // Making the custom table the main one, then the old main can go.
    let region = s.world().ec2.region("us-east-1").unwrap();
    let old_main = region.route_table_for_subnet(&n.private).unwrap().clone();
    let main_association = old_main.main_association_id.clone().unwrap();
    assert_eq!(
        err(
            &mut s,
            "DisassociateRouteTable",
            json!({"AssociationId": main_association})
        )
        .0,
        "InvalidParameterValue"
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteRouteTable",
            json!({"RouteTableId": old_main.id})
        )
        .0,
        "DependencyViolation"
    );
    let r = ok(
        &mut s,
        "ReplaceRouteTableAssociation",
        json!({"AssociationId": main_association, "RouteTableId": n.rtb}),
    );
    assert!(text(&r["NewAssociationId"]).starts_with("rtbassoc-"));
    let region = s.world().ec2.region("us-east-1").unwrap();
    assert_eq!(region.route_table_for_subnet(&n.private).unwrap().id, n.rtb);
    ok(
        &mut s,
        "DisassociateRouteTable",
        json!({"AssociationId": n.association}),
    );
    ok(
        &mut s,
        "DeleteRouteTable",
        json!({"RouteTableId": old_main.id}),
    );
    assert_eq!(
        err(
            &mut s,
            "DisassociateRouteTable",
            json!({"AssociationId": n.association})
        )
        .0,
        "InvalidAssociationID.NotFound"
    );
}

#[test]
fn network_acl_rules() {
    let mut s = Sandbox::new(6);
    let n = build(&mut s);
    let r = ok(&mut s, "CreateNetworkAcl", json!({"VpcId": n.vpc}));
    let acl = text(&r["NetworkAcl"]["NetworkAclId"]);
    assert_eq!(r["NetworkAcl"]["IsDefault"], false);
    let numbers: Vec<u64> = r["NetworkAcl"]["Entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["RuleNumber"].as_u64().unwrap())
        .collect();
    assert_eq!(numbers, [32767, 32767], "a custom ACL denies everything");
    let ssh = json!({"NetworkAclId": acl, "RuleNumber": 100, "Protocol": "6", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 22, "To": 22}});
    ok(&mut s, "CreateNetworkAclEntry", ssh.clone());
    assert_eq!(
        err(&mut s, "CreateNetworkAclEntry", ssh.clone()),
        (
            "NetworkAclEntryAlreadyExists".into(),
            "The network acl entry identified by 100 already exists.".into()
        )
    );
    let mut bad = ssh.clone();
    bad["RuleNumber"] = json!(32767);
    assert_eq!(
        err(&mut s, "CreateNetworkAclEntry", bad).0,
        "InvalidParameterValue"
    );
    let mut out = ssh.clone();
    out["Egress"] = json!(true);
    out["PortRange"] = json!({"From": 1024, "To": 65535});
    ok(&mut s, "CreateNetworkAclEntry", out);
    let mut deny = ssh.clone();
    deny["RuleAction"] = json!("deny");
    ok(&mut s, "ReplaceNetworkAclEntry", deny);
    let d = ok(
        &mut s,
        "DescribeNetworkAcls",
        json!({"NetworkAclIds": [acl]}),
    );
    let entries = d["NetworkAcls"][0]["Entries"].as_array().unwrap().clone();
    assert_eq!(entries[0]["PortRange"], json!({"From": 1024, "To": 65535}));
    assert_eq!(
        entries[2],
        json!({"CidrBlock": "0.0.0.0/0", "Egress": false, "PortRange": {"From": 22, "To": 22}, "Protocol": "6", "RuleAction": "deny", "RuleNumber": 100})
    );
    ok(
        &mut s,
        "DeleteNetworkAclEntry",
        json!({"NetworkAclId": acl, "RuleNumber": 100, "Egress": false}),
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteNetworkAclEntry",
            json!({"NetworkAclId": acl, "RuleNumber": 100, "Egress": false})
        )
        .0,
        "InvalidNetworkAclEntry.NotFound"
    );
    // Move the public subnet to the custom ACL and back.
    let region = s.world().ec2.region("us-east-1").unwrap();
    let default_acl = region.network_acl_for_subnet(&n.public).unwrap();
    let (default_id, association) = (
        default_acl.id.clone(),
        default_acl.associations[0].id.clone(),
    );
    assert_eq!(
        err(
            &mut s,
            "DeleteNetworkAcl",
            json!({"NetworkAclId": default_id})
        ),
        (
            "InvalidParameterValue".into(),
            format!("cannot delete default network ACL {default_id}")
        )
    );
    let r = ok(
        &mut s,
        "ReplaceNetworkAclAssociation",
        json!({"AssociationId": association, "NetworkAclId": acl}),
    );
    let moved = text(&r["NewAssociationId"]);
    assert_eq!(
        s.world()
            .ec2
            .region("us-east-1")
            .unwrap()
            .network_acl_for_subnet(&n.public)
            .unwrap()
            .id,
        acl
    );
    assert_eq!(
        err(&mut s, "DeleteNetworkAcl", json!({"NetworkAclId": acl})).0,
        "DependencyViolation"
    );
    ok(
        &mut s,
        "ReplaceNetworkAclAssociation",
        json!({"AssociationId": moved, "NetworkAclId": default_id}),
    );
    ok(&mut s, "DeleteNetworkAcl", json!({"NetworkAclId": acl}));
}

#[test]
fn delete_vpc_waits_for_its_dependencies() {
    let mut s = Sandbox::new(8);
    let n = build(&mut s);
    let refused = (
        "DependencyViolation".to_string(),
        format!(
            "The vpc '{}' has dependencies and cannot be deleted.",
            n.vpc
        ),
    );
    let id = launch(&mut s, &n.private, false);
    assert_eq!(
        err(&mut s, "DeleteSubnet", json!({"SubnetId": n.private})),
        (
            "DependencyViolation".into(),
            format!(
                "The subnet '{}' has dependencies and cannot be deleted.",
                n.private
            )
        )
    );
    ok(&mut s, "TerminateInstances", json!({"InstanceIds": [id]}));
    s.advance(60);
    for subnet in [&n.public, &n.private] {
        assert_eq!(err(&mut s, "DeleteVpc", json!({"VpcId": n.vpc})), refused);
        ok(&mut s, "DeleteSubnet", json!({"SubnetId": subnet}));
    }
    assert_eq!(
        err(&mut s, "DeleteVpc", json!({"VpcId": n.vpc})),
        refused,
        "gateway attached"
    );
    ok(
        &mut s,
        "DetachInternetGateway",
        json!({"InternetGatewayId": n.igw, "VpcId": n.vpc}),
    );
    assert_eq!(
        err(&mut s, "DeleteVpc", json!({"VpcId": n.vpc})),
        refused,
        "custom route table"
    );
    ok(&mut s, "DeleteRouteTable", json!({"RouteTableId": n.rtb}));
    let sg = ok(
        &mut s,
        "CreateSecurityGroup",
        json!({"GroupName": "web", "Description": "web", "VpcId": n.vpc}),
    );
    assert_eq!(
        err(&mut s, "DeleteVpc", json!({"VpcId": n.vpc})),
        refused,
        "custom security group"
    );
    ok(
        &mut s,
        "DeleteSecurityGroup",
        json!({"GroupId": sg["GroupId"]}),
    );
    assert_eq!(
        err(&mut s, "DeleteVpc", json!({"VpcId": n.vpc, "DryRun": true})).0,
        "DryRunOperation"
    );
    ok(&mut s, "DeleteVpc", json!({"VpcId": n.vpc}));
    let by_vpc = json!({"Filters": [{"Name": "vpc-id", "Values": [n.vpc]}]});
    assert_eq!(
        ok(&mut s, "DescribeRouteTables", by_vpc.clone())["RouteTables"],
        json!([])
    );
    assert_eq!(
        ok(&mut s, "DescribeNetworkAcls", by_vpc.clone())["NetworkAcls"],
        json!([])
    );
    assert_eq!(
        ok(&mut s, "DescribeSecurityGroups", by_vpc)["SecurityGroups"],
        json!([])
    );
    assert_eq!(
        err(&mut s, "DeleteVpc", json!({"VpcId": n.vpc})).0,
        "InvalidVpcID.NotFound"
    );
}

#[test]
fn an_elastic_ip_replaces_the_public_address_and_survives_stop_and_start() {
    let mut s = Sandbox::new(9);
    let n = build(&mut s);
    let id = launch(&mut s, &n.public, true);
    let auto_ip = text(&instance(&mut s, &id)["PublicIpAddress"]);
    let a = ok(
        &mut s,
        "AllocateAddress",
        json!({"Domain": "vpc", "TagSpecifications": [{"ResourceType": "elastic-ip", "Tags": [{"Key": "Name", "Value": "web"}]}]}),
    );
    let (allocation, eip) = (text(&a["AllocationId"]), text(&a["PublicIp"]));
    assert!(allocation.starts_with("eipalloc-"));
    assert_eq!(a["Domain"], "vpc");
    let r = ok(
        &mut s,
        "AssociateAddress",
        json!({"AllocationId": allocation, "InstanceId": id}),
    );
    let association = text(&r["AssociationId"]);
    assert!(association.starts_with("eipassoc-"));
    let i = instance(&mut s, &id);
    assert_eq!(i["PublicIpAddress"], eip.as_str());
    assert_ne!(eip, auto_ip);
    assert_eq!(
        i["NetworkInterfaces"][0]["Association"]["IpOwnerId"],
        "123456789012"
    );
    let d = ok(
        &mut s,
        "DescribeAddresses",
        json!({"Filters": [{"Name": "instance-id", "Values": [id]}]}),
    );
    let address = &d["Addresses"][0];
    assert_eq!(address["AssociationId"], association.as_str());
    assert_eq!(
        address["NetworkInterfaceId"],
        i["NetworkInterfaces"][0]["NetworkInterfaceId"]
    );
    assert_eq!(address["PrivateIpAddress"], i["PrivateIpAddress"]);
    assert_eq!(address["Tags"], json!([{"Key": "Name", "Value": "web"}]));
    // Stop and start: the Elastic IP stays (an auto-assigned one would not).
    ok(&mut s, "StopInstances", json!({"InstanceIds": [id]}));
    s.advance(60);
    assert_eq!(instance(&mut s, &id)["PublicIpAddress"], eip.as_str());
    ok(&mut s, "StartInstances", json!({"InstanceIds": [id]}));
    s.advance(60);
    assert_eq!(instance(&mut s, &id)["PublicIpAddress"], eip.as_str());
    assert_eq!(
        err(
            &mut s,
            "ReleaseAddress",
            json!({"AllocationId": allocation})
        ),
        (
            "InvalidIPAddress.InUse".into(),
            format!("Address {allocation} is in use.")
        )
    );
    // Disassociating gives the running instance a new auto-assigned address.
    ok(
        &mut s,
        "DisassociateAddress",
        json!({"AssociationId": association}),
    );
    let i = instance(&mut s, &id);
    let new_ip = text(&i["PublicIpAddress"]);
    assert_ne!(new_ip, eip);
    assert_eq!(
        i["NetworkInterfaces"][0]["Association"]["IpOwnerId"],
        "amazon"
    );
    assert_eq!(
        err(
            &mut s,
            "DisassociateAddress",
            json!({"AssociationId": association})
        )
        .0,
        "InvalidAssociationID.NotFound"
    );
    ok(
        &mut s,
        "ReleaseAddress",
        json!({"AllocationId": allocation}),
    );
    assert_eq!(
        err(
            &mut s,
            "ReleaseAddress",
            json!({"AllocationId": allocation})
        ),
        (
            "InvalidAllocationID.NotFound".into(),
            format!("The allocation ID '{allocation}' does not exist")
        )
    );
}

#[test]
fn elastic_ip_rules_reassociation_gateway_and_termination() {
    let mut s = Sandbox::new(10);
    let n = build(&mut s);
    let first = launch(&mut s, &n.public, false);
    let second = launch(&mut s, &n.public, false);
    let allocation = text(&ok(&mut s, "AllocateAddress", json!({}))["AllocationId"]);
    let association = text(
        &ok(
            &mut s,
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": first}),
        )["AssociationId"],
    );
    assert_eq!(
        err(
            &mut s,
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": second})
        ),
        (
            "Resource.AlreadyAssociated".into(),
            format!("resource {allocation} is already associated with associate-id {association}")
        )
    );
    ok(
        &mut s,
        "AssociateAddress",
        json!({"AllocationId": allocation, "InstanceId": second, "AllowReassociation": true}),
    );
    assert!(
        instance(&mut s, &first).get("PublicIpAddress").is_none(),
        "launched without a public address, it gets none back"
    );
    // Terminating the instance keeps the address allocated, unassociated.
    ok(
        &mut s,
        "TerminateInstances",
        json!({"InstanceIds": [second]}),
    );
    s.advance(60);
    let d = ok(
        &mut s,
        "DescribeAddresses",
        json!({"AllocationIds": [allocation]}),
    );
    assert!(d["Addresses"][0].get("AssociationId").is_none());
    // A VPC without an internet gateway cannot take an Elastic IP.
    let vpc = text(&ok(&mut s, "CreateVpc", json!({"CidrBlock": "10.8.0.0/16"}))["Vpc"]["VpcId"]);
    let subnet = text(
        &ok(
            &mut s,
            "CreateSubnet",
            json!({"VpcId": vpc, "CidrBlock": "10.8.0.0/24", "AvailabilityZone": "us-east-1a"}),
        )["Subnet"]["SubnetId"],
    );
    let isolated = launch(&mut s, &subnet, false);
    assert_eq!(
        err(
            &mut s,
            "AssociateAddress",
            json!({"AllocationId": allocation, "InstanceId": isolated})
        ),
        (
            "Gateway.NotAttached".into(),
            format!("Network {vpc} is not attached to any internet gateway")
        )
    );
    assert_eq!(
        err(
            &mut s,
            "AssociateAddress",
            json!({"AllocationId": "eipalloc-0123456789abcdef0", "InstanceId": first})
        )
        .0,
        "InvalidAllocationID.NotFound"
    );
}

#[test]
fn five_elastic_ips_per_region() {
    let mut s = Sandbox::new(11);
    for _ in 0..5 {
        ok(&mut s, "AllocateAddress", json!({"Domain": "vpc"}));
    }
    assert_eq!(
        err(&mut s, "AllocateAddress", json!({"Domain": "vpc"})),
        (
            "AddressLimitExceeded".into(),
            "The maximum number of addresses has been reached.".into()
        )
    );
    assert_eq!(
        err(&mut s, "AllocateAddress", json!({"DryRun": true})).0,
        "AddressLimitExceeded"
    );
    let d = ok(&mut s, "DescribeAddresses", json!({}));
    assert_eq!(d["Addresses"].as_array().unwrap().len(), 5);
}

#[test]
fn dry_run_changes_nothing() {
    let mut s = Sandbox::new(12);
    assert_eq!(
        err(
            &mut s,
            "CreateVpc",
            json!({"CidrBlock": "10.0.0.0/16", "DryRun": true})
        )
        .0,
        "DryRunOperation"
    );
    assert_eq!(
        err(&mut s, "CreateInternetGateway", json!({"DryRun": true})).0,
        "DryRunOperation"
    );
    assert_eq!(
        err(&mut s, "AllocateAddress", json!({"DryRun": true})).0,
        "DryRunOperation"
    );
    assert_eq!(
        err(&mut s, "DescribeRouteTables", json!({"DryRun": true})).0,
        "DryRunOperation"
    );
    assert_eq!(
        ok(&mut s, "DescribeVpcs", json!({}))["Vpcs"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        ok(&mut s, "DescribeInternetGateways", json!({}))["InternetGateways"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        ok(&mut s, "DescribeAddresses", json!({}))["Addresses"],
        json!([])
    );
}

#[test]
fn describe_actions_page() {
    let mut s = Sandbox::new(13);
    for n in 0..4 {
        ok(
            &mut s,
            "CreateVpc",
            json!({"CidrBlock": format!("10.{n}.0.0/16")}),
        );
    }
    let first = ok(&mut s, "DescribeRouteTables", json!({"MaxResults": 5}));
    assert_eq!(first["RouteTables"].as_array().unwrap().len(), 5);
    assert!(first.get("NextToken").is_none());
    let first = ok(&mut s, "DescribeVpcs", json!({"MaxResults": 5}));
    assert!(first.get("NextToken").is_none());
    let acls = ok(&mut s, "DescribeNetworkAcls", json!({}));
    assert_eq!(acls["NetworkAcls"].as_array().unwrap().len(), 5);
    for n in 0..5 {
        ok(
            &mut s,
            "CreateInternetGateway",
            json!({"TagSpecifications": [{"ResourceType": "internet-gateway", "Tags": [{"Key": "n", "Value": n.to_string()}]}]}),
        );
    }
    let page = ok(&mut s, "DescribeInternetGateways", json!({"MaxResults": 5}));
    assert_eq!(page["InternetGateways"].as_array().unwrap().len(), 5);
    let token = page["NextToken"].clone();
    let rest = ok(
        &mut s,
        "DescribeInternetGateways",
        json!({"MaxResults": 5, "NextToken": token}),
    );
    assert_eq!(rest["InternetGateways"].as_array().unwrap().len(), 1);
    assert_eq!(
        err(&mut s, "DescribeRouteTables", json!({"MaxResults": 101})).1,
        "Value ( 101 ) for parameter maxResults is invalid. Expecting a value between 5 and 100."
    );
    let tagged = ok(
        &mut s,
        "DescribeInternetGateways",
        json!({"Filters": [{"Name": "tag:n", "Values": ["3"]}]}),
    );
    assert_eq!(tagged["InternetGateways"].as_array().unwrap().len(), 1);
}

#[test]
fn the_terminal_builds_a_network() {
    let mut s = Sandbox::new(14);
    let out = s.exec("aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId --output text");
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let vpc = out.stdout.trim().to_string();
    assert!(vpc.starts_with("vpc-"), "{vpc}");
    let out = s.exec(&format!("aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --query Subnet.SubnetId --output text"));
    let subnet = out.stdout.trim().to_string();
    let out = s.exec(&format!(
        "aws ec2 modify-subnet-attribute --subnet-id {subnet} --map-public-ip-on-launch"
    ));
    assert_eq!(
        (out.exit_code, out.stdout.as_str()),
        (0, ""),
        "{}",
        out.stderr
    );
    let out = s.exec(&format!(
        "aws ec2 describe-subnets --subnet-ids {subnet} --query Subnets[0].MapPublicIpOnLaunch"
    ));
    assert_eq!(out.stdout.trim(), "true");
    let out = s.exec(&format!("aws ec2 describe-route-tables --filters Name=vpc-id,Values={vpc} --query RouteTables[0].Routes[0].GatewayId --output text"));
    assert_eq!(out.stdout.trim(), "local");
    let out = s.exec(&format!("aws ec2 describe-network-acls --filters Name=vpc-id,Values={vpc} --query NetworkAcls[0].NetworkAclId --output text"));
    let acl = out.stdout.trim().to_string();
    let out = s.exec(&format!("aws ec2 create-network-acl-entry --network-acl-id {acl} --ingress --rule-number 90 --protocol tcp --port-range From=22,To=22 --cidr-block 0.0.0.0/0 --rule-action allow"));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
    let out = s.exec(&format!("aws ec2 describe-network-acls --network-acl-ids {acl} --query 'NetworkAcls[0].Entries[?RuleNumber==`90`].[Egress,Protocol,PortRange.From]' --output text"));
    assert_eq!(out.stdout.trim(), "False\t6\t22");
    let out = s.exec(&format!(
        "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/25"
    ));
    assert_ne!(out.exit_code, 0);
    assert!(out.stderr.contains("An error occurred (InvalidSubnet.Conflict) when calling the CreateSubnet operation: The CIDR '10.0.1.0/25' conflicts with another subnet"), "{}", out.stderr);
    let out = s.exec("aws ec2 allocate-address --domain vpc");
    let v: Value = serde_json::from_str(&out.stdout).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "AllocationId",
            "PublicIpv4Pool",
            "NetworkBorderGroup",
            "Domain",
            "PublicIp"
        ]
    );
    let out = s.exec(
        "aws ec2 create-internet-gateway --query InternetGateway.InternetGatewayId --output text",
    );
    let igw = out.stdout.trim().to_string();
    let out = s.exec(&format!(
        "aws ec2 attach-internet-gateway --internet-gateway-id {igw} --vpc-id {vpc}"
    ));
    assert_eq!(
        (out.exit_code, out.stdout.as_str()),
        (0, ""),
        "{}",
        out.stderr
    );
    let out = s.exec(&format!(
        "aws ec2 wait internet-gateway-exists --internet-gateway-ids {igw}"
    ));
    assert_eq!(out.exit_code, 0, "{}", out.stderr);
}
