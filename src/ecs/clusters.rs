//! Clusters: CreateCluster, DescribeClusters, ListClusters, DeleteCluster.

use super::{arn, cluster_not_found, short_name, Failure, RegionState};
use crate::kernel::params::FromParam;
use crate::kernel::{ApiError, Context};
use serde::Serialize;

/// The cluster a request means when it names none.
pub const DEFAULT_CLUSTER: &str = "default";

/// A cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cluster {
    pub name: String,
    pub arn: String,
    /// `ACTIVE`, or `INACTIVE` once deleted.
    pub status: String,
}

/// The cluster name a request's `cluster` member means.
pub fn name_of(cluster: Option<&str>) -> &str {
    cluster.map_or(DEFAULT_CLUSTER, short_name)
}

/// Request of CreateCluster.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateClusterRequest {
    pub cluster_name: Option<String>,
    #[serde(default)]
    pub tags: Vec<serde_json::Value>,
    #[serde(default)]
    pub settings: Vec<serde_json::Value>,
    pub configuration: Option<serde_json::Value>,
    #[serde(default)]
    pub capacity_providers: Vec<String>,
    #[serde(default)]
    pub default_capacity_provider_strategy: Vec<serde_json::Value>,
    pub service_connect_defaults: Option<serde_json::Value>,
}

/// Request of DescribeClusters.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DescribeClustersRequest {
    #[serde(default)]
    pub clusters: Vec<String>,
    #[serde(default)]
    pub include: Vec<String>,
}

/// Request of DeleteCluster.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DeleteClusterRequest {
    pub cluster: String,
}

/// Request of ListClusters.
#[derive(Debug, FromParam)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ListClustersRequest {
    pub next_token: Option<String>,
    pub max_results: Option<i64>,
}

/// A cluster's `containerInsights` setting, as every new cluster has it.
#[derive(Debug, Serialize)]
pub struct Setting {
    name: &'static str,
    value: &'static str,
}

/// A cluster as ECS describes it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterView {
    cluster_arn: String,
    cluster_name: String,
    status: String,
    registered_container_instances_count: usize,
    running_tasks_count: usize,
    pending_tasks_count: usize,
    active_services_count: usize,
    statistics: Vec<()>,
    tags: Vec<()>,
    settings: Vec<Setting>,
    capacity_providers: Vec<()>,
    default_capacity_provider_strategy: Vec<()>,
}

/// `{cluster}` of CreateCluster and DeleteCluster.
#[derive(Debug, Serialize)]
pub struct ClusterResponse {
    cluster: ClusterView,
}

/// Response of DescribeClusters.
#[derive(Debug, Serialize)]
pub struct DescribeClustersResponse {
    clusters: Vec<ClusterView>,
    failures: Vec<Failure>,
}

/// Response of ListClusters.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListClustersResponse {
    cluster_arns: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// AWS's rule for cluster names: up to 255 letters, digits, hyphens and
/// underscores.
fn check_name(name: &str) -> Result<(), ApiError> {
    let valid = !name.is_empty()
        && name.len() <= 255
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        Ok(())
    } else {
        Err(super::invalid(
            "Cluster name should match the pattern '^[a-zA-Z0-9_-]{1,255}$'.",
        ))
    }
}

impl RegionState {
    /// The cluster `name` as ECS describes it, with its counts.
    fn cluster_view(&self, cluster: &Cluster) -> ClusterView {
        let active = cluster.status == "ACTIVE";
        let tasks = self
            .tasks
            .values()
            .filter(|t| t.cluster == cluster.name && t.last_status != "STOPPED");
        let (running, pending) = tasks.fold((0, 0), |(r, p), t| {
            if t.last_status == "RUNNING" {
                (r + 1, p)
            } else {
                (r, p + 1)
            }
        });
        ClusterView {
            cluster_arn: cluster.arn.clone(),
            cluster_name: cluster.name.clone(),
            status: cluster.status.clone(),
            registered_container_instances_count: self
                .container_instances
                .values()
                .filter(|ci| ci.cluster == cluster.name && ci.status != "INACTIVE")
                .count(),
            running_tasks_count: running,
            pending_tasks_count: pending,
            active_services_count: self
                .services
                .values()
                .filter(|s| s.cluster == cluster.name && s.status == "ACTIVE")
                .count(),
            statistics: Vec::new(),
            tags: Vec::new(),
            settings: if active {
                vec![Setting {
                    name: "containerInsights",
                    value: "disabled",
                }]
            } else {
                Vec::new()
            },
            capacity_providers: Vec::new(),
            default_capacity_provider_strategy: Vec::new(),
        }
    }

