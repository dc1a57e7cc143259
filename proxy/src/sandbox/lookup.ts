import express, { type Router } from "express";
import type { LookupItem, LookupResponse } from "../apple/types.js";
import { TargetKind } from "./assignment-store.js";
import { CATALOG, type CatalogItem } from "./catalog.js";
import { originOf } from "./routes.js";
import type { SandboxState } from "./state.js";

const byId = new Map(CATALOG.map((c) => [c.adamId, c]));

function escapeXml(s: string): string {
  return s.replace(/[<>&'"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function initials(name: string): string {
  const words = name
    .replace(/[^\p{L}\p{N} ]/gu, " ")
    .split(/\s+/)
    .filter(Boolean);
  return (words.length > 1 ? (words[0]?.[0] ?? "") + (words[1]?.[0] ?? "") : name.slice(0, 2)).toUpperCase();
}

/** A generated icon: rounded square for apps, a cover for books. */
export function artworkSvg(item: CatalogItem, size: number): string {
  const label = escapeXml(initials(item.name));
  const title = escapeXml(item.name);
  if (item.productType === "Book") {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100"><title>${title}</title><rect x="18" y="4" width="64" height="92" rx="4" fill="${item.color}"/><rect x="18" y="4" width="8" height="92" fill="#000" opacity="0.2"/><text x="54" y="58" font-family="Georgia,serif" font-size="24" fill="#fff" text-anchor="middle">${label}</text></svg>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100"><title>${title}</title><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff" stop-opacity="0.25"/><stop offset="1" stop-color="#000" stop-opacity="0.1"/></linearGradient></defs><rect width="100" height="100" rx="22" fill="${item.color}"/><rect width="100" height="100" rx="22" fill="url(#g)"/><text x="50" y="62" font-family="-apple-system,Helvetica,Arial,sans-serif" font-size="34" font-weight="600" fill="#fff" text-anchor="middle">${label}</text></svg>`;
}

function lookupItem(item: CatalogItem, base: string): LookupItem {
  const families =
    item.productType === "Book"
      ? []
      : [
          ...(item.platforms.includes("iOS") ? ["iphone", "ipad"] : []),
          ...(item.platforms.includes("macOS") ? ["mac"] : []),
        ];
  return {
    id: item.adamId,
    name: item.name,
    ...(item.bundleId ? { bundleId: item.bundleId } : {}),
    artistName: item.artist,
    kind:
      item.productType === "Book" ? "ebook" : item.platforms.includes("iOS") ? "iosSoftware" : "desktopApp",
    deviceFamilies: families,
    isB2BCustomApp: !!item.customApp,
    artwork: {
      url: `${base}/artwork/${item.adamId}/{w}x{h}bb.{f}`,
      width: 512,
      height: 512,
      bgColor: item.color.slice(1),
    },
  };
}

/** The legacy contentMetadataLookup (apple-v2-api.md §10.1), its artwork, and invitations. */
export function lookupRoutes(state: SandboxState): Router {
  const r = express.Router();

  r.get("/lookup", (req, res) => {
    const ids = String(req.query.id ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    // Custom B2B apps are visible only with the itvt cookie carrying a known token.
    const itvt = /(?:^|;\s*)itvt=([^;]+)/.exec(req.get("cookie") ?? "")?.[1];
    const authenticated = itvt !== undefined && state.tokens.has(decodeURIComponent(itvt));
    const base = originOf(req);
    const results: Record<string, LookupItem> = {};
    for (const id of ids) {
      const item = byId.get(id);
      if (!item || (item.customApp && !authenticated)) continue;
      results[id] = lookupItem(item, base);
    }
    const body: LookupResponse = {
      results,
      version: 2,
      isAuthenticated: false,
      meta: { storefront: { id: "143441", cc: "US" }, language: { tag: "en-us" } },
    };
    res.json(body);
  });

  r.get("/artwork/:adamId/:spec", (req, res) => {
    const item = byId.get(req.params.adamId);
    const size = Number(/^(\d+)x\d+/.exec(req.params.spec)?.[1] ?? 512);
    if (!item || !Number.isFinite(size)) return void res.status(404).end();
    res.setHeader("Cache-Control", "public, max-age=86400");
    res.type("image/svg+xml").send(artworkSvg(item, Math.min(Math.max(size, 16), 1024)));
  });

  // The invitationEmail URL: accepting an invitation associates the user (USER_ASSOCIATED).
  r.get("/invite", (req, res) => {
    const code = String(req.query.inviteCode ?? "");
    for (const loc of state.locations.values()) {
      const user = [...loc.activeUsers.values()].find((u) => u.inviteCode === code);
      if (user) {
        acceptInvitation(state, loc.uId, user.clientUserId);
        return void res.type("text/plain").send("Invitation accepted.");
      }
    }
    res.status(404).type("text/plain").send("Unknown invitation.");
  });
  return r;
}

/** Registered → Associated, with a new idHash, and a USER_ASSOCIATED notification. */
export function acceptInvitation(state: SandboxState, uId: string, clientUserId: string): boolean {
  const loc = state.locations.get(uId);
  const user = loc?.activeUsers.get(clientUserId);
  if (!loc || !user || user.status !== "Registered") return false;
  user.status = "Associated";
  user.idHash = Buffer.from(crypto.getRandomValues(new Uint8Array(20))).toString("base64");
  loc.touchUser(user);
  loc.targets.intern(TargetKind.User, clientUserId);
  loc.commit();
  state.notifier.send(loc, "USER_ASSOCIATED", {
    associatedUsers: [
      {
        clientUserId,
        ...(user.email ? { email: user.email } : {}),
        idHash: user.idHash,
        ...(user.inviteCode ? { inviteCode: user.inviteCode } : {}),
        status: "Associated",
      },
    ],
  });
  return true;
}
