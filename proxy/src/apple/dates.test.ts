import { describe, expect, it } from "vitest";
import { parseAppleDate } from "./dates.js";

const iso = (s: string) => parseAppleDate(s)?.toISOString();

describe("parseAppleDate", () => {
  it("when Apple writes +0000, +02:00, Z, seconds or not, fractions, or stray spaces, then the instant is right", () => {
    expect(iso("2030-11-08T22:33:22+0000")).toBe("2030-11-08T22:33:22.000Z");
    expect(iso("2020-12-31T13:57:19+02:00")).toBe("2020-12-31T11:57:19.000Z");
    expect(iso("2020-12-31T13:57:19+0200")).toBe("2020-12-31T11:57:19.000Z");
    expect(iso("2030-11-08T22:33Z")).toBe("2030-11-08T22:33:00.000Z");
    expect(iso("2030-11-08T22:33:22.25Z")).toBe("2030-11-08T22:33:22.250Z");
    expect(iso("  2030-11-08T22:33:22Z \n")).toBe("2030-11-08T22:33:22.000Z");
    expect(iso("2030-11-08T22:33:22-0530")).toBe("2030-11-09T04:03:22.000Z");
  });

  it("when the text is not exactly such a date, then there is no date", () => {
    for (const s of [
      "x2030-11-08T22:33:22Z",
      "2030-11-08T22:33:22Zjunk",
      "2030-11-08T22:33:22",
      "2030-11-08 22:33:22Z",
      "2030-11-08T22:33:22+5:30",
      "2030-11-08T22:33:22+05:3",
      "2030-11-08T22:33:22*0000",
      "2030-11-08T22:33:22.Z",
      "2030-11-08T22:33:22.aZ",
      "2030-13-40T22:33:22Z",
      "",
    ])
      expect(parseAppleDate(s), s).toBeUndefined();
  });
});
