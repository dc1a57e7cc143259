import type { Failure, Outcome } from "../api-types.js";
import type { Db } from "../store/db.js";

/** Revoke: each target's revocable licences before the job ("s:SERIAL" / "u:ID" → ["adamId:STDQ"]). */
export type Holdings = Record<string, string[]>;

/** What is known of a job's targets beyond its chunks' states, each row written as it is learnt. */
export class JobEvidence {
  constructor(private readonly db: Db) {}

  addFailures(jobId: string, seq: number, failures: Omit<Failure, "seq">[]): void {
    const insert = this.db.prepare(
      "INSERT INTO job_failures (job_id, seq, error_number, error_message, adam_id, pricing_param, serial_number, client_user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    for (const f of failures)
      insert.run(
        jobId,
        seq,
        f.errorNumber,
        f.errorMessage,
        f.adamId,
        f.pricingParam,
        f.serialNumber,
        f.clientUserId,
      );
  }

  setHoldings(jobId: string, bySeq: Map<number, Holdings>): void {
    const update = this.db.prepare("UPDATE job_chunks SET holdings_before = ? WHERE job_id = ? AND seq = ?");
    this.db.transaction(() => {
      for (const [seq, h] of bySeq) update.run(JSON.stringify(h), jobId, seq);
    })();
  }

  holdings(jobId: string, seq: number): Holdings | undefined {
    const r = this.db
      .prepare("SELECT holdings_before AS h FROM job_chunks WHERE job_id = ? AND seq = ?")
      .get(jobId, seq) as { h: string | null } | undefined;
    return r?.h ? (JSON.parse(r.h) as Holdings) : undefined;
  }

  addOutcomes(jobId: string, rows: Omit<Outcome, "seq">[], seq: number): void {
    const insert = this.db.prepare(
      "INSERT INTO job_outcomes (job_id, seq, outcome, adam_id, pricing_param, serial_number, client_user_id, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    );
    this.db.transaction(() => {
      for (const o of rows)
        insert.run(jobId, seq, o.outcome, o.adamId, o.pricingParam, o.serialNumber, o.clientUserId, o.count);
    })();
  }

  outcomes(jobId: string): Outcome[] {
    return this.db
      .prepare(
        `SELECT seq, outcome, adam_id AS adamId, pricing_param AS pricingParam, serial_number AS serialNumber,
           client_user_id AS clientUserId, count FROM job_outcomes WHERE job_id = ? ORDER BY id`,
      )
      .all(jobId) as Outcome[];
  }

  failureCount(jobId: string): number {
    return (
      this.db.prepare("SELECT COUNT(*) AS n FROM job_failures WHERE job_id = ?").get(jobId) as { n: number }
    ).n;
  }

  failures(jobId: string): Failure[] {
    return this.db
      .prepare(
        `SELECT seq, error_number AS errorNumber, error_message AS errorMessage, adam_id AS adamId, pricing_param AS pricingParam,
           serial_number AS serialNumber, client_user_id AS clientUserId FROM job_failures WHERE job_id = ? ORDER BY id`,
      )
      .all(jobId) as Failure[];
  }
}
