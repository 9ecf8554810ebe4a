//! Tags on EC2 resources: CreateTags, DeleteTags, DescribeTags. Tags live in
//! one store per region keyed by resource id, so any resource can carry them.

use super::filters::{self, Filter, Filterable};
use crate::kernel::params::FromParam;
use crate::kernel::ApiError;
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Most tags one resource may carry.
pub const MAX_TAGS_PER_RESOURCE: usize = 50;

/// A key/value tag as AWS prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromParam)]
#[serde(rename_all = "PascalCase")]
pub struct Tag {
    pub key: String,
    #[serde(default)]
    pub value: String,
}

/// The tags of one resource, borrowed from the store; prints as `[{Key, Value}]`.
#[derive(Debug, Clone, Copy)]
pub struct TagList<'a>(&'a IndexMap<String, String>);

impl<'a> TagList<'a> {
    /// The value of the tag `key`, if the resource has it.
    pub fn value(self, key: &str) -> Option<&'a str> {
        self.0.get(key).map(String::as_str)
    }

    /// Owned copies of the tags, in the order they were first set.
    pub fn to_vec(self) -> Vec<Tag> {
        self.0
            .iter()
            .map(|(key, value)| Tag {
                key: key.clone(),
                value: value.clone(),
            })
            .collect()
    }
}

impl Serialize for TagList<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "PascalCase")]
        struct Entry<'a> {
            key: &'a str,
            value: &'a str,
        }
        serializer.collect_seq(self.0.iter().map(|(key, value)| Entry { key, value }))
    }
}

/// A tag in a DeleteTags request: the value is optional there.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagToDelete {
    pub key: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// `TagSpecifications` entry of a create request.
#[derive(Debug, Clone, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct TagSpecification {
    #[serde(default)]
    pub resource_type: Option<String>,
    #[serde(default)]
    pub tags: Vec<Tag>,
}

/// Tags of every resource in a region.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct TagStore {
    by_resource: BTreeMap<String, IndexMap<String, String>>,
}

/// Request of CreateTags.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct CreateTagsRequest {
    pub resources: Vec<String>,
    pub tags: Vec<Tag>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DeleteTags.
#[derive(Debug, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DeleteTagsRequest {
    pub resources: Vec<String>,
    #[serde(default)]
    pub tags: Option<Vec<TagToDelete>>,
    #[serde(default)]
    pub dry_run: bool,
}

/// Request of DescribeTags.
#[derive(Debug, Default, FromParam)]
#[serde(rename_all = "PascalCase", deny_unknown_fields)]
pub struct DescribeTagsRequest {
    #[serde(default)]
    pub filters: Vec<Filter>,
    #[serde(default)]
    pub max_results: Option<i64>,
    #[serde(default)]
    pub next_token: Option<String>,
    #[serde(default)]
    pub dry_run: bool,
}

/// One row of DescribeTags.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct TagDescription {
    pub key: String,
    pub resource_id: String,
    pub resource_type: String,
    pub value: String,
}

/// Response of DescribeTags.
#[derive(Debug, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct DescribeTagsResponse {
    pub tags: Vec<TagDescription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Filterable for TagDescription {
    fn filter_values(&self, name: &str) -> Option<Vec<String>> {
        match name {
            "key" => Some(vec![self.key.clone()]),
            "value" => Some(vec![self.value.clone()]),
            "resource-id" => Some(vec![self.resource_id.clone()]),
            "resource-type" => Some(vec![self.resource_type.clone()]),
            _ => name.strip_prefix("tag:").map(|key| {
                if key == self.key {
                    vec![self.value.clone()]
                } else {
                    vec![]
                }
            }),
        }
    }
}

/// The resource type DescribeTags reports for an id, from its prefix.
pub fn resource_type_of(id: &str) -> &'static str {
    let prefix = id.split('-').next().unwrap_or_default();
    match prefix {
        "i" => "instance",
        "sg" => "security-group",
        "key" => "key-pair",
        "vpc" => "vpc",
        "subnet" => "subnet",
        "igw" => "internet-gateway",
        "rtb" => "route-table",
        "acl" => "network-acl",
        "eni" => "network-interface",
        "vol" => "volume",
        "snap" => "snapshot",
        "ami" => "image",
        "dopt" => "dhcp-options",
        "eipalloc" => "elastic-ip",
        _ => "",
    }
}

/// Tags for a resource type from `TagSpecifications` (other types ignored).
pub fn tags_for(specs: &[TagSpecification], resource_type: &str) -> Vec<Tag> {
    specs
        .iter()
        .filter(|s| {
            s.resource_type
                .as_deref()
                .is_none_or(|t| t == resource_type)
        })
        .flat_map(|s| s.tags.iter().cloned())
        .collect()
}

