//! Service Quotas as the CLI sees it (`service-quotas/2019-06-24`).

use crate::shell::aws::model::{opt, req, Operation, Paginator, Service, DOUBLE, INTEGER, STRING};

/// `aws service-quotas`.
pub(crate) const SERVICE: Service = Service {
    name: "service-quotas",
    summary: "Service Quotas: the limits of the account, and raising them.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: &[],
    unsimulated_waiters: &[],
};

/// The operations the sandbox simulates, with their input shapes.
pub(crate) const OPERATIONS: &[Operation] = &[
    Operation {
        name: "GetServiceQuota",
        summary: "Show the value of one quota.",
        input: &[req("ServiceCode", &STRING), req("QuotaCode", &STRING)],
        paginator: None,
    },
    Operation {
        name: "ListServiceQuotas",
        summary: "List a service's quotas.",
        input: &[
            req("ServiceCode", &STRING),
            opt("NextToken", &STRING),
            opt("MaxResults", &INTEGER),
            opt("QuotaCode", &STRING),
        ],
        paginator: Paginator::max_results("Quotas"),
    },
    Operation {
        name: "RequestServiceQuotaIncrease",
        summary: "Ask for a higher quota.",
        input: &[
            req("ServiceCode", &STRING),
            req("QuotaCode", &STRING),
            req("DesiredValue", &DOUBLE),
        ],
        paginator: None,
    },
];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    AssociateServiceQuotaTemplate \
    CreateSupportCase \
    DeleteServiceQuotaIncreaseRequestFromTemplate \
    DisassociateServiceQuotaTemplate \
    GetAWSDefaultServiceQuota \
    GetAssociationForServiceQuotaTemplate \
    GetAutoManagementConfiguration \
    GetQuotaUtilizationReport \
    GetRequestedServiceQuotaChange \
    GetServiceQuota \
    GetServiceQuotaIncreaseRequestFromTemplate \
    ListAWSDefaultServiceQuotas \
    ListRequestedServiceQuotaChangeHistory \
    ListRequestedServiceQuotaChangeHistoryByQuota \
    ListServiceQuotaIncreaseRequestsInTemplate \
    ListServiceQuotas \
    ListServices \
    ListTagsForResource \
    PutServiceQuotaIncreaseRequestIntoTemplate \
    RequestServiceQuotaIncrease \
    StartAutoManagement \
    StartQuotaUtilizationReport \
    StopAutoManagement \
    TagResource \
    UntagResource \
    UpdateAutoManagement";
