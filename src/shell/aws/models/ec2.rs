//! Amazon EC2 as the CLI sees it: the simulated operations with their input
//! shapes and the waiters, transcribed from the AWS API model
//! (`ec2/2016-11-15/service-2.json` and `waiters-2.json`). Nested structures
//! keep every member the model has, so validation names them as botocore does;
//! top-level members are those the simulation understands.

use crate::shell::aws::model::{
    opt, req, Acceptor, Expected, Matcher, Operation, Paginator, Service, Shape, Waiter,
    WaiterState, BLOB, BOOLEAN, INTEGER, STRING, STRING_LIST,
};

/// `aws ec2`.
pub(crate) const SERVICE: Service = Service {
    name: "ec2",
    summary: "Amazon Elastic Compute Cloud: instances, AMIs, EBS volumes and snapshots, key pairs, security groups, VPCs, Elastic IPs.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: WAITERS,
    unsimulated_waiters: UNSIMULATED_WAITERS,
};

const INSTANCE_STATES: &str = "Reservations[].Instances[].State.Name";

const VOLUME_STATES: &str = "Volumes[].State";

const fn when(state: WaiterState, matcher: Matcher) -> Acceptor {
    Acceptor { state, matcher }
}

use Expected::{Flag, Text};
use Matcher::{Error, Path, PathAll, PathAny, Status};
use WaiterState::{Failure, Retry, Success};

/// The other waiters of `aws ec2 wait` (botocore's
/// `ec2/2016-11-15/waiters-2.json`), with the operation each polls: the
/// sandbox does not simulate those operations yet.
const UNSIMULATED_WAITERS: &[(&str, &str)] = &[
    ("BundleTaskComplete", "DescribeBundleTasks"),
    ("ConversionTaskCancelled", "DescribeConversionTasks"),
    ("ConversionTaskCompleted", "DescribeConversionTasks"),
    ("ConversionTaskDeleted", "DescribeConversionTasks"),
    ("CustomerGatewayAvailable", "DescribeCustomerGateways"),
    ("ExportTaskCancelled", "DescribeExportTasks"),
    ("ExportTaskCompleted", "DescribeExportTasks"),
    ("ImageUsageReportAvailable", "DescribeImageUsageReports"),
    ("NatGatewayAvailable", "DescribeNatGateways"),
    ("NatGatewayDeleted", "DescribeNatGateways"),
    ("NetworkInterfaceAvailable", "DescribeNetworkInterfaces"),
    ("PasswordDataAvailable", "GetPasswordData"),
    (
        "SecondaryNetworkCreateComplete",
        "DescribeSecondaryNetworks",
    ),
    (
        "SecondaryNetworkDeleteComplete",
        "DescribeSecondaryNetworks",
    ),
    ("SecondarySubnetCreateComplete", "DescribeSecondarySubnets"),
    ("SecondarySubnetDeleteComplete", "DescribeSecondarySubnets"),
    (
        "SecurityGroupVpcAssociationAssociated",
        "DescribeSecurityGroupVpcAssociations",
    ),
    (
        "SecurityGroupVpcAssociationDisassociated",
        "DescribeSecurityGroupVpcAssociations",
    ),
    ("SnapshotImported", "DescribeImportSnapshotTasks"),
    (
        "SpotInstanceRequestFulfilled",
        "DescribeSpotInstanceRequests",
    ),
    ("StoreImageTaskComplete", "DescribeStoreImageTasks"),
    (
        "VpcPeeringConnectionDeleted",
        "DescribeVpcPeeringConnections",
    ),
    (
        "VpcPeeringConnectionExists",
        "DescribeVpcPeeringConnections",
    ),
    ("VpnConnectionAvailable", "DescribeVpnConnections"),
    ("VpnConnectionDeleted", "DescribeVpnConnections"),
];

/// The waiters of `aws ec2 wait` whose operations the sandbox simulates.
const WAITERS: &[Waiter] = &[
    Waiter {
        name: "ImageAvailable",
        operation: "DescribeImages",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll("Images[].State", Text("available"))),
            when(Failure, PathAny("Images[].State", Text("failed"))),
        ],
    },
    Waiter {
        name: "ImageExists",
        operation: "DescribeImages",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, Path("length(Images[]) > `0`", Flag(true))),
            when(Retry, Error("InvalidAMIID.NotFound")),
        ],
    },
    Waiter {
        name: "InstanceExists",
        operation: "DescribeInstances",
        delay: 5,
        max_attempts: 40,
        acceptors: &[
            when(Success, Path("length(Reservations[]) > `0`", Flag(true))),
            when(Retry, Error("InvalidInstanceID.NotFound")),
        ],
    },
    Waiter {
        name: "InstanceRunning",
        operation: "DescribeInstances",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(INSTANCE_STATES, Text("running"))),
            when(Failure, PathAny(INSTANCE_STATES, Text("shutting-down"))),
            when(Failure, PathAny(INSTANCE_STATES, Text("terminated"))),
            when(Failure, PathAny(INSTANCE_STATES, Text("stopping"))),
            when(Retry, Error("InvalidInstanceID.NotFound")),
        ],
    },
    Waiter {
        name: "InstanceStopped",
        operation: "DescribeInstances",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(INSTANCE_STATES, Text("stopped"))),
            when(Failure, PathAny(INSTANCE_STATES, Text("pending"))),
            when(Failure, PathAny(INSTANCE_STATES, Text("terminated"))),
        ],
    },
    Waiter {
        name: "InstanceTerminated",
        operation: "DescribeInstances",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(INSTANCE_STATES, Text("terminated"))),
            when(Failure, PathAny(INSTANCE_STATES, Text("pending"))),
            when(Failure, PathAny(INSTANCE_STATES, Text("stopping"))),
        ],
    },
    Waiter {
        name: "InstanceStatusOk",
        operation: "DescribeInstanceStatus",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(
                Success,
                PathAll("InstanceStatuses[].InstanceStatus.Status", Text("ok")),
            ),
            when(Retry, Error("InvalidInstanceID.NotFound")),
        ],
    },
    Waiter {
        name: "InternetGatewayExists",
        operation: "DescribeInternetGateways",
        delay: 5,
        max_attempts: 6,
        acceptors: &[
            when(
                Success,
                Path(
                    "length(InternetGateways[].InternetGatewayId) > `0`",
                    Flag(true),
                ),
            ),
            when(Retry, Error("InvalidInternetGateway.NotFound")),
        ],
    },
    Waiter {
        name: "KeyPairExists",
        operation: "DescribeKeyPairs",
        delay: 5,
        max_attempts: 6,
        acceptors: &[
            when(
                Success,
                Path("length(KeyPairs[].KeyName) > `0`", Flag(true)),
            ),
            when(Retry, Error("InvalidKeyPair.NotFound")),
        ],
    },
    Waiter {
        name: "SecurityGroupExists",
        operation: "DescribeSecurityGroups",
        delay: 5,
        max_attempts: 6,
        acceptors: &[
            when(
                Success,
                Path("length(SecurityGroups[].GroupId) > `0`", Flag(true)),
            ),
            when(Retry, Error("InvalidGroup.NotFound")),
        ],
    },
    Waiter {
        name: "SnapshotCompleted",
        operation: "DescribeSnapshots",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll("Snapshots[].State", Text("completed"))),
            when(Failure, PathAny("Snapshots[].State", Text("error"))),
        ],
    },
    Waiter {
        name: "SystemStatusOk",
        operation: "DescribeInstanceStatus",
        delay: 15,
        max_attempts: 40,
        acceptors: &[when(
            Success,
            PathAll("InstanceStatuses[].SystemStatus.Status", Text("ok")),
        )],
    },
    Waiter {
        name: "SubnetAvailable",
        operation: "DescribeSubnets",
        delay: 15,
        max_attempts: 40,
        acceptors: &[when(Success, PathAll("Subnets[].State", Text("available")))],
    },
    Waiter {
        name: "VolumeAvailable",
        operation: "DescribeVolumes",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(VOLUME_STATES, Text("available"))),
            when(Failure, PathAny(VOLUME_STATES, Text("deleted"))),
        ],
    },
    Waiter {
        name: "VolumeDeleted",
        operation: "DescribeVolumes",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(VOLUME_STATES, Text("deleted"))),
            when(Success, Error("InvalidVolume.NotFound")),
        ],
    },
    Waiter {
        name: "VolumeInUse",
        operation: "DescribeVolumes",
        delay: 15,
        max_attempts: 40,
        acceptors: &[
            when(Success, PathAll(VOLUME_STATES, Text("in-use"))),
            when(Failure, PathAny(VOLUME_STATES, Text("deleted"))),
        ],
    },
    Waiter {
        name: "VpcAvailable",
        operation: "DescribeVpcs",
        delay: 15,
        max_attempts: 40,
        acceptors: &[when(Success, PathAll("Vpcs[].State", Text("available")))],
    },
    Waiter {
        name: "VpcExists",
        operation: "DescribeVpcs",
        delay: 1,
        max_attempts: 5,
        acceptors: &[
            when(Success, Status(200)),
            when(Retry, Error("InvalidVpcID.NotFound")),
        ],
    },
];

const FILTER: Shape = Shape::Structure(&[opt("Name", &STRING), opt("Values", &STRING_LIST)]);

const FILTER_LIST: Shape = Shape::List(&FILTER);

const TAG: Shape = Shape::Structure(&[opt("Key", &STRING), opt("Value", &STRING)]);

const TAG_LIST: Shape = Shape::List(&TAG);

const TAG_SPECIFICATION: Shape =
    Shape::Structure(&[opt("ResourceType", &STRING), opt("Tags", &TAG_LIST)]);

const TAG_SPECIFICATION_LIST: Shape = Shape::List(&TAG_SPECIFICATION);

const USER_ID_GROUP_PAIR: Shape = Shape::Structure(&[
    opt("Description", &STRING),
    opt("UserId", &STRING),
    opt("GroupName", &STRING),
    opt("GroupId", &STRING),
    opt("VpcId", &STRING),
    opt("VpcPeeringConnectionId", &STRING),
    opt("PeeringStatus", &STRING),
]);

const USER_ID_GROUP_PAIR_LIST: Shape = Shape::List(&USER_ID_GROUP_PAIR);

const IP_RANGE: Shape = Shape::Structure(&[opt("Description", &STRING), opt("CidrIp", &STRING)]);

const IP_RANGE_LIST: Shape = Shape::List(&IP_RANGE);

const IPV6_RANGE: Shape =
    Shape::Structure(&[opt("Description", &STRING), opt("CidrIpv6", &STRING)]);

