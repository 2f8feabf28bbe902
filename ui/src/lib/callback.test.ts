import { describe, expect, it } from 'vitest';
import { callbackUrl } from './callback';

describe('callbackUrl', () => {
  it('joins API_PUBLIC_URL and the platform segment without doubling slashes', () => {
    expect(callbackUrl('https://api.acme.com/', 'twitter')).toBe(
      'https://api.acme.com/api/connect/twitter/callback',
    );
    expect(callbackUrl(' https://api.acme.com ', 'tiktok')).toBe(
      'https://api.acme.com/api/connect/tiktok/callback',
    );
  });
});
