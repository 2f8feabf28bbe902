import { render, screen } from '@testing-library/svelte';
import MarkedUrl from './MarkedUrl.svelte';
import type { RedirectMismatch } from '../lib/backend';

// The segments come from the backend (crates/core chardiff); the component only shows them.
const mismatch: RedirectMismatch = {
  detail: 'scheme',
  expected: 'https://api.acme.com/api/connect/google/callback',
  actual: 'http://api.acme.com/api/connect/google/callback/',
  expected_marked: 'http[s]://api.acme.com/api/connect/google/callback[]',
  actual_marked: 'http[]://api.acme.com/api/connect/google/callback[/]',
  expected_segments: [
    { text: 'http', differs: false },
    { text: 's', differs: true },
    { text: '://api.acme.com/api/connect/google/callback', differs: false },
    { text: '', differs: true },
  ],
  actual_segments: [
    { text: 'http', differs: false },
    { text: '', differs: true },
    { text: '://api.acme.com/api/connect/google/callback', differs: false },
    { text: '/', differs: true },
  ],
  diff_start: 4,
  expected_diff_end: 48,
  actual_diff_end: 48,
};

describe('MarkedUrl', () => {
  it('marks each difference on its own, from the backend segments', () => {
    render(MarkedUrl, { mismatch });
    const expected = screen.getByTestId('mismatch-expected');
    const actual = screen.getByTestId('mismatch-actual');
    expect(Array.from(expected.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['s', '␣']);
    expect(Array.from(actual.querySelectorAll('mark')).map((m) => m.textContent)).toEqual(['␣', '/']);
    // The unmarked text is shown as is, nothing between the differences is marked.
    expect(expected.textContent).toBe('https://api.acme.com/api/connect/google/callback␣');
    expect(actual.textContent).toBe('http␣://api.acme.com/api/connect/google/callback/');
  });

  it('shows what the backend sent even when it differs from a naive diff', () => {
    // Whatever the backend marks is what is marked, nothing more.
    render(MarkedUrl, {
      mismatch: {
        ...mismatch,
        expected_segments: [{ text: mismatch.expected, differs: false }],
        actual_segments: [
          { text: 'http://api', differs: true },
          { text: '.acme.com/api/connect/google/callback/', differs: false },
        ],
      },
    });
    expect(screen.getByTestId('mismatch-expected').querySelectorAll('mark')).toHaveLength(0);
    const marks = screen.getByTestId('mismatch-actual').querySelectorAll('mark');
    expect(Array.from(marks).map((m) => m.textContent)).toEqual(['http://api']);
  });
});
