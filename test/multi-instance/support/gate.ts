/**
 * Holds one request inside its handler until the test opens it: `entered` resolves when
 * the handler has reached the gate (its session is loaded), `release()` lets it go on.
 * No timers: the test decides when.
 */
export class Gate {
  readonly entered: Promise<void>;
  readonly opened: Promise<void>;
  private markEntered!: () => void;
  private open!: () => void;

  constructor() {
    this.entered = new Promise((resolve) => (this.markEntered = resolve));
    this.opened = new Promise((resolve) => (this.open = resolve));
  }

  /** Called by the handler: signals arrival, resolves once released. */
  pass(): Promise<void> {
    this.markEntered();
    return this.opened;
  }

  release(): void {
    this.open();
  }
}
