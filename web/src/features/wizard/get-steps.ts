import type { JobType } from "../../lib/api/jobs";
import type { TargetKind } from "./utils/targets";

export type WizardAction =
  | "assign-devices"
  | "assign-users"
  | "unassign-devices"
  | "unassign-users"
  | "revoke-devices"
  | "revoke-users";

export const ACTIONS: Record<WizardAction, { label: string; help: string; type: JobType; kind: TargetKind }> =
  {
    "assign-devices": {
      label: "Assign to devices",
      help: "Give apps to iPads and Macs by serial number; no Apple Account needed.",
      type: "associate",
      kind: "serialNumbers",
    },
    "assign-users": {
      label: "Assign to users",
      help: "Give apps or books to people by their clientUserId.",
      type: "associate",
      kind: "clientUserIds",
    },
    "unassign-devices": {
      label: "Unassign from devices",
      help: "Take chosen apps back from devices. Apps stop working after 30 days.",
      type: "disassociate",
      kind: "serialNumbers",
    },
    "unassign-users": {
      label: "Unassign from users",
      help: "Take chosen apps back from people. Books cannot be taken back.",
      type: "disassociate",
      kind: "clientUserIds",
    },
    "revoke-devices": {
      label: "Revoke everything from devices",
      help: "Take every revocable licence back from these devices.",
      type: "revoke",
      kind: "serialNumbers",
    },
    "revoke-users": {
      label: "Revoke everything from users",
      help: "Take every revocable licence back from these people (a graduating class).",
      type: "revoke",
      kind: "clientUserIds",
    },
  };

export type StepId = "action" | "assets" | "targets" | "review";

/** The wizard's steps as data: revoking needs no asset choice. */
export function getSteps(action: WizardAction | undefined): { id: StepId; label: string }[] {
  return [
    { id: "action", label: "Action" },
    ...(action && ACTIONS[action].type === "revoke"
      ? []
      : [{ id: "assets" as const, label: "Apps and books" }]),
    {
      id: "targets",
      label: ACTIONS[action ?? "assign-devices"].kind === "serialNumbers" ? "Devices" : "Users",
    },
    { id: "review", label: "Review" },
  ];
}
