// The one module that talks to Tauri. Components import from here, never from @tauri-apps.
import { invoke } from '@tauri-apps/api/core';
import { open } from '@tauri-apps/plugin-shell';
import type { AppError } from './bindings/AppError';
import type { DeploymentSummary } from './bindings/DeploymentSummary';
import type { PlatformFacts } from './bindings/PlatformFacts';

export type { AppError, DeploymentSummary, PlatformFacts };

/** True when `e` is the `{ code, message }` error every command rejects with. */
export function isAppError(e: unknown): e is AppError {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as AppError).code === 'string' &&
    typeof (e as AppError).message === 'string'
  );
}

/** Turns anything a call rejected with into an AppError. */
export function toAppError(e: unknown): AppError {
  if (isAppError(e)) return e;
  return { code: 'unexpected', message: e instanceof Error ? e.message : String(e) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const backend = {
  listPlatforms: () => call<PlatformFacts[]>('list_platforms'),
  currentDeployment: () => call<DeploymentSummary>('current_deployment'),
  /** Opens a provider console or docs page in the system browser (only allow-listed URLs). */
  openExternal: async (url: string) => {
    try {
      await open(url);
    } catch (e) {
      throw toAppError(e);
    }
  },
};

export type Backend = typeof backend;
