import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

/** AES-256-GCM encryption of secrets at rest: iv (12) | tag (16) | ciphertext. */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** The key from SECRET_KEY (hex or Base64), else a generated key file (mode 0600) in DATA_DIR. */
  static load(dataDir: string, secretKey?: string): SecretBox {
    if (secretKey) {
      const key = /^[0-9a-fA-F]{64}$/.test(secretKey)
        ? Buffer.from(secretKey, "hex")
        : Buffer.from(secretKey, "base64");
      if (key.length !== 32) throw new Error("SECRET_KEY must be 32 bytes");
      return new SecretBox(key);
    }
    const file = path.join(dataDir, "secret.key");
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    try {
      const fd = fs.openSync(file, "wx", 0o600);
      fs.writeSync(fd, crypto.randomBytes(32).toString("hex"));
      fs.closeSync(fd);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) fs.chmodSync(file, 0o600);
    const key = Buffer.from(fs.readFileSync(file, "utf8").trim(), "hex");
    if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte hex key`);
    return new SecretBox(key);
  }

  seal(plain: string, context: string): Buffer {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv("aes-256-gcm", this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, context: string): string {
    const decipher = crypto.createDecipheriv("aes-256-gcm", this.key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString("utf8");
  }
}
