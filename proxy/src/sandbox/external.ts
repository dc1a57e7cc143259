import type { Assignment, ResponseUser } from "../apple/types.js";
import { TargetKind } from "./assignment-store.js";
import { toResponseUser, type AssetRecord, type SandboxLocation } from "./location.js";
import { createRng } from "./prng.js";
import type { SandboxState } from "./state.js";

export interface ExternalChanges {
  assign: number;
  unassign: number;
  registerUsers: number;
  retireUsers: number;
  notify: boolean;
  seed: number;
}

/**
 * Changes made behind the console's back (Apple School Manager, another client, a purchase's
 * side effects): licences given to new devices, licences taken back, users registered and retired.
 * One new versionId per data set, like one batch of Apple's work.
 */
export function applyExternalChanges(state: SandboxState, loc: SandboxLocation, c: ExternalChanges) {
  const rng = createRng(c.seed);
  const added: Assignment[] = [];
  const removed: Assignment[] = [];
  const assignable = loc.assets
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => a.deviceAssignable && (a.unlimited || a.totalCount > a.assignedCount));
  for (let n = 0; n < c.assign && assignable.length > 0;) {
    const { a, i } = rng.pick(assignable);
    if (!a.unlimited && a.totalCount <= a.assignedCount) continue;
    const serial = `EXT${rng.hex(9).toUpperCase()}`;
    if (loc.assign(i, loc.serialTarget(serial))) {
      added.push({ adamId: a.adamId, pricingParam: a.pricingParam, serialNumber: serial });
      n++;
    }
  }
  const s = loc.store;
  const rows = s.select(() => true);
  const picked = new Set<number>();
  while (picked.size < Math.min(c.unassign, rows.length))
    picked.add(rows[rng.int(0, rows.length - 1)] as number);
  for (const row of picked) {
    const a = loc.assets[s.asset[row] as number] as AssetRecord;
    const t = s.target[row] as number;
    const name = loc.targets.name(t);
    removed.push({
      adamId: a.adamId,
      pricingParam: a.pricingParam,
      ...(loc.targets.kind(t) === TargetKind.Serial ? { serialNumber: name } : { clientUserId: name }),
    });
    loc.unassign(s.asset[row] as number, t);
  }
  const users: ResponseUser[] = [];
  for (let n = 0; n < c.registerUsers; n++) {
    users.push(
      toResponseUser(
        loc.addUser({
          clientUserId: rng.uuid(),
          email: `ext${rng.hex(6)}@example.edu`,
          status: "Registered",
          inviteCode: rng.hex(32),
        }),
      ),
    );
  }
  const active = [...loc.activeUsers.values()];
  for (let n = 0; n < Math.min(c.retireUsers, active.length); n++) {
    const u = active[n] as (typeof active)[number];
    // Retiring frees the user's revocable licences, whoever asks (as the sandbox's own RETIRE does).
    const t = loc.targets.find(TargetKind.User, u.clientUserId);
    if (t !== undefined)
      for (const [a, target] of loc.revocableOf(new Set([t]))) {
        const asset = loc.assets[a] as AssetRecord;
        removed.push({
          adamId: asset.adamId,
          pricingParam: asset.pricingParam,
          clientUserId: u.clientUserId,
        });
        loc.unassign(a, target);
      }
    u.status = "Retired";
    delete u.inviteCode;
    loc.touchUser(u);
    users.push(toResponseUser(u));
  }
  loc.commit();
  if (c.notify) {
    const send = (type: "ASSOCIATE" | "DISASSOCIATE", list: Assignment[]) => {
      for (let i = 0; i < list.length; i += 100)
        state.notifier.send(loc, "ASSET_MANAGEMENT", {
          assignments: list.slice(i, i + 100),
          eventId: crypto.randomUUID(),
          result: "SUCCESS",
          type,
        });
    };
    send("ASSOCIATE", added);
    send("DISASSOCIATE", removed);
    for (let i = 0; i < users.length; i += 100)
      state.notifier.send(loc, "USER_MANAGEMENT", {
        eventId: crypto.randomUUID(),
        result: "SUCCESS",
        type: "UPDATE",
        users: users.slice(i, i + 100),
      });
  }
  return { added: added.length, removed: removed.length, usersChanged: users.length };
}
