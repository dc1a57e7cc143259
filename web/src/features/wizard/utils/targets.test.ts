import { describe, expect, it } from "vitest";
import { parseTargets } from "./targets";

describe("parseTargets", () => {
  it("when serials are pasted one per line with blanks and repeats, then they are de-duplicated", () => {
    const r = parseTargets("DMPXK2ABCDE1\n\nF9FZZ0000001\nDMPXK2ABCDE1\n", "serialNumbers");
    expect(r).toMatchObject({
      targets: ["DMPXK2ABCDE1", "F9FZZ0000001"],
      duplicates: 1,
      invalid: [],
      headerSkipped: false,
    });
  });

  it("when a serial is pasted in lower case and again in upper case, then it is one device", () => {
    const r = parseTargets(" dmpxk2abcde1 \nDMPXK2ABCDE1\nf9fzz0000001", "serialNumbers");
    expect(r).toMatchObject({ targets: ["DMPXK2ABCDE1", "F9FZZ0000001"], duplicates: 1, invalid: [] });
  });

  it("when clientUserIds differ only in case, then both are kept (Apple's ids are the MDM's, case and all)", () => {
    expect(parseTargets("ab-1\nAB-1", "clientUserIds").targets).toEqual(["ab-1", "AB-1"]);
  });

  it("when a CSV has a header and several columns, then the serial column is taken", () => {
    const csv = 'Name,Serial Number,Room\n"Ava, iPad",DMPXK2ABCDE1,12\nLeo,F9FZZ0000001,14\n';
    expect(parseTargets(csv, "serialNumbers")).toMatchObject({
      targets: ["DMPXK2ABCDE1", "F9FZZ0000001"],
      headerSkipped: true,
    });
  });

  it("when values are semicolon separated on one line, then each is a target", () => {
    expect(parseTargets("u-1;u-2;u-3", "clientUserIds").targets).toEqual(["u-1", "u-2", "u-3"]);
  });

  it("when lines are wrong, then each is listed with its line number and reason, and nothing else is lost", () => {
    const r = parseTargets("serialNumber\nDMPXK2ABCDE1\nnot a serial!\nF9\nF9FZZ0000001", "serialNumbers");
    expect(r.targets).toEqual(["DMPXK2ABCDE1", "F9FZZ0000001"]);
    expect(r.invalid.map((i) => [i.line, i.value])).toEqual([
      [3, "not a serial!"],
      [4, "F9"],
    ]);
  });

  it("when a file starts with a byte-order mark, then the first value is still read", () => {
    expect(parseTargets("\uFEFFDMPXK2ABCDE1\r\nF9FZZ0000001\r\n", "serialNumbers").targets).toEqual([
      "DMPXK2ABCDE1",
      "F9FZZ0000001",
    ]);
  });

  it("when a clientUserId holds spaces, then it is refused", () => {
    expect(parseTargets("good-id\nbad id", "clientUserIds").invalid).toEqual([
      { line: 2, value: "bad id", reason: "contains spaces or control characters" },
    ]);
  });
});
