import { render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import App from './App.svelte';
import type { DeploymentSummary, PlatformFacts } from './lib/backend';

const fact = (id: PlatformFacts['id'], display_name: string): PlatformFacts => ({
  id,
  display_name,
  callback_segment: id,
  default_scopes: ['a', 'b'],
  source: 'test',
  checked: '2026-11-28',
});

const deployment: DeploymentSummary = {
  name: 'Sandbox (practice server)',
  api_public_url: 'http://127.0.0.1:4000',
  admin_url: 'http://127.0.0.1:4000',
  is_sandbox: true,
};

describe('App', () => {
  it('shows every platform the backend lists, with its derived callback', async () => {
    const api = {
      listPlatforms: async () => [fact('facebook', 'Facebook'), fact('twitter', 'X (Twitter)')],
      currentDeployment: async () => deployment,
    };
    render(App, { props: { api } });
    const names = await screen.findAllByTestId('platform-name');
    expect(names.map((n) => n.textContent)).toEqual(['Facebook', 'X (Twitter)']);
    expect(
      await screen.findByText('http://127.0.0.1:4000/api/connect/twitter/callback'),
    ).toBeInTheDocument();
  });

  it('says what went wrong and offers a retry when the platforms cannot load', async () => {
    const api = {
      listPlatforms: async () => Promise.reject({ code: 'boom', message: 'Catalog unreadable.' }),
      currentDeployment: async () => deployment,
    };
    render(App, { props: { api } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Catalog unreadable.');
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
