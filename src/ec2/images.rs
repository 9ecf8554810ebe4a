//! Amazon Machine Images: the public catalog every region starts with, and
//! DescribeImages.

use super::filters::{self, Filter, Filterable};
use super::tags::{Tag, TagStore};
use crate::kernel::params::FromParam;
use crate::kernel::{hash::fnv1a, ids::is_well_formed, ApiError};
use serde::Serialize;

/// How the guest OS of an image behaves: its login user and package manager.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum OsFamily {
    /// Amazon Linux 2023: `dnf`.
    #[default]
    AmazonLinux2023,
    /// Amazon Linux 2: `yum`.
    AmazonLinux2,
    /// Ubuntu: `apt`.
    Ubuntu,
    /// Debian: `apt`.
    Debian,
    /// Red Hat Enterprise Linux: `dnf`.
    RedHat,
    /// SUSE Linux Enterprise Server: `zypper`.
    Suse,
    /// Windows Server: RDP, not SSH.
    Windows,
}

impl Image {
    /// Blocks the operating system fills on a root volume made from this
    /// image: about 2 GiB for the Linux images, 15 GiB for Windows.
    pub fn os_blocks(&self) -> u64 {
        let gib = if self.family == OsFamily::Windows {
            15
        } else {
            2
        };
        gib * super::snapshots::BLOCKS_PER_GIB
    }
}

/// A catalog entry for a public image.
struct CatalogImage {
    name: &'static str,
    description: &'static str,
    owner_id: &'static str,
    owner_alias: Option<&'static str>,
    architecture: &'static str,
    root_device_name: &'static str,
    root_volume_size: u32,
    root_volume_type: &'static str,
    platform_details: &'static str,
    usage_operation: &'static str,
    creation_date: &'static str,
    family: OsFamily,
    login_user: &'static str,
    /// When the vendor deprecates the image: about 90 days after release
    /// for Amazon's own images, two years for the others here. Shown, but
    /// deprecated images are not hidden: the sandbox publishes no newer
    /// releases, so hiding them would empty the catalog as time passes.
    deprecation_time: &'static str,
}

const AMAZON: &str = "137112412989";
/// The account that publishes the ECS-optimized AMIs.
const AMAZON_ECS: &str = "591542846629";
/// The ECS-optimized Amazon Linux 2023 AMI: Docker and the ECS agent come
/// installed and enabled (see [`Image::ecs_agent`]).
const ECS_OPTIMIZED: &str = "al2023-ami-ecs-hvm-2023.0.20250520-kernel-6.1-x86_64";
const CANONICAL: &str = "099720109477";

