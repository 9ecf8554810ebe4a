// CloudWatch › Alarms: the alarms (DescribeAlarms) with their state,
// conditions and actions as the console writes them; the selected alarm's
// details and history (DescribeAlarmHistory); Delete (DeleteAlarms).

import { code, detailTable, facts, stateBadge } from "./cells.js";
import { actionLabel, alarmActions, alarmCondition, alarmStateLabel } from "./cloudwatch.js";
import { openDialog } from "./dialog.js";
import { h } from "./dom.js";
import { formatTime } from "./format.js";
import { readAll } from "./reads.js";
import { tabbedPanel } from "./tabs.js";

const TABS = [["details", "Details"], ["history", "History"]];

const alarmState = (alarm) => stateBadge(alarm.StateValue, null, alarmStateLabel(alarm.StateValue));

/** The alarm's actions, one per line, each with the state that triggers it. */
function actionsCell(alarm) {
  const actions = alarmActions(alarm);
  if (actions.length === 0) return "No actions";
  return h("ul", { class: "cell-list" }, actions.map(([state, arn]) => h("li", { title: arn },
    `${alarmStateLabel(state)}: ${actionLabel(arn)}`)),
  alarm.ActionsEnabled === false && h("li", { class: "muted" }, "Actions disabled"));
}

const PANES = {
  details: (alarm) => facts([
    ["State", alarmState(alarm)],
    ["State reason", alarm.StateReason],
    ["State changed (UTC)", formatTime(alarm.StateTransitionedTimestamp ?? alarm.StateUpdatedTimestamp)],
    ["Conditions", alarmCondition(alarm)],
    ["Namespace", alarm.Namespace],
    ["Metric name", alarm.MetricName],
    ["Dimensions", (alarm.Dimensions ?? []).map((d) => `${d.Name} = ${d.Value}`).join(", ") || undefined],
    ["Statistic", alarm.Statistic ?? alarm.ExtendedStatistic],
    ["Period", alarm.Period === undefined ? undefined : `${alarm.Period} seconds`],
    ["Missing data treatment", alarm.TreatMissingData ?? "missing"],
    ["Actions", actionsCell(alarm)],
    ["ARN", code(alarm.AlarmArn)],
  ]),
  history: (_alarm, history) => detailTable("Alarm history", ["Date (UTC)", "Type", "Description"],
    history.map((item) => [formatTime(item.Timestamp), item.HistoryItemType, item.HistorySummary]),
    "No history yet."),
};

/** The Alarms table (see console-views.js for what a table view is). */
export const ALARMS = {
  load: (read, { selected }) => ({
    rows: readAll(read, "cloudwatch", "DescribeAlarms", {}, "MetricAlarms"),
    history: selected ? readAll(read, "cloudwatch", "DescribeAlarmHistory", { AlarmName: selected }, "AlarmHistoryItems") : [],
  }),
  empty: "No alarms. Create one from the terminal with aws cloudwatch put-metric-alarm.",
  key: (a) => a.AlarmName,
  columns: [
    ["Name", (a) => a.AlarmName],
    ["State", alarmState],
    ["Last state update (UTC)", (a) => formatTime(a.StateUpdatedTimestamp)],
    ["Conditions", (a) => alarmCondition(a)],
    ["Actions", actionsCell],
  ],
  details: (alarm, data, ui) => tabbedPanel({
    prefix: "alarm", title: `Alarm: ${alarm.AlarmName}`, label: "Alarm details", tabs: TABS, current: ui.tab, onSelect: ui.onTab,
  }, (tab) => PANES[tab](alarm, data.history)),
};

/** The Alarms view's toolbar: Delete. */
export class AlarmActions {
  #call;
  #report;

  /** `call(service, action, params)` changes the world; `report(text, isError)` tells the outcome. */
  constructor({ call, report }) {
    this.#call = call;
    this.#report = report;
  }

  /** The toolbar for `alarm` (none selected: disabled). */
  toolbar(alarm) {
    return h("div", { class: "toolbar", role: "toolbar", "aria-label": "Alarm actions" },
      h("button", {
        type: "button", class: "secondary-button danger", "data-action": "deleteAlarm", disabled: !alarm, onclick: () => this.#delete(alarm),
      }, "Delete"));
  }

  #delete(alarm) {
    openDialog("Delete alarm?", [h("p", {}, "Are you sure that you want to delete the alarm ", h("code", {}, alarm.AlarmName), "?")],
      [["Delete", (close) => {
        this.#call("cloudwatch", "DeleteAlarms", { AlarmNames: [alarm.AlarmName] });
        close();
        this.#report(`Successfully deleted alarm ${alarm.AlarmName}.`, false);
      }, "danger"]]);
  }
}