/// Checks the tag rules AWS enforces on keys and values.
pub fn validate_tags(tags: &[Tag]) -> Result<(), ApiError> {
    for tag in tags {
        if tag.key.is_empty() || tag.key.chars().count() > 127 {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!(
                    "Tag key must be between 1 and 127 characters: '{}'",
                    tag.key
                ),
            ));
        }
        if tag.key.starts_with("aws:") {
            return Err(ApiError::new(
                "InvalidParameterValue",
                "Tag keys starting with 'aws:' are reserved for internal use",
            ));
        }
        if tag.value.chars().count() > 256 {
            return Err(ApiError::new(
                "InvalidParameterValue",
                format!("Tag value for key '{}' exceeds 256 characters", tag.key),
            ));
        }
    }
    Ok(())
}

impl TagStore {
    /// The tags of `resource_id`, in the order they were first set.
    pub fn of(&self, resource_id: &str) -> Vec<Tag> {
        self.view(resource_id)
            .map(|tags| tags.to_vec())
            .unwrap_or_default()
    }

    /// Tags of `resource_id`, or `None` when it has none (AWS then omits `Tags`).
    pub fn optional(&self, resource_id: &str) -> Option<Vec<Tag>> {
        self.view(resource_id).map(|tags| tags.to_vec())
    }

    /// Tags of `resource_id` borrowed from the store, or `None` when it has none.
    pub fn view(&self, resource_id: &str) -> Option<TagList<'_>> {
        self.by_resource
            .get(resource_id)
            .filter(|tags| !tags.is_empty())
            .map(TagList)
    }

    /// Checks that adding `tags` keeps `resource_id` within the tag limit.
    pub fn check_room(&self, resource_id: &str, tags: &[Tag]) -> Result<(), ApiError> {
        let existing = self.by_resource.get(resource_id);
        let new_keys = tags
            .iter()
            .map(|t| &t.key)
            .filter(|k| existing.is_none_or(|e| !e.contains_key(*k)))
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        let total = existing.map_or(0, IndexMap::len) + new_keys;
        if total > MAX_TAGS_PER_RESOURCE {
            return Err(ApiError::new(
                "TagLimitExceeded",
                format!("The maximum number of Tags for a resource has been reached. Resource '{resource_id}' would have {total} tags; the limit is {MAX_TAGS_PER_RESOURCE}."),
            ));
        }
        Ok(())
    }

    /// Adds or overwrites `tags` on `resource_id`.
    pub fn set(&mut self, resource_id: &str, tags: &[Tag]) {
        if tags.is_empty() {
            return;
        }
        let entry = self.by_resource.entry(resource_id.to_string()).or_default();
        for tag in tags {
            entry.insert(tag.key.clone(), tag.value.clone());
        }
    }

    /// Deletes tags as DeleteTags does: a key alone removes it whatever its
    /// value; a key with a value removes it only on an exact match; no tags
    /// at all removes every tag.
    pub fn delete(&mut self, resource_id: &str, tags: Option<&[TagToDelete]>) {
        let Some(entry) = self.by_resource.get_mut(resource_id) else {
            return;
        };
        match tags {
            None => entry.clear(),
            Some(tags) => {
                for tag in tags {
                    let matches = match (&tag.value, entry.get(&tag.key)) {
                        (None, Some(_)) => true,
                        (Some(wanted), Some(actual)) => wanted == actual,
                        _ => false,
                    };
                    if matches {
                        entry.shift_remove(&tag.key);
                    }
                }
            }
        }
        if entry.is_empty() {
            self.by_resource.remove(resource_id);
        }
    }

    /// Forgets every tag of a deleted resource.
    pub fn forget(&mut self, resource_id: &str) {
        self.by_resource.remove(resource_id);
    }

    /// DescribeTags over every tagged resource.
    pub fn describe(
        &self,
        request: &DescribeTagsRequest,
    ) -> Result<DescribeTagsResponse, ApiError> {
        let sample = TagDescription {
            key: String::new(),
            resource_id: String::new(),
            resource_type: String::new(),
            value: String::new(),
        };
        filters::validate(&request.filters, &sample)?;
        let tags = self
            .by_resource
            .iter()
            .flat_map(|(id, tags)| {
                tags.iter().map(move |(key, value)| TagDescription {
                    key: key.clone(),
                    resource_id: id.clone(),
                    resource_type: resource_type_of(id).to_string(),
                    value: value.clone(),
                })
            })
            .filter(|t| filters::matches_all(t, &request.filters))
            .collect();
        let (tags, next_token) = super::paging::page(
            "tags",
            tags,
            request.max_results,
            request.next_token.as_deref(),
            1000,
        )?;
        Ok(DescribeTagsResponse { tags, next_token })
    }
}