/// The public images of the catalog (names follow each vendor's pattern).
#[rustfmt::skip]
const CATALOG: &[CatalogImage] = &[
    CatalogImage { name: "al2023-ami-2023.7.20250512.0-kernel-6.1-x86_64", description: "Amazon Linux 2023 AMI 2023.7.20250512.0 x86_64 HVM kernel-6.1", owner_id: AMAZON, owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/xvda", root_volume_size: 8, root_volume_type: "gp3", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-12T20:39:33.000Z", family: OsFamily::AmazonLinux2023, login_user: "ec2-user", deprecation_time: "2025-08-10T20:39:00.000Z" },
    CatalogImage { name: "al2023-ami-2023.7.20250512.0-kernel-6.12-x86_64", description: "Amazon Linux 2023 AMI 2023.7.20250512.0 x86_64 HVM kernel-6.12", owner_id: AMAZON, owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/xvda", root_volume_size: 8, root_volume_type: "gp3", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-12T20:40:05.000Z", family: OsFamily::AmazonLinux2023, login_user: "ec2-user", deprecation_time: "2025-08-10T20:40:00.000Z" },
    CatalogImage { name: "al2023-ami-2023.7.20250428.1-kernel-6.1-x86_64", description: "Amazon Linux 2023 AMI 2023.7.20250428.1 x86_64 HVM kernel-6.1", owner_id: AMAZON, owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/xvda", root_volume_size: 8, root_volume_type: "gp3", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-04-28T21:10:56.000Z", family: OsFamily::AmazonLinux2023, login_user: "ec2-user", deprecation_time: "2025-07-27T21:10:00.000Z" },
    CatalogImage { name: "al2023-ami-2023.7.20250512.0-kernel-6.1-arm64", description: "Amazon Linux 2023 AMI 2023.7.20250512.0 arm64 HVM kernel-6.1", owner_id: AMAZON, owner_alias: Some("amazon"), architecture: "arm64", root_device_name: "/dev/xvda", root_volume_size: 8, root_volume_type: "gp3", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-12T20:39:41.000Z", family: OsFamily::AmazonLinux2023, login_user: "ec2-user", deprecation_time: "2025-08-10T20:39:00.000Z" },
    CatalogImage { name: ECS_OPTIMIZED, description: "Amazon Linux AMI 2023.0.20250520 x86_64 ECS HVM EBS", owner_id: AMAZON_ECS, owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/xvda", root_volume_size: 30, root_volume_type: "gp3", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-20T22:03:31.000Z", family: OsFamily::AmazonLinux2023, login_user: "ec2-user", deprecation_time: "2025-08-18T22:03:00.000Z" },
    CatalogImage { name: "amzn2-ami-kernel-5.10-hvm-2.0.20250512.0-x86_64-gp2", description: "Amazon Linux 2 Kernel 5.10 AMI 2.0.20250512.0 x86_64 HVM gp2", owner_id: AMAZON, owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/xvda", root_volume_size: 8, root_volume_type: "gp2", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-13T00:51:12.000Z", family: OsFamily::AmazonLinux2, login_user: "ec2-user", deprecation_time: "2025-08-11T00:51:00.000Z" },
    CatalogImage { name: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250516", description: "Canonical, Ubuntu, 24.04, amd64 noble image", owner_id: CANONICAL, owner_alias: None, architecture: "x86_64", root_device_name: "/dev/sda1", root_volume_size: 8, root_volume_type: "gp3", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-16T07:33:20.000Z", family: OsFamily::Ubuntu, login_user: "ubuntu", deprecation_time: "2027-05-16T07:33:20.000Z" },
    CatalogImage { name: "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250516", description: "Canonical, Ubuntu, 22.04, amd64 jammy image", owner_id: CANONICAL, owner_alias: None, architecture: "x86_64", root_device_name: "/dev/sda1", root_volume_size: 8, root_volume_type: "gp2", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-16T06:58:02.000Z", family: OsFamily::Ubuntu, login_user: "ubuntu", deprecation_time: "2027-05-16T06:58:02.000Z" },
    CatalogImage { name: "debian-12-amd64-20250515-2114", description: "Debian 12 (20250515-2114)", owner_id: "136693071363", owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/xvda", root_volume_size: 8, root_volume_type: "gp2", platform_details: "Linux/UNIX", usage_operation: "RunInstances", creation_date: "2025-05-15T21:53:16.000Z", family: OsFamily::Debian, login_user: "admin", deprecation_time: "2027-05-15T21:53:16.000Z" },
    CatalogImage { name: "RHEL-9.5.0_HVM-20250505-x86_64-0-Hourly2-GP3", description: "Provided by Red Hat, Inc.", owner_id: "309956199498", owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/sda1", root_volume_size: 10, root_volume_type: "gp3", platform_details: "Red Hat Enterprise Linux", usage_operation: "RunInstances:0010", creation_date: "2025-05-05T14:02:45.000Z", family: OsFamily::RedHat, login_user: "ec2-user", deprecation_time: "2027-05-05T14:02:45.000Z" },
    CatalogImage { name: "suse-sles-15-sp6-v20250501-hvm-ssd-x86_64", description: "SUSE Linux Enterprise Server 15 SP6 (HVM, 64-bit, SSD-Backed)", owner_id: "013907871322", owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/sda1", root_volume_size: 10, root_volume_type: "gp3", platform_details: "SUSE Linux", usage_operation: "RunInstances:000g", creation_date: "2025-05-01T17:10:08.000Z", family: OsFamily::Suse, login_user: "ec2-user", deprecation_time: "2027-05-01T17:10:08.000Z" },
    CatalogImage { name: "Windows_Server-2022-English-Full-Base-2025.05.15", description: "Microsoft Windows Server 2022 Full Locale English AMI provided by Amazon", owner_id: "801119661308", owner_alias: Some("amazon"), architecture: "x86_64", root_device_name: "/dev/sda1", root_volume_size: 30, root_volume_type: "gp2", platform_details: "Windows", usage_operation: "RunInstances:0002", creation_date: "2025-05-15T05:14:29.000Z", family: OsFamily::Windows, login_user: "Administrator", deprecation_time: "2025-08-13T05:14:00.000Z" },
];

/// Public SSM parameters that name the latest image of a family, usable as
/// `--image-id resolve:ssm:<parameter>` in RunInstances.
const SSM_PARAMETERS: &[(&str, &str)] = &[
    (
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        "al2023-ami-2023.7.20250512.0-kernel-6.1-x86_64",
    ),
    (
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64",
        "al2023-ami-2023.7.20250512.0-kernel-6.1-x86_64",
    ),
    (
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
        "al2023-ami-2023.7.20250512.0-kernel-6.1-arm64",
    ),
    (
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64",
        "al2023-ami-2023.7.20250512.0-kernel-6.1-arm64",
    ),
    (
        "/aws/service/ami-amazon-linux-latest/amzn2-ami-kernel-5.10-hvm-x86_64-gp2",
        "amzn2-ami-kernel-5.10-hvm-2.0.20250512.0-x86_64-gp2",
    ),
    (
        "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
        ECS_OPTIMIZED,
    ),
    (
        "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
        "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-20250516",
    ),
    (
        "/aws/service/canonical/ubuntu/server/22.04/stable/current/amd64/hvm/ebs-gp2/ami-id",
        "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-20250516",
    ),
    (
        "/aws/service/debian/release/12/latest/amd64",
        "debian-12-amd64-20250515-2114",
    ),
    (
        "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base",
        "Windows_Server-2022-English-Full-Base-2025.05.15",
    ),
];

/// Resolves `resolve:ssm:<parameter>` to the image id it names in `region`;
/// any other id is returned unchanged.
pub fn resolve_image_id(region: &str, image_id: &str) -> Result<String, ApiError> {
    let Some(parameter) = image_id.strip_prefix("resolve:ssm:") else {
        return Ok(image_id.to_string());
    };
    SSM_PARAMETERS
        .iter()
        .find(|(name, _)| *name == parameter)
        .map(|(_, image_name)| catalog_image_id(region, image_name))
        .ok_or_else(|| {
            ApiError::new(
                "InvalidParameterValue",
                format!("Invalid value '{image_id}' for imageId. The SSM parameter {parameter} could not be found."),
            )
        })
}

/// The EBS part of a block device mapping.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct EbsBlockDevice {
    pub delete_on_termination: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<u32>,
    pub snapshot_id: String,
    pub volume_size: u32,
    pub volume_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub throughput: Option<u32>,
    pub encrypted: bool,
}

/// A device of an image.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ImageBlockDeviceMapping {
    pub ebs: EbsBlockDevice,
    pub device_name: String,
}

/// An AMI, serialized in the order the AWS CLI prints DescribeImages.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Image {
    pub platform_details: String,
    pub usage_operation: String,
    pub block_device_mappings: Vec<ImageBlockDeviceMapping>,
    pub description: String,
    pub ena_support: bool,
    pub hypervisor: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_owner_alias: Option<String>,
    pub name: String,
    pub root_device_name: String,
    pub root_device_type: String,
    pub sriov_net_support: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<Tag>>,
    pub virtualization_type: String,
    pub boot_mode: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation_time: Option<String>,
    pub imds_support: String,
    pub image_id: String,
    pub image_location: String,
    pub state: String,
    pub owner_id: String,
    pub creation_date: String,
    pub public: bool,
    pub architecture: String,
    pub image_type: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    /// The guest OS family (not an AWS field).
    #[serde(skip)]
    pub family: OsFamily,
    /// The user to log in as over SSH (not an AWS field).
    #[serde(skip)]
    pub login_user: String,
    /// True for the ECS-optimized AMI, whose guest comes with Docker and
    /// the ECS agent installed and enabled (not an AWS field).
    #[serde(skip)]
    pub ecs_agent: bool,
}

/// An id for a public image in a region: the same in every sandbox (public
/// AMI ids are fixed per region on AWS too), different between regions.
fn catalog_image_id(region: &str, name: &str) -> String {
    format!("ami-0{:016x}", fnv1a(&format!("{region}/{name}")))
}

/// The public images of `region`.
pub fn public_images(region: &str) -> Vec<Image> {
    CATALOG
        .iter()
        .map(|c| {
            let image_id = catalog_image_id(region, c.name);
            let gp3 = c.root_volume_type == "gp3";
            let location_owner = c.owner_alias.unwrap_or(c.owner_id);
            Image {
                platform_details: c.platform_details.into(),
                usage_operation: c.usage_operation.into(),
                block_device_mappings: vec![ImageBlockDeviceMapping {
                    ebs: EbsBlockDevice {
                        delete_on_termination: true,
                        iops: gp3.then_some(3000),
                        snapshot_id: format!("snap-0{:016x}", fnv1a(&image_id)),
                        volume_size: c.root_volume_size,
                        volume_type: c.root_volume_type.into(),
                        throughput: gp3.then_some(125),
                        encrypted: false,
                    },
                    device_name: c.root_device_name.into(),
                }],
                description: c.description.into(),
                ena_support: true,
                hypervisor: "xen".into(),
                image_owner_alias: c.owner_alias.map(str::to_string),
                name: c.name.into(),
                root_device_name: c.root_device_name.into(),
                root_device_type: "ebs".into(),
                sriov_net_support: "simple".into(),
                tags: None,
                virtualization_type: "hvm".into(),
                boot_mode: if c.architecture == "arm64" {
                    "uefi"
                } else {
                    "uefi-preferred"
                }
                .into(),
                deprecation_time: Some(c.deprecation_time.into()),
                imds_support: "v2.0".into(),
                image_id,
                image_location: format!("{location_owner}/{}", c.name),
                state: "available".into(),
                owner_id: c.owner_id.into(),
                creation_date: c.creation_date.into(),
                public: true,
                architecture: c.architecture.into(),
                image_type: "machine".into(),
                platform: (c.family == OsFamily::Windows).then(|| "windows".to_string()),
                family: c.family,
                login_user: c.login_user.into(),
                ecs_agent: c.name == ECS_OPTIMIZED,
            }
        })
        .collect()
}

/// Request of DescribeImages.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeImagesRequest {
    #[serde(default)]
    pub image_ids: Vec<String>,
    #[serde(default)]
    pub owners: Vec<String>,
    #[serde(default)]
    pub executable_users: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub include_deprecated: Option<bool>,
    #[serde(default)]
    pub include_disabled: Option<bool>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Response of DescribeImages.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeImagesResponse {
    pub images: Vec<Image>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Filterable for Image {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |v: &str| Some(vec![v.to_string()]);
        match name {
            "name" => one(&self.name),
            "image-id" => one(&self.image_id),
            "architecture" => one(&self.architecture),
            "description" => one(&self.description),
            "owner-id" => one(&self.owner_id),
            "owner-alias" => Some(self.image_owner_alias.iter().cloned().collect()),
            "platform" => Some(self.platform.iter().cloned().collect()),
            "platform-details" => one(&self.platform_details),
            "state" => one(&self.state),
            "root-device-type" => one(&self.root_device_type),
            "root-device-name" => one(&self.root_device_name),
            "virtualization-type" => one(&self.virtualization_type),
            "hypervisor" => one(&self.hypervisor),
            "image-type" => one(&self.image_type),
            "is-public" => Some(filters::bool_value(self.public)),
            "ena-support" => Some(filters::bool_value(self.ena_support)),
            "block-device-mapping.volume-type" => Some(
                self.block_device_mappings
                    .iter()
                    .map(|m| m.ebs.volume_type.clone())
                    .collect(),
            ),
            "block-device-mapping.volume-size" => Some(
                self.block_device_mappings
                    .iter()
                    .map(|m| m.ebs.volume_size.to_string())
                    .collect(),
            ),
            other => filters::tag_filter_values(other, self.tags.as_deref().unwrap_or_default()),
        }
    }
}

/// Checks an AMI id's shape: `InvalidAMIID.Malformed` otherwise.
pub fn check_image_id(id: &str) -> Result<(), ApiError> {
    if is_well_formed(id, "ami") {
        Ok(())
    } else {
        Err(ApiError::new(
            "InvalidAMIID.Malformed",
            format!("Invalid id: \"{id}\" (expecting \"ami-...\")"),
        ))
    }
}

/// `InvalidAMIID.NotFound` for the ids given.
pub fn not_found(ids: &[String]) -> ApiError {
    if ids.len() == 1 {
        ApiError::new(
            "InvalidAMIID.NotFound",
            format!("The image id '[{}]' does not exist", ids[0]),
        )
    } else {
        ApiError::new(
            "InvalidAMIID.NotFound",
            format!("The image ids '[{}]' do not exist", ids.join(", ")),
        )
    }
}

/// DescribeImages over `images` (the region's catalog and own images).
pub fn describe(
    images: &[Image],
    tags: &TagStore,
    account_id: &str,
    request: &DescribeImagesRequest,
) -> Result<DescribeImagesResponse, ApiError> {
    for id in &request.image_ids {
        check_image_id(id)?;
    }
    if let Some(sample) = images.first() {
        filters::validate(&request.filters, sample)?;
    }
    let missing: Vec<String> = request
        .image_ids
        .iter()
        .filter(|id| !images.iter().any(|i| &i.image_id == *id))
        .cloned()
        .collect();
    if !missing.is_empty() {
        return Err(not_found(&missing));
    }
    let owned_by = |image: &Image, owner: &str| match owner {
        "self" => image.owner_id == account_id,
        "amazon" => image.image_owner_alias.as_deref() == Some("amazon"),
        "aws-marketplace" => image.image_owner_alias.as_deref() == Some("aws-marketplace"),
        id => image.owner_id == id,
    };
    let images = images
        .iter()
        .filter(|i| request.image_ids.is_empty() || request.image_ids.contains(&i.image_id))
        .filter(|i| request.owners.is_empty() || request.owners.iter().any(|o| owned_by(i, o)))
        .map(|i| Image {
            tags: tags.optional(&i.image_id),
            ..i.clone()
        })
        .filter(|i| filters::matches_all(i, &request.filters))
        .collect();
    let (images, next_token) = super::paging::page(
        "images",
        images,
        request.max_results,
        request.next_token.as_deref(),
        1000,
    )?;
    Ok(DescribeImagesResponse { images, next_token })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(filters: Vec<(&str, &str)>, owners: Vec<&str>) -> DescribeImagesRequest {
        DescribeImagesRequest {
            owners: owners.into_iter().map(String::from).collect(),
            filters: filters
                .into_iter()
                .map(|(n, v)| Filter {
                    name: n.into(),
                    values: vec![v.into()],
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn ids_are_stable_per_region_and_differ_between_regions() {
        let east = public_images("us-east-1");
        assert_eq!(east[0].image_id, public_images("us-east-1")[0].image_id);
        assert_ne!(east[0].image_id, public_images("eu-west-1")[0].image_id);
        assert!(is_well_formed(&east[0].image_id, "ami"));
    }

    #[test]
    fn name_wildcards_and_owners_select_images() {
        let images = public_images("us-east-1");
        let tags = TagStore::default();
        let found = describe(
            &images,
            &tags,
            "123456789012",
            &request(vec![("name", "al2023-ami-2023.*-x86_64")], vec!["amazon"]),
        )
        .unwrap();
        // Two releases of the 6.1 kernel image and one with kernel 6.12: on
        // AWS too a name filter matches several releases, so tutorials sort
        // by CreationDate rather than take the first.
        let names: Vec<&str> = found.images.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "al2023-ami-2023.7.20250512.0-kernel-6.1-x86_64",
                "al2023-ami-2023.7.20250512.0-kernel-6.12-x86_64",
                "al2023-ami-2023.7.20250428.1-kernel-6.1-x86_64"
            ]
        );
        assert!(found.images.iter().all(|i| i.login_user == "ec2-user"));
        let canonical = describe(
            &images,
            &tags,
            "123456789012",
            &request(vec![], vec!["099720109477"]),
        )
        .unwrap();
        assert!(canonical.images.iter().all(|i| i.login_user == "ubuntu"));
        assert_eq!(canonical.images.len(), 2);
        let windows = describe(
            &images,
            &tags,
            "123456789012",
            &request(vec![("platform", "windows")], vec![]),
        )
        .unwrap();
        assert_eq!(windows.images.len(), 1);
        assert!(describe(
            &images,
            &tags,
            "123456789012",
            &request(vec![], vec!["self"])
        )
        .unwrap()
        .images
        .is_empty());
    }

    #[test]
    fn ssm_parameters_resolve_to_catalog_images() {
        let id = resolve_image_id(
            "us-east-1",
            "resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
        )
        .unwrap();
        let image = public_images("us-east-1")
            .into_iter()
            .find(|i| i.image_id == id)
            .unwrap();
        assert!(image.name.starts_with("al2023-ami-2023"));
        assert_eq!(image.architecture, "x86_64");
        assert_eq!(
            resolve_image_id("us-east-1", "ami-0abc").unwrap(),
            "ami-0abc"
        );
        assert_eq!(
            resolve_image_id("us-east-1", "resolve:ssm:/nope")
                .unwrap_err()
                .code,
            "InvalidParameterValue"
        );
    }

    #[test]
    fn bad_ids_are_malformed_or_not_found() {
        let images = public_images("us-east-1");
        let tags = TagStore::default();
        let mut r = DescribeImagesRequest {
            image_ids: vec!["ami-xyz".into()],
            ..Default::default()
        };
        assert_eq!(
            describe(&images, &tags, "1", &r).unwrap_err().code,
            "InvalidAMIID.Malformed"
        );
        r.image_ids = vec!["ami-0123456789abcdef0".into()];
        let e = describe(&images, &tags, "1", &r).unwrap_err();
        assert_eq!(e.code, "InvalidAMIID.NotFound");
        assert_eq!(
            e.message,
            "The image id '[ami-0123456789abcdef0]' does not exist"
        );
    }
}
