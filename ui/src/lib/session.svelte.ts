// The app's shared state: the catalog and the current deployment's draft, kept in sync with the
// backend. Every edit goes to the backend, which checks it and saves it once typing pauses (or
// at once when the field is left); the draft it returns (with fresh findings) replaces ours
// unless a newer one arrived first (each draft carries a growing revision).
import { getContext, setContext } from 'svelte';
import type {
  AppError,
  Backend,
  Catalog,
  DeploymentsView,
  DraftView,
  Field,
  Finding,
  ItemKey,
  PlatformFacts,
  PlatformId,
  PlatformProgress,
  SecretStorageStatus,
  Tick,
} from './backend';
import { toAppError } from './backend';
import { findingsShown, keystrokeStart } from './latency';
import { ProviderFacts } from './providerFacts.svelte';

export type Screen =
  | { name: 'start' }
  | { name: 'wizard'; platform: PlatformId }
  | { name: 'troubleshoot' }
  | { name: 'review' }
  | { name: 'deployments' }
  | { name: 'fleet' }
  | { name: 'checklists' };

export class Session {
  catalog = $state<Catalog | null>(null);
  #draft = $state<DraftView | null>(null);
  /** The last error of a call, shown in the status area until the next success. */
  error = $state<AppError | null>(null);
  screen = $state<Screen>({ name: 'start' });
  /** The stored deployments, with the fleet view's attention list (loaded on demand). */
  deployments = $state<DeploymentsView | null>(null);
  /** Where secrets are kept; `null` when the data folder itself is unavailable. */
  secretStorage = $state<SecretStorageStatus | null>(null);

  /** The provider facts' date, notices and updates. */
  readonly providerFacts: ProviderFacts = new ProviderFacts(this);

  constructor(readonly api: Backend) {}

  /** The open deployment's draft as last answered by the backend. */
  get draft(): DraftView | null {
    return this.#draft;
  }