impl super::RegionState {
    /// Checks that `id` names a resource of this region that can be tagged.
    fn check_taggable(&self, id: &str) -> Result<(), ApiError> {
        let prefix = id.split('-').next().unwrap_or_default();
        if !crate::kernel::ids::is_well_formed(id, prefix) {
            return Err(ApiError::new(
                "InvalidID",
                format!("The ID '{id}' is not valid"),
            ));
        }
        let exists = match resource_type_of(id) {
            "instance" => self.instances.contains_key(id),
            "security-group" => self.security_groups.contains_key(id),
            "key-pair" => self.key_pairs.contains_key(id),
            "vpc" => self.vpcs.contains_key(id),
            "subnet" => self.subnets.contains_key(id),
            "internet-gateway" => self.internet_gateways.contains_key(id),
            "route-table" => self.route_tables.contains_key(id),
            "network-acl" => self.network_acls.contains_key(id),
            "elastic-ip" => self.elastic_ips.contains_key(id),
            "image" => self.images.iter().any(|i| i.image_id == id),
            "network-interface" => self
                .instances
                .values()
                .any(|i| i.network_interface_id == id),
            "volume" => self
                .instances
                .values()
                .any(|i| i.volumes.iter().any(|v| v.volume_id == id)),
            _ => {
                return Err(ApiError::new(
                    "InvalidID",
                    format!("The ID '{id}' is not valid"),
                ))
            }
        };
        if exists {
            return Ok(());
        }
        Err(match resource_type_of(id) {
            "instance" => ApiError::new(
                "InvalidInstanceID.NotFound",
                format!("The instance ID '{id}' does not exist"),
            ),
            "security-group" => super::security_groups::not_found(id),
            "vpc" => super::vpc::vpc_not_found(id),
            "subnet" => super::vpc::subnet_not_found(id),
            "elastic-ip" => super::elastic_ips::allocation_not_found(id),
            "image" => super::images::not_found(&[id.to_string()]),
            "volume" => ApiError::new(
                "InvalidVolume.NotFound",
                format!("The volume '{id}' does not exist."),
            ),
            _ => ApiError::new("InvalidID", format!("The ID '{id}' is not valid")),
        })
    }

    /// CreateTags: adds or overwrites tags on every resource, or on none.
    pub fn create_tags(
        &mut self,
        ctx: &mut crate::kernel::Context,
        request: CreateTagsRequest,
    ) -> Result<(), ApiError> {
        validate_tags(&request.tags)?;
        for id in &request.resources {
            self.check_taggable(id)?;
            self.tags.check_room(id, &request.tags)?;
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        for id in &request.resources {
            self.tags.set(id, &request.tags);
            ctx.changed(resource_type_of(id), id.clone());
        }
        Ok(())
    }

    /// DeleteTags.
    pub fn delete_tags(
        &mut self,
        ctx: &mut crate::kernel::Context,
        request: DeleteTagsRequest,
    ) -> Result<(), ApiError> {
        for id in &request.resources {
            self.check_taggable(id)?;
        }
        if request.dry_run {
            return Err(ApiError::dry_run());
        }
        for id in &request.resources {
            self.tags.delete(id, request.tags.as_deref());
            ctx.changed(resource_type_of(id), id.clone());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(k: &str, v: &str) -> Tag {
        Tag {
            key: k.into(),
            value: v.into(),
        }
    }

    #[test]
    fn delete_by_key_or_exact_value() {
        let mut store = TagStore::default();
        store.set("i-1", &[tag("Name", "web"), tag("Env", "prod")]);
        store.delete(
            "i-1",
            Some(&[TagToDelete {
                key: "Env".into(),
                value: Some("dev".into()),
            }]),
        );
        assert_eq!(store.of("i-1").len(), 2, "value mismatch keeps the tag");
        store.delete(
            "i-1",
            Some(&[TagToDelete {
                key: "Env".into(),
                value: None,
            }]),
        );
        assert_eq!(store.of("i-1"), vec![tag("Name", "web")]);
    }

    #[test]
    fn overwrite_keeps_position_and_limit_is_enforced() {
        let mut store = TagStore::default();
        store.set("i-1", &[tag("A", "1"), tag("B", "2")]);
        store.set("i-1", &[tag("A", "3")]);
        assert_eq!(store.of("i-1"), vec![tag("A", "3"), tag("B", "2")]);
        let many: Vec<Tag> = (0..49).map(|n| tag(&format!("k{n}"), "")).collect();
        assert!(store.check_room("i-1", &many).is_err());
        assert!(store.check_room("i-1", &many[..48]).is_ok());
    }
}
