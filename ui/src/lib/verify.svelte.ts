// Live verification in the window: the last results of the open deployment, the run under way
// with each check as it ends, and the words the screens use for checks and outcomes. One
// Verifier per session, shared by the wizard, Review and the Start screen.
import type {
  AppError,
  Backend,
  CheckResult,
  PlatformId,
  Verification,
  VerificationsView,
} from './backend';
import { toAppError } from './backend';
import type { Session } from './session.svelte';

export class Verifier {
  /** The last verification of each platform, and the consent links. */
  view = $state<VerificationsView | null>(null);
  /** The deployment `view` belongs to. */
  loadedFor = $state<string | null>(null);
  /** The platforms of the run under way (empty: none running). */
  running = $state<PlatformId[]>([]);
  /** The checks of the run under way that have ended, per platform. */
  live = $state<Partial<Record<PlatformId, CheckResult[]>>>({});
  error = $state<AppError | null>(null);

  constructor(private readonly api: Backend) {}

  /** Reads the kept results of the open deployment (`deploymentId`). */
  async load(deploymentId: string): Promise<void> {
    // Every card and panel asks at once: one call per deployment.
    if (this.loading === deploymentId) return;
    this.loading = deploymentId;
    try {
      const view = await this.api.verifications();
      this.view = view;
      this.loadedFor = deploymentId;
      this.error = null;
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.loading = null;
    }
  }

  /** The deployment whose results are being read (not reactive: only to ask once). */
  private loading: string | null = null;

  isRunning(platform: PlatformId): boolean {
    return this.running.includes(platform);
  }

  /** Verifies `platforms` (all of them listed: the backend verifies exactly these). */
  async run(deploymentId: string, platforms: PlatformId[]): Promise<void> {
    if (this.running.length > 0 || platforms.length === 0) return;
    this.running = platforms;
    const live: Partial<Record<PlatformId, CheckResult[]>> = {};
    for (const p of platforms) live[p] = [];
    this.live = live;
    this.error = null;
    try {
      const fresh = await this.api.verify(platforms, (p) => {
        (this.live[p.platform] ??= []).push(p.result);
      });
      const earlier = this.loadedFor === deploymentId ? (this.view?.platforms ?? {}) : {};
      this.view = { ...fresh, platforms: { ...earlier, ...fresh.platforms } };
      this.loadedFor = deploymentId;
    } catch (e) {
      this.error = toAppError(e);
    } finally {
      this.running = [];
    }
  }

  /** The kept result of a platform of deployment `deploymentId`. */
  result(deploymentId: string | undefined, platform: PlatformId): Verification | undefined {
    if (!deploymentId || this.loadedFor !== deploymentId) return undefined;
    return this.view?.platforms[platform];
  }
}

const verifiers = new WeakMap<Session, Verifier>();

/** The session's Verifier. */
export function verifierFor(session: Session): Verifier {
  let v = verifiers.get(session);
  if (!v) {
    v = new Verifier(session.api);
    verifiers.set(session, v);
  }
  return v;
}

export const checkWords: Record<CheckResult['check'], string> = {
  credentials: 'Client ID and secret',
  graph_version: 'Graph API version',
  callback: 'Callback URL',
};

/** A status as an icon (decoration) and words (what screen readers and everyone read). */
export const statusWords: Record<CheckResult['status'], { icon: string; text: string }> = {
  verified: { icon: '✓', text: 'Verified' },
  rejected: { icon: '✗', text: 'Rejected' },
  inconclusive: { icon: '?', text: 'Could not tell' },
  skipped: { icon: '–', text: 'Not checked' },
};

export const outcomeWords: Record<Verification['outcome'], { icon: string; text: string }> = {
  passed: { icon: '✓', text: 'Verified' },
  warnings: { icon: '?', text: 'Partly verified' },
  failed: { icon: '✗', text: 'Verification failed' },
};

/** `2026-12-02T13:55:00Z` as `2026-12-02 13:55 UTC`. */
export function when(at: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(at);
  return m ? `${m[1]} ${m[2]} UTC` : at;
}
