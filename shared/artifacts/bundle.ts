import { createHash, createSign, sign as cryptoSign, verify as cryptoVerify, type Sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import {
  BUNDLE_V03_LEGACY_MEDIA_TYPE,
  BUNDLE_V03_MEDIA_TYPE,
  ValidationError,
  bundleFromJSON,
  bundleToJSON,
  toDSSEBundle,
  type Bundle,
  type SerializedBundle,
} from '@sigstore/bundle';
import { dsse } from '@sigstore/core';
import { ArtifactError, fsError } from './errors.js';
import type { SigningKey, VerifyKey } from './keys.js';
import { assertStatement, INTOTO_PAYLOAD_TYPE, type Statement } from './statement.js';

/** Largest file an Ed25519 plain signature is made for: pure EdDSA needs the whole message in memory. */
export const ED25519_PLAIN_LIMIT = 32 * 1024 * 1024;

/** The raw signature over `data` (ECDSA: SHA-256 + DER, as openssl and Sigstore expect; Ed25519: pure). */
export function signBytes(key: SigningKey, data: Buffer): Buffer {
  return cryptoSign(key.algorithm === 'ed25519' ? null : 'sha256', data, key.privateKey);
}

export function verifyBytes(key: VerifyKey, data: Buffer, signature: Buffer): boolean {
  try {
    return cryptoVerify(key.algorithm === 'ed25519' ? null : 'sha256', data, key.publicKey, signature);
  } catch {
    return false;
  }
}

/** Sign an in-toto statement into a DSSE envelope inside a Sigstore bundle v0.3 (public-key hint, no tlog). */
export function signStatement(statement: Statement, key: SigningKey): SerializedBundle {
  const payload = Buffer.from(JSON.stringify(statement), 'utf8');
  const signature = signBytes(key, dsse.preAuthEncoding(INTOTO_PAYLOAD_TYPE, payload));
  const bundle = toDSSEBundle({ artifact: payload, artifactType: INTOTO_PAYLOAD_TYPE, signature, keyHint: key.hint });
  return bundleToJSON(bundle);
}

/** A streaming signer for the plain signature of a P-256 signed file, fed in the digest pass. */
export function streamingSigner(key: SigningKey): Sign | undefined {
  return key.algorithm === 'ecdsa-p256' ? createSign('sha256') : undefined;
}

export function finishStreamingSigner(signer: Sign, key: SigningKey): Buffer {
  return signer.sign(key.privateKey);
}

/**
 * Ed25519 plain signature of a file: reads it whole (up to ED25519_PLAIN_LIMIT) and checks the bytes
 * signed are the bytes digested.
 */
export async function signFileEd25519(key: SigningKey, path: string, sha256: string): Promise<Buffer | undefined> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw fsError(err, path);
  }
  if (createHash('sha256').update(data).digest('hex') !== sha256) {
    throw new ArtifactError('file-changed', `"${path}" changed between hashing and signing`, { hint: 'sign artifacts only after the step that writes them has finished' });
  }
  return signBytes(key, data);
}

export interface ParsedBundle {
  bundle: Bundle;
  payloadType: string;
  payload: Buffer;
  signature: Buffer;
  hint: string;
}

/** Parse and validate a bundle file's text; any problem is a `bundle-invalid` error naming the fields. */
export function parseBundle(text: string, origin: string): ParsedBundle {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (err) {
    throw new ArtifactError('bundle-invalid', `bundle ${origin} is not valid JSON (${(err as Error).message})`, { hint: 'pass the .sigstore.json file written by sign-artifact, unmodified' });
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new ArtifactError('bundle-invalid', `bundle ${origin} is not a JSON object`);
  let bundle: Bundle;
  try {
    bundle = bundleFromJSON(obj);
  } catch (err) {
    const fields = err instanceof ValidationError && err.fields ? ` (bad: ${err.fields.join(', ')})` : '';
    throw new ArtifactError('bundle-invalid', `bundle ${origin} is not a valid Sigstore bundle${fields}`, { cause: err });
  }
  if (bundle.mediaType !== BUNDLE_V03_MEDIA_TYPE && bundle.mediaType !== BUNDLE_V03_LEGACY_MEDIA_TYPE) {
    throw new ArtifactError('bundle-invalid', `bundle ${origin} has media type ${bundle.mediaType}; expected ${BUNDLE_V03_MEDIA_TYPE}`);
  }
  if (bundle.content.$case !== 'dsseEnvelope') throw new ArtifactError('bundle-invalid', `bundle ${origin} holds a ${bundle.content.$case}, not a DSSE envelope`);
  const vm = bundle.verificationMaterial.content;
  if (vm?.$case !== 'publicKey') {
    throw new ArtifactError('bundle-invalid', `bundle ${origin} is not key-based (verification material: ${vm?.$case ?? 'none'})`, { hint: 'sign-artifact verifies bundles signed with a public key it is given' });
  }
  const env = bundle.content.dsseEnvelope;
  const sig = env.signatures[0];
  if (!sig || env.signatures.length !== 1) throw new ArtifactError('bundle-invalid', `bundle ${origin} must carry exactly one signature`);
  return { bundle, payloadType: env.payloadType, payload: Buffer.from(env.payload), signature: Buffer.from(sig.sig), hint: vm.publicKey.hint };
}

export async function readBundle(path: string): Promise<ParsedBundle> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw fsError(err, path, 'bundle');
  }
  return parseBundle(text, path);
}

export type SignatureOutcome =
  | { ok: true; key: VerifyKey; statement: Statement }
  | { ok: false; problem: 'no-trusted-key' | 'untrusted-key' | 'bad-signature' | 'payload-type' | 'statement-invalid'; message: string };

/** Check the DSSE signature (over the PAE) with the trusted key the hint names, then decode the statement. */
export function verifyParsedBundle(parsed: ParsedBundle, keys: readonly VerifyKey[]): SignatureOutcome {
  if (keys.length === 0) return { ok: false, problem: 'no-trusted-key', message: 'no public key to verify with' };
  if (parsed.payloadType !== INTOTO_PAYLOAD_TYPE) {
    return { ok: false, problem: 'payload-type', message: `payload type is ${parsed.payloadType}, expected ${INTOTO_PAYLOAD_TYPE}` };
  }
  const candidates = parsed.hint ? keys.filter((k) => k.hint === parsed.hint) : [...keys];
  if (candidates.length === 0) {
    return { ok: false, problem: 'untrusted-key', message: `signed by key ${parsed.hint}, which is not a trusted key (trusted: ${keys.map((k) => k.hint).join(', ')})` };
  }
  const pae = dsse.preAuthEncoding(parsed.payloadType, parsed.payload);
  const key = candidates.find((k) => verifyBytes(k, pae, parsed.signature));
  if (!key) return { ok: false, problem: 'bad-signature', message: `the DSSE signature does not verify with key ${candidates.map((k) => k.hint).join(', ')}: the bundle or its statement was altered, or another key signed it` };
  let statement: Statement;
  try {
    statement = assertStatement(JSON.parse(parsed.payload.toString('utf8')));
  } catch (err) {
    return { ok: false, problem: 'statement-invalid', message: err instanceof Error ? err.message : String(err) };
  }
  return { ok: true, key, statement };
}
