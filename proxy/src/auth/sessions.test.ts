import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openDb, type Db } from "../store/db.js";
import { Sessions } from "./sessions.js";

const HOUR = 3600_000;
let db: Db;
let sessions: Sessions;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2026-01-01T08:00:00Z"), toFake: ["Date"] });
  db = openDb(fs.mkdtempSync(path.join(os.tmpdir(), "vpp-sessions-")));
  db.prepare(
    "INSERT INTO accounts (id, username, password_hash, role, created_at) VALUES (1, 'pat', 'x', 'admin', 0)",
  ).run();
  sessions = new Sessions(db);
});
afterEach(() => {
  vi.useRealTimers();
  db.close();
});

describe("Sessions", () => {
  it("when a session is older than its 12 h lifetime, then it no longer signs anyone in and is deleted", () => {
    const { id } = sessions.create(1);
    vi.setSystemTime(Date.now() + 12 * HOUR - 1);
    expect(sessions.resolve(id)?.username).toBe("pat");
    vi.setSystemTime(Date.now() + 12 * HOUR); // exactly at its (slid) expiry
    expect(sessions.resolve(id)).toBeUndefined();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sessions").get()).toEqual({ n: 0 });
  });

  it("when a session is used, then its 12 h slide from that use", () => {
    const { id } = sessions.create(1);
    for (let i = 0; i < 5; i++) {
      vi.setSystemTime(Date.now() + 11 * HOUR);
      expect(sessions.resolve(id)?.role).toBe("admin");
    }
    const row = db.prepare("SELECT expires_at AS e, last_seen_at AS s FROM sessions").get() as {
      e: number;
      s: number;
    };
    expect(row).toEqual({ s: Date.now(), e: Date.now() + 12 * HOUR });
  });

  it("when sessions are revoked or purged, then exactly those stop working", () => {
    const a = sessions.create(1);
    const b = sessions.create(1);
    sessions.revoke(a.id);
    expect(sessions.resolve(a.id)).toBeUndefined();
    expect(sessions.resolve(b.id)?.username).toBe("pat");
    const c = sessions.create(1);
    vi.setSystemTime(Date.now() + 12 * HOUR);
    sessions.purgeExpired();
    expect(db.prepare("SELECT COUNT(*) AS n FROM sessions").get()).toEqual({ n: 0 });
    expect(sessions.resolve(c.id)).toBeUndefined();
    const d = sessions.create(1);
    sessions.revokeAccount(1);
    expect(sessions.resolve(d.id)).toBeUndefined();
  });

  it("when a session is used without a break for longer than its 7 day cap, then it ends at the cap all the same", () => {
    const { id, expiresAt } = sessions.create(1);
    expect(expiresAt).toBe(Date.now() + 7 * 24 * HOUR); // the cookie's expiry: the hard end
    const end = expiresAt;
    while (Date.now() + 11 * HOUR < end) {
      vi.setSystemTime(Date.now() + 11 * HOUR);
      expect(sessions.resolve(id)?.username).toBe("pat");
    }
    const row = db.prepare("SELECT expires_at AS e FROM sessions").get() as { e: number };
    expect(row.e).toBe(end); // the slide stops at the cap
    vi.setSystemTime(end);
    expect(sessions.resolve(id)).toBeUndefined();
  });

  it("when the lifetime is set shorter, then sessions idle out and end by those settings", () => {
    const short = new Sessions(db, { idleMs: 30 * 60_000, maxMs: 2 * HOUR });
    const a = short.create(1);
    vi.setSystemTime(Date.now() + 30 * 60_000 - 1);
    expect(short.resolve(a.id)?.username).toBe("pat");
    vi.setSystemTime(Date.now() + 30 * 60_000);
    expect(short.resolve(a.id)).toBeUndefined();
    const b = short.create(1);
    for (let i = 0; i < 5; i++) {
      vi.setSystemTime(Date.now() + 20 * 60_000);
      expect(short.resolve(b.id)?.username).toBe("pat");
    }
    vi.setSystemTime(Date.now() + 20 * 60_000); // 2 h after sign-in, used every 20 min
    expect(short.resolve(b.id)).toBeUndefined();
  });

  it("when an account signs out everywhere, then all its sessions end, another account's stay, and the count is told", () => {
    db.prepare(
      "INSERT INTO accounts (id, username, password_hash, role, created_at) VALUES (2, 'sam', 'x', 'viewer', 0)",
    ).run();
    const mine = [sessions.create(1), sessions.create(1), sessions.create(1)];
    const theirs = sessions.create(2);
    expect(sessions.revokeAccount(1)).toBe(3);
    for (const s of mine) expect(sessions.resolve(s.id)).toBeUndefined();
    expect(sessions.resolve(theirs.id)?.username).toBe("sam");
    expect(sessions.revokeAccount(1)).toBe(0);
  });

  it("when an id is unknown, then nobody is signed in", () => {
    sessions.create(1);
    expect(sessions.resolve("not-a-session")).toBeUndefined();
  });
});