    /// Makes the ACTIVE cluster `name` (again, if it was deleted); the
    /// same answer when it exists already, as AWS's CreateCluster is
    /// idempotent.
    pub fn ensure_cluster(&mut self, ctx: &mut Context, name: &str) -> &Cluster {
        let arn = arn(ctx.region, &format!("cluster/{name}"));
        let cluster = self
            .clusters
            .entry(name.to_string())
            .or_insert_with(|| Cluster {
                name: name.to_string(),
                arn,
                status: "INACTIVE".into(),
            });
        if cluster.status != "ACTIVE" {
            cluster.status = "ACTIVE".into();
            ctx.created("ecs-cluster", cluster.arn.clone());
        }
        cluster
    }

    /// CreateCluster. A clusterName left out makes `default`.
    pub fn create_cluster(
        &mut self,
        ctx: &mut Context,
        request: CreateClusterRequest,
    ) -> Result<ClusterResponse, ApiError> {
        if !request.capacity_providers.is_empty() {
            return Err(super::invalid(
                "Capacity providers are not simulated in this sandbox.",
            ));
        }
        let name = request
            .cluster_name
            .unwrap_or_else(|| DEFAULT_CLUSTER.into());
        check_name(&name)?;
        let cluster = self.ensure_cluster(ctx, &name).clone();
        // An agent waiting for this cluster may register now.
        self.wake_at(ctx.now + 1);
        Ok(ClusterResponse {
            cluster: self.cluster_view(&cluster),
        })
    }

    /// DescribeClusters in `region`: the `default` cluster when none is
    /// named.
    pub fn describe_clusters(
        &self,
        region: &str,
        request: &DescribeClustersRequest,
    ) -> DescribeClustersResponse {
        let default = [DEFAULT_CLUSTER.to_string()];
        let given = if request.clusters.is_empty() {
            &default[..]
        } else {
            &request.clusters[..]
        };
        let mut response = DescribeClustersResponse {
            clusters: Vec::new(),
            failures: Vec::new(),
        };
        for given in given {
            let name = short_name(given);
            match self.clusters.get(name) {
                Some(cluster) => response.clusters.push(self.cluster_view(cluster)),
                None => response
                    .failures
                    .push(Failure::missing(if given.starts_with("arn:") {
                        given.clone()
                    } else {
                        arn(region, &format!("cluster/{name}"))
                    })),
            }
        }
        response
    }

    /// ListClusters: the ARNs of ACTIVE clusters.
    pub fn list_clusters(
        &self,
        request: &ListClustersRequest,
    ) -> Result<ListClustersResponse, ApiError> {
        let arns = self
            .clusters
            .values()
            .filter(|c| c.status == "ACTIVE")
            .map(|c| c.arn.clone())
            .collect();
        let (cluster_arns, next_token) = super::page(
            "clusters",
            arns,
            request.max_results,
            request.next_token.as_deref(),
        )?;
        Ok(ListClustersResponse {
            cluster_arns,
            next_token,
        })
    }

    /// DeleteCluster: refused while container instances, services or tasks
    /// remain, with AWS's exceptions.
    pub fn delete_cluster(
        &mut self,
        ctx: &mut Context,
        request: &DeleteClusterRequest,
    ) -> Result<ClusterResponse, ApiError> {
        let name = short_name(&request.cluster).to_string();
        self.cluster(Some(&name))?;
        if self
            .container_instances
            .values()
            .any(|ci| ci.cluster == name && ci.status != "INACTIVE")
        {
            return Err(ApiError::new(
                "ClusterContainsContainerInstancesException",
                "The Cluster cannot be deleted while Container Instances are active or draining.",
            ));
        }
        if self
            .services
            .values()
            .any(|s| s.cluster == name && s.status != "INACTIVE")
        {
            return Err(ApiError::new(
                "ClusterContainsServicesException",
                "The Cluster cannot be deleted while Services are active.",
            ));
        }
        if self
            .tasks
            .values()
            .any(|t| t.cluster == name && t.last_status != "STOPPED")
        {
            return Err(ApiError::new(
                "ClusterContainsTasksException",
                "The Cluster cannot be deleted while Tasks are active.",
            ));
        }
        let cluster = self.clusters.get_mut(&name).ok_or_else(cluster_not_found)?;
        cluster.status = "INACTIVE".into();
        let cluster = cluster.clone();
        ctx.deleted("ecs-cluster", cluster.arn.clone());
        Ok(ClusterResponse {
            cluster: self.cluster_view(&cluster),
        })
    }
}
