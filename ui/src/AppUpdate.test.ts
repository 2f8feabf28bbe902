import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeBackend } from './test/fakeBackend';

describe('updates of the app itself', () => {
  it('asks only when told to, and installs nothing until "Install and restart"', async () => {
    const fake = new FakeBackend();
    fake.appUpdate = {
      kind: 'available',
      current: '0.1.0',
      version: '0.2.0',
      notes: 'Fixes the callback check for Threads.',
      date: '2026-12-01',
    };
    render(App, { props: { api: fake.api } });
    await screen.findByTestId('facts-checked');
    expect(fake.calls).not.toContain('check for update');

    await userEvent.click(screen.getByRole('button', { name: 'Check for app updates' }));
    const offer = await screen.findByTestId('app-update-available');
    expect(offer).toHaveTextContent('Version 0.2.0 is available (you have 0.1.0; released 2026-12-01)');
    expect(screen.getByTestId('app-update-notes')).toHaveTextContent('Fixes the callback check for Threads.');
    expect(fake.calls.filter((c) => c.startsWith('install update'))).toEqual([]);

    await userEvent.click(screen.getByRole('button', { name: 'Install and restart' }));
    expect(fake.calls).toContain('install update 0.2.0');
  });

  it('says plainly why an update was not installed', async () => {
    const fake = new FakeBackend();
    fake.appUpdate = { kind: 'available', current: '0.1.0', version: '0.2.0', notes: null, date: null };
    fake.installFails =
      "The downloaded update's signature does not match the app's signing key, so it was not installed.";
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Check for app updates' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Install and restart' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('was not installed');
  });

  it('shows an unreachable server as a quiet line, not an error', async () => {
    const fake = new FakeBackend();
    fake.appUpdate = {
      kind: 'unreachable',
      message: 'The update server could not be reached (offline). Nothing was changed; try again later.',
    };
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Check for app updates' }));
    expect(await screen.findByTestId('app-update-unreachable')).toHaveTextContent('try again later');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Install and restart' })).toBeNull();
  });

  it('says when this is the newest version', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Check for app updates' }));
    expect(await screen.findByTestId('app-up-to-date')).toHaveTextContent('You have the newest version (0.1.0).');
  });
});
