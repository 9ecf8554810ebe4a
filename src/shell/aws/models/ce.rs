//! AWS Cost Explorer as the CLI sees it (`ce/2017-10-25`).

use crate::shell::aws::model::{opt, req, Operation, Service, Shape, STRING, STRING_LIST};

/// `aws ce`.
pub(crate) const SERVICE: Service = Service {
    name: "ce",
    summary: "AWS Cost Explorer: what the account costs, by day or month.",
    operations: OPERATIONS,
    all_operations: ALL_OPERATIONS,
    waiters: &[],
    unsimulated_waiters: &[],
};

/// `DateInterval`.
const DATE_INTERVAL: Shape = Shape::Structure(&[req("Start", &STRING), req("End", &STRING)]);

/// `DimensionValues`, `TagValues` and `CostCategoryValues` share these
/// members.
const KEY_VALUES: Shape = Shape::Structure(&[
    opt("Key", &STRING),
    opt("Values", &STRING_LIST),
    opt("MatchOptions", &STRING_LIST),
]);

/// `Expression`, which nests: a static, so that it can name itself.
static EXPRESSION: Shape = Shape::Structure(&[
    opt("Or", &EXPRESSIONS),
    opt("And", &EXPRESSIONS),
    opt("Not", &EXPRESSION),
    opt("Dimensions", &KEY_VALUES),
    opt("Tags", &KEY_VALUES),
    opt("CostCategories", &KEY_VALUES),
]);

static EXPRESSIONS: Shape = Shape::List(&EXPRESSION);

const GROUP_DEFINITION: Shape = Shape::Structure(&[opt("Type", &STRING), opt("Key", &STRING)]);

const GROUP_DEFINITIONS: Shape = Shape::List(&GROUP_DEFINITION);

/// The operations the sandbox simulates, with their input shapes.
pub(crate) const OPERATIONS: &[Operation] = &[Operation {
    name: "GetCostAndUsage",
    summary: "Show costs and usage per day or month, grouped and filtered.",
    input: &[
        req("TimePeriod", &DATE_INTERVAL),
        req("Granularity", &STRING),
        opt("Filter", &EXPRESSION),
        req("Metrics", &STRING_LIST),
        opt("GroupBy", &GROUP_DEFINITIONS),
        opt("NextPageToken", &STRING),
    ],
    paginator: None,
}];

/// Every operation of the real service (API names), for telling a real
/// but unsimulated command apart from a typo.
pub(crate) const ALL_OPERATIONS: &str = "\
    CreateAnomalyMonitor \
    CreateAnomalySubscription \
    CreateCostCategoryDefinition \
    DeleteAnomalyMonitor \
    DeleteAnomalySubscription \
    DeleteCostCategoryDefinition \
    DescribeCostCategoryDefinition \
    GetAnomalies \
    GetAnomalyMonitors \
    GetAnomalySubscriptions \
    GetApproximateUsageRecords \
    GetCostAndUsage \
    GetCostAndUsageWithResources \
    GetCostCategories \
    GetCostForecast \
    GetDimensionValues \
    GetReservationCoverage \
    GetReservationPurchaseRecommendation \
    GetReservationUtilization \
    GetRightsizingRecommendation \
    GetSavingsPlanPurchaseRecommendationDetails \
    GetSavingsPlansCoverage \
    GetSavingsPlansPurchaseRecommendation \
    GetSavingsPlansUtilization \
    GetSavingsPlansUtilizationDetails \
    GetTags \
    GetUsageForecast \
    ListCostAllocationTagBackfillHistory \
    ListCostAllocationTags \
    ListCostCategoryDefinitions \
    ListSavingsPlansPurchaseRecommendationGeneration \
    ListTagsForResource \
    ProvideAnomalyFeedback \
    StartCostAllocationTagBackfill \
    StartSavingsPlansPurchaseRecommendationGeneration \
    TagResource \
    UntagResource \
    UpdateAnomalyMonitor \
    UpdateAnomalySubscription \
    UpdateCostAllocationTagsStatus \
    UpdateCostCategoryDefinition";
