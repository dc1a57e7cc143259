import { describe, expect, it } from "vitest";
import { DUMMY_HASH, hashPassword, verifyPassword } from "./passwords.js";

describe("passwords", () => {
  it("when a password is hashed, then scrypt N=2^15 r=8 p=1 is stored, and only that password verifies", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(stored); // a fresh salt each time
  });

  it("when the stored hash is not a complete scrypt record, then nothing verifies", async () => {
    const stored = await hashPassword("pw");
    const parts = stored.split("$");
    for (let i = 0; i < parts.length; i++) {
      const broken = parts.map((p, j) => (j === i ? "" : p)).join("$");
      expect(await verifyPassword("pw", broken), `part ${i} empty`).toBe(false);
    }
    expect(await verifyPassword("pw", stored.replace(/^scrypt/, "bcrypt"))).toBe(false);
    expect(await verifyPassword("pw", "")).toBe(false);
  });

  it("when a user does not exist, then the dummy hash is a real scrypt record that nothing matches", async () => {
    expect(await verifyPassword("", DUMMY_HASH)).toBe(false);
    expect(await verifyPassword("anything", DUMMY_HASH)).toBe(false);
  });
});
