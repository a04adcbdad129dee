import { hash, verify } from '@node-rs/argon2';

/** How passwords are hashed and checked; the auth service takes one (specs use a cheap fake). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed hash alike. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Takes as long as `verify` on a real account. Called when an account does not exist, so a
   * failed login takes as long either way and its timing does not reveal which accounts exist.
   */
  burn(password: string): Promise<void>;
}

// @node-rs/argon2 exports Algorithm as a const enum, which isolated modules cannot read.
const ARGON2ID = 2;
// OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane): memory-hard, ~20 ms here.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * The forms of a typed password to check against a hash, NFC first. Hashes are made from the NFC
 * form, so the same password typed composed (é) or decomposed (e + ◌́) signs in. Hashes made before
 * passwords were normalised hold whatever form was typed then; the typed form and the NFD form
 * still match those. An ASCII password has one form, and costs one check.
 */
export function passwordForms(password: string): string[] {
  return [...new Set([password.normalize('NFC'), password, password.normalize('NFD')])];
}

const hashPassword = (password: string): Promise<string> => hash(password.normalize('NFC'), OPTIONS);

async function verifyOne(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  for (const form of passwordForms(password)) {
    if (await verifyOne(passwordHash, form)) return true;
  }
  return false;
}

let dummyHash: Promise<string> | undefined;

/** argon2id, as stored in `users.password_hash`. */
export const argon2Hasher: PasswordHasher = {
  hash: hashPassword,
  verify: verifyPassword,
  async burn(password) {
    dummyHash ??= hashPassword('shutter-timing-equaliser');
    // As many checks as a wrong password for a real account costs, so timing tells nothing.
    for (const form of passwordForms(password)) await verifyOne(await dummyHash, form);
  },
};
