import { describe, expect, it } from "vitest";
import { retryDelay } from "./deliverer.js";
import { payloadFor, signatureOf, verifySignature, type EventMessage } from "./payloads.js";

const m: EventMessage = {
  event: "alert.fired",
  at: "2026-12-07T13:00:00.000Z",
  title: "Procreate has no licences left at Lincoln High",
  text: "Buy more, or take back licences that are not used.",
  url: "https://console.example.org/l/1/assets/425073498/STDQ",
  data: { rule: "running-out" },
};

describe("webhook payloads", () => {
  it("when the webhook is generic, then the body is the event with the delivery id", () => {
    expect(payloadFor("generic", 7, m)).toEqual({ id: 7, ...m });
  });

  it("when the webhook is Slack's, then text and blocks carry the title and a button to the screen", () => {
    const p = payloadFor("slack", 7, m) as any;
    expect(p.text).toBe(`${m.title}\n${m.text}\n<${m.url}|Open in vpp-console>`);
    expect(p.blocks[0].text).toEqual({ type: "mrkdwn", text: `*${m.title}*\n${m.text}` });
    expect(p.blocks[1].elements[0].url).toBe(m.url);
  });

  it("when the webhook is Teams', then it is an Adaptive Card message with an Open action", () => {
    const p = payloadFor("teams", 7, m) as any;
    expect(p.type).toBe("message");
    const card = p.attachments[0];
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.body.map((b: any) => b.text)).toEqual([m.title, m.text]);
    expect(card.content.actions[0]).toEqual({
      type: "Action.OpenUrl",
      title: "Open in vpp-console",
      url: m.url,
    });
  });
});

describe("signatures", () => {
  const body = JSON.stringify({ id: 1 });
  const now = 1_765_000_000_000;
  const t = Math.floor(now / 1000);

  it("when signed and checked with the same secret and body in time, then it verifies", () => {
    expect(signatureOf("whsec_a", body, t)).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature("whsec_a", body, signatureOf("whsec_a", body, t), now)).toBe(true);
  });

  it("when the secret, the body or the time differ, or the header is malformed, then it does not", () => {
    const sig = signatureOf("whsec_a", body, t);
    expect(verifySignature("whsec_b", body, sig, now)).toBe(false);
    expect(verifySignature("whsec_a", `${body} `, sig, now)).toBe(false);
    expect(verifySignature("whsec_a", body, sig, now + 301_000)).toBe(false);
    expect(verifySignature("whsec_a", body, sig.replace(/^t=\d+/, `t=${t + 1}`), now)).toBe(false);
    expect(verifySignature("whsec_a", body, undefined, now)).toBe(false);
    expect(verifySignature("whsec_a", body, "v1=abc", now)).toBe(false);
  });
});

describe("retry back-off", () => {
  it("when attempts fail, then each wait is three times the last, at most 6 hours", () => {
    expect([1, 2, 3, 4].map((n) => retryDelay(n, 10_000))).toEqual([10_000, 30_000, 90_000, 270_000]);
    expect(retryDelay(20, 10_000)).toBe(6 * 3_600_000);
  });
});
