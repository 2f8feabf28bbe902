// Updates of the app itself (issue 14): "Check for app updates" asks the update server; when a
// newer version is offered the window shows its version and notes, and only the user's
// "Install and restart" installs it. A server that cannot be reached is a quiet line.
import type { AppError, Backend, UpdateCheck } from './backend';
import { toAppError } from './backend';

export class AppUpdate {
  /** What the last check found. */
  check = $state<UpdateCheck | null>(null);
  checking = $state(false);
  installing = $state(false);
  /** Why the install did not happen, in plain words. */
  error = $state<AppError | null>(null);

  constructor(private readonly api: Backend) {}

  async checkNow(): Promise<void> {
    this.checking = true;
    this.error = null;
    try {
      this.check = await this.api.checkForUpdate();
    } catch (e) {
      this.check = { kind: 'unreachable', message: toAppError(e).message };
    } finally {
      this.checking = false;
    }
  }

  /** Installs the version shown (the one the user agreed to); the app restarts when done. */
  async install(): Promise<void> {
    if (this.check?.kind !== 'available') return;
    this.installing = true;
    this.error = null;
    try {
      await this.api.installUpdate(this.check.version);
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.installing = false;
    }
  }
}
