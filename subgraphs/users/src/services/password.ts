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

const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** argon2id, as stored in `users.password_hash`. */
export const argon2Hasher: PasswordHasher = {
  hash: hashPassword,
  verify: verifyPassword,
  async burn(password) {
    dummyHash ??= hashPassword('shutter-timing-equaliser');
    await verifyPassword(await dummyHash, password);
  },
};
