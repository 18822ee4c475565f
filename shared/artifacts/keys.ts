import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { ArtifactError, fsError } from './errors.js';

export type KeyAlgorithm = 'ecdsa-p256' | 'ed25519';
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['ecdsa-p256', 'ed25519'];

export interface SigningKey {
  algorithm: KeyAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Key id: hex SHA-256 of the DER SubjectPublicKeyInfo; the bundle's public-key hint and the DSSE keyid. */
  hint: string;
  publicKeyPem: string;
}

export interface VerifyKey {
  algorithm: KeyAlgorithm;
  publicKey: KeyObject;
  hint: string;
  publicKeyPem: string;
  /** Where it came from, for messages (never the key itself). */
  origin: string;
}

/** The hint of a public key: hex SHA-256 of its SPKI DER form. */
export function keyHint(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
}

export function keyAlgorithm(key: KeyObject, origin: string): KeyAlgorithm {
  const type = key.asymmetricKeyType;
  if (type === 'ed25519') return 'ed25519';
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return 'ecdsa-p256';
    throw new ArtifactError('key-type', `${origin} is an EC key on curve ${curve ?? 'unknown'}; only P-256 (prime256v1) is supported`, {
      hint: 'generate one with: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out key.pem',
    });
  }
  throw new ArtifactError('key-type', `${origin} is a ${type ?? 'unknown'} key; only ECDSA P-256 and Ed25519 are supported`, {
    hint: 'generate one with: openssl genpkey -algorithm ed25519 -out key.pem',
  });
}

export function parseAlgorithm(text: string | undefined): KeyAlgorithm | undefined {
  if (!text || text === 'auto') return undefined;
  const t = text.toLowerCase();
  if (t === 'ecdsa-p256' || t === 'p256' || t === 'p-256' || t === 'ecdsa') return 'ecdsa-p256';
  if (t === 'ed25519') return 'ed25519';
  throw new ArtifactError('key-type', `unknown algorithm "${text}"`, { hint: 'use auto, ecdsa-p256 or ed25519' });
}

/**
 * Load a private key from PEM text. The text is never put in an error message; the caller has
 * already masked it. Encrypted PKCS#8 needs `passphrase`.
 */
export function signingKeyFromPem(pem: string, origin: string, opts: { passphrase?: string; algorithm?: KeyAlgorithm } = {}): SigningKey {
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(pem)) {
    const hint = /-----BEGIN PUBLIC KEY-----/.test(pem) ? 'this is a public key; give the private key to sign and the public key to verify' : 'give a PEM private key (-----BEGIN PRIVATE KEY-----)';
    throw new ArtifactError('key-invalid', `${origin} does not contain a PEM private key`, { hint });
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(opts.passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase: opts.passphrase });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const encrypted = /ENCRYPTED/.test(pem) || /passphrase|bad decrypt/i.test(code + String((err as Error).message));
    throw new ArtifactError('key-invalid', `${origin} could not be read as a private key${encrypted ? ' (it is encrypted: wrong or missing passphrase)' : ''}`, {
      hint: encrypted ? 'set key-passphrase' : 'check that the PEM is complete (BEGIN/END lines, no extra indentation)',
    });
  }
  const algorithm = keyAlgorithm(privateKey, origin);
  if (opts.algorithm && opts.algorithm !== algorithm) {
    throw new ArtifactError('key-type', `${origin} is an ${algorithm} key but algorithm ${opts.algorithm} was requested`, { hint: 'use a matching key or set algorithm: auto' });
  }
  const publicKey = createPublicKey(privateKey);
  return { algorithm, privateKey, publicKey, hint: keyHint(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

export async function readKeyFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const e = fsError(err, path, 'key file');
    throw new ArtifactError(e.reason === 'file-missing' ? 'key-missing' : 'key-unreadable', e.message, e.hint === undefined ? {} : { hint: e.hint });
  }
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Public keys from PEM text (several blocks allowed); a private key is refused so it is never written into reports. */
export function verifyKeysFromPem(text: string, origin: string): VerifyKey[] {
  const blocks = text.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) throw new ArtifactError('key-invalid', `${origin} contains no PEM public key`, { hint: 'give -----BEGIN PUBLIC KEY----- text or a path to a .pem file' });
  return blocks.map((block, i) => {
    const where = blocks.length > 1 ? `${origin} (key ${i + 1})` : origin;
    if (/PRIVATE KEY/.test(block.split('\n')[0] ?? '')) {
      throw new ArtifactError('key-invalid', `${where} is a private key; verification takes public keys only`, { hint: 'export it with: openssl pkey -in key.pem -pubout' });
    }
    let publicKey: KeyObject;
    try {
      publicKey = createPublicKey({ key: block, format: 'pem' });
    } catch {
      throw new ArtifactError('key-invalid', `${where} could not be read as a public key`, { hint: 'check that the PEM is complete' });
    }
    const algorithm = keyAlgorithm(publicKey, where);
    return { algorithm, publicKey, hint: keyHint(publicKey), publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), origin: where };
  });
}

/** A public key given as PEM text or as a path to a PEM file. */
export async function loadVerifyKeys(value: string, origin: string, cwd: string): Promise<VerifyKey[]> {
  if (value.includes('-----BEGIN')) return verifyKeysFromPem(value, origin);
  const { resolve } = await import('node:path');
  const path = resolve(cwd, value.trim());
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const e = fsError(err, value.trim(), 'public key file');
    throw new ArtifactError(e.reason === 'file-missing' ? 'key-missing' : 'key-unreadable', `${origin}: ${e.message}`, e.hint === undefined ? {} : { hint: e.hint });
  }
  return verifyKeysFromPem(text, `${origin} (${value.trim()})`);
}