const IPV6_RANGE_LIST: Shape = Shape::List(&IPV6_RANGE);

const PREFIX_LIST_ID: Shape =
    Shape::Structure(&[opt("Description", &STRING), opt("PrefixListId", &STRING)]);

const PREFIX_LIST_ID_LIST: Shape = Shape::List(&PREFIX_LIST_ID);

const IP_PERMISSION: Shape = Shape::Structure(&[
    opt("IpProtocol", &STRING),
    opt("FromPort", &INTEGER),
    opt("ToPort", &INTEGER),
    opt("UserIdGroupPairs", &USER_ID_GROUP_PAIR_LIST),
    opt("IpRanges", &IP_RANGE_LIST),
    opt("Ipv6Ranges", &IPV6_RANGE_LIST),
    opt("PrefixListIds", &PREFIX_LIST_ID_LIST),
]);

const IP_PERMISSION_LIST: Shape = Shape::List(&IP_PERMISSION);

const EBS_BLOCK_DEVICE: Shape = Shape::Structure(&[
    opt("DeleteOnTermination", &BOOLEAN),
    opt("Iops", &INTEGER),
    opt("SnapshotId", &STRING),
    opt("VolumeSize", &INTEGER),
    opt("VolumeType", &STRING),
    opt("KmsKeyId", &STRING),
    opt("Throughput", &INTEGER),
    opt("OutpostArn", &STRING),
    opt("AvailabilityZone", &STRING),
    opt("Encrypted", &BOOLEAN),
    opt("VolumeInitializationRate", &INTEGER),
    opt("AvailabilityZoneId", &STRING),
    opt("EbsCardIndex", &INTEGER),
]);

const BLOCK_DEVICE_MAPPING: Shape = Shape::Structure(&[
    opt("Ebs", &EBS_BLOCK_DEVICE),
    opt("NoDevice", &STRING),
    opt("DeviceName", &STRING),
    opt("VirtualName", &STRING),
]);

const BLOCK_DEVICE_MAPPING_REQUEST_LIST: Shape = Shape::List(&BLOCK_DEVICE_MAPPING);

const RUN_INSTANCES_MONITORING_ENABLED: Shape = Shape::Structure(&[req("Enabled", &BOOLEAN)]);

const PLACEMENT: Shape = Shape::Structure(&[
    opt("AvailabilityZoneId", &STRING),
    opt("Affinity", &STRING),
    opt("GroupName", &STRING),
    opt("PartitionNumber", &INTEGER),
    opt("HostId", &STRING),
    opt("Tenancy", &STRING),
    opt("SpreadDomain", &STRING),
    opt("HostResourceGroupArn", &STRING),
    opt("GroupId", &STRING),
    opt("AvailabilityZone", &STRING),
]);

const CREDIT_SPECIFICATION_REQUEST: Shape = Shape::Structure(&[req("CpuCredits", &STRING)]);

const INSTANCE_METADATA_OPTIONS_REQUEST: Shape = Shape::Structure(&[
    opt("HttpTokens", &STRING),
    opt("HttpPutResponseHopLimit", &INTEGER),
    opt("HttpEndpoint", &STRING),
    opt("HttpProtocolIpv6", &STRING),
    opt("InstanceMetadataTags", &STRING),
]);

const INSTANCE_IPV6_ADDRESS: Shape =
    Shape::Structure(&[opt("Ipv6Address", &STRING), opt("IsPrimaryIpv6", &BOOLEAN)]);

const INSTANCE_IPV6_ADDRESS_LIST: Shape = Shape::List(&INSTANCE_IPV6_ADDRESS);

const PRIVATE_IP_ADDRESS_SPECIFICATION: Shape =
    Shape::Structure(&[opt("Primary", &BOOLEAN), opt("PrivateIpAddress", &STRING)]);

const PRIVATE_IP_ADDRESS_SPECIFICATION_LIST: Shape = Shape::List(&PRIVATE_IP_ADDRESS_SPECIFICATION);

const IPV4_PREFIX_SPECIFICATION_REQUEST: Shape = Shape::Structure(&[opt("Ipv4Prefix", &STRING)]);

const IPV4_PREFIX_LIST: Shape = Shape::List(&IPV4_PREFIX_SPECIFICATION_REQUEST);

const IPV6_PREFIX_SPECIFICATION_REQUEST: Shape = Shape::Structure(&[opt("Ipv6Prefix", &STRING)]);

const IPV6_PREFIX_LIST: Shape = Shape::List(&IPV6_PREFIX_SPECIFICATION_REQUEST);

const ENA_SRD_UDP_SPECIFICATION_REQUEST: Shape =
    Shape::Structure(&[opt("EnaSrdUdpEnabled", &BOOLEAN)]);

const ENA_SRD_SPECIFICATION_REQUEST: Shape = Shape::Structure(&[
    opt("EnaSrdEnabled", &BOOLEAN),
    opt("EnaSrdUdpSpecification", &ENA_SRD_UDP_SPECIFICATION_REQUEST),
]);

const CONNECTION_TRACKING_SPECIFICATION_REQUEST: Shape = Shape::Structure(&[
    opt("TcpEstablishedTimeout", &INTEGER),
    opt("UdpStreamTimeout", &INTEGER),
    opt("UdpTimeout", &INTEGER),
]);

const INSTANCE_NETWORK_INTERFACE_SPECIFICATION: Shape = Shape::Structure(&[
    opt("AssociatePublicIpAddress", &BOOLEAN),
    opt("DeleteOnTermination", &BOOLEAN),
    opt("Description", &STRING),
    opt("DeviceIndex", &INTEGER),
    opt("Groups", &STRING_LIST),
    opt("Ipv6AddressCount", &INTEGER),
    opt("Ipv6Addresses", &INSTANCE_IPV6_ADDRESS_LIST),
    opt("NetworkInterfaceId", &STRING),
    opt("PrivateIpAddress", &STRING),
    opt("PrivateIpAddresses", &PRIVATE_IP_ADDRESS_SPECIFICATION_LIST),
    opt("SecondaryPrivateIpAddressCount", &INTEGER),
    opt("SubnetId", &STRING),
    opt("AssociateCarrierIpAddress", &BOOLEAN),
    opt("InterfaceType", &STRING),
    opt("NetworkCardIndex", &INTEGER),
    opt("Ipv4Prefixes", &IPV4_PREFIX_LIST),
    opt("Ipv4PrefixCount", &INTEGER),
    opt("Ipv6Prefixes", &IPV6_PREFIX_LIST),
    opt("Ipv6PrefixCount", &INTEGER),
    opt("PrimaryIpv6", &BOOLEAN),
    opt("EnaSrdSpecification", &ENA_SRD_SPECIFICATION_REQUEST),
    opt(
        "ConnectionTrackingSpecification",
        &CONNECTION_TRACKING_SPECIFICATION_REQUEST,
    ),
    opt("EnaQueueCount", &INTEGER),
]);

const INSTANCE_NETWORK_INTERFACE_SPECIFICATION_LIST: Shape =
    Shape::List(&INSTANCE_NETWORK_INTERFACE_SPECIFICATION);

const INSTANCE_SPECIFICATION: Shape = Shape::Structure(&[
    req("InstanceId", &STRING),
    opt("ExcludeBootVolume", &BOOLEAN),
    opt("ExcludeDataVolumeIds", &STRING_LIST),
]);

const ATTRIBUTE_BOOLEAN_VALUE: Shape = Shape::Structure(&[opt("Value", &BOOLEAN)]);

const ICMP_TYPE_CODE: Shape = Shape::Structure(&[opt("Code", &INTEGER), opt("Type", &INTEGER)]);

const PORT_RANGE: Shape = Shape::Structure(&[opt("From", &INTEGER), opt("To", &INTEGER)]);

const LAUNCH_TEMPLATE_SPECIFICATION: Shape = Shape::Structure(&[
    opt("LaunchTemplateId", &STRING),
    opt("LaunchTemplateName", &STRING),
    opt("Version", &STRING),
]);

const LAUNCH_TEMPLATE_IAM_INSTANCE_PROFILE_SPECIFICATION_REQUEST: Shape =
    Shape::Structure(&[opt("Arn", &STRING), opt("Name", &STRING)]);

const ELASTIC_GPU_SPECIFICATION_LIST: Shape =
    Shape::List(&Shape::Structure(&[req("Type", &STRING)]));

const LAUNCH_TEMPLATE_ELASTIC_INFERENCE_ACCELERATOR_LIST: Shape =
    Shape::List(&Shape::Structure(&[
        req("Type", &STRING),
        opt("Count", &INTEGER),
    ]));

const LAUNCH_TEMPLATES_MONITORING_REQUEST: Shape = Shape::Structure(&[
    opt("Enabled", &BOOLEAN),
    opt("MetricCategoryIds", &STRING_LIST),
]);

const LAUNCH_TEMPLATE_CPU_OPTIONS_REQUEST: Shape = Shape::Structure(&[
    opt("CoreCount", &INTEGER),
    opt("ThreadsPerCore", &INTEGER),
    opt("AmdSevSnp", &STRING),
    opt("NestedVirtualization", &STRING),
]);

const CAPACITY_RESERVATION_TARGET: Shape = Shape::Structure(&[
    opt("CapacityReservationId", &STRING),
    opt("CapacityReservationResourceGroupArn", &STRING),
]);

const LAUNCH_TEMPLATE_CAPACITY_RESERVATION_SPECIFICATION_REQUEST: Shape = Shape::Structure(&[
    opt("CapacityReservationPreference", &STRING),
    opt("CapacityReservationTarget", &CAPACITY_RESERVATION_TARGET),
]);

const LAUNCH_TEMPLATE_LICENSE_SPECIFICATION_LIST_REQUEST: Shape = Shape::List(&Shape::Structure(
    &[opt("LicenseConfigurationArn", &STRING)],
));

const LAUNCH_TEMPLATE_HIBERNATION_OPTIONS_REQUEST: Shape =
    Shape::Structure(&[opt("Configured", &BOOLEAN)]);

const LAUNCH_TEMPLATE_ENCLAVE_OPTIONS_REQUEST: Shape =
    Shape::Structure(&[opt("Enabled", &BOOLEAN)]);

const LAUNCH_TEMPLATE_PRIVATE_DNS_NAME_OPTIONS_REQUEST: Shape = Shape::Structure(&[
    opt("HostnameType", &STRING),
    opt("EnableResourceNameDnsARecord", &BOOLEAN),
    opt("EnableResourceNameDnsAAAARecord", &BOOLEAN),
]);

