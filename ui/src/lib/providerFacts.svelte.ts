// The provider facts' status as the window shows it (issue 11): "Provider facts checked on
// DATE", the 45-day notice, the unofficial banner, "Check for updates" and the daily
// background check. After an update the catalog (and the draft, whose statuses depend on it)
// is reloaded, so every screen uses the new facts.
import type { AppError, CatalogCheck, CatalogView } from './backend';
import { toAppError } from './backend';
import type { Session } from './session.svelte';

export class ProviderFacts {
  view = $state<CatalogView | null>(null);
  /** Whether "Check for updates" is running. */
  checking = $state(false);
  /** What the last check found (shown under the facts line). */
  result = $state<{ updated: boolean; summary: string[] } | null>(null);
  /** Why the last check failed, in plain words; the facts in use are unchanged then. */
  error = $state<AppError | null>(null);

  constructor(private readonly session: Session) {}

  /** Reads the status (never fails: without it the start screen simply has no facts line). */
  async load(): Promise<void> {
    try {
      this.view = await this.session.api.catalogStatus();
    } catch {
      this.view = null;
    }
  }

  /** "Check for updates": shows what changed or the plain error. */
  async checkNow(): Promise<void> {
    this.checking = true;
    this.error = null;
    this.result = null;
    try {
      const check = await this.session.api.checkCatalogUpdate();
      await this.apply(check);
      this.result = { updated: check.updated, summary: check.summary };
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.checking = false;
    }
  }

  /** The background look, at most once a day (the backend decides); silent when offline. */
  async background(): Promise<void> {
    try {
      const check = await this.session.api.backgroundCatalogCheck();
      if (check) {
        await this.apply(check);
        this.result = { updated: true, summary: check.summary };
      }
    } catch {
      // Offline or any other failure: nothing changes and nothing is shown.
    }
  }

  async setAutoCheck(on: boolean): Promise<void> {
    try {
      this.view = await this.session.api.setCatalogAutoCheck(on);
    } catch (e) {
      this.error = toAppError(e);
    }
  }

  private async apply(check: CatalogCheck): Promise<void> {
    this.view = check.view;
    if (check.updated) {
      const [catalog, draft] = await Promise.all([this.session.api.getCatalog(), this.session.api.getDraft()]);
      this.session.catalog = catalog;
      this.session.draft = draft;
    }
  }
}
