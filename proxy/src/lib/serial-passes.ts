/**
 * Runs a pass at a time. Asked while one runs, one more follows it (the pass under way read its
 * inputs before what just arrived); every caller's promise ends after the last pass.
 */
export class SerialPasses {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(private readonly pass: () => Promise<void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }

  /** Resolves once a pass under way (and any asked for meanwhile) has ended. */
  idle(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}