const LAUNCH_TEMPLATE_INSTANCE_MAINTENANCE_OPTIONS_REQUEST: Shape =
    Shape::Structure(&[opt("AutoRecovery", &STRING)]);

const OPERATOR_REQUEST: Shape = Shape::Structure(&[opt("Principal", &STRING)]);

const LAUNCH_TEMPLATE_NETWORK_PERFORMANCE_OPTIONS_REQUEST: Shape =
    Shape::Structure(&[opt("BandwidthWeighting", &STRING)]);

/// `RequestLaunchTemplateData`, the settings a launch template version
/// holds. Where the model's nested shape has the members of a shape
/// RunInstances already uses (placement, metadata options, credit
/// specification, tag specifications), that shape serves, though the model
/// lists the members in another order. Block device mappings and network
/// interfaces reuse RunInstances' shapes too, which accept a little more
/// than the launch template's: `OutpostArn`, `AvailabilityZone` and
/// `AvailabilityZoneId` in `Ebs`, `IsPrimaryIpv6` in `Ipv6Addresses`; the
/// data stays compact at that price. `InstanceMarketOptions` (it holds a
/// timestamp, a shape the CLI model lacks), `InstanceRequirements` and
/// `SecondaryInterfaces` are left out: the sandbox has no spot market,
/// attribute-based instance types or secondary networks.
const REQUEST_LAUNCH_TEMPLATE_DATA: Shape = Shape::Structure(&[
    opt("KernelId", &STRING),
    opt("EbsOptimized", &BOOLEAN),
    opt(
        "IamInstanceProfile",
        &LAUNCH_TEMPLATE_IAM_INSTANCE_PROFILE_SPECIFICATION_REQUEST,
    ),
    opt("BlockDeviceMappings", &BLOCK_DEVICE_MAPPING_REQUEST_LIST),
    opt(
        "NetworkInterfaces",
        &INSTANCE_NETWORK_INTERFACE_SPECIFICATION_LIST,
    ),
    opt("ImageId", &STRING),
    opt("InstanceType", &STRING),
    opt("KeyName", &STRING),
    opt("Monitoring", &LAUNCH_TEMPLATES_MONITORING_REQUEST),
    opt("Placement", &PLACEMENT),
    opt("RamDiskId", &STRING),
    opt("DisableApiTermination", &BOOLEAN),
    opt("InstanceInitiatedShutdownBehavior", &STRING),
    opt("UserData", &STRING),
    opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
    opt("ElasticGpuSpecifications", &ELASTIC_GPU_SPECIFICATION_LIST),
    opt(
        "ElasticInferenceAccelerators",
        &LAUNCH_TEMPLATE_ELASTIC_INFERENCE_ACCELERATOR_LIST,
    ),
    opt("SecurityGroupIds", &STRING_LIST),
    opt("SecurityGroups", &STRING_LIST),
    opt("CreditSpecification", &CREDIT_SPECIFICATION_REQUEST),
    opt("CpuOptions", &LAUNCH_TEMPLATE_CPU_OPTIONS_REQUEST),
    opt(
        "CapacityReservationSpecification",
        &LAUNCH_TEMPLATE_CAPACITY_RESERVATION_SPECIFICATION_REQUEST,
    ),
    opt(
        "LicenseSpecifications",
        &LAUNCH_TEMPLATE_LICENSE_SPECIFICATION_LIST_REQUEST,
    ),
    opt(
        "HibernationOptions",
        &LAUNCH_TEMPLATE_HIBERNATION_OPTIONS_REQUEST,
    ),
    opt("MetadataOptions", &INSTANCE_METADATA_OPTIONS_REQUEST),
    opt("EnclaveOptions", &LAUNCH_TEMPLATE_ENCLAVE_OPTIONS_REQUEST),
    opt(
        "PrivateDnsNameOptions",
        &LAUNCH_TEMPLATE_PRIVATE_DNS_NAME_OPTIONS_REQUEST,
    ),
    opt(
        "MaintenanceOptions",
        &LAUNCH_TEMPLATE_INSTANCE_MAINTENANCE_OPTIONS_REQUEST,
    ),
    opt("DisableApiStop", &BOOLEAN),
    opt("Operator", &OPERATOR_REQUEST),
    opt(
        "NetworkPerformanceOptions",
        &LAUNCH_TEMPLATE_NETWORK_PERFORMANCE_OPTIONS_REQUEST,
    ),
]);

