import type { Reclaim, ReclaimRule } from "../api/reclaim";

/** A reclaim's state in words and a colour that passes contrast on both schemes. */
export function reclaimLook(r: Reclaim): { label: string; color: string } {
  switch (r.state) {
    case "awaiting-approval":
      return { label: "Waiting for a second admin", color: "orange" };
    case "scheduled":
      return { label: r.runAt ? "Scheduled" : "Starting", color: "blue" };
    case "cancelled":
      return { label: "Cancelled", color: "gray" };
    case "refused":
      return { label: "Refused: the data moved", color: "red" };
    case "started":
      return r.progress && r.progress.jobsDone < r.progress.jobs
        ? { label: "Running", color: "blue" }
        : { label: "Finished", color: "green" };
  }
}

/** What a rule looks for, in a sentence. */
export function ruleWords(rule: ReclaimRule, listName: (id: string) => string): string {
  const q = rule.query;
  switch (q.kind) {
    case "not-in-inventory":
      return `Devices not in the inventory “${listName(q.listId)}”`;
    case "not-seen":
      return `Devices the inventory “${listName(q.listId)}” last saw over ${q.days} days ago`;
    case "retired-users":
      return "Users Apple has as retired or deleted";
    case "not-in-roster":
      return q.group
        ? `Users not in the group “${q.group}”`
        : `Users not in the roster “${listName(q.listId ?? "")}”`;
    case "unused-titles":
      return `Titles with licences nobody took for ${q.days} days (a report)`;
    case "few-holders":
      return `Titles held by fewer than ${q.below}`;
  }
}

export const scheduleWords = (rule: ReclaimRule) =>
  rule.schedule === "off"
    ? "On demand"
    : `${rule.schedule === "daily" ? "Daily" : "Weekly"} dry run${rule.autoRun ? ", then takes back automatically" : ""}`;
