import { describe, expect, it, vi } from 'vitest';
import { FakeBackend } from '../test/fakeBackend';
import { Session } from './session.svelte';

describe('session', () => {
  it('keeps the newest draft when answers arrive out of order', async () => {
    const fake = new FakeBackend();
    const session = new Session(fake.api);
    await session.load();
    const older = await fake.api.setField(null, 'api_public_url', 'https://api.a');
    const newer = await fake.api.setField(null, 'api_public_url', 'https://api.ab');
    expect(newer.revision).toBeGreaterThan(older.revision);
    session.draft = newer;
    session.draft = older; // the late answer
    expect(session.draft?.deployment.api_public_url).toBe('https://api.ab');
    expect(session.draft?.revision).toBe(newer.revision);
  });

  it('saves at once when a field is left', async () => {
    const fake = new FakeBackend();
    const session = new Session(fake.api);
    await session.load();
    await session.saveNow();
    expect(fake.calls).toContain('save');
    expect(session.draft?.save.saved).toBe(true);
  });

  it('shows the draft without waiting for the keyring, and fills the secret status in later', async () => {
    const fake = new FakeBackend();
    let answer: (status: Awaited<ReturnType<typeof fake.api.secretStorage>>) => void = () => {};
    const known = fake.api.secretStorage;
    // A locked keyring: where secrets are kept is not known until it answers.
    fake.api.secretStorage = () => new Promise((resolve) => (answer = resolve));
    const session = new Session(fake.api);
    await session.load();
    expect(session.draft).not.toBeNull();
    expect(session.catalog).not.toBeNull();
    expect(session.secretStorage).toBeNull();
    answer(await known());
    await vi.waitFor(() => expect(session.secretStorage?.mode).toBe('keyring'));
  });
});
