import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SecretBox } from "./secret-box.js";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "vpp-box-"));
const HEX = "0123456789abcdef".repeat(4);

describe("SecretBox", () => {
  it("when a secret is sealed, then it opens with the same key and context, and the sealed bytes hold no clear text", () => {
    const box = SecretBox.load(tmp(), HEX);
    const sealed = box.seal("eyJ0b2tlbiI6InNlY3JldCJ9", "location:1");
    expect(sealed.length).toBe(12 + 16 + 24);
    expect(sealed.toString("utf8")).not.toContain("eyJ0b2tlbiI6");
    expect(box.open(sealed, "location:1")).toBe("eyJ0b2tlbiI6InNlY3JldCJ9");
    // A fresh IV each time: the same secret never seals to the same bytes.
    expect(box.seal("same", "c").equals(box.seal("same", "c"))).toBe(false);
  });

  it("when the context, the key or a byte differs, then opening fails instead of returning garbage", () => {
    const box = SecretBox.load(tmp(), HEX);
    const sealed = box.seal("secret", "location:1");
    expect(() => box.open(sealed, "location:2")).toThrow();
    expect(() => SecretBox.load(tmp(), "f".repeat(64)).open(sealed, "location:1")).toThrow();
    for (const at of [0, 12, 30]) {
      const bent = Buffer.from(sealed);
      bent[at] = (bent[at] as number) ^ 1;
      expect(() => box.open(bent, "location:1"), `byte ${at}`).toThrow();
    }
  });

  it("when SECRET_KEY is hex or Base64 of 32 bytes, then both keys are the same key", () => {
    const base64 = Buffer.from(HEX, "hex").toString("base64");
    const sealed = SecretBox.load(tmp(), HEX).seal("x", "c");
    expect(SecretBox.load(tmp(), base64).open(sealed, "c")).toBe("x");
    expect(() => SecretBox.load(tmp(), Buffer.alloc(16).toString("base64"))).toThrow(
      "SECRET_KEY must be 32 bytes",
    );
  });

  it("when no key is given, then a key file is made once with mode 0600 and reused", () => {
    const dir = tmp();
    const sealed = SecretBox.load(dir).seal("x", "c");
    const file = path.join(dir, "secret.key");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, "utf8")).toMatch(/^[0-9a-f]{64}$/);
    expect(SecretBox.load(dir).open(sealed, "c")).toBe("x");
    fs.chmodSync(file, 0o644);
    SecretBox.load(dir);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.writeFileSync(file, "abcd");
    expect(() => SecretBox.load(dir)).toThrow("does not hold a 32-byte hex key");
  });
});

describe("SecretBox keys", () => {
  it("when SECRET_KEY is 64 hex digits with anything around them, then it is not read as hex", () => {
    expect(() => SecretBox.load(tmp(), `${HEX}00`)).toThrow("SECRET_KEY must be 32 bytes");
    expect(() => SecretBox.load(tmp(), `00${HEX}`)).toThrow("SECRET_KEY must be 32 bytes");
  });

  it("when the key file holds the key with spaces or a newline around it (an operator's editor), then it is read", () => {
    const dir = tmp();
    const sealed = SecretBox.load(dir).seal("x", "c");
    const file = path.join(dir, "secret.key");
    fs.writeFileSync(file, `  ${fs.readFileSync(file, "utf8")}\n`);
    expect(SecretBox.load(dir).open(sealed, "c")).toBe("x");
  });
});
