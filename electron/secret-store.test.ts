import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createSecretStore, type Encryptor, type SecretStore } from './secret-store';

// A reversible stand-in for safeStorage that still keeps the plain text off the disk.
function fakeEncryptor(available = true): Encryptor {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => Buffer.from(plain, 'utf8').reverse(),
    decryptString: (encrypted) => Buffer.from(encrypted).reverse().toString('utf8'),
  };
}

const folders: string[] = [];
let file = '';
let store: SecretStore;

beforeEach(async () => {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'dealerdesk-secret-store-'));
  folders.push(folder);
  file = path.join(folder, 'userData', 'secrets.json');
  store = createSecretStore(() => file, fakeEncryptor());
});

afterAll(async () => {
  await Promise.all(folders.map((each) => rm(each, { recursive: true, force: true })));
});

describe('secret store', () => {
  it('keeps keys apart, overwrites and deletes, never as plain text', async () => {
    await store.set('sync.session', 'one');
    await store.set('other', 'two');
    await store.set('sync.session', 'three-令牌');
    expect(await readFile(file, 'utf8')).not.toContain('three');
    await expect(store.get('sync.session')).resolves.toBe('three-令牌');
    await expect(store.get('other')).resolves.toBe('two');
    await store.delete('sync.session');
    await expect(store.get('sync.session')).resolves.toBeNull();
    await expect(store.get('other')).resolves.toBe('two');
    await expect(store.delete('never-stored')).resolves.toBeUndefined();
  });

  it('serializes concurrent writes without losing one', async () => {
    await Promise.all(
      Array.from({ length: 10 }, (_, index) => store.set(`key-${index}`, `value-${index}`)),
    );
    for (let index = 0; index < 10; index += 1) {
      await expect(store.get(`key-${index}`)).resolves.toBe(`value-${index}`);
    }
  });

  it('refuses to store without a keychain instead of writing plain text', async () => {
    const without = createSecretStore(() => file, fakeEncryptor(false));
    await expect(without.set('sync.session', 'secret')).rejects.toThrow(/no secure storage/);
    await expect(readFile(file, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
