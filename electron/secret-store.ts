// Secrets of the renderer (the sync tokens), kept by the main process: each value is encrypted
// with safeStorage (the operating system's keychain: DPAPI, Keychain, libsecret/kwallet) and
// stored base64 in one small JSON file under userData. The renderer never sees the file or the
// ciphertext; it asks for a key through IPC and gets the plain value back.
//
// Writes are serialized and atomic (temporary file + rename), so two quick token refreshes can
// never interleave into a corrupt file, and a crash mid-write leaves the previous file.

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The part of Electron's safeStorage we use (injected, so the store is testable in Node). */
export type Encryptor = {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
};

export type SecretStore = {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
};

export const SECRETS_FILE_NAME = 'secrets.json';

export class SecureStorageUnavailableError extends Error {
  constructor() {
    super('The operating system offers no secure storage: the secret was not stored');
    this.name = 'SecureStorageUnavailableError';
  }
}

type SecretsFile = Record<string, string>;

/** `filePath` is resolved on every use: userData may only be final once the app is ready. */
export function createSecretStore(filePath: () => string, encryptor: Encryptor): SecretStore {
  let queue: Promise<unknown> = Promise.resolve();

  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };

  const read = async (): Promise<SecretsFile> => {
    let text: string;
    try {
      text = await readFile(filePath(), 'utf8');
    } catch (error) {
      if (isMissingFile(error)) return {};
      throw error;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
      const secrets: SecretsFile = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'string') secrets[key] = value;
      }
      return secrets;
    } catch {
      // A damaged file holds nothing we could decrypt anyway; the user logs in again.
      return {};
    }
  };

  const write = async (secrets: SecretsFile): Promise<void> => {
    const target = filePath();
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.tmp`;
    await writeFile(temporary, JSON.stringify(secrets), { encoding: 'utf8', mode: 0o600 });
    await rename(temporary, target);
  };

  return {
    get: (key) =>
      serialized(async () => {
        const stored = (await read())[key];
        if (stored === undefined || !encryptor.isEncryptionAvailable()) return null;
        try {
          return encryptor.decryptString(Buffer.from(stored, 'base64'));
        } catch {
          // Encrypted under another OS user or keychain: unusable, treated as absent.
          return null;
        }
      }),
    set: (key, value) =>
      serialized(async () => {
        // Never fall back to plain text on disk: without a keychain the renderer keeps the
        // secret in memory for this run only.
        if (!encryptor.isEncryptionAvailable()) throw new SecureStorageUnavailableError();
        const secrets = await read();
        secrets[key] = encryptor.encryptString(value).toString('base64');
        await write(secrets);
      }),
    delete: (key) =>
      serialized(async () => {
        const secrets = await read();
        if (!(key in secrets)) return;
        delete secrets[key];
        await write(secrets);
      }),
  };
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