/// The operations the sandbox simulates, with their input shapes.
pub(crate) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "DescribeRegions",
        summary: "List the Regions enabled for the account.",
        input: &[
            opt("RegionNames", &STRING_LIST),
            opt("AllRegions", &BOOLEAN),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeAvailabilityZones",
        summary: "List the Availability Zones of the Region.",
        input: &[
            opt("ZoneNames", &STRING_LIST),
            opt("ZoneIds", &STRING_LIST),
            opt("AllAvailabilityZones", &BOOLEAN),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeVpcs",
        summary: "Describe VPCs (the default VPC is 172.31.0.0/16).",
        input: &[
            opt("Filters", &FILTER_LIST),
            opt("VpcIds", &STRING_LIST),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: Paginator::max_results("Vpcs"),
    },
    Operation {
        name: "DescribeSubnets",
        summary: "Describe subnets (one default subnet per Availability Zone).",
        input: &[
            opt("Filters", &FILTER_LIST),
            opt("SubnetIds", &STRING_LIST),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: Paginator::max_results("Subnets"),
    },
    Operation {
        name: "DescribeImages",
        summary: "Find AMIs by id, owner or filter.",
        input: &[
            opt("ExecutableUsers", &STRING_LIST),
            opt("ImageIds", &STRING_LIST),
            opt("Owners", &STRING_LIST),
            opt("IncludeDeprecated", &BOOLEAN),
            opt("MaxResults", &INTEGER),
            opt("NextToken", &STRING),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
        ],
        paginator: Paginator::max_results("Images"),
    },
    Operation {
        name: "DescribeInstanceTypes",
        summary: "Describe instance types: vCPUs, memory, free-tier eligibility.",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("InstanceTypes", &STRING_LIST),
            opt("Filters", &FILTER_LIST),
            opt("MaxResults", &INTEGER),
            opt("NextToken", &STRING),
        ],
        paginator: Paginator::max_results("InstanceTypes"),
    },
    Operation {
        name: "CreateKeyPair",
        summary: "Create a key pair; the output holds the private key (save it!).",
        input: &[
            req("KeyName", &STRING),
            opt("KeyType", &STRING),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("KeyFormat", &STRING),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "ImportKeyPair",
        summary: "Import the public half of a key pair you made yourself.",
        input: &[
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
            req("KeyName", &STRING),
            req("PublicKeyMaterial", &BLOB),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeKeyPairs",
        summary: "List key pairs.",
        input: &[
            opt("KeyNames", &STRING_LIST),
            opt("KeyPairIds", &STRING_LIST),
            opt("IncludePublicKey", &BOOLEAN),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteKeyPair",
        summary: "Delete a key pair.",
        input: &[
            opt("KeyName", &STRING),
            opt("KeyPairId", &STRING),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateSecurityGroup",
        summary: "Create a security group (a stateful firewall).",
        input: &[
            req("Description", &STRING),
            req("GroupName", &STRING),
            opt("VpcId", &STRING),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeSecurityGroups",
        summary: "Describe security groups and their rules.",
        input: &[
            opt("GroupIds", &STRING_LIST),
            opt("GroupNames", &STRING_LIST),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
        ],
        paginator: Paginator::max_results("SecurityGroups"),
    },
    Operation {
        name: "DeleteSecurityGroup",
        summary: "Delete a security group.",
        input: &[
            opt("GroupId", &STRING),
            opt("GroupName", &STRING),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "AuthorizeSecurityGroupIngress",
        summary: "Allow inbound traffic (--protocol, --port, --cidr).",
        input: &[
            opt("CidrIp", &STRING),
            opt("FromPort", &INTEGER),
            opt("GroupId", &STRING),
            opt("GroupName", &STRING),
            opt("IpPermissions", &IP_PERMISSION_LIST),
            opt("IpProtocol", &STRING),
            opt("SourceSecurityGroupName", &STRING),
            opt("SourceSecurityGroupOwnerId", &STRING),
            opt("ToPort", &INTEGER),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "AuthorizeSecurityGroupEgress",
        summary: "Allow outbound traffic.",
        input: &[
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
            req("GroupId", &STRING),
            opt("SourceSecurityGroupName", &STRING),
            opt("SourceSecurityGroupOwnerId", &STRING),
            opt("IpProtocol", &STRING),
            opt("FromPort", &INTEGER),
            opt("ToPort", &INTEGER),
            opt("CidrIp", &STRING),
            opt("IpPermissions", &IP_PERMISSION_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "RevokeSecurityGroupIngress",
        summary: "Remove an inbound rule.",
        input: &[
            opt("CidrIp", &STRING),
            opt("FromPort", &INTEGER),
            opt("GroupId", &STRING),
            opt("GroupName", &STRING),
            opt("IpPermissions", &IP_PERMISSION_LIST),
            opt("IpProtocol", &STRING),
            opt("SourceSecurityGroupName", &STRING),
            opt("SourceSecurityGroupOwnerId", &STRING),
            opt("ToPort", &INTEGER),
            opt("SecurityGroupRuleIds", &STRING_LIST),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "RevokeSecurityGroupEgress",
        summary: "Remove an outbound rule.",
        input: &[
            opt("SecurityGroupRuleIds", &STRING_LIST),
            opt("DryRun", &BOOLEAN),
            req("GroupId", &STRING),
            opt("SourceSecurityGroupName", &STRING),
            opt("SourceSecurityGroupOwnerId", &STRING),
            opt("IpProtocol", &STRING),
            opt("FromPort", &INTEGER),
            opt("ToPort", &INTEGER),
            opt("CidrIp", &STRING),
            opt("IpPermissions", &IP_PERMISSION_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "RunInstances",
        summary: "Launch instances from an AMI.",
        input: &[
            opt("BlockDeviceMappings", &BLOCK_DEVICE_MAPPING_REQUEST_LIST),
            opt("ImageId", &STRING),
            opt("InstanceType", &STRING),
            opt("KeyName", &STRING),
            req("MaxCount", &INTEGER),
            req("MinCount", &INTEGER),
            opt("Monitoring", &RUN_INSTANCES_MONITORING_ENABLED),
            opt("Placement", &PLACEMENT),
            opt("SecurityGroupIds", &STRING_LIST),
            opt("SecurityGroups", &STRING_LIST),
            opt("SubnetId", &STRING),
            opt("UserData", &STRING),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("LaunchTemplate", &LAUNCH_TEMPLATE_SPECIFICATION),
            opt("CreditSpecification", &CREDIT_SPECIFICATION_REQUEST),
            opt("MetadataOptions", &INSTANCE_METADATA_OPTIONS_REQUEST),
            opt("DisableApiStop", &BOOLEAN),
            opt("DryRun", &BOOLEAN),
            opt("DisableApiTermination", &BOOLEAN),
            opt("InstanceInitiatedShutdownBehavior", &STRING),
            opt("PrivateIpAddress", &STRING),
            opt("ClientToken", &STRING),
            opt(
                "NetworkInterfaces",
                &INSTANCE_NETWORK_INTERFACE_SPECIFICATION_LIST,
            ),
            opt("EbsOptimized", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeInstances",
        summary: "Describe instances (state, addresses, tags, ...).",
        input: &[
            opt("InstanceIds", &STRING_LIST),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
        ],
        paginator: Paginator::max_results("Reservations"),
    },
    Operation {
        name: "StartInstances",
        summary: "Start stopped EBS-backed instances.",
        input: &[req("InstanceIds", &STRING_LIST), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "StopInstances",
        summary: "Stop running instances.",
        input: &[
            req("InstanceIds", &STRING_LIST),
            opt("Hibernate", &BOOLEAN),
            opt("DryRun", &BOOLEAN),
            opt("Force", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "RebootInstances",
        summary: "Reboot instances.",
        input: &[req("InstanceIds", &STRING_LIST), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "TerminateInstances",
        summary: "Terminate (delete) instances.",
        input: &[req("InstanceIds", &STRING_LIST), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "CreateTags",
        summary: "Add or overwrite tags on resources.",
        input: &[
            opt("DryRun", &BOOLEAN),
            req("Resources", &STRING_LIST),
            req("Tags", &TAG_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteTags",
        summary: "Remove tags from resources.",
        input: &[
            opt("DryRun", &BOOLEAN),
            req("Resources", &STRING_LIST),
            opt("Tags", &TAG_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeTags",
        summary: "List tags.",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
            opt("MaxResults", &INTEGER),
            opt("NextToken", &STRING),
        ],
        paginator: Paginator::max_results("Tags"),
    },
    Operation {
        name: "DescribeAccountAttributes",
        summary: "Describe the account's attributes (default VPC, limits).",
        input: &[opt("DryRun", &BOOLEAN), opt("AttributeNames", &STRING_LIST)],
        paginator: None,
    },
    Operation {
        name: "ModifyInstanceAttribute",
        summary: "Change one attribute of an instance (type, protection, groups, ...).",
        input: &[
            opt("SourceDestCheck", &ATTRIBUTE_BOOLEAN_VALUE),
            opt("DisableApiStop", &ATTRIBUTE_BOOLEAN_VALUE),
            opt("DryRun", &BOOLEAN),
            req("InstanceId", &STRING),
            opt("Attribute", &STRING),
            opt("Value", &STRING),
            opt(
                "BlockDeviceMappings",
                &INSTANCE_BLOCK_DEVICE_MAPPING_SPECIFICATION_LIST,
            ),
            opt("DisableApiTermination", &ATTRIBUTE_BOOLEAN_VALUE),
            opt("InstanceType", &ATTRIBUTE_VALUE),
            opt("UserData", &BLOB_ATTRIBUTE_VALUE),
            opt("InstanceInitiatedShutdownBehavior", &ATTRIBUTE_VALUE),
            opt("Groups", &STRING_LIST),
            opt("EbsOptimized", &ATTRIBUTE_BOOLEAN_VALUE),
            opt("EnaSupport", &ATTRIBUTE_BOOLEAN_VALUE),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeInstanceAttribute",
        summary: "Describe one attribute of an instance.",
        input: &[
            opt("DryRun", &BOOLEAN),
            req("InstanceId", &STRING),
            req("Attribute", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeInstanceStatus",
        summary: "Describe status checks of instances (initializing, then ok).",
        input: &[
            opt("InstanceIds", &STRING_LIST),
            opt("MaxResults", &INTEGER),
            opt("NextToken", &STRING),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
            opt("IncludeAllInstances", &BOOLEAN),
        ],
        paginator: Paginator::max_results("InstanceStatuses"),
    },
    Operation {
        name: "CreateVpc",
        summary: "Create a VPC (its main route table, network ACL and default security group come with it).",
        input: &[opt("CidrBlock", &STRING), opt("TagSpecifications", &TAG_SPECIFICATION_LIST), opt("DryRun", &BOOLEAN), opt("InstanceTenancy", &STRING)],
        paginator: None,
    },
    Operation {
        name: "CreateDefaultVpc",
        summary: "Create a default VPC when the Region has none.",
        input: &[opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "DeleteVpc",
        summary: "Delete a VPC (once its subnets, gateways and custom resources are gone).",
        input: &[req("VpcId", &STRING), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "CreateSubnet",
        summary: "Create a subnet in a VPC, in one Availability Zone.",
        input: &[opt("TagSpecifications", &TAG_SPECIFICATION_LIST), opt("AvailabilityZone", &STRING), opt("AvailabilityZoneId", &STRING), opt("CidrBlock", &STRING), req("VpcId", &STRING), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "DeleteSubnet",
        summary: "Delete a subnet.",
        input: &[req("SubnetId", &STRING), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "ModifySubnetAttribute",
        summary: "Change a subnet attribute (--map-public-ip-on-launch).",
        input: &[opt("MapPublicIpOnLaunch", &ATTRIBUTE_BOOLEAN_VALUE), req("SubnetId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "CreateInternetGateway",
        summary: "Create an internet gateway (attach it to a VPC next).",
        input: &[opt("TagSpecifications", &TAG_SPECIFICATION_LIST), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "AttachInternetGateway",
        summary: "Attach an internet gateway to a VPC.",
        input: &[opt("DryRun", &BOOLEAN), req("InternetGatewayId", &STRING), req("VpcId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DetachInternetGateway",
        summary: "Detach an internet gateway from its VPC.",
        input: &[opt("DryRun", &BOOLEAN), req("InternetGatewayId", &STRING), req("VpcId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DeleteInternetGateway",
        summary: "Delete a detached internet gateway.",
        input: &[opt("DryRun", &BOOLEAN), req("InternetGatewayId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DescribeInternetGateways",
        summary: "Describe internet gateways and their attachments.",
        input: &[opt("NextToken", &STRING), opt("MaxResults", &INTEGER), opt("DryRun", &BOOLEAN), opt("InternetGatewayIds", &STRING_LIST), opt("Filters", &FILTER_LIST)],
        paginator: Paginator::max_results("InternetGateways"),
    },
    Operation {
        name: "CreateRouteTable",
        summary: "Create a route table in a VPC.",
        input: &[opt("TagSpecifications", &TAG_SPECIFICATION_LIST), opt("ClientToken", &STRING), opt("DryRun", &BOOLEAN), req("VpcId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DeleteRouteTable",
        summary: "Delete a route table that no subnet uses.",
        input: &[opt("DryRun", &BOOLEAN), req("RouteTableId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DescribeRouteTables",
        summary: "Describe route tables, their routes and associations.",
        input: &[opt("NextToken", &STRING), opt("MaxResults", &INTEGER), opt("DryRun", &BOOLEAN), opt("RouteTableIds", &STRING_LIST), opt("Filters", &FILTER_LIST)],
        paginator: Paginator::max_results("RouteTables"),
    },
    Operation {
        name: "CreateRoute",
        summary: "Add a route (e.g. 0.0.0.0/0 to an internet gateway).",
        input: &[opt("DryRun", &BOOLEAN), req("RouteTableId", &STRING), opt("DestinationCidrBlock", &STRING), opt("GatewayId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "ReplaceRoute",
        summary: "Point an existing route at another target.",
        input: &[opt("DryRun", &BOOLEAN), req("RouteTableId", &STRING), opt("DestinationCidrBlock", &STRING), opt("GatewayId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DeleteRoute",
        summary: "Delete a route.",
        input: &[opt("DryRun", &BOOLEAN), req("RouteTableId", &STRING), opt("DestinationCidrBlock", &STRING)],
        paginator: None,
    },
    Operation {
        name: "AssociateRouteTable",
        summary: "Associate a route table with a subnet.",
        input: &[opt("DryRun", &BOOLEAN), opt("SubnetId", &STRING), req("RouteTableId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DisassociateRouteTable",
        summary: "Remove a subnet's route table association.",
        input: &[opt("DryRun", &BOOLEAN), req("AssociationId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "ReplaceRouteTableAssociation",
        summary: "Move an association (or the main one) to another route table.",
        input: &[opt("DryRun", &BOOLEAN), req("AssociationId", &STRING), req("RouteTableId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "CreateNetworkAcl",
        summary: "Create a network ACL (it denies everything until you add rules).",
        input: &[opt("TagSpecifications", &TAG_SPECIFICATION_LIST), opt("ClientToken", &STRING), opt("DryRun", &BOOLEAN), req("VpcId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DeleteNetworkAcl",
        summary: "Delete a network ACL that no subnet uses.",
        input: &[opt("DryRun", &BOOLEAN), req("NetworkAclId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "DescribeNetworkAcls",
        summary: "Describe network ACLs, their rules and subnets.",
        input: &[opt("NextToken", &STRING), opt("MaxResults", &INTEGER), opt("DryRun", &BOOLEAN), opt("NetworkAclIds", &STRING_LIST), opt("Filters", &FILTER_LIST)],
        paginator: Paginator::max_results("NetworkAcls"),
    },
    Operation {
        name: "CreateNetworkAclEntry",
        summary: "Add a numbered rule to a network ACL.",
        input: &[opt("DryRun", &BOOLEAN), req("NetworkAclId", &STRING), req("RuleNumber", &INTEGER), req("Protocol", &STRING), req("RuleAction", &STRING), req("Egress", &BOOLEAN), opt("CidrBlock", &STRING), opt("IcmpTypeCode", &ICMP_TYPE_CODE), opt("PortRange", &PORT_RANGE)],
        paginator: None,
    },
    Operation {
        name: "ReplaceNetworkAclEntry",
        summary: "Replace a numbered rule of a network ACL.",
        input: &[opt("DryRun", &BOOLEAN), req("NetworkAclId", &STRING), req("RuleNumber", &INTEGER), req("Protocol", &STRING), req("RuleAction", &STRING), req("Egress", &BOOLEAN), opt("CidrBlock", &STRING), opt("IcmpTypeCode", &ICMP_TYPE_CODE), opt("PortRange", &PORT_RANGE)],
        paginator: None,
    },
    Operation {
        name: "DeleteNetworkAclEntry",
        summary: "Delete a numbered rule of a network ACL.",
        input: &[opt("DryRun", &BOOLEAN), req("NetworkAclId", &STRING), req("RuleNumber", &INTEGER), req("Egress", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "ReplaceNetworkAclAssociation",
        summary: "Move a subnet to another network ACL.",
        input: &[opt("DryRun", &BOOLEAN), req("AssociationId", &STRING), req("NetworkAclId", &STRING)],
        paginator: None,
    },
    Operation {
        name: "AllocateAddress",
        summary: "Allocate an Elastic IP address.",
        input: &[opt("Domain", &STRING), opt("NetworkBorderGroup", &STRING), opt("TagSpecifications", &TAG_SPECIFICATION_LIST), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "AssociateAddress",
        summary: "Associate an Elastic IP address with an instance.",
        input: &[opt("AllocationId", &STRING), opt("InstanceId", &STRING), opt("PublicIp", &STRING), opt("DryRun", &BOOLEAN), opt("NetworkInterfaceId", &STRING), opt("PrivateIpAddress", &STRING), opt("AllowReassociation", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "DisassociateAddress",
        summary: "Disassociate an Elastic IP address from its instance.",
        input: &[opt("AssociationId", &STRING), opt("PublicIp", &STRING), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "ReleaseAddress",
        summary: "Release an Elastic IP address.",
        input: &[opt("AllocationId", &STRING), opt("PublicIp", &STRING), opt("NetworkBorderGroup", &STRING), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "DescribeAddresses",
        summary: "Describe Elastic IP addresses.",
        input: &[opt("PublicIps", &STRING_LIST), opt("DryRun", &BOOLEAN), opt("Filters", &FILTER_LIST), opt("AllocationIds", &STRING_LIST)],
        paginator: None,
    },
    Operation {
        name: "CreateImage",
        summary: "Make an AMI of an instance (--no-reboot skips the reboot).",
        input: &[
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
            req("InstanceId", &STRING),
            req("Name", &STRING),
            opt("Description", &STRING),
            opt("NoReboot", &BOOLEAN),
            opt("BlockDeviceMappings", &BLOCK_DEVICE_MAPPING_REQUEST_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "RegisterImage",
        summary: "Register an AMI from an EBS snapshot.",
        input: &[
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
            req("Name", &STRING),
            opt("Description", &STRING),
            opt("Architecture", &STRING),
            opt("RootDeviceName", &STRING),
            opt("BlockDeviceMappings", &BLOCK_DEVICE_MAPPING_REQUEST_LIST),
            opt("VirtualizationType", &STRING),
            opt("EnaSupport", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "DeregisterImage",
        summary: "Deregister an AMI (its snapshots stay unless you delete them).",
        input: &[
            req("ImageId", &STRING),
            opt("DeleteAssociatedSnapshots", &BOOLEAN),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "CopyImage",
        summary: "Copy an AMI from a Region into this one.",
        input: &[
            opt("ClientToken", &STRING),
            opt("Description", &STRING),
            opt("Encrypted", &BOOLEAN),
            opt("KmsKeyId", &STRING),
            req("Name", &STRING),
            req("SourceImageId", &STRING),
            req("SourceRegion", &STRING),
            opt("CopyImageTags", &BOOLEAN),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateVolume",
        summary: "Create an EBS volume in one Availability Zone (empty or from a snapshot).",
        input: &[
            opt("AvailabilityZone", &STRING),
            opt("AvailabilityZoneId", &STRING),
            opt("Encrypted", &BOOLEAN),
            opt("Iops", &INTEGER),
            opt("KmsKeyId", &STRING),
            opt("Size", &INTEGER),
            opt("SnapshotId", &STRING),
            opt("VolumeType", &STRING),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("Throughput", &INTEGER),
            opt("ClientToken", &STRING),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteVolume",
        summary: "Delete an EBS volume that is not attached.",
        input: &[req("VolumeId", &STRING), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "DescribeVolumes",
        summary: "Describe EBS volumes and their attachments.",
        input: &[
            opt("VolumeIds", &STRING_LIST),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
        ],
        paginator: Paginator::max_results("Volumes"),
    },
    Operation {
        name: "AttachVolume",
        summary: "Attach a volume to an instance in its Availability Zone as a device.",
        input: &[
            req("Device", &STRING),
            req("InstanceId", &STRING),
            req("VolumeId", &STRING),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "DetachVolume",
        summary: "Detach a volume from its instance (unmount it first, or --force).",
        input: &[
            opt("Device", &STRING),
            opt("Force", &BOOLEAN),
            opt("InstanceId", &STRING),
            req("VolumeId", &STRING),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "ModifyVolume",
        summary: "Grow a volume or change its type, IOPS or throughput while in use.",
        input: &[
            opt("DryRun", &BOOLEAN),
            req("VolumeId", &STRING),
            opt("Size", &INTEGER),
            opt("VolumeType", &STRING),
            opt("Iops", &INTEGER),
            opt("Throughput", &INTEGER),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeVolumesModifications",
        summary: "Follow volume modifications (modifying, optimizing, completed).",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("VolumeIds", &STRING_LIST),
            opt("Filters", &FILTER_LIST),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
        ],
        paginator: Paginator::max_results("VolumesModifications"),
    },
    Operation {
        name: "CreateSnapshot",
        summary: "Back up a volume as an incremental snapshot.",
        input: &[
            opt("Description", &STRING),
            req("VolumeId", &STRING),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateSnapshots",
        summary: "Take crash-consistent snapshots of all the volumes of an instance.",
        input: &[
            opt("Description", &STRING),
            req("InstanceSpecification", &INSTANCE_SPECIFICATION),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
            opt("CopyTagsFromSource", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeSnapshots",
        summary: "Describe snapshots (--owner-ids self for your own).",
        input: &[
            opt("MaxResults", &INTEGER),
            opt("NextToken", &STRING),
            opt("OwnerIds", &STRING_LIST),
            opt("RestorableByUserIds", &STRING_LIST),
            opt("SnapshotIds", &STRING_LIST),
            opt("DryRun", &BOOLEAN),
            opt("Filters", &FILTER_LIST),
        ],
        paginator: Paginator::max_results("Snapshots"),
    },
    Operation {
        name: "DeleteSnapshot",
        summary: "Delete a snapshot (blocks that later snapshots need are kept).",
        input: &[req("SnapshotId", &STRING), opt("DryRun", &BOOLEAN)],
        paginator: None,
    },
    Operation {
        name: "CopySnapshot",
        summary: "Copy a snapshot from a Region into this one.",
        input: &[
            opt("Description", &STRING),
            opt("Encrypted", &BOOLEAN),
            opt("KmsKeyId", &STRING),
            req("SourceRegion", &STRING),
            req("SourceSnapshotId", &STRING),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
            opt("DryRun", &BOOLEAN),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateLaunchTemplate",
        summary: "Save launch settings (AMI, type, key, groups, ...) as version 1 of a launch template.",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("ClientToken", &STRING),
            req("LaunchTemplateName", &STRING),
            opt("VersionDescription", &STRING),
            req("LaunchTemplateData", &REQUEST_LAUNCH_TEMPLATE_DATA),
            opt("TagSpecifications", &TAG_SPECIFICATION_LIST),
        ],
        paginator: None,
    },
    Operation {
        name: "CreateLaunchTemplateVersion",
        summary: "Add a version to a launch template (--source-version copies one and changes it).",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("ClientToken", &STRING),
            opt("LaunchTemplateId", &STRING),
            opt("LaunchTemplateName", &STRING),
            opt("SourceVersion", &STRING),
            opt("VersionDescription", &STRING),
            req("LaunchTemplateData", &REQUEST_LAUNCH_TEMPLATE_DATA),
        ],
        paginator: None,
    },
    Operation {
        name: "ModifyLaunchTemplate",
        summary: "Choose a launch template's default version (--default-version).",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("ClientToken", &STRING),
            opt("LaunchTemplateId", &STRING),
            opt("LaunchTemplateName", &STRING),
            opt("DefaultVersion", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DescribeLaunchTemplates",
        summary: "Describe launch templates and their default and latest versions.",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("LaunchTemplateIds", &STRING_LIST),
            opt("LaunchTemplateNames", &STRING_LIST),
            opt("Filters", &FILTER_LIST),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
        ],
        paginator: Paginator::max_results("LaunchTemplates"),
    },
    Operation {
        name: "DescribeLaunchTemplateVersions",
        summary: "Describe versions of a launch template ($Latest, $Default or numbers).",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("LaunchTemplateId", &STRING),
            opt("LaunchTemplateName", &STRING),
            opt("Versions", &STRING_LIST),
            opt("MinVersion", &STRING),
            opt("MaxVersion", &STRING),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
            opt("Filters", &FILTER_LIST),
        ],
        paginator: Paginator::max_results("LaunchTemplateVersions"),
    },
    Operation {
        name: "DeleteLaunchTemplate",
        summary: "Delete a launch template and all its versions.",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("LaunchTemplateId", &STRING),
            opt("LaunchTemplateName", &STRING),
        ],
        paginator: None,
    },
    Operation {
        name: "DeleteLaunchTemplateVersions",
        summary: "Delete versions of a launch template (not its default version).",
        input: &[
            opt("DryRun", &BOOLEAN),
            opt("LaunchTemplateId", &STRING),
            opt("LaunchTemplateName", &STRING),
            req("Versions", &STRING_LIST),
        ],
        paginator: None,
    },
];

const ATTRIBUTE_VALUE: Shape = Shape::Structure(&[opt("Value", &STRING)]);

const BLOB_ATTRIBUTE_VALUE: Shape = Shape::Structure(&[opt("Value", &BLOB)]);

const EBS_INSTANCE_BLOCK_DEVICE_SPECIFICATION: Shape = Shape::Structure(&[
    opt("VolumeId", &STRING),
    opt("DeleteOnTermination", &BOOLEAN),
]);

const INSTANCE_BLOCK_DEVICE_MAPPING_SPECIFICATION: Shape = Shape::Structure(&[
    opt("DeviceName", &STRING),
    opt("Ebs", &EBS_INSTANCE_BLOCK_DEVICE_SPECIFICATION),
    opt("VirtualName", &STRING),
    opt("NoDevice", &STRING),
]);

const INSTANCE_BLOCK_DEVICE_MAPPING_SPECIFICATION_LIST: Shape =
    Shape::List(&INSTANCE_BLOCK_DEVICE_MAPPING_SPECIFICATION);

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    AcceptAddressTransfer \
    AcceptCapacityReservationBillingOwnership \
    AcceptReservedInstancesExchangeQuote \
    AcceptTransitGatewayClientVpnAttachment \
    AcceptTransitGatewayMulticastDomainAssociations \
    AcceptTransitGatewayPeeringAttachment \
    AcceptTransitGatewayVpcAttachment \
    AcceptVpcEndpointConnections \
    AcceptVpcPeeringConnection \
    AdvertiseByoipCidr \
    AllocateAddress \
    AllocateHosts \
    AllocateIpamPoolCidr \
    ApplySecurityGroupsToClientVpnTargetNetwork \
    AssignIpv6Addresses \
    AssignPrivateIpAddresses \
    AssignPrivateNatGatewayAddress \
    AssociateAddress \
    AssociateCapacityReservationBillingOwner \
    AssociateClientVpnTargetNetwork \
    AssociateDhcpOptions \
    AssociateEnclaveCertificateIamRole \
    AssociateIamInstanceProfile \
    AssociateInstanceEventWindow \
    AssociateIpamByoasn \
    AssociateIpamResourceDiscovery \
    AssociateNatGatewayAddress \
    AssociateRouteServer \
    AssociateRouteTable \
    AssociateSecurityGroupVpc \
    AssociateSubnetCidrBlock \
    AssociateTransitGatewayMulticastDomain \
    AssociateTransitGatewayPolicyTable \
    AssociateTransitGatewayRouteTable \
    AssociateTrunkInterface \
    AssociateVpcCidrBlock \
    AttachClassicLinkVpc \
    AttachInternetGateway \
    AttachNetworkInterface \
    AttachVerifiedAccessTrustProvider \
    AttachVolume \
    AttachVpnGateway \
    AuthorizeClientVpnIngress \
    AuthorizeSecurityGroupEgress \
    AuthorizeSecurityGroupIngress \
    BundleInstance \
    CancelBundleTask \
    CancelCapacityReservation \
    CancelCapacityReservationFleets \
    CancelConversionTask \
    CancelDeclarativePoliciesReport \
    CancelExportTask \
    CancelImageLaunchPermission \
    CancelImportTask \
    CancelReservedInstancesListing \
    CancelSpotFleetRequests \
    CancelSpotInstanceRequests \
    ConfirmProductInstance \
    CopyFpgaImage \
    CopyImage \
    CopySnapshot \
    CopyVolumes \
    CreateCapacityManagerDataExport \
    CreateCapacityReservation \
    CreateCapacityReservationBySplitting \
    CreateCapacityReservationFleet \
    CreateCarrierGateway \
    CreateClientVpnEndpoint \
    CreateClientVpnRoute \
    CreateCoipCidr \
    CreateCoipPool \
    CreateCustomerGateway \
    CreateDefaultSubnet \
    CreateDefaultVpc \
    CreateDelegateMacVolumeOwnershipTask \
    CreateDhcpOptions \
    CreateEgressOnlyInternetGateway \
    CreateFleet \
    CreateFlowLogs \
    CreateFpgaImage \
    CreateImage \
    CreateImageUsageReport \
    CreateInstanceConnectEndpoint \
    CreateInstanceEventWindow \
    CreateInstanceExportTask \
    CreateInternetGateway \
    CreateInterruptibleCapacityReservationAllocation \
    CreateIpam \
    CreateIpamExternalResourceVerificationToken \
    CreateIpamPolicy \
    CreateIpamPool \
    CreateIpamPrefixListResolver \
    CreateIpamPrefixListResolverTarget \
    CreateIpamResourceDiscovery \
    CreateIpamScope \
    CreateKeyPair \
    CreateLaunchTemplate \
    CreateLaunchTemplateVersion \
    CreateLocalGatewayRoute \
    CreateLocalGatewayRouteTable \
    CreateLocalGatewayRouteTableVirtualInterfaceGroupAssociation \
    CreateLocalGatewayRouteTableVpcAssociation \
    CreateLocalGatewayVirtualInterface \
    CreateLocalGatewayVirtualInterfaceGroup \
    CreateMacSystemIntegrityProtectionModificationTask \
    CreateManagedPrefixList \
    CreateNatGateway \
    CreateNetworkAcl \
    CreateNetworkAclEntry \
    CreateNetworkInsightsAccessScope \
    CreateNetworkInsightsPath \
    CreateNetworkInterface \
    CreateNetworkInterfacePermission \
    CreatePlacementGroup \
    CreatePublicIpv4Pool \
    CreateReplaceRootVolumeTask \
    CreateReservedInstancesListing \
    CreateRestoreImageTask \
    CreateRoute \
    CreateRouteServer \
    CreateRouteServerEndpoint \
    CreateRouteServerPeer \
    CreateRouteTable \
    CreateSecondaryNetwork \
    CreateSecondarySubnet \
    CreateSecurityGroup \
    CreateSnapshot \
    CreateSnapshots \
    CreateSpotDatafeedSubscription \
    CreateStoreImageTask \
    CreateSubnet \
    CreateSubnetCidrReservation \
    CreateTags \
    CreateTrafficMirrorFilter \
    CreateTrafficMirrorFilterRule \
    CreateTrafficMirrorSession \
    CreateTrafficMirrorTarget \
    CreateTransitGateway \
    CreateTransitGatewayConnect \
    CreateTransitGatewayConnectPeer \
    CreateTransitGatewayMeteringPolicy \
    CreateTransitGatewayMeteringPolicyEntry \
    CreateTransitGatewayMulticastDomain \
    CreateTransitGatewayPeeringAttachment \
    CreateTransitGatewayPolicyTable \
    CreateTransitGatewayPrefixListReference \
    CreateTransitGatewayRoute \
    CreateTransitGatewayRouteTable \
    CreateTransitGatewayRouteTableAnnouncement \
    CreateTransitGatewayVpcAttachment \
    CreateVerifiedAccessEndpoint \
    CreateVerifiedAccessGroup \
    CreateVerifiedAccessInstance \
    CreateVerifiedAccessTrustProvider \
    CreateVolume \
    CreateVpc \
    CreateVpcBlockPublicAccessExclusion \
    CreateVpcEncryptionControl \
    CreateVpcEndpoint \
    CreateVpcEndpointConnectionNotification \
    CreateVpcEndpointServiceConfiguration \
    CreateVpcPeeringConnection \
    CreateVpnConcentrator \
    CreateVpnConnection \
    CreateVpnConnectionRoute \
    CreateVpnGateway \
    DeleteCapacityManagerDataExport \
    DeleteCarrierGateway \
    DeleteClientVpnEndpoint \
    DeleteClientVpnRoute \
    DeleteCoipCidr \
    DeleteCoipPool \
    DeleteCustomerGateway \
    DeleteDhcpOptions \
    DeleteEgressOnlyInternetGateway \
    DeleteFleets \
    DeleteFlowLogs \
    DeleteFpgaImage \
    DeleteImageUsageReport \
    DeleteInstanceConnectEndpoint \
    DeleteInstanceEventWindow \
    DeleteInternetGateway \
    DeleteIpam \
    DeleteIpamExternalResourceVerificationToken \
    DeleteIpamPolicy \
    DeleteIpamPool \
    DeleteIpamPrefixListResolver \
    DeleteIpamPrefixListResolverTarget \
    DeleteIpamResourceDiscovery \
    DeleteIpamScope \
    DeleteKeyPair \
    DeleteLaunchTemplate \
    DeleteLaunchTemplateVersions \
    DeleteLocalGatewayRoute \
    DeleteLocalGatewayRouteTable \
    DeleteLocalGatewayRouteTableVirtualInterfaceGroupAssociation \
    DeleteLocalGatewayRouteTableVpcAssociation \
    DeleteLocalGatewayVirtualInterface \
    DeleteLocalGatewayVirtualInterfaceGroup \
    DeleteManagedPrefixList \
    DeleteNatGateway \
    DeleteNetworkAcl \
    DeleteNetworkAclEntry \
    DeleteNetworkInsightsAccessScope \
    DeleteNetworkInsightsAccessScopeAnalysis \
    DeleteNetworkInsightsAnalysis \
    DeleteNetworkInsightsPath \
    DeleteNetworkInterface \
    DeleteNetworkInterfacePermission \
    DeletePlacementGroup \
    DeletePublicIpv4Pool \
    DeleteQueuedReservedInstances \
    DeleteRoute \
    DeleteRouteServer \
    DeleteRouteServerEndpoint \
    DeleteRouteServerPeer \
    DeleteRouteTable \
    DeleteSecondaryNetwork \
    DeleteSecondarySubnet \
    DeleteSecurityGroup \
    DeleteSnapshot \
    DeleteSpotDatafeedSubscription \
    DeleteSubnet \
    DeleteSubnetCidrReservation \
    DeleteTags \
    DeleteTrafficMirrorFilter \
    DeleteTrafficMirrorFilterRule \
    DeleteTrafficMirrorSession \
    DeleteTrafficMirrorTarget \
    DeleteTransitGateway \
    DeleteTransitGatewayClientVpnAttachment \
    DeleteTransitGatewayConnect \
    DeleteTransitGatewayConnectPeer \
    DeleteTransitGatewayMeteringPolicy \
    DeleteTransitGatewayMeteringPolicyEntry \
    DeleteTransitGatewayMulticastDomain \
    DeleteTransitGatewayPeeringAttachment \
    DeleteTransitGatewayPolicyTable \
    DeleteTransitGatewayPrefixListReference \
    DeleteTransitGatewayRoute \
    DeleteTransitGatewayRouteTable \
    DeleteTransitGatewayRouteTableAnnouncement \
    DeleteTransitGatewayVpcAttachment \
    DeleteVerifiedAccessEndpoint \
    DeleteVerifiedAccessGroup \
    DeleteVerifiedAccessInstance \
    DeleteVerifiedAccessTrustProvider \
    DeleteVolume \
    DeleteVpc \
    DeleteVpcBlockPublicAccessExclusion \
    DeleteVpcEncryptionControl \
    DeleteVpcEndpointConnectionNotifications \
    DeleteVpcEndpointServiceConfigurations \
    DeleteVpcEndpoints \
    DeleteVpcPeeringConnection \
    DeleteVpnConcentrator \
    DeleteVpnConnection \
    DeleteVpnConnectionRoute \
    DeleteVpnGateway \
    DeprovisionByoipCidr \
    DeprovisionIpamByoasn \
    DeprovisionIpamPoolCidr \
    DeprovisionPublicIpv4PoolCidr \
    DeregisterImage \
    DeregisterInstanceEventNotificationAttributes \
    DeregisterTransitGatewayMulticastGroupMembers \
    DeregisterTransitGatewayMulticastGroupSources \
    DescribeAccountAttributes \
    DescribeAddressTransfers \
    DescribeAddresses \
    DescribeAddressesAttribute \
    DescribeAggregateIdFormat \
    DescribeAvailabilityZones \
    DescribeAwsNetworkPerformanceMetricSubscriptions \
    DescribeBundleTasks \
    DescribeByoipCidrs \
    DescribeCapacityBlockExtensionHistory \
    DescribeCapacityBlockExtensionOfferings \
    DescribeCapacityBlockOfferings \
    DescribeCapacityBlockStatus \
    DescribeCapacityBlocks \
    DescribeCapacityManagerDataExports \
    DescribeCapacityReservationBillingRequests \
    DescribeCapacityReservationFleets \
    DescribeCapacityReservationTopology \
    DescribeCapacityReservations \
    DescribeCarrierGateways \
    DescribeClassicLinkInstances \
    DescribeClientVpnAuthorizationRules \
    DescribeClientVpnConnections \
    DescribeClientVpnEndpoints \
    DescribeClientVpnRoutes \
    DescribeClientVpnTargetNetworks \
    DescribeCoipPools \
    DescribeConversionTasks \
    DescribeCustomerGateways \
    DescribeDeclarativePoliciesReports \
    DescribeDhcpOptions \
    DescribeEgressOnlyInternetGateways \
    DescribeElasticGpus \
    DescribeExportImageTasks \
    DescribeExportTasks \
    DescribeFastLaunchImages \
    DescribeFastSnapshotRestores \
    DescribeFleetHistory \
    DescribeFleetInstances \
    DescribeFleets \
    DescribeFlowLogs \
    DescribeFpgaImageAttribute \
    DescribeFpgaImages \
    DescribeHostReservationOfferings \
    DescribeHostReservations \
    DescribeHosts \
    DescribeIamInstanceProfileAssociations \
    DescribeIdFormat \
    DescribeIdentityIdFormat \
    DescribeImageAttribute \
    DescribeImageReferences \
    DescribeImageUsageReportEntries \
    DescribeImageUsageReports \
    DescribeImages \
    DescribeImportImageTasks \
    DescribeImportSnapshotTasks \
    DescribeInstanceAttribute \
    DescribeInstanceConnectEndpoints \
    DescribeInstanceCreditSpecifications \
    DescribeInstanceEventNotificationAttributes \
    DescribeInstanceEventWindows \
    DescribeInstanceImageMetadata \
    DescribeInstanceSqlHaHistoryStates \
    DescribeInstanceSqlHaStates \
    DescribeInstanceStatus \
    DescribeInstanceTopology \
    DescribeInstanceTypeOfferings \
    DescribeInstanceTypes \
    DescribeInstances \
    DescribeInternetGateways \
    DescribeIpamByoasn \
    DescribeIpamExternalResourceVerificationTokens \
    DescribeIpamPolicies \
    DescribeIpamPoolAllocations \
    DescribeIpamPools \
    DescribeIpamPrefixListResolverTargets \
    DescribeIpamPrefixListResolvers \
    DescribeIpamResourceDiscoveries \
    DescribeIpamResourceDiscoveryAssociations \
    DescribeIpamScopes \
    DescribeIpams \
    DescribeIpv6Pools \
    DescribeKeyPairs \
    DescribeLaunchTemplateVersions \
    DescribeLaunchTemplates \
    DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations \
    DescribeLocalGatewayRouteTableVpcAssociations \
    DescribeLocalGatewayRouteTables \
    DescribeLocalGatewayVirtualInterfaceGroups \
    DescribeLocalGatewayVirtualInterfaces \
    DescribeLocalGateways \
    DescribeLockedSnapshots \
    DescribeMacHosts \
    DescribeMacModificationTasks \
    DescribeManagedPrefixLists \
    DescribeMovingAddresses \
    DescribeNatGateways \
    DescribeNetworkAcls \
    DescribeNetworkInsightsAccessScopeAnalyses \
    DescribeNetworkInsightsAccessScopes \
    DescribeNetworkInsightsAnalyses \
    DescribeNetworkInsightsPaths \
    DescribeNetworkInterfaceAttribute \
    DescribeNetworkInterfacePermissions \
    DescribeNetworkInterfaces \
    DescribeOutpostLags \
    DescribePlacementGroups \
    DescribePrefixLists \
    DescribePrincipalIdFormat \
    DescribePublicIpv4Pools \
    DescribeRegions \
    DescribeReplaceRootVolumeTasks \
    DescribeReservedInstances \
    DescribeReservedInstancesListings \
    DescribeReservedInstancesModifications \
    DescribeReservedInstancesOfferings \
    DescribeRouteServerEndpoints \
    DescribeRouteServerPeers \
    DescribeRouteServers \
    DescribeRouteTables \
    DescribeScheduledInstanceAvailability \
    DescribeScheduledInstances \
    DescribeSecondaryInterfaces \
    DescribeSecondaryNetworks \
    DescribeSecondarySubnets \
    DescribeSecurityGroupReferences \
    DescribeSecurityGroupRules \
    DescribeSecurityGroupVpcAssociations \
    DescribeSecurityGroups \
    DescribeServiceLinkVirtualInterfaces \
    DescribeSnapshotAttribute \
    DescribeSnapshotTierStatus \
    DescribeSnapshots \
    DescribeSpotDatafeedSubscription \
    DescribeSpotFleetInstances \
    DescribeSpotFleetRequestHistory \
    DescribeSpotFleetRequests \
    DescribeSpotInstanceRequests \
    DescribeSpotPriceHistory \
    DescribeStaleSecurityGroups \
    DescribeStoreImageTasks \
    DescribeSubnets \
    DescribeTags \
    DescribeTrafficMirrorFilterRules \
    DescribeTrafficMirrorFilters \
    DescribeTrafficMirrorSessions \
    DescribeTrafficMirrorTargets \
    DescribeTransitGatewayAttachments \
    DescribeTransitGatewayConnectPeers \
    DescribeTransitGatewayConnects \
    DescribeTransitGatewayMeteringPolicies \
    DescribeTransitGatewayMulticastDomains \
    DescribeTransitGatewayPeeringAttachments \
    DescribeTransitGatewayPolicyTables \
    DescribeTransitGatewayRouteTableAnnouncements \
    DescribeTransitGatewayRouteTables \
    DescribeTransitGatewayVpcAttachments \
    DescribeTransitGateways \
    DescribeTrunkInterfaceAssociations \
    DescribeVerifiedAccessEndpoints \
    DescribeVerifiedAccessGroups \
    DescribeVerifiedAccessInstanceLoggingConfigurations \
    DescribeVerifiedAccessInstances \
    DescribeVerifiedAccessTrustProviders \
    DescribeVolumeAttribute \
    DescribeVolumeStatus \
    DescribeVolumes \
    DescribeVolumesModifications \
    DescribeVpcAttribute \
    DescribeVpcBlockPublicAccessExclusions \
    DescribeVpcBlockPublicAccessOptions \
    DescribeVpcClassicLink \
    DescribeVpcClassicLinkDnsSupport \
    DescribeVpcEncryptionControls \
    DescribeVpcEndpointAssociations \
    DescribeVpcEndpointConnectionNotifications \
    DescribeVpcEndpointConnections \
    DescribeVpcEndpointServiceConfigurations \
    DescribeVpcEndpointServicePermissions \
    DescribeVpcEndpointServices \
    DescribeVpcEndpoints \
    DescribeVpcPeeringConnections \
    DescribeVpcs \
    DescribeVpnConcentrators \
    DescribeVpnConnections \
    DescribeVpnGateways \
    DetachClassicLinkVpc \
    DetachInternetGateway \
    DetachNetworkInterface \
    DetachVerifiedAccessTrustProvider \
    DetachVolume \
    DetachVpnGateway \
    DisableAddressTransfer \
    DisableAllowedImagesSettings \
    DisableAwsNetworkPerformanceMetricSubscription \
    DisableCapacityManager \
    DisableEbsEncryptionByDefault \
    DisableFastLaunch \
    DisableFastSnapshotRestores \
    DisableImage \
    DisableImageBlockPublicAccess \
    DisableImageDeprecation \
    DisableImageDeregistrationProtection \
    DisableInstanceSqlHaStandbyDetections \
    DisableIpamOrganizationAdminAccount \
    DisableIpamPolicy \
    DisableRouteServerPropagation \
    DisableSerialConsoleAccess \
    DisableSnapshotBlockPublicAccess \
    DisableTransitGatewayRouteTablePropagation \
    DisableVgwRoutePropagation \
    DisableVpcClassicLink \
    DisableVpcClassicLinkDnsSupport \
    DisassociateAddress \
    DisassociateCapacityReservationBillingOwner \
    DisassociateClientVpnTargetNetwork \
    DisassociateEnclaveCertificateIamRole \
    DisassociateIamInstanceProfile \
    DisassociateInstanceEventWindow \
    DisassociateIpamByoasn \
    DisassociateIpamResourceDiscovery \
    DisassociateNatGatewayAddress \
    DisassociateRouteServer \
    DisassociateRouteTable \
    DisassociateSecurityGroupVpc \
    DisassociateSubnetCidrBlock \
    DisassociateTransitGatewayMulticastDomain \
    DisassociateTransitGatewayPolicyTable \
    DisassociateTransitGatewayRouteTable \
    DisassociateTrunkInterface \
    DisassociateVpcCidrBlock \
    EnableAddressTransfer \
    EnableAllowedImagesSettings \
    EnableAwsNetworkPerformanceMetricSubscription \
    EnableCapacityManager \
    EnableEbsEncryptionByDefault \
    EnableFastLaunch \
    EnableFastSnapshotRestores \
    EnableImage \
    EnableImageBlockPublicAccess \
    EnableImageDeprecation \
    EnableImageDeregistrationProtection \
    EnableInstanceSqlHaStandbyDetections \
    EnableIpamOrganizationAdminAccount \
    EnableIpamPolicy \
    EnableReachabilityAnalyzerOrganizationSharing \
    EnableRouteServerPropagation \
    EnableSerialConsoleAccess \
    EnableSnapshotBlockPublicAccess \
    EnableTransitGatewayRouteTablePropagation \
    EnableVgwRoutePropagation \
    EnableVolumeIO \
    EnableVpcClassicLink \
    EnableVpcClassicLinkDnsSupport \
    ExportClientVpnClientCertificateRevocationList \
    ExportClientVpnClientConfiguration \
    ExportImage \
    ExportTransitGatewayRoutes \
    ExportVerifiedAccessInstanceClientConfiguration \
    GetActiveVpnTunnelStatus \
    GetAllowedImagesSettings \
    GetAssociatedEnclaveCertificateIamRoles \
    GetAssociatedIpv6PoolCidrs \
    GetAwsNetworkPerformanceData \
    GetCapacityManagerAttributes \
    GetCapacityManagerMetricData \
    GetCapacityManagerMetricDimensions \
    GetCapacityManagerMonitoredTagKeys \
    GetCapacityReservationUsage \
    GetCoipPoolUsage \
    GetConsoleOutput \
    GetConsoleScreenshot \
    GetDeclarativePoliciesReportSummary \
    GetDefaultCreditSpecification \
    GetEbsDefaultKmsKeyId \
    GetEbsEncryptionByDefault \
    GetEnabledIpamPolicy \
    GetFlowLogsIntegrationTemplate \
    GetGroupsForCapacityReservation \
    GetHostReservationPurchasePreview \
    GetImageAncestry \
    GetImageBlockPublicAccessState \
    GetInstanceMetadataDefaults \
    GetInstanceTpmEkPub \
    GetInstanceTypesFromInstanceRequirements \
    GetInstanceUefiData \
    GetIpamAddressHistory \
    GetIpamDiscoveredAccounts \
    GetIpamDiscoveredPublicAddresses \
    GetIpamDiscoveredResourceCidrs \
    GetIpamPolicyAllocationRules \
    GetIpamPolicyOrganizationTargets \
    GetIpamPoolAllocations \
    GetIpamPoolCidrs \
    GetIpamPrefixListResolverRules \
    GetIpamPrefixListResolverVersionEntries \
    GetIpamPrefixListResolverVersions \
    GetIpamResourceCidrs \
    GetLaunchTemplateData \
    GetManagedPrefixListAssociations \
    GetManagedPrefixListEntries \
    GetManagedResourceVisibility \
    GetNetworkInsightsAccessScopeAnalysisFindings \
    GetNetworkInsightsAccessScopeContent \
    GetPasswordData \
    GetReservedInstancesExchangeQuote \
    GetRouteServerAssociations \
    GetRouteServerPropagations \
    GetRouteServerRoutingDatabase \
    GetSecurityGroupsForVpc \
    GetSerialConsoleAccessStatus \
    GetSnapshotBlockPublicAccessState \
    GetSpotPlacementScores \
    GetSubnetCidrReservations \
    GetTransitGatewayAttachmentPropagations \
    GetTransitGatewayMeteringPolicyEntries \
    GetTransitGatewayMulticastDomainAssociations \
    GetTransitGatewayPolicyTableAssociations \
    GetTransitGatewayPolicyTableEntries \
    GetTransitGatewayPrefixListReferences \
    GetTransitGatewayRouteTableAssociations \
    GetTransitGatewayRouteTablePropagations \
    GetVerifiedAccessEndpointPolicy \
    GetVerifiedAccessEndpointTargets \
    GetVerifiedAccessGroupPolicy \
    GetVpcResourcesBlockingEncryptionEnforcement \
    GetVpnConnectionDeviceSampleConfiguration \
    GetVpnConnectionDeviceTypes \
    GetVpnTunnelReplacementStatus \
    ImportClientVpnClientCertificateRevocationList \
    ImportImage \
    ImportInstance \
    ImportKeyPair \
    ImportSnapshot \
    ImportVolume \
    ListImagesInRecycleBin \
    ListSnapshotsInRecycleBin \
    ListVolumesInRecycleBin \
    LockSnapshot \
    ModifyAddressAttribute \
    ModifyAvailabilityZoneGroup \
    ModifyCapacityReservation \
    ModifyCapacityReservationFleet \
    ModifyClientVpnEndpoint \
    ModifyDefaultCreditSpecification \
    ModifyEbsDefaultKmsKeyId \
    ModifyFleet \
    ModifyFpgaImageAttribute \
    ModifyHosts \
    ModifyIdFormat \
    ModifyIdentityIdFormat \
    ModifyImageAttribute \
    ModifyInstanceAttribute \
    ModifyInstanceCapacityReservationAttributes \
    ModifyInstanceConnectEndpoint \
    ModifyInstanceCpuOptions \
    ModifyInstanceCreditSpecification \
    ModifyInstanceEventStartTime \
    ModifyInstanceEventWindow \
    ModifyInstanceMaintenanceOptions \
    ModifyInstanceMetadataDefaults \
    ModifyInstanceMetadataOptions \
    ModifyInstanceNetworkPerformanceOptions \
    ModifyInstancePlacement \
    ModifyIpam \
    ModifyIpamPolicyAllocationRules \
    ModifyIpamPool \
    ModifyIpamPoolAllocation \
    ModifyIpamPrefixListResolver \
    ModifyIpamPrefixListResolverTarget \
    ModifyIpamResourceCidr \
    ModifyIpamResourceDiscovery \
    ModifyIpamScope \
    ModifyLaunchTemplate \
    ModifyLocalGatewayRoute \
    ModifyManagedPrefixList \
    ModifyManagedResourceVisibility \
    ModifyNetworkInterfaceAttribute \
    ModifyPrivateDnsNameOptions \
    ModifyPublicIpDnsNameOptions \
    ModifyReservedInstances \
    ModifyRouteServer \
    ModifySecurityGroupRules \
    ModifySnapshotAttribute \
    ModifySnapshotTier \
    ModifySpotFleetRequest \
    ModifySubnetAttribute \
    ModifyTrafficMirrorFilterNetworkServices \
    ModifyTrafficMirrorFilterRule \
    ModifyTrafficMirrorSession \
    ModifyTransitGateway \
    ModifyTransitGatewayMeteringPolicy \
    ModifyTransitGatewayPrefixListReference \
    ModifyTransitGatewayVpcAttachment \
    ModifyVerifiedAccessEndpoint \
    ModifyVerifiedAccessEndpointPolicy \
    ModifyVerifiedAccessGroup \
    ModifyVerifiedAccessGroupPolicy \
    ModifyVerifiedAccessInstance \
    ModifyVerifiedAccessInstanceLoggingConfiguration \
    ModifyVerifiedAccessTrustProvider \
    ModifyVolume \
    ModifyVolumeAttribute \
    ModifyVpcAttribute \
    ModifyVpcBlockPublicAccessExclusion \
    ModifyVpcBlockPublicAccessOptions \
    ModifyVpcEncryptionControl \
    ModifyVpcEndpoint \
    ModifyVpcEndpointConnectionNotification \
    ModifyVpcEndpointServiceConfiguration \
    ModifyVpcEndpointServicePayerResponsibility \
    ModifyVpcEndpointServicePermissions \
    ModifyVpcPeeringConnectionOptions \
    ModifyVpcTenancy \
    ModifyVpnConnection \
    ModifyVpnConnectionOptions \
    ModifyVpnTunnelCertificate \
    ModifyVpnTunnelOptions \
    MonitorInstances \
    MoveAddressToVpc \
    MoveByoipCidrToIpam \
    MoveCapacityReservationInstances \
    ProvisionByoipCidr \
    ProvisionIpamByoasn \
    ProvisionIpamPoolCidr \
    ProvisionPublicIpv4PoolCidr \
    PurchaseCapacityBlock \
    PurchaseCapacityBlockExtension \
    PurchaseHostReservation \
    PurchaseReservedInstancesOffering \
    PurchaseScheduledInstances \
    RebootInstances \
    RegisterImage \
    RegisterInstanceEventNotificationAttributes \
    RegisterTransitGatewayMulticastGroupMembers \
    RegisterTransitGatewayMulticastGroupSources \
    RejectCapacityReservationBillingOwnership \
    RejectTransitGatewayClientVpnAttachment \
    RejectTransitGatewayMulticastDomainAssociations \
    RejectTransitGatewayPeeringAttachment \
    RejectTransitGatewayVpcAttachment \
    RejectVpcEndpointConnections \
    RejectVpcPeeringConnection \
    ReleaseAddress \
    ReleaseHosts \
    ReleaseIpamPoolAllocation \
    ReplaceIamInstanceProfileAssociation \
    ReplaceImageCriteriaInAllowedImagesSettings \
    ReplaceNetworkAclAssociation \
    ReplaceNetworkAclEntry \
    ReplaceRoute \
    ReplaceRouteTableAssociation \
    ReplaceTransitGatewayRoute \
    ReplaceVpnTunnel \
    ReportInstanceStatus \
    RequestSpotFleet \
    RequestSpotInstances \
    ResetAddressAttribute \
    ResetEbsDefaultKmsKeyId \
    ResetFpgaImageAttribute \
    ResetImageAttribute \
    ResetInstanceAttribute \
    ResetNetworkInterfaceAttribute \
    ResetSnapshotAttribute \
    RestoreAddressToClassic \
    RestoreImageFromRecycleBin \
    RestoreManagedPrefixListVersion \
    RestoreSnapshotFromRecycleBin \
    RestoreSnapshotTier \
    RestoreVolumeFromRecycleBin \
    RevokeClientVpnIngress \
    RevokeSecurityGroupEgress \
    RevokeSecurityGroupIngress \
    RunInstances \
    RunScheduledInstances \
    SearchLocalGatewayRoutes \
    SearchTransitGatewayMulticastGroups \
    SearchTransitGatewayRoutes \
    SendDiagnosticInterrupt \
    StartDeclarativePoliciesReport \
    StartInstances \
    StartNetworkInsightsAccessScopeAnalysis \
    StartNetworkInsightsAnalysis \
    StartVpcEndpointServicePrivateDnsVerification \
    StopInstances \
    TerminateClientVpnConnections \
    TerminateInstances \
    UnassignIpv6Addresses \
    UnassignPrivateIpAddresses \
    UnassignPrivateNatGatewayAddress \
    UnlockSnapshot \
    UnmonitorInstances \
    UpdateCapacityManagerMonitoredTagKeys \
    UpdateCapacityManagerOrganizationsAccess \
    UpdateInterruptibleCapacityReservationAllocation \
    UpdateSecurityGroupRuleDescriptionsEgress \
    UpdateSecurityGroupRuleDescriptionsIngress \
    WithdrawByoipCidr";
