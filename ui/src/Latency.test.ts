import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import App from './App.svelte';
import { MAX_SAMPLES } from './lib/latency';
import { FakeBackend } from './test/fakeBackend';

describe('keystroke latency hook (make bench)', () => {
  afterEach(() => {
    delete window.__socialmineLatency;
  });

  it('records one time per edit, once its findings are shown, when the page asks for it', async () => {
    window.__socialmineLatency = [];
    let answer: () => void = () => {};
    const fake = new FakeBackend();
    const setField = fake.api.setField.bind(fake.api);
    // The backend answers only when the test says so: nothing is recorded before the answer.
    fake.api.setField = (...args) =>
      new Promise((resolve, reject) => {
        answer = () => setField(...args).then(resolve, reject);
      });
    render(App, { props: { api: fake.api } });
    const input = await screen.findByLabelText('API_PUBLIC_URL');
    await fireEvent.input(input, { target: { value: 'https://api.acme.com\n' } });
    await new Promise((r) => setTimeout(r, 50));
    expect(window.__socialmineLatency).toEqual([]);
    answer();
    expect(await screen.findByText(/spaces or a line break/)).toBeInTheDocument();
    await waitFor(() => expect(window.__socialmineLatency).toHaveLength(1));
    expect(window.__socialmineLatency![0]).toBeGreaterThanOrEqual(40);
  });

  it('keeps at most MAX_SAMPLES', async () => {
    window.__socialmineLatency = new Array<number>(MAX_SAMPLES).fill(1);
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    const input = await screen.findByLabelText('API_PUBLIC_URL');
    await fireEvent.input(input, { target: { value: 'https://api.acme.com\n' } });
    expect(await screen.findByText(/spaces or a line break/)).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 100));
    expect(window.__socialmineLatency).toHaveLength(MAX_SAMPLES);
  });

  it('records nothing and keeps nothing when the page did not ask', async () => {
    const fake = new FakeBackend();
    render(App, { props: { api: fake.api } });
    const input = await screen.findByLabelText('API_PUBLIC_URL');
    await fireEvent.input(input, { target: { value: 'https://api.acme.com\n' } });
    expect(await screen.findByText(/spaces or a line break/)).toBeInTheDocument();
    await new Promise((r) => setTimeout(r, 100));
    expect(window.__socialmineLatency).toBeUndefined();
  });
});
