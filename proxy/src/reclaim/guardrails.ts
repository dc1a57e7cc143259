import type { Guardrails } from "../contract/reclaim.js";
import { getSetting, setSetting, type Db } from "../store/db.js";

const KEY = "reclaim.guardrails";

export const DEFAULT_GUARDRAILS: Guardrails = {
  confirmAbove: 50,
  approvalAbove: 500,
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC",
};

/** The reclaim guardrails as an admin set them in Settings (defaults until then). */
export function readGuardrails(db: Db): Guardrails {
  const raw = getSetting(db, KEY);
  return raw ? { ...DEFAULT_GUARDRAILS, ...(JSON.parse(raw) as Partial<Guardrails>) } : DEFAULT_GUARDRAILS;
}

export function writeGuardrails(db: Db, g: Guardrails): void {
  setSetting(db, KEY, JSON.stringify(g));
}
