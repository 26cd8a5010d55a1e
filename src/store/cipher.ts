/**
 * Encryption at rest for the columns that can hold what a practitioner or supervisor wrote.
 *
 * One 32-byte master key (ENCRYPTION_KEY, base64) yields three sub-keys through HKDF-SHA-256, so the
 * key that encrypts never doubles as the key that hashes:
 *   - AES-256-GCM for values: `enc1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`, a random 12-byte IV
 *     per value and the column name as additional data (a value copied into another column fails);
 *   - HMAC-SHA-256 for the blind index of case references: `bi1.<base64url>`, so a lookup never needs
 *     the plain reference;
 *   - a short public key id (8 hex), stored in every value, so rotation and a wrong key are recognised.
 * Without a key the codec is the identity: values are stored as before (see README, "Encryption at rest").
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { StoreError } from './errors';

/** Every column the codec seals. The name is bound into the ciphertext as additional data. */
export type SealedColumn =
  | 'reflections.state_json'
  | 'reflections.case_ref_text'
  | 'threads.title'
  | 'threads.case_ref_text'
  | 'thread_messages.text'
  | 'thread_messages.data_json'
  | 'inbox.reply_json'
  | 'outbox.payload_json'
  | 'channel_state.value_json'
  | 'checkins.payload'
  | 'timers.payload'
  | 'store_meta.value';

/** A stored value that cannot be read: corrupt, or written under another key. Carries ids only, never content. */
export class UnreadableValueError extends Error {
  readonly code = 'STORE_UNREADABLE_VALUE';
  constructor(
    readonly column: SealedColumn,
    readonly reason: string,
    readonly rowId?: string,
  ) {
    super(
      `STORE_UNREADABLE_VALUE: ${column}${rowId === undefined ? '' : ` of row ${rowId}`} cannot be read (${reason}); it was skipped and left as it is. Check ENCRYPTION_KEY, or restore the row from a backup.`,
    );
  }

  /** The same error, naming the row it came from. */
  at(rowId: string): UnreadableValueError {
    return new UnreadableValueError(this.column, this.reason, rowId);
  }
}

export interface ColumnCodec {
  /** True when values are encrypted (a key is configured). */
  readonly keyed: boolean;
  /** The configured key's id, or undefined without a key. */
  readonly keyId?: string;
  seal(column: SealedColumn, plain: string): string;
  /** Throws UnreadableValueError for a corrupt value, one under another key, or (keyed) one left unencrypted. */
  open(column: SealedColumn, stored: string): string;
  /** The blind index of a case reference (the plain value without a key). */
  lookup(value: string): string;
  /** A short digest for the audit log: keyed (HMAC) with a key, so a guessable reference cannot be confirmed without it. */
  digest(value: string): string;
}

const ENC = 'enc1';
const BLIND = 'bi1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export const KEY_HELP = 'make one with: openssl rand -base64 32';

/** Decodes ENCRYPTION_KEY (or a rotation key); the message names the variable and how to make a key. */
export function parseKey(base64: string, variable = 'ENCRYPTION_KEY'): Buffer {
  const text = base64.trim();
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || key.length !== 32)
    throw new StoreError(
      'STORE_BAD_KEY',
      `${variable} must be 32 random bytes in base64 (44 characters); it decodes to ${key.length} bytes. ${KEY_HELP}`,
    );
  return key;
}

const derive = (master: Buffer, info: string, length = 32): Buffer =>
  Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `reflect/${info}`, length));

/** The public id of a key: enough to tell keys apart, useless for guessing one. */
export function keyIdOf(master: Buffer): string {
  return derive(master, 'key-id/v1', 4).toString('hex');
}

export const isSealed = (stored: string): boolean => stored.startsWith(`${ENC}.`);
export const isBlindIndex = (stored: string): boolean => stored.startsWith(`${BLIND}.`);
/** The key id a sealed value names, if it is one. */
export const sealedKeyId = (stored: string): string | undefined =>
  isSealed(stored) ? stored.split('.', 3)[1] : undefined;

class KeyedCodec implements ColumnCodec {
  readonly keyed = true;
  readonly keyId: string;
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;
  private readonly digestKey: Buffer;

  constructor(master: Buffer) {
    this.keyId = keyIdOf(master);
    this.encKey = derive(master, 'aes-256-gcm/v1');
    this.indexKey = derive(master, 'blind-index/v1');
    this.digestKey = derive(master, 'audit-digest/v1');
  }

  digest(value: string): string {
    return `case-hmac:${createHmac('sha256', this.digestKey).update(value, 'utf8').digest('hex').slice(0, 16)}`;
  }

  seal(column: SealedColumn, plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    cipher.setAAD(this.aad(column));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${ENC}.${this.keyId}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
  }

  open(column: SealedColumn, stored: string): string {
    const [prefix, keyId, data] = stored.split('.', 3);
    if (prefix !== ENC || data === undefined) throw new UnreadableValueError(column, 'not encrypted');
    if (keyId !== this.keyId)
      throw new UnreadableValueError(column, `encrypted under key id ${keyId}, the configured key is ${this.keyId}`);
    const raw = Buffer.from(data, 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new UnreadableValueError(column, 'truncated');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, IV_BYTES));
      decipher.setAAD(this.aad(column));
      decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new UnreadableValueError(column, 'authentication failed: the value is corrupt');
    }
  }

  lookup(value: string): string {
    return `${BLIND}.${createHmac('sha256', this.indexKey).update(value, 'utf8').digest('base64url')}`;
  }

  private aad(column: SealedColumn): Buffer {
    return Buffer.from(`${ENC}.${this.keyId}.${column}`, 'utf8');
  }
}

/** Without a key: values are stored as they are. A sealed value met here means a key is missing. */
class PlainCodec implements ColumnCodec {
  readonly keyed = false;
  readonly keyId = undefined;
  seal(_column: SealedColumn, plain: string): string {
    return plain;
  }
  open(column: SealedColumn, stored: string): string {
    if (isSealed(stored))
      throw new UnreadableValueError(column, `encrypted under key id ${sealedKeyId(stored)}, and no key is configured`);
    return stored;
  }
  lookup(value: string): string {
    return value;
  }
  digest(value: string): string {
    return `case-sha256:${createHash('sha256').update(value, 'utf8').digest('hex').slice(0, 16)}`;
  }
}

export const PLAIN_CODEC: ColumnCodec = new PlainCodec();

/** A codec for a base64 key, or the plain codec when the key is absent or empty. */
export function codecFor(key: string | Buffer | undefined): ColumnCodec {
  if (key === undefined || key === '') return PLAIN_CODEC;
  return new KeyedCodec(typeof key === 'string' ? parseKey(key) : key);
}
