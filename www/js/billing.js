// The pure parts of the cost meter and the Billing view: how amounts and
// rates are written, the month's name, the order of the tables' rows and
// which console view shows a billed resource. No DOM here, so Node tests
// can load it.

const DOLLARS = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const FRACTIONS = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 4, maximumFractionDigits: 4 });
const MONTH = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "long", year: "numeric" });

/** The smallest amount written with four decimals; less is "<$0.0001". */
const SMALLEST = 0.00005;

/**
 * `dollars` as the console writes money, with enough decimals that a
 * single t2.micro's cost visibly moves: four under a dollar (`$0.0116`),
 * two from a dollar up (`$1.24`, `$1,024.00`); nothing at all is `$0.00`,
 * and a positive amount that would round to nothing is `<$0.0001`.
 */
export function formatMoney(dollars) {
  if (!Number.isFinite(dollars) || dollars === 0) return "$0.00";
  if (dollars < SMALLEST) return "<$0.0001";
  // Decided on the rounded value, so $0.99996 is $1.00, not $1.0000.
  return Math.round(dollars * 10_000) < 10_000 ? FRACTIONS.format(dollars) : DOLLARS.format(dollars);
}

/** A rate per hour: `$0.0166/h`. */
export function formatRate(dollarsPerHour) {
  return `${formatMoney(dollarsPerHour)}/h`;
}

/** Sandbox.costs()'s `month` (`2025-06`) as `June 2025`; anything else as it is. */
export function monthName(month) {
  const match = /^(\d{4})-(\d{2})$/.exec(month ?? "");
  if (!match) return month ?? "";
  return MONTH.format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/**
 * Cost rows (`{ ratePerHour, total }` and an `id` or `service`), highest
 * rate first: what costs most right now leads. Equal rates go by total,
 * then by name, so the order never depends on the core's.
 */
export function byRate(rows) {
  const name = (row) => row.id ?? row.service ?? "";
  return [...rows].sort((a, b) =>
    b.ratePerHour - a.ratePerHour || b.total - a.total || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/** Console views by the prefix of the ids they list. */
const VIEWS = [
  ["i-", "instances"],
  ["vol-", "volumes"],
  ["snap-", "snapshots"],
];

/** The views show us-east-1 (the page's region). */
const PAGE_REGION = "us-east-1";

/**
 * The console view that lists the billed `resource` (`{ id, region }`):
 * `instances`, `volumes` or `snapshots`; null for what no view lists
 * (Elastic IP allocations) and for other regions.
 */
export function resourceView(resource) {
  if (resource.region !== PAGE_REGION) return null;
  return VIEWS.find(([prefix]) => resource.id.startsWith(prefix))?.[1] ?? null;
}

/**
 * What `resource` is, as the core describes it (`gp3 volume storage`),
 * with the size of a volume that still exists (`volumes` from
 * DescribeVolumes), since a volume is billed by its size.
 */
export function resourceWhat(resource, volumes) {
  const volume = resourceView(resource) === "volumes" && volumes.find((v) => v.VolumeId === resource.id);
  return volume ? `${resource.what}, ${volume.Size} GiB` : resource.what;
}
