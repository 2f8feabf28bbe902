import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import { FakeBackend } from './test/fakeBackend';

describe('provider facts on the start screen', () => {
  it('says when the facts were checked, with no notice while they are fresh', async () => {
    const fake = new FakeBackend();
    fake.today = '2026-12-20';
    render(App, { props: { api: fake.api } });
    expect(await screen.findByTestId('facts-checked')).toHaveTextContent('Provider facts checked on 2026-11-28');
    expect(screen.getByRole('button', { name: 'Check for updates' })).toBeEnabled();
    expect(screen.queryByTestId('stale-notice')).toBeNull();
    expect(screen.queryByTestId('unofficial-banner')).toBeNull();
    // The daily look runs once the window is up.
    await waitFor(() => expect(fake.calls).toContain('background catalog check'));
  });

  it('shows the 45-day notice for an injected date and offers the update, which reloads the facts', async () => {
    const fake = new FakeBackend();
    fake.today = '2027-01-13'; // 46 days after 2026-11-28
    fake.updateResult = 'updated';
    render(App, { props: { api: fake.api } });
    const notice = await screen.findByTestId('stale-notice');
    expect(notice).toHaveTextContent('46 days ago');
    await userEvent.click(within(notice).getByRole('button', { name: 'Update the provider facts' }));
    expect(await screen.findByTestId('catalog-update-result')).toHaveTextContent('Graph API versions added: v27.0');
    expect(screen.getByTestId('facts-checked')).toHaveTextContent('Provider facts checked on 2027-01-13');
    expect(screen.queryByTestId('stale-notice')).toBeNull();
    expect(fake.calls).toContain('check catalog update');
  });

  it('is not stale on day 45', async () => {
    const fake = new FakeBackend();
    fake.today = '2027-01-12';
    render(App, { props: { api: fake.api } });
    await screen.findByTestId('facts-checked');
    expect(screen.queryByTestId('stale-notice')).toBeNull();
  });

  it('says plainly when an update fails, and that the facts in use are unchanged', async () => {
    const fake = new FakeBackend();
    fake.updateResult = 'offline';
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect(await screen.findByTestId('catalog-update-error')).toHaveTextContent('unchanged');
    expect(screen.getByTestId('facts-checked')).toHaveTextContent('2026-11-28');
  });

  it('says when the facts are already the newest', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Check for updates' }));
    expect(await screen.findByTestId('catalog-update-result')).toHaveTextContent('You have the newest provider facts');
  });

  it('switches the daily background check off', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    const box = await screen.findByRole('checkbox', { name: /once a day/ });
    expect(box).toBeChecked();
    await userEvent.click(box);
    await waitFor(() => expect(fake.autoCheck).toBe(false));
    expect(fake.calls).toContain('auto check false');
    expect(box).not.toBeChecked();
  });

  it('shows the unofficial banner on every screen', async () => {
    const fake = new FakeBackend();
    fake.unofficialFile = '/home/dev/catalog.toml';
    render(App, { props: { api: fake.api } });
    expect(await screen.findByTestId('unofficial-banner')).toHaveTextContent('/home/dev/catalog.toml');
    for (const tab of ['Troubleshoot', 'Review and push', 'Deployments', 'Fleet']) {
      await userEvent.click(screen.getByRole('button', { name: tab }));
      expect(screen.getByTestId('unofficial-banner')).toHaveTextContent('Unofficial provider facts');
    }
    await userEvent.click(screen.getByRole('button', { name: 'Start' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Set up Facebook' }));
    await screen.findByRole('heading', { name: 'Register the callback' });
    expect(screen.getByTestId('unofficial-banner')).toBeInTheDocument();
  });
});

describe('console steps', () => {
  it('show when their facts were checked and link their source', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    await userEvent.click(await screen.findByRole('button', { name: 'Set up Facebook' }));
    // The date and the source are set apart ("2026-11-28 · Source", not "2026-11-28· Source").
    expect(await screen.findByTestId('step-facts')).toHaveTextContent(
      /^Checked on 2026-11-28 · Source: /,
    );
    await userEvent.click(screen.getByTestId('step-source'));
    expect(fake.calls).toContain('open https://developers.facebook.com/docs/facebook-login/');
  });
});