  /** Takes a draft from the backend, unless it is older than the one shown: a late answer
   * never overwrites newer findings. */
  set draft(view: DraftView | null) {
    if (view && this.#draft && view.revision < this.#draft.revision) return;
    this.#draft = view;
  }

  /** Saves what was typed now (a field was left) instead of after the pause. */
  async saveNow(): Promise<void> {
    try {
      const save = await this.api.saveDraft();
      if (this.#draft) this.#draft = { ...this.#draft, save };
    } catch (e) {
      this.error = toAppError(e);
    }
  }

  async load(): Promise<void> {
    // Where secrets are kept answers once the keyring has (a locked one may wait for its
    // password): the first screen does not wait for it. `null` when there is no data folder
    // at all (the draft's save state says so).
    const storage = this.api.secretStorage().catch(() => null);
    await this.run(async () => {
      const [catalog, draft] = await Promise.all([
        this.api.getCatalog(),
        this.api.getDraft(),
        this.providerFacts.load(),
      ]);
      this.catalog = catalog;
      this.draft = draft;
    });
    void this.fillInSecretStorage(storage);
  }

  /** The secret status, and the draft's stored secrets that came with the keyring. */
  async fillInSecretStorage(storage: Promise<SecretStorageStatus | null>): Promise<void> {
    const status = await storage;
    this.secretStorage = status;
    if (status) {
      try {
        this.draft = await this.api.getDraft();
      } catch (e) {
        this.error = toAppError(e);
      }
    }
  }

  /** Reloads the list of deployments (and secret storage, which it reports too). */
  loadDeployments() {
    return this.run(async () => {
      this.deployments = await this.api.listDeployments();
      this.secretStorage = this.deployments.secret_storage;
    });
  }

  /** Opens another deployment and shows its start screen. Resolves to whether it worked. */
  async switchTo(id: string): Promise<boolean> {
    let ok = false;
    await this.run(async () => {
      this.draft = await this.api.switchDeployment(id);
      ok = true;
    });
    if (ok) {
      this.go({ name: 'start' });
      void this.loadDeployments();
    }
    return ok;
  }

  /** Applies a change of secret storage (retry the keyring, or memory for this session). */
  changeSecretStorage(f: () => Promise<SecretStorageStatus>) {
    return this.run(async () => {
      this.secretStorage = await f();
      this.draft = await this.api.getDraft();
      if (this.deployments) this.deployments = await this.api.listDeployments();
    });
  }

  facts(id: PlatformId): PlatformFacts | undefined {
    return this.catalog?.platforms.find((p) => p.id === id);
  }

  findings(platform: PlatformId | null, field: Field): Finding[] {
    const report = this.draft?.report;
    if (!report) return [];
    const list = platform ? (report.platforms[platform]?.findings ?? []) : report.deployment.findings;
    return list.filter((f) => f.field === field);
  }

  value(platform: PlatformId | null, field: Field): string {
    const d = this.draft?.deployment;
    if (!d) return '';
    if (platform === null) {
      if (field === 'name') return d.name ?? '';
      if (field === 'api_public_url') return d.api_public_url;
      if (field === 'admin_url') return d.admin_url ?? '';
      return '';
    }
    const cfg = d.platforms?.[platform];
    if (!cfg) return '';
    switch (field) {
      case 'client_id':
        return cfg.client_id ?? '';
      case 'app_version':
        return cfg.app_version ?? '';
      case 'callback_url':
        return cfg.callback_url ?? '';
      case 'scope':
        return cfg.scope ?? '';
      case 'console_redirect_url':
        return cfg.console_redirect_url ?? '';
      default:
        return '';
    }
  }

  hasSecret(platform: PlatformId): boolean {
    return this.draft?.secrets.includes(platform) ?? false;
  }

  /** Removes the stored client secret of a platform (after the admin confirmed). */
  removeSecret(platform: PlatformId) {
    return this.run(async () => {
      this.draft = await this.api.removeSecret(platform);
    });
  }

  progress(platform: PlatformId): PlatformProgress {
    return this.draft?.progress[platform] ?? { step: 0, scopes_confirmed: [], finished: false };
  }

  setField(platform: PlatformId | null, field: Field, value: string) {
    const typed = keystrokeStart();
    return this.run(async () => {
      this.draft = await this.api.setField(platform, field, value);
      if (typed !== null) await findingsShown(typed);
    });
  }

  applyFix(platform: PlatformId | null, finding: Finding) {
    return this.run(async () => {
      this.draft = await this.api.applyFix(platform, finding.field, finding.action!);
    });
  }

  setProgress(platform: PlatformId, progress: PlatformProgress) {
    return this.run(async () => {
      this.draft = await this.api.setProgress(platform, progress);
    });
  }

  /** An item's tick and note in the open deployment's checklist (the Checklists screen and the
   * wizard's scope step both read this one state). */
  tick(platform: PlatformId, item: ItemKey): Tick | undefined {
    const p = this.draft?.deployment.checklist?.[platform];
    return item.kind === 'step' ? p?.steps?.[item.id] : p?.scopes?.[item.id];
  }

  /** Ticks or unticks an item and sets its note; the backend saves it with the deployment. */
  setChecklistItem(platform: PlatformId, item: ItemKey, ticked: boolean, note: string | null) {
    return this.run(async () => {
      this.draft = await this.api.setChecklistItem(platform, item, ticked, note);
    });
  }

  importEnv(text: string) {
    return this.run(async () => {
      this.draft = await this.api.importEnv(text);
    });
  }

  go(screen: Screen) {
    this.screen = screen;
    this.error = null;
  }

  private async run(f: () => Promise<void>): Promise<void> {
    try {
      await f();
      this.error = null;
    } catch (e) {
      this.error = toAppError(e);
    }
  }
}

const KEY = Symbol('session');

export function provideSession(session: Session): Session {
  setContext(KEY, session);
  return session;
}

export function useSession(): Session {
  const s = getContext<Session | undefined>(KEY);
  if (!s) throw new Error('useSession() outside the app: provideSession() first');
  return s;
}
