//! The instance-type catalog (vCPUs, memory, network, storage, price) and
//! DescribeInstanceTypes.

use super::filters::{self, Filter, Filterable};
use crate::kernel::params::FromParam;
use crate::kernel::ApiError;
use serde::Serialize;

/// Which vCPU quota an instance type counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum VcpuBucket {
    /// "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances".
    Standard,
    /// "Running On-Demand G and VT instances".
    GpuG,
    /// "Running On-Demand P instances".
    GpuP,
}

/// One instance type of the catalog.
#[derive(Debug, Clone, Copy)]
pub struct InstanceTypeSpec {
    pub name: &'static str,
    /// Human family description shown by the page.
    pub family: &'static str,
    pub vcpus: u32,
    pub cores: u32,
    pub memory_mib: u64,
    pub network: &'static str,
    pub burstable: bool,
    /// Instance store: (disk count, GB per disk, "ssd"/"hdd").
    pub instance_store: Option<(u32, u32, &'static str)>,
    /// us-east-1 Linux On-Demand price, US dollars per hour.
    pub price_per_hour: f64,
    pub architecture: &'static str,
    pub manufacturer: &'static str,
    pub clock_ghz: f64,
    pub free_tier: bool,
    pub current_generation: bool,
    /// Nitro-based (ENA + NVMe) rather than Xen.
    pub nitro: bool,
    /// GPU: (count, manufacturer, name, memory MiB).
    pub gpu: Option<(u32, &'static str, &'static str, u64)>,
    pub bucket: VcpuBucket,
}

macro_rules! spec {
    ($name:literal, $family:literal, $vcpus:literal / $cores:literal, $mem:literal, $net:literal, burst=$burst:literal, store=$store:expr, $price:literal, $arch:literal, $maker:literal, $ghz:literal, free=$free:literal, current=$current:literal, nitro=$nitro:literal, gpu=$gpu:expr, $bucket:ident) => {
        InstanceTypeSpec {
            name: $name,
            family: $family,
            vcpus: $vcpus,
            cores: $cores,
            memory_mib: $mem,
            network: $net,
            burstable: $burst,
            instance_store: $store,
            price_per_hour: $price,
            architecture: $arch,
            manufacturer: $maker,
            clock_ghz: $ghz,
            free_tier: $free,
            current_generation: $current,
            nitro: $nitro,
            gpu: $gpu,
            bucket: VcpuBucket::$bucket,
        }
    };
}

/// The catalog. Prices are published us-east-1 Linux On-Demand rates; the
/// free-tier flag follows the 12-month free tier of accounts opened before
/// 15 July 2025 (t2.micro), which is the kind of account the sandbox plays.
#[rustfmt::skip]
pub const CATALOG: &[InstanceTypeSpec] = &[
    spec!("t2.nano", "General purpose (T2, burstable)", 1 / 1, 512, "Low to Moderate", burst = true, store = None, 0.0058, "x86_64", "Intel", 2.4, free = false, current = true, nitro = false, gpu = None, Standard),
    spec!("t2.micro", "General purpose (T2, burstable)", 1 / 1, 1024, "Low to Moderate", burst = true, store = None, 0.0116, "x86_64", "Intel", 2.5, free = true, current = true, nitro = false, gpu = None, Standard),
    spec!("t2.small", "General purpose (T2, burstable)", 1 / 1, 2048, "Low to Moderate", burst = true, store = None, 0.023, "x86_64", "Intel", 2.5, free = false, current = true, nitro = false, gpu = None, Standard),
    spec!("t2.medium", "General purpose (T2, burstable)", 2 / 2, 4096, "Low to Moderate", burst = true, store = None, 0.0464, "x86_64", "Intel", 2.3, free = false, current = true, nitro = false, gpu = None, Standard),
    spec!("t2.large", "General purpose (T2, burstable)", 2 / 2, 8192, "Low to Moderate", burst = true, store = None, 0.0928, "x86_64", "Intel", 2.3, free = false, current = true, nitro = false, gpu = None, Standard),
    spec!("t2.xlarge", "General purpose (T2, burstable)", 4 / 4, 16384, "Moderate", burst = true, store = None, 0.1856, "x86_64", "Intel", 2.3, free = false, current = true, nitro = false, gpu = None, Standard),
    spec!("t2.2xlarge", "General purpose (T2, burstable)", 8 / 8, 32768, "Moderate", burst = true, store = None, 0.3712, "x86_64", "Intel", 2.3, free = false, current = true, nitro = false, gpu = None, Standard),
    spec!("t3.nano", "General purpose (T3, burstable)", 2 / 1, 512, "Up to 5 Gigabit", burst = true, store = None, 0.0052, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t3.micro", "General purpose (T3, burstable)", 2 / 1, 1024, "Up to 5 Gigabit", burst = true, store = None, 0.0104, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t3.small", "General purpose (T3, burstable)", 2 / 1, 2048, "Up to 5 Gigabit", burst = true, store = None, 0.0208, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t3.medium", "General purpose (T3, burstable)", 2 / 1, 4096, "Up to 5 Gigabit", burst = true, store = None, 0.0416, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t3.large", "General purpose (T3, burstable)", 2 / 1, 8192, "Up to 5 Gigabit", burst = true, store = None, 0.0832, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t3.xlarge", "General purpose (T3, burstable)", 4 / 2, 16384, "Up to 5 Gigabit", burst = true, store = None, 0.1664, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t3.2xlarge", "General purpose (T3, burstable)", 8 / 4, 32768, "Up to 5 Gigabit", burst = true, store = None, 0.3328, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t3a.micro", "General purpose (T3a, burstable, AMD)", 2 / 1, 1024, "Up to 5 Gigabit", burst = true, store = None, 0.0094, "x86_64", "AMD", 2.2, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t4g.micro", "General purpose (T4g, burstable, Graviton2)", 2 / 2, 1024, "Up to 5 Gigabit", burst = true, store = None, 0.0084, "arm64", "AWS", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("t4g.small", "General purpose (T4g, burstable, Graviton2)", 2 / 2, 2048, "Up to 5 Gigabit", burst = true, store = None, 0.0168, "arm64", "AWS", 2.5, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("m5.large", "General purpose (M5)", 2 / 1, 8192, "Up to 10 Gigabit", burst = false, store = None, 0.096, "x86_64", "Intel", 3.1, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("m5.xlarge", "General purpose (M5)", 4 / 2, 16384, "Up to 10 Gigabit", burst = false, store = None, 0.192, "x86_64", "Intel", 3.1, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("c5.large", "Compute optimized (C5)", 2 / 1, 4096, "Up to 10 Gigabit", burst = false, store = None, 0.085, "x86_64", "Intel", 3.4, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("r5.large", "Memory optimized (R5)", 2 / 1, 16384, "Up to 10 Gigabit", burst = false, store = None, 0.126, "x86_64", "Intel", 3.1, free = false, current = true, nitro = true, gpu = None, Standard),
    spec!("i3.large", "Storage optimized (I3, NVMe SSD)", 2 / 1, 15616, "Up to 10 Gigabit", burst = false, store = Some((1, 475, "ssd")), 0.156, "x86_64", "Intel", 2.3, free = false, current = true, nitro = false, gpu = None, Standard),
    spec!("g4dn.xlarge", "Accelerated computing (G4dn, NVIDIA T4)", 4 / 2, 16384, "Up to 25 Gigabit", burst = false, store = Some((1, 125, "ssd")), 0.526, "x86_64", "Intel", 2.5, free = false, current = true, nitro = true, gpu = Some((1, "NVIDIA", "T4", 16384)), GpuG),
    spec!("m1.small", "Previous generation (M1)", 1 / 1, 1740, "Low", burst = false, store = Some((1, 160, "hdd")), 0.044, "x86_64", "Intel", 2.0, free = false, current = false, nitro = false, gpu = None, Standard),
    spec!("m1.small", "Previous generation (M1)", 1 / 1, 1740, "Low", burst = false, store = Some((1, 160, "hdd")), 0.044, "x86_64", "Intel", 2.0, free = false, current = false, nitro = false, gpu = None, Standard),
    spec!("p3.2xlarge", "Accelerated computing (P3, NVIDIA V100)", 8 / 4, 62464, "Up to 10 Gigabit", burst = false, store = None, 3.06, "x86_64", "Intel", 2.3, free = false, current = true, nitro = false, gpu = Some((1, "NVIDIA", "V100", 16384)), GpuP),
];

/// The catalog entry for `name`.
pub fn find(name: &str) -> Option<&'static InstanceTypeSpec> {
    CATALOG.iter().find(|t| t.name == name)
}

/// Request of DescribeInstanceTypes.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeInstanceTypesRequest {
    #[serde(default)]
    pub instance_types: Vec<String>,
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct ProcessorInfo {
    pub supported_architectures: Vec<String>,
    pub sustained_clock_speed_in_ghz: f64,
    pub manufacturer: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct VCpuInfo {
    pub default_v_cpus: u32,
    pub default_cores: u32,
    pub default_threads_per_core: u32,
    pub valid_cores: Vec<u32>,
    pub valid_threads_per_core: Vec<u32>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct MemoryInfo {
    pub size_in_mi_b: u64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DiskInfo {
    pub size_in_g_b: u32,
    pub count: u32,
    #[serde(rename = "Type")]
    pub disk_type: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceStorageInfo {
    pub total_size_in_g_b: u32,
    pub disks: Vec<DiskInfo>,
    pub nvme_support: String,
    pub encryption_support: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EbsInfo {
    pub ebs_optimized_support: String,
    pub encryption_support: String,
    pub nvme_support: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkInfo {
    pub network_performance: String,
    pub maximum_network_interfaces: u32,
    pub maximum_network_cards: u32,
    pub default_network_card_index: u32,
    pub network_cards: Vec<NetworkCardInfo>,
    pub ipv4_addresses_per_interface: u32,
    pub ipv6_addresses_per_interface: u32,
    pub ipv6_supported: bool,
    pub ena_support: String,
    pub efa_supported: bool,
    pub encryption_in_transit_supported: bool,
    pub ena_srd_supported: bool,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct NetworkCardInfo {
    pub network_card_index: u32,
    pub network_performance: String,
    pub maximum_network_interfaces: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct PlacementGroupInfo {
    pub supported_strategies: Vec<String>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GpuDeviceMemoryInfo {
    pub size_in_mi_b: u64,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GpuDeviceInfo {
    pub name: String,
    pub manufacturer: String,
    pub count: u32,
    pub memory_info: GpuDeviceMemoryInfo,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct GpuInfo {
    pub gpus: Vec<GpuDeviceInfo>,
    pub total_gpu_memory_in_mi_b: u64,
}

/// One type as DescribeInstanceTypes prints it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct InstanceTypeInfo {
    pub instance_type: String,
    pub current_generation: bool,
    pub free_tier_eligible: bool,
    pub supported_usage_classes: Vec<String>,
    pub supported_root_device_types: Vec<String>,
    pub supported_virtualization_types: Vec<String>,
    pub bare_metal: bool,
    pub hypervisor: String,
    pub processor_info: ProcessorInfo,
    pub v_cpu_info: VCpuInfo,
    pub memory_info: MemoryInfo,
    pub instance_storage_supported: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_storage_info: Option<InstanceStorageInfo>,
    pub ebs_info: EbsInfo,
    pub network_info: NetworkInfo,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gpu_info: Option<GpuInfo>,
    pub placement_group_info: PlacementGroupInfo,
    pub hibernation_supported: bool,
    pub burstable_performance_supported: bool,
    pub dedicated_hosts_supported: bool,
    pub auto_recovery_supported: bool,
    pub supported_boot_modes: Vec<String>,
    pub nitro_enclaves_support: String,
    pub nitro_tpm_support: String,
    pub phc_support: String,
}

/// Response of DescribeInstanceTypes.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeInstanceTypesResponse {
    pub instance_types: Vec<InstanceTypeInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl InstanceTypeSpec {
    /// The type as DescribeInstanceTypes prints it.
    pub fn describe(&self) -> InstanceTypeInfo {
        let interfaces = if self.vcpus <= 1 { 2 } else { 3 };
        InstanceTypeInfo {
            instance_type: self.name.into(),
            current_generation: self.current_generation,
            free_tier_eligible: self.free_tier,
            supported_usage_classes: vec!["on-demand".into(), "spot".into()],
            supported_root_device_types: vec!["ebs".into()],
            supported_virtualization_types: vec!["hvm".into()],
            bare_metal: false,
            hypervisor: if self.nitro { "nitro" } else { "xen" }.into(),
            processor_info: ProcessorInfo {
                supported_architectures: if self.architecture == "x86_64"
                    && !self.nitro
                    && self.name.starts_with("t2")
                {
                    vec!["i386".into(), "x86_64".into()]
                } else {
                    vec![self.architecture.into()]
                },
                sustained_clock_speed_in_ghz: self.clock_ghz,
                manufacturer: self.manufacturer.into(),
            },
            v_cpu_info: VCpuInfo {
                default_v_cpus: self.vcpus,
                default_cores: self.cores,
                default_threads_per_core: self.vcpus / self.cores.max(1),
                valid_cores: (1..=self.cores).collect(),
                valid_threads_per_core: if self.vcpus > self.cores {
                    vec![1, 2]
                } else {
                    vec![1]
                },
            },
            memory_info: MemoryInfo {
                size_in_mi_b: self.memory_mib,
            },
            instance_storage_supported: self.instance_store.is_some(),
            instance_storage_info: self.instance_store.map(|(count, size, kind)| {
                InstanceStorageInfo {
                    total_size_in_g_b: count * size,
                    disks: vec![DiskInfo {
                        size_in_g_b: size,
                        count,
                        disk_type: kind.into(),
                    }],
                    nvme_support: "required".into(),
                    encryption_support: "required".into(),
                }
            }),
            ebs_info: EbsInfo {
                ebs_optimized_support: if self.nitro { "default" } else { "unsupported" }.into(),
                encryption_support: "supported".into(),
                nvme_support: if self.nitro {
                    "required"
                } else {
                    "unsupported"
                }
                .into(),
            },
            network_info: NetworkInfo {
                network_performance: self.network.into(),
                maximum_network_interfaces: interfaces,
                maximum_network_cards: 1,
                default_network_card_index: 0,
                network_cards: vec![NetworkCardInfo {
                    network_card_index: 0,
                    network_performance: self.network.into(),
                    maximum_network_interfaces: interfaces,
                }],
                ipv4_addresses_per_interface: if self.vcpus <= 1 { 2 } else { 6 },
                ipv6_addresses_per_interface: if self.vcpus <= 1 { 2 } else { 6 },
                ipv6_supported: true,
                ena_support: if self.nitro {
                    "required"
                } else if self.name.starts_with("t2") {
                    "unsupported"
                } else {
                    "supported"
                }
                .into(),
                efa_supported: false,
                encryption_in_transit_supported: false,
                ena_srd_supported: false,
            },
            gpu_info: self.gpu.map(|(count, maker, name, memory)| GpuInfo {
                gpus: vec![GpuDeviceInfo {
                    name: name.into(),
                    manufacturer: maker.into(),
                    count,
                    memory_info: GpuDeviceMemoryInfo {
                        size_in_mi_b: memory,
                    },
                }],
                total_gpu_memory_in_mi_b: memory * u64::from(count),
            }),
            placement_group_info: PlacementGroupInfo {
                // Burstable types cannot join cluster placement groups.
                supported_strategies: if self.burstable {
                    vec!["partition".into(), "spread".into()]
                } else {
                    vec!["cluster".into(), "partition".into(), "spread".into()]
                },
            },
            hibernation_supported: self.architecture == "x86_64" && self.gpu.is_none(),
            burstable_performance_supported: self.burstable,
            dedicated_hosts_supported: !self.burstable || self.name.starts_with("t3"),
            auto_recovery_supported: self.instance_store.is_none(),
            supported_boot_modes: if self.architecture == "arm64" {
                vec!["uefi".into()]
            } else if self.nitro {
                vec!["legacy-bios".into(), "uefi".into()]
            } else {
                vec!["legacy-bios".into()]
            },
            nitro_enclaves_support: "unsupported".into(),
            nitro_tpm_support: if self.nitro {
                "supported"
            } else {
                "unsupported"
            }
            .into(),
            phc_support: "unsupported".into(),
        }
    }
}

impl Filterable for InstanceTypeInfo {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        let one = |v: String| Some(vec![v]);
        match name {
            "instance-type" => one(self.instance_type.clone()),
            "current-generation" => Some(filters::bool_value(self.current_generation)),
            "free-tier-eligible" => Some(filters::bool_value(self.free_tier_eligible)),
            "burstable-performance-supported" => {
                Some(filters::bool_value(self.burstable_performance_supported))
            }
            "instance-storage-supported" => {
                Some(filters::bool_value(self.instance_storage_supported))
            }
            "hypervisor" => one(self.hypervisor.clone()),
            "processor-info.supported-architecture" => {
                Some(self.processor_info.supported_architectures.clone())
            }
            "vcpu-info.default-vcpus" => one(self.v_cpu_info.default_v_cpus.to_string()),
            "memory-info.size-in-mib" => one(self.memory_info.size_in_mi_b.to_string()),
            "network-info.network-performance" => {
                one(self.network_info.network_performance.clone())
            }
            "bare-metal" => Some(filters::bool_value(self.bare_metal)),
            _ => None,
        }
    }
}

/// DescribeInstanceTypes.
pub fn describe(
    request: &DescribeInstanceTypesRequest,
) -> Result<DescribeInstanceTypesResponse, ApiError> {
    for name in &request.instance_types {
        if find(name).is_none() {
            return Err(ApiError::new(
                "InvalidInstanceType",
                format!("The following supplied instance types do not exist: [{name}]"),
            ));
        }
    }
    let all: Vec<InstanceTypeInfo> = CATALOG
        .iter()
        .filter(|t| {
            request.instance_types.is_empty() || request.instance_types.iter().any(|n| n == t.name)
        })
        .map(InstanceTypeSpec::describe)
        .collect();
    // DescribeInstanceTypes pages by at most 100.
    let (instance_types, next_token) = super::paging::page(
        "instance-types",
        filters::select(all, &request.filters)?,
        request.max_results,
        request.next_token.as_deref(),
        100,
    )?;
    Ok(DescribeInstanceTypesResponse {
        instance_types,
        next_token,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_has_the_types_lessons_use() {
        for name in [
            "t2.nano",
            "t2.micro",
            "t2.2xlarge",
            "t3.nano",
            "t3.2xlarge",
            "t3a.micro",
            "t4g.micro",
            "m5.large",
            "m5.xlarge",
            "c5.large",
            "r5.large",
            "i3.large",
            "g4dn.xlarge",
            "p3.2xlarge",
        ] {
            assert!(find(name).is_some(), "{name}");
        }
        assert_eq!(find("t2.micro").unwrap().price_per_hour, 0.0116);
    }

    #[test]
    fn free_tier_filter_finds_t2_micro() {
        let r = DescribeInstanceTypesRequest {
            filters: vec![Filter {
                name: "free-tier-eligible".into(),
                values: vec!["true".into()],
            }],
            ..Default::default()
        };
        let names: Vec<String> = describe(&r)
            .unwrap()
            .instance_types
            .into_iter()
            .map(|t| t.instance_type)
            .collect();
        assert_eq!(names, vec!["t2.micro"]);
    }

    #[test]
    fn unknown_type_is_rejected() {
        let r = DescribeInstanceTypesRequest {
            instance_types: vec!["t2.mirco".into()],
            ..Default::default()
        };
        assert_eq!(describe(&r).unwrap_err().code, "InvalidInstanceType");
    }

    #[test]
    fn described_shape_uses_aws_names() {
        let v = serde_json::to_value(find("g4dn.xlarge").unwrap().describe()).unwrap();
        assert_eq!(v["VCpuInfo"]["DefaultVCpus"], 4);
        assert_eq!(v["MemoryInfo"]["SizeInMiB"], 16384);
        assert_eq!(v["InstanceStorageInfo"]["TotalSizeInGB"], 125);
        assert_eq!(v["GpuInfo"]["Gpus"][0]["Name"], "T4");
        assert_eq!(v["NetworkInfo"]["EnaSupport"], "required");
        assert_eq!(
            serde_json::to_value(find("t2.micro").unwrap().describe()).unwrap()["NetworkInfo"]
                ["EnaSupport"],
            "unsupported"
        );
    }
}
