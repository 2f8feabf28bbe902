/** An RFC 3339 UTC time from the backend as people read it: `2026-11-28 12:00 UTC`. */
export function when(time: string | null | undefined): string {
  if (!time) return 'never';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(time);
  return m ? `${m[1]} ${m[2]} UTC` : time;
}

/** Whether a picked file looks like an encrypted bundle (which needs its passphrase). */
export function looksLikeBundle(bytes: Uint8Array): boolean {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  return head.includes('socialmine-bundle-format') || head.startsWith('age-encryption.org/') || head.includes('-----BEGIN AGE ENCRYPTED FILE-----');
}

/** The bytes of a picked file (FileReader works in every webview, and in the tests' DOM). */
export function readBytes(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsArrayBuffer(file);
  });
}

/** The text of a picked file, as UTF-8. */
export async function readText(file: Blob): Promise<string> {
  return new TextDecoder().decode(await readBytes(file));
}
